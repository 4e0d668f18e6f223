"""Weight surgery meets Keras 3 layouts: ``get_weights()``/``set_weights()``/``layer.W`` (issue 11).

Keras 1 code that reads or writes weights assumed Keras 1's arrays: a cpu/mem LSTM's
``get_weights()`` listed 12 per-gate arrays (GRU 9) where Keras 3 returns a fused
kernel/recurrent_kernel/bias in another gate order; a 'th' convolution kernel was
``(nb_filter, stack, rows, cols)``; ``layer.W``/``layer.b``/``bn.running_std`` are gone.
The facts are ``legacy_keras.spec.weights`` (the table the runtime reads too).

* ``x.get_weights()`` / ``x.set_weights(...)`` / ``x.trainable_weights[i]`` are reported,
  file:line and what changes, when the layer classes concerned change layout: the
  receiver's class when the file built it (``lstm = LSTM(...)``), else every weighted
  layer class the file imports or builds (with its ``dim_ordering``/``consume_less``).
  Nothing is reported where nothing changes (a Dense-only file; ``consume_less='gpu'``;
  a ``b.set_weights(a.get_weights())`` round trip, Keras 3 layout on both ends).
* ``layer.W`` -> ``layer.kernel``, ``lstm.U`` -> ``lstm.cell.recurrent_kernel``,
  ``bn.running_std`` -> ``bn.moving_variance`` ... where the Keras 3 attribute holds the
  same array in the same layout: on a variable the file assigned from that layer class,
  or on ``model.layers[i]``/``model.get_layer(...)``/a loop over ``model.layers`` when every
  weighted class of the file agrees.  Otherwise (per-gate ``W_i``, a 'th' kernel, an
  assignment ``layer.W = ...``) reported with the Keras 3 spelling.

``self.W`` (a custom layer's own weights) is never touched.  Callbacks return at once
unless the method or attribute name is one of the few of interest.
"""
from __future__ import annotations

import re

import libcst as cst

from legacy_keras.spec import weights as spec_weights
from legacy_keras.spec.layers import DATA_FORMAT_TO_DIM_ORDERING
from migrate.context import dotted
from migrate.cstutil import layer_class, literal
from migrate.rules.base import Rule

DESCRIPTION = ("report get_weights()/set_weights()/layer.W weight surgery whose Keras 1 layout Keras 3 "
               "changed (LSTM/GRU gates, 'th' kernels, Conv1D); layer.W -> layer.kernel ... where exact")

_METHODS = frozenset({"get_weights", "set_weights"})
_LISTS = frozenset({"trainable_weights", "non_trainable_weights"})
_ATTRS = spec_weights.KERAS1_ATTRIBUTES
_CLASS_NAMES = frozenset(spec_weights.LAYOUTS) | frozenset(spec_weights.ALIASES)
_LAYER = "<layer>"  # a layer of a model, class unknown

#: words that make a statement worth walking for this rule (``migrate.transform`` pre-filter);
#: ``.W`` matches an attribute ``W`` after a name (``dense.W``), ``layers``/``get_layer`` the rest.
TRIGGER_WORDS = ("get_weights", "set_weights", "get_layer", "layers") + tuple(f".{a}" for a in sorted(_ATTRS))

#: text without which the rule has nothing to do: its methods, lists and ``.attribute`` reads
_RELEVANT = re.compile(r"\b(?:" + "|".join(sorted(_METHODS | _LISTS)) + r")\b|\.(?:"
                       + "|".join(sorted(_ATTRS, key=len, reverse=True)) + r")\b")

#: (Keras 1 class, dim_ordering, consume_less) of a constructed layer
Variant = tuple[str, str, str]


class Weights(Rule):
    name = "weights"
    DESCRIPTION = DESCRIPTION

    @classmethod
    def relevant(cls, source: str) -> bool:
        return _RELEVANT.search(source) is not None

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        #: layer constructor calls seen (by id) -> variant
        self._calls: dict[int, Variant] = {}
        #: classes built in the file -> variants
        self._built: dict[str, set[Variant]] = {}
        self._imported: set[str] | None = None
        #: variable -> the variant it was assigned from, or _LAYER
        self._vars: dict[str, Variant | str] = {}
        #: variables assigned from a get_weights() call (their set_weights is a round trip)
        self._weights_vars: set[str] = set()
        #: ids of get_weights() calls handed straight to set_weights()
        self._round_trips: set[int] = set()
        #: ids of Attribute nodes that are assignment targets
        self._targets: set[int] = set()
        #: reports decided at the end, when every layer class of the file is known:
        #: (line, what, variant or None for "any layer of the file")
        self._sites: list[tuple[int, str, Variant | None]] = []
        #: attribute rewrites on layers of unknown class: (line, what, Keras 1 attr, Keras 3 path)
        self._guesses: list[tuple[int, str, str, str | None]] = []
        #: the innermost statement being walked (a report names its line: finding a small node's
        #: text in the file is ambiguous, ``layer.get_weights()`` is inside ``orig_layer.get_weights()``)
        self._stmt: cst.CSTNode | None = None
        #: ids of ``x.trainable_weights`` nodes that are indexed (``x.trainable_weights[0]``)
        self._indexed: set[int] = set()

    # -- where we are --------------------------------------------------------------------
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._stmt = node

    def visit_If(self, node: cst.If) -> None:
        self._stmt = node

    def visit_While(self, node: cst.While) -> None:
        self._stmt = node

    def visit_With(self, node: cst.With) -> None:
        self._stmt = node

    def visit_Subscript(self, node: cst.Subscript) -> None:
        value = node.value
        if type(value) is cst.Attribute and value.attr.value in _LISTS:
            self._indexed.add(id(value))

    def _line(self, node: cst.CSTNode) -> int:
        return self.ctx.line_of(self._stmt if self._stmt is not None else node)

    # -- evidence: the layer classes the file uses -------------------------------------
    def _variant(self, node: cst.Call) -> Variant | None:
        func = node.func
        short = func.value if type(func) is cst.Name else func.attr.value if type(func) is cst.Attribute else None
        if short not in _CLASS_NAMES and (short not in self.ctx.bindings.names or type(func) is cst.Attribute):
            return None  # (a bound short name may be an alias: RNN = recurrent.LSTM)
        qual = self.qualname(func) or ""
        cls = layer_class(qual) or (spec_weights.ALIASES.get(short) if qual.startswith("keras.layers.") else None)
        cls = spec_weights.ALIASES.get(cls or "", cls)
        if cls is None or cls not in spec_weights.LAYOUTS:
            return None
        ordering, consume = self.ctx.options.image_dim_ordering, "cpu"
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in ("dim_ordering", "data_format", "consume_less"):
                value = literal(arg.value)
                if arg.keyword.value == "data_format":  # migrated code (idempotence)
                    value = DATA_FORMAT_TO_DIM_ORDERING.get(value) if isinstance(value, str) else None
                if arg.keyword.value != "consume_less" and value in ("th", "tf"):
                    ordering = value
                elif arg.keyword.value == "consume_less" and isinstance(value, str):
                    consume = value
        return cls, ordering, consume

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if type(func) is cst.Attribute and func.attr.value == "set_weights":
            for arg in node.args:
                value = arg.value
                if type(value) is cst.Call and type(value.func) is cst.Attribute and \
                        value.func.attr.value == "get_weights":
                    self._round_trips.add(id(value))
            return
        variant = self._variant(node)
        if variant is not None:
            self._calls[id(node)] = variant
            self._built.setdefault(variant[0], set()).add(variant)

    def _evidence(self) -> set[Variant]:
        """Every (class, ordering, consume_less) the file builds, or imports (Keras 1 defaults)."""
        if self._imported is None:
            imported = set()
            for qual in self.ctx.bindings.names.values():
                cls = layer_class(qual)
                if cls is None and qual.startswith("keras.layers."):
                    cls = spec_weights.ALIASES.get(qual.rsplit(".", 1)[-1])
                if cls is not None and cls in spec_weights.LAYOUTS:
                    imported.add(spec_weights.ALIASES.get(cls, cls))
            self._imported = imported
        out = {v for variants in self._built.values() for v in variants}
        for cls in self._imported:
            if cls not in self._built:
                out.add((cls, self.ctx.options.image_dim_ordering, "cpu"))
        return out

    # -- variables: what a name holds ---------------------------------------------------
    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        if len(original.targets) != 1 or type(original.targets[0].target) is not cst.Name:
            return updated
        target = original.targets[0].target.value
        value = original.value
        variant = self._calls.get(id(value))
        if variant is not None:
            self._vars[target] = variant
        elif self._is_model_layer(value):
            self._vars[target] = _LAYER
        elif type(value) is cst.Call and type(value.func) is cst.Attribute and \
                value.func.attr.value == "get_weights":
            self._weights_vars.add(target)
        return updated

    def visit_For(self, node: cst.For) -> None:
        self._stmt = node
        if type(node.target) is cst.Name and type(node.iter) is cst.Attribute and \
                node.iter.attr.value == "layers":
            self._vars[node.target.value] = _LAYER

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        target = node.target
        if type(target) is cst.Attribute:
            self._targets.add(id(target))
        elif isinstance(target, (cst.Tuple, cst.List)):  # `layer.W, layer.b = ...`
            self._targets.update(id(e.value) for e in target.elements if type(e.value) is cst.Attribute)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if type(node.target) is cst.Attribute:  # `layer.W += ...` rebinds the attribute too
            self._targets.add(id(node.target))

    @staticmethod
    def _is_model_layer(node: cst.BaseExpression) -> bool:
        """``model.layers[i]`` or ``model.get_layer(...)``."""
        if type(node) is cst.Subscript:
            return type(node.value) is cst.Attribute and node.value.attr.value == "layers"
        return type(node) is cst.Call and type(node.func) is cst.Attribute and \
            node.func.attr.value == "get_layer"

    def _receiver(self, node: cst.BaseExpression) -> Variant | str | None:
        """The variant a receiver was built as, _LAYER (a layer of a model), or None (unknown)."""
        if type(node) is cst.Name:
            return None if node.value == "self" else self._vars.get(node.value)
        if self._is_model_layer(node):
            return _LAYER
        return None

    # -- get_weights() / set_weights() --------------------------------------------------
    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = original.func
        if type(func) is not cst.Attribute or func.attr.value not in _METHODS:
            return updated
        method = func.attr.value
        if method == "get_weights" and id(original) in self._round_trips:
            return updated
        if method == "set_weights" and original.args:
            value = original.args[0].value
            if type(value) is cst.Name and value.value in self._weights_vars:
                return updated  # arrays another get_weights() of this file returned: Keras 3 layout
            if type(value) is cst.Call and type(value.func) is cst.Attribute and \
                    value.func.attr.value == "get_weights":
                return updated
        self._site(original, func.value, f"{_describe(func.value)}.{method}()")
        return updated

    def _site(self, node: cst.CSTNode, receiver: cst.BaseExpression, what: str) -> None:
        if type(receiver) is cst.Name and receiver.value == "self":
            return
        kind = self._receiver(receiver)
        self._sites.append((self._line(node), what, kind if isinstance(kind, tuple) else None))

    # -- layer.W, layer.trainable_weights --------------------------------------------------
    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        attr = original.attr.value
        if attr in _LISTS:  # indexed: the per-layer variables' order and layout matter
            if id(original) in self._indexed and isinstance(original.value, (cst.Name, cst.Subscript, cst.Call)):
                self._site(original, original.value, f"{_describe(original.value)}.{attr}")
            return updated
        if attr not in _ATTRS:
            return updated
        kind = self._receiver(original.value)
        if kind is None:
            return updated
        what = f"{_describe(original.value)}.{attr}"
        line = self._line(original)
        if id(original) in self._targets:
            path = self._path(kind, attr)
            target = f"{_describe(original.value)}.{path}" if path else "the Keras 3 variable"
            self.warn(line, f"{what} = ...: Keras 3 layers own their variables; assign the values with "
                            f"{target}.assign(array) (or set_weights) in the Keras 3 layout")
            return updated
        if isinstance(kind, tuple):
            path, why = spec_weights.attribute(kind[0], attr, kind[1])
            if why is not None:
                self.warn(line, f"{what}: {why}")
            if path is None or path == attr:
                return updated
        else:
            path = self._path(kind, attr)
            self._guesses.append((line, what, attr, path))
            if path is None or path == attr:
                return updated
        new: cst.BaseExpression = updated.value
        for part in path.split("."):
            new = cst.Attribute(value=new, attr=cst.Name(part))
        new = new.with_changes(lpar=updated.lpar, rpar=updated.rpar)
        self.change(original, new)
        return new

    def _path(self, kind: Variant | str, attr: str) -> str | None:
        """The one exact Keras 3 path of ``attr`` on a layer of unknown class, if the file's
        weighted classes that have such an attribute all agree."""
        if isinstance(kind, tuple):
            return spec_weights.attribute(kind[0], attr, kind[1])[0]
        answers = set()
        for cls, ordering, _ in self._evidence():
            path, why = spec_weights.attribute(cls, attr, ordering)
            if path is not None or why is not None:
                answers.add(path)
        return answers.pop() if len(answers) == 1 else None

    # -- the reports, with every layer class of the file known ---------------------------
    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if not self._sites and not self._guesses:
            return updated
        evidence = sorted(self._evidence())
        for line, what, variant in self._sites:
            variants = [variant] if variant is not None else evidence
            notes = []
            for cls, ordering, consume in variants:
                note = spec_weights.weights_change(cls, ordering, consume)
                if note is not None and note not in notes:
                    notes.append(note)
            if notes:
                self.warn(line, f"{what}: Keras 3 layouts differ from Keras 1's. " + " ".join(
                    n if n.endswith(".") else n + "." for n in notes))
        for line, what, attr, path in self._guesses:
            per_class: dict[str, list[str]] = {}
            for cls, ordering, _ in evidence:
                k3, why = spec_weights.attribute(cls, attr, ordering)
                if k3 is not None or why is not None:
                    per_class.setdefault(f".{k3}" if k3 else "no exact counterpart", []).append(cls)
            if path is not None and list(per_class) == [f".{path}"]:
                continue  # rewritten, and every weighted class of the file agrees
            if not per_class:  # nothing in the file says which layers these are
                per_class = _default_paths(attr)
            spelled = "; ".join(f"{', '.join(sorted(set(v)))}: {k}" for k, v in per_class.items())
            done = f" (rewritten to .{path} for this file's layers)" if path and path != attr else ""
            self.warn(line, f"{what}: Keras 3 layers have no .{attr}{done}; {spelled}")
        return updated


def _describe(node: cst.BaseExpression) -> str:
    """A short spelling of a receiver without generating code: ``lstm``, ``model.layers[...]``."""
    name = dotted(node)
    if name is not None:
        return name
    if type(node) is cst.Subscript:
        return f"{_describe(node.value)}[...]"
    if type(node) is cst.Call:
        return f"{_describe(node.func)}(...)"
    return "..."


def _default_paths(attr: str) -> dict[str, list[str]]:
    """Keras 3 spellings of a Keras 1 attribute over every class of the table ('tf' ordering)."""
    out: dict[str, list[str]] = {}
    for cls in spec_weights.LAYOUTS:
        k3, why = spec_weights.attribute(cls, attr, "tf")
        if k3 is not None and k3 != attr:
            out.setdefault(f".{k3}", []).append(cls)
        elif why is not None:
            out.setdefault("no exact counterpart", []).append(cls)
    return out

"""Per-file state shared by the rules: what names mean, what changed, what needs a human.

Rules never look names up by spelling alone: ``Dense`` is only a Keras layer when
the file imported it from Keras.  ``Bindings`` records, from the file's own
import statements, which local names stand for which Keras 1 objects
(``K`` -> ``keras.backend``, ``Conv`` -> ``keras.layers.convolutional.Convolution2D``),
so ``qualname(node)`` can resolve ``K.mean`` or ``layers.Dense`` to the Keras 1
thing it refers to.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

import libcst as cst


@dataclass(frozen=True)
class Change:
    """One rewrite, as listed in ``--report`` and counted in the summary."""

    line: int
    rule: str
    before: str
    after: str


@dataclass(frozen=True)
class Warning_:
    """Something the codemod could not do safely: a human has to look."""

    line: int
    rule: str
    message: str


@dataclass
class Options:
    """What the user asked for; shared by every file of a run."""

    keras_module: str = "keras"  # or "tensorflow.keras"
    py2: bool = False
    #: record line/before/after text of every change (``--report``/``-v``); counting
    #: changes per rule needs none of that code generation.
    detail: bool = True
    #: Keras 1 ``image_dim_ordering`` of the code's keras.json: what ``dim_ordering='default'``
    #: (and no dim_ordering at all) meant.  'tf' was the default from Keras 1.1.
    image_dim_ordering: str = "tf"


def dotted(node: cst.BaseExpression | None) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    # exact type tests: ``isinstance`` on libcst's ABC-based classes costs a Python-level
    # ``__instancecheck__`` per call, and this runs for every callee of every call
    if type(node) is cst.Name:
        return node.value  # type: ignore[union-attr]
    parts: list[str] = []
    while type(node) is cst.Attribute:
        parts.append(node.attr.value)  # type: ignore[union-attr]
        node = node.value  # type: ignore[union-attr]
    if type(node) is cst.Name:
        parts.append(node.value)  # type: ignore[union-attr]
        return ".".join(reversed(parts))
    return None


def dotted_of_import(node: cst.Attribute | cst.Name) -> str:
    """Dotted name of an import target (always a Name/Attribute chain)."""
    name = dotted(node)
    assert name is not None
    return name


def build_dotted(name: str) -> cst.BaseExpression:
    """A Name/Attribute chain for ``a.b.c``."""
    parts = name.split(".")
    node: cst.BaseExpression = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


class Bindings:
    """Local names bound by ``import keras...`` statements -> Keras 1 qualified names."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        #: id(node) -> (node, qualname): every rule asks about the same ``Call.func``
        #: (the node is kept so that its id cannot be reused by another node).
        self._qualnames: dict[int, tuple[cst.BaseExpression | None, str | None]] = {}

    def scan(self, module: cst.Module) -> None:
        """Collect imports at module level (and in top-level if/try/with/def bodies), then
        module-level aliases of Keras objects (``RNN = recurrent.LSTM``: ``RNN(...)`` is an LSTM)."""
        for stmt in _import_statements(module.body):
            self.add(stmt)
        if not self.names:
            return
        for stmt in module.body:
            if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
                continue
            small = stmt.body[0]
            if isinstance(small, cst.Assign) and len(small.targets) == 1 and \
                    isinstance(small.targets[0].target, cst.Name) and \
                    isinstance(small.value, (cst.Name, cst.Attribute)):
                target = small.targets[0].target.value
                qual = self._qualname(small.value)
                if qual is not None and target not in self.names:
                    self.names[target] = qual
                    self._qualnames.clear()

    def add(self, node: cst.Import | cst.ImportFrom) -> None:
        self._qualnames.clear()
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = dotted_of_import(alias.name)
                if not _is_keras(full):
                    continue
                if alias.asname is not None:
                    self.names[alias.asname.name.value] = full  # type: ignore[union-attr]
                else:
                    self.names[full.split(".")[0]] = full.split(".")[0]
        else:
            if node.relative or node.module is None:
                return
            mod = dotted_of_import(node.module)
            if not _is_keras(mod):
                return
            if isinstance(node.names, cst.ImportStar):
                return
            for alias in node.names:
                name = dotted_of_import(alias.name)
                local = alias.asname.name.value if alias.asname is not None else name  # type: ignore[union-attr]
                self.names[local] = f"{mod}.{name}"

    def qualname(self, node: cst.BaseExpression | None) -> str | None:
        """Keras 1 qualified name of an expression like ``K.mean`` or ``Dense``."""
        hit = self._qualnames.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        result = self._qualname(node)
        self._qualnames[id(node)] = (node, result)
        return result

    def _qualname(self, node: cst.BaseExpression | None) -> str | None:
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        base = self.names.get(head)
        if base is None:
            return None
        return f"{base}.{rest}" if rest else base

    def __bool__(self) -> bool:
        return bool(self.names)


def _is_keras(module: str) -> bool:
    return module == "keras" or module.startswith("keras.")


def _import_statements(body: Iterable[cst.CSTNode]) -> Iterable[cst.Import | cst.ImportFrom]:
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    yield small
        elif isinstance(stmt, (cst.If, cst.Try, cst.With, cst.FunctionDef, cst.ClassDef)):
            inner = stmt.body
            if isinstance(inner, cst.IndentedBlock):
                yield from _import_statements(inner.body)
            if isinstance(stmt, cst.Try):
                for handler in stmt.handlers:
                    if isinstance(handler.body, cst.IndentedBlock):
                        yield from _import_statements(handler.body.body)
            if isinstance(stmt, cst.If) and isinstance(stmt.orelse, cst.Else):
                if isinstance(stmt.orelse.body, cst.IndentedBlock):
                    yield from _import_statements(stmt.orelse.body.body)


@dataclass
class FileContext:
    """Everything the rules of one file share."""

    options: Options
    module: cst.Module
    bindings: Bindings
    #: the text ``module`` was parsed from (a rule reading the file's text does not print it again)
    source: str = ""
    line_of: Callable[[cst.CSTNode], int] = lambda node: 0
    changes: list[Change] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    #: ``keras`` (the root module) is referenced by inserted code.
    needs_root: bool = False
    #: helper functions (``migrate.helpers``) to insert once, by name.
    helpers: set[str] = field(default_factory=set)
    #: (module, name) pairs inserted code imports (``from keras.layers import add``).
    import_adds: set[tuple[str, str]] = field(default_factory=set)
    #: notes held until the walk is over (``hold``): (rule, node, line, message, second)
    held: list[tuple[str, cst.CSTNode, int, str, bool]] = field(default_factory=list)
    #: whole import statements inserted code or star-import leaks need (``import numpy as np``)
    statement_adds: set[str] = field(default_factory=set)
    #: references to a local name / references rewritten away (import can go when equal).
    name_refs: dict[str, int] = field(default_factory=dict)
    name_rewritten: dict[str, int] = field(default_factory=dict)
    #: variable -> statically known batch size of the generator it holds.
    generator_batch: dict[str, int | cst.BaseExpression] = field(default_factory=dict)
    #: variables holding a Keras model (``model = Sequential()``).
    model_names: set[str] = field(default_factory=set)
    #: ``Merge([models])`` layer calls (by id of the node) -> line, and those rewritten.
    merge_layer_lines: dict[int, int] = field(default_factory=dict)
    merge_layers_done: set[int] = field(default_factory=set)
    #: (line, what) of a Keras 1 ``concat_axis=1`` (rule merge): 'th' evidence for rule layers's hint.
    th_concat_hint: tuple[int, str] | None = None
    #: fixed-batch ``batch_input_shape`` values (by node id) -> (line, message), until rewritten.
    batch_shape_pending: dict[int, tuple[int, str]] = field(default_factory=dict)
    #: ids of ``input_shape=`` values of converted Keras 1 layer calls (a Sequential's first
    #: layer gets a ``keras.Input(shape=...)`` instead, as Keras 3 recommends).
    input_shapes: set[int] = field(default_factory=set)
    #: file text mentions ``metrics=[... 'accuracy' ...]``.
    accuracy_metric: bool = False
    #: the file imports no Keras but uses Keras 1 model-method names (``fit(nb_epoch=)``):
    #: only Keras-specific model-method rewrites apply, and the assumption is reported.
    assumed_keras: bool = False

    # -- reporting ------------------------------------------------------
    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node).strip()

    def change(self, rule: str, original: cst.CSTNode, updated: cst.CSTNode | str) -> None:
        if not self.options.detail:  # the same count as with detail: no change when it prints as it was
            if (self.code(original) != updated) if isinstance(updated, str) else _differs(original, updated):
                self.changes.append(Change(0, rule, "", ""))
            return
        after = updated if isinstance(updated, str) else self.code(updated)
        before = self.code(original)
        if before != after:
            self.changes.append(Change(self.line_of(original), rule, _short(before), _short(after)))

    def warn(self, rule: str, node: cst.CSTNode | int, message: str) -> None:
        line = node if isinstance(node, int) else self.line_of(node)
        item = Warning_(line, rule, message)
        if item not in self.warnings:
            self.warnings.append(item)

    def hold(self, rule: str, node: cst.CSTNode, line: int, message: str, second: bool = False) -> None:
        """A note on an expression, due only if ``node`` (as the walk left it) is still in the
        output when the walk is over: a later rule may rewrite the call around it
        (``layers.Merge(mode='sum')([a, b])`` becomes ``Add()([a, b])`` when the outer call is
        left).  A ``second`` note gives way to another rule's note on the same line."""
        self.held.append((rule, node, line, message, second))

    def release_held(self, module: cst.Module) -> None:
        """Report the held notes whose node ``module`` still contains (one visit for all)."""
        if not self.held:
            return
        left = node_ids(module)
        for second in (False, True):
            for rule, node, line, message, is_second in self.held:
                if is_second != second or id(node) not in left:
                    continue
                if second and any(w.line == line and w.rule != rule for w in self.warnings):
                    continue
                self.warn(rule, line, message)
        self.held.clear()

    # -- targets ----------------------------------------------------------
    @property
    def root(self) -> str:
        """The local name inserted code uses for the Keras package."""
        return "keras"

    def target_module(self, keras3_module: str) -> str:
        """Where ``keras3_module`` is imported from, given ``--keras-module``."""
        if keras3_module.startswith("tensorflow.keras") or not keras3_module.startswith("keras"):
            return keras3_module  # tensorflow.keras-only names, scikeras
        if self.options.keras_module == "tensorflow.keras":
            return "tensorflow." + keras3_module
        return keras3_module

    def root_expr(self, path: str) -> cst.BaseExpression:
        """``keras.<path>`` and remember that ``keras`` must be importable."""
        self.needs_root = True
        return build_dotted(f"{self.root}.{path}" if path else self.root)

    def rewritten(self, local: str) -> None:
        if not local:
            return
        self.name_rewritten[local] = self.name_rewritten.get(local, 0) + 1


def _differs(original: cst.CSTNode, updated: cst.CSTNode) -> bool:
    """``not original.deep_equals(updated)``, decided without the deep comparison when the
    rewrite visibly changed the node's type, callee or keywords (almost every change)."""
    if type(original) is not type(updated):
        return True
    if type(original) is cst.Call:
        if len(original.args) != len(updated.args) or dotted(original.func) != dotted(updated.func):  # type: ignore[attr-defined]
            return True
        for a, b in zip(original.args, updated.args):  # type: ignore[attr-defined]
            if (a.keyword is None) != (b.keyword is None) or \
                    (a.keyword is not None and a.keyword.value != b.keyword.value):
                return True
    return not original.deep_equals(updated)


def node_ids(tree: cst.CSTNode) -> set[int]:
    """ids of every node of ``tree``: a note held on a node is still due when the node is
    still in the output (the walk keeps unchanged nodes as the same objects).  A plain libcst
    visit, so run it only when a note is pending."""
    found: set[int] = set()

    class _Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            found.add(id(node))
            return True

    tree.visit(_Collect())
    return found


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."

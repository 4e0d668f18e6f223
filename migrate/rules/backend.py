"""Keras 1 backend (``K.*``) -> Keras 3.

Plain ``keras.backend`` kept a dozen names; the math moved to ``keras.ops``
(``K.mean`` -> ``keras.ops.mean``, ``K.permute_dimensions`` ->
``keras.ops.transpose``).  With ``--keras-module tensorflow.keras`` the K2-style
``tf.keras.backend`` still serves most names, so only renames apply.  Either
way: ``K.categorical_crossentropy(output, target)`` and friends get their
positionals swapped to ``(target, output)``; ``K.image_dim_ordering() == 'th'``
becomes ``K.image_data_format() == 'channels_first'``; ``K.hard_sigmoid`` the
Keras 1 formula.

Plain Keras 3 output reads ``legacy_keras.spec.backend.KERAS1_BACKEND``: one entry
per public Keras 1.2.2 backend function (an expression template, a name plain
``keras.backend`` kept, or the reason it needs a human).  ``K.function([...,
K.learning_phase()], [...])`` becomes the inserted ``keras1_function(...,
learning_phase=True)`` (a ``keras.Model`` called with ``training=``).
``K.in_train_phase(x, alt)``/``K.in_test_phase`` inside a layer's ``call()`` (or the function
of a ``Lambda`` layer) become the inserted ``keras1_in_train_phase(x, alt, training)`` on the
call's ``training`` argument, added as ``training=None`` when the signature lacks it (Keras 3
passes it to a call() that declares it); elsewhere they are reported.
"""
from __future__ import annotations

import libcst as cst

import re

from legacy_keras.spec import backend as spec_backend
from legacy_keras.spec import modules as spec
from migrate.context import dotted
from migrate.cstutil import Slot, in_table, literal, rebuild_args, slots_of, to_node
from migrate.rules.base import Rule

DESCRIPTION = "Keras 1 backend functions -> keras.ops / Keras 3 backend"


def _backend_function(qualname: str | None) -> str | None:
    if qualname and qualname.startswith("keras.backend.") and qualname.count(".") == 2:
        return qualname.rsplit(".", 1)[-1]
    return None


class Backend(Rule):
    name = "backend"
    DESCRIPTION = DESCRIPTION

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        #: ids of ``K.learning_phase()`` calls ending a K.function input list (rewritten there)
        self._phase_inputs: set[int] = set()
        self._ordering_reported = False
        #: enclosing ClassDef / FunctionDef / Lambda nodes (K.in_train_phase needs its call())
        self._scopes: list[cst.CSTNode] = []
        #: ids of lambdas given to a Keras Lambda layer, and of call()/lambdas needing training=None
        self._layer_lambdas: set[int] = set()
        self._needs_training: set[int] = set()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._scopes.append(node)

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.BaseStatement:
        self._scopes.pop()
        return updated

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._scopes.append(node)

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.BaseStatement:
        self._scopes.pop()
        if id(original) not in self._needs_training:
            return updated
        new = updated.with_changes(params=_with_training(updated.params))
        self.change(original.params, new.params)
        return new

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._scopes.append(node)

    def leave_Lambda(self, original: cst.Lambda, updated: cst.Lambda) -> cst.BaseExpression:
        self._scopes.pop()
        if id(original) not in self._needs_training:
            return updated
        new = updated.with_changes(params=_with_training(updated.params))
        self.change(original, new)
        return new

    def _is_layer_call(self, i: int) -> bool:
        """``self._scopes[i]`` is a layer class's ``call()`` or the function of a ``Lambda`` layer."""
        scope = self._scopes[i]
        if type(scope) is cst.Lambda:
            return id(scope) in self._layer_lambdas
        return type(scope) is cst.FunctionDef and scope.name.value == "call" and i > 0 and \
            type(self._scopes[i - 1]) is cst.ClassDef

    def _in_layer_call(self) -> bool:
        """Anywhere inside a layer's ``call()`` (or a ``Lambda`` layer's function)."""
        return any(self._is_layer_call(i) for i in range(len(self._scopes)))

    def _training_name(self, original: cst.Call, fn: str, outside: str) -> str | None:
        """The name of the enclosing layer call()'s training argument (marking the signature for a
        new ``training=None`` when it has none), or None (reported) outside a layer's call()."""
        reason = outside
        for i in range(len(self._scopes) - 1, -1, -1):
            scope = self._scopes[i]
            if not self._is_layer_call(i):
                if type(scope) is cst.Lambda:
                    continue  # a lambda inside call() closes over training
                break
            target: cst.FunctionDef | cst.Lambda = scope  # type: ignore[assignment]
            params = target.params
            names = [p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)]
            if "training" in names:
                return "training"
            if re.search(r"\btraining\b", self.ctx.module.code_for_node(target)):
                reason = "the enclosing call() already uses the name training for something else"
                break
            self._needs_training.add(id(target))
            return "training"
        self.warn(original, f"K.{fn}: {reason}")
        return None

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.qualname(node.func)
        if qual and qual.startswith("keras.") and qual.endswith(".Lambda") and node.args and \
                type(node.args[0].value) is cst.Lambda and node.args[0].keyword in (None, "function"):
            self._layer_lambdas.add(id(node.args[0].value))
        if _backend_function(self.qualname(node.func)) != "function" or not node.args:
            return
        inputs = node.args[0].value
        if type(inputs) is cst.List and inputs.elements:
            self._phase_inputs.add(id(inputs.elements[-1].value))

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        fn = _backend_function(self.qualname(original.func))
        if fn is None:
            return updated
        tf_mode = self.ctx.options.keras_module == "tensorflow.keras"
        if not tf_mode or isinstance(spec_backend.entry(fn), spec_backend.InLayerCall):
            return self._keras3(original, updated, fn)
        slots = slots_of(updated)
        if fn in spec.BACKEND_REMOVED:
            self.warn(original, spec.BACKEND_REMOVED[fn])
            return updated
        if fn == "hard_sigmoid":
            self.ctx.helpers.add("keras1_hard_sigmoid")
            new = updated.with_changes(func=cst.Name("keras1_hard_sigmoid"))
            self.change(original, new)
            return new
        if fn == "set_image_dim_ordering":
            slots = [self._dim_value(s) for s in slots]
        renames = spec.BACKEND_KWARG_RENAMES.get(fn, {})
        for slot in slots:
            if slot.keyword in renames:
                slot.keyword = renames[slot.keyword]
        if fn in spec.BACKEND_SWAPPED_ARGS:
            positional = [i for i, s in enumerate(slots) if s.keyword is None]
            if len(positional) >= 2:
                a, b = positional[0], positional[1]
                slots[a], slots[b] = (Slot(None, slots[b].value, slots[a].arg),
                                      Slot(None, slots[a].value, slots[b].arg))
        func: cst.BaseExpression = updated.func
        if not tf_mode and fn in spec.BACKEND_TO_OPS:
            func = self.ctx.root_expr(f"ops.{spec.BACKEND_TO_OPS[fn]}")
        elif fn in spec.BACKEND_RENAMES:
            func = _rename_attr(updated.func, spec.BACKEND_RENAMES[fn])
        elif tf_mode:
            if fn not in spec.TF_KERAS_BACKEND_NAMES:
                self.warn(original, f"K.{fn} is not in tf.keras.backend (Keras 3); rewrite with keras.ops")
        elif fn not in spec.KERAS3_BACKEND_NAMES:
            if fn in spec.BACKEND_TO_OPS:
                func = self.ctx.root_expr(f"ops.{spec.BACKEND_TO_OPS[fn]}")
            else:
                self.warn(original, f"K.{fn} is not in keras.backend (Keras 3): use keras.ops or "
                                    f"--keras-module tensorflow.keras")
        new = rebuild_args(updated.with_changes(func=func), slots)
        self.change(original, new)
        return new

    # -- plain Keras 3: the spec table -------------------------------------------------
    def _keras3(self, original: cst.Call, updated: cst.Call, fn: str) -> cst.BaseExpression:
        entry = spec_backend.entry(fn)
        if entry is None:
            if fn not in spec.KERAS3_BACKEND_NAMES:
                self.warn(original, f"K.{fn} is not a Keras 1 backend function and not in Keras 3's "
                                    f"keras.backend: rewrite by hand")
            return updated
        if isinstance(entry, spec_backend.Human):
            if fn == "learning_phase" and id(original) in self._phase_inputs:
                return updated
            self.warn(original, f"K.{fn}: {entry.reason}")
            return updated
        slots = slots_of(updated)
        if isinstance(entry, spec_backend.InLayerCall):
            bound = self._bind(original, fn, slots)
            if bound is None:
                return updated
            training = self._training_name(original, fn, entry.outside)
            if training is None:
                return updated
            bound["training"] = cst.Name(training)
            new = cst.parse_expression(self._render(entry.template, fn, bound))
            for helper in entry.helpers:
                self.ctx.helpers.add(helper)
            self.change(original, new)
            return new
        if isinstance(entry, spec_backend.Keep):
            if fn == "image_dim_ordering" and self.ctx.options.image_dim_ordering == "th":
                return self._fixed_ordering(original)
            if fn == "set_image_dim_ordering":
                slots = [self._dim_value(s) for s in slots]
                new = rebuild_args(updated.with_changes(func=_rename_attr(updated.func, entry.name)), slots)
            elif entry.name != fn:
                new = updated.with_changes(func=_rename_attr(updated.func, entry.name))
            else:
                return updated
            self.change(original, new)
            return new
        bound = self._bind(original, fn, slots)
        if bound is None:
            return updated
        template = entry.template
        if fn == "function":
            if "updates" in bound:
                self.warn(original, "K.function(updates=) is a training step: Keras 3 has no update lists; "
                                    "write a custom train_step or a GradientTape loop")
                return updated
            template = self._function_template(bound)
        for param, value in bound.items():
            if (fn, param) in spec_backend.NONE_ARGUMENT_TEMPLATES and literal(value) is None:
                template = spec_backend.NONE_ARGUMENT_TEMPLATES[fn, param]
        for param in bound:  # a Keras 1 argument the template cannot write: reported, left as it is
            if (fn, param) in spec_backend.KERAS1_PARAMS_UNSUPPORTED:
                self.warn(original, f"K.{fn}({param}=): {spec_backend.KERAS1_PARAMS_UNSUPPORTED[fn, param]}")
                return updated
        if fn in spec_backend.SEEDED_STREAMS and "seed" in bound and literal(bound["seed"]) is not None \
                and self._in_layer_call():
            self.warn(original, f"K.{fn}(seed=) in a layer's call(): Keras 3 draws the same numbers on every "
                                f"call with an integer seed (Keras 1's seed started a stream); make "
                                f"self.seed_generator = keras.random.SeedGenerator(seed) in __init__ and pass "
                                f"seed=self.seed_generator")
        code = self._render(template, fn, bound)
        try:
            new = cst.parse_expression(code)
        except cst.ParserSyntaxError:
            self.warn(original, f"K.{fn}: could not write {code!r}; rewrite by hand")
            return updated
        if new.__class__ is not cst.Call or type(updated.func) is not cst.Attribute:
            new = new.with_changes(lpar=updated.lpar, rpar=updated.rpar) if updated.lpar else new
        for helper in entry.helpers:
            self.ctx.helpers.add(helper)
        if "keras." in code.replace("keras1_", ""):
            self.ctx.needs_root = True
        self.change(original, new)
        return new

    def _fixed_ordering(self, original: cst.Call) -> cst.BaseExpression:
        """``--image-dim-ordering th``: the layers are written ``data_format='channels_first'``, so the
        file's layout queries must say so too (plain Keras 3 would answer from its own keras.json key
        ``image_data_format``, absent from a Keras 1 keras.json: 'channels_last')."""
        new = cst.SimpleString("'channels_first'")
        if not self._ordering_reported:
            self._ordering_reported = True
            self.warn(original, "K.image_dim_ordering() answered 'channels_first' (this migration's "
                                "--image-dim-ordering th, which the rewritten layers use explicitly); plain "
                                "Keras 3 reads 'image_data_format' from keras.json, not Keras 1's "
                                "'image_dim_ordering'")
        self.change(original, new)
        return new

    def _bind(self, original: cst.Call, fn: str, slots: list[Slot]) -> dict[str, cst.BaseExpression] | None:
        params = spec_backend.keras1_params(fn)
        names = [p for p, _ in params]
        if any(s.star for s in slots):
            self.warn(original, f"K.{fn}(*args/**kwargs): rewrite by hand with keras.ops")
            return None
        bound: dict[str, cst.BaseExpression] = {}
        positional = [s for s in slots if s.keyword is None]
        if len(positional) > len(names):
            self.warn(original, f"K.{fn}: more arguments than Keras 1 took; rewrite by hand")
            return None
        for name, slot in zip(names, positional):
            bound[name] = slot.value
        for slot in slots:
            if slot.keyword is not None:
                if slot.keyword not in names:
                    self.warn(original, f"K.{fn}({slot.keyword}=): not a Keras 1 argument; rewrite by hand")
                    return None
                bound[slot.keyword] = slot.value
        missing = [p for p, d in params if d is None and p not in bound]
        if missing:
            self.warn(original, f"K.{fn}: required argument {missing[0]} missing; rewrite by hand")
            return None
        return bound

    def _function_template(self, bound: dict[str, cst.BaseExpression]) -> str:
        """``K.function([a, K.learning_phase()], out)`` -> ``keras1_function([a], out, learning_phase=True)``."""
        inputs = bound["inputs"]
        if type(inputs) is cst.List and inputs.elements:
            last = inputs.elements[-1].value
            if type(last) is cst.Call and _backend_function(self.qualname(last.func)) == "learning_phase":
                elements = list(inputs.elements[:-1])
                if elements:
                    elements[-1] = elements[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                bound["inputs"] = inputs.with_changes(elements=elements)
                return "keras1_function({inputs}, {outputs}, learning_phase=True)"
        return "keras1_function({inputs}, {outputs})"

    def _render(self, template: str, fn: str, bound: dict[str, cst.BaseExpression]) -> str:
        defaults = dict(spec_backend.keras1_params(fn))

        def code(name: str) -> str:
            if name == "dim_ordering":
                return self._data_format(bound.get(name))
            if name in bound:
                text = self.ctx.module.code_for_node(bound[name]).strip()
                return text
            default = defaults.get(name)
            return default if default is not None else "None"

        def optional(match: re.Match[str]) -> str:
            keyword, name = match.group(1), match.group(2)
            return f", {keyword}={code(name)}" if name in bound else ""

        text = re.sub(r"\{(\w+)\} or ", lambda m: "" if m.group(1) not in bound and  # None or X -> X
                      defaults.get(m.group(1)) == "None" else m.group(0), template)
        text = re.sub(r"\{,(\w+)=(\w+)\}", optional, text)
        return re.sub(r"\{(\w+)\}", lambda m: code(m.group(1)), text)

    def _data_format(self, node: cst.BaseExpression | None) -> str:
        value = literal(node) if node is not None else "default"
        if value == "default":
            value = self.ctx.options.image_dim_ordering
        if in_table(value, spec.DIM_ORDERING_VALUES):
            return repr(spec.DIM_ORDERING_VALUES[value])
        assert node is not None
        return f"{{'th': 'channels_first', 'tf': 'channels_last'}}[{self.ctx.module.code_for_node(node).strip()}]"

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        """``K._BACKEND`` -> ``keras.backend.backend()``."""
        qual = self.qualname(original)
        if not qual or not qual.startswith("keras.backend.") or qual.count(".") != 2:
            return updated
        name = qual.rsplit(".", 1)[1]
        replacement = spec_backend.KERAS1_BACKEND_ATTRIBUTES.get(name)
        if replacement is None:
            return updated
        new = cst.parse_expression(replacement)
        self.ctx.needs_root = True
        self.change(original, new)
        return new

    def _dim_value(self, slot: Slot) -> Slot:
        value = literal(slot.value)
        if in_table(value, spec.DIM_ORDERING_VALUES):
            return Slot(slot.keyword, to_node(spec.DIM_ORDERING_VALUES[value], slot.value), slot.arg)
        return slot

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.BaseSmallStatement | cst.RemovalSentinel:
        """``tf.python.control_flow_ops = tf`` and the like (``spec.OBSOLETE_TF_WORKAROUNDS``): removed."""
        if len(original.targets) != 1 or type(original.targets[0].target) is not cst.Attribute:
            return updated
        target = dotted(original.targets[0].target)
        head, _, chain = (target or "").partition(".")
        if chain not in spec.OBSOLETE_TF_WORKAROUNDS or dotted(original.value) != head:
            return updated
        self.change(original, "")
        self.warn(original, f"removed `{target} = {head}`: {spec.OBSOLETE_TF_WORKAROUNDS[chain]}")
        return cst.RemovalSentinel.REMOVE

    def leave_Comparison(self, original: cst.Comparison, updated: cst.Comparison) -> cst.BaseExpression:
        """``K.image_dim_ordering() == 'th'`` -> ``K.image_data_format() == 'channels_first'``."""
        sides = [original.left, *[t.comparator for t in original.comparisons]]
        if not any(type(s) is cst.Call and
                   _backend_function(self.qualname(s.func)) == "image_dim_ordering" for s in sides):
            return updated
        if self.ctx.options.image_dim_ordering == "th" and len(updated.comparisons) == 1 and \
                self.ctx.options.keras_module != "tensorflow.keras":
            folded = _fold(updated)
            if folded is not None:
                self.change(original, folded)
                return folded
        changed = False
        left = updated.left
        if type(left) is cst.SimpleString and literal(left) in spec.DIM_ORDERING_VALUES:
            left = to_node(spec.DIM_ORDERING_VALUES[literal(left)], left)
            changed = True
        comparisons = []
        for target in updated.comparisons:
            comp = target.comparator
            if type(comp) is cst.SimpleString and literal(comp) in spec.DIM_ORDERING_VALUES:
                comp = to_node(spec.DIM_ORDERING_VALUES[literal(comp)], comp)
                changed = True
            comparisons.append(target.with_changes(comparator=comp))
        if not changed:
            return updated
        new = updated.with_changes(left=left, comparisons=comparisons)
        self.change(original, new)
        return new


def _fold(comparison: cst.Comparison) -> cst.BaseExpression | None:
    """``'channels_first' == 'th'`` (a query already answered) -> ``True``/``False``."""
    left, target = literal(comparison.left), literal(comparison.comparisons[0].comparator)
    if not isinstance(left, str) or not isinstance(target, str):
        return None
    values = {**spec.DIM_ORDERING_VALUES, "channels_first": "channels_first", "channels_last": "channels_last"}
    if left not in values or target not in values:
        return None
    op = comparison.comparisons[0].operator
    same = values[left] == values[target]
    if isinstance(op, cst.Equal):
        return cst.Name("True" if same else "False")
    if isinstance(op, cst.NotEqual):
        return cst.Name("False" if same else "True")
    return None


def _with_training(params: cst.Parameters) -> cst.Parameters:
    """``params`` plus ``training=None`` (keyword-only after ``*args``), before any ``**kwargs``."""
    param = cst.Param(cst.Name("training"), default=cst.Name("None"),
                      equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                            whitespace_after=cst.SimpleWhitespace("")))
    if type(params.star_arg) is cst.Param or params.kwonly_params:
        return params.with_changes(kwonly_params=[*params.kwonly_params, param])
    return params.with_changes(params=[*params.params, param])


def _rename_attr(func: cst.BaseExpression, new: str) -> cst.BaseExpression:
    if type(func) is cst.Attribute:
        return func.with_changes(attr=cst.Name(new))
    if type(func) is cst.Name:
        return func.with_changes(value=new)
    return func


__all__ = ["Backend", "dotted"]

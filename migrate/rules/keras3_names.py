"""No dangling names: every ``keras...`` name and keyword the output uses exists in Keras 3.

Runs last in the shared walk, so it sees each node as the other rules left it.
The output's local names are derived from the file's Keras 1 imports the way the
``imports`` rule rewrites them (``Convolution2D`` -> local ``Conv2D`` bound to
``keras.layers.Conv2D``); ``keras`` is the root module inserted code uses.  Checked
against ``legacy_keras.spec.keras3_api`` (generated from the installed Keras 3):

* ``from keras.x import a`` left in the output: ``keras.x`` and ``a`` must exist;
* ``keras.layers.Foo`` / ``layers.Foo`` attribute chains: each module component and
  the first name below it must exist;
* ``Dense(..., init=...)``: a keyword given to a known Keras 3 callable that does not
  take ``**kwargs`` must be one of its parameters (layers: their own and
  ``keras.layers.Layer``'s).

What fails is reported (never rewritten blindly), once per line and name, unless
another rule already reported that line.  Names and keywords in expressions are
held (``FileContext.hold``) and reported at the end, only when the node is still in the output: a rule may
rewrite the call around them later in the walk (``layers.Merge(mode='sum')([a, b])``
becomes ``Add()([a, b])`` when the outer call is left).
"""
from __future__ import annotations

import libcst as cst

from legacy_keras.spec import keras3_api as api
from legacy_keras.spec import modules as spec_modules
from migrate.context import dotted
from migrate.cstutil import keras3_qualname
from migrate.rules.base import Rule

DESCRIPTION = "report keras names and keywords of the output that Keras 3 does not have"


#: names another rule answers for: ``K.*`` (the backend table reports what it cannot write).
_OTHER_RULES = ("keras.backend.", "keras.wrappers.scikit_learn")  # and the ecosystem rule's scikeras
#: keywords rewritten at statement level after the call is left (``batch_input_shape`` of a
#: Sequential's first layer becomes a ``keras.Input``; the layers rule reports the rest).
_STATEMENT_LEVEL = frozenset({"batch_input_shape", "batch_size"})


class Keras3Names(Rule):
    name = "keras3_names"
    DESCRIPTION = DESCRIPTION

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self._locals: dict[str, str] | None = None
        #: ids of Call.func nodes: checked when the call is left (rules rewrite calls there)
        self._funcs: set[int] = set()

    def visit_Call(self, node: cst.Call) -> None:
        self._funcs.add(id(node.func))

    # -- the output's local names ------------------------------------------------
    def _output_locals(self) -> dict[str, str]:
        if self._locals is not None:
            return self._locals
        tf_mode = self.ctx.options.keras_module == "tensorflow.keras"
        out: dict[str, str] = {}
        for local, qual in self.ctx.bindings.names.items():
            home = keras3_qualname(qual)
            if home is None:
                continue
            if tf_mode and not home.startswith("tensorflow."):
                home = "tensorflow." + home
            norm = api.normalise(home)
            if norm is None:
                continue
            last = qual.rsplit(".", 1)[-1]
            new_local = local
            if local == last and norm.rsplit(".", 1)[-1] != local and "." in qual:
                new_local = norm.rsplit(".", 1)[-1]
            out[new_local] = norm
            out.setdefault(local, norm)  # a renamed module keeps its local name: ``initializers as initializations``
        out.setdefault("keras", "keras")
        self._locals = out
        return out

    def _qualname(self, node: cst.BaseExpression) -> str | None:
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        base = self._output_locals().get(head)
        if base is None:
            return None
        return f"{base}.{rest}" if rest else base

    def _reported(self, line: int) -> bool:
        return any(w.line == line and w.rule != self.name for w in self.ctx.warnings)

    def _missing(self, node: cst.CSTNode, missing: str, output: cst.CSTNode | None = None) -> None:
        """``output``: the node as the walk left it, when the note waits for the end."""
        line = self.ctx.line_of(node)
        message = (f"{missing} does not exist in Keras {api.keras_version()}: "
                   f"rewrite it (see the README's migration table) or run under legacy-run")
        if output is not None:
            self.ctx.hold(self.name, output, line, message, second=True)
        elif not self._reported(line):
            self.warn(line, message)

    # -- imports left in the output ------------------------------------------------
    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        for small in updated.body:
            if type(small) is not cst.ImportFrom or small.relative or small.module is None \
                    or type(small.names) is cst.ImportStar:
                continue
            module = api.normalise(dotted(small.module) or "")
            if module is None or not (module == "keras" or module.startswith("keras.")):
                continue
            missing, _ = api.resolve(module)
            if missing is not None:
                self._missing(original, missing)
                continue
            for alias in small.names:
                name = dotted(alias.name) or ""
                local = alias.asname.name.value if alias.asname else name  # type: ignore[union-attr]
                if local in self.ctx.name_rewritten or name in spec_modules.REWRITTEN_AWAY:
                    continue  # every use rewritten: the import goes at the end
                missing, _ = api.resolve(f"{module}.{name}")
                if missing is not None:
                    self._missing(original, missing)
        return updated

    # -- names and keywords in expressions ---------------------------------------------
    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        if id(original) in self._funcs:
            return updated
        qual = self._qualname(updated)
        if qual is not None and qual.startswith("keras.") and not qual.startswith(_OTHER_RULES):
            missing, _ = api.resolve(qual)
            if missing is not None:
                self._missing(original, missing, updated)
        return updated

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        qual = self._qualname(updated.func)
        if qual is None or not qual.startswith("keras.") or qual.startswith(_OTHER_RULES):
            return updated
        missing, entry = api.resolve(qual)
        if missing is not None:
            if type(updated.func) is cst.Attribute:
                self._missing(original, missing, updated)
            return updated
        allowed = api.keywords(entry)
        if allowed is None:
            return updated
        for arg in updated.args:
            if arg.keyword is not None and arg.keyword.value not in allowed \
                    and arg.keyword.value not in _STATEMENT_LEVEL:
                self.ctx.hold(self.name, updated, self.ctx.line_of(original),
                              f"{qual}() has no keyword {arg.keyword.value}= in Keras "
                              f"{api.keras_version()}: rewrite it or run under legacy-run", second=True)
        return updated

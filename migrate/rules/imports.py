"""Keras 1 module paths and names -> their Keras 3 homes (``legacy_keras.spec.modules``).

``from keras.layers.convolutional import Convolution2D`` becomes
``from keras.layers import Conv2D`` and every ``Convolution2D`` of the file
``Conv2D``; ``from keras.utils import np_utils`` becomes
``from keras import utils as np_utils`` so ``np_utils.to_categorical`` keeps
working; Tokenizer / ImageDataGenerator / skipgrams come from
``tensorflow.keras.preprocessing`` (the only place Keras 3 kept them).
Removed names stay (their import fails loudly) and are reported.
"""
from __future__ import annotations

import libcst as cst

from legacy_keras.spec import modules as spec_modules
from legacy_keras.spec.keras1_names import FOREIGN_NAMES
from migrate.context import Change, build_dotted, dotted
from migrate.cstutil import keras3_qualname, removal_advice
from migrate.helpers import KERAS1_INITIALIZATION_FUNCTIONS
from migrate.rules.base import Rule

DESCRIPTION = "Keras 1 imports and module paths -> Keras 3 homes"

#: Keras 1 functions (by last name, imported from a Keras module) replaced by an inserted
#: helper of ``migrate.helpers``: every use is renamed, the import goes.
HELPER_FUNCTIONS = {"slice_X": "keras1_slice_X", "Highway": "Keras1Highway", "MaxoutDense": "Keras1MaxoutDense",
                    "LocallyConnected1D": "Keras1LocallyConnected1D",
                    "LocallyConnected2D": "Keras1LocallyConnected2D"}

#: Keras 1 initializer functions imported by name whose Keras 3 name differs (same
#: distribution and defaults: ``normal`` was N(0, 0.05), ``uniform`` U(-0.05, 0.05)).
INITIALIZER_RENAMES = {"normal": "random_normal", "uniform": "random_uniform", "zero": "zeros", "one": "ones"}
_INITIALIZER_MODULES = ("keras.initializations", "keras.initializers")
#: Keras 1 initializer functions imported by name from ``keras.initializations`` whose Keras 3
#: namesake computes something else -> the inserted Keras 1 form (``migrate.helpers``).
INITIALIZER_HELPERS = {"glorot_normal": "keras1_glorot_normal", "he_normal": "keras1_he_normal",
                       "orthogonal": "keras1_orthogonal"}

def _mergeable_module(stmt: cst.CSTNode) -> str | None:
    """The module of a one-line, comment-free ``from keras... import a, b`` statement."""
    if type(stmt) is not cst.SimpleStatementLine or len(stmt.body) != 1:
        return None
    imp = stmt.body[0]
    if type(imp) is not cst.ImportFrom or imp.relative or imp.module is None \
            or type(imp.names) is cst.ImportStar or imp.lpar is not None:
        return None
    if any(line.comment for line in stmt.leading_lines) or stmt.trailing_whitespace.comment is not None:
        return None
    module = dotted(imp.module) or ""
    if not (module == "keras" or module.startswith(("keras.", "tensorflow.keras"))):
        return None
    return module


def _is_module(qualname: str) -> bool:
    """Whether a Keras 1 qualified name names a module (``keras.utils.np_utils``) rather than an object."""
    if qualname in spec_modules.MODULE_HOMES or qualname == "keras":
        return True
    head, _, last = qualname.rpartition(".")
    return head.startswith("keras") and last in spec_modules.KERAS1_SUBMODULES


_IMPORTS = (cst.Import, cst.ImportFrom)


def _free_names(source: str) -> set[str]:
    """Names read somewhere in ``source`` that no scope binds and that are no builtins."""
    import builtins
    import symtable

    try:
        top = symtable.symtable(source, "<source>", "exec")
    except SyntaxError:
        return set()
    bound = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}
    free: set[str] = set()
    stack = [top]
    while stack:
        table = stack.pop()
        stack.extend(table.get_children())
        for symbol in table.get_symbols():
            if symbol.is_referenced() and (symbol.is_global() or table is top) and not symbol.is_assigned() \
                    and not symbol.is_imported() and not symbol.is_parameter():
                free.add(symbol.get_name())
    return free - bound - set(dir(builtins))


class Imports(Rule):
    name = "imports"
    DESCRIPTION = DESCRIPTION

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self._skip_names: set[int] = set()
        self._inner_attr: set[int] = set()
        #: ids of import statements this rule rewrote (candidates for merging at the end)
        self._rewritten_lines: set[int] = set()
        #: ids of Names of Keras 1 initializer functions used as functions (called, or given
        #: to ``partial``): they become the inserted ``keras1_initializations.<name>``
        self._init_function_uses: set[int] = set()
        self._init_function_locals: frozenset[str] | None = None
        #: Keras modules star-imported: their leaked foreign names (``np``) are imported at the end
        self._star_modules: list[str] = []

    # -- bookkeeping: which Name nodes are references -------------------------
    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._skip_names.add(id(node.attr))
        if type(node.value) is cst.Attribute:
            self._inner_attr.add(id(node.value))

    def visit_Call(self, node: cst.Call) -> None:
        if self._init_function_locals is None:
            self._init_function_locals = frozenset(
                local for local, qual in self.ctx.bindings.names.items()
                if qual.rpartition(".")[0] == "keras.initializations"
                and qual.rpartition(".")[2] in KERAS1_INITIALIZATION_FUNCTIONS)
        if not self._init_function_locals:
            return
        func = node.func
        if type(func) is cst.Name and func.value in self._init_function_locals:
            self._init_function_uses.add(id(func))
        elif dotted(func) in ("partial", "functools.partial") and node.args and \
                type(node.args[0].value) is cst.Name and node.args[0].value.value in self._init_function_locals:  # type: ignore[attr-defined]
            self._init_function_uses.add(id(node.args[0].value))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._skip_names.add(id(node.keyword))

    def visit_Param(self, node: cst.Param) -> None:
        self._skip_names.add(id(node.name))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._skip_names.add(id(node.name))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._skip_names.add(id(node.name))

    # -- references -------------------------------------------------------------
    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        qual = self.ctx.bindings.names.get(original.value)  # None for almost every name: first
        if qual is None or id(original) in self._skip_names:
            return updated
        self.ctx.name_refs[original.value] = self.ctx.name_refs.get(original.value, 0) + 1
        module, _, name = qual.rpartition(".")
        if name in HELPER_FUNCTIONS:
            self.ctx.helpers.add(HELPER_FUNCTIONS[name])
            self.ctx.rewritten(original.value)
            self.change(original, HELPER_FUNCTIONS[name])
            return updated.with_changes(value=HELPER_FUNCTIONS[name])
        if id(original) in self._init_function_uses:
            return self._initialization_function(original, name)
        if name != original.value:  # aliased import: the alias keeps working
            return updated
        if module in _INITIALIZER_MODULES and name in INITIALIZER_RENAMES:
            return updated.with_changes(value=INITIALIZER_RENAMES[name])
        if module == "keras.initializations" and name in INITIALIZER_HELPERS:
            self.ctx.helpers.add(INITIALIZER_HELPERS[name])
            self.ctx.rewritten(original.value)
            self.change(original, INITIALIZER_HELPERS[name])
            return updated.with_changes(value=INITIALIZER_HELPERS[name])
        home = keras3_qualname(qual)
        if home is None or _is_module(qual):
            return updated
        new = home.rsplit(".", 1)[-1]
        if new != original.value:
            return updated.with_changes(value=new)
        return updated

    def _initialization_function(self, original: cst.CSTNode, name: str) -> cst.BaseExpression:
        """A Keras 1 initializer *function* (Keras 3 has none): the inserted Keras 1 form."""
        self.ctx.helpers.add("keras1_initializations")
        if type(original) is cst.Name:
            self.ctx.rewritten(original.value)  # type: ignore[attr-defined]
        new = f"keras1_initializations.{name}"
        self.change(original, new)
        return build_dotted(new)

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        qual = self.qualname(original)
        if qual is None or qual.startswith("keras.backend."):
            return updated
        module, _, name = qual.rpartition(".")
        if module == "keras.initializations" and name in KERAS1_INITIALIZATION_FUNCTIONS:
            return self._initialization_function(original, name)
        head = dotted(original)
        assert head is not None
        local = head.split(".")[0]
        base = self.ctx.bindings.names[local]
        home = keras3_qualname(qual)
        if home is None:
            if id(original) not in self._inner_attr:
                # held: a later rule may rewrite the call around it (``layers.Merge(...)([a, b])``)
                self.ctx.hold(self.name, original, self.ctx.line_of(original), f"{qual}: {removal_advice(qual)}")
            return updated
        base_home = keras3_qualname(base) or base
        if home == qual:
            return updated
        if home.startswith(base_home + "."):
            new = local + home[len(base_home):]
        elif home.startswith("tensorflow.keras.") and base_home == "keras" and \
                self.ctx.options.keras_module == "tensorflow.keras":
            new = local + home[len("tensorflow.keras"):]
        else:
            if not home.startswith("scikeras."):  # keras.wrappers.scikit_learn.X: the ecosystem rule's
                self.warn(original, f"{qual} lives in {home} in Keras 3; import it from there")
            return updated
        if new == head:
            return updated
        result = build_dotted(new)
        if id(original) not in self._inner_attr:
            self.change(original, new)
        return result  # type: ignore[return-value]

    # -- import statements ------------------------------------------------------
    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine):  # type: ignore[no-untyped-def]
        if not any(type(s) in _IMPORTS for s in updated.body):  # exact types: cheaper than ABC isinstance
            return updated
        pieces: list[list[cst.BaseSmallStatement]] = []
        changed = False
        for small in updated.body:
            replacement = None
            if type(small) is cst.ImportFrom:
                replacement = self._import_from(small)
            elif type(small) is cst.Import:
                replacement = self._import(small)
            if replacement is None:
                pieces.append([small])
            else:
                changed = True
                pieces.append(replacement)
        if not changed:
            return updated
        flat = [s for group in pieces for s in group]
        if len(updated.body) == 1 and len(flat) > 1:
            lines = [updated.with_changes(body=[flat[0].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)])]
            for stmt in flat[1:]:
                lines.append(cst.SimpleStatementLine(body=[stmt.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)]))
            after = "\n".join(cst.Module([]).code_for_node(line).strip() for line in lines)
            self.change(original, after)
            return cst.FlattenSentinel(lines)
        body = [s.with_changes(semicolon=cst.Semicolon(whitespace_after=cst.SimpleWhitespace(" ")))
                for s in flat[:-1]] + [flat[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)]
        new = updated.with_changes(body=body)
        self.change(original, new)
        self._rewritten_lines.add(id(new))
        return new

    # -- one import line per module (what a Keras expert writes) ----------------
    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        """Merge top-level ``from keras.x import ...`` lines of one module when this rule wrote
        at least one of them (``keras.layers.core``/``.convolutional`` both became
        ``keras.layers``).  Lines with comments, aliases of the same name or a result longer
        than 99 characters stay as they are; code the rule did not touch is never merged."""
        if self._star_modules:
            self._leaked_names()
        if not self._rewritten_lines:
            return updated
        groups: dict[str, list[int]] = {}
        body = list(updated.body)
        for i, stmt in enumerate(body):
            module = _mergeable_module(stmt)
            if module is not None:
                groups.setdefault(module, []).append(i)
        drop: set[int] = set()
        for module, indices in groups.items():
            if len(indices) < 2 or not any(id(body[i]) in self._rewritten_lines for i in indices):
                continue
            aliases: list[cst.ImportAlias] = []
            seen: set[str] = set()
            for i in indices:
                for alias in body[i].body[0].names:  # type: ignore[union-attr]
                    asname = alias.asname.name if alias.asname is not None else None
                    code = f"{dotted(alias.name)} as {dotted(asname)}"  # type: ignore[arg-type]
                    if code not in seen:
                        seen.add(code)
                        aliases.append(alias.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))))
            aliases[-1] = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            first = body[indices[0]]
            merged = first.with_changes(body=[first.body[0].with_changes(names=aliases)])  # type: ignore[attr-defined]
            if len(cst.Module([]).code_for_node(merged).strip()) > 99:
                continue
            body[indices[0]] = merged
            drop.update(indices[1:])
        if not drop:
            return updated
        return updated.with_changes(body=[stmt for i, stmt in enumerate(body) if i not in drop])

    def _leaked_names(self) -> None:
        """Names the file uses but never binds, that a star-imported Keras 1 module leaked
        (``np`` after ``from keras.optimizers import *``): Keras 3's modules leak nothing, so
        the import is written out (``spec.FOREIGN_NAME_IMPORTS``), or reported."""
        leaked = {name for module in self._star_modules for name in FOREIGN_NAMES.get(module, ())}
        for name in sorted(_free_names(self.ctx.source) & leaked):
            line = spec_modules.FOREIGN_NAME_IMPORTS.get(name)
            if line is not None:
                self.ctx.statement_adds.add(line)
                self.ctx.changes.append(Change(1, self.name, "", f"{line} (a Keras 1 star import leaked {name})"))
            else:
                self.warn(0, f"{name} came from a Keras 1 star import (keras.x leaked it); "
                             f"Keras 3 does not: import it yourself")

    def _target(self, module: str) -> str:
        return self.ctx.target_module(module)

    def _import_from(self, node: cst.ImportFrom) -> list[cst.BaseSmallStatement] | None:
        if node.relative or node.module is None:
            return None
        module = dotted(node.module)
        assert module is not None
        if module != "keras" and not module.startswith("keras."):
            return None
        if type(node.names) is cst.ImportStar:
            home = keras3_qualname(module)
            if home is None:
                self.warn(node, f"{module}: {removal_advice(module)}")
                return None
            self.warn(node, f"'from {module} import *': names are not tracked, review uses of "
                            f"renamed Keras 1 classes by hand")
            self._star_modules.append(module)
            target = self._target(home)
            if target == module:
                return None
            return [node.with_changes(module=build_dotted(target))]
        groups: dict[str, list[cst.ImportAlias]] = {}
        seen: set[tuple[str, str | None]] = set()
        changed = False
        for alias in node.names:
            name = dotted(alias.name)
            assert name is not None
            qual = f"{module}.{name}"
            asname = alias.asname.name.value if alias.asname is not None else None  # type: ignore[union-attr]
            home = keras3_qualname(qual)
            if module in _INITIALIZER_MODULES and name in INITIALIZER_RENAMES:
                home = f"keras.initializers.{INITIALIZER_RENAMES[name]}"
            if name in HELPER_FUNCTIONS or (module == "keras.initializations" and name in INITIALIZER_HELPERS):
                home = None
            if home is None or name in spec_modules.REWRITTEN_AWAY:
                # a removed name the file never uses goes with the import (Keras 3 would fail on it)
                self.ctx.name_rewritten.setdefault(asname or name, 0)
            if home is None:
                if name not in spec_modules.REWRITTEN_AWAY and name not in HELPER_FUNCTIONS and \
                        not (module == "keras.initializations" and name in INITIALIZER_HELPERS):
                    self.warn(node, f"{qual}: {removal_advice(qual)}")
                target_mod, new_name = self._target(keras3_qualname(module) or module), name
                if keras3_qualname(module) is None:
                    target_mod = module
            else:
                target_mod, _, new_name = home.rpartition(".")
                target_mod = self._target(target_mod)
                if _is_module(qual) and asname is None and new_name != name:
                    asname = name  # keep the local module name: `from keras import utils as np_utils`
                if home.startswith("scikeras."):
                    self.warn(node, f"{qual} -> {home}: a new dependency (pip install scikeras), the "
                                    f"maintained successor; a fitted estimator's model is .model_, "
                                    f"grid-search keys are scikeras' (epochs, not nb_epoch)")
                if home.startswith("tensorflow.keras.") and self.ctx.options.keras_module == "keras":
                    self.ctx.warn(self.name, node, f"{name} survives only in tensorflow.keras "
                                                    f"(imported from {target_mod})")
            if asname == new_name:
                asname = None
            key = (new_name, asname)
            if key in seen:
                changed = True
                continue
            seen.add(key)
            if target_mod != module or new_name != name or asname != (
                    alias.asname.name.value if alias.asname is not None else None):  # type: ignore[union-attr]
                changed = True
            new_alias = alias.with_changes(
                name=cst.Name(new_name),
                asname=cst.AsName(cst.Name(asname)) if asname else None)
            groups.setdefault(target_mod, []).append(new_alias)
        if not changed:
            return None
        out: list[cst.BaseSmallStatement] = []
        for i, (target_mod, aliases) in enumerate(groups.items()):
            aliases = list(aliases)
            if len(groups) > 1 or not isinstance(aliases[-1].comma, cst.Comma) or len(node.names) != len(aliases):
                aliases[-1] = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            if i == 0:
                keep_parens = len(groups) == 1
                out.append(node.with_changes(module=build_dotted(target_mod), names=aliases,
                                             lpar=node.lpar if keep_parens else None,
                                             rpar=node.rpar if keep_parens else None))
            else:
                out.append(cst.ImportFrom(module=build_dotted(target_mod), names=aliases))  # type: ignore[arg-type]
        return out

    def _import(self, node: cst.Import) -> list[cst.BaseSmallStatement] | None:
        out: list[cst.BaseSmallStatement] = []
        plain: list[cst.ImportAlias] = []
        changed = False
        for alias in node.names:
            full = dotted(alias.name)
            assert full is not None
            if full != "keras" and not full.startswith("keras."):
                plain.append(alias)
                continue
            home = keras3_qualname(full)
            if home is None:
                self.warn(node, f"{full}: {removal_advice(full)}")
                plain.append(alias)
                continue
            tf_mode = self.ctx.options.keras_module == "tensorflow.keras"
            if alias.asname is None:
                # `import keras.layers.core` binds `keras`; usages are rewritten attribute by attribute
                if tf_mode:
                    out.append(cst.ImportFrom(module=cst.Name("tensorflow"),
                                              names=[cst.ImportAlias(cst.Name("keras"))]))
                    changed = True
                elif home != full:
                    plain.append(alias.with_changes(name=build_dotted(home)))
                    changed = True
                else:
                    plain.append(alias)
                continue
            asname = alias.asname.name.value  # type: ignore[union-attr]
            target = self._target(home)
            if target == full:
                plain.append(alias)
                continue
            parent, _, last = target.rpartition(".")
            changed = True
            if not parent:
                plain.append(alias.with_changes(name=build_dotted(target)))
                continue
            out.append(cst.ImportFrom(module=build_dotted(parent), names=[
                cst.ImportAlias(cst.Name(last), asname=cst.AsName(cst.Name(asname)) if asname != last else None)]))
        if not changed:
            return None
        if plain:
            plain[-1] = plain[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            out.insert(0, node.with_changes(names=plain))
        return out

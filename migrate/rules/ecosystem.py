"""Removed NumPy aliases and scikit-learn modules old Keras scripts use (as ruff's NPY001 does).

``np.float``/``np.int``/``np.bool``/``np.object``/``np.str`` (and ``np.long``,
``np.unicode``, ``np.complex``) were deprecated aliases of the Python builtins,
removed in NumPy 1.24: they become the builtins.  ``sklearn.grid_search`` and
``sklearn.cross_validation`` were removed in scikit-learn 0.20: their names come
from ``sklearn.model_selection`` (``KFold``/``StratifiedKFold``/``ShuffleSplit``
changed their arguments: reported).  ``np.float32`` and friends are not touched.

``keras.wrappers.scikit_learn.KerasClassifier/KerasRegressor`` (gone from Keras) become
scikeras' (``from scikeras.wrappers import ...``, the import rule; a new dependency, reported):
``build_fn=`` -> ``model=``, ``nb_epoch=`` -> ``epochs=`` (Keras 1's default of 10 written
out: scikeras' is 1), fit-only keywords routed as ``fit__<name>=``, the build_fn's own
keywords kept (scikeras passes them to the model function).  A classifier whose model
function compiles with ``loss='categorical_crossentropy'`` gets that loss on the wrapper
too: scikeras one-hot encodes the labels only when the wrapper is told (Keras 1 read the
compiled model's loss).

The module-attribute forms are rewritten the same way (issue 11): a module alias
(``import keras.wrappers.scikit_learn as ksk``, ``from keras.wrappers import scikit_learn``)
becomes an alias of ``scikeras.wrappers`` (the import rule, from ``MODULE_HOMES``), so
``ksk.KerasClassifier(...)`` keeps its spelling; a chain from the ``keras`` root
(``keras.wrappers.scikit_learn.KerasClassifier`` after ``import keras`` or ``import
keras.wrappers.scikit_learn``) becomes the bare name imported ``from scikeras.wrappers``,
and ``import keras.wrappers.scikit_learn`` goes (``import keras`` comes back when the file
still uses ``keras.``: that import bound it).

``np.random.seed(1337)  # for reproducibility`` fixed a Keras 1 model's initial weights (Keras 1
drew them from numpy's global generator); Keras 3 draws from its own seed generator, so the
call becomes ``keras.utils.set_random_seed(1337)``, which seeds numpy the same way and also
Python's ``random`` and TensorFlow (initial weights, dropout, ``fit`` shuffling).  That function
takes a Python int only: a seed that is not an integer literal (``np.random.seed(args.seed)``)
keeps its call and is reported with the line to add.
"""
from __future__ import annotations

import re

import libcst as cst

from legacy_keras.spec import modules as spec_modules
from migrate.context import build_dotted, dotted
from migrate.cstutil import new_slot, slots_of, to_node
from migrate.rules.base import Rule

_SK = spec_modules.SCIKIT_LEARN_MODULE
_WRAPPERS = {f"{_SK}.{n}": n for n in ("KerasClassifier", "KerasRegressor")}
#: attribute names that can end a ``keras.wrappers.scikit_learn`` chain (the cheap first test)
_SK_NAMES = frozenset(spec_modules.SCIKIT_LEARN_NAMES)
_CATEGORICAL = re.compile(r"""loss\s*=\s*['"]categorical_crossentropy['"]""")

DESCRIPTION = ("removed NumPy aliases (np.float...) -> builtins; sklearn.grid_search/cross_validation -> "
               "model_selection; keras.wrappers.scikit_learn -> scikeras.wrappers; "
               "np.random.seed(N) -> keras.utils.set_random_seed(N)")

NUMPY_ALIASES = {"float": "float", "int": "int", "bool": "bool", "object": "object", "str": "str",
                 "long": "int", "unicode": "str", "complex": "complex"}
SKLEARN_MODULES = {"sklearn.grid_search": "sklearn.model_selection",
                   "sklearn.cross_validation": "sklearn.model_selection"}
#: names whose constructor arguments changed on the way to sklearn.model_selection
CHANGED_SIGNATURES = {"KFold": "KFold(n, n_folds) -> KFold(n_splits) and .split(X)",
                      "StratifiedKFold": "StratifiedKFold(y, n_folds) -> StratifiedKFold(n_splits) and .split(X, y)",
                      "ShuffleSplit": "ShuffleSplit(n, n_iter) -> ShuffleSplit(n_splits) and .split(X)",
                      "StratifiedShuffleSplit": "StratifiedShuffleSplit(y, n_iter) -> (n_splits) and .split(X, y)",
                      "LeaveOneOut": "LeaveOneOut(n) -> LeaveOneOut() and .split(X)"}

#: words that make a statement worth walking for this rule (``migrate.transform`` pre-filter)
TRIGGER_WORDS = tuple(f"{m}.{a}" for m in ("np", "numpy") for a in NUMPY_ALIASES) + (
    "random.seed", "grid_search", "cross_validation",
    # a wrapper variable (``clf = KerasClassifier(...)``) keeps ``clf.predict_proba`` (models rule)
    "KerasClassifier", "KerasRegressor")


class Ecosystem(Rule):
    name = "ecosystem"
    DESCRIPTION = DESCRIPTION

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self._numpy: set[str] | None = None
        #: ``keras.wrappers.scikit_learn`` chains from the keras root rewritten, per head local
        self._root_uses: dict[str, int] = {}
        #: a removed ``import keras.wrappers.scikit_learn`` (it bound ``keras``)
        self._dropped_root_import = False
        #: the scikeras dependency was reported (at an import, or at the first rewritten use)
        self._reported_dependency = False
        #: ids of ``keras.wrappers.scikit_learn`` attribute nodes -> line, until their ``.X`` is rewritten
        self._module_refs: dict[int, int] = {}
        #: top-level names the file binds otherwise (a bare ``KerasClassifier`` must not clash)
        self._taken: dict[str, str] | None = None

    def _numpy_names(self) -> set[str]:
        """Local names bound to numpy by the file's top-level imports."""
        if self._numpy is None:
            names = set()
            for stmt in self.ctx.module.body:
                if type(stmt) is cst.SimpleStatementLine:
                    for small in stmt.body:
                        if type(small) is cst.Import:
                            for alias in small.names:
                                if dotted(alias.name) == "numpy":
                                    names.add(alias.asname.name.value if alias.asname else "numpy")  # type: ignore[union-attr]
            self._numpy = names
        return self._numpy

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        if original.attr.value in _SK_NAMES:
            return self._wrapper_reference(original, updated)
        if original.attr.value == "scikit_learn":
            if self.qualname(original) == _SK:  # `keras.wrappers.scikit_learn`: rewritten with its `.X`?
                self._module_refs[id(original)] = self.ctx.line_of(original)
            return updated
        if original.attr.value not in NUMPY_ALIASES or type(original.value) is not cst.Name:
            return updated
        if original.value.value not in self._numpy_names():
            return updated
        new = cst.Name(NUMPY_ALIASES[original.attr.value], lpar=updated.lpar, rpar=updated.rpar)
        self.change(original, new)
        return new

    def visit_Import(self, node: cst.Import) -> bool:
        return False  # import targets are not references (as in the import rule)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        if updated.relative or updated.module is None:
            return updated
        module = dotted(updated.module) or ""
        if module == _SK or module == "keras.wrappers":
            self._reported_dependency = True  # the import rule reports scikeras at this line
        target = SKLEARN_MODULES.get(module)
        if target is None:
            return updated
        if type(updated.names) is not cst.ImportStar:
            for alias in updated.names:
                name = dotted(alias.name) or ""
                if name in CHANGED_SIGNATURES:
                    self.warn(original, f"{module}.{name} -> sklearn.model_selection.{name}: "
                                        f"{CHANGED_SIGNATURES[name]}")
        new = updated.with_changes(module=build_dotted(target))
        self.change(original, new)
        return new

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import | cst.RemovalSentinel:
        aliases = []
        changed = False
        for alias in updated.names:
            name = dotted(alias.name) or ""
            if name == _SK:
                if alias.asname is None:  # its uses become bare scikeras names: the import goes
                    self._dropped_root_import = True
                    changed = True
                    continue
                self._report_dependency(original, f"{_SK} -> {spec_modules.SCIKERAS_MODULE}")
            if name in SKLEARN_MODULES and alias.asname is not None:
                alias = alias.with_changes(name=build_dotted(SKLEARN_MODULES[name]))
                changed = True
            elif name in SKLEARN_MODULES:
                self.warn(original, f"import {name}: removed in scikit-learn 0.20; import "
                                    f"sklearn.model_selection and rename its uses")
            aliases.append(alias)
        if not changed:
            return updated
        if not aliases:
            self.change(original, "")
            return cst.RemovalSentinel.REMOVE
        aliases[-1] = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        new = updated.with_changes(names=aliases)
        self.change(original, new)
        return new

    # -- np.random.seed -------------------------------------------------------------
    def _numpy_seed(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """``np.random.seed(N)`` -> ``keras.utils.set_random_seed(N)`` (see the module docstring)."""
        func = original.func
        if type(func.value) is not cst.Attribute or func.value.attr.value != "random" or \
                type(func.value.value) is not cst.Name or func.value.value.value not in self._numpy_names():
            return updated
        slots = slots_of(updated)
        if len(slots) != 1 or slots[0].star or slots[0].keyword not in (None, "seed"):
            return updated  # np.random.seed(): a fresh random state, nothing to keep
        seed = slots[0].value
        if type(seed) is not cst.Integer:
            self.warn(original, f"{self.ctx.code(original)} no longer fixes Keras's initial weights "
                                f"(Keras 1 drew them from numpy); add keras.utils.set_random_seed(int(seed)), "
                                f"which seeds numpy, Python and TensorFlow")
            return updated
        new = cst.Call(self.ctx.root_expr("utils.set_random_seed"), [cst.Arg(seed)],
                       lpar=updated.lpar, rpar=updated.rpar)
        self.change(original, new)
        return new

    # -- keras.wrappers.scikit_learn -> scikeras ------------------------------------
    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if type(original.func) is cst.Attribute and original.func.attr.value == "seed":
            return self._numpy_seed(original, updated)
        name = _WRAPPERS.get(self.qualname(original.func) or "")
        if name is None:
            return updated
        slots = slots_of(updated)
        if any(s.star for s in slots):
            self.warn(original, f"{name}(**kwargs) -> scikeras: rename build_fn= to model= and "
                                f"nb_epoch= to epochs= (default 10 in Keras 1, 1 in scikeras) by hand")
            return updated
        for slot in slots:
            if slot.keyword in spec_modules.SCIKERAS_KWARGS:
                slot.keyword = spec_modules.SCIKERAS_KWARGS[slot.keyword]
        keywords = {s.keyword for s in slots}
        if "epochs" not in keywords:
            slots.append(new_slot("epochs", to_node(spec_modules.SCIKERAS_KERAS1_EPOCHS)))
        if name == "KerasClassifier" and "loss" not in keywords:
            build = next((s.value for s in slots if s.keyword in (None, "model")), None)
            if self._compiles_categorical(build):
                slots.append(new_slot("loss", to_node("categorical_crossentropy")))
            elif type(build) is not cst.Name or self._function(build.value) is None:
                self.warn(original, "KerasClassifier -> scikeras: if the model function compiles with "
                                    "loss='categorical_crossentropy' and y holds class labels, pass "
                                    "loss='categorical_crossentropy' to the wrapper too (scikeras one-hot "
                                    "encodes only then)")
        if name == "KerasRegressor":
            self.warn(original, "KerasRegressor -> scikeras: score() is R^2 there (Keras 1 returned minus the "
                                "loss); pass scoring='neg_mean_squared_error' (or your loss) to grid searches "
                                "that relied on it")
        return self.rebuilt(original, updated, slots, True)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        for base in node.bases:
            name = _WRAPPERS.get(self.qualname(base.value) or "")
            if name is not None:
                self.warn(node, f"subclass of {name} -> scikeras: scikeras builds the model with "
                                f"_keras_build_fn(self, ...), not __call__: rename the method by hand")

    def _function(self, name: str) -> cst.FunctionDef | None:
        for stmt in self.ctx.module.body:
            if type(stmt) is cst.FunctionDef and stmt.name.value == name:
                return stmt
        return None

    def _compiles_categorical(self, build: cst.BaseExpression | None) -> bool:
        if type(build) is not cst.Name:
            return False
        fn = self._function(build.value)
        return fn is not None and bool(_CATEGORICAL.search(self.ctx.module.code_for_node(fn)))

    # -- keras.wrappers.scikit_learn.X chains ----------------------------------------
    def _wrapper_reference(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        """``keras.wrappers.scikit_learn.KerasClassifier`` (from the keras root) -> ``KerasClassifier``
        imported from scikeras; a chain through a module alias is left to the import rule."""
        qual = self.qualname(original)
        name = original.attr.value
        if qual != f"{_SK}.{name}":
            return updated
        self._module_refs.pop(id(original.value), None)
        head = (dotted(original) or "").split(".")[0]
        if self.ctx.bindings.names.get(head, "").startswith(_SK):
            return updated  # `ksk.KerasClassifier`: ksk becomes an alias of scikeras.wrappers
        taken = self._taken_names().get(name)
        if taken is not None and taken not in (_SK, spec_modules.SCIKERAS_MODULE):
            self.warn(original, f"{qual} -> {spec_modules.SCIKERAS_MODULE}.{name}: the file binds {name} "
                                f"to {taken}; import scikeras' under another name by hand")
            return updated
        self.ctx.import_adds.add((spec_modules.SCIKERAS_MODULE, name))
        self.ctx.rewritten(head)
        self._root_uses[head] = self._root_uses.get(head, 0) + 1
        self._report_dependency(original, f"{qual} -> {spec_modules.SCIKERAS_MODULE}.{name}")
        if name == "BaseWrapper":
            self.warn(original, "BaseWrapper -> scikeras: scikeras builds the model with "
                                "_keras_build_fn(self, ...), not __call__; check subclasses by hand")
        new = cst.Name(name, lpar=updated.lpar, rpar=updated.rpar)
        self.change(original, new)
        return new

    def _report_dependency(self, node: cst.CSTNode, what: str) -> None:
        if not self._reported_dependency:
            self._reported_dependency = True
            self.warn(node, f"{what}: {spec_modules.SCIKERAS_DEPENDENCY}")

    def _taken_names(self) -> dict[str, str]:
        """Top-level names bound by the file's imports (-> module) and defs (-> '<def>')."""
        if self._taken is None:
            taken: dict[str, str] = {}
            for stmt in self.ctx.module.body:
                if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
                    taken[stmt.name.value] = "<def>"
                elif type(stmt) is cst.SimpleStatementLine:
                    for small in stmt.body:
                        if type(small) is cst.ImportFrom and type(small.names) is not cst.ImportStar:
                            module = "." * len(small.relative) + (dotted(small.module) or "")
                            for alias in small.names:
                                local = alias.asname.name if alias.asname else alias.name
                                if type(local) is cst.Name:
                                    taken[local.value] = module
            self._taken = taken
        return self._taken

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        """``import keras.wrappers.scikit_learn`` was dropped: it bound ``keras``, so ``import
        keras`` comes back (``_finish_module``) when other ``keras.`` uses remain -- or when
        the import rule did not count references at all (``--select``)."""
        for line in sorted(set(self._module_refs.values())):
            self.warn(line, f"{_SK} is gone: use {spec_modules.SCIKERAS_MODULE} (pip install scikeras) "
                            f"here by hand")
        if self._dropped_root_import:
            rewritten = self._root_uses.get("keras", 0)
            refs = self.ctx.name_refs.get("keras", 0)
            if not (rewritten and refs == rewritten):
                self.ctx.needs_root = True
        return updated

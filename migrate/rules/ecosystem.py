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
"""
from __future__ import annotations

import re

import libcst as cst

from legacy_keras.spec import modules as spec_modules
from migrate.context import build_dotted, dotted
from migrate.cstutil import new_slot, slots_of, to_node
from migrate.rules.base import Rule

_WRAPPERS = {f"keras.wrappers.scikit_learn.{n}": n for n in ("KerasClassifier", "KerasRegressor")}
_CATEGORICAL = re.compile(r"""loss\s*=\s*['"]categorical_crossentropy['"]""")

DESCRIPTION = "removed NumPy aliases (np.float...) -> builtins; sklearn.grid_search/cross_validation -> model_selection"

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
    "grid_search", "cross_validation")


class Ecosystem(Rule):
    name = "ecosystem"
    DESCRIPTION = DESCRIPTION

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self._numpy: set[str] | None = None

    def _numpy_names(self) -> set[str]:
        """Local names bound to numpy by the file's top-level imports."""
        if self._numpy is None:
            names = set()
            for stmt in self.ctx.module.body:
                if isinstance(stmt, cst.SimpleStatementLine):
                    for small in stmt.body:
                        if isinstance(small, cst.Import):
                            for alias in small.names:
                                if dotted(alias.name) == "numpy":
                                    names.add(alias.asname.name.value if alias.asname else "numpy")  # type: ignore[union-attr]
            self._numpy = names
        return self._numpy

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        if original.attr.value not in NUMPY_ALIASES or not isinstance(original.value, cst.Name):
            return updated
        if original.value.value not in self._numpy_names():
            return updated
        new = cst.Name(NUMPY_ALIASES[original.attr.value], lpar=updated.lpar, rpar=updated.rpar)
        self.change(original, new)
        return new

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        if updated.relative or updated.module is None:
            return updated
        module = dotted(updated.module) or ""
        target = SKLEARN_MODULES.get(module)
        if target is None:
            return updated
        if not isinstance(updated.names, cst.ImportStar):
            for alias in updated.names:
                name = dotted(alias.name) or ""
                if name in CHANGED_SIGNATURES:
                    self.warn(original, f"{module}.{name} -> sklearn.model_selection.{name}: "
                                        f"{CHANGED_SIGNATURES[name]}")
        new = updated.with_changes(module=build_dotted(target))
        self.change(original, new)
        return new

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        aliases = []
        changed = False
        for alias in updated.names:
            name = dotted(alias.name) or ""
            if name in SKLEARN_MODULES and alias.asname is not None:
                alias = alias.with_changes(name=build_dotted(SKLEARN_MODULES[name]))
                changed = True
            elif name in SKLEARN_MODULES:
                self.warn(original, f"import {name}: removed in scikit-learn 0.20; import "
                                    f"sklearn.model_selection and rename its uses")
            aliases.append(alias)
        if not changed:
            return updated
        new = updated.with_changes(names=aliases)
        self.change(original, new)
        return new

    # -- keras.wrappers.scikit_learn -> scikeras ------------------------------------
    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
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
            elif not isinstance(build, cst.Name) or self._function(build.value) is None:
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
            if isinstance(stmt, cst.FunctionDef) and stmt.name.value == name:
                return stmt
        return None

    def _compiles_categorical(self, build: cst.BaseExpression | None) -> bool:
        if not isinstance(build, cst.Name):
            return False
        fn = self._function(build.value)
        return fn is not None and bool(_CATEGORICAL.search(self.ctx.module.code_for_node(fn)))

"""Removed NumPy aliases and scikit-learn modules old Keras scripts use (as ruff's NPY001 does).

``np.float``/``np.int``/``np.bool``/``np.object``/``np.str`` (and ``np.long``,
``np.unicode``, ``np.complex``) were deprecated aliases of the Python builtins,
removed in NumPy 1.24: they become the builtins.  ``sklearn.grid_search`` and
``sklearn.cross_validation`` were removed in scikit-learn 0.20: their names come
from ``sklearn.model_selection`` (``KFold``/``StratifiedKFold``/``ShuffleSplit``
changed their arguments: reported).  ``np.float32`` and friends are not touched.
"""
from __future__ import annotations

import libcst as cst

from migrate.context import build_dotted, dotted
from migrate.rules.base import Rule

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

"""A libcst transformer walk that only rebuilds what changed.

``Module.visit(transformer)`` rebuilds every node of the tree (a dataclass
construction with validation per node, plus two attribute callbacks per child
field): a transformer that does nothing costs about 1.7x a parse+print.  The
codemod changes a few dozen nodes per file, so ``Walker`` walks the same nodes
in the same order with the same callback protocol (``visit_<Type>(node)``
returning ``False`` skips the children; ``leave_<Type>(original, updated)``
returns the replacement, a ``RemovalSentinel`` or a ``FlattenSentinel``) but:

* a node is rebuilt (``with_changes``) only when one of its children changed;
* whitespace, punctuation, operators and literal leaves are not entered at all
  when no rule has a callback for such a type (they cannot contain anything a
  rule rewrites): about 60 percent of a typical tree.  Fields that by their
  type annotation hold only such nodes (``lpar``, ``comma``, ``whitespace_*``...)
  are not even read.

Where the fields are and in which order libcst visits them is read, once per
process, from each node class's ``_visit_and_replace_children`` (the code
libcst's own ``visit`` runs), and checked at import against what libcst
declares publicly: the dataclass fields and their type annotations.  A class
whose extracted list does not name every node-typed field exactly once (a
libcst release that visits a new field, a source-less install) is walked by
libcst's own ``visit`` instead, its children handed back to this walker, so a
libcst upgrade can cost speed but never a skipped subtree.  The differential
test ``tests/test_migrate_walk.py`` compares this walk with libcst's
transformer, visit order and output, over the project's fixtures and stdlib
sources.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import inspect
import linecache
import re
import sys
import typing
from typing import Any, Callable, Iterable, Sequence

import libcst as cst

#: Node types that can only contain other node types of this family (or nothing);
#: checked against the annotations at import (``INERT_TYPES``).
_INERT_BASES: tuple[type, ...] = (
    cst.BaseParenthesizableWhitespace, cst.Newline, cst.Comment, cst.EmptyLine, cst.TrailingWhitespace,
    cst.Comma, cst.Dot, cst.AssignEqual, cst.Colon, cst.Semicolon, cst.LeftParen, cst.RightParen,
    cst.LeftSquareBracket, cst.RightSquareBracket, cst.LeftCurlyBrace, cst.RightCurlyBrace,
    cst.ImportStar, cst.Asynchronous, cst.BaseBinaryOp, cst.BaseUnaryOp, cst.BaseBooleanOp,
    cst.BaseCompOp, cst.BaseAugOp, cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString,
    cst.FormattedStringText, cst.Ellipsis, cst.ParamStar, cst.ParamSlash,
)

_SEQUENCES = (tuple, list)
_MAYBE = cst.MaybeSentinel.DEFAULT

#: the helper each field is visited with in ``_visit_and_replace_children`` -> kind:
#: r(equired) o(ptional) s(entinel) q (sequence) b (statement body sequence).
_KINDS = {"visit_required": "r", "visit_optional": "o", "visit_sentinel": "s", "visit_sequence": "q",
          "visit_iterable": "q", "visit_body_sequence": "b", "visit_body_iterable": "b"}
_VISIT_CALL = re.compile(r'\b(visit_\w+)\(\s*self,\s*"(\w+)"')

_SEQUENCE_ORIGINS = (collections.abc.Sequence, tuple, list)

Spec = tuple[tuple[str, str, bool], ...]  # (field, kind, inert) in visiting order


def _node_classes(hint: Any) -> list[type] | None:
    """The CSTNode classes an annotation admits (``None``: the field holds no node at all)."""
    found: list[type] = []
    stack = [hint]
    while stack:
        h = stack.pop()
        # ``in __mro__`` rather than issubclass: no ABC subclass hooks, a tenth of the cost
        if isinstance(h, type) and cst.CSTNode in h.__mro__:
            found.append(h)
        stack.extend(typing.get_args(h))
    return found or None


_INERT_SET = frozenset(_INERT_BASES)


_inert_class: dict[type, bool] = {}


def _is_inert_class(cls: type) -> bool:
    known = _inert_class.get(cls)
    if known is None:
        known = _inert_class[cls] = not _INERT_SET.isdisjoint(cls.__mro__)
    return known


def _hints(cls: type) -> dict[str, Any]:
    """The resolved field annotations of a node class.

    ``typing.get_type_hints`` costs ~0.1 ms a class (it re-evaluates every
    annotation of the MRO); most libcst annotations are already objects, so
    it runs only for classes with a string or forward reference among them.
    """
    merged: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        merged.update(klass.__dict__.get("__annotations__", {}))
    if any(isinstance(v, str) or "ForwardRef" in repr(v) for v in merged.values()):
        return typing.get_type_hints(cls)
    return merged


def _method_text(cls: type) -> str | None:
    """Source of ``cls._visit_and_replace_children`` (indentation-delimited), or None."""
    method = getattr(cls, "_visit_and_replace_children", None)
    code = getattr(method, "__code__", None)
    if code is None or getattr(method, "__isabstractmethod__", False):
        return None
    lines = linecache.getlines(code.co_filename)
    first = code.co_firstlineno - 1
    while first < len(lines) and not lines[first].lstrip().startswith("def "):
        first += 1  # decorators
    if first >= len(lines):
        return None
    indent = len(lines[first]) - len(lines[first].lstrip())
    end = first + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and len(line) - len(line.lstrip()) <= indent and not line.lstrip().startswith(")"):
            break  # (a closing parenthesis at the def's indentation ends a long signature)
        end += 1
    return "".join(lines[first:end])


def _extract(cls: type) -> list[tuple[str, str]] | None:
    """(field, kind) pairs in the order libcst's ``_visit_and_replace_children`` visits them."""
    text = _method_text(cls)
    if text is None:
        return None
    seen: dict[str, str] = {}
    last = ""
    for helper, name in _VISIT_CALL.findall(text):
        kind = _KINDS.get(helper)
        if kind is None:
            return None  # a helper this walker does not know
        if name in seen:
            # ``names=(visit_required(...) if isinstance(names, ImportStar) else visit_sequence(...))``:
            # the same field, two helpers side by side; the walker tells them apart by the value's type
            if name != last:
                return None
            if kind in "qb":
                seen[name] = kind
            continue
        seen[name] = kind
        last = name
    return list(seen.items())


def _verify(cls: type) -> Spec | None:
    """The children spec of a concrete node class, or None when libcst's own visit must walk it.

    Verified against the public declaration: the extracted fields must be
    exactly the dataclass fields whose annotation admits a node, sequences
    visited as sequences, optional ones as optional or sentinel.
    """
    try:
        hints = _hints(cls)
        fields = dataclasses.fields(cls)
    except Exception:  # noqa: BLE001 - unresolvable annotations: walk it the slow, sure way
        return None
    node_fields: dict[str, list[type]] = {}
    for f in fields:
        classes = _node_classes(hints.get(f.name))
        if classes is not None:
            node_fields[f.name] = classes
    extracted = _extract(cls)
    if extracted is None or {name for name, _ in extracted} != set(node_fields):
        return None
    spec = []
    for name, kind in extracted:
        hint = hints[name]
        options = typing.get_args(hint) if typing.get_origin(hint) is typing.Union else (hint,)
        if any(typing.get_origin(h) in _SEQUENCE_ORIGINS for h in options) != (kind in "qb"):
            return None
        spec.append((name, kind, all(_is_inert_class(c) for c in node_fields[name])))
    return tuple(spec)


def _concrete_node_classes() -> list[type]:
    """Every concrete node class libcst defines (its modules' own names: ``add_slots``
    leaves the pre-slots copy of each class behind in ``__subclasses__``)."""
    out: list[type] = []
    stack: list[type] = [cst.CSTNode]
    seen: set[type] = set()
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
                module = sys.modules.get(sub.__module__)
                if not inspect.isabstract(sub) and dataclasses.is_dataclass(sub) \
                        and getattr(module, sub.__name__, None) is sub:
                    out.append(sub)
    return out


#: class -> verified children spec, or None (walked by libcst's own ``visit``).
SPECS: dict[type, Spec | None] = {cls: _verify(cls) for cls in _concrete_node_classes()}

#: Inert node classes whose every node-typed field holds only inert nodes (by annotation).
INERT_TYPES: frozenset[type] = frozenset(
    cls for cls, spec in SPECS.items()
    if _is_inert_class(cls) and spec is not None and all(inert for _, _, inert in spec))

#: Classes the extracted field lists do not cover (empty with the tested libcst).
FALLBACK: frozenset[type] = frozenset(cls for cls, spec in SPECS.items() if spec is None)


def children_of(cls: type) -> Spec | None:
    """(field, kind, inert) triples of a node type in libcst's visiting order; None: use libcst's visit."""
    if cls not in SPECS:  # a class defined after import (a subclass in user code)
        SPECS[cls] = _verify(cls)
    return SPECS[cls]


#: (rule classes) -> whether whitespace/punctuation nodes may be passed over (no rule handles them).
_INERT_OK: dict[tuple[type, ...], bool] = {}
#: (rule classes, node class) -> (inert, (rule index, visit method name)..., (index, leave name)..., fields):
#: what ``Walker._plan`` binds, computed once per process instead of once per file.
_CLASS_PLANS: dict[tuple[tuple[type, ...], type], tuple[bool, tuple, tuple, Any]] = {}
#: node class -> names of its init fields (``dataclasses.replace`` recomputes them per call).
_INIT_FIELDS: dict[type, tuple[str, ...]] = {}


def _inert_ok(kinds: tuple[type, ...]) -> bool:
    known = _INERT_OK.get(kinds)
    if known is None:
        known = _INERT_OK[kinds] = _handles_no_inert(kinds)
    return known


def _handles_no_inert(rules: Iterable[Any]) -> bool:
    """No rule has a callback for a whitespace or punctuation node (else every node is entered)."""
    handled = {attr[6:] for rule in rules for attr in dir(rule) if attr.startswith(("visit_", "leave_"))}
    return not any(isinstance(getattr(cst, name, None), type) and issubclass(getattr(cst, name), _INERT_BASES)
                   for name in handled)


def _class_plan(kinds: tuple[Any, ...], inert_ok: bool, cls: type,
                cache: dict[Any, tuple[bool, tuple, tuple, Any]]) -> tuple[bool, tuple, tuple, Any]:
    key = (kinds, cls)
    plan = cache.get(key)
    if plan is None:
        name = cls.__name__
        visits = tuple((i, "visit_" + name) for i, kind in enumerate(kinds) if hasattr(kind, "visit_" + name))
        leaves = tuple((i, "leave_" + name) for i, kind in enumerate(kinds) if hasattr(kind, "leave_" + name))
        inert = inert_ok and cls in INERT_TYPES
        spec = children_of(cls)
        fields: Any = None
        if spec is not None:  # inert fields are not even looked at
            fields = tuple((f, kind) for f, kind, inert_field in spec if not (inert_ok and inert_field))
        plan = cache[key] = (inert, visits, leaves, fields)
    return plan


def rebuilt(node: Any, changes: dict[str, Any]) -> Any:
    """``node.with_changes(**changes)`` (the constructor and its validation run as there),
    without ``dataclasses.replace`` walking the field objects on every call."""
    cls = type(node)
    names = _INIT_FIELDS.get(cls)
    if names is None:
        names = _INIT_FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    kwargs = {name: getattr(node, name) for name in names}
    kwargs.update(changes)
    return cls(**kwargs)


def _removable(node: Any) -> bool:
    """An emptied statement line, which libcst drops from a body (``SimpleStatementLine._is_removable``)."""
    return type(node) is cst.SimpleStatementLine and not node.body


class _LibcstVisit(cst.CSTTransformer):
    """libcst's own traversal of one node whose class the field lists do not cover.

    libcst visits (and rebuilds) the node's children in its own order; each
    child is handed back to the walker as a whole subtree.
    """

    def __init__(self, walker: "Walker", root: cst.CSTNode) -> None:
        super().__init__()
        self.walker = walker
        self.root = root

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node is self.root:
            return self.walker._visit(node)
        return False  # the walker walks the child itself, in on_leave

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> Any:
        if original_node is self.root:
            return self.walker._leave(original_node, updated_node)
        return self.walker.walk(original_node)


class Walker:
    """Run ``visit_*``/``leave_*`` methods of several rule objects over a module in one walk.

    For each node, the ``visit_<Type>`` methods run in ``rules`` order (the first
    returning ``False`` stops the others and skips the children), then the
    ``leave_<Type>`` methods in order, each given the previous one's result,
    until one returns a node of another type.  ``skip``: ids of statements to
    leave alone entirely.  ``on_statement`` is called with each top-level
    statement before it is walked.
    """

    def __init__(self, rules: Sequence[Any], skip: Iterable[int] = (),
                 on_statement: Callable[[cst.CSTNode], None] | None = None) -> None:
        self.rules = list(rules)
        self.skip = set(skip)
        self.on_statement = on_statement
        # callbacks found on the rule classes are looked up once per process; a rule object
        # carrying its own callbacks (set on the instance) is looked up on itself, per walk
        own = any(attr.startswith(("visit_", "leave_")) for rule in self.rules for attr in getattr(rule, "__dict__", ()))
        self._kinds: tuple[Any, ...] = tuple(self.rules) if own else tuple(type(rule) for rule in self.rules)
        self._cache = {} if own else _CLASS_PLANS
        self._inert_ok = _inert_ok(self._kinds) if not own else _handles_no_inert(self._kinds)
        #: type -> (inert, visit methods, leave methods, children spec or None for libcst's visit, leaf)
        self._plans: dict[type, tuple[bool, tuple, tuple, Any, bool]] = {}

    def _plan(self, cls: type) -> tuple[bool, tuple, tuple, Any, bool]:
        inert, visit_names, leave_names, fields = _class_plan(self._kinds, self._inert_ok, cls, self._cache)
        rules = self.rules
        visits = tuple(getattr(rules[i], name) for i, name in visit_names)
        leaves = tuple(getattr(rules[i], name) for i, name in leave_names)
        # a leaf for the walk: nothing to visit first, no child to enter (a Name, mostly):
        # its parent runs the leave callbacks itself, without a call of ``walk``
        leaf = not inert and not visits and fields == ()
        plan = self._plans[cls] = (inert, visits, leaves, fields, leaf)
        return plan

    def walk_module(self, module: cst.Module) -> cst.Module:
        """The transformed module (``module`` itself when nothing changed)."""
        result = self.walk(module, top=True)
        if isinstance(result, cst.RemovalSentinel):  # as Module.visit does
            return module.with_changes(body=(), header=(), footer=())
        return result  # type: ignore[no-any-return]

    def _visit(self, node: Any) -> bool:
        """The ``visit_<Type>`` callbacks; False: the children are skipped."""
        for visit in self._plans[type(node)][1]:
            if visit(node) is False:
                return False
        return True

    def _leave(self, node: Any, updated: Any) -> Any:
        cls = type(node)
        result = updated
        for leave in self._plans[cls][2]:
            result = leave(node, result)
            if type(result) is not cls:
                break
        return result

    def walk(self, node: Any, top: bool = False) -> Any:
        """``node`` after its subtree and itself went through the rules."""
        cls = type(node)
        plan = self._plans.get(cls)
        if plan is None:
            plan = self._plan(cls)
        inert, visits, leaves, fields, _ = plan
        if inert or id(node) in self.skip:
            return node
        if fields is None:  # a class the extracted field lists do not cover
            if top and self.on_statement is not None:
                return self._walk_module_slow(node)
            return node.visit(_LibcstVisit(self, node))
        updated = node
        for visit in visits:
            if visit(node) is False:
                break
        else:
            changes: dict[str, Any] | None = None
            plans = self._plans
            for name, kind in fields:
                value = getattr(node, name)
                if type(value) in _SEQUENCES:
                    if not value:
                        continue
                    new = self._walk_sequence(value, kind == "b", top and name == "body")
                    if new is value:
                        continue
                elif value is None or value is _MAYBE:
                    continue
                else:
                    child_plan = plans.get(type(value))
                    if child_plan is not None and child_plan[4] and id(value) not in self.skip:
                        new = value
                        for leave in child_plan[2]:  # as at the end of ``walk``
                            new = leave(value, new)
                            if type(new) is not type(value):
                                break
                    elif child_plan is not None and child_plan[0]:
                        continue
                    else:
                        new = self.walk(value)
                    if new is value:
                        continue
                    if isinstance(new, cst.RemovalSentinel):
                        if kind == "o":
                            new = None
                        elif kind == "s":
                            new = _MAYBE
                        else:
                            raise TypeError(f"We got a RemovalSentinel while visiting a {type(value).__name__}. "
                                            "This node's parent does not allow it to be removed.")
                    elif isinstance(new, cst.FlattenSentinel):
                        raise TypeError(f"We got a FlattenSentinel while visiting a {type(value).__name__}. "
                                        "This node's parent does not allow for it to be replaced with a sequence.")
                if changes is None:
                    changes = {}
                changes[name] = new
            if changes:
                updated = rebuilt(node, changes)
        result = updated
        for leave in leaves:
            result = leave(node, result)
            if type(result) is not cls:
                break
        return result

    def _walk_module_slow(self, module: Any) -> Any:
        """A ``Module`` walked by libcst's visit, still announcing each top-level statement."""
        walker = self
        statements = {id(s) for s in module.body}

        class _Top(_LibcstVisit):
            def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> Any:
                if id(original_node) in statements and walker.on_statement is not None:
                    walker.on_statement(original_node)  # before the statement is walked, as in walk()
                return super().on_leave(original_node, updated_node)

        return module.visit(_Top(self, module))

    def _walk_sequence(self, value: Sequence[Any], body: bool, top: bool) -> Sequence[Any]:
        """``value`` itself when no element changed, else a tuple of the new elements (libcst semantics)."""
        out: list[Any] | None = None
        plans = self._plans
        on_statement = self.on_statement if top else None
        for i, child in enumerate(value):
            child_plan = plans.get(type(child))
            if child_plan is not None and child_plan[0]:
                new = child
            else:
                if on_statement is not None:
                    on_statement(child)
                new = self.walk(child)
            if new is child:
                if out is not None:
                    out.append(child)
                continue
            if out is None:
                out = list(value[:i])
            if isinstance(new, cst.RemovalSentinel):
                continue
            items = new if isinstance(new, cst.FlattenSentinel) else (new,)
            for item in items:
                # an emptied statement line is dropped, as libcst does
                if body and not _removable(child) and _removable(item):
                    continue
                out.append(item)
        return value if out is None else tuple(out)

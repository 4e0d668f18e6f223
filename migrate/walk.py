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
  rule rewrites): about 60 percent of a typical tree.  Fields that by libcst's
  schema hold only such nodes (``lpar``, ``comma``, ``whitespace_*``...) are
  not even read.

Children are visited in libcst's own order (source order): ``_CHILDREN`` is
that order, extracted from each node's ``_visit_and_replace_children`` for
libcst ``LIBCST_VERSION`` (``python -m migrate.walk`` regenerates it); with
another libcst version the order is read from the installed source instead.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

import libcst as cst

LIBCST_VERSION = "1.0.1"

#: node type -> "field:kind ..." in visiting order; kind r(equired) o(ptional)
#: s(entinel) q (sequence) b (statement body sequence).
_CHILDREN: dict[str, str] = {
    "Add": "whitespace_before:r whitespace_after:r",
    "AddAssign": "whitespace_before:r whitespace_after:r",
    "And": "whitespace_before:r whitespace_after:r",
    "AnnAssign": "target:r annotation:r equal:s value:o semicolon:s",
    "Annotation": "whitespace_before_indicator:s whitespace_after_indicator:r annotation:r",
    "Arg": "whitespace_after_star:r keyword:o equal:s value:r comma:s whitespace_after_arg:r",
    "AsName": "whitespace_before_as:r name:r whitespace_after_as:r",
    "Assert": "whitespace_after_assert:r test:r comma:s msg:o semicolon:s",
    "Assign": "targets:q value:r semicolon:s",
    "AssignEqual": "whitespace_before:r whitespace_after:r",
    "AssignTarget": "target:r whitespace_before_equal:r whitespace_after_equal:r",
    "Asynchronous": "whitespace_after:r",
    "Attribute": "lpar:q value:r dot:r attr:r rpar:q",
    "AugAssign": "target:r operator:r value:r semicolon:s",
    "Await": "lpar:q whitespace_after_await:r expression:r rpar:q",
    "BinaryOperation": "lpar:q left:r operator:r right:r rpar:q",
    "BitAnd": "whitespace_before:r whitespace_after:r",
    "BitAndAssign": "whitespace_before:r whitespace_after:r",
    "BitInvert": "whitespace_after:r",
    "BitOr": "whitespace_before:r whitespace_after:r",
    "BitOrAssign": "whitespace_before:r whitespace_after:r",
    "BitXor": "whitespace_before:r whitespace_after:r",
    "BitXorAssign": "whitespace_before:r whitespace_after:r",
    "BooleanOperation": "lpar:q left:r operator:r right:r rpar:q",
    "Break": "semicolon:s",
    "Call": "lpar:q func:r whitespace_after_func:r whitespace_before_args:r args:q rpar:q",
    "ClassDef": "leading_lines:q decorators:q lines_after_decorators:q whitespace_after_class:r name:r whitespace_after_name:r lpar:s bases:q keywords:q rpar:s whitespace_before_colon:r body:r",
    "Colon": "whitespace_before:r whitespace_after:r",
    "Comma": "whitespace_before:r whitespace_after:r",
    "Comment": "",
    "CompFor": "whitespace_before:r asynchronous:o whitespace_after_for:r target:r whitespace_before_in:r whitespace_after_in:r iter:r ifs:q inner_for_in:o",
    "CompIf": "whitespace_before:r whitespace_before_test:r test:r",
    "Comparison": "lpar:q left:r comparisons:q rpar:q",
    "ComparisonTarget": "operator:r comparator:r",
    "ConcatenatedString": "lpar:q left:r whitespace_between:r right:r rpar:q",
    "Continue": "semicolon:s",
    "Decorator": "leading_lines:q whitespace_after_at:r decorator:r trailing_whitespace:r",
    "Del": "target:r whitespace_after_del:r semicolon:s",
    "Dict": "lpar:q lbrace:r elements:q rbrace:r rpar:q",
    "DictComp": "lpar:q lbrace:r key:r whitespace_before_colon:r whitespace_after_colon:r value:r for_in:r rbrace:r rpar:q",
    "DictElement": "key:r whitespace_before_colon:r whitespace_after_colon:r value:r comma:s",
    "Divide": "whitespace_before:r whitespace_after:r",
    "DivideAssign": "whitespace_before:r whitespace_after:r",
    "Dot": "whitespace_before:r whitespace_after:r",
    "Element": "value:r comma:s",
    "Ellipsis": "lpar:q rpar:q",
    "Else": "leading_lines:q whitespace_before_colon:r body:r",
    "EmptyLine": "whitespace:r comment:o newline:r",
    "Equal": "whitespace_before:r whitespace_after:r",
    "ExceptHandler": "leading_lines:q whitespace_after_except:r type:o name:o whitespace_before_colon:r body:r",
    "ExceptStarHandler": "leading_lines:q whitespace_after_except:r whitespace_after_star:r type:r name:o whitespace_before_colon:r body:r",
    "Expr": "value:r semicolon:s",
    "Finally": "leading_lines:q whitespace_before_colon:r body:r",
    "Float": "lpar:q rpar:q",
    "FloorDivide": "whitespace_before:r whitespace_after:r",
    "FloorDivideAssign": "whitespace_before:r whitespace_after:r",
    "For": "leading_lines:q asynchronous:o whitespace_after_for:r target:r whitespace_before_in:r whitespace_after_in:r iter:r whitespace_before_colon:r body:r orelse:o",
    "FormattedString": "lpar:q parts:q rpar:q",
    "FormattedStringExpression": "whitespace_before_expression:r expression:r equal:o whitespace_after_expression:r format_spec:q",
    "FormattedStringText": "",
    "From": "whitespace_before_from:s whitespace_after_from:r item:r",
    "FunctionDef": "leading_lines:q decorators:q lines_after_decorators:q asynchronous:o whitespace_after_def:r name:r whitespace_after_name:r whitespace_before_params:r params:r returns:o whitespace_before_colon:r body:r",
    "GeneratorExp": "lpar:q elt:r for_in:r rpar:q",
    "Global": "whitespace_after_global:r names:q semicolon:s",
    "GreaterThan": "whitespace_before:r whitespace_after:r",
    "GreaterThanEqual": "whitespace_before:r whitespace_after:r",
    "If": "leading_lines:q whitespace_before_test:r test:r whitespace_after_test:r body:r orelse:o",
    "IfExp": "lpar:q body:r whitespace_before_if:r whitespace_after_if:r test:r whitespace_before_else:r whitespace_after_else:r orelse:r rpar:q",
    "Imaginary": "lpar:q rpar:q",
    "Import": "whitespace_after_import:r names:q semicolon:s",
    "ImportAlias": "name:r asname:o comma:s",
    "ImportFrom": "whitespace_after_from:r relative:q module:o whitespace_before_import:r whitespace_after_import:r lpar:o names:r rpar:o semicolon:s",
    "ImportStar": "",
    "In": "whitespace_before:r whitespace_after:r",
    "IndentedBlock": "header:r body:b footer:q",
    "Index": "whitespace_after_star:o value:r",
    "Integer": "lpar:q rpar:q",
    "Is": "whitespace_before:r whitespace_after:r",
    "IsNot": "whitespace_before:r whitespace_between:r whitespace_after:r",
    "Lambda": "lpar:q whitespace_after_lambda:s params:r colon:r body:r rpar:q",
    "LeftCurlyBrace": "whitespace_after:r",
    "LeftParen": "whitespace_after:r",
    "LeftShift": "whitespace_before:r whitespace_after:r",
    "LeftShiftAssign": "whitespace_before:r whitespace_after:r",
    "LeftSquareBracket": "whitespace_after:r",
    "LessThan": "whitespace_before:r whitespace_after:r",
    "LessThanEqual": "whitespace_before:r whitespace_after:r",
    "List": "lpar:q lbracket:r elements:q rbracket:r rpar:q",
    "ListComp": "lpar:q lbracket:r elt:r for_in:r rbracket:r rpar:q",
    "Match": "leading_lines:q whitespace_after_match:r subject:r whitespace_before_colon:r whitespace_after_colon:r cases:q footer:q",
    "MatchAs": "lpar:q pattern:o whitespace_before_as:s whitespace_after_as:s name:o rpar:q",
    "MatchCase": "leading_lines:q whitespace_after_case:r pattern:r whitespace_before_if:o whitespace_after_if:o guard:o body:r",
    "MatchClass": "lpar:q cls:r whitespace_after_cls:r whitespace_before_patterns:r patterns:q kwds:q whitespace_after_kwds:r",
    "MatchKeywordElement": "key:r whitespace_before_equal:r whitespace_after_equal:r pattern:r comma:s",
    "MatchList": "lpar:q lbracket:o patterns:q rbracket:o rpar:q",
    "MatchMapping": "lpar:q lbrace:r elements:q whitespace_before_rest:r rest:o trailing_comma:o rbrace:r rpar:q",
    "MatchMappingElement": "key:r whitespace_before_colon:r whitespace_after_colon:r pattern:r comma:s",
    "MatchOr": "lpar:q patterns:q rpar:q",
    "MatchOrElement": "pattern:r separator:s",
    "MatchSequenceElement": "value:r comma:s",
    "MatchSingleton": "value:r",
    "MatchStar": "whitespace_before_name:r name:o comma:s",
    "MatchTuple": "lpar:q patterns:q rpar:q",
    "MatchValue": "value:r",
    "MatrixMultiply": "whitespace_before:r whitespace_after:r",
    "MatrixMultiplyAssign": "whitespace_before:r whitespace_after:r",
    "Minus": "whitespace_after:r",
    "Module": "header:q body:b footer:q",
    "Modulo": "whitespace_before:r whitespace_after:r",
    "ModuloAssign": "whitespace_before:r whitespace_after:r",
    "Multiply": "whitespace_before:r whitespace_after:r",
    "MultiplyAssign": "whitespace_before:r whitespace_after:r",
    "Name": "lpar:q rpar:q",
    "NameItem": "name:r comma:s",
    "NamedExpr": "lpar:q target:r whitespace_before_walrus:r whitespace_after_walrus:r value:r rpar:q",
    "Newline": "",
    "Nonlocal": "whitespace_after_nonlocal:r names:q semicolon:s",
    "Not": "whitespace_after:r",
    "NotEqual": "whitespace_before:r whitespace_after:r",
    "NotIn": "whitespace_before:r whitespace_between:r whitespace_after:r",
    "Or": "whitespace_before:r whitespace_after:r",
    "Param": "whitespace_after_star:r name:r annotation:o equal:s default:o comma:s whitespace_after_param:r",
    "ParamSlash": "comma:s whitespace_after:r",
    "ParamStar": "comma:r",
    "Parameters": "posonly_params:q posonly_ind:s params:q star_arg:s kwonly_params:q star_kwarg:o",
    "ParenthesizedWhitespace": "first_line:r empty_lines:q last_line:r",
    "Pass": "semicolon:s",
    "Plus": "whitespace_after:r",
    "Power": "whitespace_before:r whitespace_after:r",
    "PowerAssign": "whitespace_before:r whitespace_after:r",
    "Raise": "whitespace_after_raise:s exc:o cause:o semicolon:s",
    "Return": "whitespace_after_return:s value:o semicolon:s",
    "RightCurlyBrace": "whitespace_before:r",
    "RightParen": "whitespace_before:r",
    "RightShift": "whitespace_before:r whitespace_after:r",
    "RightShiftAssign": "whitespace_before:r whitespace_after:r",
    "RightSquareBracket": "whitespace_before:r",
    "Semicolon": "whitespace_before:r whitespace_after:r",
    "Set": "lpar:q lbrace:r elements:q rbrace:r rpar:q",
    "SetComp": "lpar:q lbrace:r elt:r for_in:r rbrace:r rpar:q",
    "SimpleStatementLine": "leading_lines:q body:q trailing_whitespace:r",
    "SimpleStatementSuite": "leading_whitespace:r body:q trailing_whitespace:r",
    "SimpleString": "lpar:q rpar:q",
    "SimpleWhitespace": "",
    "Slice": "lower:o first_colon:r upper:o second_colon:s step:o",
    "StarredDictElement": "whitespace_before_value:r value:r comma:s",
    "StarredElement": "lpar:q whitespace_before_value:r value:r rpar:q comma:s",
    "Subscript": "lpar:q value:r whitespace_after_value:r lbracket:r slice:q rbracket:r rpar:q",
    "SubscriptElement": "slice:r comma:s",
    "Subtract": "whitespace_before:r whitespace_after:r",
    "SubtractAssign": "whitespace_before:r whitespace_after:r",
    "TrailingWhitespace": "whitespace:r comment:o newline:r",
    "Try": "leading_lines:q whitespace_before_colon:r body:r handlers:q orelse:o finalbody:o",
    "TryStar": "leading_lines:q whitespace_before_colon:r body:r handlers:q orelse:o finalbody:o",
    "Tuple": "lpar:q elements:q rpar:q",
    "UnaryOperation": "lpar:q operator:r expression:r rpar:q",
    "While": "leading_lines:q whitespace_after_while:r test:r whitespace_before_colon:r body:r orelse:o",
    "With": "leading_lines:q asynchronous:o whitespace_after_with:r lpar:s items:q rpar:s whitespace_before_colon:r body:r",
    "WithItem": "item:r asname:o comma:s",
    "Yield": "lpar:q whitespace_after_yield:s value:o rpar:q",
}

#: Node types that can only contain other node types of this family (or nothing).
_INERT_BASES: tuple[type, ...] = (
    cst.BaseParenthesizableWhitespace, cst.Newline, cst.Comment, cst.EmptyLine, cst.TrailingWhitespace,
    cst.Comma, cst.Dot, cst.AssignEqual, cst.Colon, cst.Semicolon, cst.LeftParen, cst.RightParen,
    cst.LeftSquareBracket, cst.RightSquareBracket, cst.LeftCurlyBrace, cst.RightCurlyBrace,
    cst.ImportStar, cst.Asynchronous, cst.BaseBinaryOp, cst.BaseUnaryOp, cst.BaseBooleanOp,
    cst.BaseCompOp, cst.BaseAugOp, cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString,
    cst.FormattedStringText, cst.Ellipsis, cst.ParamStar, cst.ParamSlash,
)

#: Fields that hold only whitespace/punctuation/operator nodes (libcst's schema).
_INERT_FIELDS = frozenset({
    "lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after_decorators", "trailing_whitespace",
    "header", "footer", "dot", "equal", "lbracket", "rbracket", "lbrace", "rbrace", "first_colon",
    "second_colon", "colon", "newline", "comment", "operator", "asynchronous", "relative", "whitespace",
    "leading_whitespace", "empty_lines", "first_line", "last_line", "separator", "trailing_comma",
})

_SEQUENCES = (tuple, list)
_MAYBE = cst.MaybeSentinel.DEFAULT


def _installed_version() -> str:
    try:
        from libcst._version import __version__
    except ImportError:  # pragma: no cover - another libcst layout
        return ""
    return str(__version__)


_SAME_VERSION = _installed_version() == LIBCST_VERSION
_parsed: dict[type, tuple[tuple[str, str], ...]] = {}


def _extract(cls: type) -> str:
    """The "field:kind" order of ``cls._visit_and_replace_children``, read from libcst's source."""
    import inspect
    import re

    kinds = {"visit_required": "r", "visit_optional": "o", "visit_sentinel": "s", "visit_sequence": "q",
             "visit_iterable": "q", "visit_body_sequence": "b", "visit_body_iterable": "b"}
    method = getattr(cls, "_visit_and_replace_children", None)
    if method is None or getattr(method, "__isabstractmethod__", False):
        return ""
    seen: dict[str, str] = {}
    for kind, name in re.findall(r'(visit_\w+)\(\s*self,\s*"(\w+)"', inspect.getsource(method)):
        if kind in kinds:
            seen.setdefault(name, kinds[kind])
    return " ".join(f"{name}:{kind}" for name, kind in seen.items())


def children_of(cls: type) -> tuple[tuple[str, str], ...]:
    """(field, kind) pairs of a node type, in the order libcst visits them."""
    spec = _parsed.get(cls)
    if spec is None:
        text = _CHILDREN.get(cls.__name__) if _SAME_VERSION else None
        if text is None:
            text = _extract(cls)
        spec = _parsed[cls] = tuple(tuple(item.split(":")) for item in text.split())  # type: ignore[misc]
    return spec


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
        handled = {attr[6:] for rule in self.rules for attr in dir(type(rule))
                   if attr.startswith(("visit_", "leave_"))}
        # a rule that wants whitespace or punctuation nodes gets every node entered
        self._inert_ok = not any(isinstance(getattr(cst, name, None), type)
                                 and issubclass(getattr(cst, name), _INERT_BASES) for name in handled)
        #: type -> (inert, visit methods, leave methods, children spec)
        self._plans: dict[type, tuple[bool, tuple, tuple, tuple]] = {}

    def _plan(self, cls: type) -> tuple[bool, tuple, tuple, tuple]:
        name = cls.__name__
        visits = tuple(getattr(r, "visit_" + name) for r in self.rules if hasattr(r, "visit_" + name))
        leaves = tuple(getattr(r, "leave_" + name) for r in self.rules if hasattr(r, "leave_" + name))
        inert = self._inert_ok and issubclass(cls, _INERT_BASES)
        fields = children_of(cls)
        if self._inert_ok:  # not even looked at
            fields = tuple(f for f in fields if f[0] not in _INERT_FIELDS and not f[0].startswith("whitespace_"))
        plan = self._plans[cls] = (inert, visits, leaves, fields)
        return plan

    def walk_module(self, module: cst.Module) -> cst.Module:
        """The transformed module (``module`` itself when nothing changed)."""
        result = self.walk(module, top=True)
        if isinstance(result, cst.RemovalSentinel):  # as Module.visit does
            return module.with_changes(body=(), header=(), footer=())
        return result  # type: ignore[no-any-return]

    def walk(self, node: Any, top: bool = False) -> Any:
        """``node`` after its subtree and itself went through the rules."""
        cls = type(node)
        plan = self._plans.get(cls)
        if plan is None:
            plan = self._plan(cls)
        inert, visits, leaves, fields = plan
        if inert or id(node) in self.skip:
            return node
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
                    if child_plan is not None and child_plan[0]:
                        continue
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
                updated = node.with_changes(**changes)
        result = updated
        for leave in leaves:
            result = leave(node, result)
            if type(result) is not cls:
                break
        return result

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
                if body and not child._is_removable() and item._is_removable():
                    continue
                out.append(item)
        return value if out is None else tuple(out)


def _print_table() -> None:  # pragma: no cover - maintenance helper
    print(f'LIBCST_VERSION = "{_installed_version()}"')
    import inspect

    for name in sorted(dir(cst)):
        cls = getattr(cst, name)
        if isinstance(cls, type) and issubclass(cls, cst.CSTNode) and cls.__name__ == name \
                and not inspect.isabstract(cls):
            print(f'    "{name}": "{_extract(cls)}",')


if __name__ == "__main__":  # pragma: no cover
    _print_table()

"""Small libcst helpers the rules share: literals, argument lists, qualified names.

Argument lists are edited as a list of ``Slot``s (keyword, value, original Arg)
and rebuilt with ``rebuild_args`` so that the user's commas, line breaks and
comments stay where they were.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

import libcst as cst

from legacy_keras.spec import layers as spec_layers
from legacy_keras.spec import modules as spec_modules
from migrate.walk import rebuilt

NOT_LITERAL: Any = object()

_NO_SPACE = cst.SimpleWhitespace("")
_EQUAL = cst.AssignEqual(whitespace_before=_NO_SPACE, whitespace_after=_NO_SPACE)
_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def literal(node: cst.BaseExpression | None) -> Any:
    """The Python value of a literal expression, or ``NOT_LITERAL``."""
    if node is None:
        return NOT_LITERAL
    if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)):
        # the common spellings without compiling (ast.literal_eval runs the parser)
        text = node.value
        if isinstance(node, cst.Integer):
            if text.isascii() and text.isdigit():
                return int(text)
        elif isinstance(node, cst.Float):
            if "_" not in text:
                return float(text)
        elif text[0] in "'\"" and "\\" not in text and text[:3] not in ('"""', "\'\'\'"):
            return text[1:-1]
        try:
            return ast.literal_eval(node.value)
        except (ValueError, SyntaxError):
            return NOT_LITERAL
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = literal(node.expression)
        if isinstance(inner, (int, float)) and not isinstance(inner, bool):
            return -inner
        return NOT_LITERAL
    if isinstance(node, (cst.Tuple, cst.List)):
        values = []
        for element in node.elements:
            if not isinstance(element, cst.Element):
                return NOT_LITERAL
            value = literal(element.value)
            if value is NOT_LITERAL:
                return NOT_LITERAL
            values.append(value)
        return tuple(values) if isinstance(node, cst.Tuple) else values
    if isinstance(node, cst.Dict):
        out = {}
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                return NOT_LITERAL
            key, value = literal(element.key), literal(element.value)
            if key is NOT_LITERAL or value is NOT_LITERAL:
                return NOT_LITERAL
            out[key] = value
        return out
    return NOT_LITERAL


def to_node(value: Any, like: cst.BaseExpression | None = None) -> cst.BaseExpression:
    """An expression node for a Python literal (keeps the quote style of ``like``)."""
    if value is None or isinstance(value, bool):
        return cst.Name(repr(value))
    if isinstance(value, int):
        return cst.Integer(repr(value)) if value >= 0 else cst.UnaryOperation(
            cst.Minus(), cst.Integer(repr(-value)))
    if isinstance(value, float):
        text = repr(value)
        return cst.Float(text) if value >= 0 else cst.UnaryOperation(cst.Minus(), cst.Float(text[1:]))
    if isinstance(value, str):
        quote = "'"
        if isinstance(like, cst.SimpleString) and like.quote in ('"', "'"):
            quote = like.quote
        return cst.SimpleString(f"{quote}{value}{quote}")
    if isinstance(value, (tuple, list)):
        elements = [cst.Element(to_node(v, like)) for v in value]
        if isinstance(value, tuple):
            if len(elements) == 1:
                elements = [cst.Element(elements[0].value, comma=cst.Comma())]
            else:
                elements = [e.with_changes(comma=_COMMA) if i < len(elements) - 1 else e
                            for i, e in enumerate(elements)]
            return cst.Tuple(elements)
        elements = [e.with_changes(comma=_COMMA) if i < len(elements) - 1 else e
                    for i, e in enumerate(elements)]
        return cst.List(elements)
    raise TypeError(f"cannot express {value!r} as a literal")


def tuple_of(nodes: Sequence[cst.BaseExpression]) -> cst.Tuple:
    """``(a, b, ...)`` from expression nodes."""
    elements = []
    for i, node in enumerate(nodes):
        comma: Any = _COMMA if i < len(nodes) - 1 else (cst.Comma() if len(nodes) == 1 else cst.MaybeSentinel.DEFAULT)
        elements.append(cst.Element(node, comma=comma))
    return cst.Tuple(elements)


@dataclass
class Slot:
    """One argument of a call being edited."""

    keyword: str | None
    value: cst.BaseExpression
    arg: cst.Arg | None = None  # the original Arg (keeps commas/whitespace)

    @property
    def star(self) -> bool:
        return self.arg is not None and self.arg.star != ""


def slots_of(call: cst.Call) -> list[Slot]:
    return [Slot(a.keyword.value if a.keyword is not None else None, a.value, a) for a in call.args]


def rebuild_args(call: cst.Call, slots: Sequence[Slot]) -> cst.Call:
    """``call`` with ``slots`` as arguments, reusing the original formatting where possible."""
    trailing = cst.MaybeSentinel.DEFAULT
    if call.args and isinstance(call.args[-1].comma, cst.Comma):
        trailing = call.args[-1].comma
    args: list[cst.Arg] = []
    n = len(slots)
    for i, slot in enumerate(slots):
        if slot.arg is not None:
            arg = slot.arg
            # an argument kept as it was is reused (each ``with_changes`` re-validates a node)
            if slot.keyword is None:
                if arg.keyword is not None or arg.equal is not cst.MaybeSentinel.DEFAULT \
                        or arg.value is not slot.value:
                    arg = rebuilt(arg, {"keyword": None, "equal": cst.MaybeSentinel.DEFAULT, "value": slot.value})
            elif arg.keyword is None:
                arg = rebuilt(arg, {"keyword": cst.Name(slot.keyword), "equal": _EQUAL, "value": slot.value})
            elif arg.keyword.value != slot.keyword or arg.value is not slot.value \
                    or arg.keyword.lpar or arg.keyword.rpar:
                arg = rebuilt(arg, {"keyword": cst.Name(slot.keyword), "value": slot.value})
        else:
            arg = cst.Arg(value=slot.value, keyword=cst.Name(slot.keyword) if slot.keyword else None,
                          equal=_EQUAL if slot.keyword else cst.MaybeSentinel.DEFAULT)
        if i < n - 1:
            comma = arg.comma if isinstance(arg.comma, cst.Comma) else _COMMA
        else:
            comma = trailing
        args.append(arg if arg.comma is comma else rebuilt(arg, {"comma": comma}))
    return rebuilt(call, {"args": args})


def slots_changed(call: cst.Call, slots: Sequence[Slot]) -> bool:
    """Whether ``slots`` differ from the call's own arguments (without generating code)."""
    if len(slots) != len(call.args):
        return True
    for slot, arg in zip(slots, call.args):
        if slot.arg is not arg or slot.value is not arg.value:
            return True
        if slot.keyword != (arg.keyword.value if arg.keyword is not None else None):
            return True
    return False


def kw(slots: Sequence[Slot], name: str) -> Slot | None:
    for slot in slots:
        if slot.keyword == name:
            return slot
    return None


def new_slot(name: str, value: cst.BaseExpression) -> Slot:
    return Slot(name, value, None)


# ---------------------------------------------------------------------------
# Keras 1 qualified names -> Keras 3 qualified names
# ---------------------------------------------------------------------------

def is_layer_module(module: str) -> bool:
    return module == "keras.layers" or module.startswith(("keras.layers.", "keras.engine"))


def _removed(module: str, name: str) -> str | None:
    return spec_modules.REMOVED_NAMES.get((module, name)) or spec_modules.REMOVED_NAMES.get(("*", name))


@lru_cache(maxsize=4096)
def keras3_qualname(qualname: str) -> str | None:
    """Keras 3 home of a Keras 1 qualified name (module or object); None if removed."""
    parts = qualname.split(".")
    # longest known Keras 1 module prefix
    for cut in range(len(parts), 0, -1):
        module = ".".join(parts[:cut])
        if module in spec_modules.MODULE_HOMES:
            home = spec_modules.MODULE_HOMES[module]
            rest = parts[cut:]
            break
    else:
        module, home, rest = ".".join(parts[:-1]) or parts[0], None, parts[-1:]
        if len(parts) == 1:
            return qualname
        home = module
    if rest:
        name = rest[0]
        if (module, name) in spec_modules.NAME_HOMES:
            new_mod, new_name = spec_modules.NAME_HOMES[(module, name)]
            return ".".join([new_mod, new_name, *rest[1:]])
        if _removed(module, name) is not None and not (
                is_layer_module(module) and spec_layers.KERAS3_CLASS.get(name)):
            return None
        if home is None:
            return None
        if is_layer_module(module) and name in spec_layers.KERAS3_CLASS:
            new = spec_layers.KERAS3_CLASS[name]
            if new is None:
                return None
            name = new
        return ".".join([home, name, *rest[1:]])
    return home


def removal_advice(qualname: str) -> str:
    module, _, name = qualname.rpartition(".")
    advice = _removed(module, name)
    if advice:
        return advice
    for cut in range(len(qualname.split(".")), 0, -1):
        prefix = ".".join(qualname.split(".")[:cut])
        if spec_modules.MODULE_HOMES.get(prefix, "x") is None:
            return f"{prefix} has no Keras 3 counterpart"
    return f"{qualname} has no Keras 3 counterpart"


def layer_class(qualname: str | None) -> str | None:
    """The Keras 1 layer class a qualified name refers to, if any."""
    if not qualname:
        return None
    module, _, name = qualname.rpartition(".")
    if name in spec_layers.SIGNATURES and (is_layer_module(module) or module == "keras"):
        return name
    return None


def in_table(key: object, table: dict) -> bool:
    """``key in table`` for literal values, which may be unhashable (dicts, lists)."""
    try:
        return key in table
    except TypeError:
        return False

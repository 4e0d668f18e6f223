"""The codemod's walker against libcst's own transformer: same visit order, same output.

``migrate.walk.Walker`` re-implements libcst's traversal to rebuild only what
changed and to skip whitespace.  These tests run the same rule object through
both (libcst's ``Module.visit`` with an adapter, and the walker), record every
callback and compare the event lists and the printed code, over the project's
own fixtures, a handful of stdlib modules and a snippet with the rarer syntax.
"""
from __future__ import annotations

import dataclasses
import sysconfig
from pathlib import Path
from typing import Any

import libcst as cst
import pytest

from migrate import walk

ROOT = Path(__file__).resolve().parents[1]
STDLIB = Path(sysconfig.get_paths()["stdlib"])
STDLIB_FILES = ["dataclasses.py", "ast.py", "contextlib.py", "string.py", "asyncio/taskgroups.py",
                "tomllib/_parser.py"]

SYNTAX = '''\
"""docstring"""
from __future__ import annotations
from . import sibling
from ..pkg import (a as b, c,)
from os import *
import os.path as osp, sys
x: int = 1; y = x if x else -x
async def f(a, /, b: int = 2, *args, c, d=3, **kw) -> "T":
    global g
    async with a as (p, q), b:
        async for i in aiter():
            await i
    nonlocal_ = [i async for i in g() if i]
    return (yield from z)
def g():
    v = 0
    def h():
        nonlocal v
        v += 1
    return lambda a, *b, c=1, **d: (a, b, c, d)
@decorator(1)
@other.attr
class C(Base, metaclass=M):
    attr: list[int] = []
    def m(self): pass
try:
    pass
except* ValueError as e:
    raise RuntimeError("x") from e
try:
    del x[0], y.z
except (A, B):
    pass
else:
    assert x, "msg"
finally:
    print(f"{x!r:>{width}} {y=} {{}}", *a, **k)
while (n := next(it)) is not None:
    if n in s and n not in t or not n:
        continue
    elif n:
        break
else:
    s = {1, 2} | {k: v for k, v in d.items()} & {e for e in s}
match command:
    case Point(x=0, y=0) | [1, 2, *rest] | {"k": v, **others}:
        pass
    case Point(1, y=2) if y > 0:
        pass
    case (1 | 2) as z:
        pass
    case None | True | -1 | 1.5 | 2j | "s" "t":
        pass
    case _:
        pass
a[1:2, ::3, ...] = b @ c ** -d // e % f << 1 >> 2 ^ ~g
with (open(a) as f, open(b) as g):
    pass
for i, (j, k) in enumerate(zip(a, b)):
    i **= 2; i @= m; i //= 3; i |= 4
'''


class Recorder:
    """A rule with callbacks on every node type that can hold code, recording each call.

    It also rewrites: renames ``x`` to ``x_renamed``, removes ``pass`` lines,
    doubles ``del`` statements (a FlattenSentinel), skips lambda bodies and
    drops the ``else`` of loops, so removal and replacement paths are compared too.
    """

    def __init__(self, types: list[str]) -> None:
        self.events: list[tuple[str, str]] = []
        for name in types:
            setattr(self, "visit_" + name, self._visitor(name))
            setattr(self, "leave_" + name, self._leaver(name))

    def _visitor(self, name: str):  # type: ignore[no-untyped-def]
        def visit(node: cst.CSTNode) -> bool:
            self.events.append(("visit", name))
            return not isinstance(node, cst.Lambda)
        return visit

    def _leaver(self, name: str):  # type: ignore[no-untyped-def]
        def leave(original: cst.CSTNode, updated: cst.CSTNode) -> Any:
            self.events.append(("leave", name))
            if isinstance(updated, cst.Name) and updated.value == "x":
                return updated.with_changes(value="x_renamed")
            if isinstance(updated, cst.Pass):
                return cst.RemovalSentinel.REMOVE
            if isinstance(updated, cst.SimpleStatementLine) and any(isinstance(s, cst.Del) for s in updated.body):
                return cst.FlattenSentinel([updated, updated.deep_clone()])
            if isinstance(updated, (cst.For, cst.While)) and updated.orelse is not None:
                return updated.with_changes(orelse=None)
            return updated
        return leave


class _Adapter(cst.CSTTransformer):
    """libcst's own traversal calling the recorder's methods (the reference)."""

    def __init__(self, rule: Recorder) -> None:
        super().__init__()
        self.rule = rule

    def on_visit(self, node: cst.CSTNode) -> bool:
        method = getattr(self.rule, "visit_" + type(node).__name__, None)
        return True if method is None else method(node) is not False

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> Any:
        method = getattr(self.rule, "leave_" + type(original_node).__name__, None)
        return updated_node if method is None else method(original_node, updated_node)


def _all_types() -> list[str]:
    return sorted(c.__name__ for c in walk.SPECS)


def _code_types() -> list[str]:
    return sorted(c.__name__ for c in walk.SPECS if c not in walk.INERT_TYPES)


def _compare(source: str, types: list[str]) -> None:
    module = cst.parse_module(source)
    reference = Recorder(types)
    expected = module.visit(_Adapter(reference))
    ours = Recorder(types)
    got = walk.Walker([ours]).walk_module(module)
    assert ours.events == reference.events
    assert got.code == expected.code


def _corpus() -> list[Path]:
    files = sorted((ROOT / "fixtures").rglob("*.py"))
    files += [STDLIB / name for name in STDLIB_FILES if (STDLIB / name).exists()]
    return files


def _source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: str(p.relative_to(p.parents[1])))
def test_walker_matches_libcst_on_corpus(path: Path) -> None:
    source = _source(path)
    try:
        cst.parse_module(source)
    except cst.ParserSyntaxError:
        pytest.skip("syntax this libcst does not parse")
    _compare(source, _code_types())


def test_walker_matches_libcst_on_rare_syntax() -> None:
    _compare(SYNTAX, _code_types())


def test_walker_enters_whitespace_when_a_rule_asks() -> None:
    """A rule with callbacks on inert types (Comma, whitespace) gets every node, in libcst's order."""
    _compare(SYNTAX, _all_types())
    _compare(_source(ROOT / "fixtures" / "scripts" / sorted(p.name for p in (ROOT / "fixtures" / "scripts")
                                                            .glob("*.py"))[0]), _all_types())


def test_fallback_to_libcst_visit_gives_the_same_walk(monkeypatch) -> None:
    """Classes whose field lists were not verified go through libcst's visit, with the same result."""
    for cls in (cst.Call, cst.Module, cst.IndentedBlock, cst.SimpleStatementLine, cst.Name):
        monkeypatch.setitem(walk.SPECS, cls, None)
    _compare(SYNTAX, _code_types())


def test_codemod_output_unchanged_when_classes_fall_back(monkeypatch) -> None:
    """The whole codemod (line tracking per top-level statement included) through the slow path."""
    from migrate.context import Options
    from migrate.transform import migrate_source

    scripts = sorted((ROOT / "fixtures" / "seeds").glob("seed*.py"))[:3]
    expected = [migrate_source(_source(p), Options()) for p in scripts]
    for cls in (cst.Module, cst.IndentedBlock, cst.Call, cst.Arg):
        monkeypatch.setitem(walk.SPECS, cls, None)
    for path, want in zip(scripts, expected):
        got = migrate_source(_source(path), Options())
        assert got.code == want.code
        assert got.changes == want.changes and got.warnings == want.warnings


def test_field_lists_verified_at_import() -> None:
    """Every node-typed dataclass field of every libcst node is visited; only libcst 1.x's own gaps fall back."""
    assert len(walk.SPECS) > 150
    # libcst itself does not visit MatchCase.whitespace_before_colon / MatchClass.rpar: walked by libcst
    assert walk.FALLBACK <= {cst.MatchCase, cst.MatchClass}
    spec = dict((name, kind) for name, kind, _ in walk.children_of(cst.IfExp))
    assert list(spec) == ["lpar", "body", "whitespace_before_if", "whitespace_after_if", "test",
                          "whitespace_before_else", "whitespace_after_else", "orelse", "rpar"]
    assert cst.Comma in walk.INERT_TYPES and cst.Name not in walk.INERT_TYPES


def test_class_with_an_unvisited_field_falls_back() -> None:
    @dataclasses.dataclass(frozen=True)
    class Tagged(cst.Name):  # inherits Name's visit, which never visits ``tag``
        tag: cst.Name = cst.Name("t")

    assert walk.children_of(Tagged) is None
    assert walk.children_of(cst.Name) is not None

"""Run every rule over one module in a single libcst walk.

``migrate_source(text, options)`` is the whole codemod for one piece of Python
source: parse, one combined pass (``migrate.walk.Walker`` dispatches each node
to the rules that care about its type and rebuilds only what changed), a final
touch-up of the module (imports that inserted code needs, imports rewritten
away, helper functions), print.  Only sources that import Keras are walked at
all.
"""
from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

import libcst as cst

from migrate.context import Bindings, Change, FileContext, Options, Warning_, build_dotted, dotted
from migrate.helpers import HELPERS, NEEDS_ROOT
from migrate.rules import KERAS1_MODEL_USE, RULES, TRIGGER_WORDS
from migrate.walk import Walker

_KERAS_IMPORT = re.compile(r"^\s*(from\s+keras[\s.]|import\s+keras\b|import\s+[^#\n]*\bkeras\b)", re.M)
_ACCURACY = re.compile(r"""metrics\s*=\s*[\[(][^\])]*['"]accuracy['"]""")


@dataclass
class SourceResult:
    """Outcome of migrating one source text."""

    code: str
    changes: list[Change] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


class _Lines:
    """Line numbers of original nodes without libcst's PositionProvider.

    PositionProvider records a position for every node of the file (a tracked
    code generation pass, more than the whole rewrite costs).  The codemod needs
    lines only for the few nodes it changes or warns about, so: a top-level
    statement's code is generated when a line inside it is first asked for,
    and the node is found in that text (first match at or after the previous
    hit in the same statement, which follows document order for siblings).
    """

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.body = module.body
        self.index = {id(stmt): i for i, stmt in enumerate(module.body)}
        self.starts: list[int] = [len(module.header) + 1]
        self.codes: dict[int, str] = {}
        self.current = -1
        self.cursor = 0

    def enter(self, node: cst.CSTNode) -> None:
        i = self.index.get(id(node))
        if i is not None:
            self.current = i
            self.cursor = 0

    def _code(self, i: int) -> str:
        code = self.codes.get(i)
        if code is None:
            code = self.codes[i] = self.module.code_for_node(self.body[i])
        return code

    def _start(self, i: int) -> int:
        while len(self.starts) <= i:
            k = len(self.starts) - 1
            self.starts.append(self.starts[k] + self._code(k).count("\n"))
        return self.starts[i]

    def _find(self, code: str, text: str) -> int:
        """Offset of ``text`` in ``code``: at or after the previous hit, else anywhere (-1: absent)."""
        if not text:
            return -1
        offset = code.find(text, self.cursor)
        return offset if offset >= 0 else code.find(text)

    def line(self, node: cst.CSTNode) -> int:
        i = self.current
        if i < 0:
            return 0
        code = self._code(i)
        text = self.module.code_for_node(node).strip()
        offset = self._find(code, text)
        if offset < 0 and "\n" in text:
            # printed alone, a node's continuation lines lack the indentation of the block
            # it sits in: its first line is still verbatim in the statement's code
            offset = self._find(code, text.split("\n", 1)[0].rstrip())
        if offset < 0:
            return self._start(i)
        self.cursor = offset
        return self._start(i) + code[:offset].count("\n")


#: The per-line suppression comment: the statement on (or spanning) that line is left as it is.
SKIP_COMMENT = "legacy-migrate: skip"
_SKIP_LINE = re.compile(r"#[^\n]*\blegacy-migrate:\s*skip\b")


def migrate_source(source: str, options: Options | None = None, context: str = "",
                   rules: Sequence[str] | None = None) -> SourceResult:
    """Rewrite Keras 1 source text; raises ``libcst.ParserSyntaxError`` on invalid Python 3.

    ``context``: source whose imports also bind names here (earlier notebook cells).
    ``rules``: names of the rules to run (``--select``/``--ignore``); all when None.
    """
    options = options or Options()
    assumed = False
    if not _KERAS_IMPORT.search(source) and not _KERAS_IMPORT.search(context):
        if not KERAS1_MODEL_USE.search(source):
            ast.parse(source)  # still report invalid Python 3, at C speed (raises SyntaxError)
            return SourceResult(source)
        assumed = True  # a Keras model used without importing keras (issue 13.1)
    module = cst.parse_module(source)
    bindings = Bindings()
    if context:
        try:
            bindings.scan(cst.parse_module(context))
        except cst.ParserSyntaxError:
            pass
    bindings.scan(module)
    if not bindings and not assumed:
        return SourceResult(source)
    ctx = FileContext(options=options, module=module, bindings=bindings, source=source)
    ctx.assumed_keras = assumed and not bindings
    ctx.accuracy_metric = bool(_ACCURACY.search(source))
    lines = _Lines(module)
    ctx.line_of = lines.line
    skip = _select_statements(source, module, bindings) or set()
    kept = _suppressed(source, module)
    skip |= kept
    selected = [rule(ctx) for rule in RULES if (rules is None or rule.name in rules) and rule.relevant(source)]
    walker = Walker(selected, skip=skip, on_statement=lines.enter)
    new_module = walker.walk_module(module)
    ctx.release_held(new_module)
    new_module = _finish_module(new_module, ctx, kept)
    code = new_module.code
    if code == source:
        return SourceResult(source, [], ctx.warnings)
    changes = sorted(ctx.changes, key=lambda c: c.line)
    if not changes:
        changes = [Change(0, "imports", "", "import statements")]
    return SourceResult(code, changes, sorted(ctx.warnings, key=lambda w: w.line))


def _suppressed(source: str, module: cst.Module) -> set[int]:
    """ids of the statements a ``# legacy-migrate: skip`` comment protects.

    The innermost statement whose lines hold the comment: a simple statement
    (all its lines, when it spans several), or a whole compound statement when
    the comment is on its header line (``def f():  # legacy-migrate: skip``).
    """
    if SKIP_COMMENT.split(":")[0] not in source:
        return set()
    marked = {i + 1 for i, line in enumerate(source.splitlines()) if _SKIP_LINE.search(line)}
    if not marked:
        return set()
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):  # libcst read it, ast does not: nothing can be paired, nothing to keep
        return set()
    skip: set[int] = set()
    _mark_bodies(list(module.body), tree.body, marked, skip)
    return skip


def _mark_bodies(cst_body: list[Any], ast_body: list[ast.stmt], marked: set[int], skip: set[int]) -> None:
    spans = _spans(ast_body)
    if len(spans) != len(cst_body):  # trees that cannot be paired: protect nothing rather than guess
        return
    for node, (start, end, stmts) in zip(cst_body, spans):
        hits = {line for line in marked if start <= line <= end}
        if not hits:
            continue
        pairs = _block_pairs(node, stmts[0]) if len(stmts) == 1 else []
        first_body_line = min((b[0].lineno for _, b in pairs if b), default=end + 1)
        if not pairs or min(hits) < first_body_line:
            skip.add(id(node))  # a simple statement, or the header of a compound one
            continue
        for block, body in pairs:
            inner = _block(block)
            if inner is not None:
                _mark_bodies(inner, body, marked, skip)
            elif any(body) and {line for line in hits if body[0].lineno <= line <= (body[-1].end_lineno or 0)}:
                skip.add(id(node))  # `if x: a = 1  # legacy-migrate: skip` (one-line suite)


#: Words that can make a statement interesting besides Keras-bound names.
_TRIGGER_WORDS = ("keras", "fit", "fit_generator", "evaluate_generator", "predict_generator",
                  "predict_classes", "predict_proba", "compile", "history", "nb_sample", "nb_class",
                  "add_weight", "get_output_shape_for", "trainable_weights", "non_trainable_weights",
                  "regularizers", "constraints", "flow", "flow_from_directory", "batch_size",
                  "output_shape", "input_shape", "get_output_at", "get_input_at",
                  "get_output_shape_at", "get_input_shape_at") + TRIGGER_WORDS


def _select_statements(source: str, module: cst.Module, bindings: Bindings) -> set[int] | None:
    """ids of (possibly nested) statements that cannot contain anything to rewrite.

    A libcst walk costs about as much as parsing; most of a real project's code
    never mentions Keras.  The C ``ast`` parser gives every statement's line
    span cheaply; a statement whose lines match no trigger word (a Keras-bound
    name or a Keras 1 method name) is skipped, at any nesting depth.  Where the
    two trees cannot be matched statement by statement nothing is skipped.

    The ``ast`` parse costs about a sixth of walking the same lines, so it is
    done only when a rough line scan says that at least a fifth of the file is
    top-level code that mentions nothing (``_worth_filtering``); dense Keras
    scripts are walked whole.
    """
    words = sorted(set(bindings.names) | set(_TRIGGER_WORDS), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    lines = source.splitlines()
    if not _worth_filtering(lines, pattern):
        return None
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    skip: set[int] = set()
    _match_bodies(list(module.body), tree.body, lines, pattern, skip)
    return skip


_NOT_A_STATEMENT_START = ("", " ", "\t", "#", ")", "]", "}", "@")


def _worth_filtering(lines: list[str], pattern: re.Pattern[str]) -> bool:
    """Whether >= 20 % of the lines are top-level chunks without a trigger word.

    A chunk starts at each line beginning in column 0 (an estimate: a string
    spanning lines can fool it, which only changes whether the filter runs).
    """
    skippable = chunk = 0
    hit = False
    search = pattern.search
    for line in lines:
        if line[:1] not in _NOT_A_STATEMENT_START:
            if not hit:
                skippable += chunk
            chunk, hit = 0, False
        chunk += 1
        if not hit and search(line):
            hit = True
    if not hit:
        skippable += chunk
    return skippable * 5 >= len(lines)


def _spans(body: list[ast.stmt]) -> list[tuple[int, int, list[ast.stmt]]]:
    spans: list[list] = []
    for stmt in body:
        start = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", [])])
        end = stmt.end_lineno or stmt.lineno
        if spans and stmt.lineno == spans[-1][1] and start == spans[-1][1]:
            spans[-1][1] = max(end, spans[-1][1])  # `a; b` is one libcst statement
            spans[-1][2].append(stmt)
        else:
            spans.append([start, end, [stmt]])
    return [tuple(s) for s in spans]  # type: ignore[misc]


def _block(node: Any) -> list[cst.BaseStatement] | None:
    return list(node.body) if isinstance(node, cst.IndentedBlock) else None


def _block_pairs(node: Any, a: ast.stmt) -> list[tuple[Any, list[ast.stmt]]]:
    """(libcst block, ast body) pairs of a compound statement, elif chains flattened."""
    pairs: list[tuple[Any, list[ast.stmt]]] = []
    if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.With)):
        pairs.append((node.body, a.body))  # type: ignore[attr-defined]
    elif isinstance(node, (cst.For, cst.While)):
        pairs.append((node.body, a.body))  # type: ignore[attr-defined]
        if node.orelse is not None:
            pairs.append((node.orelse.body, a.orelse))  # type: ignore[attr-defined]
    elif isinstance(node, cst.If) and isinstance(a, ast.If):
        pairs.append((node.body, a.body))
        while isinstance(node.orelse, cst.If) and len(a.orelse) == 1 and isinstance(a.orelse[0], ast.If):
            node, a = node.orelse, a.orelse[0]
            pairs.append((node.body, a.body))
        if isinstance(node.orelse, cst.Else):
            pairs.append((node.orelse.body, a.orelse))
    elif isinstance(node, cst.Try) and isinstance(a, ast.Try):
        pairs.append((node.body, a.body))
        for handler, ah in zip(node.handlers, a.handlers):
            pairs.append((handler.body, ah.body))
        if node.orelse is not None:
            pairs.append((node.orelse.body, a.orelse))
        if node.finalbody is not None:
            pairs.append((node.finalbody.body, a.finalbody))
    return pairs


def _match_bodies(cst_body: list[Any], ast_body: list[ast.stmt], lines: list[str],
                  pattern: re.Pattern[str], skip: set[int]) -> None:
    spans = _spans(ast_body)
    if len(spans) != len(cst_body):
        return
    for node, (start, end, stmts) in zip(cst_body, spans):
        if not pattern.search("\n".join(lines[start - 1:end])):
            skip.add(id(node))
            continue
        if len(stmts) != 1:
            continue
        pairs = _block_pairs(node, stmts[0])
        for block, body in pairs:
            inner = _block(block)
            if inner is not None:
                _match_bodies(inner, body, lines, pattern, skip)


# ---------------------------------------------------------------------------
# module touch-up: imports, helpers
# ---------------------------------------------------------------------------

def _import_from(module: str, names: list[str]) -> cst.SimpleStatementLine:
    return cst.parse_statement(f"from {module} import {', '.join(names)}\n")  # type: ignore[return-value]


def _is_import_line(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body)


@functools.lru_cache(maxsize=None)
def _helper_statements(name: str) -> tuple[cst.BaseStatement, ...]:
    """An inserted helper's statements, each after two blank lines: parsed once per process
    (nodes are immutable, so every file that needs the helper shares them)."""
    parsed = cst.parse_module(HELPERS[name].lstrip("\n"))
    lines = [cst.EmptyLine(), cst.EmptyLine()]
    return tuple(stmt.with_changes(leading_lines=lines) for stmt in parsed.body)  # type: ignore[call-arg]


@functools.lru_cache(maxsize=None)
def _statement(line: str) -> cst.SimpleStatementLine:
    """One inserted statement (``import keras``, ``import numpy as np``), parsed once per process."""
    return cst.parse_statement(line + "\n")  # type: ignore[return-value]


def _defined_names(module: cst.Module) -> set[str]:
    names = set()
    for stmt in module.body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            names.add(stmt.name.value)
    return names


def _bound_import_names(stmt: cst.CSTNode) -> set[str]:
    names: set[str] = set()
    if not isinstance(stmt, cst.SimpleStatementLine):
        return names
    for small in stmt.body:
        if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
            for alias in small.names:
                if alias.asname is not None:
                    names.add(alias.asname.name.value)  # type: ignore[union-attr]
                else:
                    names.add((dotted(alias.name) or "").split(".")[0])
    return names


def _finish_module(module: cst.Module, ctx: FileContext,
                   kept: set[int] | frozenset[int] = frozenset()) -> cst.Module:
    """``kept``: ids of statements under ``# legacy-migrate: skip``, printed as they were."""
    body = list(module.body)
    # 1. drop imports of names every use of which was rewritten (merge -> concatenate)
    drop = {name for name, refs in ctx.name_rewritten.items() if ctx.name_refs.get(name, 0) <= refs}
    if drop:
        new_body = []
        for stmt in body:
            if id(stmt) not in kept and isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 \
                    and isinstance(stmt.body[0], cst.ImportFrom) \
                    and not isinstance(stmt.body[0].names, cst.ImportStar):
                imp = stmt.body[0]
                keep = [a for a in imp.names  # type: ignore[union-attr]
                        if (a.asname.name.value if a.asname else dotted(a.name)) not in drop]  # type: ignore[union-attr]
                if not keep:
                    continue
                if len(keep) != len(imp.names):  # type: ignore[arg-type]
                    keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                    stmt = stmt.with_changes(body=[imp.with_changes(names=keep)])
            new_body.append(stmt)
        body = new_body
    bound: set[str] = set()
    for stmt in body:
        bound |= _bound_import_names(stmt)
    # 2. names inserted code imports
    additions: list[cst.SimpleStatementLine] = []
    by_module: dict[str, list[str]] = {}
    for module_name, name in sorted(ctx.import_adds):
        if name not in bound:
            by_module.setdefault(ctx.target_module(module_name), []).append(name)
    for module_name, names in by_module.items():
        for i, stmt in enumerate(body):
            if id(stmt) not in kept and isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 \
                    and isinstance(stmt.body[0], cst.ImportFrom) and stmt.body[0].module is not None \
                    and not stmt.body[0].relative \
                    and dotted(stmt.body[0].module) == module_name \
                    and not isinstance(stmt.body[0].names, cst.ImportStar) \
                    and "\n" not in cst.Module([]).code_for_node(stmt).strip():
                imp = stmt.body[0]
                aliases = list(imp.names)  # type: ignore[arg-type]
                aliases[-1] = aliases[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                aliases += [cst.ImportAlias(cst.Name(n), comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                            for n in names]
                aliases[-1] = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                body[i] = stmt.with_changes(body=[imp.with_changes(names=aliases, lpar=None, rpar=None)])
                break
        else:
            additions.append(_import_from(module_name, names))
    for line in sorted(ctx.statement_adds):
        additions.append(_statement(line))
    helpers = [h for h in sorted(ctx.helpers) if h not in _defined_names(module)]
    if ctx.needs_root or any(h in NEEDS_ROOT for h in helpers):
        if "keras" not in bound:
            additions.insert(0, _statement("from tensorflow import keras" if ctx.options.keras_module == "tensorflow.keras"
                                           else "import keras"))
    if not additions and not helpers:
        return module.with_changes(body=body)
    # insertion point: after the last top-level import (skipping docstring / __future__)
    last_import = -1
    for i, stmt in enumerate(body):
        if _is_import_line(stmt):
            last_import = i
        elif isinstance(stmt, cst.SimpleStatementLine) and i == 0 and isinstance(stmt.body[0], cst.Expr):
            continue
        elif last_import >= 0 and not isinstance(stmt, (cst.If, cst.Try)):
            break
    insert_at = last_import + 1
    if last_import < 0:
        insert_at = 1 if body and isinstance(body[0], cst.SimpleStatementLine) and \
            isinstance(body[0].body[0], cst.Expr) else 0
    helper_nodes: list[cst.BaseStatement] = []
    for name in helpers:
        helper_nodes.extend(_helper_statements(name))
    new_body = body[:insert_at] + additions + helper_nodes
    rest = body[insert_at:]
    if helper_nodes and rest:
        first = rest[0]
        rest[0] = first.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(),  # type: ignore[call-arg]
                                                    *[ln for ln in first.leading_lines if ln.comment]])
    return module.with_changes(body=new_body + rest)


__all__ = ["migrate_source", "SourceResult", "build_dotted"]

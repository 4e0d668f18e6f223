"""A Keras 1 ``Sequential`` that starts with ``Merge([model_a, model_b])`` -> a functional ``Model``.

Rule ``merge`` turns every ``Merge([models], mode=...)`` into
``keras1_merge_models([models], Layer())``, a functional Model over the models'
inputs (``migrate.helpers``).  A Keras 3 ``Sequential`` has one input, so a
Sequential that starts with such a merge becomes a functional Model here:
statements of one block, either form::

    merged = Merge([left, right], mode='concat')   # or inline in add() / the list
    model = Sequential()                           # or Sequential(name=...)
    model.add(merged)
    model.add(Dense(10))                           # any number of further add()s

    model = Sequential([Merge([left, right], mode='concat'), Dense(10)])   # or: return Sequential([...])

become::

    merged = keras1_merge_models([left, right], Concatenate())
    model_out = merged.outputs[0]
    model_out = Dense(10)(model_out)
    model = Model(inputs=merged.inputs, outputs=model_out)

which takes the same ``[X_left, X_right]`` list in ``fit``/``predict`` and has the
same weights as the Keras 1 model.  (An inline merge gets a variable ``<model>_merged``.)
Not rewritten, and reported with the merge's line: a Sequential whose ``add()``s
go on after other statements (a Model cannot ``add``), a merge added as a later
layer (Keras 1 raised there too), a ``Sequential([merge, ...])`` inside a larger
expression.  Left as it is such code still runs on Keras 3 (a Sequential
starting with the merged Model builds on its first call) but has no weights or
``inputs`` before that call.

The same block-level pass handles the other Sequential-structure changes:
``model.add(LSTM(..., batch_input_shape=(32, ...)))`` (a fixed batch size, as
stateful RNNs need) becomes ``model.add(keras.Input(batch_shape=(32, ...)))``
followed by the layer (elsewhere a fixed-batch ``batch_input_shape`` is
reported), and a first layer's ``input_shape=`` becomes ``keras.Input(shape=...)``.
"""
from __future__ import annotations

import re
from typing import Any

import libcst as cst

from migrate.context import Change, _short, build_dotted, dotted
from migrate.cstutil import new_slot, rebuild_args, slots_of
from migrate.rules.base import Rule
from migrate.rules.merge import MERGE_MODELS

DESCRIPTION = "Keras 1 Sequential starting with Merge([models]) -> functional Model"

_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _single_expr(stmt: Any) -> cst.BaseExpression | None:
    if type(stmt) is cst.SimpleStatementLine and len(stmt.body) == 1 and type(stmt.body[0]) is cst.Expr:
        return stmt.body[0].value
    return None


def _single_assign(stmt: Any) -> tuple[str, cst.BaseExpression] | None:
    """``name = value`` (or ``a.b = value``: the dotted target) of a one-statement line."""
    if type(stmt) is cst.SimpleStatementLine and len(stmt.body) == 1 and type(stmt.body[0]) is cst.Assign:
        assign = stmt.body[0]
        if len(assign.targets) == 1:
            target = dotted(assign.targets[0].target)
            if target is not None:
                return target, assign.value
    return None


def _add_call(stmt: Any, model: str) -> cst.BaseExpression | None:
    """``model.add(X)`` -> X."""
    expr = _single_expr(stmt)
    if type(expr) is cst.Call and type(expr.func) is cst.Attribute and \
            expr.func.attr.value == "add" and dotted(expr.func.value) == model and \
            len(expr.args) == 1 and expr.args[0].keyword is None and not expr.args[0].star:
        return expr.args[0].value
    return None


def _is_merge_models(node: cst.BaseExpression | None) -> bool:
    return type(node) is cst.Call and type(node.func) is cst.Name and node.func.value == MERGE_MODELS


class _LaterUses(cst.CSTVisitor):
    """``<model>.add(...)`` and ``<model>.layers[i]`` (i >= 0) in the statements after a rewrite
    (run only once a rewrite is due, over the rest of that block)."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.adds = False
        self.indexed: list[str] = []

    def visit_Call(self, node: cst.Call) -> None:
        if type(node.func) is cst.Attribute and node.func.attr.value == "add" and \
                dotted(node.func.value) == self.model:
            self.adds = True

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if type(node.value) is cst.Attribute and node.value.attr.value == "layers" and \
                dotted(node.value.value) == self.model and len(node.slice) == 1 and \
                isinstance(node.slice[0].slice, cst.Index) and \
                type(node.slice[0].slice.value) is cst.Integer:
            self.indexed.append(f"{self.model}.layers[{node.slice[0].slice.value.value}]")


def _later_uses(stmts: list[Any], model: str) -> _LaterUses:
    finder = _LaterUses(model)
    for stmt in stmts:
        stmt.visit(finder)
    return finder


def _outputs0(node: cst.BaseExpression) -> cst.BaseExpression:
    """``node.outputs[0]`` (a Keras 3 Sequential has ``outputs``, not ``output``, once built)."""
    return cst.Subscript(cst.Attribute(node, cst.Name("outputs")),
                         [cst.SubscriptElement(cst.Index(cst.Integer("0")))])


def _assign_small(target: str, value: cst.BaseExpression) -> cst.Assign:
    return cst.Assign(targets=[cst.AssignTarget(cst.Name(target))], value=value)


class SequentialMerge(Rule):
    name = "sequential_merge"
    DESCRIPTION = DESCRIPTION

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        #: variable -> line of the Merge of models last assigned to it (any scope, in source order)
        self._merged_names: dict[str, int] = {}
        #: ids of ``Sequential([merge, ...])`` calls -> line, until a statement rewrite takes them
        self._pending_lists: dict[int, int] = {}

    def _is(self, node: cst.BaseExpression | None, what: str) -> bool:
        if type(node) is not cst.Call:
            return False
        qual = self.qualname(node.func)
        return bool(qual) and qual.rsplit(".", 1)[-1] == what  # type: ignore[union-attr]

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        if self.ctx.merge_layer_lines and type(updated.value) is cst.Call:
            line = self.ctx.merge_layer_lines.get(id(updated.value))
            if line is not None:
                for target in updated.targets:
                    if type(target.target) is cst.Name:
                        self._merged_names[target.target.value] = line
        return updated

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        body = self._rewrite(list(updated.body))
        for line, message in self.ctx.batch_shape_pending.values():
            self.warn(line, message)
        for line in self._pending_lists.values():
            self.warn(line, "Sequential([Merge of models, ...]) inside an expression is not rewritten (only "
                            "`m = Sequential([...])` and `return Sequential([...])` are): a Keras 3 Sequential "
                            "has one input; build Model(inputs=merged.inputs, outputs=...) by hand")
        return updated if body is None else updated.with_changes(body=body)

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:
        body = self._rewrite(list(updated.body))
        return updated if body is None else updated.with_changes(body=body)

    def _batch_shapes(self, body: list[Any]) -> bool:
        """``m.add(LSTM(..., batch_input_shape=(32, ...)))`` -> ``m.add(keras.Input(batch_shape=...))`` first."""
        changed = False
        i = 0
        while i < len(body):
            expr = _single_expr(body[i])
            model = dotted(expr.func.value) if type(expr) is cst.Call and \
                type(expr.func) is cst.Attribute else None
            layer = _add_call(body[i], model) if model else None
            if type(layer) is cst.Call:
                slots = slots_of(layer)
                shape = next((s for s in slots if s.keyword == "batch_input_shape"
                              and id(s.value) in self.ctx.batch_shape_pending), None)
                if shape is not None:
                    line = self.ctx.batch_shape_pending.pop(id(shape.value))[0]
                    new_layer = rebuild_args(layer, [s for s in slots if s is not shape])
                    inp = rebuild_args(cst.Call(func=self.ctx.root_expr("Input")),
                                       [new_slot("batch_shape", shape.value)])
                    first = body[i].with_changes(body=[cst.Expr(expr.with_changes(  # type: ignore[union-attr]
                        args=[cst.Arg(inp)]))])
                    second = body[i].with_changes(body=[cst.Expr(expr.with_changes(  # type: ignore[union-attr]
                        args=[cst.Arg(new_layer)]))], leading_lines=[])
                    if self.ctx.options.detail:
                        from migrate.context import Change, _short
                        self.ctx.changes.append(Change(line, self.name, _short(cst.Module([]).code_for_node(
                            body[i]).strip()), _short(cst.Module([]).code_for_node(first).strip() + " " +
                                                      cst.Module([]).code_for_node(second).strip())))
                    else:
                        from migrate.context import Change
                        self.ctx.changes.append(Change(0, self.name, "", ""))
                    body[i:i + 1] = [first, second]
                    changed = True
                    i += 2
                    continue
            i += 1
        return changed

    def _input_first(self, body: list[Any]) -> bool:
        """``m = Sequential()`` then ``m.add(Dense(8, input_shape=(3,)))`` ->
        ``m.add(keras.Input(shape=(3,)))`` + ``m.add(Dense(8))`` (Keras 3 warns on input_shape=)."""
        changed = False
        i = -1
        while i + 2 < len(body):  # the body grows while we go
            i += 1
            assign = _single_assign(body[i])
            if not assign or not self._is(assign[1], "Sequential") or slots_of(assign[1]):  # type: ignore[arg-type]
                continue
            layer = _add_call(body[i + 1], assign[0])
            if type(layer) is not cst.Call:
                continue
            slots = slots_of(layer)
            shape = next((s for s in slots if s.keyword == "input_shape" and id(s.value) in self.ctx.input_shapes),
                         None)
            if shape is None:
                continue
            expr = _single_expr(body[i + 1])
            inp = rebuild_args(cst.Call(func=self.ctx.root_expr("Input")), [new_slot("shape", shape.value)])
            first = body[i + 1].with_changes(body=[cst.Expr(expr.with_changes(args=[cst.Arg(inp)]))])  # type: ignore[union-attr]
            second = body[i + 1].with_changes(body=[cst.Expr(expr.with_changes(  # type: ignore[union-attr]
                args=[cst.Arg(rebuild_args(layer, [s for s in slots if s is not shape]))]))], leading_lines=[])
            from migrate.context import Change, _short
            code = cst.Module([]).code_for_node
            self.ctx.changes.append(Change(0, self.name, _short(code(body[i + 1]).strip()),
                                           _short(code(first).strip() + " " + code(second).strip()))
                                    if self.ctx.options.detail else Change(0, self.name, "", ""))
            body[i + 1:i + 2] = [first, second]
            changed = True
        return changed

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """``Sequential([Dense(8, input_shape=(3,)), ...])`` -> ``Sequential([keras.Input(shape=(3,)), Dense(8), ...])``."""
        if not self._is(original, "Sequential") or not updated.args or updated.args[0].keyword is not None:
            return updated
        layers = updated.args[0].value
        if type(layers) is not cst.List or not layers.elements:
            return updated
        first = layers.elements[0].value
        if type(first) is cst.Name and first.value in self._merged_names:  # a variable holding one
            self._pending_lists[id(updated)] = self.ctx.line_of(original)
            return updated
        if type(first) is not cst.Call:
            return updated
        if _is_merge_models(first):  # rewritten with its statement, or reported (leave_Module)
            self._pending_lists[id(updated)] = self.ctx.merge_layer_lines.get(id(first), 0)
            return updated
        slots = slots_of(first)
        shape = next((s for s in slots if s.keyword == "input_shape" and id(s.value) in self.ctx.input_shapes), None)
        if shape is None:
            return updated
        inp = rebuild_args(cst.Call(func=self.ctx.root_expr("Input")), [new_slot("shape", shape.value)])
        elements = [cst.Element(inp, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
                    layers.elements[0].with_changes(value=rebuild_args(first, [s for s in slots if s is not shape])),
                    *layers.elements[1:]]
        new = updated.with_changes(args=[updated.args[0].with_changes(value=layers.with_changes(elements=elements)),
                                         *updated.args[1:]])
        self.change(original, new)
        return new


    # -- Sequential starting with a Merge of models ---------------------------------------------
    def _merge_line(self, node: cst.BaseExpression, local: dict[str, int | None]) -> int | None:
        """Line of the Merge of models ``node`` is (an inline call) or holds (a variable), else None."""
        if _is_merge_models(node):
            return self.ctx.merge_layer_lines.get(id(node), 0)
        if type(node) is cst.Name:
            if node.value in local:
                return local[node.value]
            return self._merged_names.get(node.value)
        return None

    def _rewrite(self, body: list[Any]) -> list[Any] | None:
        changed = self._batch_shapes(body)
        changed = self._input_first(body) or changed
        if not self.ctx.merge_layer_lines and not self._merged_names:
            return body if changed else None
        #: names (re)assigned in this block so far -> line of the merge they hold, or None
        local: dict[str, int | None] = {}
        i = 0
        while i < len(body):
            done = self._sequential_list(body, i, local) or self._sequential_adds(body, i, local)
            if done:
                changed = True
                i += done
                continue
            assign = _single_assign(body[i])
            if assign is not None:
                local[assign[0]] = self.ctx.merge_layer_lines.get(id(assign[1])) if \
                    _is_merge_models(assign[1]) else None
            else:
                expr = _single_expr(body[i])
                if type(expr) is cst.Call and type(expr.func) is cst.Attribute and \
                        expr.func.attr.value == "add" and len(expr.args) == 1:
                    line = self._merge_line(expr.args[0].value, local)
                    if line is not None:
                        self.warn(line, "Merge of models added to a Sequential not rewritten (not the first "
                                        "add() right after `m = Sequential()`, or add()s go on after other "
                                        "statements): a Keras 3 Sequential has one input; build "
                                        "Model(inputs=merged.inputs, outputs=...) by hand")
            i += 1
        return body if changed else None

    def _sequential_adds(self, body: list[Any], i: int, local: dict[str, int | None]) -> int:
        """``m = Sequential()`` + ``m.add(merge)`` + ``m.add(layer)``...: statements written, or 0."""
        assign = _single_assign(body[i])
        if assign is None or i + 1 >= len(body) or not self._is(assign[1], "Sequential"):
            return 0
        model, call = assign
        slots = slots_of(call)  # type: ignore[arg-type]
        if any(s.keyword != "name" for s in slots):
            return 0
        first = _add_call(body[i + 1], model)
        line = None if first is None else self._merge_line(first, local)
        if line is None:
            return 0
        k = i + 2
        layers = []
        while k < len(body):
            layer = _add_call(body[k], model)
            if layer is None:
                break
            layers.append(layer)
            k += 1
        later = _later_uses(body[k:], model)
        if later.adds:
            return 0  # reported as not rewritten
        self._warn_indexed(line, later)
        stmts = self._functional_model(model, first, layers, slots[0] if slots else None, body[i], body[i + 1],
                                 body[i + 2:k])
        self._record(line, body[i:k], stmts)
        body[i:k] = stmts
        local[model] = None
        return len(stmts)

    def _sequential_list(self, body: list[Any], i: int, local: dict[str, int | None]) -> int:
        """``m = Sequential([merge, layer, ...])`` / ``return Sequential([...])``: statements written, or 0."""
        stmt = body[i]
        assign = _single_assign(stmt)
        if assign is not None:
            target: str | None = assign[0]
            call = assign[1]
        elif type(stmt) is cst.SimpleStatementLine and len(stmt.body) == 1 and \
                type(stmt.body[0]) is cst.Return:
            target, call = None, stmt.body[0].value  # type: ignore[assignment]
        else:
            return 0
        if not self._is(call, "Sequential"):
            return 0
        slots = slots_of(call)  # type: ignore[arg-type]
        layers_slot = slots[0] if slots and slots[0].keyword is None else next(
            (s for s in slots if s.keyword == "layers"), None)
        if layers_slot is None or not isinstance(layers_slot.value, (cst.List, cst.Tuple)) or \
                not layers_slot.value.elements or \
                not all(type(e) is cst.Element for e in layers_slot.value.elements):
            return 0
        rest = [s for s in slots if s is not layers_slot]
        if any(s.keyword != "name" for s in rest):
            return 0
        elements = [e.value for e in layers_slot.value.elements]  # type: ignore[union-attr]
        line = self._merge_line(elements[0], local)
        if line is None:
            return 0
        self._pending_lists.pop(id(call), None)
        if target is not None:
            self._warn_indexed(line, _later_uses(body[i + 1:], target))
        stmts = self._functional_model(target or "model", elements[0], elements[1:], rest[0] if rest else None,
                                 stmt, returned=target is None)
        self._record(line, [stmt], stmts)
        body[i:i + 1] = stmts
        if target is not None:
            local[target] = None
        return len(stmts)

    def _warn_indexed(self, line: int, later: _LaterUses) -> None:
        if later.indexed:
            self.warn(line, f"{later.indexed[0]}: the functional Model's layers are its inputs, the merged "
                            "models' layers, the merge and the layers after it (Keras 1's Sequential listed "
                            "[Merge, ...]); count from the end or pick the layer by name")

    def _unused(self, stem: str) -> str:
        """``stem``, or ``stem2``, ``stem3``... when the file already uses that name."""
        name, n = stem, 1
        while re.search(rf"\b{name}\b", self.ctx.source):
            n += 1
            name = f"{stem}{n}"
        return name

    def _functional_model(self, model: str, merged: cst.BaseExpression, layers: list[cst.BaseExpression],
                    name: Any, seq_stmt: Any, merge_stmt: Any = None, layer_stmts: list[Any] | None = None,
                    returned: bool = False) -> list[cst.SimpleStatementLine]:
        """``<model>_out = merged.outputs[0]``, ``<model>_out = layer(<model>_out)``...,
        ``model = Model(inputs=merged.inputs, outputs=<model>_out)`` (or ``return Model(...)``).

        Comments stay: the lines above ``m = Sequential()`` and each ``m.add(...)`` go above the
        statement that replaces it, a comment ending a line ends its replacement."""
        base = model.rsplit(".", 1)[-1]
        leading = [*seq_stmt.leading_lines, *(merge_stmt.leading_lines if merge_stmt is not None else ())]

        def line(small: cst.BaseSmallStatement, source: Any = None) -> cst.SimpleStatementLine:
            if source is None:
                return cst.SimpleStatementLine(body=[small])
            return source.with_changes(body=[small], leading_lines=())

        def target(value: cst.BaseExpression) -> cst.BaseSmallStatement:
            if returned:
                return cst.Return(value)
            return cst.Assign(targets=[cst.AssignTarget(build_dotted(model))], value=value)

        if not layers and name is None and type(merged) is not cst.Name:  # Sequential([merge]): that Model
            stmt = line(target(merged), seq_stmt)
            return [stmt.with_changes(leading_lines=leading)]
        stmts: list[cst.SimpleStatementLine] = []
        if type(merged) is not cst.Name:
            merged_name = self._unused(f"{base}_merged")
            stmts.append(line(_assign_small(merged_name, merged), merge_stmt))
            merged = cst.Name(merged_name)
            merge_stmt = None
        out: cst.BaseExpression = cst.Attribute(merged, cst.Name("outputs"))
        if layers:
            out_name = cst.Name(self._unused(f"{base}_out"))
            stmts.append(line(_assign_small(out_name.value, _outputs0(merged)), merge_stmt))
            for j, layer in enumerate(layers):
                source = layer_stmts[j] if layer_stmts is not None else None
                stmt = line(_assign_small(out_name.value, cst.Call(func=layer, args=[cst.Arg(out_name)])), source)
                if source is not None:
                    stmt = stmt.with_changes(leading_lines=source.leading_lines)
                stmts.append(stmt)
            out = out_name
        call_slots = [new_slot("inputs", cst.Attribute(merged, cst.Name("inputs"))), new_slot("outputs", out)]
        if name is not None:
            call_slots.append(new_slot("name", name.value))
        model_call = rebuild_args(cst.Call(func=cst.Name("Model")), call_slots)
        self.ctx.import_adds.add(("keras.models", "Model"))
        stmts.append(line(target(model_call), seq_stmt))
        stmts[0] = stmts[0].with_changes(leading_lines=leading)
        return stmts

    def _record(self, line: int, before: list[Any], after: list[Any]) -> None:
        if not self.ctx.options.detail:
            self.ctx.changes.append(Change(0, self.name, "", ""))
            return
        code = cst.Module([]).code_for_node
        self.ctx.changes.append(Change(line, self.name, _short("\n".join(code(s).strip() for s in before)),
                                       _short("\n".join(code(s).strip() for s in after))))

"""Keras 1 ``Sequential`` starting with ``Merge([branch_a, branch_b])`` -> a functional ``Model``.

Recognised pattern (statements of one block, in this order)::

    merged = Merge([left, right], mode='concat')   # optional: may be inline in add()
    model = Sequential()
    model.add(merged)
    model.add(Dense(10))                           # any number of further add()s

becomes::

    merged = concatenate([left.outputs[0], right.outputs[0]])
    model_out = merged
    model_out = Dense(10)(model_out)
    model = Model(inputs=[*left.inputs, *right.inputs], outputs=model_out)

which takes the same ``[X_left, X_right]`` list in ``fit``/``predict`` as the
Keras 1 model.  Any other use of ``Merge([...])`` stays and is reported with its
line (it needs a human).

The same block-level pass handles the other Sequential-structure change:
``model.add(LSTM(..., batch_input_shape=(32, ...)))`` (a fixed batch size, as
stateful RNNs need) becomes ``model.add(keras.Input(batch_shape=(32, ...)))``
followed by the layer; elsewhere a fixed-batch ``batch_input_shape`` is reported.
"""
from __future__ import annotations

from typing import Any

import libcst as cst

from legacy_keras.spec import modules as spec
from migrate.context import dotted
from migrate.cstutil import NOT_LITERAL, Slot, literal, new_slot, rebuild_args, slots_of
from migrate.rules.base import Rule
from migrate.rules.merge import lambda_layer, merge_mode_call

DESCRIPTION = "Keras 1 Sequential starting with Merge([models]) -> functional Model"

_MERGE_LAYER_SIGNATURE = ("layers",) + spec.MERGE_SIGNATURE[1:]


def _single_expr(stmt: Any) -> cst.BaseExpression | None:
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr):
        return stmt.body[0].value
    return None


def _single_assign(stmt: Any) -> tuple[str, cst.BaseExpression] | None:
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign):
        assign = stmt.body[0]
        if len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name):
            return assign.targets[0].target.value, assign.value
    return None


def _add_call(stmt: Any, model: str) -> cst.BaseExpression | None:
    """``model.add(X)`` -> X."""
    expr = _single_expr(stmt)
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and \
            expr.func.attr.value == "add" and dotted(expr.func.value) == model and \
            len(expr.args) == 1 and expr.args[0].keyword is None and not expr.args[0].star:
        return expr.args[0].value
    return None


class SequentialMerge(Rule):
    name = "sequential_merge"
    DESCRIPTION = DESCRIPTION

    def _is(self, node: cst.BaseExpression | None, what: str) -> bool:
        if not isinstance(node, cst.Call):
            return False
        qual = self.qualname(node.func)
        return bool(qual) and qual.rsplit(".", 1)[-1] == what  # type: ignore[union-attr]

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        body = self._rewrite(list(updated.body))
        for line, message in self.ctx.batch_shape_pending.values():
            self.warn(line, message)
        for node_id, line in self.ctx.merge_layer_lines.items():
            if node_id not in self.ctx.merge_layers_done:
                self.warn(line, "Merge([...]) of models not recognised as the first layer of a Sequential: "
                                "build a functional Model (inputs = [a.input, b.input], "
                                "x = concatenate([a.output, b.output]) ...)")
        return updated if body is None else updated.with_changes(body=body)

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:
        body = self._rewrite(list(updated.body))
        return updated if body is None else updated.with_changes(body=body)

    def _merge_expr(self, call: cst.Call) -> tuple[cst.BaseExpression, list[cst.BaseExpression]] | None:
        """Functional merge of the branches' outputs, and the branches."""
        slots = slots_of(call)
        if any(s.star for s in slots):
            return None
        bound: dict[str, Slot] = {}
        for name, slot in zip(_MERGE_LAYER_SIGNATURE, [s for s in slots if s.keyword is None]):
            bound[name] = slot
        for slot in slots:
            if slot.keyword is not None:
                if slot.keyword not in _MERGE_LAYER_SIGNATURE:
                    return None
                bound[slot.keyword] = slot
        branches_node = bound.get("layers")
        if branches_node is None or not isinstance(branches_node.value, (cst.List, cst.Tuple)):
            return None
        branches = [e.value for e in branches_node.value.elements if isinstance(e, cst.Element)]
        if not branches or not all(isinstance(b, (cst.Name, cst.Attribute)) for b in branches):
            return None
        mode_slot = bound.get("mode")
        mode = "sum" if mode_slot is None else literal(mode_slot.value)
        # Keras 3 Sequential has .outputs/.inputs once its input shape is known (not .output)
        outputs = cst.List([cst.Element(cst.Subscript(cst.Attribute(b, cst.Name("outputs")),
                                                      [cst.SubscriptElement(cst.Index(cst.Integer("0")))]),
                                        comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                            for b in branches])
        outputs = outputs.with_changes(elements=[*outputs.elements[:-1],
                                                 outputs.elements[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)])
        name_slots = [new_slot("name", bound["name"].value)] if "name" in bound else []
        if mode is NOT_LITERAL:
            if mode_slot is None or not isinstance(mode_slot.value, (cst.Lambda, cst.Name, cst.Attribute)):
                return None
            lam = lambda_layer(self.ctx, bound, name_slots)
            return cst.Call(func=lam, args=[cst.Arg(outputs)]), branches
        if mode not in spec.MERGE_MODES:
            return None
        func, extra = merge_mode_call(mode, bound)
        self.ctx.import_adds.add(("keras.layers", func))
        return rebuild_args(cst.Call(func=cst.Name(func)), [Slot(None, outputs), *extra, *name_slots]), branches

    def _batch_shapes(self, body: list[Any]) -> bool:
        """``m.add(LSTM(..., batch_input_shape=(32, ...)))`` -> ``m.add(keras.Input(batch_shape=...))`` first."""
        changed = False
        i = 0
        while i < len(body):
            expr = _single_expr(body[i])
            model = dotted(expr.func.value) if isinstance(expr, cst.Call) and \
                isinstance(expr.func, cst.Attribute) else None
            layer = _add_call(body[i], model) if model else None
            if isinstance(layer, cst.Call):
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
            if not isinstance(layer, cst.Call):
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
        if not isinstance(layers, cst.List) or not layers.elements or \
                not isinstance(layers.elements[0].value, cst.Call):
            return updated
        first = layers.elements[0].value
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

    def _rewrite(self, body: list[Any]) -> list[Any] | None:
        changed = self._batch_shapes(body)
        changed = self._input_first(body) or changed
        i = 0
        while i < len(body):
            assign = _single_assign(body[i])
            if not assign or not self._is(assign[1], "Sequential") or slots_of(assign[1]):  # type: ignore[arg-type]
                i += 1
                continue
            model = assign[0]
            first = _add_call(body[i + 1], model) if i + 1 < len(body) else None
            if first is None:
                i += 1
                continue
            merge_call: cst.Call | None = None
            merged_stmt = None
            if self._is(first, "Merge"):
                merge_call = first  # type: ignore[assignment]
            elif isinstance(first, cst.Name):
                for j in range(i - 1, -1, -1):
                    prev = _single_assign(body[j])
                    if prev and prev[0] == first.value:
                        if self._is(prev[1], "Merge"):
                            merge_call, merged_stmt = prev[1], j  # type: ignore[assignment]
                        break
            if merge_call is None:
                i += 1
                continue
            built = self._merge_expr(merge_call)
            if built is None:
                i += 1
                continue
            merged, branches = built
            out = f"{model}_out"
            new_stmts: list[Any] = []
            if merged_stmt is not None:
                stmt = body[merged_stmt]
                body[merged_stmt] = stmt.with_changes(body=[stmt.body[0].with_changes(value=merged)])
                start_value: cst.BaseExpression = first
            else:
                start_value = merged
            new_stmts.append(body[i + 1].with_changes(
                body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(out))], value=start_value)],
                leading_lines=body[i].leading_lines))
            k = i + 2
            while k < len(body):
                layer = _add_call(body[k], model)
                if layer is None:
                    break
                new_stmts.append(body[k].with_changes(body=[cst.Assign(
                    targets=[cst.AssignTarget(cst.Name(out))],
                    value=cst.Call(func=layer, args=[cst.Arg(cst.Name(out))]))]))
                k += 1
            inputs = cst.List([cst.StarredElement(cst.Attribute(b, cst.Name("inputs")),
                                                  comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                               for b in branches])
            inputs = inputs.with_changes(elements=[*inputs.elements[:-1],
                                                   inputs.elements[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)])
            model_call = rebuild_args(cst.Call(func=cst.Name("Model")),
                                      [new_slot("inputs", inputs), new_slot("outputs", cst.Name(out))])
            new_stmts.append(cst.SimpleStatementLine(
                body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(model))], value=model_call)]))
            self.ctx.import_adds.add(("keras.models", "Model"))
            local = merge_call.func.value if isinstance(merge_call.func, cst.Name) else ""
            self.ctx.rewritten(local)
            self.ctx.merge_layers_done.add(id(merge_call))
            before = "\n".join(cst.Module([]).code_for_node(s).strip() for s in body[i:k])
            after = "\n".join(cst.Module([]).code_for_node(s).strip() for s in new_stmts)
            self.ctx.changes.append(self._record(merge_call, before, after))
            body[i:k] = new_stmts
            i += len(new_stmts)
            changed = True
        return body if changed else None

    def _record(self, node: cst.CSTNode, before: str, after: str):  # type: ignore[no-untyped-def]
        from migrate.context import Change, _short
        if not self.ctx.options.detail:
            return Change(0, self.name, "", "")
        return Change(self.ctx.merge_layer_lines.get(id(node), 0), self.name, _short(before), _short(after))

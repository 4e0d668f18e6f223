"""Keras 1 Model construction and training calls -> Keras 3.

* ``Model(input=, output=)`` -> ``Model(inputs=, outputs=)``.
* ``fit(nb_epoch=)`` -> ``fit(epochs=)``; a ``fit`` on a known Keras model with no
  epoch count gets ``epochs=10`` (Keras 1's default; Keras 3's is 1).
* ``fit_generator/evaluate_generator/predict_generator`` -> ``fit/evaluate/predict``
  with *steps*: ``ceil(samples / batch)`` when the generator's batch size is known
  in the file (a ``flow(..., batch_size=...)``, default 32, or a literal
  ``batch_size=`` given to the generator call), else a warning and a
  ``FIXME_keras1_samples_to_steps(...)`` call that fails loudly until fixed.
  ``predict_generator`` results are cut to ``val_samples`` rows, as in Keras 1.
* ``predict_proba`` -> ``predict``; ``predict_classes`` -> an inserted
  ``keras1_predict_classes(model, x)`` helper (argmax, or p > 0.5 for one unit).
* ``history['acc']`` -> ``history['accuracy']`` when the file compiles with
  ``metrics=['accuracy']`` (Keras 3 keys history by the string given).
* Keras 1 iterator attributes ``nb_sample``/``nb_class`` -> ``samples``/``num_classes``.
* ``model.reset_states()`` -> an inserted ``keras1_reset_states(model)`` (Keras 3 models
  lost the method; their stateful layers kept it).
* ``layer.get_output_at(0)`` -> ``layer.output`` (``get_*_shape_at(0)`` -> ``.output.shape``);
  other node indices are reported.
* File names Keras 3 refuses: weights (``save_weights``, ``load_weights``,
  ``ModelCheckpoint(save_weights_only=True)``) must end in ``.weights.h5``, whole models
  (``save``, ``ModelCheckpoint``) in ``.keras`` or ``.h5``: a literal ``.h5``/``.hdf5``
  suffix (also inside ``os.path.join``/``+``, or assigned to a variable the call uses)
  is rewritten, the same spelling elsewhere in the file (its ``load_*``) with it.
"""
from __future__ import annotations

import re

import libcst as cst

from legacy_keras.spec import modules as spec_modules
from legacy_keras.spec import training as spec
from migrate.context import dotted
from migrate.cstutil import Slot, kw, literal, new_slot, rebuild_args, slots_of, to_node
from migrate.rules.base import Rule

DESCRIPTION = "Keras 1 Model(input=), fit/evaluate/predict(_generator), predict_classes -> Keras 3"

_FLOW_METHODS = ("flow", "flow_from_directory")
_MODEL_CLASSES = ("Sequential", "Model", "Container")
_MODEL_NAME = re.compile(r"model", re.I)
_GENERATOR_DROP = ("max_q_size", "nb_worker", "pickle_safe")
_NODE_AT_ZERO = {"get_output_at": ("output",), "get_input_at": ("input",),
                 "get_output_shape_at": ("output", "shape"), "get_input_shape_at": ("input", "shape")}
_MONITORING_CALLBACKS = ("ModelCheckpoint", "EarlyStopping", "ReduceLROnPlateau")
_WEIGHT_SUFFIXES = (".hdf5", ".h5")
_NODE_METHODS = ("get_output_at", "get_input_at", "get_output_shape_at", "get_input_shape_at",
                 "get_output_mask_at", "get_input_mask_at")


class Models(Rule):
    name = "models"
    DESCRIPTION = DESCRIPTION

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        #: variable -> the string literal node naming a file in its assigned value
        self._path_literals: dict[str, cst.SimpleString] = {}
        #: old file-name string value -> new one (every literal spelled so is rewritten)
        self._renamed_paths: dict[str, str] = {}
        #: variables naming a written file whose assignment was not seen: name -> kind
        self._pending_names: dict[str, str] = {}
        #: (call, file argument) of ``load_weights``/``load_model``: renamed with the script's own
        #: saves, or (a file the script does not write: Keras 1's) reported at the end
        self._loads: list[tuple[int, cst.BaseExpression, str]] = []
        #: file arguments of the script's own saves (``save_weights``, ``save``, ``ModelCheckpoint``)
        self._written: list[cst.BaseExpression] = []
        self._assumption_reported = False
        #: variables holding a scikit-learn wrapper (``clf = KerasClassifier(...)``)
        self._sklearn_wrappers: set[str] = set()

    # -- facts gathered on the way ------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if type(target.target) is cst.Attribute and target.target.attr.value in spec_modules.KERAS1_GRAPH_INTERNALS \
                    and dotted(target.target.value) != "self":  # type: ignore[attr-defined]
                self.warn(node, f"{self.ctx.code(target.target)} = ...: "
                                f"{spec_modules.KERAS1_GRAPH_INTERNALS[target.target.attr.value]}; "  # type: ignore[attr-defined]
                                f"{spec_modules.GRAPH_EDIT_ADVICE}")
        if len(node.targets) != 1 or type(node.targets[0].target) is not cst.Name:
            return
        target = node.targets[0].target.value
        value = node.value
        path = _path_literal(value)
        if path is not None:
            self._path_literals[target] = path
        if type(value) is cst.Call:
            qual = self.qualname(value.func)
            if qual and qual.rsplit(".", 1)[-1] in _MODEL_CLASSES:
                self.ctx.model_names.add(target)
                return
            if (dotted(value.func) or "").endswith(("KerasClassifier", "KerasRegressor")):
                self._sklearn_wrappers.add(target)  # a scikit-learn wrapper (Keras 1's, scikeras'): keeps predict_proba
            batch = self._call_batch_size(value)
            if batch is not None:
                self.ctx.generator_batch[target] = batch

    def _call_batch_size(self, call: cst.Call) -> int | cst.BaseExpression | None:
        slot = kw(slots_of(call), "batch_size")
        if slot is not None:
            return literal(slot.value) if isinstance(literal(slot.value), int) else slot.value
        if type(call.func) is cst.Attribute and call.func.attr.value in _FLOW_METHODS:
            positional = [a for a in call.args if a.keyword is None]
            if call.func.attr.value == "flow" and len(positional) >= 3:
                return literal(positional[2].value) if isinstance(literal(positional[2].value), int) \
                    else positional[2].value
            if call.func.attr.value == "flow_from_directory" and len(positional) >= 6:
                return positional[5].value
            return spec_modules.FLOW_DEFAULT_BATCH_SIZE
        return None

    def _generator_batch(self, gen: cst.BaseExpression) -> int | cst.BaseExpression | None:
        if type(gen) is cst.Name:
            return self.ctx.generator_batch.get(gen.value)
        if type(gen) is cst.Call:
            return self._call_batch_size(gen)
        return None

    def _is_model(self, receiver: cst.BaseExpression) -> bool:
        name = dotted(receiver)
        if name is None:
            return False
        last = name.rsplit(".", 1)[-1]
        return last in self.ctx.model_names or bool(_MODEL_NAME.search(last))

    def _is_layer_or_model(self, node: cst.BaseExpression) -> bool:
        """``model.layers[i]`` or ``model.get_layer(...)``: a layer (Keras 3 models keep output_shape)."""
        if _layers_subscript(node):
            return True
        return type(node) is cst.Call and type(node.func) is cst.Attribute and \
            node.func.attr.value == "get_layer"

    # -- rewrites ----------------------------------------------------------------
    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        qual = self.qualname(original.func)
        if qual:
            last = qual.rsplit(".", 1)[-1]
            if last in ("Model", "Container"):
                return self._model(original, updated)
            if last == "ModelCheckpoint":
                self._checkpoint(original)
            if last in _MONITORING_CALLBACKS:
                return self._monitor(original, updated)
            if last == "load_model" and original.args and original.args[0].keyword is None:
                self._loads.append((self.ctx.line_of(original), original.args[0].value, "model"))
            if last in ("model_from_json", "model_from_config") and ".to_json(" not in self.ctx.source:
                self.warn(original, f"{last}: the architecture is not written by this script: a Keras 1 "
                                    f"config? Keras 3 cannot read one; convert it with the weights: "
                                    f"legacy-convert --arch ARCH WEIGHTS.h5 NEW.keras, and load that")
        if type(original.func) is not cst.Attribute:
            return updated
        method = original.func.attr.value
        if self.ctx.assumed_keras:
            return self._assumed(original, updated, method)
        if method == "fit":
            return self._fit(original, updated)
        if method in spec.GENERATOR_METHODS:
            return self._generator(original, updated, method)
        if method == "compile":
            return self._compile(original, updated)
        if method == "pop" and not original.args and type(original.func.value) is cst.Attribute \
                and original.func.value.attr.value == "layers":  # type: ignore[attr-defined]
            self.warn(original, f"{dotted(original.func) or 'layers.pop'}(): Keras 3's model.layers is a copy, "
                                f"popping it changes nothing; {spec_modules.GRAPH_EDIT_ADVICE}")
            return updated
        if method == "reset_states" and not original.args and self._is_model(original.func.value):
            self.ctx.helpers.add("keras1_reset_states")
            new = cst.Call(func=cst.Name("keras1_reset_states"), args=[cst.Arg(updated.func.value)])  # type: ignore[attr-defined]
            self.change(original, new)
            return new
        if method in ("save_weights", "save") and original.args:
            self._file_name(original.args[0].value, "weights" if method != "save" else "model")
            return updated
        if method == "load_weights" and original.args:
            self._loads.append((self.ctx.line_of(original), original.args[0].value, "weights"))
            return updated
        if method in _NODE_AT_ZERO and len(original.args) == 1 and literal(original.args[0].value) == 0 \
                and original.args[0].keyword is None:
            new: cst.BaseExpression = updated.func.value  # type: ignore[attr-defined]
            for attr in _NODE_AT_ZERO[method]:
                new = cst.Attribute(value=new, attr=cst.Name(attr))
            self.change(original, new)
            return new
        if method in _NODE_METHODS:
            self.warn(original, f"{method}() is gone in Keras 3: keep the tensors returned when calling "
                                f"the shared layer (a = layer(x)) and use them (a.shape for shapes)")
            return updated
        if method == "predict_proba" and dotted(original.func.value) not in self._sklearn_wrappers:
            new = updated.with_changes(func=updated.func.with_changes(attr=cst.Name("predict")))  # type: ignore[attr-defined]
            self.change(original, new)
            return new
        if method == "predict_classes":
            self.ctx.helpers.add("keras1_predict_classes")
            receiver = updated.func.value  # type: ignore[attr-defined]
            new = cst.Call(func=cst.Name("keras1_predict_classes"),
                           args=[cst.Arg(receiver, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
                                 *updated.args])
            self.change(original, new)
            return new
        return updated

    def _assumed(self, original: cst.Call, updated: cst.Call, method: str) -> cst.BaseExpression:
        """A file without a keras import: only calls that are Keras 1 by their own names."""
        if method == "fit" and any(a.keyword is not None and a.keyword.value == "nb_epoch" for a in original.args):
            new = self._fit(original, updated)
        elif method in spec.GENERATOR_METHODS or method == "predict_classes":
            new = self.leave_Call_known(original, updated, method)
        else:
            return updated
        if new is not updated and not self._assumption_reported:
            self._assumption_reported = True
            receiver = self.ctx.code(original.func.value)  # type: ignore[attr-defined]
            self.warn(original, f"this file imports no Keras: {receiver}.{method}(...) was taken to be a "
                                f"Keras 1 model call (Keras 1 names); check it")
        return new

    def leave_Call_known(self, original: cst.Call, updated: cst.Call, method: str) -> cst.BaseExpression:
        if method in spec.GENERATOR_METHODS:
            return self._generator(original, updated, method)
        self.ctx.helpers.add("keras1_predict_classes")
        new = cst.Call(func=cst.Name("keras1_predict_classes"),
                       args=[cst.Arg(updated.func.value,  # type: ignore[attr-defined]
                                     comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))), *updated.args])
        self.change(original, new)
        return new

    def _file_name(self, node: cst.BaseExpression, kind: str) -> None:
        """Remember that the file named by ``node`` is written as ``kind`` ('weights'/'model')."""
        self._written.append(node)
        target = node
        if type(node) is cst.Name:
            target = self._path_literals.get(node.value)  # type: ignore[assignment]
            if target is None:  # assigned in a statement the pre-filter did not walk
                self._pending_names[node.value] = kind
                return
        else:
            target = _path_literal(node)  # type: ignore[assignment]
        if type(target) is not cst.SimpleString:
            return
        value = literal(target)
        if not isinstance(value, str) or value in self._renamed_paths:
            return
        new = _keras3_file_name(value, kind)
        if new is not None:
            self._renamed_paths[value] = new

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        new = self._rename_paths(original, updated)
        self._report_keras1_loads(original)
        return new

    def _report_keras1_loads(self, module: cst.Module) -> None:
        """``model.load_weights('vgg16_weights.h5')`` of a file the script never writes: a Keras 1
        file, which Keras 3 loads wrongly (Theano kernels unflipped: no error) or not at all."""
        if not self._loads:
            return
        variables = {n.value for n in [*self._written, *(n for _, n, _ in self._loads)] if type(n) is cst.Name}
        assigned = {stmt.targets[0].target.value: stmt.value  # type: ignore[attr-defined]
                    for stmt in _assignments(module, variables)} if variables else {}

        def file_name(node: cst.BaseExpression) -> str | None:
            """The whole file name an argument spells (``'w.h5'``, ``os.path.join(d, 'w.h5')``), or
            None (``d + str(i) + '.h5'`` spells only its end)."""
            path = assigned.get(node.value) if type(node) is cst.Name else node  # type: ignore[attr-defined]
            if path is None or type(path) is cst.BinaryOperation:
                return None
            value = literal(_path_literal(path))
            return value if isinstance(value, str) else None

        written_names = {n.value for n in self._written if type(n) is cst.Name}  # type: ignore[attr-defined]
        written_files = {file_name(n) for n in self._written}
        for line, node, kind in self._loads:
            if type(node) is cst.Name and node.value in written_names:  # type: ignore[attr-defined]
                continue  # the same variable names a file the script writes
            value = file_name(node)
            if value is None or value in written_files or value in self._renamed_paths or \
                    value.endswith((".weights.h5", ".keras")) or not value.endswith((".h5", ".hdf5")):
                continue
            target, arch = ("NEW.weights.h5", "[--arch ARCH] ") if kind == "weights" else ("NEW.keras", "")
            renamed = _keras3_file_name(value, kind)
            other = f"if another migrated script writes it, it is {renamed!r} there now; " if renamed else ""
            self.warn(line, f"{value!r} is not written by this script: {other}if it is a Keras 1 file, "
                            f"convert it first (Keras 3 loads one wrongly, Theano-trained kernels unflipped "
                            f"without an error, or not at all): legacy-convert {arch}{value} {target}")

    def _rename_paths(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if not self._renamed_paths and not self._pending_names:
            return updated
        for stmt in _assignments(original, set(self._pending_names)):
            path = _path_literal(stmt.value)
            value = literal(path) if path is not None else None
            if isinstance(value, str):
                new_name = _keras3_file_name(value, self._pending_names[stmt.targets[0].target.value])  # type: ignore[attr-defined]
                if new_name is not None:
                    self._renamed_paths.setdefault(value, new_name)
        if not self._renamed_paths:
            return updated
        renamer = _Renamer(self._renamed_paths)
        new = updated.visit(renamer)
        for old, line_node in renamer.done:
            self.change(line_node, to_node(self._renamed_paths[old], line_node))
        return new  # type: ignore[return-value]

    def _monitor(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """``monitor='val_acc'`` -> ``'val_accuracy'`` (Keras 3 logs the metric name as given)."""
        slots = slots_of(updated)
        monitor = kw(slots, "monitor")
        if not self.ctx.accuracy_metric or monitor is None or \
                literal(monitor.value) not in spec_modules.HISTORY_KEYS_FOR_ACCURACY:
            return updated
        monitor.value = to_node(spec_modules.HISTORY_KEYS_FOR_ACCURACY[literal(monitor.value)], monitor.value)
        return self.rebuilt(original, updated, slots, True)

    def _checkpoint(self, original: cst.Call) -> None:
        slots = slots_of(original)
        path = slots[0].value if slots and slots[0].keyword is None else None
        path = path if path is not None else (kw(slots, "filepath").value if kw(slots, "filepath") else None)
        if path is None:
            return
        weights = kw(slots, "save_weights_only")
        self._file_name(path, "weights" if weights is not None and literal(weights.value) is True else "model")
        code = self.ctx.code(path)
        if "{epoch" in code:
            self.warn(original, "ModelCheckpoint file name with {epoch}: Keras 1 numbered epochs from 0, "
                                "Keras 3 from 1 (the first file is ...01...)")

    def _compile(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """One loss for several outputs with ``loss_weights=[...]``: Keras 3 wants one loss per output."""
        slots = slots_of(updated)
        metrics = kw(slots, "metrics")
        if metrics is not None and isinstance(metrics.value, (cst.List, cst.Tuple)):
            dict_metrics = _dict_returning_functions(self.ctx.module)
            for element in metrics.value.elements:
                if type(element.value) is cst.Name and element.value.value in dict_metrics:
                    self.warn(original, f"metric {element.value.value}() returns a dict: Keras 1 logged each "
                                        f"entry, Keras 3 needs one function (or a keras.metrics.Metric) per value")
        loss = kw(slots, "loss")
        if loss is not None and type(loss.value) is cst.Name:
            captured = _closure_tensors(self.ctx.module, loss.value.value)
            if captured:
                self.warn(original, f"loss {loss.value.value}() reads the layer outputs {', '.join(captured)} "
                                    f"of the model being built: Keras 3 losses see only (y_true, y_pred); "
                                    f"add that term with model.add_loss(...) or a custom layer")
        weights = kw(slots, "loss_weights")
        if loss is None or weights is None or not isinstance(literal(loss.value), str) or \
                not isinstance(weights.value, (cst.List, cst.Tuple)) or len(weights.value.elements) < 2:
            return updated
        n = len(weights.value.elements)
        loss.value = cst.BinaryOperation(cst.List([cst.Element(loss.value)]), cst.Multiply(), cst.Integer(str(n)))
        new = rebuild_args(updated, slots)
        self.change(original, new)
        return new

    def _model(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        slots = slots_of(updated)
        changed = False
        for slot in slots:
            if slot.keyword in ("input", "output"):
                slot.keyword = spec.MODEL_KWARG_RENAMES[slot.keyword]
                changed = True
        return self.rebuilt(original, updated, slots, changed)

    def _fit(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        slots = slots_of(updated)
        changed = False
        for slot in slots:
            if slot.keyword == "nb_epoch":
                slot.keyword = "epochs"
                changed = True
            elif slot.keyword == "show_accuracy":
                self.warn(original, "fit(show_accuracy=) was removed: use compile(metrics=['accuracy'])")
        has_epochs = kw(slots, "epochs") is not None or len([s for s in slots if s.keyword is None]) >= 4 \
            or any(s.star for s in slots)
        if not has_epochs and (changed or self._is_model(original.func.value)):  # type: ignore[attr-defined]
            slots.append(new_slot("epochs", to_node(spec.FIT_DEFAULTS["nb_epoch"])))
            changed = True
        return self.rebuilt(original, updated, slots, changed)

    def _steps(self, original: cst.Call, samples: cst.BaseExpression, batch) -> cst.BaseExpression:  # type: ignore[no-untyped-def]
        n = literal(samples)
        if isinstance(batch, int) and isinstance(n, int):
            return to_node(-(-n // batch))
        if batch is None:
            self.warn(original, "samples -> steps: the generator's batch size is not known here; replace "
                                "FIXME_keras1_samples_to_steps(n) by ceil(n / batch_size)")
            return cst.Call(func=cst.Name("FIXME_keras1_samples_to_steps"), args=[cst.Arg(samples)])
        batch_node = to_node(batch) if isinstance(batch, int) else batch
        plus = cst.BinaryOperation(left=_paren(samples), operator=cst.Add(),
                                   right=cst.BinaryOperation(batch_node, cst.Subtract(), cst.Integer("1")))
        return cst.BinaryOperation(left=_paren(plus),
                                   operator=cst.FloorDivide(), right=_paren(batch_node))

    def _generator(self, original: cst.Call, updated: cst.Call, method: str) -> cst.BaseExpression:
        target, signature = spec.GENERATOR_METHODS[method]
        slots = slots_of(updated)
        if any(s.star for s in slots):
            self.warn(original, f"{method}(*args/**kwargs): convert to {target}() by hand")
            return updated
        positional = [s for s in slots if s.keyword is None]
        if len(positional) > len(signature):
            return updated
        bound: dict[str, Slot] = {}
        for name, slot in zip(signature, positional):
            bound[name] = slot
        for slot in slots:
            if slot.keyword is not None:
                bound[slot.keyword] = slot
        gen = bound.get("generator")
        if gen is None:
            return updated
        batch = self._generator_batch(gen.value)
        out: list[Slot] = [Slot(None, gen.value, gen.arg)]
        truncate: cst.BaseExpression | None = None
        for name, slot in bound.items():
            if name == "generator":
                continue
            if name in _GENERATOR_DROP:
                self.warn(original, f"{method}({name}=) has no Keras 3 fit() argument (workers and queues "
                                    f"belong to keras.utils.PyDataset); dropped")
                continue
            new_name = spec.MODEL_KWARG_RENAMES.get(name, name)
            value = slot.value
            if name in ("samples_per_epoch", "val_samples"):
                value = self._steps(original, slot.value, batch)
                if name == "val_samples" and target == "predict":
                    n = literal(slot.value)
                    if not (isinstance(n, int) and isinstance(batch, int) and n % batch == 0):
                        truncate = slot.value
            elif name == "nb_val_samples":
                val = bound.get("validation_data")
                vbatch = self._generator_batch(val.value) if val is not None else None
                if val is not None and isinstance(val.value, (cst.Tuple, cst.List)):
                    self.warn(original, "nb_val_samples with array validation data is ignored by Keras 3; dropped")
                    continue
                value = self._steps(original, slot.value, vbatch)
            elif name == "class_weight" and type(value) is cst.Dict and not value.elements:
                continue
            out.append(Slot(new_name, value, slot.arg))
        if target == "fit" and "nb_epoch" not in bound:
            out.append(new_slot("epochs", to_node(spec.FIT_DEFAULTS["nb_epoch"])))
        func = updated.func.with_changes(attr=cst.Name(target))  # type: ignore[attr-defined]
        new: cst.BaseExpression = rebuild_args(updated.with_changes(func=func), out)
        if truncate is not None:
            new = cst.Subscript(value=new, slice=[cst.SubscriptElement(cst.Slice(lower=None, upper=truncate))])
        self.change(original, new)
        return new

    def leave_Subscript(self, original: cst.Subscript, updated: cst.Subscript) -> cst.BaseExpression:
        if not self.ctx.accuracy_metric or len(updated.slice) != 1:
            return updated
        element = updated.slice[0].slice
        if not isinstance(element, cst.Index) or type(element.value) is not cst.SimpleString:
            return updated
        key = literal(element.value)
        if key not in spec_modules.HISTORY_KEYS_FOR_ACCURACY:
            return updated
        base = dotted(updated.value) or ""
        if not base.endswith("history"):
            return updated
        new_key = to_node(spec_modules.HISTORY_KEYS_FOR_ACCURACY[key], element.value)
        new = updated.with_changes(slice=[updated.slice[0].with_changes(slice=element.with_changes(value=new_key))])
        self.change(original, new)
        return new

    def _history_key(self, node: cst.BaseExpression) -> cst.BaseExpression | None:
        key = literal(node) if type(node) is cst.SimpleString else None
        if key not in spec_modules.HISTORY_KEYS_FOR_ACCURACY:
            return None
        return to_node(spec_modules.HISTORY_KEYS_FOR_ACCURACY[key], node)

    def leave_Comparison(self, original: cst.Comparison, updated: cst.Comparison) -> cst.BaseExpression:
        """``'acc' in history.history`` -> ``'accuracy' in history.history``."""
        if not self.ctx.accuracy_metric or len(updated.comparisons) != 1:
            return updated
        target = updated.comparisons[0]
        if not isinstance(target.operator, (cst.In, cst.NotIn)) or \
                not (dotted(target.comparator) or "").endswith("history"):
            return updated
        key = self._history_key(updated.left)
        if key is None:
            return updated
        new = updated.with_changes(left=key)
        self.change(original, new)
        return new

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        attr = original.attr.value
        if attr in ("output_shape", "input_shape") and self._is_layer_or_model(original.value):
            # Keras 3 layers have no output_shape/input_shape attribute: ask the symbolic tensor
            tensor = "output" if attr == "output_shape" else "input"
            new = cst.Attribute(value=updated.with_changes(attr=cst.Name(tensor)), attr=cst.Name("shape"))
            self.change(original, new)
            return new
        if attr in ("nb_sample", "nb_class"):
            new = updated.with_changes(attr=cst.Name(spec_modules.ITERATOR_ATTRIBUTE_RENAMES[attr]))
            self.change(original, new)
            return new
        return updated


def _assignments(module: cst.Module, names: set[str]) -> list[cst.Assign]:
    """``name = ...`` statements (any depth) assigning one of ``names``."""
    found: list[cst.Assign] = []

    class _Find(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            if len(node.targets) == 1 and type(node.targets[0].target) is cst.Name \
                    and node.targets[0].target.value in names:
                found.append(node)

    module.visit(_Find())
    return found


class _Renamer(cst.CSTTransformer):
    """Rewrite every string literal spelled as a renamed file name (saves and their loads)."""

    def __init__(self, renames: dict[str, str]) -> None:
        super().__init__()
        self.renames = renames
        self.done: list[tuple[str, cst.SimpleString]] = []

    def leave_SimpleString(self, original: cst.SimpleString, updated: cst.SimpleString) -> cst.BaseExpression:
        value = literal(original)
        if isinstance(value, str) and value in self.renames:
            self.done.append((value, original))
            return to_node(self.renames[value], original)
        return updated


def _path_literal(node: cst.BaseExpression) -> cst.SimpleString | None:
    """The string literal ending a file-name expression: ``'w.h5'``, ``os.path.join(d, 'w.h5')``,
    ``d + '/w.h5'``."""
    if type(node) is cst.SimpleString:
        value = literal(node)
        return node if isinstance(value, str) and value.endswith(_WEIGHT_SUFFIXES) else None
    if type(node) is cst.Call and (dotted(node.func) or "").endswith("path.join") and node.args:
        return _path_literal(node.args[-1].value)
    if type(node) is cst.BinaryOperation and isinstance(node.operator, cst.Add):
        return _path_literal(node.right)
    return None


def _keras3_file_name(name: str, kind: str) -> str | None:
    """The Keras 3-accepted spelling of a Keras 1 weights/model file name, or None if fine."""
    if kind == "weights":
        if name.endswith(".weights.h5"):
            return None
        for suffix in _WEIGHT_SUFFIXES:
            if name.endswith(suffix):
                return name[: -len(suffix)] + ".weights.h5"
        return None
    if name.endswith(".hdf5"):
        return name[: -len(".hdf5")] + ".keras"
    return None


def _closure_tensors(module: cst.Module, function: str) -> list[str]:
    """Top-level names assigned a called layer's output (``z = Dense(2)(h)``) that the top-level
    function ``function`` reads: a Keras 1 loss closing over symbolic tensors."""
    tensors = set()
    body = None
    for stmt in module.body:
        if type(stmt) is cst.FunctionDef and stmt.name.value == function:
            body = stmt
        elif type(stmt) is cst.SimpleStatementLine:
            for small in stmt.body:
                if type(small) is cst.Assign and type(small.value) is cst.Call and \
                        type(small.value.func) is cst.Call:
                    for target in small.targets:
                        if type(target.target) is cst.Name:
                            tensors.add(target.target.value)
    if body is None or not tensors:
        return []
    params = {p.name.value for p in body.params.params}
    used: list[str] = []

    class _Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value in tensors and node.value not in params and node.value not in used:
                used.append(node.value)

    body.body.visit(_Names())
    return used


def _dict_returning_functions(module: cst.Module) -> set[str]:
    """Top-level functions whose last statement returns a dict literal (Keras 1 dict metrics)."""
    names = set()
    for stmt in module.body:
        if type(stmt) is cst.FunctionDef and type(stmt.body) is cst.IndentedBlock and stmt.body.body:
            last = stmt.body.body[-1]
            if type(last) is cst.SimpleStatementLine and type(last.body[0]) is cst.Return and \
                    type(last.body[0].value) is cst.Dict:
                names.add(stmt.name.value)
    return names


def _layers_subscript(node: cst.BaseExpression) -> bool:
    return type(node) is cst.Subscript and type(node.value) is cst.Attribute and \
        node.value.attr.value == "layers"


def _paren(node: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(node, (cst.Name, cst.Integer, cst.Attribute, cst.Call, cst.Subscript)):
        return node
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])

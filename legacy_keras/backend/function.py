"""Keras 1 ``K.gradients`` and ``K.function`` on the recorded graph; unsupported Theano-only names."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np
import tensorflow as tf
import keras
from legacy_keras import _keras3
from legacy_keras._keras3 import global_state as _global_state  # global attributes
from legacy_keras._keras3 import legacy_backend as _LB  # the Keras 2 backend functions
from legacy_keras._keras3 import Operation as _Operation  # a recorded graph op

from legacy_keras.backend._symbolic import KerasTensor, _symbolic
from legacy_keras.backend.phase import _LearningPhase
from legacy_keras.backend.variables import _to_numpy


# ---------------------------------------------------------------------------
# Gradients and function
# ---------------------------------------------------------------------------
def _graph_sources(tensor: KerasTensor, cut: dict[int, KerasTensor]) -> list[KerasTensor]:
    """The KerasTensors (graph inputs, or ``cut`` tensors) that ``tensor`` is computed from."""
    found: dict[int, KerasTensor] = {}
    stack_ = [tensor]
    seen: set[int] = set()
    while stack_:
        t = stack_.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        if id(t) in cut:
            found[id(t)] = t
            continue
        history = _keras3.keras_history(t, None)
        if history is None:
            found[id(t)] = t
            continue
        operation, node_index, _ = history
        node = _keras3.inbound_nodes(operation)[node_index]
        inputs = list(node.input_tensors)
        if not inputs:
            found[id(t)] = t
            continue
        stack_.extend(inputs)
    return list(found.values())


class _GradientsOp(_Operation):
    """Gradient of a symbolic scalar loss w.r.t. symbolic tensors or variables.

    Keras 3 cannot differentiate its functional graph symbolically, so ``call``
    re-runs the sub-graph (sources -> loss) under a ``tf.GradientTape``.
    """

    def __init__(self, loss: KerasTensor, wrt: list[Any]):
        super().__init__(name=None)
        cut = {id(w): w for w in wrt if isinstance(w, KerasTensor)}
        self.sources = _graph_sources(loss, cut)
        self.wrt = wrt
        self.inner = keras.Model(self.sources, loss)

    def call(self, *values):
        values = [tf.convert_to_tensor(v) for v in values]
        by_id = {id(s): v for s, v in zip(self.sources, values)}
        targets = []
        with tf.GradientTape() as tape:
            for w in self.wrt:
                if isinstance(w, KerasTensor):
                    if id(w) not in by_id:
                        raise ValueError("K.gradients: the loss does not depend on this tensor")
                    tape.watch(by_id[id(w)])
                    targets.append(by_id[id(w)])
                else:
                    targets.append(w.value if hasattr(w, "value") else w)
            loss = self.inner(values)
            loss = tf.reduce_sum(loss)
        grads = tape.gradient(loss, targets)
        return [tf.zeros_like(t) if g is None else g for g, t in zip(grads, targets)]

    def compute_output_spec(self, *values):
        return [KerasTensor(tuple(w.shape), dtype=keras.backend.standardize_dtype(w.dtype))
                for w in self.wrt]


def gradients(loss: Any, variables: Any) -> list:
    """Gradients of ``loss`` w.r.t. ``variables`` (list, like Keras 1 / tf.gradients).

    On symbolic tensors the result is symbolic: evaluate it through :func:`function`.
    """
    wrt = list(variables) if isinstance(variables, (list, tuple)) else [variables]
    if isinstance(loss, KerasTensor):
        op = _GradientsOp(loss, wrt)
        out = op(*op.sources)
        return list(out)
    if tf.executing_eagerly():
        raise RuntimeError("K.gradients needs a symbolic loss (a Keras tensor) or a tf.function graph; "
                           "in eager code use tf.GradientTape.")
    return tf.gradients(loss, wrt)


class Function:
    """Keras 1 ``K.function``: call with a list of input arrays, get a list of numpy outputs.

    Built as a functional ``keras.Model`` from ``inputs`` to ``outputs``; a
    ``K.learning_phase()`` entry among the inputs takes 0/1 and becomes
    ``training=False/True``.  ``updates`` (variable, new value) pairs are
    evaluated with the outputs and assigned afterwards.
    """

    def __init__(self, inputs: Sequence[Any], outputs: Sequence[Any], updates: Sequence[Any] = (),
                 **kwargs: Any):
        self.inputs = list(inputs)
        self.outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        self._single = not isinstance(outputs, (list, tuple))
        self._phase_pos = [i for i, x in enumerate(self.inputs) if isinstance(x, _LearningPhase)]
        self._sym_inputs = [x for x in self.inputs if not isinstance(x, _LearningPhase)]
        self._updates = []
        for item in updates or ():
            if isinstance(item, (list, tuple)) and len(item) == 2:
                self._updates.append(item)
        graph_outputs = self.outputs + [new for _, new in self._updates]
        self._sym_pos = [i for i, o in enumerate(graph_outputs) if isinstance(o, KerasTensor)]
        sym_outputs = [graph_outputs[i] for i in self._sym_pos]
        self._model = keras.Model(self._sym_inputs, sym_outputs) if sym_outputs else None

    def __call__(self, inputs: Sequence[Any]) -> list:
        inputs = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        if len(inputs) != len(self.inputs):
            raise ValueError(f"K.function expected {len(self.inputs)} inputs, got {len(inputs)}")
        training = None
        values = []
        for i, value in enumerate(inputs):
            if i in self._phase_pos:
                training = bool(int(np.asarray(value)))
            else:
                values.append(value)
        if training is None:
            fixed = _global_state.get_global_attribute("legacy_keras_learning_phase")
            training = bool(fixed) if fixed is not None else False
        graph_outputs = self.outputs + [new for _, new in self._updates]
        results: list[Any] = [None] * len(graph_outputs)
        if self._model is not None:
            feed = [np.asarray(v) if not tf.is_tensor(v) else v for v in values]
            out = self._model(feed, training=training)
            out = out if isinstance(out, (list, tuple)) else [out]
            for pos, value in zip(self._sym_pos, out):
                results[pos] = value
        for i, o in enumerate(graph_outputs):
            if i not in self._sym_pos:
                results[i] = o
        n = len(self.outputs)
        for (var, _), new_value in zip(self._updates, results[n:]):
            var.assign(new_value)
        return [_to_numpy(r) for r in results[:n]]


def function(inputs: Sequence[Any], outputs: Sequence[Any], updates: Sequence[Any] | None = None,
             **kwargs: Any) -> Function:
    """Compile a symbolic computation into a callable (Keras 1 ``K.function``)."""
    return Function(inputs, outputs, updates=updates or [], **kwargs)


def _unsupported(name: str, hint: str) -> Callable:
    def fail(*args, **kwargs):
        raise NotImplementedError(f"K.{name} is not available on TensorFlow 2 / Keras 3: {hint}")
    fail.__name__ = name
    return fail


# pattern_broadcast and the Theano-internal ctc_* steps raise the table's reason (table.py).
ctc_batch_cost = _symbolic(_LB.ctc_batch_cost)
ctc_decode = _LB.ctc_decode
foldl = _LB.foldl
foldr = _LB.foldr

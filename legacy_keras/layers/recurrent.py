"""Keras 1 ``keras.layers.recurrent``: ``SimpleRNN``, ``GRU``, ``LSTM``, ``Recurrent``.

``SimpleRNN``/``GRU``/``LSTM`` are the Keras 3 layers with the Keras 1
constructor (``LSTM(output_dim, init, inner_init, forget_bias_init,
activation, inner_activation, W_/U_/b_regularizer, dropout_W, dropout_U,
weights=, return_sequences=, go_backwards=, stateful=, unroll=,
consume_less=, input_dim=, input_length=)``) and the Keras 1 numerics:

* ``inner_activation`` defaults to Keras 1's ``hard_sigmoid``
  (clip(0.2 x + 0.5, 0, 1), ``legacy_keras.activations``), GRU runs with
  ``reset_after=False`` (Keras 1 applied the reset gate before ``U_h``);
* ``forget_bias_init`` 'one'/'zero' -> ``unit_forget_bias`` True/False, any
  other Keras 1 initializer is applied to the forget-gate bias at build;
* ``consume_less`` is kept (it decides the Keras 1 weight layout, see
  ``legacy_keras.weights.recurrent``) and maps to Keras 3 ``implementation``;
* Keras 1.2.2 with ``consume_less='cpu'``/``'mem'`` (the default) built one
  matrix per gate, initialised the recurrent matrices with ``init`` (not
  ``inner_init``) and regularised them with ``W_regularizer`` (``U_regularizer``
  was ignored).  Both quirks are reproduced: the fused kernels are drawn gate
  by gate at build (fans per gate, as in Keras 1) and ``recurrent_regularizer``
  is set to the ``W_regularizer``.  With ``consume_less='gpu'`` Keras 1 used
  ``inner_init``/``U_regularizer`` on fused matrices, like Keras 3.
* masking: masked steps repeat the previous output and keep the state
  (Keras 3's ``zero_output_for_mask=False`` is exactly Keras 1).

Weights: ``weights=``, ``set_weights`` and ``get_weights()`` speak the Keras 1
list (9 arrays for a cpu/mem GRU, 12 for a cpu/mem LSTM, in Keras 1's gate
order; 3 fused arrays for 'gpu'), as weight-surgery scripts expect;
``set_weights`` also takes the Keras 3 list (kernel, recurrent_kernel, bias).
``get_keras3_weights()``/``set_keras3_weights()`` give the Keras 3 list.
Keras 3 itself (``.weights.h5`` files, training) reads the variables directly.

Saving: the layers serialize as plain ``keras.layers.SimpleRNN/GRU/LSTM``.
A saved model whose config names the Keras 1 ``hard_sigmoid`` (the default
``inner_activation``) refers to the registered function
``legacy_keras>hard_sigmoid``: plain Keras 3 can load it once
``legacy_keras.activations`` has been imported (``import legacy_keras.activations``).
Layers built with standard activations only (e.g. ``inner_activation='sigmoid'``,
or ``SimpleRNN``) load in plain Keras 3 without legacy_keras.

Training-only differences (not reproduced): dropout masks are drawn by Keras 3
(Keras 1 cpu/mem drew one input mask per gate; the distribution of the
resulting outputs is the same).

``Recurrent`` is the Keras 1 base class for user-written recurrent layers with
the ``step(x, states)`` API; see its docstring.
"""
from __future__ import annotations

import warnings
from typing import Any, ClassVar, Sequence

import keras
import numpy as np
from keras import ops

from legacy_keras import _keras3
from legacy_keras.layers._adapt import Keras1ArgumentError, Keras1Layer, export_as_keras3
from legacy_keras.spec import layers as spec

__all__ = ["Recurrent", "SimpleRNN", "GRU", "LSTM"]

#: Keras 1 ``consume_less`` -> Keras 3 ``implementation``.
_CONSUME_LESS = spec.VALUE_MAPS["consume_less"]
#: Keras 1 ``forget_bias_init`` names that are Keras 3's ``unit_forget_bias``.
_FORGET_BIAS = spec.VALUE_MAPS["forget_bias_init"]


def _per_gate_initializer(initializer: Any, gates: int) -> Any:
    """An initializer drawing each of ``gates`` blocks separately (Keras 1 fans)."""
    from legacy_keras.initializations import PerGate
    return PerGate(initializer, gates)


class Keras1RecurrentMixin(Keras1Layer):
    """What the Keras 1 recurrent layers (incl. ConvLSTM2D) share on top of the adapter.

    Subclasses set ``keras1_gates`` (1, 3 or 4) and call
    :meth:`keras1_recurrent_init` instead of ``keras1_init``.
    """

    keras1_gates: ClassVar[int] = 1
    #: Whether Keras 1 cpu/mem regularized each gate array on its own (GRU, LSTM; its
    #: ConvLSTM2D still used the old ``regularizers`` list, which 1.2.2 no longer read).
    keras1_gate_losses: ClassVar[bool] = False
    #: Keras 1 kwargs the class handles itself (and that Keras 1 accepted).
    keras1_own_kwargs: ClassVar[tuple[str, ...]] = ("consume_less",)

    def keras1_recurrent_init(self, args: Sequence[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
        """``keras1_init`` plus consume_less, forget_bias_init and the cpu/mem quirks."""
        # A Keras 3 config (from_config, Bidirectional cloning) names ``units``/``filters``:
        # it already holds the Keras 1 quirks, apply nothing twice.
        from_keras3 = "units" in kwargs or "filters" in kwargs
        keras3_kwargs = self.keras1_init(args, kwargs)
        own = self.keras1_own
        name = self.keras1_class

        consume_less = own.get("consume_less", "cpu")
        if consume_less not in _CONSUME_LESS:
            raise ValueError(f"{name}: Unknown `consume_less` mode: {consume_less!r} "
                             f"(Keras 1 knew {sorted(_CONSUME_LESS)})")
        # ``consume_less`` only chose how Keras 1 arranged the same arithmetic
        # (and how it stored the weights, see legacy_keras.weights.recurrent);
        # Keras 3's fused default is the fast path for every mode.
        self.consume_less = consume_less

        # Keras 1 initial values drawn at build (see _keras1_reinitialize).
        self._keras1_init_plan: list[tuple[str, Any]] = []
        self._keras1_forget_bias = None
        if "forget_bias_init" in own:
            value = own["forget_bias_init"]
            if isinstance(value, str) and value in _FORGET_BIAS:
                keras3_kwargs["unit_forget_bias"] = _FORGET_BIAS[value]
            else:
                from legacy_keras import initializations
                keras3_kwargs["unit_forget_bias"] = False
                self._keras1_forget_bias = initializations.get(value)
        # Keras 1 cpu/mem added one regularization loss per gate array (see _get_own_losses).
        self._keras1_per_gate_losses = False
        if not from_keras3:
            self._keras1_plan_initial_values(keras3_kwargs)
            if self.keras1_regularizes_u_with_w():
                self._keras1_cpu_regularizers(keras3_kwargs)
                self._keras1_per_gate_losses = self.keras1_gate_losses
        return keras3_kwargs

    def keras1_per_gate_weights(self) -> bool:
        """Whether Keras 1 built one weight matrix per gate (consume_less cpu/mem)."""
        return self.consume_less != "gpu"

    def keras1_regularizes_u_with_w(self) -> bool:
        """Keras 1.2.2 cpu/mem LSTM/GRU bug: U_* regularised with W_regularizer."""
        return self.keras1_gates > 1 and self.keras1_per_gate_weights()

    def _keras1_plan_initial_values(self, keras3_kwargs: dict[str, Any]) -> None:
        """Keras 1 cpu/mem: every gate matrix drawn on its own, U with ``init``."""
        if self.keras1_gates > 1 and self.keras1_per_gate_weights():
            init = keras3_kwargs.get("kernel_initializer")
            if init is not None:
                self._keras1_init_plan = [("kernel", init), ("recurrent_kernel", init)]

    def _keras1_cpu_regularizers(self, keras3_kwargs: dict[str, Any]) -> None:
        """Keras 1.2.2 cpu/mem regularised U_* with W_regularizer, ignored U_regularizer."""
        if self.keras1_config.get("U_regularizer") is not None:
            warnings.warn(
                f"{self.keras1_class}: with consume_less={self.consume_less!r} Keras 1.2.2 ignores "
                "U_regularizer and applies W_regularizer to the recurrent weights; reproduced "
                "(use consume_less='gpu' for a separate recurrent regularizer)", stacklevel=4)
        keras3_kwargs["recurrent_regularizer"] = keras3_kwargs.get("kernel_regularizer")

    # -- build / weights -----------------------------------------------------
    def build(self, sequences_shape, initial_state_shape=None):
        initial = getattr(self, "_keras1_initial_weights", None)
        self._keras1_initial_weights = None
        super().build(sequences_shape)
        self._keras1_split_regularizers()
        self._keras1_reinitialize()
        self._keras1_initial_weights = initial
        self.set_keras1_initial_weights()

    # -- regularization losses -------------------------------------------------
    # Keras 1.2.2 cpu/mem GRU/LSTM called add_weight once per gate array with its
    # regularizer, so ``layer.losses`` held one term per array: W_g, U_g, b_g for
    # each gate g in add order (GRU z, r, h; LSTM i, f, c, o = Keras 3's fused
    # order), 9 resp. 12 terms with all three regularizers set.  Keras 3 has one
    # term per fused variable.  The layer therefore takes the regularizers off its
    # fused variables at build and returns the per-gate terms as its own losses
    # (computed from the variables' current values, so training sees the same
    # total and gradients).  Keras 1 added them at build, before any call-time
    # loss (activity regularizers), hence they come first.
    def _keras1_split_regularizers(self) -> None:
        if not getattr(self, "_keras1_per_gate_losses", False):
            return
        cell = getattr(self, "cell", None)
        plan = []
        for attr in ("kernel", "recurrent_kernel", "bias"):
            variable = getattr(cell, attr, None)
            if variable is not None and variable.regularizer is not None:
                plan.append((attr, variable.regularizer))
                variable.regularizer = None
        # not a tracked attribute (regularizers are no sub-layers or variables)
        self.__dict__["_keras1_gate_regularizers"] = plan

    def _keras1_gate_losses(self) -> list:
        plan = self.__dict__.get("_keras1_gate_regularizers")
        if not plan or not self.trainable:
            return []
        from legacy_keras._keras3 import backend
        cell = self.cell
        stateless = backend.in_stateless_scope() and not backend.in_symbolic_scope()
        values = {}
        for attr, _ in plan:
            variable = getattr(cell, attr)
            if not variable.trainable:
                continue
            values[attr] = (backend.get_stateless_scope().get_current_value(variable)
                            if stateless else variable.value)
        units = self.units
        losses = []
        for gate in range(self.keras1_gates):
            for attr, regularizer in plan:
                if attr in values:
                    losses.append(regularizer(
                        values[attr][..., gate * units:(gate + 1) * units]))
        return losses

    def _get_own_losses(self):
        return self._keras1_gate_losses() + super()._get_own_losses()

    def _keras1_reinitialize(self) -> None:
        cell = getattr(self, "cell", self)
        for attr, initializer in getattr(self, "_keras1_init_plan", ()):
            variable = getattr(cell, attr, None)
            if variable is not None:
                value = _per_gate_initializer(initializer, self.keras1_gates)(
                    tuple(variable.shape), dtype=variable.dtype)
                variable.assign(value)
        forget = getattr(self, "_keras1_forget_bias", None)
        bias = getattr(cell, "bias", None)
        if forget is not None and bias is not None:
            units = bias.shape[-1] // self.keras1_gates
            value = ops.convert_to_numpy(bias)
            value[units: 2 * units] = ops.convert_to_numpy(forget((units,), dtype=bias.dtype))
            bias.assign(value)

    def keras1_weight_config(self) -> dict[str, Any]:
        config = super().keras1_weight_config()
        config["consume_less"] = getattr(self, "consume_less", "cpu")
        return config

    def set_weights(self, weights: Sequence[Any]) -> None:
        """The Keras 1 list (per-gate arrays; 'th' ConvLSTM kernels), or Keras 3's fused list."""
        weights = list(weights)
        if len(weights) != len(self.weights):
            weights = self.convert_keras1_weights(weights)
        self.set_keras3_weights(weights)

    def get_keras1_weights(self) -> list[np.ndarray]:
        """The Keras 1 list, as :meth:`get_weights` returns it (kept for earlier callers)."""
        return self.get_weights()

    # -- Keras 1 state API ---------------------------------------------------
    def reset_states(self, states: Any = None) -> None:
        """Zero the states of a stateful layer (Keras 1 asserted ``stateful``)."""
        if not self.stateful:
            raise AssertionError(f"{self.name}: Layer must be stateful.")
        if states is None:
            self.reset_state()
            return
        states = states if isinstance(states, (list, tuple)) else [states]
        for variable, value in zip(self.states, states):
            variable.assign(value)

    # Keras 1 ``layer.W``/``U``/``b``: the fused matrices (Keras 1 cpu/mem
    # exposed the gate concatenation under the same names).
    @property
    def W(self):
        return getattr(getattr(self, "cell", None), "kernel", None)

    @property
    def U(self):
        return getattr(getattr(self, "cell", None), "recurrent_kernel", None)

    @property
    def b(self):
        return getattr(getattr(self, "cell", None), "bias", None)

    @property
    def output_dim(self) -> int:
        """Keras 1 name of ``units``."""
        return self.units

    @property
    def input_dim(self) -> Any:
        """Keras 1 ``layer.input_dim``: size of the input's last axis, once known."""
        if getattr(self, "batch_input_shape", None):
            return self.batch_input_shape[-1]
        nodes = _keras3.inbound_nodes(self, None)
        if nodes:
            return nodes[0].input_tensors[0].shape[-1]
        return None


class _KerasRNNLayer(Keras1RecurrentMixin):
    """Keras 1 Recurrent subclasses that take ``input_dim``/``input_length``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self.keras1_recurrent_init(args, kwargs))


class SimpleRNN(_KerasRNNLayer, keras.layers.SimpleRNN):
    """Keras 1 ``SimpleRNN(output_dim, init='glorot_uniform', inner_init='orthogonal',
    activation='tanh', W_regularizer, U_regularizer, b_regularizer, dropout_W, dropout_U,
    **recurrent kwargs)``.  Keras 1's W, U, b are Keras 3's kernel, recurrent_kernel, bias."""

    keras1_class = "SimpleRNN"


class GRU(_KerasRNNLayer, keras.layers.GRU):
    """Keras 1 ``GRU(output_dim, init, inner_init, activation='tanh',
    inner_activation='hard_sigmoid', W_/U_/b_regularizer, dropout_W, dropout_U, ...)``.

    ``reset_after=False`` (Keras 1's gate); weights: 9 per-gate arrays
    (``W_z, U_z, b_z, W_r, U_r, b_r, W_h, U_h, b_h``) or 3 fused ones.
    """

    keras1_class = "GRU"
    keras1_gates = 3
    keras1_gate_losses = True


class LSTM(_KerasRNNLayer, keras.layers.LSTM):
    """Keras 1 ``LSTM(output_dim, init, inner_init, forget_bias_init='one', activation='tanh',
    inner_activation='hard_sigmoid', W_/U_/b_regularizer, dropout_W, dropout_U, ...)``.

    Weights: 12 per-gate arrays in Keras 1's order i, c, f, o (``W_i, U_i, b_i,
    W_c, ...``) or 3 fused ones (Keras 1 ``consume_less='gpu'`` and Keras 3, i, f, c, o).
    """

    keras1_class = "LSTM"
    keras1_gates = 4
    keras1_gate_losses = True
    keras1_own_kwargs = ("consume_less", "forget_bias_init")


export_as_keras3(SimpleRNN, "keras.layers.SimpleRNN")
export_as_keras3(GRU, "keras.layers.GRU")
export_as_keras3(LSTM, "keras.layers.LSTM")


# ---------------------------------------------------------------------------
# Keras 1 base class for user-written recurrent layers

def _no_tracking(method):
    from legacy_keras._keras3 import tracking
    return tracking.no_automatic_dependency_tracking(method)


def _base_layer():
    from legacy_keras.engine.topology import Layer
    return Layer


class Recurrent(_base_layer()):  # type: ignore[misc]
    """Keras 1 ``Recurrent``: base class of user recurrent layers with ``step()``.

    Keras 3 moved the per-timestep logic into RNN *cells*; Keras 1 subclasses
    instead override ``step(x, states) -> (output, new_states)`` (and
    optionally ``get_initial_states(x)``, ``get_constants(x)``,
    ``preprocess_input(x)``), create their weights in ``build`` and set
    ``self.states`` (one entry per state; ``[None]`` when not stateful).  This
    class keeps that API: ``call`` runs Keras 3's backend ``rnn`` loop over
    ``step`` with Keras 1's arguments (``states`` received by ``step`` are the
    states followed by the constants, as in Keras 1), handles masking
    (masked steps repeat the previous output and state), ``go_backwards``,
    ``unroll``, ``return_sequences`` and ``stateful`` (states kept in
    non-trainable variables of shape ``(batch, output_dim)``; the batch size
    must be fixed with ``batch_input_shape``).

    Subclasses must define ``self.output_dim`` (the output/state size).
    Keras 1's own ``SimpleRNN/GRU/LSTM`` are *not* subclasses of this class
    here: they are the Keras 3 layers.  Not supported: states whose shape is
    not ``(batch, output_dim)`` unless ``get_initial_states`` is overridden,
    and ``stateful=True`` together with such custom state shapes.
    """

    def __init__(self, weights: Any = None, return_sequences: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 consume_less: str = "cpu", input_dim: int | None = None,
                 input_length: int | None = None, **kwargs: Any) -> None:
        if consume_less not in _CONSUME_LESS:
            raise ValueError(f"{type(self).__name__}: Unknown `consume_less` mode: {consume_less!r}")
        if input_dim:
            kwargs["input_shape"] = (input_length, input_dim)
        if weights is not None:
            kwargs["weights"] = weights
        self.return_sequences = return_sequences
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.consume_less = consume_less
        self.input_length = input_length
        self._keras1_input_dim = input_dim
        self.supports_masking = True
        super().__init__(**kwargs)
        self.supports_masking = True
        self.input_spec = keras.layers.InputSpec(ndim=3)

    # Keras 1 hooks ------------------------------------------------------------
    def step(self, x, states):
        raise NotImplementedError(
            f"{type(self).__name__}: a Keras 1 `Recurrent` subclass must implement "
            "step(x, states) -> (output, new_states)")

    def get_constants(self, x) -> list:
        return []

    def preprocess_input(self, x):
        return x

    def get_initial_states(self, x) -> list:
        """All-zero ``(samples, output_dim)`` tensors, one per entry of ``self.states``."""
        batch = ops.shape(x)[0]
        zeros = ops.zeros((batch, self.output_dim), dtype=x.dtype)
        return [zeros for _ in range(max(1, len(getattr(self, "states", None) or [None])))]

    def get_output_shape_for(self, input_shape):
        if self.return_sequences:
            return (input_shape[0], input_shape[1], self.output_dim)
        return (input_shape[0], self.output_dim)

    def compute_mask(self, inputs, mask=None):
        return mask if self.return_sequences else None

    @property
    def input_dim(self) -> Any:
        return self._keras1_input_dim

    @input_dim.setter
    def input_dim(self, value: Any) -> None:
        self._keras1_input_dim = value

    # Keras 3 plumbing -----------------------------------------------------
    def _maybe_build(self, call_spec):
        # Keras 1 subclasses build without calling super().build(): remember
        # the input shape here, a stateful layer needs its batch size.
        if not self.built:
            shape = getattr(call_spec.first_arg, "shape", None)
            if shape is not None:
                self._keras1_build_shape = tuple(shape)
        return _keras3.hook(super(), "maybe_build")(call_spec)

    def _post_build(self) -> None:
        _keras3.hook(super(), "post_build")()
        if self.stateful:
            self._keras1_make_state_variables()

    @_no_tracking
    def _keras1_make_state_variables(self) -> None:
        """States of a stateful layer: variables, but not weights (as in Keras 1)."""
        batch = (self.batch_input_shape or (None,))[0]
        if batch is None:
            batch = (getattr(self, "_keras1_build_shape", None) or (None,))[0]
        if batch is None:
            raise ValueError(
                "If a RNN is stateful, it needs to know its batch size. Specify the batch size "
                "of your input tensors: `batch_input_shape` on the first layer, or "
                "`batch_shape` on the Input.")
        count = max(1, len(getattr(self, "states", None) or [None]))
        existing = getattr(self, "states", None) or []
        if existing and all(isinstance(s, keras.Variable) for s in existing):
            return
        self._keras1_state_variables = [
            keras.Variable(np.zeros((batch, self.output_dim), dtype="float32"), trainable=False,
                           name=f"state_{i}") for i in range(count)]
        self.states = list(self._keras1_state_variables)

    def build(self, input_shape):
        if type(self).step is Recurrent.step:
            self.step(None, [])  # raises: the subclass has no step()
        super().build(input_shape)

    def reset_states(self) -> None:
        """Zero the states of a stateful layer (Keras 1 asserted ``stateful``)."""
        if not self.stateful:
            raise AssertionError(f"{self.name}: Layer must be stateful.")
        for variable in getattr(self, "states", None) or []:
            if isinstance(variable, keras.Variable):
                variable.assign(ops.zeros_like(variable))

    def call(self, x, mask=None, training=None):
        from legacy_keras._keras3 import backend as k3_backend
        timesteps = x.shape[1]
        if self.unroll and timesteps is None:
            raise ValueError("Cannot unroll a RNN if the time dimension is undefined: "
                             "give the input a fixed length (input_length / shape).")
        if self.stateful:
            initial_states = [ops.convert_to_tensor(v) for v in self.states]
        else:
            initial_states = list(self.get_initial_states(x))
        constants = list(self.get_constants(x) or [])
        inputs = self.preprocess_input(x)

        def step(inp, states):
            output, new_states = self.step(inp, list(states))
            return output, list(new_states)

        last_output, outputs, states = k3_backend.rnn(
            step, inputs, initial_states, go_backwards=self.go_backwards, mask=mask,
            constants=constants, unroll=self.unroll, input_length=timesteps)
        if self.stateful:
            for variable, value in zip(self.states, states):
                variable.assign(ops.cast(value, variable.dtype))
        return outputs if self.return_sequences else last_output

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"return_sequences": self.return_sequences, "go_backwards": self.go_backwards,
                       "stateful": self.stateful, "unroll": self.unroll,
                       "consume_less": self.consume_less, "input_length": self.input_length,
                       "input_dim": self._keras1_input_dim})
        return config


def _reject(layer_class: str, kwargs: dict[str, Any], names: Sequence[str]) -> None:
    for key in names:
        if key in kwargs:
            raise Keras1ArgumentError(f"{layer_class}: keyword argument not understood: {key!r}")

"""Keras 1 ``keras.engine.topology``: the layer API of Keras 1.2.2 on Keras 3.

Two things live here:

* :class:`Keras1LayerAPI`, a mixin every legacy layer inherits (through
  ``legacy_keras.layers._adapt.Keras1Layer``): the Keras 1 methods and
  attributes that Keras 3 dropped or made private (``get_output_at``,
  ``get_output_shape_at``, ``inbound_nodes``, ``input_shape``,
  ``output_shape``, ``get_output_shape_for``).
* :class:`Layer`, the base class for user-written Keras 1 layers.  Keras 3's
  ``Layer`` refuses most of what a Keras 1 custom layer does in ``build``
  (``self.trainable_weights = [self.W]``, ``add_weight(shape, init, name)``
  with Keras 1's positional order, ``self.regularizers.append(...)``,
  ``self.constraints[W] = ...``) and ignores ``get_output_shape_for``; this
  class accepts all of it and turns it into Keras 3 state (tracked variables
  with ``regularizer``/``constraint`` attributes) so training works.

Also: :func:`Input`, :class:`InputLayer`, :class:`InputSpec` with the Keras 1
signatures, ``Merge``/``merge`` (re-exported from ``legacy_keras.layers``),
``Container`` (Keras 1's name for a graph of layers: a functional model), and
:func:`keras1_auto_name`, Keras 1's default layer names (``dense_1``,
``convolution2d_1``: weight files are matched by those names).
"""
from __future__ import annotations

import collections
from typing import Any, Sequence

import keras
from legacy_keras import _keras3
from legacy_keras._keras3 import global_state, python_utils, tracker

__all__ = ["Keras1LayerAPI", "Keras1Node", "Layer", "Input", "InputLayer", "InputSpec", "Merge",
           "merge", "Container", "Node", "keras1_auto_name"]

InputSpec = keras.layers.InputSpec
from legacy_keras._keras3 import Node  # noqa: E402  (Keras 1 exported Node here)


# keras-internal: Keras 1 attributes of symbolic tensors.  Keras 1 code reads
# ``x._keras_shape`` (the static shape with ``None`` batch) and
# ``x._uses_learning_phase`` on the tensors layers return; Keras 3's
# ``KerasTensor`` has ``shape`` only, so the two Keras 1 names are added to it.
def _keras_shape(tensor: Any) -> tuple:
    return tensor.__dict__.get("_keras1_shape_override") or tuple(tensor.shape)


def _set_keras_shape(tensor: Any, value: Any) -> None:
    tensor.__dict__["_keras1_shape_override"] = tuple(value) if value is not None else None


def _tensor_uses_learning_phase(tensor: Any) -> bool:
    if "_keras1_ulp_override" in tensor.__dict__:
        return tensor.__dict__["_keras1_ulp_override"]
    seen: set[int] = set()
    stack = [tensor]
    while stack:
        current = stack.pop()
        history = _keras3.keras_history(current, None)
        if history is None or id(current) in seen:
            continue
        seen.add(id(current))
        layer, node_index, _ = history
        if _uses_learning_phase(layer):
            return True
        stack.extend(_keras3.inbound_nodes(layer)[node_index].input_tensors)
    return False


def _set_tensor_uses_learning_phase(tensor: Any, value: bool) -> None:
    tensor.__dict__["_keras1_ulp_override"] = bool(value)


if not hasattr(keras.KerasTensor, "_keras_shape"):
    keras.KerasTensor._keras_shape = property(_keras_shape, _set_keras_shape)
    keras.KerasTensor._uses_learning_phase = property(_tensor_uses_learning_phase,
                                                      _set_tensor_uses_learning_phase)

_NAME_UIDS = "legacy_keras_keras1_name_uids"


def keras1_auto_name(prefix: str) -> str:
    """Keras 1 default name ``<prefix>_<n>`` with per-prefix counters from 1.

    Keras 1 named layers ``lowercase(class name) + '_' + uid`` (``dense_1``,
    ``convolution2d_2``, ``input_1``); Keras 3 uses snake case without a
    suffix for the first one.  Keras 1 HDF5 files store weights under these
    names, so a model rebuilt in the same order gets the same names.  The
    counters live in Keras 3's global state: ``K.clear_session()`` resets
    them, as in Keras 1.
    """
    uids = global_state.get_global_attribute(_NAME_UIDS, None)
    if uids is None:
        uids = collections.defaultdict(int)
        global_state.set_global_attribute(_NAME_UIDS, uids)
    prefix = prefix.lower()
    uids[prefix] += 1
    return f"{prefix}_{uids[prefix]}"


#: Keras 1 accepted any layer name (SqueezeNet's ``'fire2/squeeze1x1'``);
#: Keras 3 refuses ``/``, its scope separator.  Such a name becomes a legal
#: Keras 3 name with ``/`` -> ``.``; the layer keeps its Keras 1 name in
#: ``keras1_name`` (weights files are matched by it, ``get_layer`` accepts it).
_KERAS1_ONLY_NAME_CHARS = {"/": "."}


def keras3_name(name: Any) -> Any:
    """The legal Keras 3 spelling of a Keras 1 layer name (other values unchanged)."""
    if isinstance(name, str):
        for old, new in _KERAS1_ONLY_NAME_CHARS.items():
            name = name.replace(old, new)
    return name


def keras1_name(layer: Any) -> str:
    """The name Keras 1 code and Keras 1 files know ``layer`` by."""
    return getattr(layer, "keras1_name", None) or layer.name


def remember_keras1_name(layer: Any, name: Any) -> Any:
    """Record ``name`` on ``layer`` when Keras 3 needs another spelling; return that spelling."""
    legal = keras3_name(name)
    if legal != name:
        object.__setattr__(layer, "keras1_name", name)
    return legal


def _shape_tuple(shape: Any) -> Any:
    if shape is None:
        return None
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple)):
        return [tuple(s) for s in shape]
    return tuple(shape)


def _unpack(values: list) -> Any:
    return values[0] if len(values) == 1 else list(values)


class Keras1Node:
    """Keras 1 view of a Keras 3 graph node (one call of a layer on symbolic tensors).

    Keras 1 code that walks models reads ``outbound_layer`` (the called
    layer), ``inbound_layers``/``node_indices``/``tensor_indices`` (where each
    input tensor came from), the tensors, shapes and masks.  Anything else is
    the Keras 3 node's own attribute.
    """

    def __init__(self, node: Any) -> None:
        object.__setattr__(self, "keras3_node", node)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.keras3_node, name)

    def __eq__(self, other: object) -> bool:
        other_node = other.keras3_node if isinstance(other, Keras1Node) else other
        return self.keras3_node is other_node

    def __hash__(self) -> int:
        return id(self.keras3_node)

    def __repr__(self) -> str:
        return f"<Keras1Node of {self.outbound_layer.name!r}>"

    @property
    def outbound_layer(self) -> Any:
        return self.keras3_node.operation

    @property
    def input_tensors(self) -> list:
        return list(self.keras3_node.input_tensors)

    @property
    def output_tensors(self) -> list:
        return list(self.keras3_node.output_tensors)

    def _history(self, index: int) -> list:
        if self.keras3_node.is_input:
            return []  # Keras 1: an Input node has no inbound layers
        return [_keras3.keras_history(t)[index] for t in self.keras3_node.input_tensors]

    @property
    def inbound_layers(self) -> list:
        return self._history(0)

    @property
    def node_indices(self) -> list:
        return self._history(1)

    @property
    def tensor_indices(self) -> list:
        return self._history(2)

    @property
    def input_shapes(self) -> list:
        return [tuple(t.shape) for t in self.input_tensors]

    @property
    def output_shapes(self) -> list:
        return [tuple(t.shape) for t in self.output_tensors]

    @property
    def input_masks(self) -> list:
        return [_keras3.keras_mask(t) for t in self.input_tensors]

    @property
    def output_masks(self) -> list:
        return [_keras3.keras_mask(t) for t in self.output_tensors]


def keras1_nodes(nodes: Sequence[Any]) -> list:
    """Keras 3 nodes -> :class:`Keras1Node` views (used by layers and models)."""
    return [Keras1Node(node) for node in nodes]


def _uses_learning_phase(layer: Any) -> bool:
    """Keras 1 ``uses_learning_phase``: the layer behaves differently in training.

    In Keras 3 that is a ``call`` taking ``training``; a model uses it when any
    of its layers does.
    """
    override = layer.__dict__.get("keras1_uses_learning_phase")
    if override is not None:
        return bool(override)
    if isinstance(layer, keras.Model):
        return any(_uses_learning_phase(sub) for sub in layer.layers)
    inner = getattr(layer, "forward_layer", None) or getattr(layer, "layer", None)
    if isinstance(inner, keras.layers.Layer):  # TimeDistributed, Bidirectional
        return _uses_learning_phase(inner)
    if not _keras3.call_has_training_arg(layer):
        return False
    # Keras 3 passes ``training`` to many layers that Keras 1 ran the same way
    # in both phases: only the phase-dependent cases count, as in Keras 1.
    if isinstance(layer, keras.layers.BatchNormalization):
        return getattr(layer, "mode", 0) == 0
    if hasattr(layer, "rate") or hasattr(layer, "stddev"):  # Dropout family, Gaussian noise
        return True
    if hasattr(layer, "recurrent_dropout") or "Embedding" in type(layer).__name__:
        return bool(getattr(layer, "dropout", 0) or getattr(layer, "recurrent_dropout", 0))
    return not hasattr(layer, "keras1_class")  # user layers written for Keras 3


def _same_inputs(a: Any, b: Any) -> bool:
    """Keras 1 matched updates/losses to inputs by the input tensors themselves."""
    a_list = a if isinstance(a, (list, tuple)) else [a]
    b_list = b if isinstance(b, (list, tuple)) else [b]
    return len(a_list) == len(b_list) and all(x is y for x, y in zip(a_list, b_list))


class Keras1LayerAPI:
    """Keras 1 layer methods every legacy layer has.

    Keras 3 keeps the graph in private ``_inbound_nodes``; Keras 1 user code
    (shared layers, feature extraction) asks a layer for its tensors and
    shapes per call ("node").
    """

    @property
    def inbound_nodes(self) -> list:
        """Keras 1 ``layer.inbound_nodes``: one node per call on symbolic tensors."""
        return keras1_nodes(_keras3.inbound_nodes(self, []))

    @property
    def outbound_nodes(self) -> list:
        return keras1_nodes(_keras3.outbound_nodes(self, []))

    @property
    def uses_learning_phase(self) -> bool:
        return _uses_learning_phase(self)

    @uses_learning_phase.setter
    def uses_learning_phase(self, value: bool) -> None:
        # Keras 1 custom layers set it in __init__ or call
        object.__setattr__(self, "keras1_uses_learning_phase", bool(value))

    # -- updates and losses, conditional on inputs as in Keras 1 ------------
    def add_update(self, updates: Any, inputs: Any = None) -> None:
        """Keras 1 ``add_update(updates, inputs=None)``: (variable, new value) pairs or ops.

        Keras 3 layers update state inside ``call``; these are kept for
        ``updates``/``get_updates_for`` and for ``K.function(..., updates=model.updates)``.
        """
        updates = list(updates) if isinstance(updates, list) else [updates]
        inputs = self._keras1_inputs_key(inputs)
        store = self.__dict__.setdefault("_keras1_updates", [])
        store.extend((inputs, update) for update in updates)

    def get_updates_for(self, inputs: Any) -> list:
        """Updates added for these inputs (``None``: the unconditional ones)."""
        found = [u for key, u in self.__dict__.get("_keras1_updates", [])
                 if (key is None and inputs is None)
                 or (key is not None and inputs is not None and _same_inputs(key, inputs))]
        if inputs is not None:
            found += self._keras1_state_updates(inputs)
        return found

    @property
    def updates(self) -> list:
        """Keras 1 ``layer.updates``: every update, for every call of the layer."""
        found = [u for _, u in self.__dict__.get("_keras1_updates", [])]
        for node in _keras3.inbound_nodes(self, []):
            inputs = list(node.input_tensors)
            found += self._keras1_state_updates(inputs[0] if len(inputs) == 1 else inputs)
        return found

    @updates.setter
    def updates(self, values: Any) -> None:
        """Keras 1 layers assigned ``self.updates = [...]`` (unconditional updates)."""
        self.__dict__["_keras1_updates"] = [(None, u) for u in (values or [])]

    def _keras1_state_updates(self, inputs: Any) -> list:
        """Updates Keras 3 performs inside ``call``, written as Keras 1 listed them.

        BatchNormalization (feature-wise mode) moved its moving mean and
        variance once per call in training: ``(variable, new value)`` pairs
        computed from that call's input tensor.
        """
        moving_mean = getattr(self, "moving_mean", None)
        moving_variance = getattr(self, "moving_variance", None)
        if moving_mean is None or moving_variance is None or getattr(self, "mode", 0) != 0:
            return []
        x = inputs[0] if isinstance(inputs, (list, tuple)) else inputs
        axis = getattr(self, "axis", -1)
        axis = axis if axis >= 0 else len(x.shape) + axis
        reduce = [i for i in range(len(x.shape)) if i != axis]
        momentum = getattr(self, "momentum", 0.99)
        mean = keras.ops.mean(x, axis=reduce)
        variance = keras.ops.var(x, axis=reduce)
        return [(moving_mean, moving_mean * momentum + mean * (1. - momentum)),
                (moving_variance, moving_variance * momentum + variance * (1. - momentum))]

    def _keras1_inputs_key(self, inputs: Any) -> Any:
        """The tensors ``add_loss``/``add_update(..., inputs=x)`` are keyed by.

        Inside ``call`` on symbolic tensors Keras 3 passes stand-ins for the
        layer's input tensors; Keras 1 code passes the ``x`` it was given, so
        the key is the input of the call being made (see :class:`Layer`).
        """
        if inputs is None:
            return None
        current = self.__dict__.get("_keras1_call_inputs")
        return current if current is not None else inputs

    def add_loss(self, losses: Any, inputs: Any = None) -> None:
        """Keras 1 ``add_loss(losses, inputs=None)``; the Keras 3 loss is added too."""
        losses = list(losses) if isinstance(losses, list) else [losses]
        inputs = self._keras1_inputs_key(inputs)
        for loss in losses:
            if inputs is not None:
                # unconditional losses are Keras 3's own (``layer.losses``); recording
                # them too would grow with every eager call (activity regularizers)
                self.__dict__.setdefault("_keras1_losses", []).append((inputs, loss))
            super().add_loss(loss)  # type: ignore[misc]

    def get_losses_for(self, inputs: Any) -> list:
        """Losses added for these inputs (``None``: the unconditional ones, e.g. regularizers)."""
        found = [l for key, l in self.__dict__.get("_keras1_losses", [])
                 if (key is None and inputs is None)
                 or (key is not None and inputs is not None and _same_inputs(key, inputs))]
        if inputs is None:
            # weight regularizers do not depend on inputs (Keras 1 added them with inputs=None)
            found += [l for l in getattr(self, "losses", []) if not any(l is k for k in found)
                      and not any(l is k for _, k in self.__dict__.get("_keras1_losses", []))]
        return found

    def _keras1_node(self, node_index: int, what: str):
        nodes = _keras3.inbound_nodes(self, [])
        if not nodes:
            raise Exception(f"The layer {self.name} has never been called and thus has no "  # type: ignore[attr-defined]
                            f"defined {what}.")
        if node_index >= len(nodes):
            raise Exception(f"Asked to get {what} at node {node_index}, but the layer has only "
                            f"{len(nodes)} inbound nodes.")
        return nodes[node_index]

    def get_output_at(self, node_index: int) -> Any:
        """Output tensor(s) of the layer's ``node_index``-th call."""
        return _unpack(self._keras1_node(node_index, "output").output_tensors)

    def get_input_at(self, node_index: int) -> Any:
        """Input tensor(s) of the layer's ``node_index``-th call."""
        return _unpack(self._keras1_node(node_index, "input").input_tensors)

    def get_output_shape_at(self, node_index: int) -> Any:
        """Output shape(s) (with ``None`` batch) of the ``node_index``-th call."""
        tensors = self._keras1_node(node_index, "output shape").output_tensors
        return _unpack([tuple(t.shape) for t in tensors])

    def get_input_shape_at(self, node_index: int) -> Any:
        """Input shape(s) of the ``node_index``-th call."""
        tensors = self._keras1_node(node_index, "input shape").input_tensors
        return _unpack([tuple(t.shape) for t in tensors])

    def get_output_mask_at(self, node_index: int) -> Any:
        tensors = self._keras1_node(node_index, "output mask").output_tensors
        return _unpack([_keras3.keras_mask(t) for t in tensors])

    def get_input_mask_at(self, node_index: int) -> Any:
        tensors = self._keras1_node(node_index, "input mask").input_tensors
        return _unpack([_keras3.keras_mask(t) for t in tensors])

    def _keras1_unique_shape(self, attr: str, what: str) -> Any:
        nodes = _keras3.inbound_nodes(self, [])
        if not nodes:
            build_shape = getattr(self, "batch_input_shape", None) if attr == "input_tensors" else None
            if build_shape is not None:
                return tuple(build_shape)
            raise AttributeError(f"The layer {self.name} has never been called and thus has no "  # type: ignore[attr-defined]
                                 f"defined {what}.")
        shapes = {repr(_unpack([tuple(t.shape) for t in getattr(node, attr)])) for node in nodes}
        if len(shapes) > 1:
            raise AttributeError(f'The layer "{self.name}" has multiple inbound nodes, with '  # type: ignore[attr-defined]
                                 f"different {what}s. Hence the notion of \"{what}\" is ill-defined "
                                 f"for the layer. Use `get_{what.replace(' ', '_')}_at(node_index)` "
                                 "instead.")
        return _unpack([tuple(t.shape) for t in getattr(nodes[0], attr)])

    @property
    def input_shape(self) -> Any:
        """Keras 1 ``layer.input_shape`` (unique over the layer's calls)."""
        return self._keras1_unique_shape("input_tensors", "input shape")

    @property
    def output_shape(self) -> Any:
        """Keras 1 ``layer.output_shape`` (unique over the layer's calls)."""
        return self._keras1_unique_shape("output_tensors", "output shape")

    def get_output_shape_for(self, input_shape: Any) -> Any:
        """Keras 1 name of ``compute_output_shape`` (user code still calls it)."""
        return self.compute_output_shape(input_shape)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# Input

#: Keras 1 keyword arguments of the base ``Layer`` constructor.
_KERAS1_LAYER_KWARGS = ("input_shape", "batch_input_shape", "batch_size", "input_dtype",
                        "name", "trainable", "create_input_layer", "input_dim", "weights")


def Input(shape: Sequence[int] | None = None, batch_shape: Sequence[int] | None = None,
          name: str | None = None, dtype: str | None = None, sparse: bool = False,
          tensor: Any = None, **kwargs: Any) -> Any:
    """Keras 1 ``Input``: a symbolic tensor (Keras 3 ``keras.Input``) named ``input_N``.

    ``dtype`` defaults to ``K.floatx()`` as in Keras 1; ``batch_shape`` carries a
    fixed batch size (stateful RNNs).
    """
    if shape is None and batch_shape is None and tensor is None:
        raise ValueError("Please provide to Input either a `shape` or a `batch_shape` argument. "
                         "Note that `shape` does not include the batch dimension.")
    if shape is not None and batch_shape is None:
        batch_shape = (kwargs.pop("batch_size", None),) + tuple(shape)
    if kwargs:
        raise TypeError(f"Input: keyword argument not understood: {sorted(kwargs)[0]!r}")
    layer = InputLayer(batch_input_shape=tuple(batch_shape) if batch_shape is not None else None,
                       input_dtype=dtype or keras.config.floatx(), sparse=sparse,
                       input_tensor=tensor, name=name)
    return layer.output


class InputLayer(Keras1LayerAPI, keras.layers.InputLayer):
    """Keras 1 ``InputLayer(input_shape=None, batch_input_shape=None, input_dtype=None,
    input_tensor=None, sparse=False, name=None)``; Keras 3 keywords work too."""

    def __init__(self, input_shape: Sequence[int] | None = None,
                 batch_input_shape: Sequence[int] | None = None, input_dtype: str | None = None,
                 input_tensor: Any = None, sparse: bool = False, name: str | None = None,
                 **kwargs: Any) -> None:
        shape = kwargs.pop("shape", None)
        batch_shape = kwargs.pop("batch_shape", None)
        batch_size = kwargs.pop("batch_size", None)
        dtype = kwargs.pop("dtype", None) or input_dtype
        tensor = kwargs.pop("input_tensor", None) if input_tensor is None else input_tensor
        if batch_input_shape is not None:
            batch_shape = tuple(batch_input_shape)
        elif input_shape is not None:
            batch_shape = (batch_size,) + tuple(input_shape)
        elif shape is not None and batch_shape is None:
            batch_shape = (batch_size,) + tuple(shape)
        if batch_shape is None and tensor is not None:
            batch_shape = tuple(tensor.shape)
        if batch_shape is not None:  # Python 2 division: (2, 80.0, 160.0, 3) meant ints
            from legacy_keras.layers._sizes import integral_sizes
            batch_shape = integral_sizes("batch_input_shape", tuple(batch_shape))
        if name is None:
            name = keras1_auto_name("input")
        name = remember_keras1_name(self, name)
        super().__init__(batch_shape=batch_shape, dtype=dtype or keras.config.floatx(),
                         sparse=bool(sparse) if sparse is not None else None,
                         input_tensor=tensor, name=name, **kwargs)

    @property
    def batch_input_shape(self) -> tuple:
        return tuple(self.batch_shape)

    @property
    def input_dtype(self) -> str:
        return self.dtype


def _export_input_layer() -> None:
    from legacy_keras._keras3 import register_public_name
    register_public_name(InputLayer, "keras.layers.InputLayer")


_export_input_layer()


# ---------------------------------------------------------------------------
# Layer base class for Keras 1 custom layers

def _resolve_initializer(initializer: Any, name: str | None) -> Any:
    """Keras 1 initializer (name, Keras 1 function ``f(shape, name)``) -> Keras 3 one."""
    from legacy_keras import initializations
    if isinstance(initializer, keras.initializers.Initializer) or initializer is None:
        return initializer
    if isinstance(initializer, str) or isinstance(initializer, dict):
        return initializations.get(initializer)
    if callable(initializer):
        import inspect
        try:
            params = inspect.signature(initializer).parameters
        except (TypeError, ValueError):
            params = {}
        if "dtype" in params:  # already Keras 2/3 style
            return initializer

        def keras1_init(shape, dtype=None):
            value = initializer(tuple(shape), name=name) if "name" in params else initializer(tuple(shape))
            return keras.ops.convert_to_tensor(value, dtype=dtype)
        return keras1_init
    return initializations.get(initializer)


def _is_variable(value: Any) -> bool:
    return isinstance(value, keras.Variable)


class Layer(Keras1LayerAPI, keras.layers.Layer):
    """Base class for Keras 1 custom layers (``class Antirectifier(Layer)``).

    Supported Keras 1 idioms (each one something Keras 3 refuses or ignores):

    * ``__init__(**kwargs)`` with ``input_shape``/``input_dim``/
      ``batch_input_shape``/``input_dtype`` (kept for ``Sequential.add``);
    * in ``build``: ``self.add_weight(shape, initializer, name, trainable,
      regularizer, constraint)`` in Keras 1's positional order, or variables
      made with ``K.variable``/an initializer function and then
      ``self.trainable_weights = [self.W, self.b]`` (assignment tracks them;
      plain tensors are turned into variables), ``self.non_trainable_weights``,
      ``self.regularizers`` (list) and ``self.constraints`` (dict
      variable -> constraint), applied when ``build`` returns;
    * ``call(self, x, mask=None)``, ``compute_mask(input, input_mask=None)``,
      ``supports_masking``, ``uses_learning_phase``, ``input_spec = [InputSpec]``;
    * ``get_output_shape_for(input_shape)``: used as the output shape, as in
      Keras 1 (when not overridden the shape is traced from ``call``).
    """

    def __init__(self, **kwargs: Any) -> None:
        k1 = {key: kwargs.pop(key) for key in _KERAS1_LAYER_KWARGS if key in kwargs}
        input_shape = k1.get("input_shape")
        if input_shape is None and k1.get("input_dim") is not None:
            input_shape = (k1["input_dim"],)
        batch_input_shape = k1.get("batch_input_shape")
        if batch_input_shape is None and input_shape is not None:
            batch_input_shape = (k1.get("batch_size"),) + tuple(input_shape)
        name = remember_keras1_name(self, k1.get("name") or keras1_auto_name(type(self).__name__))
        keep = self.__dict__.copy()  # attributes a Keras 1 subclass set before super().__init__
        super().__init__(name=name, trainable=k1.get("trainable", True), **kwargs)
        for key, value in keep.items():
            # public attributes the subclass set win over Keras 3's defaults
            if key not in self.__dict__ or (not key.startswith("_") and
                                            self.__dict__[key] is not value):
                setattr(self, key, value)
        # properties a Keras 1 subclass may set before super().__init__()
        for prop in ("input_spec", "supports_masking"):
            if keep.get(f"_{prop}") is not None:
                setattr(self, prop, keep[f"_{prop}"])
        self.batch_input_shape = tuple(batch_input_shape) if batch_input_shape else None
        if self.batch_input_shape is not None:
            self._input_shape_arg = self.batch_input_shape[1:]
        self.keras1_input_dtype = k1.get("input_dtype") or keras.config.floatx()
        self._keras1_initial_weights = k1.get("weights")
        self.regularizers: list = []
        # not through Layer.__setattr__: tracking would turn it into a plain dict wrapper
        object.__setattr__(self, "constraints", _ConstraintDict())
        if "uses_learning_phase" not in keep:
            self.uses_learning_phase = False

    # -- weights -------------------------------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Remember the symbolic input of this call for ``add_loss``/``add_update(inputs=x)``."""
        x = args[0] if args else kwargs.get("inputs", kwargs.get("x"))
        if not any(isinstance(t, keras.KerasTensor) for t in keras.tree.flatten(x)):
            return super().__call__(*args, **kwargs)
        previous = self.__dict__.get("_keras1_call_inputs")
        self.__dict__["_keras1_call_inputs"] = x
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self.__dict__["_keras1_call_inputs"] = previous

    def add_weight(self, *args: Any, **kwargs: Any) -> Any:
        """Keras 1 order ``(shape, initializer, name, trainable, regularizer, constraint)``.

        Keras 3 reads a third positional as ``dtype``; Keras 2's
        ``add_weight(name, shape, ...)`` (a string first) is accepted too.
        """
        if args and isinstance(args[0], str):
            order = ("name", "shape", "dtype", "initializer", "regularizer", "trainable",
                     "constraint")
        else:
            order = ("shape", "initializer", "name", "trainable", "regularizer", "constraint")
        if len(args) > len(order):
            raise TypeError(f"add_weight() takes at most {len(order)} positional arguments")
        for key, value in zip(order, args):
            if key in kwargs:
                raise TypeError(f"add_weight() got multiple values for argument {key!r}")
            kwargs[key] = value
        shape = kwargs.pop("shape", None)
        initializer = kwargs.pop("initializer", None)
        name = kwargs.pop("name", None)
        trainable = kwargs.pop("trainable", True)
        regularizer = kwargs.pop("regularizer", None)
        constraint = kwargs.pop("constraint", None)
        dtype = kwargs.pop("dtype", None)
        initializer = kwargs.pop("initializer", initializer)
        if initializer is None:
            initializer = "glorot_uniform"
        from legacy_keras import constraints as k1_constraints
        from legacy_keras import regularizers as k1_regularizers
        return super().add_weight(
            shape=tuple(shape) if shape is not None else (), initializer=_resolve_initializer(initializer, name),
            dtype=dtype, trainable=trainable,
            regularizer=k1_regularizers.get(regularizer) if regularizer is not None else None,
            constraint=k1_constraints.get(constraint) if constraint is not None else None,
            name=name, **kwargs)

    def _keras1_adopt(self, value: Any, trainable: bool) -> Any:
        """Track ``value`` as a variable of this layer; return the variable."""
        if not _is_variable(value):
            import numpy as np
            array = keras.ops.convert_to_numpy(value) if not isinstance(value, np.ndarray) else value
            name = getattr(value, "name", None)
            name = name.split(":")[0].split("/")[-1] if isinstance(name, str) else None
            variable = keras.Variable(array, trainable=trainable, name=name or "weight")
            for key, attr in list(self.__dict__.items()):
                if attr is value:
                    self.__dict__[key] = variable
            value = variable
        locked = tracker(self).locked
        tracker(self).unlock()
        try:
            tracked = (_keras3.trainable_variables_list(self)
                       + _keras3.non_trainable_variables_list(self))
            if any(value is v for v in tracked):
                _keras3.untrack_variable(self, value)
            value.trainable = trainable
            _keras3.track_variable(self, value)
        finally:
            if locked:
                tracker(self).lock()
        return value

    @property
    def trainable_weights(self) -> list:
        return super().trainable_weights

    @trainable_weights.setter
    def trainable_weights(self, values: Sequence[Any]) -> None:
        """Keras 1: ``self.trainable_weights = [self.W, self.b]`` declares the weights."""
        adopted = [self._keras1_adopt(v, True) for v in values]
        for variable in list(_keras3.trainable_variables_list(self)):
            if not any(variable is a for a in adopted):
                self._keras1_adopt(variable, False)

    @property
    def non_trainable_weights(self) -> list:
        return super().non_trainable_weights

    @non_trainable_weights.setter
    def non_trainable_weights(self, values: Sequence[Any]) -> None:
        for value in values:
            self._keras1_adopt(value, False)

    def _post_build(self) -> None:
        """Apply Keras 1 ``self.regularizers``/``self.constraints``/``weights=`` after ``build``."""
        self._keras1_apply_regularizers()
        self._keras1_apply_constraints()
        initial = getattr(self, "_keras1_initial_weights", None)
        if initial is not None:
            self._keras1_initial_weights = None
            self.set_weights(list(initial))
        _keras3.hook(super(), "post_build")()

    def _keras1_apply_regularizers(self) -> None:
        for regularizer in list(getattr(self, "regularizers", None) or []):
            param = getattr(regularizer, "p", None)
            if param is None:
                raise ValueError(f"Layer {self.name}: a regularizer in self.regularizers has no weight "
                                 "attached: call regularizer.set_param(weight) first (Keras 1)")
            variable = next((v for v in self.weights if v is param), None)
            if variable is None:
                raise ValueError(f"Layer {self.name}: regularizer attached to a weight the layer does "
                                 "not own; list it in self.trainable_weights")
            variable.regularizer = _as_weight_regularizer(regularizer)

    def _keras1_apply_constraints(self) -> None:
        from legacy_keras import constraints as k1_constraints
        constraints = getattr(self, "constraints", None) or {}
        pairs = constraints.pairs() if isinstance(constraints, _ConstraintDict) \
            else list(constraints.items())
        for key, constraint in pairs:
            variable = next((v for v in self.weights if v is key), None)
            if variable is None:
                raise ValueError(f"Layer {self.name}: self.constraints has a key that is not one "
                                 "of the layer's weights")
            variable.constraint = k1_constraints.get(constraint)

    # -- shapes ------------------------------------------------------------
    def call(self, x: Any, mask: Any = None) -> Any:
        """Keras 1's base ``call``: the identity (``Layer(input_shape=...)`` as a first layer)."""
        return x

    def get_output_shape_for(self, input_shape: Any) -> Any:
        """Keras 1 default: the output has the input's shape (override it)."""
        return input_shape

    def _keras1_overrides_shape(self) -> bool:
        return type(self).get_output_shape_for is not Layer.get_output_shape_for

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        if not self._keras1_overrides_shape():
            # No Keras 1 shape method: let Keras 3 trace ``call`` symbolically.
            from legacy_keras._keras3 import Operation
            return Operation.compute_output_spec(self, *args, **kwargs)
        inputs = args[0] if args else next(iter(kwargs.values()))
        if isinstance(inputs, (list, tuple)):
            shape = self.get_output_shape_for([tuple(t.shape) for t in inputs])
        else:
            shape = self.get_output_shape_for(tuple(inputs.shape))
        if isinstance(shape, list) and shape and isinstance(shape[0], (list, tuple)):
            return [keras.KerasTensor(tuple(s), dtype=self.compute_dtype) for s in shape]
        return keras.KerasTensor(tuple(shape), dtype=self.compute_dtype)

    @python_utils.default
    def compute_output_shape(self, input_shape: Any) -> Any:
        # Marked "default" so Keras 3 keeps tracing ``call`` for layers that
        # define no ``get_output_shape_for``.
        if self._keras1_overrides_shape():
            return self.get_output_shape_for(_shape_tuple(input_shape))
        return super().compute_output_shape(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        if getattr(self, "batch_input_shape", None) is not None:
            config["batch_input_shape"] = list(self.batch_input_shape)
        return config


class _ConstraintDict(dict):
    """Keras 1 ``self.constraints`` (variable -> constraint).

    Keras 3 variables are unhashable, so entries are keyed by identity;
    ``self.constraints[self.W] = maxnorm(2)`` works as in Keras 1.  (A dict
    *literal* with variable keys fails in user code before reaching us.)
    """

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(id(key), (key, value))

    def __getitem__(self, key: Any) -> Any:
        return super().__getitem__(id(key))[1]

    def __contains__(self, key: object) -> bool:
        return super().__contains__(id(key))

    def pairs(self) -> list:
        return list(super().values())


class _WeightRegularizer(keras.regularizers.Regularizer):
    """A Keras 1 regularizer object (``set_param`` style) as a Keras 3 weight regularizer."""

    def __init__(self, regularizer: Any) -> None:
        self.regularizer = regularizer

    def __call__(self, x: Any) -> Any:
        r = self.regularizer
        l1 = float(getattr(r, "l1", 0.) or 0.)
        l2 = float(getattr(r, "l2", 0.) or 0.)
        if hasattr(r, "l1") or hasattr(r, "l2"):
            penalty = 0.
            if l1:
                penalty += l1 * keras.ops.sum(keras.ops.abs(x))
            if l2:
                penalty += l2 * keras.ops.sum(keras.ops.square(x))
            return penalty
        return r(x)

    def get_config(self) -> dict:
        get = getattr(self.regularizer, "get_config", None)
        return get() if get else {}


def _as_weight_regularizer(regularizer: Any) -> Any:
    if isinstance(regularizer, keras.regularizers.Regularizer) and \
            type(regularizer).__module__.startswith("keras"):
        return regularizer
    return _WeightRegularizer(regularizer)


def Container(*args: Any, **kwargs: Any) -> Any:
    """Keras 1 ``Container``: a graph of layers without training methods.

    Keras 3 has one class for it, the functional model; this returns
    ``legacy_keras.engine.training.Model(input, output, name)``.
    """
    from legacy_keras.engine.training import Model
    return Model(*args, **kwargs)


def __getattr__(name: str) -> Any:
    # Merge/merge live in legacy_keras.layers.merge (imported lazily: that
    # module imports this one through the layer adapter).
    if name in ("Merge", "merge"):
        import importlib
        return getattr(importlib.import_module("legacy_keras.layers.merge"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Lambda round trips within one process (see legacy_keras.engine.lambdas).
from legacy_keras.engine import lambdas as _lambdas  # noqa: E402,F401

"""Turn a Keras 1 layer call (``Convolution2D(32, 3, 3, border_mode='same')``)
into Keras 3 keyword arguments, using the tables in ``legacy_keras.spec.layers``.

Every Keras 1 layer class of ``legacy_keras.layers`` is a subclass of the Keras
3 layer it maps to, plus :class:`Keras1Layer`.  Its constructor is::

    def __init__(self, *args, **kwargs):
        keras3_kwargs = self.keras1_init(args, kwargs)
        super().__init__(**keras3_kwargs)

:meth:`Keras1Layer.keras1_init` binds positionals with the *Keras 1*
signature, rejects unknown keywords like Keras 1 did (naming layer and
argument), renames keywords and converts values, and keeps the Keras 1-only
pieces (``weights=``, ``batch_input_shape``, ``input_dtype``) on the layer.
Keras 3 keyword names are accepted too, so ``from_config`` of a saved model
works.  Initial ``weights=`` are converted from the Keras 1 layout (the
per-layer rules of ``legacy_keras.weights``) and set once the layer is built.
"""
from __future__ import annotations

import warnings
from typing import Any, ClassVar, Sequence

import keras
import numpy as np

from legacy_keras import _config
from legacy_keras.engine.topology import Keras1LayerAPI, keras1_auto_name, remember_keras1_name
from legacy_keras.layers._keras1_weights import Keras1WeightsAPI, keras1_kernel
from legacy_keras.layers._sizes import integral_sizes
from legacy_keras.spec import layers as spec

class Keras1ArgumentError(TypeError):
    """A Keras 1 layer was given an argument Keras 1 would have refused."""


def bind_keras1_arguments(class_name: str, args: Sequence[Any],
                          kwargs: dict[str, Any]) -> dict[str, Any]:
    """Bind positionals to Keras 1 parameter names; check nothing is doubled."""
    names = spec.positional_names(class_name)
    if len(args) > len(names):
        raise Keras1ArgumentError(
            f"{class_name}() takes at most {len(names)} positional arguments "
            f"({', '.join(names)}) but {len(args)} were given")
    bound = dict(kwargs)
    for name, value in zip(names, args):
        if name in bound:
            raise Keras1ArgumentError(f"{class_name}() got multiple values for argument {name!r}")
        bound[name] = value
    return bound


def _python_scalars(value: Any) -> Any:
    """numpy scalars -> Python numbers (``Dense(np.max(y) + 1)``).

    Keras 1 took them anywhere an int was expected; Keras 3 validates with
    ``isinstance(value, int)`` and refuses ``numpy.int64``.
    """
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple) and any(isinstance(item, np.generic) for item in value):
        return tuple(_python_scalars(item) for item in value)
    return value


def _allowed_keywords(class_name: str, keras3_class: type | None) -> set[str]:
    """The Keras 1 keywords (the spec's, shared with the codemod) plus the Keras 3
    spelling of the parent class, which ``from_config`` of a saved model uses."""
    allowed = set(spec.keras1_keywords(class_name))
    if keras3_class is not None:
        import inspect
        for klass in keras3_class.__mro__:
            if "__init__" in vars(klass):
                allowed |= set(inspect.signature(klass.__init__).parameters)
        allowed |= {"name", "dtype", "trainable", "autocast", "activity_regularizer"}
    allowed.discard("self")
    allowed.discard("kwargs")
    return allowed


def resolve_data_format(dim_ordering: Any) -> str | None:
    """Keras 1 ``dim_ordering`` ('th'/'tf'/'default') -> Keras 3 ``data_format``."""
    return spec.data_format(dim_ordering, _config.image_dim_ordering())


def _resolve_value(keras3_name: str, value: Any) -> Any:
    """Keras 1 objects/names for initializers, regularizers... -> Keras 3 ones."""
    if value is None:
        return None
    if keras3_name.endswith("initializer"):
        from legacy_keras import initializations
        return initializations.get(value)
    if keras3_name.endswith("regularizer"):
        from legacy_keras import regularizers
        # Keras 3 divides activity penalties by the batch size; Keras 1 did not.
        return regularizers.get(value, activity=keras3_name == "activity_regularizer")
    if keras3_name.endswith("constraint"):
        from legacy_keras import constraints
        return constraints.get(value)
    if keras3_name in ("activation", "recurrent_activation"):
        from legacy_keras import activations
        return activations.get(value)
    return value


class Keras1Layer(Keras1WeightsAPI, Keras1LayerAPI):
    """Mixin giving a Keras 3 layer the Keras 1 constructor and attributes.

    Class attributes:
      keras1_class -- key into ``legacy_keras.spec.layers.SIGNATURES``.
    """

    keras1_class: ClassVar[str]
    #: Keras 1 keyword arguments that the layer class handles itself
    #: (popped from the bound arguments before translation).
    keras1_own_kwargs: ClassVar[tuple[str, ...]] = ()

    def keras1_init(self, args: Sequence[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
        """Translate Keras 1 constructor arguments to Keras 3 keywords."""
        class_name = self.keras1_class
        keras3_class = next((klass for klass in type(self).__mro__
                             if klass.__module__.startswith("keras.")), None)
        bound = {key: integral_sizes(key, _python_scalars(value))
                 for key, value in bind_keras1_arguments(class_name, args, kwargs).items()}
        allowed = _allowed_keywords(class_name, keras3_class)
        # Keywords the class handles itself, and the Keras 3 spelling of every
        # Keras 1 parameter (``from_config`` of layers Keras 3 lacks).
        allowed |= set(self.keras1_own_kwargs)
        allowed |= {spec.keras3_kwarg(class_name, name) for name in spec.positional_names(class_name)}
        for key, reason in spec.DEPRECATED_IGNORED_KWARGS.get(class_name, {}).items():
            if key in bound:
                bound.pop(key)
                warnings.warn(f"{class_name}: {reason}", stacklevel=3)
        unknown = sorted(set(bound) - allowed)
        if unknown:
            raise Keras1ArgumentError(
                f"{class_name}: keyword argument not understood: {unknown[0]!r}")
        for key, value in list(bound.items()):
            reason = spec.UNSUPPORTED_VALUES.get((key, value)) if isinstance(value, str) else None
            if reason:
                raise ValueError(f"{class_name}: {key}={value!r} is not supported: {reason}")

        self.keras1_config = dict(bound)
        self._keras1_initial_weights = bound.pop("weights", None)
        self.keras1_own = {k: bound.pop(k) for k in self.keras1_own_kwargs if k in bound}
        self._keras1_take_input_kwargs(bound)

        defaults = spec.keras1_defaults(class_name)
        for fold, target in spec.TUPLE_ARGS.items():
            if all(part in bound for part in fold):
                bound[target] = tuple(bound.pop(part) for part in fold)
        keras3_kwargs: dict[str, Any] = {}
        for key, value in bound.items():
            if key == "dim_ordering":
                value = resolve_data_format(value)
            elif key in spec.VALUE_MAPS and isinstance(value, str):
                value = spec.VALUE_MAPS[key].get(value, value)
            keras3_name = spec.keras3_kwarg(class_name, key)
            keras3_kwargs[keras3_name] = _resolve_value(keras3_name, value)
        # Keras 1 defaults that Keras 3 changed (hard_sigmoid, reset_after...)
        for key, value in spec.KERAS1_EXPLICIT_DEFAULTS.get(class_name, {}).items():
            keras3_kwargs.setdefault(key, _resolve_value(key, value))
        if "data_format" in _allowed_keywords(class_name, keras3_class) and \
                "dim_ordering" in defaults and "data_format" not in keras3_kwargs:
            keras3_kwargs["data_format"] = resolve_data_format("default")
        for key, default in defaults.items():
            keras3_name = spec.keras3_kwarg(class_name, key)
            if key not in self.keras1_config and keras3_name not in keras3_kwargs \
                    and keras3_name.endswith("initializer"):
                keras3_kwargs[keras3_name] = _resolve_value(keras3_name, default)
        if "activation" in defaults and "activation" not in keras3_kwargs:
            keras3_kwargs["activation"] = _resolve_value("activation", defaults["activation"])
        if not keras3_kwargs.get("name"):
            # Keras 1 default names (dense_1, convolution2d_1): weight files match by name.
            keras3_kwargs["name"] = keras1_auto_name(class_name)
        keras3_kwargs["name"] = remember_keras1_name(self, keras3_kwargs["name"])
        return keras3_kwargs

    def _keras1_take_input_kwargs(self, bound: dict[str, Any]) -> None:
        """Keep Keras 1 input-shape keywords as ``batch_input_shape``/``input_dtype``."""
        batch_input_shape = bound.pop("batch_input_shape", None)
        input_shape = bound.pop("input_shape", None)
        batch_size = bound.pop("batch_size", None)
        if self.keras1_class in spec.INPUT_LENGTH_ONLY_LAYERS:
            input_dim = None
            input_length = bound.pop("input_length", None)
            if input_shape is None and input_length is not None:
                input_shape = (input_length,)
        else:
            input_dim = bound.pop("input_dim", None)
            input_length = bound.pop("input_length", None)
        self.keras1_input_dtype = bound.pop("input_dtype", None) or "float32"
        bound.pop("create_input_layer", None)
        if batch_input_shape is None:
            if input_shape is None and input_dim is not None:
                input_shape = self.keras1_input_shape_from_dim(input_dim, input_length)
            if input_shape is not None:
                batch_input_shape = (batch_size,) + tuple(input_shape)
        self.batch_input_shape = tuple(batch_input_shape) if batch_input_shape else None
        if self.batch_input_shape is not None:
            self._input_shape_arg = self.batch_input_shape[1:]

    def keras1_input_shape_from_dim(self, input_dim: int, input_length: int | None) -> tuple:
        """``input_dim`` (+``input_length``) as Keras 1 read it for this layer.

        2D layers (Dense) take ``(input_dim,)``; temporal layers override this
        to return ``(input_length, input_dim)``.
        """
        if self.keras1_class in spec.SEQUENCE_INPUT_LAYERS:
            return (input_length, input_dim)
        return (input_dim,)

    def convert_keras1_weights(self, arrays: list) -> list:
        """Keras 1 layout -> this layer's Keras 3 variables (identity by default)."""
        from legacy_keras import weights as weight_rules
        return weight_rules.to_keras3(self.keras1_class, self.keras1_weight_config(), arrays)

    def keras1_weight_config(self) -> dict[str, Any]:
        """What the weight conversion needs to know (dim ordering, gate layout...)."""
        config = dict(self.keras1_config)
        data_format = getattr(self, "data_format", None)
        if data_format:
            config["dim_ordering"] = spec.DATA_FORMAT_TO_DIM_ORDERING.get(data_format, "tf")
        return config

    def build(self, input_shape):
        super().build(input_shape)  # type: ignore[misc]
        self.set_keras1_initial_weights()

    # Keras 1 attribute names of the main variables (``layer.W``, ``layer.b``).
    # Assigning them stores an override, so Keras 1 style subclasses that set
    # ``self.W = ...`` keep working.
    @property
    def W(self):
        override = self.__dict__.get("_keras1_W")
        if override is not None or not getattr(self, "built", False):
            return override
        for name in _KERAS1_W_ALIASES:
            value = getattr(self, name, None)
            if value is not None:
                return keras1_kernel(self, value)  # Keras 1 layout ('th' kernels), issue 14.9
        return None

    @W.setter
    def W(self, value):
        self.__dict__["_keras1_W"] = value

    @property
    def b(self):
        override = self.__dict__.get("_keras1_b")
        if override is not None or not getattr(self, "built", False):
            return override
        return getattr(self, "bias", None)

    @b.setter
    def b(self, value):
        self.__dict__["_keras1_b"] = value

    def set_keras1_initial_weights(self) -> None:
        """Apply ``weights=`` once the variables exist (call after building)."""
        initial = getattr(self, "_keras1_initial_weights", None)
        if initial is not None:
            self._keras1_initial_weights = None
            self.set_keras3_weights(self.convert_keras1_weights(list(initial)))


#: Keras 3 attribute names of what Keras 1 called ``W``, in lookup order.
_KERAS1_W_ALIASES = ("kernel", "embeddings", "depthwise_kernel")


def kernel_bias_config(layer: Any) -> dict[str, Any]:
    """Serialized kernel/bias options of a layer legacy_keras implements itself.

    Shared by the reimplemented dense-like layers (Highway, MaxoutDense,
    LocallyConnected) so their ``get_config`` round-trips the same way.
    """
    def optional(serialize: Any, value: Any) -> Any:
        return serialize(value) if value else None

    return {
        "kernel_initializer": keras.initializers.serialize(layer.kernel_initializer),
        "kernel_regularizer": optional(keras.regularizers.serialize, layer.kernel_regularizer),
        "bias_regularizer": optional(keras.regularizers.serialize, layer.bias_regularizer),
        "kernel_constraint": optional(keras.constraints.serialize, layer.kernel_constraint),
        "bias_constraint": optional(keras.constraints.serialize, layer.bias_constraint),
        "use_bias": layer.use_bias,
    }


def export_as_keras3(layer_class: type, keras3_public_name: str) -> type:
    """Make instances of ``layer_class`` serialize as the plain Keras 3 class.

    ``model.save('m.keras')`` then writes ``keras.layers.Conv2D`` rather than
    ``legacy_keras...Convolution2D``, so the file loads in plain Keras 3
    without legacy_keras.  Only valid when the subclass adds no state beyond
    its Keras 3 parent's ``get_config``.

    The class also takes the Keras 3 class name (``Convolution2D.__name__ ==
    'Conv2D'``): a ``.keras`` file stores each layer's variables under the
    snake-cased class name, and plain Keras 3 looks them up under its own
    class's name when loading.  The Keras 1 name stays in ``keras1_class``,
    which also drives Keras 1 default layer names (``convolution2d_1``).
    """
    from legacy_keras._keras3 import register_public_name
    register_public_name(layer_class, keras3_public_name)
    layer_class.__name__ = keras3_public_name.rsplit(".", 1)[-1]
    return layer_class


def register_legacy(layer_class: type) -> type:
    """Register a layer Keras 3 lacks as ``legacy_keras>ClassName``."""
    return keras.saving.register_keras_serializable(package="legacy_keras")(layer_class)

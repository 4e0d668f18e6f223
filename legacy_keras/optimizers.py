"""Keras 1.2.2 optimizers on Keras 3, with Keras 1 signatures and numerics.

Each class subclasses the Keras 3 optimizer of the same algorithm and adds:

* the Keras 1 constructor (``lr=``, ``decay=``, ``epsilon`` 1e-8, Keras 1
  defaults from :data:`legacy_keras.spec.training.OPTIMIZER_DEFAULTS`);
* ``decay``: Keras 1 scales the learning rate by ``1 / (1 + decay *
  iterations)`` at every update (Keras 3 accepts ``decay`` and ignores it);
* ``clipnorm`` as Keras 1 meant it (the *global* norm over all gradients) and
  ``clipvalue``, both usable together (Keras 3 allows only one clip);
* ``optimizer.lr``: the learning-rate variable, so ``K.get_value(opt.lr)`` /
  ``K.set_value(opt.lr, x)`` / ``opt.lr = x`` work as in Keras 1 (the
  decay is applied on top of it, as in Keras 1);
* ``get_config()`` with the Keras 1 keys (``lr``, ``decay``, ``rho`` ...),
  which is also what ``from_config`` reads back.

Where the Keras 1 update formula differs from Keras 3's, ``update_step`` is
overridden (RMSprop, Adagrad: epsilon outside the square root; Nadam: the
``schedule_decay`` momentum cache); SGD, Adadelta, Adam and Adamax use the
Keras 3 update unchanged since the formulas are the same.
"""
from __future__ import annotations

from typing import Any, ClassVar

import keras
from keras import ops

import numpy as np

from legacy_keras import _keras3
from legacy_keras.spec.training import (OPTIMIZER_ALIASES, OPTIMIZER_DEFAULTS,
                                        OPTIMIZER_KERAS1_WEIGHTS)

__all__ = ["Optimizer", "SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "Adamax", "Nadam",
           "TFOptimizer", "sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamax", "nadam",
           "get", "optimizer_from_config", "clip_norm"]

#: Keyword arguments every Keras 1 optimizer accepts besides its own; plus
#: the Keras 3 names that ``from_config`` of a Keras 3 config may carry.
_BASE_KWARGS = ("clipnorm", "clipvalue")
_KERAS3_KWARGS = ("learning_rate", "name")

_register = keras.saving.register_keras_serializable(package="legacy_keras")


def clip_norm(g: Any, c: float, n: Any) -> Any:
    """Keras 1 ``clip_norm``: scale ``g`` by ``c / n`` when the norm ``n`` >= ``c``."""
    if c > 0:
        g = ops.where(n >= c, g * c / n, g)
    return g


def _to_float(value: Any) -> float:
    """A number, numpy scalar or (Keras/TF) variable -> Python float."""
    if isinstance(value, (int, float)):
        return float(value)
    return float(ops.convert_to_numpy(value))


def _dense(gradient: Any) -> Any:
    """IndexedSlices (Embedding gradients) -> dense tensor, for clipping."""
    if gradient is not None and type(gradient).__name__ == "IndexedSlices":
        import tensorflow as tf  # keras.ops keeps IndexedSlices sparse
        return tf.convert_to_tensor(gradient)
    return gradient


class Keras1Optimizer:
    """Mixin giving a Keras 3 optimizer the Keras 1 ``lr``/``decay``/clip API.

    Subclasses call :meth:`_keras1_init` instead of ``super().__init__``.
    """

    keras1_name: ClassVar[str]

    def _keras1_init(self, lr: float, decay: float, kwargs: dict[str, Any],
                     **keras3_kwargs: Any) -> None:
        for key in kwargs:
            if key not in _BASE_KWARGS + _KERAS3_KWARGS:
                # Keras 1's message, raised for the same reason
                raise TypeError("Unexpected keyword argument passed to optimizer: " + str(key))
        lr = _to_float(kwargs.get("learning_rate", lr))
        # Keras 3 forbids clipnorm and clipvalue together and reads clipnorm
        # per variable, so both stay out of its constructor; see _clip_gradients.
        super().__init__(learning_rate=float(lr), name=kwargs.get("name"),  # type: ignore[call-arg]
                         **keras3_kwargs)
        self.decay = float(decay)
        self.initial_decay = float(decay)
        self.clipnorm = kwargs.get("clipnorm")
        self.clipvalue = kwargs.get("clipvalue")

    # ----------------------------------------------------------- Keras 1 API
    @property
    def lr(self) -> Any:
        """The learning-rate variable (Keras 1 ``optimizer.lr``)."""
        return _keras3.learning_rate_variable(self)

    @lr.setter
    def lr(self, value: Any) -> None:
        self.learning_rate = _to_float(value)  # also a variable given as new lr

    def get_config(self) -> dict[str, Any]:
        """Keras 1 config: the Keras 1 keyword names, current ``lr`` value."""
        config: dict[str, Any] = {}
        if self.clipnorm is not None:
            config["clipnorm"] = self.clipnorm
        if self.clipvalue is not None:
            config["clipvalue"] = self.clipvalue
        for key in OPTIMIZER_DEFAULTS.get(self.keras1_name, ("lr", "decay")):
            value = (ops.convert_to_numpy(_keras3.learning_rate_variable(self)) if key == "lr"
                     else getattr(self, key))
            config[key] = value if isinstance(value, bool) else float(value)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: Any = None) -> Any:
        return cls(**config)

    def get_updates(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            "Keras 1 `get_updates(params, constraints, loss)` does not exist on Keras 3: "
            "optimizers apply gradients through `apply_gradients` / `update_step`.")

    # ------------------------------------------- Keras 1 optimizer weights
    def _keras1_slots(self) -> list[tuple[str, Any]]:
        """(kind, variable or None) in Keras 1 ``optimizer.weights`` order."""
        if not self.built:
            return []
        slots: list[tuple[str, Any]] = []
        n_params = len(_keras3.trainable_variables_list(self))
        for attr in OPTIMIZER_KERAS1_WEIGHTS.get(self.keras1_name, ()):
            if attr == "iterations":
                slots.append(("iterations", _keras3.iterations_variable(self)))
            else:
                # e.g. SGD without momentum has no moment variables in Keras 3
                variables = list(_keras3.optimizer_slots(self, attr) or [None] * n_params)
                slots.extend(("slot", v) for v in variables)
        return slots

    def get_keras1_weights(self) -> list:
        """Optimizer state as Keras 1's ``get_weights()`` listed it (floats,
        Keras 1 order; zeros for moments Keras 3 does not keep)."""
        values = []
        for (kind, variable), param in zip(self._keras1_slots(), self._slot_params()):
            if kind == "iterations":
                values.append(np.asarray(ops.convert_to_numpy(variable), dtype="float32"))
            elif variable is None:
                values.append(np.zeros(tuple(param.shape), dtype="float32"))
            else:
                values.append(ops.convert_to_numpy(variable))
        return values

    def set_keras1_weights(self, weights: list, param_order: list[int] | None = None) -> None:
        """Load Keras 1 ``optimizer_weights`` (e.g. from a Keras 1 HDF5 file).

        The optimizer must be built on variables that correspond one to one
        (same shapes) to the Keras 1 model's trainable weights.  Keras 1 sorted
        those by weight name before building its optimizer; ``param_order[j]``
        is the index, among the variables this optimizer was built on, of
        Keras 1's ``j``-th weight (default: the same order).
        """
        if param_order is not None:
            weights = self._keras1_reorder(list(weights), param_order)
        slots = self._keras1_slots()
        if not slots:
            raise ValueError("Build the optimizer (optimizer.build(model.trainable_variables)) "
                             "before setting Keras 1 optimizer weights.")
        if len(weights) != len(slots):
            raise ValueError(f"Keras 1 optimizer weights: expected {len(slots)} arrays for "
                             f"{type(self).__name__}, got {len(weights)}")
        for (kind, variable), param, value in zip(slots, self._slot_params(), weights):
            value = np.asarray(value)
            if kind == "iterations":
                variable.assign(int(round(float(value))))
                continue
            if tuple(value.shape) != tuple(param.shape):
                raise ValueError(f"Optimizer weight shape {tuple(param.shape)} not compatible "
                                 f"with provided weight shape {value.shape}")
            if variable is not None:
                variable.assign(value)
        self._after_keras1_weights()

    def _keras1_reorder(self, weights: list, param_order: list[int]) -> list:
        """Keras 1 arrays (each slot block in Keras 1 weight order) -> this optimizer's order."""
        n_params = len(param_order)
        out: list = []
        position = 0
        for attr in OPTIMIZER_KERAS1_WEIGHTS.get(self.keras1_name, ()):
            if attr == "iterations":
                out.extend(weights[position:position + 1])
                position += 1
                continue
            block = weights[position:position + n_params]
            if len(block) != n_params:
                return weights  # the count check of set_keras1_weights reports it
            reordered: list = [None] * n_params
            for keras1_index, index in enumerate(param_order):
                reordered[index] = block[keras1_index]
            out.extend(reordered)
            position += n_params
        return out + weights[position:]

    def _slot_params(self) -> list:
        """The parameter each Keras 1 weight belongs to (None for iterations)."""
        params: list = []
        for attr in OPTIMIZER_KERAS1_WEIGHTS.get(self.keras1_name, ()):
            params.extend([None] if attr == "iterations"
                          else _keras3.trainable_variables_list(self))
        return params

    def _after_keras1_weights(self) -> None:
        """Hook: rebuild state Keras 1 did not save."""

    # -------------------------------------------------------- Keras 1 numerics
    def _clip_gradients(self, grads: list) -> list:
        """Keras 1 ``get_gradients``: global-norm clip, then value clip.

        Sparse gradients (``IndexedSlices`` from Embedding) become dense first:
        Keras 1's update formulas are written for dense tensors.
        """
        grads = [_dense(g) for g in grads]
        if self.clipnorm is not None and self.clipnorm > 0:
            norm = ops.sqrt(sum(ops.sum(ops.square(g)) for g in grads if g is not None))
            grads = [None if g is None else clip_norm(g, self.clipnorm, norm) for g in grads]
        if self.clipvalue is not None and self.clipvalue > 0:
            value = self.clipvalue
            grads = [None if g is None else ops.clip(g, -value, value) for g in grads]
        return grads

    def _decayed_lr(self, learning_rate: Any) -> Any:
        """Keras 1 ``lr * 1 / (1 + decay * iterations)`` (iterations before this update)."""
        if self.initial_decay > 0:
            iterations = ops.cast(self.iterations, "float32")
            learning_rate = learning_rate * (1.0 / (1.0 + self.decay * iterations))
        return learning_rate

    def _backend_update_step(self, grads: list, trainable_variables: list,
                             learning_rate: Any) -> None:
        # Sparse Embedding gradients (IndexedSlices) reach here unclipped:
        # Keras 1's update formulas are written for dense tensors.
        grads = [_dense(g) for g in grads]
        _keras3.hook(super(), "backend_update_step")(grads, trainable_variables,
                                                     self._decayed_lr(learning_rate))


_D = OPTIMIZER_DEFAULTS


@_register
class SGD(Keras1Optimizer, keras.optimizers.SGD):
    """Keras 1 SGD (momentum, Nesterov, ``decay``); Keras 3 update, same formula."""

    keras1_name = "SGD"

    def __init__(self, lr: float = _D["SGD"]["lr"], momentum: float = _D["SGD"]["momentum"],
                 decay: float = _D["SGD"]["decay"], nesterov: bool = _D["SGD"]["nesterov"],
                 **kwargs: Any) -> None:
        self._keras1_init(lr, decay, kwargs, momentum=float(momentum), nesterov=bool(nesterov))


@_register
class RMSprop(Keras1Optimizer, keras.optimizers.RMSprop):
    """Keras 1 RMSprop.

    ``update_step`` is Keras 1's: ``p -= lr * g / (sqrt(a) + epsilon)``
    (Keras 3 puts epsilon inside the square root).
    """

    keras1_name = "RMSprop"

    def __init__(self, lr: float = _D["RMSprop"]["lr"], rho: float = _D["RMSprop"]["rho"],
                 epsilon: float = _D["RMSprop"]["epsilon"],
                 decay: float = _D["RMSprop"]["decay"], **kwargs: Any) -> None:
        self._keras1_init(lr, decay, kwargs, rho=float(rho), epsilon=float(epsilon))

    def update_step(self, gradient: Any, variable: Any, learning_rate: Any) -> None:
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        accumulator = _keras3.optimizer_slot(self, "velocities", variable)
        new_a = self.rho * accumulator + (1.0 - self.rho) * ops.square(gradient)
        self.assign(accumulator, new_a)
        self.assign_sub(variable, lr * gradient / (ops.sqrt(new_a) + self.epsilon))


@_register
class Adagrad(Keras1Optimizer, keras.optimizers.Adagrad):
    """Keras 1 Adagrad: accumulator starts at 0 (Keras 3: 0.1), lr default 0.01.

    ``update_step`` is Keras 1's: ``p -= lr * g / (sqrt(a) + epsilon)``.
    """

    keras1_name = "Adagrad"

    def __init__(self, lr: float = _D["Adagrad"]["lr"], epsilon: float = _D["Adagrad"]["epsilon"],
                 decay: float = _D["Adagrad"]["decay"], **kwargs: Any) -> None:
        self._keras1_init(lr, decay, kwargs, epsilon=float(epsilon),
                          initial_accumulator_value=0.0)

    def update_step(self, gradient: Any, variable: Any, learning_rate: Any) -> None:
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        accumulator = _keras3.optimizer_slot(self, "accumulators", variable)
        new_a = accumulator + ops.square(gradient)
        self.assign(accumulator, new_a)
        self.assign_sub(variable, lr * gradient / (ops.sqrt(new_a) + self.epsilon))


@_register
class Adadelta(Keras1Optimizer, keras.optimizers.Adadelta):
    """Keras 1 Adadelta (lr default 1.0); Keras 3 update, same formula."""

    keras1_name = "Adadelta"

    def __init__(self, lr: float = _D["Adadelta"]["lr"], rho: float = _D["Adadelta"]["rho"],
                 epsilon: float = _D["Adadelta"]["epsilon"],
                 decay: float = _D["Adadelta"]["decay"], **kwargs: Any) -> None:
        self._keras1_init(lr, decay, kwargs, rho=float(rho), epsilon=float(epsilon))


@_register
class Adam(Keras1Optimizer, keras.optimizers.Adam):
    """Keras 1 Adam (epsilon 1e-8, ``decay``); Keras 3 update, same formula."""

    keras1_name = "Adam"

    def __init__(self, lr: float = _D["Adam"]["lr"], beta_1: float = _D["Adam"]["beta_1"],
                 beta_2: float = _D["Adam"]["beta_2"], epsilon: float = _D["Adam"]["epsilon"],
                 decay: float = _D["Adam"]["decay"], **kwargs: Any) -> None:
        self._keras1_init(lr, decay, kwargs, beta_1=float(beta_1), beta_2=float(beta_2),
                          epsilon=float(epsilon))


@_register
class Adamax(Keras1Optimizer, keras.optimizers.Adamax):
    """Keras 1 Adamax (lr default 0.002); Keras 3 update, same formula."""

    keras1_name = "Adamax"

    def __init__(self, lr: float = _D["Adamax"]["lr"], beta_1: float = _D["Adamax"]["beta_1"],
                 beta_2: float = _D["Adamax"]["beta_2"], epsilon: float = _D["Adamax"]["epsilon"],
                 decay: float = _D["Adamax"]["decay"], **kwargs: Any) -> None:
        self._keras1_init(lr, decay, kwargs, beta_1=float(beta_1), beta_2=float(beta_2),
                          epsilon=float(epsilon))


@_register
class Nadam(Keras1Optimizer, keras.optimizers.Nadam):
    """Keras 1 Nadam with ``schedule_decay`` (no ``decay`` argument, as in Keras 1).

    Keras 1's momentum cache is ``beta_1 * (1 - 0.5 * 0.96 ** (t * schedule_decay))``;
    Keras 3 dropped ``schedule_decay`` (``0.96 ** t``), so the schedule and the
    update step are Keras 1's here.
    """

    keras1_name = "Nadam"

    def __init__(self, lr: float = _D["Nadam"]["lr"], beta_1: float = _D["Nadam"]["beta_1"],
                 beta_2: float = _D["Nadam"]["beta_2"], epsilon: float = _D["Nadam"]["epsilon"],
                 schedule_decay: float = _D["Nadam"]["schedule_decay"], **kwargs: Any) -> None:
        self._keras1_init(lr, 0.0, kwargs, beta_1=float(beta_1), beta_2=float(beta_2),
                          epsilon=float(epsilon))
        self.schedule_decay = float(schedule_decay)

    def _momentum_cache(self, step: Any, dtype: str) -> Any:
        return self.beta_1 * (1.0 - 0.5 * ops.power(ops.cast(0.96, dtype),
                                                    ops.cast(step, dtype) * self.schedule_decay))

    def _backend_update_step(self, grads: list, trainable_variables: list,
                             learning_rate: Any) -> None:
        # Keras 1: m_schedule *= momentum_cache_t once per update, before the
        # per-variable steps read it.
        u_product = _keras3.nadam_u_product(self)
        dtype = u_product.dtype
        self.assign(u_product,
                    u_product * _keras3.nadam_momentum_cache(self, self.iterations + 1, dtype))
        _keras3.hook(super(keras.optimizers.Nadam, self), "backend_update_step")(
            grads, trainable_variables, learning_rate)

    def _after_keras1_weights(self) -> None:
        # Keras 1 did not save m_schedule: it is the product of the momentum
        # caches of the steps done so far.
        steps = int(ops.convert_to_numpy(_keras3.iterations_variable(self)))
        t = np.arange(1, steps + 1, dtype="float64")
        caches = self.beta_1 * (1.0 - 0.5 * 0.96 ** (t * self.schedule_decay))
        _keras3.nadam_u_product(self).assign(float(np.prod(caches)))

    def update_step(self, gradient: Any, variable: Any, learning_rate: Any) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        cache_t = _keras3.nadam_momentum_cache(self, t, dtype)
        cache_t_1 = _keras3.nadam_momentum_cache(self, t + 1.0, dtype)
        m_schedule_new = ops.cast(_keras3.nadam_u_product(self), dtype)
        m_schedule_next = m_schedule_new * cache_t_1
        m = _keras3.optimizer_slot(self, "momentums", variable)
        v = _keras3.optimizer_slot(self, "velocities", variable)
        g_prime = gradient / (1.0 - m_schedule_new)
        m_t = self.beta_1 * m + (1.0 - self.beta_1) * gradient
        m_t_prime = m_t / (1.0 - m_schedule_next)
        v_t = self.beta_2 * v + (1.0 - self.beta_2) * ops.square(gradient)
        v_t_prime = v_t / (1.0 - ops.power(ops.cast(self.beta_2, dtype), t))
        m_t_bar = (1.0 - cache_t) * g_prime + cache_t_1 * m_t_prime
        self.assign(m, m_t)
        self.assign(v, v_t)
        self.assign_sub(variable, lr * m_t_bar / (ops.sqrt(v_t_prime) + self.epsilon))


class Optimizer(Keras1Optimizer, keras.optimizers.Optimizer):
    """Base for custom optimizers, Keras 3 style.

    Keras 1 custom optimizers implemented ``get_updates(params, constraints,
    loss)``, which Keras 3 has no place for; subclass this and implement
    ``update_step(gradient, variable, learning_rate)`` instead.
    """

    keras1_name = "Optimizer"

    def __init__(self, **kwargs: Any) -> None:
        lr = kwargs.pop("lr", 0.01)
        self._keras1_init(lr, kwargs.pop("decay", 0.0), kwargs)

    def update_step(self, gradient: Any, variable: Any, learning_rate: Any) -> None:
        raise NotImplementedError(
            f"{type(self).__name__}: Keras 1 `get_updates`-style optimizers are not supported; "
            "implement `update_step(gradient, variable, learning_rate)`.")


class TFOptimizer:
    """Keras 1 wrapper of a ``tf.train.Optimizer``: gone with TF 1 optimizers."""

    def __init__(self, optimizer: Any) -> None:
        raise NotImplementedError(
            "TFOptimizer wrapped TF 1 `tf.train` optimizers, which TF 2 no longer has; "
            "use a keras optimizer instead.")


# Keras 1 lower-case aliases.
sgd = SGD
rmsprop = RMSprop
adagrad = Adagrad
adadelta = Adadelta
adam = Adam
adamax = Adamax
nadam = Nadam

_CLASSES: dict[str, type] = {cls.__name__: cls for cls in
                             (SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax, Nadam)}


def optimizer_from_config(config: dict[str, Any], custom_objects: dict | None = None) -> Any:
    """Keras 1 ``{'class_name': ..., 'config': {...}}`` (e.g. a saved ``training_config``)."""
    class_name = config["class_name"]
    # Keras 3 HDF5 files made by legacy_keras name the registered class
    # (``legacy_keras>RMSprop``); its config has the Keras 1 keys.
    class_name = class_name.split(">")[-1] if class_name.startswith("legacy_keras>") else class_name
    if custom_objects and class_name in custom_objects:
        cls = custom_objects[class_name]
    else:
        name = OPTIMIZER_ALIASES.get(class_name.lower())
        if name is None:
            raise ValueError("Optimizer class not found:", class_name)
        cls = _CLASSES[name]
    return cls.from_config(dict(config.get("config", {})))


def get(identifier: Any, kwargs: dict[str, Any] | None = None) -> Any:
    """Keras 1 ``optimizers.get``: a name ('sgd', 'Adam' ...) -> new instance
    (with ``kwargs``), a config dict -> instance, an instance -> itself."""
    if isinstance(identifier, str):
        name = identifier if identifier in _CLASSES else OPTIMIZER_ALIASES.get(identifier)
        if name is None or (identifier not in _CLASSES and identifier != identifier.lower()):
            raise ValueError("Invalid optimizer: " + identifier)
        return _CLASSES[name](**(kwargs or {}))
    if isinstance(identifier, dict):
        if "module" in identifier or "registered_name" in identifier:  # Keras 3 serialized
            return keras.optimizers.deserialize(identifier)
        name = str(identifier.get("class_name", ""))
        inner = identifier.get("config") or {}
        keras1 = name.startswith("legacy_keras>") or (
            name.lower() in OPTIMIZER_ALIASES and "learning_rate" not in inner)
        if not keras1:
            # a Keras 3 optimizer's {'class_name', 'config'} (e.g. a plain Keras 3 HDF5 file)
            return keras.optimizers.deserialize(identifier)
        return optimizer_from_config(identifier)
    if isinstance(identifier, keras.optimizers.Optimizer):
        return identifier
    if type(identifier).__name__ == "Optimizer" or hasattr(identifier, "compute_gradients"):
        return TFOptimizer(identifier)
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}")

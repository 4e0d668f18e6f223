"""Keras 1 ``keras.layers.wrappers``: ``TimeDistributed`` and ``Bidirectional``.

Both delegate to Keras 3.  Keras 3 ``Bidirectional`` accepts ``weights=`` but
never applies it; here Keras 1 ``weights=`` (forward half, then backward
half, each in the wrapped layer's Keras 1 layout) are converted with the
wrapped layer's rule (``legacy_keras.weights.wrappers``) and set once built.
"""
from __future__ import annotations

from typing import Any

import keras

from legacy_keras.layers._adapt import Keras1Layer, bind_keras1_arguments, export_as_keras3

__all__ = ["TimeDistributed", "Bidirectional"]


def _inner_weight_config(layer: Any) -> dict[str, Any]:
    """The wrapped layer as the weight rules see it: Keras 1 class name + config."""
    if hasattr(layer, "keras1_weight_config"):
        return {"class_name": layer.keras1_class, "config": layer.keras1_weight_config()}
    return {"class_name": type(layer).__name__, "config": {}}


class _Keras1Wrapper(Keras1Layer):
    def _wrapper_init(self, args: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
        """``keras1_init`` with the wrapped layer kept out of ``keras1_config``.

        A layer object inside the (tracked, walked) ``keras1_config`` dict would
        be saved there first and missing under ``layer`` in the ``.keras`` file.
        """
        bound = bind_keras1_arguments(self.keras1_class, args, kwargs)
        layer = bound.pop("layer", None)
        keras3_kwargs = self.keras1_init((), bound)
        if layer is None:
            raise TypeError(f"{self.keras1_class}() missing required argument: 'layer'")
        keras3_kwargs["layer"] = layer
        # Keras 3 Bidirectional keeps only rebuilt copies of ``layer``.
        self._keras1_inner = _inner_weight_config(layer)
        return keras3_kwargs

    def keras1_weight_config(self) -> dict[str, Any]:
        config = super().keras1_weight_config()
        config["layer"] = self._keras1_inner
        return config


class TimeDistributed(_Keras1Wrapper, keras.layers.TimeDistributed):
    """Keras 1 ``TimeDistributed(layer)``: apply ``layer`` to every timestep."""

    keras1_class = "TimeDistributed"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self._wrapper_init(args, kwargs))


class Bidirectional(_Keras1Wrapper, keras.layers.Bidirectional):
    """Keras 1 ``Bidirectional(layer, merge_mode='concat', weights=None)``.

    ``merge_mode`` is 'concat', 'sum', 'mul', 'ave' or None (a list of the
    forward and the re-reversed backward outputs).
    """

    keras1_class = "Bidirectional"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(**self._wrapper_init(args, kwargs))


export_as_keras3(TimeDistributed, "keras.layers.TimeDistributed")
export_as_keras3(Bidirectional, "keras.layers.Bidirectional")

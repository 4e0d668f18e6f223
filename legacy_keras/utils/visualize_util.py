"""``keras.utils.visualize_util.plot`` -> ``keras.utils.plot_model``."""
from __future__ import annotations

from typing import Any

import keras


def _require_pydot() -> None:
    try:
        import pydot  # noqa: F401
    except ImportError as error:
        raise ImportError("keras.utils.visualize_util.plot needs pydot and graphviz: "
                          "`pip install pydot` and install graphviz (e.g. `apt-get install graphviz`).") from error


def model_to_dot(model: Any, show_shapes: bool = False, show_layer_names: bool = True):
    _require_pydot()
    return keras.utils.model_to_dot(model, show_shapes=show_shapes, show_layer_names=show_layer_names)


def plot(model: Any, to_file: str = "model.png", show_shapes: bool = False,
         show_layer_names: bool = True) -> None:
    """Draw ``model`` to ``to_file`` (Keras 1 name and arguments)."""
    _require_pydot()
    keras.utils.plot_model(model, to_file=to_file, show_shapes=show_shapes,
                           show_layer_names=show_layer_names)

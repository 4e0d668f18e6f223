"""Keras 1 ``keras.engine``: topology (Layer, Input, Container) and training (Model).

Names resolve lazily (the layer adapter imports ``engine.topology`` while
``legacy_keras.layers`` is still loading).
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "InputSpec": "topology", "Input": "topology", "InputLayer": "topology", "Layer": "topology",
    "Merge": "topology", "merge": "topology", "Container": "topology", "Node": "topology",
    "Model": "training",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    if name in ("topology", "training"):
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get_source_inputs(tensor: Any, layer: Any = None, node_index: Any = None) -> list:
    """Keras 1 ``get_source_inputs``: the Input tensors a tensor was computed from."""
    from legacy_keras import _keras3
    history = _keras3.keras_history(tensor, None)
    if history is None:
        return [tensor]
    operation, node_index_, _ = history
    node = _keras3.inbound_nodes(operation)[node_index_]
    if node.is_input:
        return list(node.output_tensors)
    sources: list = []
    for parent in node.input_tensors:
        for source in get_source_inputs(parent):
            if not any(source is s for s in sources):
                sources.append(source)
    return sources

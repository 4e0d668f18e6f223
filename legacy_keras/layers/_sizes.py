"""Layer sizes written with Python 2 division (``Dense(hidden_dim / 4)``).

Keras 1 code of its era ran on Python 2, where ``hidden_dim / 4`` is an int.
Run on Python 3 it is a float (``8.0``), which Keras 3 refuses ("expected a
positive integer").  A float with an integral value in a size argument is
taken as the int the author meant; a non-integral one is left for Keras 3 to
refuse (Python 2 would have rounded it down, which cannot be recovered).
"""
from __future__ import annotations

from typing import Any

#: Keras 1 arguments that are a count or a size.
INT_ARGS = frozenset({
    "output_dim", "input_dim", "input_length", "nb_filter", "nb_row", "nb_col", "filter_length",
    "kernel_dim1", "kernel_dim2", "kernel_dim3", "nb_feature", "pool_length", "stride",
    "subsample_length", "length", "depth_multiplier", "atrous_rate", "n", "padding", "cropping",
})
#: Keras 1 arguments that are tuples of sizes.
SHAPE_ARGS = frozenset({
    "input_shape", "batch_input_shape", "target_shape", "dims", "pool_size", "strides", "subsample",
    "size", "padding", "cropping", "output_shape", "atrous_rate",
})


def _as_int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def integral_sizes(key: str, value: Any) -> Any:
    """``value`` with integral floats in size arguments turned into ints."""
    if key in INT_ARGS and isinstance(value, float):
        return _as_int(value)
    if key in SHAPE_ARGS and isinstance(value, (tuple, list)):
        return type(value)(integral_sizes(key, item) if isinstance(item, (tuple, list)) else _as_int(item)
                           for item in value)
    return value

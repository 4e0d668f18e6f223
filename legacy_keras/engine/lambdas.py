"""Round trips of Python lambdas that this process serialized (Keras 1 ``Lambda``/``merge``).

Keras 1 code saves a model with ``Lambda(lambda x: ...)`` or
``merge(mode=lambda ...)`` and loads it again in the same program
(``to_json``/``model_from_json``, ``save``/``load_model``): Keras 1 ran the
marshalled bytecode.  Keras 3 refuses to deserialize lambda bytecode unless
the user opts in, because bytecode read from a file could be anything.

The rule kept here: bytecode is never executed.  When this process
serializes a lambda, the function object is remembered with its serialized
form; a config whose lambda entry is *identical* (code, defaults, closure) to
one this process produced gets the remembered function object back.  Any
other lambda (a file written elsewhere, or edited) still raises, with a
message saying how to opt in.
"""
from __future__ import annotations

import json
from typing import Any, Callable

import keras

__all__ = ["remember", "recall", "OPT_IN"]

#: How to load lambdas from files written elsewhere (appended to Keras 3's refusal).
OPT_IN = ("legacy_keras loads lambdas that this program serialized itself; for a file written "
          "elsewhere that you trust, call keras.config.enable_unsafe_deserialization() (or pass "
          "safe_mode=False to load_model), or replace the lambda by a named function given in "
          "custom_objects")

_REMEMBERED: dict[str, list[tuple[str, Callable]]] = {}


def _key(value: Any) -> str:
    """Serialized defaults/closure in a form equal across a JSON round trip."""
    return json.dumps(value, sort_keys=True, default=repr)


def remember(fn: Callable, fn_config: Any) -> None:
    """Record that ``fn`` was serialized as ``fn_config`` (a ``__lambda__`` config)."""
    if not (isinstance(fn_config, dict) and fn_config.get("class_name") == "__lambda__"):
        return
    inner = fn_config["config"]
    entries = _REMEMBERED.setdefault(inner["code"], [])
    key = _key([inner.get("defaults"), inner.get("closure")])
    if not any(k == key and f is fn for k, f in entries):
        entries.append((key, fn))


def recall(fn_config: Any) -> Callable | None:
    """The function this process serialized as ``fn_config``, or None."""
    if not (isinstance(fn_config, dict) and fn_config.get("class_name") == "__lambda__"):
        return None
    inner = fn_config.get("config") or {}
    key = _key([inner.get("defaults"), inner.get("closure")])
    for stored_key, fn in reversed(_REMEMBERED.get(inner.get("code"), [])):
        if stored_key == key:
            return fn
    return None


def _is_lambda_config(value: Any) -> bool:
    return isinstance(value, dict) and value.get("class_name") == "__lambda__"


# keras-internal: Keras 3's Lambda serializes functions in its private
# ``_serialize_function_to_config`` (reached through ``_keras3``) and rebuilds
# them in ``Lambda.from_config``; no public hook lets a caller supply the
# function for a lambda entry, so both are wrapped (once per process).
def _install() -> None:
    lambda_cls = keras.layers.Lambda
    if getattr(lambda_cls, "_legacy_keras_lambdas", False):
        return
    from legacy_keras._keras3 import lambda_function_serializer, set_lambda_function_serializer
    original_serialize = lambda_function_serializer(lambda_cls)
    original_from_config = lambda_cls.from_config.__func__

    def serialize_and_remember(self: Any, fn: Any) -> Any:
        config = original_serialize(self, fn)
        remember(fn, config)
        return config

    def from_config(cls: Any, config: dict, custom_objects: Any = None,
                    safe_mode: Any = None) -> Any:
        entries = [k for k in ("function", "output_shape") if _is_lambda_config(config.get(k))]
        recalled = {k: recall(config[k]) for k in entries}
        if entries and all(fn is not None for fn in recalled.values()):
            from legacy_keras._keras3 import serialization_lib
            config = dict(config)
            config.update(recalled)
            if "function" not in recalled:
                config["function"] = serialization_lib.deserialize_keras_object(
                    config["function"], custom_objects=custom_objects)
            shape = config.get("output_shape")
            if "output_shape" in config and "output_shape" not in recalled:
                shape = serialization_lib.deserialize_keras_object(shape,
                                                                   custom_objects=custom_objects)
                if isinstance(shape, list) and all(isinstance(e, (int, type(None)))
                                                   for e in shape):
                    shape = tuple(shape)
                config["output_shape"] = shape
            if "arguments" in config:
                config["arguments"] = serialization_lib.deserialize_keras_object(
                    config["arguments"], custom_objects=custom_objects)
            return cls(**config)
        try:
            return original_from_config(cls, config, custom_objects=custom_objects,
                                        safe_mode=safe_mode)
        except ValueError as error:
            if "Lambda" in str(error) and "lambda" in str(error) and OPT_IN not in str(error):
                raise ValueError(f"{error} ({OPT_IN})") from None
            raise

    set_lambda_function_serializer(lambda_cls, serialize_and_remember)
    lambda_cls.from_config = classmethod(from_config)
    lambda_cls._legacy_keras_lambdas = True


_install()

"""Which Keras 1 layers ``legacy-convert`` rewrites into which built-in Keras 3 layers (pure data).

``--info`` prints this without importing TensorFlow; :mod:`.builtin` does the
rewriting.  Theano 'same' pooling is rewritten only where Theano's alignment
differs from Keras 3's (decided from shapes at conversion time).
"""
from __future__ import annotations

_MERGE_PLAN = {"sum": "Add", "mul": "Multiply", "ave": "Average", "max": "Maximum",
               "concat": "Concatenate", "dot": "Dot", "cos": "Dot(normalize=True) + Reshape"}
_RECURRENT = ("LSTM", "GRU", "SimpleRNN", "ConvLSTM2D")


def _known() -> frozenset:
    from legacy_keras.spec import layers as spec
    return frozenset(spec.SIGNATURES)


def config_plan(config: dict | None, theano: bool) -> tuple[list[str], list[str]]:
    """``(rewrites, kept)`` lines for ``--info``: which Keras 1 layers become which built-ins."""
    from legacy_keras.saving.rules import iter_layer_configs
    rewrites: list[str] = []
    kept: list[str] = []
    if config is None:
        return rewrites, kept
    for class_name, cfg in iter_layer_configs(config):
        if not isinstance(cfg, dict):
            continue
        name = cfg.get("name", class_name)
        if class_name in _RECURRENT:
            inner = cfg.get("inner_activation", "hard_sigmoid")
            outer = cfg.get("activation", "tanh")
            if class_name in ("LSTM", "ConvLSTM2D") and outer == "hard_sigmoid":
                kept.append(f"{name} ({class_name}): activation='hard_sigmoid' reaches the cell state")
            elif inner == "hard_sigmoid" or outer == "hard_sigmoid":
                rewrites.append(f"{name} ({class_name}) -> {class_name} with Keras 3 hard_sigmoid, "
                                "gate weights x1.2")
        elif class_name == "Activation" and cfg.get("activation") == "hard_sigmoid":
            rewrites.append(f"{name} (Activation hard_sigmoid) -> Rescaling(1.2) + Activation")
        elif cfg.get("activation") == "hard_sigmoid" and class_name not in (
                "Highway", "LocallyConnected1D", "LocallyConnected2D"):
            rewrites.append(f"{name} ({class_name}) -> {class_name} with Keras 3 hard_sigmoid, weights x1.2")
        if class_name == "Merge":
            mode = cfg.get("mode")
            if isinstance(mode, str) and mode in _MERGE_PLAN:
                rewrites.append(f"{name} (Merge {mode}) -> {_MERGE_PLAN[mode]}")
            else:
                kept.append(f"{name} (Merge): a Python function as mode")
        elif class_name == "Highway":
            rewrites.append(f"{name} (Highway) -> Dense + Dense(sigmoid) + Subtract/Multiply/Add")
        elif class_name == "MaxoutDense":
            rewrites.append(f"{name} (MaxoutDense) -> Dense + Reshape + GlobalMaxPooling1D")
        elif class_name in ("LocallyConnected1D", "LocallyConnected2D"):
            rewrites.append(f"{name} ({class_name}) -> frozen one-hot Conv (patches) + EinsumDense")
        elif theano and class_name in ("MaxPooling1D", "MaxPooling2D", "AveragePooling1D",
                                       "AveragePooling2D") and cfg.get("border_mode") == "same":
            rewrites.append(f"{name} ({class_name} 'same' on Theano, where its alignment differs) -> "
                            "padding + 'valid' pooling + Cropping")
        elif class_name == "Lambda":
            kept.append(f"{name} (Lambda): Python code, needs --custom-objects and stays a Lambda")
        elif class_name not in _known() and class_name not in ("Sequential", "Model", "InputLayer"):
            kept.append(f"{name} ({class_name}): a custom layer (needs --custom-objects), kept as is")
        elif class_name in ("ParametricSoftplus", "SReLU"):
            kept.append(f"{name} ({class_name}): kept as a legacy_keras layer")
    return rewrites, kept

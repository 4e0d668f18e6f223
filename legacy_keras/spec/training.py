"""Keras 1.2.2 model, training, optimizer, loss and metric names, as data.

Source: the project's Keras 1 -> 2 reference notes (training and optimizers),
checked against the Keras 1.2.2 oracle.  Read by the runtime (``legacy_keras.models``,
``legacy_keras.optimizers`` ...) and by the codemod.  No TensorFlow import.
"""
from __future__ import annotations

#: Keyword renames of Model methods (fit, evaluate, *_generator, constructor).
MODEL_KWARG_RENAMES: dict[str, str] = {
    "nb_epoch": "epochs",
    "input": "inputs",
    "output": "outputs",
    "samples_per_epoch": "steps_per_epoch",  # value changes: samples -> steps
    "nb_val_samples": "validation_steps",  # value changes: samples -> steps
    "val_samples": "steps",  # value changes: samples -> steps
    "max_q_size": "max_queue_size",
    "nb_worker": "workers",
    "pickle_safe": "use_multiprocessing",
}

#: Marks a Keras 1 argument without a default in :data:`METHOD_SIGNATURES`.
REQUIRED = "<required>"

#: Keras 1.2.2 signatures of the training methods (``inspect.signature`` of
#: ``keras.engine.training.Model`` in the oracle): ``(keyword, default)`` in
#: positional order.  The runtime builds ``fit``/``fit_generator``/
#: ``evaluate_generator``/``predict_generator`` from these; the codemod reads
#: the same table (through :data:`GENERATOR_METHODS` and :data:`FIT_DEFAULTS`).
METHOD_SIGNATURES: dict[str, tuple[tuple[str, object], ...]] = {
    "fit": (("x", REQUIRED), ("y", REQUIRED), ("batch_size", 32), ("nb_epoch", 10), ("verbose", 1),
            ("callbacks", None), ("validation_split", 0.0), ("validation_data", None),
            ("shuffle", True), ("class_weight", None), ("sample_weight", None),
            ("initial_epoch", 0)),
    "fit_generator": (("generator", REQUIRED), ("samples_per_epoch", REQUIRED),
                      ("nb_epoch", REQUIRED), ("verbose", 1), ("callbacks", None),
                      ("validation_data", None), ("nb_val_samples", None),
                      ("class_weight", None), ("max_q_size", 10), ("nb_worker", 1),
                      ("pickle_safe", False), ("initial_epoch", 0)),
    "evaluate_generator": (("generator", REQUIRED), ("val_samples", REQUIRED),
                           ("max_q_size", 10), ("nb_worker", 1), ("pickle_safe", False)),
    "predict_generator": (("generator", REQUIRED), ("val_samples", REQUIRED),
                          ("max_q_size", 10), ("nb_worker", 1), ("pickle_safe", False)),
}

#: Keras 1 ``fit`` defaults that differ from Keras 3's.
FIT_DEFAULTS = {key: dict(METHOD_SIGNATURES["fit"])[key]
                for key in ("batch_size", "nb_epoch", "verbose")}

#: Generator methods: Keras 1 signature (positional order) and Keras 3 target.
GENERATOR_METHODS: dict[str, tuple[str, tuple[str, ...]]] = {
    method: (target, tuple(name for name, _ in METHOD_SIGNATURES[method]))
    for method, target in (("fit_generator", "fit"), ("evaluate_generator", "evaluate"),
                           ("predict_generator", "predict"))
}


def samples_to_steps(samples: int, batch_size: int) -> int:
    """Keras 1 counted samples (``samples_per_epoch``, ``nb_val_samples``, ``val_samples``);
    Keras 2+ counts batches: ``ceil(samples / batch_size)`` steps see them all."""
    if batch_size <= 0:
        raise ValueError(f"samples_to_steps: batch_size must be positive, got {batch_size}")
    if samples < 0:
        raise ValueError(f"samples_to_steps: samples must be >= 0, got {samples}")
    return -(-int(samples) // int(batch_size))

#: Keras 1 optimizer constructor defaults (keyword names as in Keras 1).
OPTIMIZER_DEFAULTS: dict[str, dict[str, float | bool]] = {
    "SGD": {"lr": 0.01, "momentum": 0.0, "decay": 0.0, "nesterov": False},
    "RMSprop": {"lr": 0.001, "rho": 0.9, "epsilon": 1e-8, "decay": 0.0},
    "Adagrad": {"lr": 0.01, "epsilon": 1e-8, "decay": 0.0},
    "Adadelta": {"lr": 1.0, "rho": 0.95, "epsilon": 1e-8, "decay": 0.0},
    "Adam": {"lr": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-8, "decay": 0.0},
    "Adamax": {"lr": 0.002, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-8, "decay": 0.0},
    "Nadam": {"lr": 0.002, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-8,
              "schedule_decay": 0.004},
}

#: Keras 1 ``optimizer.weights`` order (what a Keras 1 HDF5 file stores as
#: ``optimizer_weights``), as the Keras 3 optimizer slots holding them:
#: "iterations" is the step counter, the others are per-parameter slot lists
#: (read through ``legacy_keras._keras3.optimizer_slots``).
OPTIMIZER_KERAS1_WEIGHTS: dict[str, tuple[str, ...]] = {
    "SGD": ("iterations", "momentums"),
    "RMSprop": ("velocities",),
    "Adagrad": ("accumulators",),
    "Adadelta": ("accumulated_grads", "accumulated_delta_vars"),
    "Adam": ("iterations", "momentums", "velocities"),
    "Adamax": ("iterations", "m", "u"),
    "Nadam": ("iterations", "momentums", "velocities"),
}

#: Lower-case optimizer identifiers Keras 1 accepted in ``compile``.
OPTIMIZER_ALIASES = {name.lower(): name for name in OPTIMIZER_DEFAULTS}

OPTIMIZER_KWARG_RENAMES = {"lr": "learning_rate"}

#: Keras 1 loss names -> canonical Keras 1 function name.
LOSS_ALIASES: dict[str, str] = {
    "mse": "mean_squared_error", "MSE": "mean_squared_error",
    "mae": "mean_absolute_error", "MAE": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error", "MAPE": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error", "MSLE": "mean_squared_logarithmic_error",
    "kld": "kullback_leibler_divergence", "KLD": "kullback_leibler_divergence",
    "cosine": "cosine_proximity",
}

#: Metric names Keras 1.2 had and Keras 2.0 removed (batch-wise versions).
REMOVED_METRICS = ("precision", "recall", "fbeta_score", "fmeasure", "fscore",
                   "f1score", "matthews_correlation")

#: Keras 1 metric aliases -> canonical metric function name (loss aliases
#: in ``LOSS_ALIASES`` apply to metrics too, except the KLD ones).
METRIC_ALIASES: dict[str, str] = {"fscore": "fmeasure", "f1score": "fmeasure"}

#: Keras 1 initializer names -> Keras 3 initializer identifiers (same formula
#: unless noted in ``INITIALIZER_NOTES``).
INITIALIZER_NAMES: dict[str, str] = {
    "uniform": "random_uniform",  # U(-0.05, 0.05)
    "normal": "random_normal",  # N(0, 0.05)
    "zero": "zeros",
    "one": "ones",
    "identity": "identity",
    "orthogonal": "orthogonal",  # Keras 1 gain 1.1
    "glorot_uniform": "glorot_uniform",
    "glorot_normal": "glorot_normal",  # Keras 1: untruncated
    "he_uniform": "he_uniform",
    "he_normal": "he_normal",  # Keras 1: untruncated
    "lecun_uniform": "lecun_uniform",
}

#: Keras 1 initializer name -> (Keras 3 initializer class, kwargs) with the
#: Keras 1 formula: glorot_normal/he_normal untruncated, orthogonal gain 1.1.
#: Fans follow Keras 1 (``legacy_keras.initializations.VarianceScaling``).
INITIALIZER_KERAS3: dict[str, tuple[str, dict]] = {
    "uniform": ("RandomUniform", {"minval": -0.05, "maxval": 0.05}),
    "normal": ("RandomNormal", {"mean": 0.0, "stddev": 0.05}),
    "zero": ("Zeros", {}),
    "one": ("Ones", {}),
    "identity": ("Identity", {"gain": 1.0}),
    "orthogonal": ("Orthogonal", {"gain": 1.1}),
    "lecun_uniform": ("VarianceScaling", {"scale": 1.0, "mode": "fan_in", "distribution": "uniform"}),
    "glorot_uniform": ("VarianceScaling", {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform"}),
    "glorot_normal": ("VarianceScaling", {"scale": 1.0, "mode": "fan_avg",
                                          "distribution": "untruncated_normal"}),
    "he_uniform": ("VarianceScaling", {"scale": 2.0, "mode": "fan_in", "distribution": "uniform"}),
    "he_normal": ("VarianceScaling", {"scale": 2.0, "mode": "fan_in",
                                      "distribution": "untruncated_normal"}),
}

#: Keras 1 fans of layers whose Keras 3 kernel layout hides them:
#: (input_axes, output_axes) of the Keras 3 kernel.  Keras 1 Convolution1D
#: kernel (k, 1, in, out) was read with 'th' fans: fan_in = in*out,
#: fan_out = k*in*out; the Keras 3 kernel is (k, in, out).
INITIALIZER_FAN_AXES: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "Convolution1D": ((1, 2), (0, 1, 2)),
    "AtrousConvolution1D": ((1, 2), (0, 1, 2)),
    # Keras 1 Deconvolution2D (F, C_in, r, c) ['th'] / (r, c, C_in, F) ['tf']:
    # fan_in = C_in*r*c, fan_out = F*r*c; the Keras 3 kernel is (r, c, F, C_in).
    "Deconvolution2D": ((0, 1, 3), (0, 1, 2)),
}

#: Keras 1 regularizer and constraint helper names -> Keras 3 names.
REGULARIZER_NAMES = {"l1": "l1", "l2": "l2", "l1l2": "l1_l2",
                     "activity_l1": "l1", "activity_l2": "l2", "activity_l1l2": "l1_l2",
                     "WeightRegularizer": "L1L2", "ActivityRegularizer": "L1L2",
                     "L1L2Regularizer": "L1L2"}
CONSTRAINT_NAMES = {"maxnorm": "MaxNorm", "nonneg": "NonNeg", "unitnorm": "UnitNorm"}
CONSTRAINT_KWARG_RENAMES = {"m": "max_value", "low": "min_value", "high": "max_value"}

#: Keras 3 optimizer defaults (keyword names as in Keras 3) for the arguments
#: whose Keras 1 default differs: the codemod writes the Keras 1 value out.
KERAS3_OPTIMIZER_DEFAULTS: dict[str, dict[str, float]] = {
    "SGD": {"learning_rate": 0.01},
    "RMSprop": {"learning_rate": 0.001, "epsilon": 1e-7},
    "Adagrad": {"learning_rate": 0.001, "epsilon": 1e-7, "initial_accumulator_value": 0.1},
    "Adadelta": {"learning_rate": 0.001, "epsilon": 1e-7},
    "Adam": {"learning_rate": 0.001, "epsilon": 1e-7},
    "Adamax": {"learning_rate": 0.001, "epsilon": 1e-7},
    "Nadam": {"learning_rate": 0.001, "epsilon": 1e-7},
}

#: Keras 1 values Keras 3 has no default for (Keras 1 Adagrad's accumulator starts at 0).
KERAS1_OPTIMIZER_EXTRA_DEFAULTS: dict[str, dict[str, float]] = {
    "Adagrad": {"initial_accumulator_value": 0.0},
}

"""Training time of legacy_keras models vs the same models written for Keras 3.

    python bench/bench_runtime.py [--rounds 5] [--epochs 2] [--models mlp,cnn,lstm] [--threads N]

Builds an MLP, a CNN and an LSTM twice — once through the Keras 1 API of
legacy_keras, once in plain Keras 3 as a Keras 3 user writes it (same layer
sizes; the LSTM with Keras 3's built-in ``'hard_sigmoid'`` recurrent activation,
RMSprop with epsilon 1e-8) — and times ``fit`` on the same data.  The legacy
LSTM computes Keras 1's hard sigmoid, a different formula, so this also prices
that formula.  Runs are interleaved (legacy, plain, plain, legacy ...) so
machine noise hits both sides alike; the table reports medians and their ratio
(target, issue 14: legacy/plain <= 1.05).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import keras  # noqa: E402

import legacy_keras.layers as K1  # noqa: E402
from legacy_keras import models as k1_models  # noqa: E402
from legacy_keras import optimizers as k1_optimizers  # noqa: E402

SAMPLES = 2048
BATCH = 64
TARGET = 1.05


def data(kind: str) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    shapes = {"mlp": (SAMPLES, 784), "cnn": (SAMPLES, 28, 28, 1), "lstm": (SAMPLES, 30, 32)}
    x = rng.random(shapes[kind], dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, SAMPLES)]
    return x, y


def legacy_model(kind: str):
    """The model as a Keras 1 script writes it."""
    model = k1_models.Sequential()
    if kind == "mlp":
        model.add(K1.Dense(512, input_dim=784, activation="relu"))
        model.add(K1.Dropout(0.2))
        model.add(K1.Dense(512, activation="relu"))
        model.add(K1.Dense(10, activation="softmax"))
    elif kind == "cnn":
        model.add(K1.Convolution2D(32, 3, 3, border_mode="same", activation="relu",
                                   input_shape=(28, 28, 1), dim_ordering="tf"))
        model.add(K1.MaxPooling2D(pool_size=(2, 2), dim_ordering="tf"))
        model.add(K1.Convolution2D(64, 3, 3, activation="relu", dim_ordering="tf"))
        model.add(K1.Flatten())
        model.add(K1.Dense(10, activation="softmax"))
    else:
        model.add(K1.LSTM(64, input_shape=(30, 32)))
        model.add(K1.Dense(10, activation="softmax"))
    model.compile(optimizer=k1_optimizers.RMSprop(), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def plain_model(kind: str) -> keras.Model:
    """The same model written directly for Keras 3."""
    layers = keras.layers
    if kind == "mlp":
        stack = [keras.Input((784,)), layers.Dense(512, activation="relu"), layers.Dropout(0.2),
                 layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax")]
    elif kind == "cnn":
        stack = [keras.Input((28, 28, 1)),
                 layers.Conv2D(32, (3, 3), padding="same", activation="relu"),
                 layers.MaxPooling2D((2, 2)), layers.Conv2D(64, (3, 3), activation="relu"),
                 layers.Flatten(), layers.Dense(10, activation="softmax")]
    else:
        stack = [keras.Input((30, 32)),
                 layers.LSTM(64, recurrent_activation="hard_sigmoid"),
                 layers.Dense(10, activation="softmax")]
    model = keras.Sequential(stack)
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.001, epsilon=1e-8),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def time_fit(model, x, y, epochs: int, legacy: bool) -> tuple[float, float]:
    """Wall and process CPU seconds of one ``fit``.

    CPU time is the cross-check on a shared machine: waiting for a core that
    another job holds adds wall time but no CPU time.
    """
    start, start_cpu = time.perf_counter(), time.process_time()
    if legacy:
        model.fit(x, y, batch_size=BATCH, nb_epoch=epochs, verbose=0)
    else:
        model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0)
    return time.perf_counter() - start, time.process_time() - start_cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--models", default="mlp,cnn,lstm")
    parser.add_argument("--threads", type=int, default=0,
                        help="TensorFlow intra/inter-op threads (0: TensorFlow's default); 1 steadies "
                             "the ratio on a machine shared with other jobs")
    args = parser.parse_args(argv)
    if args.threads:
        import tensorflow as tf
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    device = "GPU" if keras.config.backend() == "tensorflow" and __import__(
        "tensorflow").config.list_physical_devices("GPU") else "CPU"
    print(f"# legacy_keras vs plain Keras 3 training time ({device}, {SAMPLES} samples, "
          f"batch {BATCH}, {args.epochs} epochs, {args.rounds} interleaved rounds"
          f"{f', {args.threads} thread(s)' if args.threads else ''})")
    print(f"{'model':6} {'legacy s':>9} {'plain s':>9} {'ratio':>7} {'cpu ratio':>10}  target <= {TARGET}")
    worst = 0.0
    for kind in args.models.split(","):
        x, y = data(kind)
        legacy, plain = legacy_model(kind), plain_model(kind)
        time_fit(legacy, x[:BATCH * 2], y[:BATCH * 2], 1, True)  # trace/compile once
        time_fit(plain, x[:BATCH * 2], y[:BATCH * 2], 1, False)
        legacy_times, plain_times = [], []
        for round_index in range(args.rounds):
            # ABBA order: whichever side runs first in a round does not always win.
            order = (True, False) if round_index % 2 == 0 else (False, True)
            for is_legacy in order:
                model, times = (legacy, legacy_times) if is_legacy else (plain, plain_times)
                times.append(time_fit(model, x, y, args.epochs, is_legacy))
        legacy_median = statistics.median(t for t, _ in legacy_times)
        plain_median = statistics.median(t for t, _ in plain_times)
        cpu_ratio = (statistics.median(c for _, c in legacy_times)
                     / statistics.median(c for _, c in plain_times))
        ratio = legacy_median / plain_median
        worst = max(worst, ratio)
        print(f"{kind:6} {legacy_median:9.3f} {plain_median:9.3f} {ratio:7.3f} {cpu_ratio:10.3f}")
        sys.stdout.flush()
    print(f"worst ratio {worst:.3f}: {'OK' if worst <= TARGET else 'ABOVE TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

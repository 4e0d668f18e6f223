"""Per-call latency of legacy_keras predict/evaluate on one-batch inputs vs plain Keras 3.

    python bench/bench_latency.py [--calls 200] [--rounds 5]

Keras 1 scripts call ``model.predict(x)`` on one sample inside loops (text
generation, reinforcement-learning agents, GAN sampling); Keras 1.2.2 answered
in about a millisecond.  Keras 3's ``predict`` builds a data pipeline per call
(tens of milliseconds); its ``predict_on_batch`` does not.  Issue 14.10's
target: legacy ``predict``, ``predict_proba``, ``predict_classes``,
``evaluate`` and ``test_on_batch`` on inputs that fit in one batch cost at
most 1.5x plain Keras 3's ``predict_on_batch`` on the same model and input.

The same weights are used on both sides (plain Keras 3 models are built with
the same layers and get the legacy model's weights), every measured call is
warmed up first, and the rounds are interleaved (each round times every row
once, in an order that alternates) so machine noise hits all rows alike.  The
table reports the median per-call time and its ratio to plain
``predict_on_batch``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from typing import Callable

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import keras  # noqa: E402

import legacy_keras.layers as K1  # noqa: E402
from legacy_keras import models as k1_models  # noqa: E402

TARGET = 1.5


def models(kind: str) -> tuple[object, keras.Model, np.ndarray, np.ndarray]:
    """(legacy model, plain Keras 3 model with the same weights, x, y) for one sample."""
    rng = np.random.default_rng(0)
    legacy = k1_models.Sequential()
    if kind == "lstm":
        legacy.add(K1.LSTM(128, input_shape=(20, 40)))
        legacy.add(K1.Dense(40, activation="softmax"))
        x = rng.random((1, 20, 40), dtype=np.float32)
        plain = keras.Sequential([keras.Input((20, 40)),
                                  keras.layers.LSTM(128, recurrent_activation="hard_sigmoid"),
                                  keras.layers.Dense(40, activation="softmax")])
    else:
        legacy.add(K1.Dense(256, input_dim=64, activation="relu"))
        legacy.add(K1.Dense(10, activation="softmax"))
        x = rng.random((1, 64), dtype=np.float32)
        plain = keras.Sequential([keras.Input((64,)), keras.layers.Dense(256, activation="relu"),
                                  keras.layers.Dense(10, activation="softmax")])
    y = np.eye(legacy.output_shape[-1], dtype=np.float32)[[0]]
    legacy.compile("rmsprop", "categorical_crossentropy", metrics=["accuracy"])
    plain.compile("rmsprop", "categorical_crossentropy", metrics=["accuracy"])
    plain.set_weights(legacy.get_weights())
    return legacy, plain, x, y


def rows(legacy, plain, x, y) -> dict[str, Callable[[], object]]:
    return {
        "keras3 predict_on_batch": lambda: plain.predict_on_batch(x),
        "keras3 predict": lambda: plain.predict(x, verbose=0),
        "keras3 test_on_batch": lambda: plain.test_on_batch(x, y),
        "keras3 predict_on_batch, legacy graph": lambda: keras.Model.predict_on_batch(legacy, x),
        "legacy predict": lambda: legacy.predict(x),
        "legacy predict_proba(verbose=0)": lambda: legacy.predict_proba(x, verbose=0),
        "legacy predict_classes(verbose=0)": lambda: legacy.predict_classes(x, verbose=0),
        "legacy evaluate(verbose=0)": lambda: legacy.evaluate(x, y, verbose=0),
        "legacy test_on_batch": lambda: legacy.test_on_batch(x, y),
        "legacy predict_on_batch": lambda: legacy.predict_on_batch(x),
    }


def same_numbers(legacy, x, y) -> bool:
    """Legacy one-batch calls give what Keras 3's own predict/evaluate give on that model."""
    expected = keras.Model.predict(legacy, x, verbose=0)
    evaluated = keras.Model.evaluate(legacy, x, y, verbose=0)
    return (np.array_equal(legacy.predict(x), expected)
            and np.array_equal(legacy.predict_classes(x, verbose=0), expected.argmax(-1))
            and np.allclose(legacy.evaluate(x, y, verbose=0), evaluated, rtol=0, atol=0)
            and np.allclose(legacy.test_on_batch(x, y), evaluated, rtol=0, atol=0))


def measure(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def run(kind: str, calls: int, rounds: int) -> list[tuple[str, float]]:
    legacy, plain, x, y = models(kind)
    table = rows(legacy, plain, x, y)
    for fn in table.values():  # warm up: trace every function once
        for _ in range(3):
            fn()
    times: dict[str, list[float]] = {name: [] for name in table}
    names = list(table)
    for round_index in range(rounds):
        order = names if round_index % 2 == 0 else names[::-1]
        for name in order:
            n = max(3, calls // 50) if name == "keras3 predict" else calls
            times[name].append(measure(table[name], n))
    print(f"{kind}: same numbers as Keras 3's predict/evaluate: {same_numbers(legacy, x, y)}")
    return [(name, statistics.median(values)) for name, values in times.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="calls per timing")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--models", default="lstm,mlp", help="comma-separated: lstm, mlp")
    args = parser.parse_args(argv)
    failed = False
    for kind in args.models.split(","):
        results = run(kind, args.calls, args.rounds)
        base = dict(results)["keras3 predict_on_batch"]
        print(f"{'call (' + kind + ', 1 sample)':40s} {'ms/call':>9s} {'x keras3 pob':>13s}")
        for name, seconds in results:
            ratio = seconds / base
            mark = ""
            if name.startswith("legacy") and name != "legacy predict_on_batch":
                mark = "  ok" if ratio <= TARGET else "  SLOW"
                failed |= ratio > TARGET
            print(f"{name:40s} {seconds * 1e3:9.3f} {ratio:13.2f}{mark}")
        print()
    print(f"target: legacy one-batch calls <= {TARGET}x keras3 predict_on_batch")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: one ``legacy-migrate`` process vs bare libcst parse+print of the same files.

Generates ~30 Keras 1 scripts (~5k lines) in a temporary directory, then times,
in the same run and interleaved (best and median of N):

* ``legacy-migrate --check DIR`` as a subprocess (its default ``--jobs``),
* a subprocess that only does ``libcst.parse_module(text).code`` for each file,
* for information, ``legacy-migrate --check -j <cores> DIR`` (a pool forced).

Every side is a fresh process (interpreter start-up and imports included) over
the same files.  CPU time (user + sys of the process and any workers it starts)
is the steady figure on a shared machine; wall time is what a user waits and
depends on free cores.  Prints a table and the ratios; the target is
legacy-migrate >= 70 % of libcst's throughput, judged on the CPU time of the
default invocation as the median of the per-round ratios (both sides run back to
back in each round, so a round's ratio cancels the load of the moment; on these
shared machines a ratio of the two best runs moves by +-5 points run to run).
``--check`` must report changes (exit 1): a run that rewrote nothing would prove
nothing.
Usage: ``python bench/bench_migrate.py [--files 30] [--repeat 5] [--jobs N]``.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATE = '''"""Generated Keras 1 script {i}."""
import numpy as np
from keras.models import Sequential, Model
from keras.layers.core import Dense, Dropout, Activation, Flatten
from keras.layers.convolutional import Convolution2D, MaxPooling2D
from keras.layers.recurrent import LSTM, GRU
from keras.layers import Input, merge
from keras.optimizers import SGD
from keras.utils import np_utils
from keras import backend as K

'''

BLOCK = '''
def build_{i}_{j}(nb_classes=10):
    model = Sequential()
    model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(1, 28, 28), dim_ordering='th'))
    model.add(Activation('relu'))
    model.add(MaxPooling2D(pool_size=(2, 2), dim_ordering='th'))
    model.add(Dropout(0.25))
    model.add(Flatten())
    model.add(Dense(128, init='uniform'))
    model.add(Dense(nb_classes, activation='softmax'))
    sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
    model.compile(loss='categorical_crossentropy', optimizer=sgd, metrics=['accuracy'])
    return model


def recurrent_{i}_{j}():
    a = Input(shape=(10, 8))
    b = Input(shape=(10, 8))
    x = merge([LSTM(16)(a), GRU(16)(b)], mode='concat', concat_axis=-1)
    model = Model(input=[a, b], output=Dense(1)(x))
    return model


def train_{i}_{j}(X, y, model):
    Y = np_utils.to_categorical(y, nb_classes=10)
    if K.image_dim_ordering() == 'th':
        X = X.reshape(X.shape[0], 1, 28, 28)
    history = model.fit(X, Y, batch_size=128, nb_epoch=12, verbose=1)
    # a plain helper that is not Keras at all
    total = 0
    for value in range(10):
        total += value * 2
    return history.history['acc'], total
'''


def generate(directory: Path, files: int, blocks: int) -> int:
    lines = 0
    for i in range(files):
        text = TEMPLATE.format(i=i) + "".join(BLOCK.format(i=i, j=j) for j in range(blocks))
        (directory / f"script_{i:03d}.py").write_text(text)
        lines += text.count("\n")
    return lines


LIBCST_ONLY = """
import sys, pathlib, libcst
for p in sorted(pathlib.Path(sys.argv[1]).glob('*.py')):
    text = p.read_text()
    assert libcst.parse_module(text).code == text
"""


def _time(cmd: list[str], expect: tuple[int, ...]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in expect:
        raise SystemExit(f"{cmd} exited {proc.returncode}, expected {expect}: {proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=0, help="legacy-migrate -j (default: its own default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        lines = generate(directory, args.files, args.blocks)
        migrate_cmd = [sys.executable, "-m", "migrate.cli", "--check", "-q", str(directory)]
        if args.jobs:
            migrate_cmd[3:3] = ["-j", str(args.jobs)]
        libcst_cmd = [sys.executable, "-c", LIBCST_ONLY, str(directory)]
        cores = os.cpu_count() or 1
        pool_cmd = migrate_cmd[:3] + ["-j", str(cores)] + migrate_cmd[3:]
        t_migrate, t_libcst, t_pool = [], [], []
        for _ in range(args.repeat):  # interleaved: all see the same machine load
            t_libcst.append(_time(libcst_cmd, (0,)))
            t_migrate.append(_time(migrate_cmd, (1,)))
            if cores > 1 and not args.jobs:
                t_pool.append(_time(pool_cmd, (1,)))
        print(f"{args.files} Keras 1 scripts, {lines} lines; best (median) of {args.repeat}, start-up included, "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
        print(f"{'tool':<26}{'wall s':>15}{'CPU s':>15}{'lines/s (CPU)':>15}")
        rows = [("libcst parse+print", t_libcst), ("legacy-migrate --check", t_migrate)]
        if t_pool:  # for information: a process pool forced on this small run
            rows.append((f"  same, -j {cores} (forced)", t_pool))
        best: dict[str, tuple[float, float]] = {}
        for name, runs in rows:
            wall = [w for w, _ in runs]
            cpu = [c for _, c in runs]
            best[name] = (min(wall), min(cpu))
            print(f"{name:<26}{min(wall):>7.3f} ({statistics.median(wall):.3f}){min(cpu):>7.3f} "
                  f"({statistics.median(cpu):.3f}){lines / min(cpu):>15.0f}")
        (lw, lc), (mw, mc) = best["libcst parse+print"], best["legacy-migrate --check"]
        ratio_cpu, ratio_wall = lc / mc, lw / mw
        # each round runs both sides back to back: the ratio within a round cancels the load the
        # machine had then, and the median of the rounds is steadier than a ratio of two bests
        paired = statistics.median(b[1] / m[1] for b, m in zip(t_libcst, t_migrate))
        verdict = "meets" if paired >= 0.70 else "MISSES"
        print(f"legacy-migrate throughput = {paired:.0%} of libcst's by CPU time (median of {args.repeat} "
              f"paired rounds; target >= 70%: {verdict}); best against best: {ratio_cpu:.0%} by CPU time, "
              f"{ratio_wall:.0%} by wall time")
        if t_pool:
            pw, pc = best[f"  same, -j {cores} (forced)"]
            print(f"with -j {cores} forced: {lc / pc:.0%} by CPU time, {lw / pw:.0%} by wall time (a pool costs "
                  f"CPU and pays off in wall time only when cores are free)")


if __name__ == "__main__":
    main()

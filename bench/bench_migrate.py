"""Benchmark: one ``legacy-migrate`` process vs bare libcst parse+print of the same files.

Generates ~30 Keras 1 scripts (~5k lines) in a temporary directory, then times,
in the same run and interleaved (best of N):

* ``legacy-migrate --check DIR`` as a subprocess (start-up included, all cores),
* a subprocess that only does ``libcst.parse_module(text).code`` for each file.

Prints a table and the ratio (target: legacy-migrate >= 70 % of libcst's
throughput).  Usage: ``python bench/bench_migrate.py [--files 30] [--repeat 3]``.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import os
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


def _time(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed: {proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        lines = generate(directory, args.files, args.blocks)
        migrate_cmd = [sys.executable, "-m", "migrate.cli", "--check", "-q", str(directory)]
        libcst_cmd = [sys.executable, "-c", LIBCST_ONLY, str(directory)]
        t_migrate, t_libcst = [], []
        for _ in range(args.repeat):  # interleaved: both see the same machine load
            t_libcst.append(_time(libcst_cmd))
            t_migrate.append(_time(migrate_cmd))
        best_m, best_l = min(t_migrate), min(t_libcst)
        print(f"{args.files} Keras 1 scripts, {lines} lines; best of {args.repeat}, start-up included, "
              f"{os.cpu_count()} cores")
        print(f"{'tool':<28}{'wall s':>9}{'CPU s':>9}{'lines/s (wall)':>16}")
        print(f"{'libcst parse+print':<28}{best_l[0]:>9.3f}{best_l[1]:>9.3f}{lines / best_l[0]:>16.0f}")
        print(f"{'legacy-migrate --check':<28}{best_m[0]:>9.3f}{best_m[1]:>9.3f}{lines / best_m[0]:>16.0f}")
        print(f"legacy-migrate throughput = {best_l[0] / best_m[0]:.0%} of libcst's by wall time "
              f"(target >= 70%), {best_l[1] / best_m[1]:.0%} by CPU time")


if __name__ == "__main__":
    main()

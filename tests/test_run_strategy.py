"""``legacy-run --strategy``: an unchanged Keras 1 script trains data-parallel under tf.distribute.

MirroredStrategy over two logical CPU devices (``LEGACY_KERAS_CPU_DEVICES=2``) must give
the single-device losses within float tolerance for ``fit``, ``train_on_batch``,
``fit_generator``, ``evaluate`` and ``predict``.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import FIXTURES, REPO

SCRIPT = FIXTURES / "scripts_distribute" / "keras1_training_calls.py"


def legacy_run(*args: str, env_extra: dict | None = None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.update(env_extra or {})
    result = subprocess.run([sys.executable, "-m", "legacy_keras", *args, str(SCRIPT)], env=env,
                            capture_output=True, text=True, timeout=600, cwd=SCRIPT.parent)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_same_training(single: dict, parallel: dict) -> None:
    for key in ("fit", "tob", "gen", "eval", "pred"):
        np.testing.assert_allclose(parallel[key], single[key], rtol=1e-5, atol=1e-6, err_msg=key)


@pytest.mark.slow
def test_mirrored_over_two_logical_cpus_matches_one_device():
    single = legacy_run()
    assert single["replicas"] == 1
    parallel = legacy_run("--strategy", "mirrored", env_extra={"LEGACY_KERAS_CPU_DEVICES": "2"})
    assert parallel["replicas"] == 2 and parallel["model_replicas"] == 2  # models built in scope
    assert_same_training(single, parallel)


@pytest.mark.slow
def test_multi_worker_reads_tf_config():
    """A one-worker cluster: two workers hit a Keras 3.15 limit with NumPy input (see README)."""
    with socket.socket() as probe:  # a free loopback port for the one-worker cluster
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tf_config = {"cluster": {"worker": [f"127.0.0.1:{port}"]}, "task": {"type": "worker", "index": 0}}
    single = legacy_run()
    worker = legacy_run("--strategy=multi-worker", env_extra={"TF_CONFIG": json.dumps(tf_config)})
    assert worker["model_replicas"] == 1
    assert_same_training(single, worker)

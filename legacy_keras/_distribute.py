"""``legacy-run --strategy``: run an unchanged Keras 1 script data-parallel with tf.distribute.

The whole script runs inside ``strategy.scope()``.  Keras 3 (TensorFlow backend) records
the strategy in scope when a model is created, so every model the script builds, the
optimizer state and ``K.variable``s are mirrored, and ``fit``/``fit_generator``/
``train_on_batch``/``evaluate``/``predict`` split each batch across the replicas and
all-reduce the gradients.  Keras 1 had no such thing; nothing in the script changes.

* ``mirrored``: one machine, every visible GPU (or, without a GPU, the CPU's logical
  devices: ``LEGACY_KERAS_CPU_DEVICES=2`` splits the CPU in two, which is how the tests
  run it);
* ``multi-worker``: ``MultiWorkerMirroredStrategy`` over the cluster described by
  ``TF_CONFIG`` (start the same command on every worker, each with its own ``task``).
"""
from __future__ import annotations

import os
from typing import Any

STRATEGIES = ("mirrored", "multi-worker")
CPU_DEVICES_ENV = "LEGACY_KERAS_CPU_DEVICES"


class StrategyError(ValueError):
    """A ``--strategy`` that cannot be set up; its message is one line for the user."""


def _split_cpu(tf: Any) -> None:
    value = os.environ.get(CPU_DEVICES_ENV, "").strip()
    if not value:
        return
    try:
        count = int(value)
    except ValueError:
        raise StrategyError(f"{CPU_DEVICES_ENV}={value!r}: expected a number of logical CPU devices") from None
    if count < 1:
        raise StrategyError(f"{CPU_DEVICES_ENV}={value!r}: expected at least 1")
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(count)])


def make_strategy(name: str) -> Any:
    """The ``tf.distribute`` strategy named by ``--strategy`` (created before any model)."""
    if name not in STRATEGIES:
        raise StrategyError(f"--strategy {name!r}: expected one of {', '.join(STRATEGIES)}")
    import tensorflow as tf
    _split_cpu(tf)
    if name == "multi-worker":
        if not os.environ.get("TF_CONFIG"):
            raise StrategyError("--strategy multi-worker needs TF_CONFIG (the cluster and this "
                                "worker's task), see the README")
        return tf.distribute.MultiWorkerMirroredStrategy()
    if tf.config.list_logical_devices("GPU"):
        return tf.distribute.MirroredStrategy()
    cpus = [device.name for device in tf.config.list_logical_devices("CPU")]
    # NCCL all-reduce is GPU-only; on CPU replicas reduce through one device.
    return tf.distribute.MirroredStrategy(devices=cpus,
                                          cross_device_ops=tf.distribute.ReductionToOneDevice())

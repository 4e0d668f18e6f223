"""Keras 1 initializations against statistics of the genuine Keras 1.2.2's values.

Random initial values cannot match draw for draw (Theano RNG), so the oracle
recorded mean / std / max|w| of large draws; deterministic initializers
(identity, zero, one, orthogonal's singular values) are compared exactly.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras
from legacy_keras import initializations, initializers  # noqa: E402
from legacy_keras.spec.training import INITIALIZER_FAN_AXES  # noqa: E402

ORACLE = FIXTURES / "oracle" / "training"
META = json.loads((ORACLE / "initializations.json").read_text())
ARRAYS = np.load(ORACLE / "initializations.npz")

#: Keras 1 weight shape (in the oracle case) -> the Keras 3 kernel shape a layer builds
KERAS3_SHAPES = {
    "glorot_uniform_conv_th": ((3, 3, 16, 32), {}),  # K1 'th' (32, 16, 3, 3)
    "glorot_uniform_conv1d": ((3, 16, 32), dict(zip(("input_axes", "output_axes"),
                                                    INITIALIZER_FAN_AXES["Convolution1D"]))),
}


@pytest.fixture(autouse=True)
def _seeded():
    """Draws are compared statistically; a fixed seed keeps the run reproducible."""
    keras.utils.set_random_seed(1234)


def _check_stats(values, case):
    mean, std, max_abs = ARRAYS[f"init/{case}/stats"]
    values = np.asarray(values, dtype="float64")
    assert abs(values.mean()) < 6 * std / np.sqrt(values.size) + 1e-3 * std
    # two independent std estimates: relative standard error about 1/sqrt(N)
    assert values.std() == pytest.approx(std, rel=max(0.02, 4 / np.sqrt(values.size)))
    if "normal" in META[case]["name"]:
        # untruncated: extremes well beyond 2 std, like Keras 1's draw
        assert np.abs(values).max() / values.std() > 0.75 * max_abs / std
    else:
        assert np.abs(values).max() == pytest.approx(max_abs, rel=0.01)
        assert np.abs(values).max() <= max_abs * 1.001


@pytest.mark.parametrize("case", sorted(META))
def test_layer_initializer_statistics(case):
    """``get(name)`` as a Keras 3 layer calls it (Keras 3 kernel layout)."""
    name, kwargs = META[case]["name"], dict(META[case]["kwargs"])
    shape, get_kwargs = KERAS3_SHAPES.get(case, (tuple(META[case]["shape"]), {}))
    kwargs.pop("dim_ordering", None)
    if kwargs:  # scale= variants exist only in the function API
        pytest.skip("function-API-only argument")
    init = initializations.get(name, **get_kwargs)
    assert isinstance(init, keras.initializers.Initializer)
    _check_stats(keras.ops.convert_to_numpy(init(shape)), case)


@pytest.mark.parametrize("case", sorted(META))
def test_function_api_statistics(case):
    name, kwargs = META[case]["name"], META[case]["kwargs"]
    variable = getattr(initializations, name)(tuple(META[case]["shape"]), name="w", **kwargs)
    assert isinstance(variable, keras.Variable)
    _check_stats(keras.ops.convert_to_numpy(variable), case)


@pytest.mark.parametrize("shape", [(20, 30), (30, 20), (16, 16)])
def test_orthogonal_singular_values(shape):
    expected = ARRAYS["orthogonal/%dx%d/sv" % shape]
    for value in (initializations.get("orthogonal")(shape),
                  initializations.orthogonal(shape)):
        value = keras.ops.convert_to_numpy(value)
        assert value.shape == tuple(ARRAYS["orthogonal/%dx%d/shape" % shape])
        assert_keras1_close(np.linalg.svd(value, compute_uv=False), expected, rtol=1e-5)
    scaled = keras.ops.convert_to_numpy(initializations.orthogonal((10, 10), scale=2.0))
    assert_keras1_close(np.linalg.svd(scaled, compute_uv=False), ARRAYS["orthogonal/scale2/sv"])


def test_deterministic_initializers():
    assert_keras1_close(keras.ops.convert_to_numpy(initializations.get("identity")((4, 4))),
                        ARRAYS["identity/4"])
    assert_keras1_close(keras.ops.convert_to_numpy(initializations.identity((4, 4), scale=3)),
                        ARRAYS["identity/4_scale3"])
    for name in ("zero", "one"):
        expected = ARRAYS[name + "/3x2"]
        assert_keras1_close(keras.ops.convert_to_numpy(initializations.get(name)((3, 2))), expected)
        assert_keras1_close(keras.ops.convert_to_numpy(getattr(initializations, name)((3, 2))),
                            expected)
    with pytest.raises(ValueError, match="square"):
        initializations.identity((3, 4))


def test_keras1_callable_as_layer_init():
    """``init=lambda shape, name: normal(shape, scale=0.01, name=name)`` (Keras 1 idiom)."""
    def my_init(shape, name=None):
        return initializations.normal(shape, scale=0.01, name=name)

    layer = keras.layers.Dense(300, kernel_initializer=initializations.get(
        lambda shape, name: my_init(shape, name=name)))
    layer.build((None, 200))
    _check_stats(keras.ops.convert_to_numpy(layer.kernel), "normal_scale")


def test_keras1_function_object_maps_to_named_initializer():
    init = initializations.get(initializations.glorot_normal)
    assert isinstance(init, keras.initializers.VarianceScaling)
    assert init.distribution == "untruncated_normal"


def test_named_initializers_serialize_as_plain_keras3():
    config = keras.initializers.serialize(initializations.get("he_normal"))
    assert config["module"] == "keras.initializers"
    assert config["class_name"] == "VarianceScaling"
    assert keras.initializers.deserialize(config).get_config()["distribution"] == "untruncated_normal"


def test_per_gate_blocks_differ_and_follow_gate_fans():
    init = initializations.PerGate("glorot_uniform", 4)
    value = keras.ops.convert_to_numpy(init((200, 1200)))
    blocks = np.split(value, 4, axis=1)
    assert not np.allclose(blocks[0], blocks[1])
    # Keras 1 per-gate (200, 300) glorot limit
    assert np.abs(value).max() == pytest.approx(ARRAYS["init/glorot_uniform/stats"][2], rel=0.01)
    clone = keras.initializers.deserialize(keras.initializers.serialize(init))
    assert isinstance(clone, initializations.PerGate) and clone.gates == 4


def test_initializers_alias_and_unknown():
    assert initializers.get is initializations.get
    with pytest.raises(ValueError):
        initializations.get("no_such_init")


def test_numpy_seed_fixes_initial_weights_as_in_keras1(tmp_path):
    """``np.random.seed(1337)  # for reproducibility``: Keras 1 drew every initial weight from
    numpy's global generator, so the same seed gave the same model (oracle facts)."""
    script = FIXTURES / "training" / "numpy_seed_probe.py"
    env = dict(os.environ, PYTHONPATH=str(FIXTURES.parent), KERAS_HOME=str(tmp_path), TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([sys.executable, "-m", "legacy_keras", str(script)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    facts = json.loads(proc.stdout.strip().splitlines()[-1])
    assert facts == json.loads((ORACLE / "numpy_seed.json").read_text())

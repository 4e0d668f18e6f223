"""Genuine Keras 1.2.2 (Theano) files reproduce their Keras 1 outputs in Keras 3.

Fixtures: ``fixtures/keras1_models/`` made by ``fixtures/oracle/make_keras1_models.py``
with the oracle; ``NAME.npz`` holds the inputs and what Keras 1 predicted.
Three paths are checked for every model:

1. ``legacy-convert NAME.h5 NEW.keras`` then ``keras.models.load_model``;
2. ``legacy_keras.models.load_model``;
3. ``model_from_keras1_config(NAME.json)`` + ``load_keras1_weights(NAME_weights.h5)``
   (and ``legacy-convert NAME_weights.h5 NEW.weights.h5 --arch NAME.json``).

Every Keras 1 layer class is implemented: any refusal or wrong number fails.
"""
from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras  # noqa: E402

from legacy_keras.saving import (BackendAssumption, load_keras1_model,  # noqa: E402
                                 load_keras1_weights, model_from_keras1_config)
from legacy_keras.saving.cli import main as convert_main  # noqa: E402

MODELS_DIR = FIXTURES / "keras1_models"
MANIFEST = json.loads((MODELS_DIR / "manifest.json").read_text())
#: Models that only exist to be refused (tested in test_convert_errors.py).
REFUSED = {"lambda_model", "custom_layer"}
MODELS = sorted(name for name in MANIFEST if not name.startswith("_") and name not in REFUSED)
#: Slow to build/predict (recurrent scans): paths 2 and 3 only in the slow run
#: (path 1, the CLI, covers them in the default run).
RECURRENT = {"rnn_cpu", "rnn_gpu", "convlstm", "embed_lstm", "wrappers"}
MODELS_FAST_FIRST = [pytest.param(name, marks=pytest.mark.slow) if name in RECURRENT else name
                     for name in MODELS]


def _io(name: str):
    data = np.load(MODELS_DIR / f"{name}.npz")
    xs = [data[k] for k in sorted(data.files) if k.startswith("x")]
    ys = [data[k] for k in sorted(data.files) if k.startswith("y")]
    return xs, ys


def _predict(model, xs):
    out = model.predict(xs if len(xs) > 1 else xs[0], verbose=0, batch_size=32)
    return out if isinstance(out, list) else [out]


def _check(model, name: str) -> None:
    xs, ys = _io(name)
    outs = _predict(model, xs)
    assert len(outs) == len(ys)
    for out, expected in zip(outs, ys):
        assert_keras1_close(out, expected)


@pytest.mark.parametrize("name", MODELS)
def test_cli_keras_file_loads_in_keras3(name, tmp_path, capsys):
    """legacy-convert OLD.h5 NEW.keras; keras.models.load_model(NEW.keras) predicts like Keras 1."""
    target = tmp_path / f"{name}.keras"
    code = convert_main([str(MODELS_DIR / f"{name}.h5"), str(target), "--source-backend", "theano", "-q"])
    err = capsys.readouterr().err
    assert code == 0, err
    model = keras.models.load_model(target)
    _check(model, name)


@pytest.mark.parametrize("name", MODELS_FAST_FIRST)
def test_runtime_load_model(name):
    """legacy_keras.models.load_model on the model.save file."""
    from legacy_keras.models import load_model
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = load_model(str(MODELS_DIR / f"{name}.h5"), source_backend="theano")
    _check(model, name)


@pytest.mark.parametrize("name", MODELS_FAST_FIRST)
def test_json_plus_weights(name):
    """model_from_keras1_config(to_json) + load_keras1_weights(save_weights file)."""
    model = model_from_keras1_config((MODELS_DIR / f"{name}.json").read_text(),
                                     source_backend="theano")
    load_keras1_weights(model, MODELS_DIR / f"{name}_weights.h5", source_backend="theano")
    _check(model, name)


@pytest.mark.parametrize("name", ["mlp", "nested", "th_convnet", "functional_merge", "rnn_cpu"])
def test_cli_weights_file_with_arch(name, tmp_path, capsys):
    """legacy-convert W.h5 NEW.weights.h5 --arch ARCH.json; load_weights into the same architecture."""
    target = tmp_path / f"{name}.weights.h5"
    code = convert_main([str(MODELS_DIR / f"{name}_weights.h5"), str(target),
                         "--arch", str(MODELS_DIR / f"{name}.json"), "--source-backend", "theano", "-q"])
    err = capsys.readouterr().err
    assert code == 0, err
    from legacy_keras.saving.config import build_model
    model = build_model((MODELS_DIR / f"{name}.json").read_text(), theano=True).model
    model.load_weights(target)
    _check(model, name)


def test_weights_file_into_runtime_model(tmp_path, capsys):
    """The converted .weights.h5 also loads into the Keras 1 API model (legacy_keras.models)."""
    target = tmp_path / "nested.weights.h5"
    assert convert_main([str(MODELS_DIR / "nested_weights.h5"), str(target), "--arch",
                         str(MODELS_DIR / "nested.json"), "-q"]) == 0
    model = model_from_keras1_config((MODELS_DIR / "nested.json").read_text())
    model.load_weights(target)  # once recursed in Keras 3's saving walk: must simply work
    _check(model, "nested")


def test_runtime_public_load_model_delegates():
    """``legacy_keras.models.load_model`` opens a Keras 1 file (engine helper's delegation)."""
    from legacy_keras import models
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = models.load_model(str(MODELS_DIR / "nested.h5"))
    _check(model, "nested")


def test_backend_from_weight_names_is_not_announced_as_a_guess():
    """No source_backend: Theano's plain weight names decide; nothing is guessed, nothing warned."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = load_keras1_model(str(MODELS_DIR / "bn_th.h5"))
    assert not [w for w in caught if issubclass(w.category, BackendAssumption)]
    _check(model, "bn_th")


def test_tf_ordered_theano_model_right_by_default_wrong_when_forced_tensorflow():
    """A tf-ordered Theano-trained convnet: the weight names say Theano (no 'th' anywhere);
    forcing TensorFlow gives other numbers, so the evidence is what makes it right."""
    path = str(MODELS_DIR / "tf_convnet_theano.h5")
    default = load_keras1_model(path)
    forced = load_keras1_model(path, source_backend="tensorflow")
    xs, ys = _io("tf_convnet_theano")
    _check(default, "tf_convnet_theano")
    assert np.max(np.abs(_predict(forced, xs)[0] - ys[0])) > 1e-3


def test_training_config_restored_or_noted():
    """The Keras 1 optimizer/loss come back when legacy_keras knows them; else a one-line note."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = load_keras1_model(str(MODELS_DIR / "mlp.h5"))
    messages = [str(w.message) for w in caught]
    assert not any("optimizer state" in m for m in messages), messages
    if any("training configuration not restored" in m for m in messages):
        assert model.optimizer is None or not model.compiled
    else:
        assert model.compiled
        assert "adam" in type(model.optimizer).__name__.lower()
        lr = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
        assert abs(lr - 0.01) < 1e-6


def test_custom_layer_supplied_via_custom_objects():
    """An unknown Keras 1 class works when the user supplies a Keras 3 class for it."""

    class Scale(keras.layers.Layer):
        def call(self, x):
            return x * 2.0

    model = load_keras1_model(str(MODELS_DIR / "custom_layer.h5"), custom_objects={"Scale": Scale})
    _check(model, "custom_layer")


def test_lambda_supplied_via_custom_objects():
    """Lambda bytecode is never executed; the user's function (keyed by layer name) replaces it."""
    config = json.loads((MODELS_DIR / "lambda_model.json").read_text())
    name = config["config"][1]["config"]["name"]
    model = load_keras1_model(str(MODELS_DIR / "lambda_model.h5"),
                              custom_objects={name: lambda x: x * 2.0})
    _check(model, "lambda_model")


@pytest.mark.parametrize("name,plain", [("bn_tf", True),
                                        pytest.param("advanced", True, marks=pytest.mark.slow)])
def test_converted_file_in_a_fresh_process(name, plain, tmp_path, capsys):
    """1:1 layers, and the layers Keras 3 dropped (rewritten into built-in ones), give a
    .keras that plain Keras 3 opens without legacy_keras; a file that keeps legacy objects
    would need ``import legacy_keras.saving.objects`` first, and the CLI would say so."""
    import subprocess
    import sys
    target = tmp_path / f"{name}.keras"
    assert convert_main([str(MODELS_DIR / f"{name}.h5"), str(target)]) == 0
    err = capsys.readouterr().err
    assert ("legacy_keras.saving.objects" in err) != plain, err
    xs, ys = _io(name)
    np.save(tmp_path / "x.npy", xs[0])
    script = ("import sys, numpy as np, keras\n"
              + ("" if plain else "import legacy_keras.saving.objects\n")
              + f"m = keras.models.load_model({str(target)!r})\n"
              f"y = m.predict(np.load({str(tmp_path / 'x.npy')!r}), verbose=0)\n"
              f"np.save({str(tmp_path / 'y.npy')!r}, y)\n"
              + ("assert not any(k.startswith('legacy_keras') for k in sys.modules)\n" if plain else ""))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=str(tmp_path), timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert_keras1_close(np.load(tmp_path / "y.npy"), ys[0])


def test_weights_into_user_built_model_by_order():
    """Keras 1 ``load_weights`` into a model the user rebuilt in code: other auto names, same order."""
    from legacy_keras import layers as L
    model = keras.Sequential([keras.Input((5,)), L.Dense(8, activation="relu"), L.Dropout(0.5),
                              L.Dense(6, activation="tanh"), L.Activation("hard_sigmoid"),
                              L.Dense(3, activation="softmax")])
    load_keras1_weights(model, MODELS_DIR / "mlp_weights.h5")
    _check(model, "mlp")


def test_weights_by_name_skips_unknown_groups():
    """``by_name=True`` loads the groups whose names match and leaves the rest, like Keras 1."""
    from legacy_keras import layers as L
    model = keras.Sequential([keras.Input((5,)), L.Dense(8, activation="relu", name="dense_1"),
                              L.Dense(4, name="other")])
    before = model.layers[1].get_weights()[0].copy()
    load_keras1_weights(model, MODELS_DIR / "mlp_weights.h5", by_name=True)
    import h5py
    with h5py.File(MODELS_DIR / "mlp_weights.h5", "r") as f:
        expected = f["dense_1"]["dense_1_W"][()]
    np.testing.assert_array_equal(model.layers[0].get_weights()[0], expected)
    np.testing.assert_array_equal(model.layers[1].get_weights()[0], before)


def test_theano_same_pooling_matches_keras1():
    """TheanoSamePooling alone (no other layer needed) against Keras 1's Theano 'same' pooling."""
    from legacy_keras.saving import theano as theano_modes
    config = json.loads((MODELS_DIR / "theano_pooling.json").read_text())["config"]
    xs, ys = _io("theano_pooling")
    inputs = {name: x for (name, _, _), x in zip(config["input_layers"], xs)}
    outputs = {entry[0]: y for entry, y in zip(config["output_layers"], ys)}
    checked = 0
    for layer in config["layers"]:
        if layer["class_name"] == "InputLayer":
            continue
        source = layer["inbound_nodes"][0][0][0]
        x = inputs[source]
        plan = theano_modes.plan(layer["class_name"], layer["config"], (None,) + x.shape[1:], layer["name"])
        if plan is None:   # Theano and Keras 3 agree (3x3 stride 1): native layer
            continue
        assert plan.replacement is not None
        out = keras.ops.convert_to_numpy(plan.replacement(keras.ops.convert_to_tensor(x)))
        assert_keras1_close(out, outputs[layer["name"]])
        checked += 1
    assert checked == 8   # 3x3/1 and the 1D 3/2 pool over an odd length agree natively


@pytest.mark.parametrize("name", ["resume_adam", "resume_rmsprop"])
def test_loaded_keras1_file_resumes_training_with_its_optimizer_state(name):
    """``load_model`` of a Keras 1 file trained and saved mid-training sets the file's
    ``optimizer_weights`` (Adam's step counter and moments, RMSprop's accumulators) as
    Keras 1's ``load_model`` did: further ``train_on_batch`` steps give the losses and
    weights genuine Keras 1.2.2 got from the same file (fixtures: make_keras1_models.py)."""
    from legacy_keras.models import load_model
    data = np.load(MODELS_DIR / f"{name}.npz")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = load_model(str(MODELS_DIR / f"{name}.h5"))
    assert not any("optimizer state" in str(w.message) for w in caught)
    _check(model, name)
    for i in range(len(data["resume_x"])):
        values = model.train_on_batch(data["resume_x"][i], data["resume_y"][i])
        assert_keras1_close(np.ravel(np.asarray(values, dtype="float32")),
                            np.ravel(data["resume_loss"][i]), rtol=1e-5)
    weights = model.get_weights()
    expected = [data[f"resume_w{i}"] for i in range(len(weights))]
    assert len(weights) == len([k for k in data.files if k.startswith("resume_w")])
    for ours, theirs in zip(weights, expected):
        assert_keras1_close(ours, theirs, rtol=1e-5)

"""Keras 1 files shaped like real projects' load with Keras 1's numbers (issue 9).

Fixtures: ``fixtures/keras1_real/`` made by ``fixtures/oracle/make_keras1_real.py``
with the genuine Keras 1.2.2 (see its docstring for the cases, and for how
the TensorFlow-style ``tf_trained`` file is derived from the Theano oracle).
Every case is checked on the three paths -- ``legacy-convert`` to ``.keras``
then plain ``keras.models.load_model``; ``legacy_keras.models.load_model``;
``model_from_json`` + ``load_weights`` -- and the ``incode_*`` cases on the
model built in code, as the script that saved them did.
"""
from __future__ import annotations

import json
import shutil
import warnings

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras  # noqa: E402

from legacy_keras import models as legacy_models  # noqa: E402
from legacy_keras.saving import BackendAssumption, inspect_file  # noqa: E402
from legacy_keras.saving.hdf5 import open_hdf5  # noqa: E402

from legacy_keras.saving.cli import main as convert_main  # noqa: E402

REAL = FIXTURES / "keras1_real"
WHOLE = ["theano_tf_convnet", "conv1d_text", "tf_trained", "keras10_unet", "keras10_bare"]


def _io(name: str):
    data = np.load(REAL / f"{name}.npz")
    xs = [data[k] for k in sorted(data.files) if k.startswith("x")]
    ys = [data[k] for k in sorted(data.files) if k.startswith("y")]
    return xs, ys


def _check(model, name: str) -> None:
    xs, ys = _io(name)
    out = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    outs = out if isinstance(out, list) else [out]
    for got, expected in zip(outs, ys):
        assert_keras1_close(got, expected)


@pytest.mark.parametrize("name", WHOLE)
def test_cli_to_keras3(name, tmp_path, capsys):
    target = tmp_path / f"{name}.keras"
    assert convert_main([str(REAL / f"{name}.h5"), str(target), "-q"]) == 0, capsys.readouterr().err
    _check(keras.models.load_model(target), name)


@pytest.mark.parametrize("name", WHOLE)
def test_runtime_load_model(name):
    _check(legacy_models.load_model(REAL / f"{name}.h5"), name)


@pytest.mark.parametrize("name", WHOLE)
def test_model_from_json_then_load_weights(name):
    """The JSON alone says nothing of the backend: the weights file's names decide, and the
    model's padding follows (never Theano kernels with TensorFlow padding)."""
    model = legacy_models.model_from_json((REAL / f"{name}.json").read_text())
    model.load_weights(str(REAL / f"{name}_weights.h5"))
    _check(model, name)


@pytest.mark.parametrize("variant", ["theano_tf_convnet.json", "theano_tf_convnet_double.json",
                                     "theano_tf_convnet_bom.json", "theano_tf_convnet.yaml"])
def test_architecture_files_as_people_saved_them(variant, tmp_path, capsys):
    text = (REAL / variant).read_bytes()
    reader = legacy_models.model_from_yaml if variant.endswith(".yaml") else legacy_models.model_from_json
    model = reader(text.decode("utf-8-sig") if variant != "theano_tf_convnet_bom.json" else text)
    model.load_weights(str(REAL / "theano_tf_convnet_weights.h5"))
    _check(model, "theano_tf_convnet")
    target = tmp_path / "out.weights.h5"
    assert convert_main([str(REAL / "theano_tf_convnet_weights.h5"), str(target), "--arch",
                         str(REAL / variant), "-q"]) == 0, capsys.readouterr().err
    info = inspect_file(REAL / variant)
    assert info["kind"] == "architecture" and info["model_class"] == "Sequential"


def test_double_encoded_json_is_what_json_dump_writes():
    text = (REAL / "theano_tf_convnet_double.json").read_text()
    assert isinstance(json.loads(text), str)


def test_info_prints_the_evidence():
    assert "end in ':0'" in inspect_file(REAL / "tf_trained.h5")["backend_reason"]
    theano = inspect_file(REAL / "theano_tf_convnet.h5")
    assert theano["assumed_backend"] == "theano" and theano["backend_source"] == "weight names"
    unet = inspect_file(REAL / "keras10_unet.h5")
    assert unet["keras_version"] == "1 (not recorded)" and "upsampling2d" in unet["dim_ordering_note"]


def test_tensorflow_file_is_not_flipped_theano_tf_ordering_is():
    """Same layers, same 'tf' ordering: only the weight names differ in what they say."""
    tf = legacy_models.load_model(REAL / "tf_trained.h5")
    _check(tf, "tf_trained")
    forced = legacy_models.load_model(REAL / "tf_trained.h5", source_backend="theano")
    xs, ys = _io("tf_trained")
    assert np.max(np.abs(forced.predict(xs[0], verbose=0) - ys[0])) > 1e-3


def test_anonymous_weight_names_fall_back_to_the_guess_and_say_so(tmp_path):
    path = tmp_path / "anonymous_weights.h5"
    shutil.copy(REAL / "theano_tf_convnet_weights.h5", path)
    with open_hdf5(path, "r+") as handle:
        index = 0
        for layer in [n.decode() if isinstance(n, bytes) else n for n in handle.attrs["layer_names"]]:
            group = handle[layer]
            names = [n.decode() if isinstance(n, bytes) else n for n in group.attrs["weight_names"]]
            renamed = []
            for name in names:
                group.move(name, f"param_{index}")
                renamed.append(f"param_{index}".encode())
                index += 1
            group.attrs["weight_names"] = renamed
    model = legacy_models.model_from_json((REAL / "theano_tf_convnet.json").read_text())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.load_weights(str(path), source_backend="theano")  # honoured (was ignored)
    _check(model, "theano_tf_convnet")
    assert not [w for w in caught if issubclass(w.category, BackendAssumption)]
    info = inspect_file(path)
    assert "anonymous" in info["backend_reason"]


def test_by_name_follows_the_same_backend():
    model = legacy_models.model_from_json((REAL / "theano_tf_convnet.json").read_text())
    model.load_weights(str(REAL / "theano_tf_convnet_weights.h5"), by_name=True)
    _check(model, "theano_tf_convnet")


def test_model_from_json_accepts_source_backend():
    model = legacy_models.model_from_json((REAL / "theano_tf_convnet.json").read_text(),
                                          source_backend="theano")
    model.load_weights(str(REAL / "theano_tf_convnet_weights.h5"))
    _check(model, "theano_tf_convnet")


def test_theano_built_model_refuses_a_tensorflow_file():
    """Built with Theano's padding layers, then given ':0' weights: refused, layer named."""
    model = legacy_models.model_from_json((REAL / "theano_tf_convnet.json").read_text(),
                                          source_backend="theano")
    with pytest.raises(ValueError, match="convolution2d") as caught:
        model.load_weights(str(_tf_named_copy(REAL / "theano_tf_convnet_weights.h5")))
    assert "\n" not in str(caught.value)


def _tf_named_copy(source):
    import tempfile
    target = tempfile.mktemp(suffix="_weights.h5")
    shutil.copy(source, target)
    with open_hdf5(target, "r+") as handle:
        for layer in [n.decode() if isinstance(n, bytes) else n for n in handle.attrs["layer_names"]]:
            group = handle[layer]
            names = [n.decode() if isinstance(n, bytes) else n for n in group.attrs["weight_names"]]
            for name in names:
                group.move(name, name + ":0")
            group.attrs["weight_names"] = [(n + ":0").encode() for n in names]
    return target


def test_keras10_dim_ordering_assumption_is_overridable():
    with pytest.raises(ValueError):
        legacy_models.load_model(REAL / "keras10_unet.h5", image_dim_ordering="tf")
    overridden = legacy_models.load_model(REAL / "keras10_bare.h5", image_dim_ordering="tf")
    xs, ys = _io("keras10_bare")
    assert np.max(np.abs(overridden.predict(xs[0], verbose=0) - ys[0])) > 1e-3


def test_keras10_assumption_is_printed():
    from legacy_keras.saving import DimOrderingAssumption
    with pytest.warns(DimOrderingAssumption, match="no keras_version recorded"):
        legacy_models.load_model(REAL / "keras10_bare.h5")


# -- models built in code (the script rebuilds the model, then load_weights) --------

def _even_same_in_code():
    from legacy_keras.layers import Convolution2D, Dense, Flatten
    m = legacy_models.Sequential()
    m.add(Convolution2D(4, 4, 4, border_mode="same", subsample=(2, 2), dim_ordering="tf",
                        input_shape=(8, 8, 2), activation="relu"))
    m.add(Convolution2D(3, 2, 2, border_mode="same", dim_ordering="tf"))
    m.add(Flatten())
    m.add(Dense(3))
    return m


def test_in_code_theano_convnet_with_even_same_kernel():
    model = _even_same_in_code()
    model.predict(_io("incode_even_same")[0][0], verbose=0)  # predicted once before: retraced
    model.load_weights(str(REAL / "incode_even_same_weights.h5"))
    _check(model, "incode_even_same")


def test_in_code_model_back_to_tensorflow_padding_for_a_tensorflow_file():
    model = _even_same_in_code()
    model.load_weights(str(REAL / "incode_even_same_weights.h5"))
    model.load_weights(str(_tf_named_copy(REAL / "incode_even_same_weights.h5")))
    xs, ys = _io("incode_even_same")
    assert np.max(np.abs(model.predict(xs[0], verbose=0) - ys[0])) > 1e-3


def test_in_code_merge_of_sequentials():
    from legacy_keras.layers import Dense, Merge
    left = legacy_models.Sequential()
    left.add(Dense(4, input_dim=3, activation="tanh"))
    right = legacy_models.Sequential()
    right.add(Dense(4, input_dim=5))
    right.add(Dense(2))
    model = legacy_models.Sequential()
    model.add(Merge([left, right], mode="concat"))
    model.add(Dense(2))
    model.load_weights(str(REAL / "incode_merge_weights.h5"))
    _check(model, "incode_merge")


def test_in_code_merge_from_json_path_too():
    model = legacy_models.model_from_json((REAL / "incode_merge.json").read_text())
    model.load_weights(str(REAL / "incode_merge_weights.h5"))
    _check(model, "incode_merge")


# -- configs Keras 1 itself could not rebuild (issue 9.6) -----------------------------

def _double_it(x):
    return 2.0 * x


def test_unresolvable_init_and_regularizer_are_substituted_and_noted():
    from legacy_keras.saving import RebuildNote
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = legacy_models.load_model(REAL / "odd_config.h5", custom_objects={"double_it": _double_it})
    _check(model, "odd_config")
    notes = [str(w.message) for w in caught if issubclass(w.category, RebuildNote)]
    assert any("init='<lambda>'" in n and "dense" in n for n in notes)
    assert any("W_regularizer='SiteRegularizer'" in n for n in notes)


def test_lambda_refused_in_one_line_naming_layer_and_function():
    from legacy_keras.saving.config import LambdaError
    with pytest.raises(LambdaError) as caught:
        legacy_models.load_model(REAL / "odd_config.h5")
    message = str(caught.value)
    assert "\n" not in message and len(message) < 400 and "'double_it'" in message
    assert "lambda_" in message and "custom_objects" in message and "\\x" not in message


def test_lambda_bytecode_of_another_python_matched_by_function_name():
    config = json.loads((REAL / "odd_config.json").read_text())
    lam = config["config"][-1]["config"]
    lam["function"][0] = "\x00garbled" + lam["function"][0][1:]  # unreadable by this Python
    from legacy_keras.saving.config import LambdaError
    with pytest.raises(LambdaError, match="another Python version"):
        legacy_models.model_from_json(json.dumps(config))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = legacy_models.model_from_json(json.dumps(config), custom_objects={"double_it": _double_it})
    model.load_weights(str(REAL / "odd_config_weights.h5"))
    _check(model, "odd_config")


def test_in_code_layer_that_cannot_take_theano_padding_is_refused_by_name():
    """Theano 'same' Deconvolution2D built in code: refused in one line, nothing half-loaded."""
    from legacy_keras.layers import Deconvolution2D, Dense, Flatten
    from legacy_keras.saving import Keras1FileError
    m = legacy_models.Sequential()
    m.add(Deconvolution2D(3, 3, 3, output_shape=(None, 3, 9, 9), subsample=(2, 2),
                          border_mode="valid", dim_ordering="th", input_shape=(2, 4, 4)))
    m.add(Deconvolution2D(2, 3, 3, output_shape=(None, 2, 18, 18), subsample=(2, 2),
                          border_mode="same", dim_ordering="th"))
    m.add(Flatten())
    m.add(Dense(2))
    before = [w.copy() for w in m.get_weights()]
    with pytest.raises(Keras1FileError, match="Deconvolution2D") as caught:
        m.load_weights(str(FIXTURES / "keras1_models" / "deconv_weights.h5"))
    assert "\n" not in str(caught.value) and m.layers[1].name in str(caught.value)
    assert all(np.array_equal(a, b) for a, b in zip(before, m.get_weights()))


@pytest.mark.parametrize("name", ["incode_even_same", "incode_merge"])
def test_weights_only_cases_on_the_other_paths(name, tmp_path, capsys):
    """The in-code cases' weights with their to_json: model_from_json + load_weights, and
    legacy-convert W.h5 NEW.keras --arch A.json."""
    model = legacy_models.model_from_json((REAL / f"{name}.json").read_text())
    model.load_weights(str(REAL / f"{name}_weights.h5"))
    _check(model, name)
    target = tmp_path / f"{name}.keras"
    assert convert_main([str(REAL / f"{name}_weights.h5"), str(target), "--arch",
                         str(REAL / f"{name}.json"), "-q"]) == 0, capsys.readouterr().err
    import legacy_keras.saving.objects  # noqa: F401  (Merge is a legacy_keras class)
    _check(keras.models.load_model(target), name)


def test_saving_an_in_code_theano_model_says_the_alignment_is_not_saved(tmp_path):
    model = _even_same_in_code()
    model.load_weights(str(REAL / "incode_even_same_weights.h5"))
    with pytest.warns(UserWarning, match="Theano's 'same' alignment only in this session"):
        model.save_weights(str(tmp_path / "w.h5"))


def test_in_code_with_plain_keras3_layers_follows_theano_too():
    """The same convnet built from plain Keras 3 layers (a half-migrated script)."""
    m = keras.Sequential([keras.Input((8, 8, 2)),
                          keras.layers.Conv2D(4, 4, strides=2, padding="same", activation="relu"),
                          keras.layers.Conv2D(3, 2, padding="same"),
                          keras.layers.Flatten(), keras.layers.Dense(3)])
    from legacy_keras.saving import load_keras1_weights
    load_keras1_weights(m, REAL / "incode_even_same_weights.h5")
    _check(m, "incode_even_same")


def test_cli_image_dim_ordering_overrides_the_keras10_default(tmp_path, capsys):
    """``--image-dim-ordering`` reaches the rebuild: 'tf' on a Keras 1.0.x ('th') file changes
    its numbers, the default reproduces the oracle."""
    xs, ys = _io("keras10_bare")
    default, forced = tmp_path / "default.keras", tmp_path / "forced.keras"
    assert convert_main([str(REAL / "keras10_bare.h5"), str(default), "-q", "--no-verify"]) == 0
    assert convert_main([str(REAL / "keras10_bare.h5"), str(forced), "-q", "--no-verify",
                         "--image-dim-ordering", "tf"]) == 0
    assert_keras1_close(keras.models.load_model(default).predict(xs[0], verbose=0), ys[0])
    changed = keras.models.load_model(forced).predict(xs[0], verbose=0)
    assert np.max(np.abs(changed - ys[0])) > 1e-3


def test_cli_info_describes_an_architecture_file(capsys):
    assert convert_main(["--info", str(REAL / "theano_tf_convnet_double.json")]) == 0
    out = capsys.readouterr().out
    assert "architecture only" in out and "--arch FILE" in out

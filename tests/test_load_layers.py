"""Every Keras 1.2.2 layer class rebuilds from a genuine config, loads and predicts like Keras 1.

Fixtures: ``fixtures/keras1_layers/`` made by ``fixtures/oracle/make_keras1_layers.py``
(one functional model per class of ``legacy_keras.spec`` SIGNATURES: the
class with its defaults -> ``y0``, one non-default variant -> ``y1``;
Theano-trained).  Three paths per class: ``legacy-convert`` -> ``.keras`` ->
plain ``keras.models.load_model``; ``legacy_keras.models.load_model``;
``model_from_json`` + ``load_weights``.  The default run covers a few classes
on one path; ``-m slow`` runs every class on every path.
"""
from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

import keras  # noqa: E402

import legacy_keras.saving.objects  # noqa: E402,F401  (legacy classes of converted files)
from legacy_keras import models as legacy_models  # noqa: E402
from legacy_keras.spec import layers as spec  # noqa: E402

from legacy_keras.saving.cli import main as convert_main  # noqa: E402

LAYERS = FIXTURES / "keras1_layers"
MANIFEST = json.loads((LAYERS / "manifest.json").read_text())
CLASSES = sorted(name for name in MANIFEST if not name.startswith("_"))
#: Quick representatives for the default run (SpatialDropout2D: its saved ``trainable``
#: once stopped every conversion).
FAST = {"SpatialDropout2D", "Dense", "Convolution2D", "MaxPooling2D", "UpSampling2D"}


def _params(fast_ok: bool):
    return [name if (fast_ok and name in FAST) else pytest.param(name, marks=pytest.mark.slow)
            for name in CLASSES]


def _backend(name: str) -> dict:
    """Weightless models (pooling, reshaping...) carry no evidence of their backend: say it."""
    from legacy_keras.saving import inspect_file
    given = inspect_file(LAYERS / f"{name}.h5")["backend_source"] != "weight names"
    return {"source_backend": "theano"} if given else {}


def _check(model, name: str) -> None:
    data = np.load(LAYERS / f"{name}.npz")
    expected = [data[k] for k in sorted(data.files) if k.startswith("y")]
    out = model.predict(data["x0"], verbose=0)
    outs = out if isinstance(out, list) else [out]
    assert len(outs) == len(expected)
    for got, want in zip(outs, expected):
        assert_keras1_close(got, want)


def test_every_signature_class_is_generated_or_explained():
    skipped = MANIFEST["_not_generated"]
    assert set(spec.SIGNATURES) <= set(CLASSES) | set(skipped)


@pytest.mark.parametrize("name", _params(fast_ok=True))
def test_runtime_load_model(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _check(legacy_models.load_model(LAYERS / f"{name}.h5", **_backend(name)), name)


@pytest.mark.parametrize("name", _params(fast_ok=False))
def test_model_from_json_then_load_weights(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = legacy_models.model_from_json((LAYERS / f"{name}.json").read_text())
        model.load_weights(str(LAYERS / f"{name}_weights.h5"), **_backend(name))
    _check(model, name)


@pytest.mark.parametrize("name", _params(fast_ok=False))
def test_cli_to_keras3(name, tmp_path, capsys):
    target = tmp_path / f"{name}.keras"
    backend = ["--source-backend", "theano"] if _backend(name) else []
    assert convert_main([str(LAYERS / f"{name}.h5"), str(target), "-q"] + backend) == 0, \
        capsys.readouterr().err
    _check(keras.models.load_model(target, safe_mode=False), name)


def test_theano_convlstm_with_even_same_kernel_is_refused_not_wrong():
    """Theano's even-kernel 'same' inside the recurrence has no Keras 3 equivalent: one line."""
    from legacy_keras.saving import Keras1FileError
    config = json.loads((LAYERS / "ConvLSTM2D.json").read_text())
    lstm = [layer for layer in config["config"]["layers"] if layer["class_name"] == "ConvLSTM2D"][-1]
    lstm["config"].update(nb_row=2, nb_col=2, border_mode="same")
    with pytest.raises(Keras1FileError, match="even kernel") as caught:
        legacy_models.model_from_json(json.dumps(config), source_backend="theano")
    assert "\n" not in str(caught.value) and lstm["config"]["name"] in str(caught.value)

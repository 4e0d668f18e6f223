"""Lambda round trips of functions this process serialized (Keras 1 did them), without ever
running bytecode read from a file (a file from another process still needs an opt-in)."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from legacy_keras.layers import Dense, Input, Lambda, merge
from legacy_keras.models import Model, Sequential, load_model, model_from_json

X = np.linspace(-1, 1, 12, dtype="float32").reshape(3, 4)


def _lambda_model():
    k = 3.0
    return Sequential([Dense(4, input_dim=4),
                       Lambda(lambda t: t * k + 1, output_shape=lambda s: s)])


def test_to_json_round_trip_of_a_lambda_made_here():
    model = _lambda_model()
    again = model_from_json(model.to_json())
    again.set_weights(model.get_weights())
    np.testing.assert_array_equal(again.predict(X), model.predict(X))


@pytest.mark.parametrize("name", ["m.h5", "m.keras"])
def test_save_load_round_trip_of_a_lambda_made_here(name, tmp_path):
    model = _lambda_model()
    model.compile("sgd", "mse")
    model.save(str(tmp_path / name))
    np.testing.assert_array_equal(load_model(str(tmp_path / name)).predict(X), model.predict(X))


def test_merge_with_a_lambda_mode_round_trips():
    a, b = Input(shape=(4,)), Input(shape=(4,))
    model = Model([a, b], merge([a, b], mode=lambda t: t[0] - t[1], output_shape=lambda s: s[0]))
    again = model_from_json(model.to_json())
    np.testing.assert_array_equal(again.predict([X, 2 * X]), model.predict([X, 2 * X]))


def test_an_edited_lambda_is_refused_with_the_way_to_opt_in():
    import base64
    import marshal
    config = json.loads(_lambda_model().to_json())
    replaced = []

    def edit(node):
        if isinstance(node, dict):
            if node.get("class_name") == "__lambda__" and not replaced:
                code = marshal.dumps((lambda t: t - 100).__code__)
                node["config"]["code"] = base64.b64encode(code).decode("ascii")
                replaced.append(True)
            for value in node.values():
                edit(value)
        elif isinstance(node, list):
            for value in node:
                edit(value)
    edit(config)
    with pytest.raises(ValueError, match="enable_unsafe_deserialization"):
        model_from_json(json.dumps(config))


def test_a_file_from_another_process_is_refused(tmp_path):
    """Bytecode read from a file is never run unless the user opts in."""
    path = tmp_path / "m.h5"
    model = _lambda_model()
    model.compile("sgd", "mse")
    model.save(str(path))
    code = ("import sys\nfrom legacy_keras.models import load_model\n"
            "try:\n    load_model(sys.argv[1])\nexcept ValueError as e:\n"
            "    print('REFUSED', 'custom_objects' in str(e))\nelse:\n    print('LOADED')\n")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                            text=True, timeout=300)
    assert "REFUSED True" in result.stdout, result.stdout + result.stderr[-2000:]

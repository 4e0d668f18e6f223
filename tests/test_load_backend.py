"""The backend and dim-ordering rules as data (no TensorFlow): what decides, and what is said.

The numbers these rules lead to are checked against the oracle in
``test_load_real.py``; here the rule itself: weight names first, the
dim_ordering guess only when they say nothing, and the reason always given.
"""
from __future__ import annotations

import pytest

from legacy_keras.saving.rules import (decide, default_dim_ordering, evidence_from_weight_names,
                                       fill_dim_ordering, resolve_dim_ordering)

TF_CONV = {"class_name": "Sequential", "config": [
    {"class_name": "Convolution2D", "config": {"name": "c", "dim_ordering": "tf", "nb_row": 3}},
    {"class_name": "UpSampling2D", "config": {"name": "u", "size": [2, 2]}}]}
TH_CONV = {"class_name": "Sequential", "config": [
    {"class_name": "Convolution2D", "config": {"name": "c", "dim_ordering": "th", "nb_row": 3}}]}


@pytest.mark.parametrize("names, backend", [
    (["dense_1_W:0", "dense_1_b:0"], "tensorflow"),
    (["dense_1_W", "dense_1_b"], "theano"),
    (["param_0", "param_1"], None),
    (["dense_1_W:0", "dense_1_b"], None),
    ([], None),
])
def test_weight_name_evidence(names, backend):
    found, reason = evidence_from_weight_names(names)
    assert found == backend and reason


def test_names_beat_the_dim_ordering_guess():
    decision = decide(TF_CONV, weight_names=["c_W", "c_b"])
    assert decision.theano and decision.source == "weight names" and not decision.guessed
    decision = decide(TH_CONV, weight_names=["c_W:0", "c_b:0"])
    assert not decision.theano and "':0'" in decision.reason


def test_no_evidence_falls_back_and_says_so():
    decision = decide(TH_CONV, weight_names=["param_0", "param_1"])
    assert decision.theano and decision.guessed
    assert "anonymous" in decision.reason and "dim_ordering='th'" in decision.reason
    assert decide(TF_CONV).guessed and not decide(TF_CONV).theano


def test_given_backend_wins():
    decision = decide(TF_CONV, "theano", ["c_W:0"])
    assert decision.theano and decision.source == "given"


def test_dim_ordering_defaults_follow_the_file():
    assert default_dim_ordering(None)[0] == "th"       # Keras 1.0.x: no keras_version
    assert default_dim_ordering("1.0.6")[0] == "th"
    assert default_dim_ordering("1.2.2")[0] == "tf"
    assert default_dim_ordering(None, "tf")[0] == "tf"  # overridden
    assert resolve_dim_ordering(TF_CONV, None)[0] == "tf"   # the model's other layers say 'tf'
    config, filled = fill_dim_ordering(TF_CONV, "tf")
    assert filled == ["u"] and config["config"][1]["config"]["dim_ordering"] == "tf"
    assert "dim_ordering" not in TF_CONV["config"][1]["config"]  # the input is not changed

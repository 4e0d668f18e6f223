"""Shared test helpers: fixture paths and the Keras 1 comparison tolerance."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# Keras 1 settings come from keras.json: tests start from an empty Keras home.
os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="legacy_keras_home_")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"

#: Relative tolerance against numbers computed by the genuine Keras 1.2.2.
KERAS1_RTOL = 1e-5


def assert_keras1_close(actual, expected, rtol: float = KERAS1_RTOL, atol: float = 1e-6) -> None:
    """Compare our float32 output with the Keras 1 oracle's output."""
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    assert actual.shape == expected.shape, f"shape {actual.shape} != Keras 1 {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES

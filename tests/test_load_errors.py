"""Files are recognised by content, not name; files that are not the model get their own line.

Issue 9.7: real code saves weights as ``path.replace('json', 'keras')`` (an
HDF5 file named ``.keras``), people rename ``.keras`` archives to ``.h5``, and
clones without ``git lfs pull`` hold pointer files.  Each bad input gets one
line naming the file and what it is; the CLI exits 2 and writes nothing.
"""
from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, assert_keras1_close

import numpy as np  # noqa: E402

from legacy_keras import models as legacy_models  # noqa: E402
from legacy_keras.saving import Keras1FileError, NeedsNoConversion, load_keras1_model  # noqa: E402

from legacy_keras.saving.cli import main as convert_main  # noqa: E402

REAL = FIXTURES / "keras1_real"
NAME = "theano_tf_convnet"
LFS = b"version https://git-lfs.github.com/spec/v1\noid sha256:4d7a2146\nsize 1234567\n"


def _check(model) -> None:
    data = np.load(REAL / f"{NAME}.npz")
    assert_keras1_close(model.predict(data["x0"], verbose=0), data["y0"])


@pytest.mark.parametrize("suffix", [".keras", ".model", ".hdf5"])
def test_keras1_hdf5_under_any_name(suffix, tmp_path, capsys):
    model_path = tmp_path / f"model{suffix}"
    weights_path = tmp_path / f"weights{suffix}"
    shutil.copy(REAL / f"{NAME}.h5", model_path)
    shutil.copy(REAL / f"{NAME}_weights.h5", weights_path)
    _check(legacy_models.load_model(model_path))
    model = legacy_models.model_from_json((REAL / f"{NAME}.json").read_text())
    model.load_weights(str(weights_path))
    _check(model)
    target = tmp_path / "out.keras"
    assert convert_main([str(model_path), str(target), "-q"]) == 0, capsys.readouterr().err


def test_keras3_archive_named_h5(tmp_path, capsys):
    converted = tmp_path / "converted.keras"
    assert convert_main([str(REAL / f"{NAME}.h5"), str(converted), "-q"]) == 0
    renamed = tmp_path / "model.h5"
    shutil.copy(converted, renamed)
    _check(legacy_models.load_model(renamed))
    model = legacy_models.load_model(converted)
    model.load_weights(str(renamed))
    _check(model)


def _one_line(error: BaseException) -> str:
    message = str(error)
    assert "\n" not in message and len(message) < 300
    return message


def _cli_refuses(source, tmp_path, capsys, expected: str) -> None:
    target = tmp_path / "out.keras"
    assert convert_main([str(source), str(target), "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and len(err.splitlines()) == 1
    assert not target.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_git_lfs_pointer(tmp_path, capsys):
    pointer = tmp_path / "model.h5"
    pointer.write_bytes(LFS)
    expected = f"{pointer} is a Git LFS pointer, not the HDF5 file: run `git lfs pull`"
    with pytest.raises(Keras1FileError) as caught:
        legacy_models.load_model(pointer)
    assert _one_line(caught.value) == expected
    model = legacy_models.model_from_json((REAL / f"{NAME}.json").read_text())
    with pytest.raises(Keras1FileError, match="Git LFS pointer"):
        model.load_weights(str(pointer))
    _cli_refuses(pointer, tmp_path, capsys, "is a Git LFS pointer")


def test_empty_file(tmp_path, capsys):
    empty = tmp_path / "model.h5"
    empty.write_bytes(b"")
    with pytest.raises(Keras1FileError, match="empty") as caught:
        legacy_models.load_model(empty)
    _one_line(caught.value)
    _cli_refuses(empty, tmp_path, capsys, "is empty")


def test_keras3_file_where_keras1_expected(tmp_path, capsys):
    converted = tmp_path / "converted.keras"
    assert convert_main([str(REAL / f"{NAME}.h5"), str(converted), "-q"]) == 0
    with pytest.raises(NeedsNoConversion, match="needs no conversion") as caught:
        load_keras1_model(converted)
    _one_line(caught.value)


def test_weights_file_without_architecture(tmp_path):
    with pytest.raises(Keras1FileError, match="weights file without architecture") as caught:
        legacy_models.load_model(REAL / f"{NAME}_weights.h5")
    assert "model_from_json" in _one_line(caught.value)


def test_architecture_file_given_as_model(tmp_path):
    with pytest.raises(Keras1FileError, match="model_from_json") as caught:
        legacy_models.load_model(REAL / f"{NAME}.json")
    _one_line(caught.value)

"""Notebooks as they are (issue 11 point 6): IPython lines kept, Python 2 cells are errors, --py2 works."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from migrate.cli import main
from migrate.notebook import mask


def _notebook(path: Path, *cells: str | list[str], kind: str = "code") -> Path:
    nb = {"cells": [{"cell_type": kind, "execution_count": None, "metadata": {}, "outputs": [],
                     "source": c if isinstance(c, str) else c} for c in cells],
          "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb, indent=1) + "\n")
    return path


def _sources(path: Path) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in json.loads(path.read_text())["cells"]]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


MAGICS = ("%matplotlib inline\n"
          "!pip install keras==1.2.2 \\\n"
          "    h5py\n"
          "from keras.layers.core import Dense\n"
          "?Dense\n"
          "Dense??\n"
          "files = !ls\n"
          "for i in range(2):\n"
          "    !echo {i}\n"
          "    model.add(Dense(8, input_dim=4))\n"
          "%time model.add(Dense(8, input_dim=4))\n")
MAGICS_MIGRATED = ("%matplotlib inline\n"
                   "!pip install keras==1.2.2 \\\n"
                   "    h5py\n"
                   "from keras.layers import Dense\n"
                   "?Dense\n"
                   "Dense??\n"
                   "files = !ls\n"
                   "for i in range(2):\n"
                   "    !echo {i}\n"
                   "    model.add(Dense(8, input_shape=(4,)))\n"
                   "%time model.add(Dense(8, input_dim=4))\n")


def test_cell_with_magics_and_shell_lines_is_migrated(tmp_path: Path) -> None:
    nb = _notebook(tmp_path / "n.ipynb", _lines(MAGICS))
    assert main(["--check", str(nb)]) == 1  # was 0: the cell used to be skipped without a word
    assert main(["-q", str(nb)]) == 0
    assert _sources(nb) == [MAGICS_MIGRATED]
    assert main(["--check", str(nb)]) == 0


def test_cell_magic_with_a_python_body(tmp_path: Path) -> None:
    nb = _notebook(tmp_path / "n.ipynb", "from keras.layers.core import Dense\n",
                   _lines("%%time\nmodel.add(Dense(8, input_dim=4))\n"))
    assert main(["-q", str(nb)]) == 0
    assert _sources(nb)[1] == "%%time\nmodel.add(Dense(8, input_shape=(4,)))\n"


def test_non_python_cell_magic_left_alone_and_reported(tmp_path: Path, capsys) -> None:
    bash = "%%bash\npython -c 'import keras'\necho done\n"
    nb = _notebook(tmp_path / "n.ipynb", _lines(bash), _lines("from keras.layers.core import Dense\n"))
    assert main([str(nb)]) == 0
    out = capsys.readouterr().out
    assert "cell 1: a %%bash cell is not Python; left as it is" in out
    assert _sources(nb) == [bash, "from keras.layers import Dense\n"]


def test_percent_inside_a_string_of_a_valid_cell_is_code(tmp_path: Path) -> None:
    cell = 'from keras.layers.core import Dense\ndoc = """\n%not a magic\n!nor this\n"""\n'
    nb = _notebook(tmp_path / "n.ipynb", cell)  # the source as one string, not a list
    assert main(["-q", str(nb)]) == 0
    assert _sources(nb) == [cell.replace("keras.layers.core", "keras.layers")]
    assert isinstance(json.loads(nb.read_text())["cells"][0]["source"], str)


def test_mask_restores_byte_for_byte() -> None:
    masked = mask(MAGICS)
    assert "%" not in masked.code and "!" not in masked.code and len(masked.originals) == 7
    assert masked.restore(masked.code) == MAGICS
    assert mask("x = 1\n").originals == {}


def test_python2_cell_is_an_error(tmp_path: Path, capsys) -> None:
    nb = _notebook(tmp_path / "n.ipynb", "from keras.layers.core import Dense\n",
                   _lines("%matplotlib inline\nprint 'hello'\n"))
    before = nb.read_text()
    assert main(["--check", str(nb)]) == 2
    out, err = capsys.readouterr()
    assert "n.ipynb: error: cell 2, line 2: not valid Python 3" in err
    assert "hint: 1 file looks like Python 2" in out
    assert main(["-q", str(nb)]) == 2
    assert nb.read_text() == before  # nothing written, not even the valid cell


def test_py2_applies_to_notebooks(tmp_path: Path) -> None:
    import fissix  # noqa: F401  (a test extra: never skipped)
    nb = _notebook(tmp_path / "n.ipynb", "from keras.layers.core import Dense\n",
                   _lines("%matplotlib inline\nprint 'hello'\nd = Dense(3, input_dim=2)\n"),
                   'print("a", end="")\n')  # Python 3 already: not given to the 2to3 fixers
    assert main(["-q", "--py2", str(nb)]) == 0
    assert _sources(nb) == ["from keras.layers import Dense\n",
                            "%matplotlib inline\nprint('hello')\nd = Dense(3, input_shape=(2,))\n",
                            'print("a", end="")\n']

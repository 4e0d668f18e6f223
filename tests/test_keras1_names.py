"""Every public name of every Keras 1.2.2 module resolves under legacy_keras, or says what replaces it.

The names come from the genuine Keras 1.2.2 (``fixtures/oracle/make_keras1_names.py`` writes
``legacy_keras/spec/keras1_names.py`` from ``dir()`` of each module), not from our own code.
"""
from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
import types

import pytest

from conftest import REPO
from legacy_keras.spec.keras1_names import FOREIGN_NAMES, KERAS1_NAMES
from legacy_keras.spec.keras1_removed_names import KERAS3_STANDINS, REMOVED_MODULES, REMOVED_NAMES

NOT_PROVIDED = "(Keras 1.2.2) is not provided by legacy_keras: "


def _legacy(name: str) -> str:
    return "legacy_keras" + name[len("keras"):]


def _advice_for(module: str, name: str, entry: str) -> set[str]:
    kind, _, detail = entry.partition(":")
    origin = detail if kind == "module" else kind
    return {text for text in (REMOVED_NAMES.get(f"{module}.{name}"), REMOVED_NAMES.get(f"{origin}.{name}"),
                              REMOVED_MODULES.get(origin)) if text}


def test_the_generated_list_is_the_whole_keras1_api():
    assert len(KERAS1_NAMES) >= 55 and sum(map(len, KERAS1_NAMES.values())) > 1000
    assert KERAS1_NAMES["keras.layers"]["activations"] == "module:keras.activations"
    assert KERAS1_NAMES["keras.layers"]["Dense"] == "keras.layers.core:Dense"
    assert "np" in FOREIGN_NAMES["keras.layers.core"]  # other libraries' names are kept apart


@pytest.mark.parametrize("module", sorted(KERAS1_NAMES))
def test_every_keras1_name_resolves_or_names_its_replacement(module):
    try:
        legacy = importlib.import_module(_legacy(module))
    except ImportError as error:
        assert module in REMOVED_MODULES, f"{module}: {error}"
        message = str(error)
        assert "\n" not in message and ("Theano" in message or REMOVED_MODULES[module] in message)
        return
    failures = []
    for name, entry in sorted(KERAS1_NAMES[module].items()):
        try:
            value = getattr(legacy, name)
        except AttributeError as error:
            advice = _advice_for(module, name, entry)
            message = str(error)
            if not advice or f"{module}.{name} {NOT_PROVIDED}" not in message \
                    or not any(text in message for text in advice):
                failures.append(f"{module}.{name}: {message}")
            continue
        kind, _, detail = entry.partition(":")
        if kind == "module":
            assert isinstance(value, types.ModuleType), (module, name)
            assert value.__name__ in (_legacy(detail), detail), (module, name, value.__name__)
        elif kind not in ("value", "none"):
            assert callable(value), (module, name)
    assert not failures, "\n".join(failures)


def test_removed_tables_name_only_real_keras1_names():
    every = {f"{module}.{name}" for module, names in KERAS1_NAMES.items() for name in names}
    origins = {f"{entry.partition(':')[0]}.{name}" for names in KERAS1_NAMES.values()
               for name, entry in names.items()}
    for key in list(REMOVED_NAMES) + list(KERAS3_STANDINS):
        assert key in every or key in origins, key
    for module in REMOVED_MODULES:
        assert module in KERAS1_NAMES, module


def test_keras1_reexports_under_legacy_run(tmp_path):
    (tmp_path / "old.py").write_text(textwrap.dedent("""
        from keras.layers import activations, initializations, Dense
        from keras.layers.core import K, Layer, InputSpec
        from keras.engine.training import Progbar
        from keras.engine.topology import get_source_inputs
        from keras.applications.vgg16 import TH_WEIGHTS_PATH
        import keras.layers
        print("activations", activations.__name__)
        print("K", K.__name__, "Layer", Layer.__module__.split(".")[0])
        print("relu", activations.relu is keras.activations.relu)
        print("weights", TH_WEIGHTS_PATH.rsplit("/", 1)[-1])
        print("progbar", callable(Progbar), callable(get_source_inputs))
        import keras.engine.topology as topology
        print("hasattr", hasattr(topology, "to_list"))
        try:
            from keras.engine.topology import to_list
        except ImportError as error:
            print("error", error)
    """))
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "legacy_keras", "old.py"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["activations"] == "legacy_keras.activations"
    assert lines["K"] == "legacy_keras.backend Layer legacy_keras"
    assert lines["relu"] == "True"
    assert lines["weights"] == "vgg16_weights_th_dim_ordering_th_kernels.h5"
    assert lines["progbar"] == "True True"
    assert lines["hasattr"] == "False"  # getattr/hasattr still see a plain AttributeError
    assert lines["error"].startswith("keras.engine.topology.to_list (Keras 1.2.2) is not "
                                     "provided by legacy_keras: write `x if isinstance(x, list) else [x]`")


def test_removed_module_import_names_the_replacement(tmp_path):
    (tmp_path / "tagger.py").write_text("from keras.applications.music_tagger_crnn import MusicTaggerCRNN\n")
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "legacy_keras", "tagger.py"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: keras.applications.music_tagger_crnn (Keras 1.2.2) is not provided")
    assert REMOVED_MODULES["keras.applications.music_tagger_crnn"] in last


def test_spec_tables_import_no_tensorflow():
    code = ("import sys; import legacy_keras.spec.keras1_names, legacy_keras.spec.keras1_removed_names; "
            "import legacy_keras; print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "False False", result.stderr

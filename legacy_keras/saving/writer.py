"""Write a Keras 1 file as a Keras 3 ``.keras`` model or ``.weights.h5`` file, streaming.

The Keras 3 model is built inside ``StatelessScope(initialize_variables=False)``:
its variables have shapes but no memory.  Keras 3's own saving walk decides
where each variable lives in the output file; the Keras 1 arrays are then
read, converted and written one at a time, so converting a file needs
memory for its largest tensor, not for the model.  Output goes to a temporary
file in the target directory and is moved into place with ``os.replace``:
a failed conversion leaves nothing behind.
"""
from __future__ import annotations

import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import Any, Callable

from legacy_keras.saving.hdf5 import Keras1FileError, Keras1H5, read_architecture
from legacy_keras.saving.rules import decide_backend


@dataclass
class ConversionReport:
    """What a conversion did, for the CLI to print."""
    output: str
    theano: bool
    backend_reason: str
    backend_matters: bool
    legacy_classes: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    layers: int = 0


def output_kind(path: str) -> str:
    if path.endswith(".keras"):
        return "keras"
    if path.endswith(".weights.h5"):
        return "weights"
    raise Keras1FileError(f"{path}: output must end in '.keras' (whole model) or '.weights.h5' (weights)")


def _legacy_names(config: Any, found: set[str]) -> set[str]:
    """Registered names in a serialized Keras 3 config that need legacy_keras to load."""
    if isinstance(config, dict):
        registered = config.get("registered_name")
        module = config.get("module")
        inner = config.get("config")
        if isinstance(module, str) and not module.startswith("keras") and module != "builtins" \
                and isinstance(registered, str):
            found.add(f"{module}.{inner}" if registered == "function" else registered)
        elif config.get("class_name") == "function" and isinstance(inner, str) and ">" in inner \
                and not inner.startswith("keras"):
            found.add(inner)
        for value in config.values():
            _legacy_names(value, found)
    elif isinstance(config, list):
        for value in config:
            _legacy_names(value, found)
    return found


def convert(source: str, target: str, arch: str | None = None, custom_objects: dict | None = None,
            source_backend: str | None = None,
            progress: Callable[[int, int], None] | None = None,
            training_config: bool = False) -> ConversionReport:
    """Convert ``source`` (Keras 1 HDF5) into ``target`` (``.keras`` or ``.weights.h5``).

    ``training_config``: compile the ``.keras`` model with the Keras 1
    optimizer/loss/metrics (``legacy_keras.optimizers``...).  Off by default:
    those are legacy_keras classes (Keras 3's differ numerically), so the file
    would no longer open in plain Keras 3.
    """
    kind = output_kind(target)
    with Keras1H5(source) as k1:
        config = read_architecture(arch) if arch else k1.model_config
        if config is None:
            raise Keras1FileError(f"{source}: a weights-only file: give its architecture with "
                                  "--arch ARCH.json (model.to_json()) or --arch MODEL.h5")
        theano, reason, matters = decide_backend(config, source_backend)
        report = ConversionReport(target, theano, reason, matters)
        if k1.optimizer_weight_count:
            report.notes.append(f"Keras 1 optimizer state ({k1.optimizer_weight_count} arrays) dropped: "
                                "Keras 3 optimizers keep different slots")

        from legacy_keras._keras3 import StatelessScope, global_state

        from legacy_keras.saving.config import build_model
        from legacy_keras.saving.loader import StreamingH5Sink, transfer

        with StatelessScope(initialize_variables=False):
            built = build_model(config, custom_objects, theano)
        model = built.model
        report.layers = len(built.records)
        if kind == "keras" and k1.training_config and not arch:
            if training_config:
                from legacy_keras.saving import restore_training_config
                note = restore_training_config(model, k1.training_config)
                if note:
                    report.notes.append(note)
            else:
                optimizer = k1.training_config.get("optimizer_config", {}).get("class_name")
                report.notes.append(
                    f"training configuration (optimizer {optimizer}, loss "
                    f"{k1.training_config.get('loss')!r}) not written, so the file stays plain Keras 3: "
                    "--with-training-config keeps it (loading then needs legacy_keras)")
        directory = os.path.dirname(os.path.abspath(target))
        base = os.path.basename(target)
        handle, weights_tmp = tempfile.mkstemp(dir=directory, prefix=f".{base}.", suffix=".weights.h5")
        os.close(handle)
        archive_tmp = None
        try:
            sink = StreamingH5Sink(model, weights_tmp)
            try:
                total = k1.total_bytes()
                done = [0]

                def step(nbytes: int) -> None:
                    done[0] += nbytes
                    if progress is not None:
                        progress(done[0], total)
                transfer(k1, built.records, theano, sink, progress=step)
            except BaseException:
                sink.abort()
                raise
            sink.finish()
            if kind == "weights":
                os.replace(weights_tmp, target)
            else:
                from legacy_keras._keras3 import saving_lib
                import json
                config_json, metadata_json = saving_lib._serialize_model_as_json(model)
                report.legacy_classes = _legacy_names(json.loads(config_json), set())
                if '"class_name": "Lambda"' in config_json:
                    report.notes.append("the model holds a Python Lambda: Keras 3 opens it only with "
                                        "keras.models.load_model(path, safe_mode=False)")
                handle, archive_tmp = tempfile.mkstemp(dir=directory, prefix=f".{base}.", suffix=".tmp")
                os.close(handle)
                with zipfile.ZipFile(archive_tmp, "w") as archive:
                    archive.writestr(saving_lib._METADATA_FILENAME, metadata_json)
                    archive.writestr(saving_lib._CONFIG_FILENAME, config_json)
                    archive.write(weights_tmp, saving_lib._VARS_FNAME_H5)
                os.replace(archive_tmp, target)
                archive_tmp = None
        finally:
            for leftover in (weights_tmp, archive_tmp):
                if leftover and os.path.exists(leftover):
                    os.remove(leftover)
            # The model's deferred variables must never be materialised later.
            pending = global_state.get_global_attribute("uninitialized_variables") or []
            mine = {id(v) for v in model.weights}
            if getattr(model, "optimizer", None) is not None:
                mine |= {id(v) for v in model.optimizer.variables}
            global_state.set_global_attribute("uninitialized_variables",
                                              [v for v in pending if id(v) not in mine])
    return report

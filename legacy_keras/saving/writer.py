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

import json
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
    lambda_layers: bool = False
    verification: Any = None   # a verify.Verification when verified
    channels_last: Any = None  # a channels_last.Result with --channels-last
    #: "name (Keras 1 class) -> built-in layers" for every layer rewritten.
    rewritten: list[str] = field(default_factory=list)
    #: (name, class, reason) of layers that stay legacy_keras / custom objects.
    kept: list[tuple[str, str, str]] = field(default_factory=list)


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


def open_source(source: str, arch: str | None = None,
                source_backend: str | None = None) -> tuple[Keras1H5, dict, tuple[bool, str, bool]]:
    """Open and parse a Keras 1 input once: ``(open file, model config, decide_backend result)``.

    Every refusal that needs no TensorFlow (bad file, missing or bad
    architecture, bad backend name) happens here; the caller closes the file.
    """
    k1 = Keras1H5(source)
    try:
        config = read_architecture(arch) if arch else k1.model_config
        if config is None:
            raise Keras1FileError(f"{source}: a weights-only file: give its architecture with "
                                  "--arch ARCH.json (model.to_json()) or --arch MODEL.h5")
        decided = decide_backend(config, source_backend, k1.all_weight_names())
    except BaseException:
        k1.close()
        raise
    return k1, config, decided


#: Bytes reserved before the HDF5 data of a ``.keras`` output for the zip local header.
USERBLOCK = 4096
_PADDING_EXTRA_ID = 0x4C4B  # a private zip extra-field record filling the userblock


_CRC_POLY = 0xEDB88320


def _multmodp(a: int, b: int) -> int:
    """a * b modulo the CRC-32 polynomial (reflected), zlib's ``multmodp``; ``a`` != 0."""
    m, p = 1 << 31, 0
    while True:
        if a & m:
            p ^= b
            if not a & (m - 1):
                return p
        m >>= 1
        b = (b >> 1) ^ _CRC_POLY if b & 1 else b >> 1


def _x2nmodp(n: int, k: int) -> int:
    """x^(n * 2^k) modulo the CRC-32 polynomial (zlib's ``x2nmodp``)."""
    p = 1 << 31
    power = 1 << 30            # x^1
    for _ in range(k):
        power = _multmodp(power, power)
    while n:
        if n & 1:
            p = _multmodp(power, p)
        n >>= 1
        power = _multmodp(power, power)
    return p


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B) (zlib's ``crc32_combine``)."""
    return _multmodp(_x2nmodp(length2, 3), crc1) ^ crc2 if length2 else crc1


class _CrcSink:
    """Record the file offset and CRC-32 of every array as it is written.

    The ``.keras`` writer then needs the CRC of the whole HDF5 data without
    reading it back: the recorded pieces are combined with the CRC of the few
    bytes between them (HDF5 metadata), read from the file.
    """

    def __init__(self, inner: StreamingH5SinkType) -> None:
        self.inner = inner
        self.streams = getattr(inner, "streams", False)
        self.pieces: list[tuple[int, int, int]] = []   # (offset, nbytes, crc)
        self.pool: Any = None

    #: Arrays are CRC'd in chunks of this size on worker threads (zlib releases
    #: the GIL), at the same time as h5py writes them.
    CHUNK = 8 << 20

    def __call__(self, layer: Any, variables: list, arrays: list) -> None:
        import numpy as np
        import zlib
        if self.pool is None:
            from concurrent.futures import ThreadPoolExecutor
            self.pool = ThreadPoolExecutor(max(1, min(4, (os.cpu_count() or 2))))
        jobs = []
        for variable, array in zip(variables, arrays):
            dataset = self.inner.slots.get(id(variable))
            if dataset is None:
                continue
            data = np.ascontiguousarray(array, dtype=dataset.dtype)
            view = memoryview(data).cast("B") if data.nbytes else memoryview(b"")
            chunks = [self.pool.submit(zlib.crc32, view[start:start + self.CHUNK])
                      for start in range(0, len(view), self.CHUNK)] if len(view) else []
            jobs.append((dataset, len(view), chunks, data))
        self.inner(layer, variables, arrays)      # the write overlaps the CRCs
        for dataset, nbytes, chunks, _ in jobs:    # done before the caller reuses the buffers
            crc = 0
            for index, future in enumerate(chunks):
                length = min(self.CHUNK, nbytes - index * self.CHUNK)
                crc = crc32_combine(crc, future.result(), length)
            offset = dataset.id.get_offset()
            if offset is not None:
                self.pieces.append((int(offset), nbytes, crc))

    def finish(self) -> None:
        self._stop()
        self.inner.finish()

    def abort(self) -> None:
        self._stop()
        self.inner.abort()

    def _stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None


StreamingH5SinkType = Any


def _file_crc(path: str, start: int, pieces: list[tuple[int, int, int]]) -> int:
    """CRC-32 of ``path[start:]``, reading only the bytes not covered by ``pieces``."""
    import zlib
    end = os.path.getsize(path)
    crc, position = 0, start
    buffer = bytearray(1 << 24)
    with open(path, "rb") as handle:
        def read_span(stop: int) -> None:
            nonlocal crc, position
            handle.seek(position)
            while position < stop:
                view = memoryview(buffer)[:min(len(buffer), stop - position)]
                got = handle.readinto(view)
                if not got:
                    raise OSError(f"{path}: shorter than expected")
                crc = zlib.crc32(view[:got], crc)
                position += got
        for offset, nbytes, piece_crc in sorted(pieces):
            if offset < position or offset + nbytes > end:   # overlap / outside: read it all
                return _file_crc(path, start, []) if pieces else crc
            read_span(offset)
            crc = crc32_combine(crc, piece_crc, nbytes)
            position = offset + nbytes
        read_span(end)
    return crc


def _close_archive(path: str, texts: dict[str, str], weights_name: str,
                   pieces: list[tuple[int, int, int]] | None = None) -> None:
    """Turn an HDF5 file with a :data:`USERBLOCK` into a ``.keras`` zip around it, in place.

    The HDF5 data (after the userblock) becomes the stored entry ``weights_name``:
    its CRC is combined from the ``pieces`` recorded while writing (only the HDF5
    metadata between them is read back), its local header written into the
    userblock (an HDF5 file ignores its userblock, and a file whose userblock is
    cut off is still valid HDF5: its addresses are relative to the superblock),
    then the JSON entries and the central directory are appended with zipfile.
    """
    import struct
    import time
    import zlib
    size = os.path.getsize(path) - USERBLOCK
    crc = _file_crc(path, USERBLOCK, list(pieces or []))
    info = zipfile.ZipInfo(weights_name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.CRC, info.file_size, info.compress_size, info.header_offset = crc, size, size, 0
    info.external_attr = 0o644 << 16
    zip64 = size > zipfile.ZIP64_LIMIT
    padding = USERBLOCK - 30 - len(weights_name.encode()) - (20 if zip64 else 0) - 4
    info.extra = struct.pack("<HH", _PADDING_EXTRA_ID, padding) + bytes(padding)
    header = info.FileHeader(zip64=zip64)
    if len(header) != USERBLOCK:
        raise RuntimeError(f"zip header of {len(header)} bytes does not fill the userblock")
    info.extra = b""
    with open(path, "r+b") as handle:
        handle.write(header)
    with zipfile.ZipFile(path, "a") as archive:   # not yet a zip: zipfile appends after the data
        for name, text in texts.items():
            archive.writestr(name, text)
        archive.filelist.insert(0, info)
        archive.NameToInfo[weights_name] = info


def rebuild(config: dict, custom_objects: dict | None, theano: bool, k1: Keras1H5,
            arch: str | None, image_dim_ordering: str | None) -> Any:
    """The Keras 1 model of ``config`` (weights not loaded), with the defaults of the Keras
    version that wrote it: the converted model, its verification reference and an export's
    reference are all built here, so they cannot disagree."""
    from legacy_keras.saving.config import build_model
    return build_model(config, custom_objects, theano, image_dim_ordering=image_dim_ordering,
                       keras_version=config.get("keras_version") if arch else k1.keras_version,
                       weights_file=k1)


def _verify(path: str, k1: Keras1H5, config: dict, custom_objects: dict | None, theano: bool,
            report: ConversionReport, kind: str, arch: str, builtin: bool, training_config: bool,
            specs: Any, rebuild_options: tuple[str | None, str | None] = (None, None)) -> Any:
    """Compare ``path`` (loaded fresh) with the Keras 1 model rebuilt from the same open file."""
    from legacy_keras.saving import verify as verification
    from legacy_keras.saving.loader import SetWeightsSink, transfer
    reference = rebuild(config, custom_objects, theano, k1, *rebuild_options)
    transfer(k1, reference.records, theano, SetWeightsSink())
    plain = (kind == "keras" and builtin and not training_config and not report.kept
             and not report.legacy_classes and not custom_objects)
    try:
        return _verify_against(verification, path, reference, plain, specs, report, kind, arch, theano)
    except verification.VerificationError as error:   # name the output, not the temporary file
        raise verification.VerificationError(str(error).replace(path, report.output)) from None


def _verify_against(verification: Any, path: str, reference: Any, plain: bool, specs: Any,
                    report: ConversionReport, kind: str, arch: str, theano: bool) -> Any:
    nhwc = report.channels_last
    return verification.verify(path, reference.model, allow_legacy=not plain,
                               custom_objects=tuple(specs), unsafe=report.lambda_layers,
                               arch=None if kind == "keras" else os.path.abspath(arch), theano=theano,
                               inputs_nhwc=nhwc.inputs_nhwc if nhwc else (),
                               outputs_nhwc=nhwc.outputs_nhwc if nhwc else ())


def convert(source: str, target: str, arch: str | None = None, custom_objects: dict | None = None,
            source_backend: str | None = None,
            progress: Callable[[int, int], None] | None = None,
            training_config: bool = False, image_dim_ordering: str | None = None,
            opened: tuple | None = None,
            builtin: bool = True, verify: bool = False,
            verify_custom_objects: tuple[str, ...] | list[str] = (),
            channels_last: bool = False) -> ConversionReport:
    """Convert ``source`` (Keras 1 HDF5) into ``target`` (``.keras`` or ``.weights.h5``).

    ``training_config``: compile the ``.keras`` model with the Keras 1
    optimizer/loss/metrics (``legacy_keras.optimizers``...).  Off by default:
    those are legacy_keras classes (Keras 3's differ numerically), so the file
    would no longer open in plain Keras 3.  ``opened``: what
    :func:`open_source` returned (the CLI parses its input once and passes it
    here); this function closes that file.  ``builtin`` (``.keras`` only):
    rewrite the layers plain Keras 3 lacks into built-in Keras 3 layers with
    the same numbers (:mod:`.builtin`), so the file loads without
    legacy_keras; ``False`` keeps the legacy_keras layers.  ``verify``: before
    the output is moved into place, load it in a fresh process (plain Keras,
    legacy_keras blocked, unless the file keeps legacy objects) and compare its
    predictions on seeded random inputs with the Keras 1 model rebuilt by
    legacy_keras from the same open file (:mod:`.verify`); beyond
    ``verify.RTOL`` raise :class:`~legacy_keras.saving.verify.VerificationError`
    and leave no output.  ``verify_custom_objects``: ``module:attr`` specs the
    fresh process imports for custom layers / Lambda functions.  ``channels_last``
    (``.keras`` with ``builtin`` only): a 'th' model rewritten to take NHWC inputs
    (:mod:`.channels_last`).
    """
    kind = output_kind(target)
    if channels_last and (kind != "keras" or not builtin):
        raise Keras1FileError("--channels-last writes a .keras model of built-in layers "
                              "(not with .weights.h5 or --keep-legacy-layers)")
    if opened is None:
        opened = open_source(source, arch, source_backend)
    k1, config, (theano, reason, matters) = opened
    with k1:
        report = ConversionReport(target, theano, reason, matters)
        if k1.optimizer_weight_count:
            report.notes.append(f"Keras 1 optimizer state ({k1.optimizer_weight_count} arrays) dropped: "
                                "Keras 3 optimizers keep different slots")

        from legacy_keras._keras3 import StatelessScope, global_state

        from legacy_keras.saving.loader import StreamingH5Sink, transfer

        rewritten = None
        with StatelessScope(initialize_variables=False):
            built = rebuild(config, custom_objects, theano, k1, arch, image_dim_ordering)
            report.notes.extend(built.notes)
            model = built.model
            if builtin and kind == "keras":
                from legacy_keras.saving.builtin import rewrite
                rewritten = rewrite(model, keep_training_objects=training_config)
                model = rewritten.model
                report.rewritten = list(rewritten.rewritten)
                report.kept = list(rewritten.kept)
                report.notes.extend(rewritten.notes)
                if channels_last:
                    from legacy_keras.saving import channels_last as nhwc
                    from legacy_keras.saving.rules import iter_layer_configs
                    th = any(isinstance(cfg, dict) and cfg.get("dim_ordering") == "th"
                             for _, cfg in iter_layer_configs(config))
                    transposed = nhwc.rewrite(model, th, nhwc.nchw_inputs(config))
                    model = transposed.model
                    report.channels_last = transposed
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
        config_json = metadata_json = None
        if kind == "keras":
            from legacy_keras._keras3 import (KERAS_CONFIG_FILENAME, KERAS_METADATA_FILENAME,
                                              KERAS_VARS_FILENAME, serialize_model_as_json)
            # Only the config is serialized: no variable is materialised.
            config_json, metadata_json = serialize_model_as_json(model)
            report.legacy_classes = _legacy_names(json.loads(config_json), set())
            report.lambda_layers = '"class_name": "Lambda"' in config_json
            if report.lambda_layers:
                report.notes.append("the model holds a Python Lambda: Keras 3 opens it only with "
                                    "keras.models.load_model(path, safe_mode=False)")
        # A .keras output is written in place: the HDF5 weights file gets a userblock
        # holding the zip entry's local header, so it *is* the archive's model.weights.h5
        # entry (stored, written once); the JSON entries and the central directory follow.
        suffix = ".keras" if kind == "keras" else ".weights.h5"
        handle, weights_tmp = tempfile.mkstemp(dir=directory, prefix=f".{base}.", suffix=suffix)
        os.close(handle)
        archive_tmp = None
        try:
            sink = StreamingH5Sink(model, weights_tmp,
                                   userblock_size=USERBLOCK if kind == "keras" else 0)
            crc_sink = sink = _CrcSink(sink) if kind == "keras" else sink
            if report.channels_last is not None:
                from legacy_keras.saving.channels_last import ChannelsLastSink
                sink = ChannelsLastSink(sink, report.channels_last)
            if rewritten is not None:
                from legacy_keras.saving.builtin import RewritingSink
                sink = RewritingSink(sink, rewritten)
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
            if kind == "keras":
                _close_archive(weights_tmp, {KERAS_METADATA_FILENAME: metadata_json,
                                             KERAS_CONFIG_FILENAME: config_json},
                               KERAS_VARS_FILENAME, crc_sink.pieces)
            final_tmp = weights_tmp
            if verify:
                report.verification = _verify(final_tmp, k1, config, custom_objects, theano, report,
                                              kind, arch or source, builtin, training_config,
                                              verify_custom_objects, (arch, image_dim_ordering))
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(final_tmp, 0o666 & ~umask)  # mkstemp made it private; a normal file now
            os.replace(final_tmp, target)
        finally:
            for leftover in (weights_tmp, archive_tmp):
                if leftover and os.path.exists(leftover):
                    os.remove(leftover)
            # The model's deferred variables must never be materialised later.
            pending = global_state.get_global_attribute("uninitialized_variables") or []
            mine = {id(v) for v in model.weights} | {id(v) for v in built.model.weights}
            if rewritten is not None:
                mine |= {id(v) for v in rewritten.model.weights}
            if getattr(model, "optimizer", None) is not None:
                mine |= {id(v) for v in model.optimizer.variables}
            global_state.set_global_attribute("uninitialized_variables",
                                              [v for v in pending if id(v) not in mine])
    return report

"""Reading Keras 1.0-1.2.2 HDF5 files: the only module that talks to h5py.

Everything else in :mod:`legacy_keras.saving` receives plain Python configs
and numpy arrays from here, one dataset at a time (a converter's memory stays
at the size of the largest tensor).  No TensorFlow import: ``legacy-convert
--info`` runs on this module alone.

Layouts understood (reference section 4.1):

* ``model.save``: root attrs ``keras_version``, ``model_config``,
  ``training_config``; group ``model_weights`` with attr ``layer_names``;
  optional ``optimizer_weights``.
* ``model.save_weights``: root attr ``layer_names``; one group per layer
  with attr ``weight_names``; datasets ``<layer>/<weight name>``.

Attributes written by h5py 2 era Keras are ``bytes`` (or fixed-length
``np.bytes_`` arrays); read back by h5py 3 they may be ``str`` object
arrays.  :func:`decode` accepts all of them.
"""
from __future__ import annotations

import json
import os
import zipfile
from typing import Any, Iterator

import numpy as np

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


class Keras1FileError(ValueError):
    """A file cannot be converted; the message is one line for the user."""


class NeedsNoConversion(Keras1FileError):
    """The file was written by Keras 2 or 3: modern Keras reads it directly."""


def decode(value: Any) -> Any:
    """HDF5 attribute (bytes, str, numpy bytes/object arrays) -> str or list of str."""
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf8")
    if isinstance(value, np.ndarray):
        return [decode(item) for item in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [decode(item) for item in value]
    return value


def _json_attr(attrs: Any, key: str) -> dict | None:
    if key not in attrs:
        return None
    text = decode(attrs[key])
    if isinstance(text, list):  # a 1-element array
        text = text[0]
    try:
        return json.loads(text)
    except (TypeError, ValueError) as error:
        raise Keras1FileError(f"attribute {key!r} is not valid JSON ({error})") from None


def open_hdf5(path: str | os.PathLike, mode: str = "r") -> Any:
    """An ``h5py.File`` -- the one place the package opens HDF5 (``HDF5Matrix``, Keras 2-style
    HDF5 weights written/read by ``save_weights``/``load_weights``)."""
    import h5py
    return h5py.File(os.fspath(path), mode)


def root_attribute(path: str | os.PathLike, key: str) -> Any:
    """A root attribute of an HDF5 file (``None`` when absent), decoded to ``str``."""
    with open_hdf5(path, "r") as handle:
        value = handle.attrs.get(key)
    return decode(value) if value is not None else None


LFS_POINTER = b"version https://git-lfs"


def file_kind(path: str | os.PathLike) -> str:
    """What a file is by its content, never its name: ``'hdf5'``, ``'zip'`` (a
    Keras 3 ``.keras`` archive), ``'text'`` (an architecture file?) or
    ``'other'``.  Raises :class:`Keras1FileError` (one line) for a missing
    path, a directory, an empty file and a Git LFS pointer."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise Keras1FileError(f"{path}: no such file")
    if os.path.isdir(path):
        raise Keras1FileError(f"{path}: is a directory, not a Keras 1 HDF5 file")
    with open(path, "rb") as handle:
        head = handle.read(512)
    if not head:
        raise Keras1FileError(f"{path}: the file is empty (0 bytes): an interrupted save or "
                              "download? Keras 1 models and weights are HDF5 files")
    if head.startswith(LFS_POINTER):
        raise Keras1FileError(f"{path} is a Git LFS pointer, not the HDF5 file: run `git lfs pull`")
    if head[:8] == HDF5_SIGNATURE:
        return "hdf5"
    if zipfile.is_zipfile(path):
        return "zip"
    try:
        head.decode("utf-8")
        return "text" if b"\x00" not in head else "other"
    except UnicodeDecodeError:
        return "other"


def _open_h5(path: str):
    import h5py

    kind = file_kind(path)
    if kind != "hdf5":
        if kind == "zip":
            raise NeedsNoConversion(
                f"{path}: a Keras 3 '.keras' archive; it needs no conversion "
                "(open it with keras.models.load_model)")
        if kind == "text":
            raise Keras1FileError(f"{path}: not an HDF5 file but text (an architecture file? "
                                  "pass it as the architecture: --arch / model_from_json)")
        raise Keras1FileError(f"{path}: not an HDF5 file (Keras 1 saved models and weights as HDF5)")
    try:
        return h5py.File(path, "r")
    except OSError as error:
        reason = str(error).split("(")[0].strip().rstrip(",") or "unreadable"
        raise Keras1FileError(f"{path}: damaged or truncated HDF5 file ({reason})") from None


class Keras1H5:
    """An open Keras 1 HDF5 file (full model or weights only).

    Raises :class:`Keras1FileError` (one-line messages) when the file is not
    a Keras 1 file, and :class:`NeedsNoConversion` for Keras 2/3 files.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = os.fspath(path)
        self._file = _open_h5(self.path)
        try:
            self._classify()
        except Exception:
            self._file.close()
            raise

    # -- classification ----------------------------------------------------
    def _classify(self) -> None:
        f = self._file
        attrs = f.attrs
        version = decode(attrs["keras_version"]) if "keras_version" in attrs else None
        if isinstance(version, list):
            version = version[0] if version else None
        self.keras_version: str | None = version
        if "backend" in attrs or (version and not str(version).startswith("1")):
            major = str(version or "2").split(".")[0]
            raise NeedsNoConversion(
                f"{self.path}: written by Keras {version or major} (backend "
                f"{decode(attrs['backend']) if 'backend' in attrs else 'recorded'}); it needs no "
                "conversion (keras.models.load_model / model.load_weights read it)")
        if "layer_names" not in attrs and "model_weights" not in f:
            if "layers" in f or "vars" in f or "_layer_checkpoint_dependencies" in f:
                raise NeedsNoConversion(
                    f"{self.path}: a Keras 3 '.weights.h5' file; it needs no conversion "
                    "(model.load_weights reads it)")
            if "nb_layers" in attrs:
                raise Keras1FileError(
                    f"{self.path}: pre-1.0 Keras weights layout (nb_layers/layer_k/param_p) "
                    "is not supported; load it in Keras 1.2.2 and save it again")
            raise Keras1FileError(f"{self.path}: HDF5 file without Keras model or weights "
                                  "(no 'layer_names' attribute, no 'model_weights' group)")
        self.model_config: dict | None = _json_attr(attrs, "model_config")
        self.training_config: dict | None = _json_attr(attrs, "training_config")
        if "model_weights" in f:
            self.kind = "model"
            self._weights = f["model_weights"]
        else:
            self.kind = "weights"
            self._weights = f
        if "layer_names" not in self._weights.attrs:
            raise Keras1FileError(f"{self.path}: group 'model_weights' has no 'layer_names' attribute")
        self.layer_names: list[str] = list(decode(self._weights.attrs["layer_names"]))
        for name in self.layer_names:
            if name not in self._weights:
                raise Keras1FileError(f"{self.path}: layer {name!r} is listed in layer_names "
                                      "but has no group")
        self.optimizer_weight_count = (len(f["optimizer_weights"].attrs.get("weight_names", []))
                                       if "optimizer_weights" in f else 0)

    # -- optimizer state -----------------------------------------------------
    def optimizer_weights(self) -> list[np.ndarray]:
        """The file's ``optimizer_weights`` arrays in their ``weight_names`` order
        (Keras 1's ``optimizer.get_weights()`` order, as its ``load_model`` set them)."""
        if "optimizer_weights" not in self._file:
            return []
        group = self._file["optimizer_weights"]
        names = list(decode(group.attrs.get("weight_names", [])))
        arrays = []
        for name in names:
            try:
                arrays.append(np.asarray(self._dataset(group, name)[()]))
            except OSError as error:
                raise Keras1FileError(f"{self.path}: cannot read optimizer weight {name!r}: damaged "
                                      f"or truncated file ({str(error).split('(')[0].strip()})") from None
        return [a.astype(np.float32) if a.dtype == np.float64 else a for a in arrays]

    # -- weights -------------------------------------------------------------
    def weight_names(self, layer: str) -> list[str]:
        """Keras 1 weight names of ``layer`` in file order (``dense_1_W``...)."""
        group = self._weights[layer]
        return list(decode(group.attrs.get("weight_names", [])))

    def all_weight_names(self) -> list[str]:
        """Every weight name of the file, in order: the evidence of the training backend
        (``rules.evidence_from_weight_names``)."""
        return [name for layer in self.layer_names for name in self.weight_names(layer)]

    def weight_shapes(self, layer: str) -> list[tuple[int, ...]]:
        group = self._weights[layer]
        return [tuple(self._dataset(group, name).shape) for name in self.weight_names(layer)]

    def _dataset(self, group: Any, name: str) -> Any:
        try:
            return group[name]
        except KeyError:
            raise Keras1FileError(f"{self.path}: layer group {group.name!r} lists weight {name!r} "
                                  "but has no such dataset") from None

    def read(self, layer: str, name: str, buffer_pool: dict | None = None, slot: int = 0) -> np.ndarray:
        """One weight array (float64 from Theano floatX=float64 becomes float32).

        With ``buffer_pool`` (a dict the caller keeps), arrays are read into
        reused flat buffers keyed by ``(slot, dtype)`` (grown when needed): a streaming converter
        then touches the same memory for every layer instead of faulting in
        fresh pages per tensor.  The caller must be done with the previous
        array of the same slot.
        """
        try:
            dataset = self._dataset(self._weights[layer], name)
            if buffer_pool is not None and dataset.shape and dataset.dtype.kind == "f":
                key = (slot, dataset.dtype.str)
                size = int(np.prod(dataset.shape))
                if key not in buffer_pool or buffer_pool[key].size < size:
                    buffer_pool.pop(key, None)
                    buffer_pool[key] = np.empty(size, dataset.dtype)
                array = buffer_pool[key][:size].reshape(dataset.shape)
                dataset.read_direct(array)
            else:
                array = dataset[()]
        except OSError as error:
            raise Keras1FileError(f"{self.path}: cannot read {layer}/{name}: damaged or truncated "
                                  f"file ({str(error).split('(')[0].strip()})") from None
        array = np.asarray(array)
        if array.dtype == np.float64:
            array = array.astype(np.float32)
        return array

    def read_layer(self, layer: str) -> list[tuple[str, np.ndarray]]:
        return [(name, self.read(layer, name)) for name in self.weight_names(layer)]

    def iter_layers(self) -> Iterator[str]:
        return iter(self.layer_names)

    def total_bytes(self) -> int:
        total = 0
        for layer in self.layer_names:
            group = self._weights[layer]
            for name in self.weight_names(layer):
                data = self._dataset(group, name)
                total += int(np.prod(data.shape)) * data.dtype.itemsize
        return total

    # -- context manager -----------------------------------------------------
    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Keras1H5":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def is_keras1_file(path: str | os.PathLike) -> bool:
    """True for a Keras 1 HDF5 model or weights file (never raises)."""
    try:
        with Keras1H5(path):
            return True
    except (Keras1FileError, OSError):
        return False


def read_architecture(path: str | os.PathLike) -> dict:
    """A Keras 1 model config from ``to_json``/``to_yaml`` text or a full-model HDF5 file."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise Keras1FileError(f"{path}: no such file")
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == HDF5_SIGNATURE:
        with Keras1H5(path) as k1:
            if k1.model_config is None:
                raise Keras1FileError(f"{path}: a weights-only file has no architecture "
                                      "(give the to_json file or a model.save file)")
            return k1.model_config
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise Keras1FileError(f"{path}: neither JSON/YAML text nor an HDF5 model file") from None
    return parse_architecture_text(text, path)


def _keras1_yaml(text: str) -> Any:
    """``yaml.safe_load`` plus the Python tags Keras 1's ``to_yaml`` (PyYAML's full dumper)
    wrote: tuples, and numpy scalars/dtypes (``input_dim`` taken from a numpy shape).
    Only those are constructed, from data: no arbitrary Python object is ever built."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def tuple_(loader: Any, node: Any) -> list:
        return loader.construct_sequence(node, deep=True)

    def dtype_(loader: Any, node: Any) -> Any:
        args = loader.construct_sequence(node, deep=True) if isinstance(node, yaml.SequenceNode) \
            else loader.construct_mapping(node, deep=True).get("args", [])
        return np.dtype(str(args[0]))

    def scalar_(loader: Any, node: Any) -> Any:
        args = loader.construct_sequence(node, deep=True) if isinstance(node, yaml.SequenceNode) \
            else loader.construct_mapping(node, deep=True).get("args", [])
        dtype, data = args[0], args[1]
        if isinstance(data, str):
            data = data.encode("latin-1")
        return np.frombuffer(data, dtype=dtype)[0].item()

    Loader.add_constructor("tag:yaml.org,2002:python/tuple", tuple_)
    Loader.add_constructor("tag:yaml.org,2002:python/object/apply:numpy.dtype", dtype_)
    Loader.add_constructor("tag:yaml.org,2002:python/object/apply:numpy.core.multiarray.scalar", scalar_)
    return yaml.load(text, Loader=Loader)  # noqa: S506 - a SafeLoader subclass


def load_config_text(text: str | bytes) -> Any:
    """The object in architecture text as people saved it.

    ``model.to_json()`` written as is, ``json.dump(model.to_json(), f)`` (a
    JSON string holding the JSON: most published architecture files),
    ``model.to_yaml()``, with or without a UTF-8 BOM, surrounding whitespace or
    a trailing newline.  Returns what was parsed (``None`` if nothing parses).
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    text = text.lstrip("\ufeff").strip()
    config: Any
    try:
        config = json.loads(text)
    except ValueError:
        try:
            config = _keras1_yaml(text)
        except Exception:
            config = None
    for _ in range(3):  # double- (rarely triple-) encoded JSON
        if not isinstance(config, str):
            break
        try:
            config = json.loads(config.lstrip("\ufeff").strip())
        except ValueError:
            break
    return config


def parse_architecture_text(text: str, source: str = "architecture") -> dict:
    """Parse ``model.to_json()`` / ``model.to_yaml()`` output (see :func:`load_config_text`)."""
    config = load_config_text(text)
    if not isinstance(config, dict) or "class_name" not in config or "config" not in config:
        raise Keras1FileError(f"{source}: not a Keras model architecture "
                              "(expected model.to_json()/to_yaml() output with class_name and config)")
    version = str(config.get("keras_version", "1"))
    if not version.startswith("1"):
        raise NeedsNoConversion(f"{source}: written by Keras {version}; it needs no conversion "
                                "(keras.models.model_from_json reads it)")
    if isinstance(config["config"], dict) and "layers" in config["config"]:
        for layer in config["config"]["layers"]:
            if isinstance(layer, dict) and "module" in layer:
                raise NeedsNoConversion(f"{source}: a Keras 3 architecture; it needs no conversion")
    return config

"""Matching Keras 1 weight groups to Keras 3 layers, converting, and writing them.

Matching is by the Keras 1 layer names stored in the file (``layer_names``,
``weight_names``), never by position alone: Keras 1 functional ``layer_names``
order differs from Keras 3's ``model.layers`` order, and nested containers
store their sub-layers' weights in one group under the sub-layers' own names
(reference section 4.1).  Array layouts are converted by the per-layer rules
of :mod:`legacy_keras.weights`.

Two sinks receive the converted arrays: :class:`SetWeightsSink` (``set_weights``
on a live model) and :class:`StreamingH5Sink`, which writes a Keras 3
``.weights.h5`` file one array at a time for a model built without
allocating its variables (memory stays at the largest tensor).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

import numpy as np

from legacy_keras import weights as weight_rules
from legacy_keras.saving.config import LayerRecord
from legacy_keras.saving.hdf5 import Keras1FileError, Keras1H5


#: Keras 1.2.2 did not save their ``shared_axes``: a model rebuilt before the file was seen
#: (``model_from_json``) has one parameter per position; the file's shared values repeat exactly.
SHARED_AXES_CLASSES = ("PReLU", "ParametricSoftplus", "SReLU")


def _broadcast_shared(layer: Any, arrays: list[np.ndarray]) -> list[np.ndarray]:
    out = []
    for variable, array in zip(list(layer.weights), arrays):
        shape = tuple(variable.shape)
        if tuple(array.shape) != shape and array.ndim == len(shape) and \
                all(a in (1, b) for a, b in zip(array.shape, shape)):
            array = np.ascontiguousarray(np.broadcast_to(array, shape))
        out.append(array)
    return out + arrays[len(out):]


class WeightMismatchError(Keras1FileError):
    """File weights and architecture disagree (names, counts or shapes)."""


def _split_by_owner(names: list[str], children: list[LayerRecord]) -> dict[str, list[int]]:
    """Assign each weight name of a container group to the sub-layer it starts with.

    ``dense_1`` owns ``dense_1_W`` but not ``dense_10_W``: the character after
    the prefix must not be a digit.  The longest matching name wins.
    """
    owners: dict[str, list[int]] = {child.name: [] for child in children}
    flat = sorted(owners, key=len, reverse=True)
    for index, weight in enumerate(names):
        for owner in flat:
            rest = weight[len(owner):]
            if weight.startswith(owner) and rest.startswith("_") and not rest[1:2].isdigit():
                owners[owner].append(index)
                break
        else:
            raise WeightMismatchError(f"weight {weight!r} of a container group belongs to no "
                                      f"sub-layer ({', '.join(owners)})")
    return owners


def convert_arrays(record: LayerRecord, names: list[str], arrays: list[np.ndarray],
                   theano: bool) -> list[tuple[Any, list[np.ndarray], list[str]]]:
    """Keras 1 arrays of one file group -> ``[(keras3_layer, arrays, k1_names)]``."""
    if record.children:
        leaves: list[LayerRecord] = []

        def flatten(items: Iterable[LayerRecord]) -> None:
            for item in items:
                if item.children:
                    flatten(item.children)
                else:
                    leaves.append(item)
        flatten(record.children)
        owners = _split_by_owner(names, leaves)
        result = []
        for leaf in leaves:
            picked = owners[leaf.name]
            if picked:
                result.extend(convert_arrays(leaf, [names[i] for i in picked],
                                             [arrays[i] for i in picked], theano))
        return result
    class_name, config = record.class_name, record.config
    if class_name in ("TimeDistributed", "Bidirectional") and not weight_rules.has_rule(class_name):
        inner = config["layer"]
        if class_name == "TimeDistributed":
            converted = weight_rules.to_keras3(inner["class_name"], inner["config"], arrays, theano)
        else:
            half = len(arrays) // 2
            converted = (weight_rules.to_keras3(inner["class_name"], inner["config"], arrays[:half], theano)
                         + weight_rules.to_keras3(inner["class_name"], inner["config"], arrays[half:], theano))
    else:
        converted = weight_rules.to_keras3(class_name, config, arrays, theano)
    return [(record.layer, converted, names)]


def _check(record_name: str, class_name: str, layer: Any, arrays: list[np.ndarray],
           names: list[str]) -> list[Any]:
    variables = list(layer.weights)
    if len(variables) != len(arrays):
        raise WeightMismatchError(
            f"layer {record_name!r} ({class_name}): the file holds {len(names)} arrays "
            f"({', '.join(names[:4])}{'...' if len(names) > 4 else ''}) converting to {len(arrays)}, "
            f"but the architecture's layer has {len(variables)} weights")
    for variable, array, index in zip(variables, arrays, range(len(arrays))):
        if tuple(variable.shape) != tuple(array.shape):
            raise WeightMismatchError(
                f"layer {record_name!r} ({class_name}): weight {index} has shape "
                f"{tuple(array.shape)} in the file (converted) but {tuple(variable.shape)} in the "
                "architecture")
    return variables


class SetWeightsSink:
    """Assign converted arrays to a live model's variables."""

    def __call__(self, layer: Any, variables: list, arrays: list[np.ndarray]) -> None:
        # the arrays are converted already: Keras 1 layers' own set_weights takes Keras 1 layouts
        getattr(layer, "set_keras3_weights", layer.set_weights)(arrays)

    def finish(self) -> None:
        pass


def transfer(k1: Keras1H5, records: dict[str, LayerRecord], theano: bool,
             sink: Callable, by_name: bool = False,
             progress: Callable[[int], None] | None = None, by_order: bool = False) -> list[str]:
    """Stream every file group into ``records`` via ``sink``; return layers filled.

    Every weighted layer of the architecture must receive weights, every file
    group with weights must find its layer (``by_name=True`` skips file
    groups without a layer of that name, like Keras 1 did).  When names do
    not match and ``by_name`` is False, layers with weights are paired in
    order (Keras 1's own rule), provided the counts agree.
    """
    filled: list[str] = []
    file_layers = k1.layer_names
    # Streaming sinks consume each array before the next group is read.
    pool: dict | None = {} if getattr(sink, "streams", False) else None
    weighted_records = {name: rec for name, rec in records.items()
                        if rec.layer is not None and len(getattr(rec.layer, "weights", [])) > 0}
    missing = [name for name in file_layers if name not in records and k1.weight_names(name)]
    if missing and not by_name:
        file_weighted = [name for name in file_layers if k1.weight_names(name)]
        if by_order or len(file_weighted) == len(weighted_records):
            # Keras 1 ``load_weights(by_name=False)``: weighted layers in order.
            if len(file_weighted) != len(weighted_records):
                raise WeightMismatchError(
                    f"the file has {len(file_weighted)} layers with weights, the model "
                    f"{len(weighted_records)}: not the same architecture")
            records = {file_name: record for file_name, record
                       in zip(file_weighted, weighted_records.values())}
            weighted_records = dict(records)
            missing = []
        else:
            raise WeightMismatchError(
                f"layer {missing[0]!r} of the weights file has no layer of that name in the "
                f"architecture (architecture layers with weights: {', '.join(weighted_records) or 'none'})")
    for name in file_layers:
        weight_names = k1.weight_names(name)
        record = records.get(name)
        if record is None:
            continue
        if not weight_names:
            if record.layer is not None and len(getattr(record.layer, "weights", [])) and \
                    not record.children and name in weighted_records:
                raise WeightMismatchError(
                    f"layer {name!r} ({record.class_name}) has no weights in the file but "
                    f"{len(record.layer.weights)} in the architecture")
            continue
        if record.layer is None:
            raise WeightMismatchError(f"layer {name!r} has weights in the file but no layer "
                                      "in the architecture")
        arrays = [k1.read(name, weight, pool, slot) for slot, weight in enumerate(weight_names)]
        for layer, converted, names in convert_arrays(record, weight_names, arrays, theano):
            if record.class_name in SHARED_AXES_CLASSES:
                converted = _broadcast_shared(layer, converted)
            variables = _check(name if layer is record.layer else getattr(layer, "name", name),
                               record.class_name if layer is record.layer else type(layer).__name__,
                               layer, converted, names)
            sink(layer, variables, converted)
            if progress is not None:
                progress(sum(int(a.nbytes) for a in converted))
        del arrays
        filled.append(name)
    lacking = [name for name, rec in weighted_records.items()
               if name not in filled and rec.class_name not in ("InputLayer",) and not by_name]
    if lacking:
        raise WeightMismatchError(f"layer {lacking[0]!r} ({records[lacking[0]].class_name}) of the "
                                  "architecture has no weights in the file")
    return filled


class StreamingH5Sink:
    """Write a Keras 3 ``.weights.h5`` file without holding the model's weights.

    The model must have been built inside a ``StatelessScope`` that does not
    initialize variables.  Keras 3's own saving walk (``_save_state``) runs
    against a recording store that creates each dataset with its shape only;
    arrays are then written as the file is read, one at a time.  Variables
    the Keras 1 file does not provide (seed-generator states...) get their
    initializer's value at the end.
    """

    streams = True

    def __init__(self, model: Any, path: str, userblock_size: int = 0) -> None:
        from legacy_keras._keras3 import (H5IOStore, h5_entry_group, hook, save_state,
                                          variable_is_deferred)

        slots: dict[int, Any] = {}
        variables: dict[int, Any] = {}
        written: set[int] = set()

        class RecordingStore(H5IOStore):
            def _get_h5_file(self, path_or_io, mode=None):
                if not userblock_size:
                    return hook(super(), "get_h5_file")(path_or_io, mode)
                import h5py  # a userblock: legacy-convert writes the .keras zip around the file
                return h5py.File(path_or_io, mode=mode or self.mode, userblock_size=userblock_size)

            def __setitem__(self, key, value):
                group = h5_entry_group(self)
                if not variable_is_deferred(value):
                    # A materialised variable or a computed tensor: write it now.
                    from keras import ops
                    group[key] = np.asarray(ops.convert_to_numpy(value))
                    dataset = group[key]
                    slots[id(value)] = dataset
                    written.add(id(value))
                    return
                dataset = group.create_dataset(
                    key, shape=tuple(value.shape), dtype=np.dtype(str(value.dtype)))
                slots[id(value)] = dataset
                variables[id(value)] = value

        self.store = RecordingStore(path, mode="w")
        self.slots = slots
        self.variables = variables
        self.written = written
        save_state(model, weights_store=self.store, assets_store=None,
                   inner_path="", visited_saveables=set())

    def __call__(self, layer: Any, variables: list, arrays: list[np.ndarray]) -> None:
        for variable, array in zip(variables, arrays):
            dataset = self.slots.get(id(variable))
            if dataset is None:
                raise WeightMismatchError(f"variable {variable.path} of layer {layer.name!r} is "
                                          "not saved by Keras 3")
            dataset[...] = np.asarray(array, dtype=dataset.dtype)
            self.written.add(id(variable))

    def finish(self) -> None:
        for key, dataset in self.slots.items():
            if key in self.written:
                continue
            variable = self.variables[key]
            from legacy_keras._keras3 import variable_initializer
            initializer = variable_initializer(variable)
            value = initializer(tuple(variable.shape), dtype=str(variable.dtype)) \
                if callable(initializer) else initializer
            from keras import ops
            dataset[...] = np.asarray(ops.convert_to_numpy(value), dtype=dataset.dtype)
        self.store.close()

    def abort(self) -> None:
        try:
            self.store.close()
        except Exception:
            pass

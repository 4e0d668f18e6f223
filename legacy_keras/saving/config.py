"""Keras 1 model configs (``to_json``/``to_yaml``/HDF5 ``model_config``) -> Keras 3 models.

Keras 3 cannot deserialize a Keras 1 config (Keras 1 keys, Keras 1 node
format, Merge-of-Sequentials), so the model is rebuilt programmatically:
every layer is the ``legacy_keras.layers`` class of the same name constructed
from its Keras 1 config keys (those classes make Keras 1 defaults explicit),
wired with the functional API.

* ``Sequential`` (a list of layer dicts) -> ``keras.Sequential`` (first
  layer's ``batch_input_shape``/``input_dtype`` become the ``Input``);
  a Sequential whose first layer is a ``Merge`` of Sequentials becomes a
  functional model with one input per branch (branch layers flattened, as in
  the HDF5 ``layer_names``).
* functional ``Model`` -> ``keras.Model``; ``inbound_nodes`` entries are
  ``[layer, node_index, tensor_index]``; a nested container's node indices
  start at 1 (Keras 1 counted the container's own internal node as 0).

The builder keeps, for every Keras 1 layer name, a :class:`LayerRecord`
(class, Keras 1 config, the Keras 3 layer, children of containers) so that
weights are matched by the names stored in the file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import keras

from legacy_keras.saving import theano as theano_modes
from legacy_keras.saving.hdf5 import Keras1FileError, parse_architecture_text
from legacy_keras.saving.rules import iter_layer_configs  # noqa: F401


def _keras3_name(name: str) -> str:
    """A Keras 1 layer name Keras 3 accepts ('fire2/squeeze1x1'; see engine/topology.py)."""
    from legacy_keras.engine.topology import keras3_name
    return keras3_name(name)

CONTAINERS = ("Sequential", "Model", "Graph")

#: Keys Keras 1 ``get_config`` writes that are not constructor arguments.
CONFIG_ONLY_KEYS: dict[str, tuple[str, ...]] = {
    "Merge": ("mode_type", "output_shape_type", "output_mask_type"),
    "Lambda": ("function_type", "output_shape_type"),
}

#: Input-shape keys that Keras 1 configs repeat next to ``batch_input_shape``.
REDUNDANT_INPUT_KEYS = ("input_dim", "input_length")

_LAMBDA_HINT = ("pass the Python function as custom_objects={%r: function} or under its own name "
                "(CLI: --custom-objects module:attr, attr a dict)")


class UnknownLayerError(Keras1FileError):
    """A layer class that neither Keras 1 nor ``custom_objects`` defines."""


class LambdaError(Keras1FileError):
    """Keras 1 stored a Python function as marshalled bytecode."""


@dataclass
class LayerRecord:
    """One Keras 1 layer of the file and the Keras 3 object standing for it."""
    name: str
    class_name: str
    config: Any
    layer: Any = None
    children: list["LayerRecord"] = field(default_factory=list)


@dataclass
class Keras1Model:
    """A rebuilt model plus what loading weights into it needs."""
    model: Any
    records: dict[str, LayerRecord]
    theano: bool
    legacy_classes: set[str]
    #: layers rebuilt with extra padding/cropping or replaced for Theano's alignment
    theano_layers: list[str] = field(default_factory=list)
    #: how the backend was decided ('given', 'weight names', 'dim_ordering')
    backend_source: str = "dim_ordering"
    #: the default dim_ordering assumed for layers whose config does not say (or None)
    ordering_note: str | None = None
    #: what was substituted to rebuild the model (one line each)
    notes: list[str] = field(default_factory=list)


def normalize_config(config: Any) -> dict:
    """Accept a dict, a JSON/YAML string or ``(class_name, config)``; return the dict."""
    if isinstance(config, (str, bytes)):
        config = parse_architecture_text(config.decode() if isinstance(config, bytes) else config)
    if not isinstance(config, dict) or "class_name" not in config:
        raise Keras1FileError("not a Keras 1 model config (expected {'class_name', 'config'})")
    return config


def _is_bytecode(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 3 and isinstance(value[0], str)


def _function_name(stored: Any) -> str:
    """`` 'name'`` of marshalled Keras 1 bytecode when this Python can read it, else a note."""
    try:
        import marshal
        name = marshal.loads(stored[0].encode("raw_unicode_escape")).co_name
        return f" {name!r}" if name != "<lambda>" else " (a lambda)"
    except Exception:
        return " (bytecode of another Python version)"


class _Builder:
    def __init__(self, custom_objects: dict | None, theano: bool, keras1_api: bool = False) -> None:
        self.custom_objects = dict(custom_objects or {})
        self.theano = theano
        self.legacy_classes: set[str] = set()
        self.theano_layers: list[str] = []
        self.notes: list[str] = []
        self.sequential_class: Any = keras.Sequential
        self.model_class: Any = keras.Model
        if keras1_api:
            # Models with the Keras 1 API (fit(nb_epoch=...), predict_classes ...);
            # they serialize as plain keras.Sequential / keras.Model.
            from legacy_keras.saving.api import _model_classes
            self.sequential_class, self.model_class = _model_classes()

    def new_model(self, inputs: Any, outputs: Any, name: str | None) -> Any:
        # A Keras 1 identity layer (linear Activation, ActivityRegularization...) returns its
        # input tensor: an output that *is* an input needs a node of its own in Keras 3.
        ins = inputs if isinstance(inputs, list) else [inputs]
        if isinstance(outputs, list):
            outputs = [keras.layers.Identity()(o) if any(o is i for i in ins) else o for o in outputs]
        elif any(outputs is i for i in ins):
            outputs = keras.layers.Identity()(outputs)
        if name is None:
            return self.model_class(inputs=inputs, outputs=outputs)
        return self.model_class(inputs=inputs, outputs=outputs, name=name)

    def new_sequential(self, layers: list, name: str | None) -> Any:
        if name is None:
            return self.sequential_class(layers)
        return self.sequential_class(layers, name=name)

    # -- classes -----------------------------------------------------------
    def layer_class(self, class_name: str, name: str) -> Callable:
        if class_name in self.custom_objects:
            return self.custom_objects[class_name]
        from legacy_keras import layers as legacy_layers
        found = getattr(legacy_layers, class_name, None)
        if found is not None:
            return found
        from legacy_keras.spec import layers as spec
        if class_name in spec.SIGNATURES:
            raise UnknownLayerError(
                f"layer {name!r}: Keras 1 class {class_name!r} is not available in "
                "legacy_keras.layers (not implemented yet)")
        raise UnknownLayerError(
            f"layer {name!r} has class {class_name!r}, which is not a Keras 1 layer: "
            f"pass custom_objects={{{class_name!r}: <Keras 3 layer class>}} "
            "(CLI: --custom-objects module:attr)")

    def construct(self, class_name: str, config: dict) -> Any:
        """A Keras 3 layer for one Keras 1 layer dict."""
        name = config.get("name", class_name.lower())
        config = {k: v for k, v in config.items() if k not in CONFIG_ONLY_KEYS.get(class_name, ())}
        if class_name == "Lambda":
            return self.lambda_layer(name, config)
        if class_name == "Merge":
            for key in ("mode", "output_shape", "output_mask"):
                if _is_bytecode(config.get(key)):
                    supplied = self.custom_objects.get(name) or self.function_by_name(config[key])
                    if supplied is None:
                        raise LambdaError(
                            f"layer {name!r}: Merge {key} is a Python function stored as "
                            "bytecode by Keras 1 (never executed); " + _LAMBDA_HINT % name)
                    config[key] = supplied
        if "layer" in config and isinstance(config["layer"], dict) and "class_name" in config["layer"]:
            inner = config["layer"]
            config = dict(config)
            config["layer"] = self.construct(inner["class_name"], inner["config"])
        cls = self.layer_class(class_name, name)
        if class_name not in self.custom_objects:
            config = self.substitute_unresolvable(name, class_name, config)
        try:
            try:
                layer = cls(**config)
            except TypeError as error:
                # Keras 1 get_config writes input_dim/input_length next to
                # batch_input_shape even for classes whose signature lacks them
                # (AtrousConvolution1D): they are redundant, retry without.
                # Likewise the base key ``trainable`` for classes whose Keras 3
                # constructor does not take it (SpatialDropout2D): set it after.
                redundant = [k for k in REDUNDANT_INPUT_KEYS + ("trainable",)
                             if k in config and repr(k) in str(error)]
                if not redundant:
                    raise
                layer = cls(**{k: v for k, v in config.items()
                               if k not in REDUNDANT_INPUT_KEYS + ("trainable",)})
                if "trainable" in config:
                    layer.trainable = bool(config["trainable"])
        except Keras1FileError:
            raise
        except Exception as error:  # a constructor refusing a Keras 1 config value
            message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise Keras1FileError(f"layer {name!r} ({class_name}): cannot be rebuilt: {message}") from None
        self._note_class(layer)
        return layer

    def substitute_unresolvable(self, name: str, class_name: str, config: dict) -> dict:
        """Drop initializer/regularizer/constraint values Keras 1 itself could not rebuild.

        A Keras 1 file may name ``init: "<lambda>"`` (a function the script
        passed), or an initializer/regularizer/constraint from a user module.
        Genuine Keras 1 refused such configs although every weight is in the
        file; once weights are loaded the initializer is irrelevant, and the
        regularizer/constraint only matter for further training.  The default
        is used and a note names the layer and argument.
        """
        from legacy_keras import constraints, initializations, regularizers
        kinds = (("init", initializations.get, "initializer"),
                 ("_regularizer", regularizers.get, "regularizer"),
                 ("_constraint", constraints.get, "constraint"))
        config = dict(config)
        for key in list(config):
            value = config[key]
            if value is None:
                continue
            for suffix, resolve, kind in kinds:
                if not key.endswith(suffix):
                    continue
                if isinstance(value, str) and value in self.custom_objects:
                    config[key] = self.custom_objects[value]
                    break
                if isinstance(value, dict) and value.get("name") in self.custom_objects:
                    config[key] = self.custom_objects[value["name"]]
                    break
                try:
                    resolve(value)
                except Exception:
                    shown = value.get("name") if isinstance(value, dict) else value
                    del config[key]
                    fallback = "the Keras 1 default" if kind == "initializer" else "none"
                    self.notes.append(f"layer {name!r} ({class_name}): {key}={shown!r} is not a "
                                      f"Keras 1 {kind} (Keras 1 could not rebuild it either); using "
                                      f"{fallback} -- the file's weights are loaded unchanged")
                break
        return config

    def _note_class(self, layer: Any) -> None:
        """Remember classes that do not serialize as plain Keras 3 layers."""
        from legacy_keras._keras3 import public_name
        cls = type(layer)
        public = public_name(cls)
        if not (public.startswith("keras.") or cls.__module__.startswith("keras.")):
            self.legacy_classes.add(cls.__name__)

    def function_by_name(self, stored: Any) -> Any:
        """A ``custom_objects`` entry named like the function Keras 1 marshalled.

        Keras 1 stored ``marshal.dumps(f.__code__)``; its ``co_name`` is read
        when this Python can unmarshal it, else found as a name inside the bytes
        (bytecode of another Python version is never executed either way).
        """
        if not _is_bytecode(stored):
            return self.custom_objects.get(stored) if isinstance(stored, str) else None
        raw = stored[0]
        try:
            import marshal
            code = marshal.loads(raw.encode("raw_unicode_escape"))
            found = self.custom_objects.get(getattr(code, "co_name", ""))
            if found is not None:
                return found
        except Exception:  # another Python version's bytecode: look for the name instead
            pass
        data = raw.encode("raw_unicode_escape", errors="ignore")
        for key, value in self.custom_objects.items():
            if not (callable(value) and not isinstance(value, type) and key.isascii()
                    and key.isidentifier() and len(key) < 256):
                continue
            # marshal writes a name as a short ASCII string: type byte ('z'/'Z', possibly
            # with the 0x80 ref flag), one length byte, the characters.
            encoded = bytes([len(key)]) + key.encode()
            if any(prefix + encoded in data for prefix in (b"z", b"Z", b"\xfa", b"\xda")):
                return value
        return None

    def lambda_layer(self, name: str, config: dict) -> Any:
        supplied = self.custom_objects.get(name)
        function = config.get("function")
        if supplied is None:
            supplied = self.function_by_name(function)
        if supplied is None:
            what = (f"a Python function{_function_name(function)} stored as marshalled bytecode by "
                    "Keras 1 (never executed: unsafe, and tied to the Python version that wrote it)"
                    if _is_bytecode(function) else f"the function {function!r}")
            raise LambdaError(f"layer {name!r} is a Lambda layer with {what}; " + _LAMBDA_HINT % name)
        if isinstance(supplied, keras.layers.Layer):
            return supplied
        if isinstance(supplied, type):
            return supplied(name=name)
        output_shape = config.get("output_shape")
        if _is_bytecode(output_shape):
            output_shape = self.custom_objects.get(name + ".output_shape")
        if isinstance(output_shape, list):
            output_shape = tuple(output_shape)
        layer = keras.layers.Lambda(supplied, output_shape=output_shape,
                                    arguments=config.get("arguments") or None, name=name)
        return layer

    # -- applying layers -----------------------------------------------------
    def apply(self, record: LayerRecord, inputs: Any, collected: list | None = None) -> Any:
        """Call the record's layer (constructing it on first use) on ``inputs``."""
        extra_before: list = []
        extra_after: list = []
        if record.layer is None:
            config = dict(record.config)
            if self.theano and not isinstance(inputs, list):
                shape = tuple(inputs.shape)
                try:
                    plan = theano_modes.plan(record.class_name, config, shape, record.name)
                except NotImplementedError as error:
                    raise Keras1FileError(str(error)) from None
                if plan is not None:
                    self.theano_layers.append(record.name)
                    if plan.replacement is not None:
                        record.layer = plan.replacement
                        self._note_class(plan.replacement)
                    config.update(plan.overrides)
                    extra_before, extra_after = plan.before, plan.after
            if record.layer is None:
                record.layer = self.construct(record.class_name, config)
            record._before, record._after = extra_before, extra_after  # type: ignore[attr-defined]
        else:
            extra_before = getattr(record, "_before", [])
            extra_after = getattr(record, "_after", [])
        x = inputs
        chain = list(extra_before) + [record.layer] + list(extra_after)
        for layer in chain:
            x = layer(x)
        if collected is not None:
            collected.extend(chain)
        return x

    # -- containers ------------------------------------------------------------
    def sequential(self, layer_dicts: list, name: str | None = None) -> tuple[Any, list[LayerRecord]]:
        """Build a Keras 1 Sequential; returns (Keras 3 model, flat records)."""
        if not layer_dicts:
            raise Keras1FileError(f"Sequential {name or ''} has no layers".replace("  ", " "))
        records: list[LayerRecord] = []
        first = layer_dicts[0]
        if first["class_name"] == "Merge" and first["config"].get("layers"):
            inputs, x = self.merge_of_sequentials(first, records)
            rest = layer_dicts[1:]
            for layer_dict in rest:
                record = self.record(layer_dict)
                records.append(record)
                x = self.apply(record, x)
            return self.new_model(inputs, x, name), records
        config = first["config"]
        shape = config.get("batch_input_shape")
        if shape is None:
            raise Keras1FileError(f"first layer {config.get('name')!r} of the Sequential has no "
                                  "batch_input_shape; cannot rebuild the input")
        inputs = keras.Input(batch_shape=tuple(shape), dtype=config.get("input_dtype") or "float32")
        x = inputs
        applied: list = []
        for layer_dict in layer_dicts:
            if layer_dict["class_name"] in CONTAINERS:
                sub, sub_records = self.container(layer_dict, layer_dict.get("name"))
                record = LayerRecord(sub.name, layer_dict["class_name"], layer_dict["config"], sub,
                                     sub_records)
                x = sub(x)
                applied.append(sub)
            else:
                record = self.record(layer_dict)
                x = self.apply(record, x, applied)
            records.append(record)
        return self.new_sequential([inputs] + applied, name), records

    def merge_of_sequentials(self, merge_dict: dict, records: list) -> tuple[list, Any]:
        config = dict(merge_dict["config"])
        branches = config.pop("layers")
        inputs: list = []
        outputs: list = []
        for branch in branches:
            if branch["class_name"] == "Sequential" and branch["config"] and \
                    branch["config"][0]["class_name"] == "Merge" and branch["config"][0]["config"].get("layers"):
                sub_inputs, out = self.merge_of_sequentials(branch["config"][0], records)
                for layer_dict in branch["config"][1:]:
                    record = self.record(layer_dict)
                    records.append(record)
                    out = self.apply(record, out)
                inputs.extend(sub_inputs)
                outputs.append(out)
            elif branch["class_name"] == "Sequential":
                first = branch["config"][0]["config"]
                shape = first.get("batch_input_shape")
                if shape is None:
                    raise Keras1FileError(f"Merge branch starting at {first.get('name')!r} has no input shape")
                branch_input = keras.Input(batch_shape=tuple(shape),
                                           dtype=first.get("input_dtype") or "float32")
                x = branch_input
                for layer_dict in branch["config"]:
                    record = self.record(layer_dict)
                    if record.name not in {r.name for r in records}:
                        records.append(record)
                    x = self.apply(record, x)
                inputs.append(branch_input)
                outputs.append(x)
            else:
                sub, sub_records = self.container(branch, branch.get("name"))
                sub_inputs = [keras.Input(batch_shape=tuple(t.shape), dtype=t.dtype) for t in sub.inputs]
                records.append(LayerRecord(sub.name, branch["class_name"], branch["config"], sub, sub_records))
                inputs.extend(sub_inputs)
                outputs.append(sub(sub_inputs if len(sub_inputs) > 1 else sub_inputs[0]))
        merge_record = LayerRecord(config.get("name", "merge"), "Merge", config)
        return inputs, self.apply(merge_record, outputs)

    def record(self, layer_dict: dict) -> LayerRecord:
        config = layer_dict["config"]
        name = layer_dict.get("name") or (config.get("name") if isinstance(config, dict) else None)
        return LayerRecord(name or layer_dict["class_name"].lower(), layer_dict["class_name"], config)

    def container(self, layer_dict: dict, name: str | None) -> tuple[Any, list[LayerRecord]]:
        class_name = layer_dict["class_name"]
        if class_name == "Sequential":
            return self.sequential(layer_dict["config"], name=name)
        if class_name == "Model":
            model, records = self.functional(layer_dict["config"])
            return model, list(records.values())
        raise Keras1FileError(f"container class {class_name!r} (Keras 0.x Graph) is not supported")

    def functional(self, config: dict) -> tuple[Any, dict[str, LayerRecord]]:
        layers = config["layers"]
        records: dict[str, LayerRecord] = {}
        node_outputs: dict[tuple[str, int], list] = {}
        pending: list[tuple[dict, int, list]] = []
        offsets: dict[str, int] = {}
        for layer_dict in layers:
            name = layer_dict["name"]
            class_name = layer_dict["class_name"]
            if class_name == "InputLayer":
                cfg = layer_dict["config"]
                tensor = keras.Input(batch_shape=tuple(cfg["batch_input_shape"]),
                                     dtype=cfg.get("input_dtype") or "float32",
                                     sparse=bool(cfg.get("sparse", False)), name=_keras3_name(name))
                node_outputs[(name, 0)] = [tensor]
                records[name] = LayerRecord(name, class_name, cfg)
                continue
            if class_name in CONTAINERS:
                sub, sub_records = self.container(layer_dict, name)
                records[name] = LayerRecord(name, class_name, layer_dict["config"], sub, sub_records)
                offsets[name] = 1
            else:
                records[name] = self.record(layer_dict)
            for index, node in enumerate(layer_dict.get("inbound_nodes", [])):
                pending.append((layer_dict, index, node))
        while pending:
            progressed = False
            for item in list(pending):
                layer_dict, index, node = item
                keys = [(entry[0], entry[1]) for entry in node]
                if not all(key in node_outputs for key in keys):
                    continue
                inputs = [node_outputs[(entry[0], entry[1])][entry[2] if len(entry) > 2 else 0]
                          for entry in node]
                record = records[layer_dict["name"]]
                argument = inputs if len(inputs) > 1 else inputs[0]
                if record.children or record.class_name in CONTAINERS:
                    outputs = record.layer(argument)
                else:
                    outputs = self.apply(record, argument)
                outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
                node_outputs[(record.name, index + offsets.get(record.name, 0))] = outputs
                pending.remove(item)
                progressed = True
            if not progressed:
                missing = sorted({entry[0] for _, _, node in pending for entry in node
                                  if (entry[0], entry[1]) not in node_outputs})
                raise Keras1FileError(f"model config refers to layer outputs that never exist: {missing}")

        def tensors(entries: list) -> list:
            found = []
            for entry in entries:
                key = (entry[0], entry[1])
                if key not in node_outputs:
                    raise Keras1FileError(f"model output/input {entry[0]!r} node {entry[1]} does not exist")
                found.append(node_outputs[key][entry[2] if len(entry) > 2 else 0])
            return found

        inputs = tensors(config["input_layers"])
        outputs = tensors(config["output_layers"])
        model = self.new_model(inputs if len(inputs) > 1 else inputs[0],
                               outputs if len(outputs) > 1 else outputs[0], config.get("name"))
        return model, records


_FROM_CONFIG: Any = object()

#: Keras 1.2.2 did not save ``shared_axes`` of these (``get_config`` omits it): the weight
#: shapes in the file show it (size 1 on a shared axis).
_SHARED_AXES_CLASSES = ("PReLU", "ParametricSoftplus", "SReLU")


def complete_from_weights(config: dict, weights_file: Any) -> dict:
    """Fill config values Keras 1 did not save but its weight shapes record."""
    import copy
    from legacy_keras.saving.rules import iter_layer_configs
    names = set(weights_file.layer_names)
    config = copy.deepcopy(config)
    for class_name, body in iter_layer_configs(config):
        if class_name not in _SHARED_AXES_CLASSES or not isinstance(body, dict) \
                or body.get("shared_axes") is not None or body.get("name") not in names:
            continue
        shapes = weights_file.weight_shapes(body["name"])
        if shapes and len(shapes[0]) > 1:
            axes = [axis + 1 for axis, size in enumerate(shapes[0]) if size == 1]
            if axes:
                body["shared_axes"] = axes
    return config


def apply_default_dim_ordering(config: dict, keras_version: str | None,
                               image_dim_ordering: str | None = None) -> tuple[dict, str | None]:
    """Fill ``dim_ordering`` where the file does not say, by the file's Keras version.

    Keras 1.0.x files have no ``keras_version`` and layers such as
    UpSampling2D did not save ``dim_ordering``; their default was 'th', not
    today's keras.json.  Returns the config and a note naming the assumption
    (``None`` when no layer needed it).
    """
    from legacy_keras.saving.rules import fill_dim_ordering, resolve_dim_ordering
    ordering, why = resolve_dim_ordering(config, keras_version, image_dim_ordering)
    config, filled = fill_dim_ordering(config, ordering)
    if not filled:
        return config, None
    more = f" and {len(filled) - 1} more" if len(filled) > 1 else ""
    return config, (f"dim_ordering not saved for layer {filled[0]!r}{more}: using {ordering!r} "
                    f"({why})")


def build_model(config: Any, custom_objects: dict | None = None, theano: bool = False,
                keras1_api: bool = False, keras_version: Any = _FROM_CONFIG,
                image_dim_ordering: str | None = None, weights_file: Any = None) -> Keras1Model:
    """Rebuild a Keras 1 model config as a Keras 3 model (weights not loaded).

    ``keras1_api`` gives ``legacy_keras.models`` classes (the runtime wants the
    Keras 1 model API); the converter uses plain Keras 3 models.  ``weights_file``
    (an open :class:`~legacy_keras.saving.hdf5.Keras1H5`) completes what Keras 1
    did not save (PReLU ``shared_axes``); ``keras_version``/``image_dim_ordering``
    decide the default of layers that saved no ``dim_ordering``.
    """
    config = normalize_config(config)
    if weights_file is not None:
        config = complete_from_weights(config, weights_file)
    ordering_note = None
    if keras_version is not _FROM_CONFIG or "keras_version" in config or image_dim_ordering:
        # Unknown provenance (a caller that does not say, a config without a version):
        # layers that saved no dim_ordering keep the layer default (keras.json).
        config, ordering_note = apply_default_dim_ordering(
            config, config.get("keras_version") if keras_version is _FROM_CONFIG else keras_version,
            image_dim_ordering)
    builder = _Builder(custom_objects, theano, keras1_api)
    class_name = config["class_name"]
    if class_name == "Sequential":
        model, flat = builder.sequential(config["config"])
        records = {record.name: record for record in flat}
    elif class_name == "Model":
        model, records = builder.functional(config["config"])
    else:
        raise Keras1FileError(f"model class {class_name!r} is not a Keras 1 Sequential or Model")
    notes = ([ordering_note] if ordering_note else []) + builder.notes
    return Keras1Model(model, records, theano, builder.legacy_classes, builder.theano_layers,
                       ordering_note=ordering_note, notes=notes)

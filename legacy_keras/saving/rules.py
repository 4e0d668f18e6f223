"""Pure-data rules shared by the converter and ``legacy-convert --info`` (no TensorFlow).

Keras 1 files do not record the backend that trained them as such, but they
record each weight's variable name (``str(w.name)`` in Keras 1.2.2's
``save_weights_to_hdf5_group``): TensorFlow variables are named
``dense_1_W:0``, Theano shared variables ``dense_1_W``.  :func:`decide_backend`
is the one rule every loading path uses, in this order:

1. ``source_backend`` given by the caller;
2. the weight names of the file (:func:`evidence_from_weight_names`): all end
   in ``:N`` => TensorFlow, all plain => Theano;
3. no usable names (``param_N``, none, or a mix) or no weights file yet:
   ``dim_ordering='th'`` anywhere => Theano, otherwise TensorFlow -- and the
   reason says that this is a guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from legacy_keras.saving.hdf5 import Keras1FileError

SOURCE_BACKENDS = ("theano", "tensorflow")

# The layer families (FLIPPED_KERNELS, THEANO_PADDING, BACKEND_SENSITIVE) are Keras 1
# knowledge: they live in the spec.
from legacy_keras.spec.layers import BACKEND_SENSITIVE, FLIPPED_KERNELS, THEANO_PADDING  # noqa: E402,F401


def iter_layer_configs(config: Any):
    """Yield ``(class_name, config)`` of every layer, containers and wrappers included."""
    if isinstance(config, dict) and "class_name" in config:
        class_name, body = config["class_name"], config.get("config")
        yield class_name, body
        if isinstance(body, list):
            for item in body:
                yield from iter_layer_configs(item)
        elif isinstance(body, dict):
            for item in body.get("layers", []) or []:
                yield from iter_layer_configs(item)
            if isinstance(body.get("layer"), dict):
                yield from iter_layer_configs(body["layer"])



def _layer_configs(config: dict | None):
    if config is None:
        return []
    return list(iter_layer_configs(config))


_TF_NAME = re.compile(r".*:\d+$")
_PARAM_NAME = re.compile(r"^param_\d+$")


def evidence_from_weight_names(names: Iterable[str]) -> tuple[str | None, str]:
    """``(backend or None, what the names say)`` from every weight name of a file."""
    names = [str(n) for n in names]
    if not names:
        return None, "the file has no weight names"
    tf = [n for n in names if _TF_NAME.match(n)]
    param = [n for n in names if _PARAM_NAME.match(n.split(":")[0])]
    if param:
        return None, f"weight names are anonymous ({param[0]!r}): no evidence of the backend"
    if len(tf) == len(names):
        return "tensorflow", f"weight names end in ':0' ({names[0]!r}): trained with TensorFlow"
    if not tf:
        return "theano", (f"weight names have no ':0' suffix ({names[0]!r}): Theano shared "
                          "variables, trained with Theano")
    plain = next(n for n in names if not _TF_NAME.match(n))
    return None, (f"weight names mix TensorFlow ({tf[0]!r}) and Theano ({plain!r}) forms: "
                  "no evidence of the backend")


@dataclass(frozen=True)
class BackendDecision:
    """The training backend of a Keras 1 model and the evidence it rests on."""
    theano: bool
    reason: str
    matters: bool       # some layer's numbers depend on it
    source: str         # 'given', 'weight names' or 'dim_ordering' (a guess)

    @property
    def backend(self) -> str:
        return "theano" if self.theano else "tensorflow"

    @property
    def guessed(self) -> bool:
        return self.source == "dim_ordering"


def decide(config: dict | None, source_backend: str | None = None,
           weight_names: Iterable[str] | None = None) -> BackendDecision:
    """:func:`decide_backend` with the source of the decision."""
    theano, reason, matters = decide_backend(config, source_backend, weight_names)
    if source_backend is not None:
        source = "given"
    elif weight_names is not None and evidence_from_weight_names(weight_names)[0] is not None:
        source = "weight names"
    else:
        source = "dim_ordering"
    return BackendDecision(theano, reason, matters, source)


def decide_backend(config: dict | None, source_backend: str | None = None,
                   weight_names: Iterable[str] | None = None) -> tuple[bool, str, bool]:
    """``(theano, reason, matters)`` for a Keras 1 model config (and its file's weight names).

    ``weight_names``: every weight name of the weights file (``None`` when no
    file is known yet, e.g. ``model_from_json`` before ``load_weights``).
    ``matters`` is False when no layer's numbers depend on the backend, in
    which case nothing needs to be announced.
    """
    layers = _layer_configs(config)
    matters = any(name in BACKEND_SENSITIVE for name, _ in layers)
    if source_backend is not None:
        if source_backend not in SOURCE_BACKENDS:
            raise Keras1FileError(f"source_backend must be 'theano' or 'tensorflow', got {source_backend!r}")
        return source_backend == "theano", f"source backend {source_backend} (given)", matters
    evidence = None
    if weight_names is not None:
        weight_names = list(weight_names)
        backend, evidence = evidence_from_weight_names(weight_names)
        if backend is not None:
            return backend == "theano", evidence, matters
    theano, reason = _dim_ordering_guess(layers)
    if evidence is not None:
        reason = f"{evidence}; {reason}"
    return theano, reason, matters


def _dim_ordering_guess(layers: list) -> tuple[bool, str]:
    """The fallback when the weight names say nothing: 'th' anywhere => Theano."""
    th = [cfg.get("name", name) for name, cfg in layers
          if isinstance(cfg, dict) and cfg.get("dim_ordering") == "th"]
    if th:
        return True, (f"assuming the Keras 1 model was trained with Theano (layer {th[0]!r} uses "
                      "dim_ordering='th'); pass source_backend='tensorflow' / --source-backend "
                      "tensorflow if it was not")
    return False, ("assuming the Keras 1 model was trained with TensorFlow (no dim_ordering='th' "
                   "layer); pass source_backend='theano' / --source-backend theano if it was "
                   "trained on Theano (conv kernels would need flipping)")




#: Keras 1.0.x (no ``keras_version`` in its files) defaulted to image_dim_ordering 'th';
#: from 1.1 the default was 'tf' (and every layer saved its resolved dim_ordering).
def default_dim_ordering(keras_version: str | None,
                         image_dim_ordering: str | None = None) -> tuple[str, str]:
    """``(ordering, why)`` for layers whose config does not say (missing or ``'default'``)."""
    if image_dim_ordering is not None:
        if image_dim_ordering not in ("th", "tf"):
            raise Keras1FileError(f"image_dim_ordering must be 'th' or 'tf', got {image_dim_ordering!r}")
        return image_dim_ordering, f"image_dim_ordering={image_dim_ordering!r} (given)"
    version = str(keras_version) if keras_version else None
    if version is None:
        return "th", ("no keras_version recorded: a Keras 1.0.x file, whose default "
                      "image_dim_ordering was 'th'; pass image_dim_ordering='tf' / "
                      "--image-dim-ordering tf if it was saved with 'tf'")
    if version.startswith("1.0"):
        return "th", (f"Keras {version}: default image_dim_ordering 'th'; pass "
                      "image_dim_ordering='tf' / --image-dim-ordering tf if it was 'tf'")
    return "tf", (f"Keras {version}: default image_dim_ordering 'tf'; pass "
                  "image_dim_ordering='th' / --image-dim-ordering th if keras.json said 'th'")


def _takes_dim_ordering(class_name: str) -> bool:
    from legacy_keras.spec import layers as spec
    signature = spec.SIGNATURES.get(class_name)
    return bool(signature) and any(name == "dim_ordering" for name, _ in signature[1])


def stated_dim_ordering(config: Any) -> str | None:
    """The one ``dim_ordering`` every layer that saved one states (``None`` if none or mixed)."""
    stated = {body.get("dim_ordering") for class_name, body in iter_layer_configs(config)
              if isinstance(body, dict) and body.get("dim_ordering") in ("th", "tf")}
    return stated.pop() if len(stated) == 1 else None


def fill_dim_ordering(config: Any, ordering: str) -> tuple[Any, list[str]]:
    """A copy of ``config`` where layers taking ``dim_ordering`` but not saying it get
    ``ordering``; returns ``(config, names of the layers filled)``.

    Even Keras 1.2.2 did not save it for UpSampling, ZeroPadding and Cropping
    (their reload used keras.json), Keras 1.0.x for more layers.
    """
    import copy
    config = copy.deepcopy(config)
    filled: list[str] = []
    for class_name, body in iter_layer_configs(config):
        if isinstance(body, dict) and _takes_dim_ordering(class_name) and \
                body.get("dim_ordering", "default") == "default":
            body["dim_ordering"] = ordering
            filled.append(body.get("name", class_name))
    return config, filled


def resolve_dim_ordering(config: Any, keras_version: str | None,
                         image_dim_ordering: str | None = None) -> tuple[str, str]:
    """``(ordering, why)`` for the layers of ``config`` that saved no ``dim_ordering``:
    given > the one ordering the model's other layers state > the file's Keras version."""
    if image_dim_ordering is None:
        stated = stated_dim_ordering(config)
        if stated is not None:
            return stated, (f"the model's other layers use dim_ordering={stated!r}; pass "
                            "image_dim_ordering= / --image-dim-ordering to override")
    return default_dim_ordering(keras_version, image_dim_ordering)

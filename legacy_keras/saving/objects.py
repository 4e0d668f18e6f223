"""Import this before ``keras.models.load_model`` of a converted model that needs legacy_keras.

``legacy-convert`` writes plain Keras 3 classes wherever Keras 3 has an
equivalent; the rest (Keras 1 ``hard_sigmoid``, Highway, MaxoutDense,
LocallyConnected, Merge, Theano 'same' pooling, Keras 1 optimizers...) are
registered Keras serializables whose registration runs when their modules are
imported.  This module imports all of them::

    import legacy_keras.saving.objects  # noqa: F401
    model = keras.models.load_model("converted.keras")
"""
from __future__ import annotations

import importlib

_MODULES = ("legacy_keras.activations", "legacy_keras.layers", "legacy_keras.saving.theano",
            "legacy_keras.optimizers", "legacy_keras.objectives", "legacy_keras.metrics",
            "legacy_keras.initializations", "legacy_keras.regularizers", "legacy_keras.constraints")

for _name in _MODULES:
    # No guard: a module that fails to import is a bug to see, not a reason to
    # load a converted model with Keras 3 numerics in its place.
    importlib.import_module(_name)

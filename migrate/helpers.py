"""Functions the codemod inserts (once per file) where Keras 3 lost a Keras 1 behaviour.

Each helper is plain code using only public Keras 3 API, named ``keras1_*`` so a
reader sees where it came from and a second run recognises it (idempotence).
"""
from __future__ import annotations

HELPERS: dict[str, str] = {
    "keras1_hard_sigmoid": '''
def keras1_hard_sigmoid(x):
    """Keras 1 hard_sigmoid, clip(0.2 * x + 0.5, 0, 1); Keras 3's uses x / 6."""
    return keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)
''',
    "keras1_predict_classes": '''
def keras1_predict_classes(model, x, batch_size=32, verbose=1):
    """Keras 1 Sequential.predict_classes (removed from Keras): argmax, or p > 0.5 for one unit."""
    proba = model.predict(x, batch_size=batch_size, verbose=verbose)
    if proba.shape[-1] > 1:
        return proba.argmax(axis=-1)
    return (proba > 0.5).astype("int32")
''',
}

#: helpers whose body references the ``keras`` root module.
NEEDS_ROOT = frozenset({"keras1_hard_sigmoid"})

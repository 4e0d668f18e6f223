"""``keras.preprocessing``: Keras 1 text, sequence and image preprocessing.

Keras 3 keeps the Keras 2 versions only in its legacy namespace
(Keras 3's legacy preprocessing, via ``legacy_keras._keras3``, served as ``tf.keras.preprocessing``);
these modules delegate there and adapt the Keras 1 arguments.
"""
from legacy_keras.preprocessing import image, sequence, text  # noqa: F401

"""Keras 1 -> Keras 3 weights of the core layers (pure numpy).

Every core layer keeps its Keras 1 arrays unchanged, so no rule is
registered here (``to_keras3`` is then the identity):

* ``Dense``, ``TimeDistributedDense``: W (in, out), b (out) = kernel, bias.
* ``Embedding``: W (vocab, dim) = embeddings.
* ``Highway``: W, W_carry, b, b_carry and ``MaxoutDense``: W (k, in, out),
  b (k, out) -- ``legacy_keras`` implements both with Keras 1's variables.
* ``PReLU`` alphas = alpha; ``ParametricSoftplus`` alphas, betas; ``SReLU``
  t_left, a_left, t_right, a_right (implemented with Keras 1's variables).

The module exists so that the family list of ``legacy_keras.weights`` has one
place that states this; add a rule here if a core layer ever needs one.
"""
from __future__ import annotations

#: Core layers whose Keras 1 arrays are the Keras 3 variables as they are.
IDENTITY_LAYERS = ("Dense", "TimeDistributedDense", "Embedding", "Highway", "MaxoutDense",
                   "PReLU", "ParametricSoftplus", "SReLU", "LeakyReLU", "ELU", "ThresholdedReLU")

"""Keras 1 -> Keras 2/3 knowledge as plain data.

This package is the single place that knows that ``border_mode`` became
``padding``.  Both the runtime layer (``legacy_keras``) and the source codemod
(``migrate``) read it, so it must never import TensorFlow or Keras: the codemod
has to start in well under a second.

Modules:
  layers   -- layer class renames, positional signatures, keyword renames and
              value conversions.
  modules  -- Keras 1 module paths and where their names live in Keras 2/3.
  training -- fit/compile/generator keyword renames, optimizer defaults, loss
              and metric names.
"""

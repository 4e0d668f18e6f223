"""Keras 1 -> Keras 2/3 source tools: the ``legacy-migrate`` codemod (libcst) and ``legacy-convert``.

Importing this package (or ``migrate.cli``) never imports TensorFlow: the codemod
reads only the pure-data tables of ``legacy_keras.spec``.
"""

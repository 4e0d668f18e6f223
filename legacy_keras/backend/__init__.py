"""Keras 1.2.2 backend (``from keras import backend as K``) on Keras 3 / TensorFlow.

Keras 3's ``keras.backend`` kept 14 names and ``tf.keras.backend`` (Keras 3's
legacy backend, reached through ``legacy_keras._keras3``) keeps the Keras 2
tensor functions; neither has ``function``, ``learning_phase``, ``placeholder``
or the Keras 1 argument orders.
This module speaks Keras 1.  Most functions are built from the backend table
``legacy_keras.spec.backend`` -- the Keras 3 meaning of every Keras 1.2.2 function, which
``legacy-migrate`` writes into migrated code -- by :mod:`.table`; the rest are written by
hand (``table.OVERRIDES`` says why for each), some over the Keras 2 legacy backend
(TensorFlow ops).

Symbolic use.  Keras 1 code applies ``K.*`` to layer outputs outside any layer
(``loss = K.mean(model.output[:, 0])``) and then compiles the expression with
``K.function``.  In Keras 3 layer outputs are ``KerasTensor``s and the functional
graph already records *operations* applied to them.  So every ``K`` function
here, when given a ``KerasTensor``, is recorded as a small Keras ``Operation``
(:class:`_BackendOp`) in that graph; :func:`function` then builds a functional
``keras.Model`` from the inputs to the outputs and runs it eagerly.
:func:`gradients` records a :class:`_GradientsOp` whose ``call`` replays the
sub-graph from its sources to the loss under a ``tf.GradientTape`` -- that is
how Keras 1's "gradient of a symbolic loss w.r.t. the input image" loops work.

Layout (a reader can hold each in their head): :mod:`.common` settings and uids
(Keras 1's own ``backend/common.py``), :mod:`._symbolic` the recording,
:mod:`.phase` learning phase and session calls, :mod:`.variables` variables and
values, :mod:`.ops` the tensor operations the table cannot say (random streams, conv/pool,
rnn), :mod:`.function` ``gradients``/``function``, :mod:`.table` everything else.
"""
from __future__ import annotations

import numpy as np  # noqa: F401 - kept: Keras 1 code reached K.np / K.tf
import tensorflow as tf  # noqa: F401

from legacy_keras.backend._symbolic import KerasTensor, _BackendOp, _symbolic, _tensorize  # noqa: F401
from legacy_keras.backend import common as _common
from legacy_keras.backend.common import *  # noqa: F401,F403
from legacy_keras.backend.common import _BACKEND, _UIDS  # noqa: F401
from legacy_keras.backend.ops import *  # noqa: F401,F403
from legacy_keras.backend.ops import _PADDING, _data_format, _wrap  # noqa: F401
from legacy_keras.backend.variables import *  # noqa: F401,F403
from legacy_keras.backend.variables import _Keras1Variable, _to_numpy  # noqa: F401
from legacy_keras.backend.phase import *  # noqa: F401,F403
from legacy_keras.backend.phase import _LearningPhase, _current_training  # noqa: F401
from legacy_keras.backend.function import *  # noqa: F401,F403
from legacy_keras.backend.function import _GradientsOp, _graph_sources, _unsupported  # noqa: F401

# Last: every table entry the shim does not write by hand (legacy_keras.backend.table.OVERRIDES)
# is built from legacy_keras.spec.backend, the table the codemod reads.
from legacy_keras.backend import table as _table  # noqa: E402

_table.install(globals())
_common.cast_to_floatx = cast_to_floatx  # noqa: F821 - Keras 1 defined it in keras.backend.common

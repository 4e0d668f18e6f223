"""Keras 1.2.2 names that legacy_keras answers with a Keras 3 stand-in, or not at all.

Hand-written companion of the generated ``keras1_names.py`` (which lists every public name of
every Keras 1.2.2 module): ``KERAS3_STANDINS`` names the public Keras 3 object that does the
same job; ``REMOVED_MODULES`` / ``REMOVED_NAMES`` say what to use instead when a Keras 1
script asks for something with no counterpart, so the error names the replacement.
Keras 3 objects are named ``tf.keras.*`` in advice: under ``legacy-run``, ``keras`` in user
code is legacy_keras, while ``tf.keras`` is always Keras 3.  Pure data: no TensorFlow or Keras import.
"""
from __future__ import annotations

#: ``keras1_module.name`` -> public Keras 3 ``module.name`` with the same behaviour.
KERAS3_STANDINS: dict[str, str] = {
    "keras.engine.topology.get_source_inputs": "keras.utils.get_source_inputs",
    "keras.layers.wrappers.Wrapper": "keras.layers.Wrapper",
}

#: Keras 1.2.2 module -> why it is gone and what replaces it.
REMOVED_MODULES: dict[str, str] = {
    "keras.backend.theano_backend": "Theano is no longer supported; use `from keras import backend as K` "
                                    "(the TensorFlow-backed Keras 1 backend functions)",
    "keras.applications.audio_conv_utils": "the Keras 1 music-tagger helpers were dropped in Keras 2; "
                                           "use librosa directly for mel-spectrograms",
    "keras.applications.music_tagger_crnn": "MusicTaggerCRNN was dropped in Keras 2 and its weights are "
                                            "no longer published; no replacement",
}

_APPLICATION_BLOCK = ("an internal building block of that Keras 1 application; use the application "
                      "itself (keras.applications.ResNet50 / InceptionV3) or copy the block into your code")

#: ``defining_module.name`` (or ``keras1_module.name``) -> replacement advice.
REMOVED_NAMES: dict[str, str] = {
    "keras.backend.theano_backend.arange": "use tf.keras.ops.arange(start, stop, step, dtype) (Keras 3)",
    "keras.backend.theano_backend.is_sparse": "use isinstance(x, tf.SparseTensor) (TensorFlow)",
    "keras.backend.theano_backend.is_explicit_shape": "Theano-only shape check; not needed with TensorFlow",
    "keras.backend.theano_backend.normalize_batch_in_training":
        "use tf.keras.ops.moments(x, axes) and tf.keras.ops.batch_normalization (Keras 3), "
        "or a BatchNormalization layer",
    "keras.backend.theano_backend.separable_conv2d":
        "use tf.keras.ops.separable_conv (Keras 3) or a SeparableConvolution2D layer",
    "keras.engine.topology.to_list": "write `x if isinstance(x, list) else [x]`",
    "keras.engine.topology.object_list_uid": "write `', '.join(str(abs(id(x))) for x in xs)`",
    "keras.layers.convolutional_recurrent.ConvRecurrent2D":
        "the abstract base of Keras 1's ConvLSTM2D; subclass keras.layers.ConvLSTM2D instead",
    "keras.layers.recurrent.time_distributed_dense":
        "Keras 1's internal input projection of consume_less='cpu'; use TimeDistributed(Dense(...))",
    "keras.applications.inception_v3.conv2d_bn": _APPLICATION_BLOCK,
    "keras.applications.resnet50.conv_block": _APPLICATION_BLOCK,
    "keras.applications.resnet50.identity_block": _APPLICATION_BLOCK,
}

"""Keras 1.2.2 layer signatures and their Keras 2/3 translation, as data.

``SIGNATURES`` was extracted from the genuine Keras 1.2.2 (``inspect.signature``
of every public layer class, run in the oracle of ``../shared/keras1-oracle``):
the positional order matters because Keras 1 and Keras 3 bind positionals
differently (``Convolution2D(32, 3, 3)`` means kernel 3x3 in Keras 1 but
``kernel_size=3, strides=3`` in Keras 3).

Everything else here is the rename knowledge from
``keras1-to-2-reference.md`` section 1: keyword renames, value conversions,
which arguments fold into one tuple (``nb_row, nb_col`` -> ``kernel_size``),
and which Keras 3 class each Keras 1 class becomes.  The runtime adapter
(``legacy_keras.layers._adapt``) and the codemod (``migrate``) both read it.
No TensorFlow import here, ever.
"""
from __future__ import annotations

REQUIRED = object()  # marks a positional parameter without default



#: Keras 1 class -> (Keras 1 module, ((param, default) ...)), constructor order.
#: Every layer also accepts the Keras 1 base keywords in ``BASE_KWARGS`` and,
#: for recurrent layers, ``RECURRENT_KWARGS``.
SIGNATURES: dict[str, tuple[str, tuple[tuple[str, object], ...]]] = {
    'Activation': ('keras.layers.core', (('activation', REQUIRED),)),
    'ActivityRegularization': ('keras.layers.core', (('l1', 0.0), ('l2', 0.0))),
    'AtrousConv1D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('filter_length', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample_length', 1), ('atrous_rate', 1), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True))),
    'AtrousConv2D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('nb_row', REQUIRED), ('nb_col', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample', (1, 1)), ('atrous_rate', (1, 1)), ('dim_ordering', 'default'), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True))),
    'AtrousConvolution1D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('filter_length', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample_length', 1), ('atrous_rate', 1), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True))),
    'AtrousConvolution2D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('nb_row', REQUIRED), ('nb_col', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample', (1, 1)), ('atrous_rate', (1, 1)), ('dim_ordering', 'default'), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True))),
    'AveragePooling1D': ('keras.layers.pooling', (('pool_length', 2), ('stride', None), ('border_mode', 'valid'))),
    'AveragePooling2D': ('keras.layers.pooling', (('pool_size', (2, 2)), ('strides', None), ('border_mode', 'valid'), ('dim_ordering', 'default'))),
    'AveragePooling3D': ('keras.layers.pooling', (('pool_size', (2, 2, 2)), ('strides', None), ('border_mode', 'valid'), ('dim_ordering', 'default'))),
    'BatchNormalization': ('keras.layers.normalization', (('epsilon', 0.001), ('mode', 0), ('axis', -1), ('momentum', 0.99), ('weights', None), ('beta_init', 'zero'), ('gamma_init', 'one'), ('gamma_regularizer', None), ('beta_regularizer', None))),
    'Bidirectional': ('keras.layers.wrappers', (('layer', REQUIRED), ('merge_mode', 'concat'), ('weights', None))),
    'Conv1D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('filter_length', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample_length', 1), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True), ('input_dim', None), ('input_length', None))),
    'Conv2D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('nb_row', REQUIRED), ('nb_col', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample', (1, 1)), ('dim_ordering', 'default'), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True))),
    'Conv3D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('kernel_dim1', REQUIRED), ('kernel_dim2', REQUIRED), ('kernel_dim3', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample', (1, 1, 1)), ('dim_ordering', 'default'), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True))),
    'ConvLSTM2D': ('keras.layers.convolutional_recurrent', (('nb_filter', REQUIRED), ('nb_row', REQUIRED), ('nb_col', REQUIRED), ('init', 'glorot_uniform'), ('inner_init', 'orthogonal'), ('forget_bias_init', 'one'), ('activation', 'tanh'), ('inner_activation', 'hard_sigmoid'), ('dim_ordering', 'default'), ('border_mode', 'valid'), ('subsample', (1, 1)), ('W_regularizer', None), ('U_regularizer', None), ('b_regularizer', None), ('dropout_W', 0.0), ('dropout_U', 0.0))),
    'Convolution1D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('filter_length', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample_length', 1), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True), ('input_dim', None), ('input_length', None))),
    'Convolution2D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('nb_row', REQUIRED), ('nb_col', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample', (1, 1)), ('dim_ordering', 'default'), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True))),
    'Convolution3D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('kernel_dim1', REQUIRED), ('kernel_dim2', REQUIRED), ('kernel_dim3', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample', (1, 1, 1)), ('dim_ordering', 'default'), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True))),
    'Cropping1D': ('keras.layers.convolutional', (('cropping', (1, 1)),)),
    'Cropping2D': ('keras.layers.convolutional', (('cropping', ((0, 0), (0, 0))), ('dim_ordering', 'default'))),
    'Cropping3D': ('keras.layers.convolutional', (('cropping', ((1, 1), (1, 1), (1, 1))), ('dim_ordering', 'default'))),
    'Deconv2D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('nb_row', REQUIRED), ('nb_col', REQUIRED), ('output_shape', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample', (1, 1)), ('dim_ordering', 'default'), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True))),
    'Deconvolution2D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('nb_row', REQUIRED), ('nb_col', REQUIRED), ('output_shape', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample', (1, 1)), ('dim_ordering', 'default'), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True))),
    'Dense': ('keras.layers.core', (('output_dim', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True), ('input_dim', None))),
    'Dropout': ('keras.layers.core', (('p', REQUIRED), ('noise_shape', None), ('seed', None))),
    'ELU': ('keras.layers.advanced_activations', (('alpha', 1.0),)),
    'Embedding': ('keras.layers.embeddings', (('input_dim', REQUIRED), ('output_dim', REQUIRED), ('init', 'uniform'), ('input_length', None), ('W_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('mask_zero', False), ('weights', None), ('dropout', 0.0))),
    'Flatten': ('keras.layers.core', ()),
    'GRU': ('keras.layers.recurrent', (('output_dim', REQUIRED), ('init', 'glorot_uniform'), ('inner_init', 'orthogonal'), ('activation', 'tanh'), ('inner_activation', 'hard_sigmoid'), ('W_regularizer', None), ('U_regularizer', None), ('b_regularizer', None), ('dropout_W', 0.0), ('dropout_U', 0.0))),
    'GaussianDropout': ('keras.layers.noise', (('p', REQUIRED),)),
    'GaussianNoise': ('keras.layers.noise', (('sigma', REQUIRED),)),
    'GlobalAveragePooling1D': ('keras.layers.pooling', ()),
    'GlobalAveragePooling2D': ('keras.layers.pooling', (('dim_ordering', 'default'),)),
    'GlobalAveragePooling3D': ('keras.layers.pooling', (('dim_ordering', 'default'),)),
    'GlobalMaxPooling1D': ('keras.layers.pooling', ()),
    'GlobalMaxPooling2D': ('keras.layers.pooling', (('dim_ordering', 'default'),)),
    'GlobalMaxPooling3D': ('keras.layers.pooling', (('dim_ordering', 'default'),)),
    'Highway': ('keras.layers.core', (('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True), ('input_dim', None))),
    'InputLayer': ('keras.engine.topology', (('input_shape', None), ('batch_input_shape', None), ('input_dtype', None), ('input_tensor', None), ('sparse', False), ('name', None))),
    'LSTM': ('keras.layers.recurrent', (('output_dim', REQUIRED), ('init', 'glorot_uniform'), ('inner_init', 'orthogonal'), ('forget_bias_init', 'one'), ('activation', 'tanh'), ('inner_activation', 'hard_sigmoid'), ('W_regularizer', None), ('U_regularizer', None), ('b_regularizer', None), ('dropout_W', 0.0), ('dropout_U', 0.0))),
    'Lambda': ('keras.layers.core', (('function', REQUIRED), ('output_shape', None), ('arguments', None))),
    'LeakyReLU': ('keras.layers.advanced_activations', (('alpha', 0.3),)),
    'LocallyConnected1D': ('keras.layers.local', (('nb_filter', REQUIRED), ('filter_length', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample_length', 1), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True), ('input_dim', None), ('input_length', None))),
    'LocallyConnected2D': ('keras.layers.local', (('nb_filter', REQUIRED), ('nb_row', REQUIRED), ('nb_col', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample', (1, 1)), ('dim_ordering', 'default'), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True))),
    'Masking': ('keras.layers.core', (('mask_value', 0.0),)),
    'MaxPooling1D': ('keras.layers.pooling', (('pool_length', 2), ('stride', None), ('border_mode', 'valid'))),
    'MaxPooling2D': ('keras.layers.pooling', (('pool_size', (2, 2)), ('strides', None), ('border_mode', 'valid'), ('dim_ordering', 'default'))),
    'MaxPooling3D': ('keras.layers.pooling', (('pool_size', (2, 2, 2)), ('strides', None), ('border_mode', 'valid'), ('dim_ordering', 'default'))),
    'MaxoutDense': ('keras.layers.core', (('output_dim', REQUIRED), ('nb_feature', 4), ('init', 'glorot_uniform'), ('weights', None), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True), ('input_dim', None))),
    'Merge': ('keras.engine.topology', (('layers', None), ('mode', 'sum'), ('concat_axis', -1), ('dot_axes', -1), ('output_shape', None), ('output_mask', None), ('arguments', None), ('node_indices', None), ('tensor_indices', None), ('name', None))),
    'PReLU': ('keras.layers.advanced_activations', (('init', 'zero'), ('weights', None), ('shared_axes', None))),
    'ParametricSoftplus': ('keras.layers.advanced_activations', (('alpha_init', 0.2), ('beta_init', 5.0), ('weights', None), ('shared_axes', None))),
    'Permute': ('keras.layers.core', (('dims', REQUIRED),)),
    'RepeatVector': ('keras.layers.core', (('n', REQUIRED),)),
    'Reshape': ('keras.layers.core', (('target_shape', REQUIRED),)),
    'SReLU': ('keras.layers.advanced_activations', (('t_left_init', 'zero'), ('a_left_init', 'glorot_uniform'), ('t_right_init', 'glorot_uniform'), ('a_right_init', 'one'), ('shared_axes', None))),
    'SeparableConv2D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('nb_row', REQUIRED), ('nb_col', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample', (1, 1)), ('depth_multiplier', 1), ('dim_ordering', 'default'), ('depthwise_regularizer', None), ('pointwise_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('depthwise_constraint', None), ('pointwise_constraint', None), ('b_constraint', None), ('bias', True))),
    'SeparableConvolution2D': ('keras.layers.convolutional', (('nb_filter', REQUIRED), ('nb_row', REQUIRED), ('nb_col', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('border_mode', 'valid'), ('subsample', (1, 1)), ('depth_multiplier', 1), ('dim_ordering', 'default'), ('depthwise_regularizer', None), ('pointwise_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('depthwise_constraint', None), ('pointwise_constraint', None), ('b_constraint', None), ('bias', True))),
    'SimpleRNN': ('keras.layers.recurrent', (('output_dim', REQUIRED), ('init', 'glorot_uniform'), ('inner_init', 'orthogonal'), ('activation', 'tanh'), ('W_regularizer', None), ('U_regularizer', None), ('b_regularizer', None), ('dropout_W', 0.0), ('dropout_U', 0.0))),
    'SpatialDropout1D': ('keras.layers.core', (('p', REQUIRED),)),
    'SpatialDropout2D': ('keras.layers.core', (('p', REQUIRED), ('dim_ordering', 'default'))),
    'SpatialDropout3D': ('keras.layers.core', (('p', REQUIRED), ('dim_ordering', 'default'))),
    'ThresholdedReLU': ('keras.layers.advanced_activations', (('theta', 1.0),)),
    'TimeDistributed': ('keras.layers.wrappers', (('layer', REQUIRED),)),
    'TimeDistributedDense': ('keras.layers.core', (('output_dim', REQUIRED), ('init', 'glorot_uniform'), ('activation', None), ('weights', None), ('W_regularizer', None), ('b_regularizer', None), ('activity_regularizer', None), ('W_constraint', None), ('b_constraint', None), ('bias', True), ('input_dim', None), ('input_length', None))),
    'UpSampling1D': ('keras.layers.convolutional', (('length', 2),)),
    'UpSampling2D': ('keras.layers.convolutional', (('size', (2, 2)), ('dim_ordering', 'default'))),
    'UpSampling3D': ('keras.layers.convolutional', (('size', (2, 2, 2)), ('dim_ordering', 'default'))),
    'ZeroPadding1D': ('keras.layers.convolutional', (('padding', 1),)),
    'ZeroPadding2D': ('keras.layers.convolutional', (('padding', (1, 1)), ('dim_ordering', 'default'))),
    'ZeroPadding3D': ('keras.layers.convolutional', (('padding', (1, 1, 1)), ('dim_ordering', 'default'))),
}

#: Keywords every Keras 1 layer accepts (``Layer.__init__`` allowed_kwargs).
BASE_KWARGS = ("input_shape", "batch_input_shape", "batch_size", "input_dtype",
               "name", "trainable", "weights", "create_input_layer")

#: Extra keywords of Keras 1 ``Recurrent`` subclasses, with their defaults.
RECURRENT_KWARGS = {
    "weights": None,
    "return_sequences": False,
    "go_backwards": False,
    "stateful": False,
    "unroll": False,
    "consume_less": "cpu",
    "input_dim": None,
    "input_length": None,
}

RECURRENT_LAYERS = ("SimpleRNN", "GRU", "LSTM", "ConvLSTM2D")

#: Keras 1 class -> Keras 3 ``keras.layers`` class.  ``None``: Keras 3 has no
#: equivalent and ``legacy_keras`` implements the layer itself (registered
#: serializable under the ``legacy_keras`` package).
KERAS3_CLASS: dict[str, str | None] = {
    "Dense": "Dense",
    "TimeDistributedDense": "Dense",
    "Activation": "Activation",
    "Dropout": "Dropout",
    "SpatialDropout1D": "SpatialDropout1D",
    "SpatialDropout2D": "SpatialDropout2D",
    "SpatialDropout3D": "SpatialDropout3D",
    "Flatten": "Flatten",
    "Reshape": "Reshape",
    "Permute": "Permute",
    "RepeatVector": "RepeatVector",
    "Lambda": "Lambda",
    "ActivityRegularization": "ActivityRegularization",
    "Masking": "Masking",
    "Highway": None,
    "MaxoutDense": None,
    "Merge": None,
    "Convolution1D": "Conv1D",
    "Conv1D": "Conv1D",
    "AtrousConvolution1D": "Conv1D",
    "AtrousConv1D": "Conv1D",
    "Convolution2D": "Conv2D",
    "Conv2D": "Conv2D",
    "AtrousConvolution2D": "Conv2D",
    "AtrousConv2D": "Conv2D",
    "SeparableConvolution2D": "SeparableConv2D",
    "SeparableConv2D": "SeparableConv2D",
    "Deconvolution2D": "Conv2DTranspose",
    "Deconv2D": "Conv2DTranspose",
    "Convolution3D": "Conv3D",
    "Conv3D": "Conv3D",
    "UpSampling1D": "UpSampling1D",
    "UpSampling2D": "UpSampling2D",
    "UpSampling3D": "UpSampling3D",
    "ZeroPadding1D": "ZeroPadding1D",
    "ZeroPadding2D": "ZeroPadding2D",
    "ZeroPadding3D": "ZeroPadding3D",
    "Cropping1D": "Cropping1D",
    "Cropping2D": "Cropping2D",
    "Cropping3D": "Cropping3D",
    "MaxPooling1D": "MaxPooling1D",
    "MaxPooling2D": "MaxPooling2D",
    "MaxPooling3D": "MaxPooling3D",
    "AveragePooling1D": "AveragePooling1D",
    "AveragePooling2D": "AveragePooling2D",
    "AveragePooling3D": "AveragePooling3D",
    "GlobalMaxPooling1D": "GlobalMaxPooling1D",
    "GlobalMaxPooling2D": "GlobalMaxPooling2D",
    "GlobalMaxPooling3D": "GlobalMaxPooling3D",
    "GlobalAveragePooling1D": "GlobalAveragePooling1D",
    "GlobalAveragePooling2D": "GlobalAveragePooling2D",
    "GlobalAveragePooling3D": "GlobalAveragePooling3D",
    "LocallyConnected1D": None,
    "LocallyConnected2D": None,
    "SimpleRNN": "SimpleRNN",
    "GRU": "GRU",
    "LSTM": "LSTM",
    "ConvLSTM2D": "ConvLSTM2D",
    "Embedding": "Embedding",
    "BatchNormalization": "BatchNormalization",
    "LeakyReLU": "LeakyReLU",
    "PReLU": "PReLU",
    "ELU": "ELU",
    "ThresholdedReLU": "ReLU",
    "ParametricSoftplus": None,
    "SReLU": None,
    "GaussianNoise": "GaussianNoise",
    "GaussianDropout": "GaussianDropout",
    "TimeDistributed": "TimeDistributed",
    "Bidirectional": "Bidirectional",
    "InputLayer": "InputLayer",
}

#: Keyword renames that hold for every layer that has the keyword.
KWARG_RENAMES: dict[str, str] = {
    "output_dim": "units",
    "init": "kernel_initializer",
    "inner_init": "recurrent_initializer",
    "forget_bias_init": "unit_forget_bias",
    "inner_activation": "recurrent_activation",
    "W_regularizer": "kernel_regularizer",
    "U_regularizer": "recurrent_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "U_constraint": "recurrent_constraint",
    "b_constraint": "bias_constraint",
    "bias": "use_bias",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "consume_less": "implementation",
    "border_mode": "padding",
    "subsample": "strides",
    "subsample_length": "strides",
    "dim_ordering": "data_format",
    "nb_filter": "filters",
    "filter_length": "kernel_size",
    "atrous_rate": "dilation_rate",
    "pool_length": "pool_size",
    "stride": "strides",
    "length": "size",
    "p": "rate",
    "sigma": "stddev",
    "depthwise_regularizer": "depthwise_regularizer",
    "pointwise_regularizer": "pointwise_regularizer",
    "beta_init": "beta_initializer",
    "gamma_init": "gamma_initializer",
    "input_dtype": "dtype",
}

#: Per-class keyword renames that override ``KWARG_RENAMES``.
CLASS_KWARG_RENAMES: dict[str, dict[str, str]] = {
    "Embedding": {
        "output_dim": "output_dim",
        "init": "embeddings_initializer",
        "W_regularizer": "embeddings_regularizer",
        "W_constraint": "embeddings_constraint",
    },
    "PReLU": {"init": "alpha_initializer"},
    "LeakyReLU": {"alpha": "negative_slope"},
    "ThresholdedReLU": {"theta": "threshold"},
    "SeparableConvolution2D": {"init": "depthwise_initializer"},
    "SeparableConv2D": {"init": "depthwise_initializer"},
    "TimeDistributedDense": {},
    # Keras 1 ParametricSoftplus takes constant floats, not initializers.
    "ParametricSoftplus": {"alpha_init": "alpha_init", "beta_init": "beta_init"},
}

#: Keyword values that change on the way (keyword is the Keras 1 name).
VALUE_MAPS: dict[str, dict[object, object]] = {
    "dim_ordering": {"th": "channels_first", "tf": "channels_last", "default": None},
    "forget_bias_init": {"one": True, "zero": False},
    # Same arithmetic either way.  Keras 1 'cpu'/'gpu' did fewer, larger
    # products (Keras 3 mode 2, its fast default), 'mem' more, smaller ones
    # (mode 1).  Also marks the Keras 1 weight layout (weights/recurrent.py).
    "consume_less": {"cpu": 2, "mem": 1, "gpu": 2},
}

#: Keras 1 dim_ordering <-> Keras 3 data_format, both directions.
DIM_ORDERING_TO_DATA_FORMAT = {"th": "channels_first", "tf": "channels_last"}
DATA_FORMAT_TO_DIM_ORDERING = {v: k for k, v in DIM_ORDERING_TO_DATA_FORMAT.items()}

#: Separate Keras 1 integers that Keras 2/3 take as one tuple keyword.
TUPLE_ARGS: dict[tuple[str, ...], str] = {
    ("nb_row", "nb_col"): "kernel_size",
    ("kernel_dim1", "kernel_dim2", "kernel_dim3"): "kernel_size",
}

#: Keras 1 keyword values that Keras 3 cannot express at all, with the reason.
UNSUPPORTED_VALUES: dict[tuple[str, object], str] = {
    ("border_mode", "full"): (
        "border_mode='full' only existed on Theano; use ZeroPadding with "
        "kernel_size - 1 on each side and border_mode='valid'"),
}

#: Keyword arguments Keras 1 accepted, warned about and ignored.
DEPRECATED_IGNORED_KWARGS: dict[str, dict[str, str]] = {
    "Highway": {"transform_bias": "Keras 1.2.2 ignores `transform_bias` (the carry bias starts at 1)"},
}

#: Keras 1 layers whose ``input_dim`` (+ ``input_length``) describe a sequence:
#: ``input_shape = (input_length, input_dim)``.  Other layers with ``input_dim``
#: (Dense, Highway ...) take ``input_shape = (input_dim,)``.
SEQUENCE_INPUT_LAYERS = frozenset({
    "Convolution1D", "Conv1D", "AtrousConvolution1D", "AtrousConv1D",
    "LocallyConnected1D", "TimeDistributedDense", "SimpleRNN", "GRU", "LSTM",
})

#: Layers whose ``input_dim`` is a real argument (vocabulary size) and whose
#: input shape is ``(input_length,)``.
INPUT_LENGTH_ONLY_LAYERS = frozenset({"Embedding"})

#: Keras 1 default activation functions whose formula changed in Keras 3.
#: ``hard_sigmoid`` is clip(0.2 x + 0.5, 0, 1) in Keras 1, relu6(x+3)/6 in Keras 3.
CHANGED_ACTIVATIONS = ("hard_sigmoid",)

#: Defaults a Keras 3 layer must be given explicitly to compute what Keras 1 did.
KERAS1_EXPLICIT_DEFAULTS: dict[str, dict[str, object]] = {
    "LSTM": {"recurrent_activation": "hard_sigmoid", "unit_forget_bias": True},
    "GRU": {"recurrent_activation": "hard_sigmoid", "reset_after": False},
    "ConvLSTM2D": {"recurrent_activation": "hard_sigmoid", "unit_forget_bias": True},
    "SimpleRNN": {},
    "Embedding": {"embeddings_initializer": "uniform"},
    "PReLU": {"alpha_initializer": "zero"},
}

#: Keras 1 default layer-name prefix: ``lowercase(class name)`` + ``_N`` from 1.
def keras1_layer_prefix(class_name: str) -> str:
    """The prefix Keras 1 used for automatic layer names (``convolution2d``)."""
    return class_name.lower()


def positional_names(class_name: str) -> tuple[str, ...]:
    """Keras 1 positional parameter names of ``class_name`` in order."""
    return tuple(name for name, _ in SIGNATURES[class_name][1])


def keras1_defaults(class_name: str) -> dict[str, object]:
    """Keras 1 keyword defaults of ``class_name`` (required params omitted)."""
    return {name: default for name, default in SIGNATURES[class_name][1]
            if default is not REQUIRED}


def keras3_kwarg(class_name: str, keras1_kwarg: str) -> str:
    """The Keras 2/3 keyword for ``keras1_kwarg`` on ``class_name``."""
    per_class = CLASS_KWARG_RENAMES.get(class_name, {})
    if keras1_kwarg in per_class:
        return per_class[keras1_kwarg]
    return KWARG_RENAMES.get(keras1_kwarg, keras1_kwarg)


#: How many leading Keras 1 positionals mean the same thing as Keras 3's
#: positionals (default 1: ``Dense(64)``, ``Dropout(0.5)``); the codemod turns
#: the rest into keywords.  0 where even the first differs
#: (``BatchNormalization(epsilon)`` vs Keras 3 ``BatchNormalization(axis)``).
SHARED_LEADING_POSITIONALS: dict[str, int] = {
    "Embedding": 2, "Lambda": 2, "Bidirectional": 2,
    "Convolution1D": 2, "Conv1D": 2, "AtrousConvolution1D": 2, "AtrousConv1D": 2,
    "BatchNormalization": 0, "ThresholdedReLU": 0, "InputLayer": 0, "Merge": 0,
    "Highway": 0, "PReLU": 1,
}

#: Keras 1 initializer names whose Keras 3 namesake draws differently: the
#: codemod writes the Keras 1 distribution out (Keras 3 class, keyword args).
KERAS1_INITIALIZER_EXPLICIT: dict[str, tuple[str, dict[str, object]]] = {
    "glorot_normal": ("VarianceScaling", {"scale": 1.0, "mode": "fan_avg", "distribution": "untruncated_normal"}),
    "he_normal": ("VarianceScaling", {"scale": 2.0, "mode": "fan_in", "distribution": "untruncated_normal"}),
    "orthogonal": ("Orthogonal", {"gain": 1.1}),
}

"""Keras 1.2.2 module paths and backend functions, and where they live in Keras 3.

Source: the project's Keras 1 -> 2 reference notes on modules and the backend (Keras 3 importability
checked against Keras 3.15 / TF 2.21).  Read by the codemod (``migrate``) to
rewrite imports and ``K.*`` calls, and usable by the runtime to know what a
Keras 1 module exported.  Pure data: no TensorFlow or Keras import, ever.

Conventions: module paths are written with the root ``keras``; the codemod
swaps the root for ``tensorflow.keras`` when asked to.  A home starting with
``tensorflow.keras`` is served *only* by ``tf.keras`` (the legacy pieces Keras 3
kept there), whatever root the user chose.
"""
from __future__ import annotations

from legacy_keras.spec.layers import DIM_ORDERING_TO_DATA_FORMAT

#: Keras 1 module -> Keras 3 module holding (most of) its public names.
#: ``None``: the module has no Keras 3 counterpart (see ``REMOVED_MODULES``).
MODULE_HOMES: dict[str, str | None] = {
    "keras.layers.core": "keras.layers",
    "keras.layers.convolutional": "keras.layers",
    "keras.layers.recurrent": "keras.layers",
    "keras.layers.embeddings": "keras.layers",
    "keras.layers.normalization": "keras.layers",
    "keras.layers.advanced_activations": "keras.layers",
    "keras.layers.noise": "keras.layers",
    "keras.layers.pooling": "keras.layers",
    "keras.layers.wrappers": "keras.layers",
    "keras.layers.local": "keras.layers",
    "keras.layers.convolutional_recurrent": "keras.layers",
    "keras.engine": "keras.layers",
    "keras.engine.topology": "keras.layers",
    "keras.engine.training": "keras.models",
    "keras.objectives": "keras.losses",
    "keras.initializations": "keras.initializers",
    "keras.utils.np_utils": "keras.utils",
    "keras.utils.visualize_util": "keras.utils",
    "keras.utils.data_utils": "keras.utils",
    "keras.utils.generic_utils": "keras.utils",
    "keras.utils.layer_utils": "keras.utils",
    "keras.utils.io_utils": "keras.utils",
    "keras.preprocessing.text": "tensorflow.keras.preprocessing.text",
    "keras.wrappers.scikit_learn": "scikeras.wrappers",  # the maintained successor (NAME_HOMES)
    "keras.backend.tensorflow_backend": None,
    "keras.backend.theano_backend": None,
    "keras.legacy": None,
    "keras.legacy.layers": None,
    "keras.legacy.models": None,
}

#: Individual names whose Keras 3 home or spelling differs from their module's.
#: (Keras 1 module, Keras 1 name) -> (Keras 3 module, Keras 3 name).
NAME_HOMES: dict[tuple[str, str], tuple[str, str]] = {
    ("keras.engine.topology", "Container"): ("keras.models", "Model"),
    ("keras.engine.topology", "Model"): ("keras.models", "Model"),
    ("keras.engine", "Model"): ("keras.models", "Model"),
    ("keras.engine.training", "Model"): ("keras.models", "Model"),
    ("keras.utils.visualize_util", "plot"): ("keras.utils", "plot_model"),
    ("keras.preprocessing.image", "ImageDataGenerator"): ("tensorflow.keras.preprocessing.image", "ImageDataGenerator"),
    ("keras.preprocessing.image", "Iterator"): ("tensorflow.keras.preprocessing.image", "Iterator"),
    ("keras.preprocessing.image", "NumpyArrayIterator"): ("tensorflow.keras.preprocessing.image", "NumpyArrayIterator"),
    ("keras.preprocessing.image", "DirectoryIterator"): ("tensorflow.keras.preprocessing.image", "DirectoryIterator"),
    ("keras.preprocessing.image", "random_rotation"): ("tensorflow.keras.preprocessing.image", "random_rotation"),
    ("keras.preprocessing.image", "random_shift"): ("tensorflow.keras.preprocessing.image", "random_shift"),
    ("keras.preprocessing.image", "random_shear"): ("tensorflow.keras.preprocessing.image", "random_shear"),
    ("keras.preprocessing.image", "random_zoom"): ("tensorflow.keras.preprocessing.image", "random_zoom"),
    ("keras.preprocessing.image", "apply_transform"): ("tensorflow.keras.preprocessing.image", "apply_affine_transform"),
    ("keras.preprocessing.sequence", "skipgrams"): ("tensorflow.keras.preprocessing.sequence", "skipgrams"),
    ("keras.preprocessing.sequence", "make_sampling_table"): ("tensorflow.keras.preprocessing.sequence", "make_sampling_table"),
    ("keras.regularizers", "l1l2"): ("keras.regularizers", "l1_l2"),
    ("keras.regularizers", "activity_l1"): ("keras.regularizers", "l1"),
    ("keras.regularizers", "activity_l2"): ("keras.regularizers", "l2"),
    ("keras.regularizers", "activity_l1l2"): ("keras.regularizers", "l1_l2"),
    ("keras.regularizers", "WeightRegularizer"): ("keras.regularizers", "L1L2"),
    ("keras.regularizers", "ActivityRegularizer"): ("keras.regularizers", "L1L2"),
    ("keras.regularizers", "L1L2Regularizer"): ("keras.regularizers", "L1L2"),
    ("keras.constraints", "maxnorm"): ("keras.constraints", "MaxNorm"),
    ("keras.constraints", "nonneg"): ("keras.constraints", "NonNeg"),
    ("keras.constraints", "unitnorm"): ("keras.constraints", "UnitNorm"),
    # the maintained successor of keras.wrappers.scikit_learn (a new dependency, reported)
    ("keras.wrappers.scikit_learn", "KerasClassifier"): ("scikeras.wrappers", "KerasClassifier"),
    ("keras.wrappers.scikit_learn", "KerasRegressor"): ("scikeras.wrappers", "KerasRegressor"),
}

#: Keras 1 ``KerasClassifier``/``KerasRegressor`` keywords -> scikeras' (``fit__`` routes a
#: keyword to ``fit``; scikeras passes its other unknown keywords to the model function, as
#: Keras 1 passed the build_fn arguments among ``sk_params``).
SCIKERAS_KWARGS: dict[str, str] = {
    "build_fn": "model", "nb_epoch": "epochs", "validation_data": "fit__validation_data",
    "sample_weight": "fit__sample_weight", "initial_epoch": "fit__initial_epoch",
}
#: Keras 1 fit's default epochs (scikeras' is 1): written out when the call leaves it out.
SCIKERAS_KERAS1_EPOCHS = 10

#: The Keras 1 module of the scikit-learn wrappers and its successor (``MODULE_HOMES``): a module
#: alias (``import keras.wrappers.scikit_learn as ksk``) becomes an alias of ``scikeras.wrappers``.
SCIKIT_LEARN_MODULE = "keras.wrappers.scikit_learn"
SCIKERAS_MODULE = "scikeras.wrappers"
#: Public names of Keras 1.2.2's ``keras.wrappers.scikit_learn``, all of which ``scikeras.wrappers``
#: has under the same name (``BaseWrapper``'s subclass protocol differs: reported).
SCIKIT_LEARN_NAMES = ("BaseWrapper", "KerasClassifier", "KerasRegressor")
#: What migrating to scikeras means for the user (reported once per file).
SCIKERAS_DEPENDENCY = ("a new dependency (pip install scikeras), the maintained successor; a fitted "
                       "estimator's model is .model_, grid-search keys are scikeras' (epochs, not nb_epoch)")

#: Names that disappeared without a Keras 3 replacement: (module or ``*``, name) -> advice.
REMOVED_NAMES: dict[tuple[str, str], str] = {
    ("*", "Merge"): "Merge layers are gone: use keras.layers.concatenate/add/... on tensors "
                    "(a Sequential starting with Merge must become a functional Model)",
    ("*", "Highway"): "Highway was removed in Keras 2.2; run under legacy-run or reimplement",
    ("*", "MaxoutDense"): "MaxoutDense was removed in Keras 2.2; run under legacy-run or reimplement",
    ("*", "LocallyConnected1D"): "LocallyConnected1D is not in Keras 3; run under legacy-run or reimplement",
    ("*", "LocallyConnected2D"): "LocallyConnected2D is not in Keras 3; run under legacy-run or reimplement",
    ("*", "SReLU"): "SReLU was removed (keras-contrib); run under legacy-run or reimplement",
    ("*", "ParametricSoftplus"): "ParametricSoftplus was removed (keras-contrib); run under legacy-run",
    ("keras.utils.np_utils", "convert_kernel"): "convert_kernel is gone: flip the kernel with numpy "
                                                "(kernel[::-1, ::-1] for a Keras 3 Conv2D kernel)",
    ("keras.utils.layer_utils", "convert_all_kernels_in_model"): "convert_all_kernels_in_model is gone: flip "
                                                                 "conv kernels with numpy",
    ("keras.utils.io_utils", "HDF5Matrix"): "HDF5Matrix is gone: read the array with h5py",
    ("keras.models", "model_from_yaml"): "YAML model files are gone in Keras 3: rebuild the model in code",
}

#: Functions the codemod replaces call by call, so their import can go once
#: every use was rewritten (``merge(...)`` becomes ``concatenate(...)`` ...).
REWRITTEN_AWAY = frozenset({"merge", "Merge"})

#: Keras 1 ``merge``/``Merge`` modes -> (Keras 3 function, Keras 3 layer class).
MERGE_MODES: dict[str, tuple[str, str]] = {
    "sum": ("add", "Add"),
    "mul": ("multiply", "Multiply"),
    "ave": ("average", "Average"),
    "max": ("maximum", "Maximum"),
    "concat": ("concatenate", "Concatenate"),
    "dot": ("dot", "Dot"),
    "cos": ("dot", "Dot"),
}

#: Keras 1 ``merge()`` function signature (positional order).
MERGE_SIGNATURE = ("inputs", "mode", "concat_axis", "dot_axes", "output_shape",
                   "output_mask", "arguments", "name")

#: Keras 1 methods whose positional order differs from Keras 3's: name -> K1 order.
METHOD_SIGNATURES: dict[str, tuple[str, ...]] = {
    # Layer.add_weight(shape, initializer, name=None, trainable=True, regularizer=None, constraint=None)
    "add_weight": ("shape", "initializer", "name", "trainable", "regularizer", "constraint"),
}

#: Keras 1 custom-layer method names -> Keras 3 names.
LAYER_METHOD_RENAMES: dict[str, str] = {
    "get_output_shape_for": "compute_output_shape",
}

#: Keyword renames of Keras 1 utility functions: qualified K1 name -> {old: new}.
FUNCTION_KWARG_RENAMES: dict[str, dict[str, str]] = {
    "keras.utils.np_utils.to_categorical": {"nb_classes": "num_classes"},
    "keras.utils.to_categorical": {"nb_classes": "num_classes"},
    "keras.regularizers.l1": {"l": "l1"},
    "keras.regularizers.l2": {"l": "l2"},
    "keras.regularizers.activity_l1": {"l": "l1"},
    "keras.regularizers.activity_l2": {"l": "l2"},
    "keras.constraints.maxnorm": {"m": "max_value"},
    "keras.constraints.MaxNorm": {"m": "max_value"},
    "keras.constraints.MinMaxNorm": {"low": "min_value", "high": "max_value"},
    "keras.datasets.imdb.load_data": {"nb_words": "num_words"},
    "keras.datasets.reuters.load_data": {"nb_words": "num_words"},
    "keras.preprocessing.text.Tokenizer": {"nb_words": "num_words"},
    "keras.utils.visualize_util.plot": {},
    "keras.preprocessing.image.ImageDataGenerator": {"dim_ordering": "data_format"},
    "keras.callbacks.ReduceLROnPlateau": {"epsilon": "min_delta"},
}

#: Keras 1 functions whose Keras 1 defaults must be written out because Keras 3's differ.
FUNCTION_EXPLICIT_DEFAULTS: dict[str, dict[str, object]] = {
    # Keras 1 l1l2() meant l1=0.01, l2=0.01; Keras 3 l1_l2() means 0, 0.
    "keras.regularizers.l1l2": {"l1": 0.01, "l2": 0.01},
    "keras.regularizers.activity_l1l2": {"l1": 0.01, "l2": 0.01},
}

#: Keras 1 ``keras.backend`` functions -> ``keras.ops`` functions with the same
#: positional meaning (plain ``keras.backend`` keeps only a dozen names).
BACKEND_TO_OPS: dict[str, str] = {
    name: name for name in (
        "abs", "all", "any", "argmax", "argmin", "cast", "clip", "concatenate", "cos",
        "cumprod", "cumsum", "dot", "equal", "exp", "expand_dims", "greater",
        "greater_equal", "less", "less_equal", "log", "max", "maximum", "mean", "min",
        "minimum", "not_equal", "ones_like", "zeros_like", "prod", "relu", "reshape",
        "round", "sigmoid", "sign", "sin", "softmax", "softplus", "softsign", "sqrt",
        "square", "squeeze", "stack", "std", "sum", "tanh", "tile", "transpose", "var",
        "shape", "ndim", "elu", "one_hot", "binary_crossentropy",
        "categorical_crossentropy", "sparse_categorical_crossentropy", "stop_gradient",
    )
} | {
    "lesser": "less",
    "lesser_equal": "less_equal",
    "pow": "power",
    "permute_dimensions": "transpose",
    "repeat_elements": "repeat",
    "switch": "where",
    "gather": "take",
    "l2_normalize": "normalize",
}

#: Keras 1 backend functions renamed in Keras 2 (``tf.keras.backend`` spelling).
BACKEND_RENAMES: dict[str, str] = {
    "lesser": "less",
    "lesser_equal": "less_equal",
    "image_dim_ordering": "image_data_format",
    "set_image_dim_ordering": "set_image_data_format",
}

#: Keyword renames of backend functions (Keras 1 -> Keras 2/3).
BACKEND_KWARG_RENAMES: dict[str, dict[str, str]] = {
    "expand_dims": {"dim": "axis"},
    "permute_dimensions": {"pattern": "axes"},
    "one_hot": {"nb_classes": "num_classes"},
    "random_normal": {"std": "stddev"},
    "random_uniform": {"low": "minval", "high": "maxval"},
}

#: Backend functions whose first two positionals swapped: K1 (output, target) -> (target, output).
BACKEND_SWAPPED_ARGS = frozenset({"categorical_crossentropy", "sparse_categorical_crossentropy",
                                  "binary_crossentropy"})

#: Names plain ``keras.backend`` (Keras 3) still exports.
KERAS3_BACKEND_NAMES = frozenset({
    "backend", "clear_session", "epsilon", "floatx", "get_uid", "image_data_format",
    "is_float_dtype", "is_int_dtype", "is_keras_tensor", "result_type", "set_epsilon",
    "set_floatx", "set_image_data_format", "standardize_dtype",
})

#: Names ``tf.keras.backend`` (Keras 3 under TensorFlow) exports: the K2-style legacy backend.
TF_KERAS_BACKEND_NAMES = KERAS3_BACKEND_NAMES | frozenset({
    "abs", "all", "any", "arange", "argmax", "argmin", "batch_dot", "batch_flatten",
    "batch_get_value", "batch_normalization", "batch_set_value", "bias_add",
    "binary_crossentropy", "cast", "cast_to_floatx", "categorical_crossentropy", "clip",
    "concatenate", "constant", "conv1d", "conv2d", "conv2d_transpose", "conv3d", "cos",
    "count_params", "ctc_batch_cost", "ctc_decode", "cumprod", "cumsum", "depthwise_conv2d",
    "dot", "dropout", "dtype", "elu", "equal", "eval", "exp", "expand_dims", "eye",
    "flatten", "foldl", "foldr", "gather", "get_value", "gradients", "greater",
    "greater_equal", "hard_sigmoid", "in_top_k", "int_shape", "is_sparse", "l2_normalize",
    "less", "less_equal", "log", "map_fn", "max", "maximum", "mean", "min", "minimum",
    "moving_average_update", "name_scope", "ndim", "not_equal", "one_hot", "ones",
    "ones_like", "permute_dimensions", "pool2d", "pool3d", "pow", "prod", "random_normal",
    "random_uniform", "relu", "repeat", "repeat_elements", "reshape", "resize_images",
    "resize_volumes", "reverse", "rnn", "round", "separable_conv2d", "set_value", "shape",
    "sigmoid", "sign", "sin", "softmax", "softplus", "softsign", "sparse_categorical_crossentropy",
    "spatial_2d_padding", "spatial_3d_padding", "sqrt", "square", "squeeze", "stack", "std",
    "stop_gradient", "sum", "switch", "tanh", "temporal_padding", "tile", "to_dense",
    "transpose", "truncated_normal", "update", "update_add", "update_sub", "var", "variable",
    "zeros", "zeros_like",
})

#: Keras 1 ``image_dim_ordering()`` values -> ``image_data_format()`` values
#: (the one table of ``spec.layers``, under the name the backend rules use).
DIM_ORDERING_VALUES = DIM_ORDERING_TO_DATA_FORMAT

#: Backend names with no Keras 3 counterpart at all, with advice.
BACKEND_REMOVED: dict[str, str] = {
    "function": "K.function is gone: build a keras.Model(inputs, outputs) and call it",
    "learning_phase": "K.learning_phase is gone: pass training=True/False to layers or models",
    "set_learning_phase": "K.set_learning_phase is gone: pass training= to calls",
    "in_train_phase": "K.in_train_phase is gone: use the training argument of call()",
    "in_test_phase": "K.in_test_phase is gone: use the training argument of call()",
    "placeholder": "K.placeholder is gone: use keras.Input",
    "_BACKEND": "K._BACKEND is gone: use K.backend()",
    "pattern_broadcast": "Theano-only backend function, removed",
}

#: Sequential/Model methods removed in Keras 3 and what replaces them.
#: Module-level workarounds of Keras 1-era TensorFlow bugs that break on TensorFlow 2, as
#: (attribute chain below the ``tensorflow`` module, value) -> why it goes: the statement
#: ``tf.python.control_flow_ops = tf`` (Keras 1.2 on TF 0.12 looked the module up there; the
#: ``tf.python`` attribute is gone in TF 2, so the line raises AttributeError at import).
OBSOLETE_TF_WORKAROUNDS: dict[str, str] = {
    "python.control_flow_ops": "a Keras 1.2 / TensorFlow 0.12 workaround; TensorFlow 2 has no "
                               "tf.python attribute (AttributeError at import)",
}

#: Other libraries' names a Keras 1.2.2 module leaked to ``from keras.x import *``
#: (``keras1_names.FOREIGN_NAMES``, from the oracle) -> the import that binds them today.
#: Code that used ``np`` after ``from keras.optimizers import *`` only needs the import written
#: out; names with no entry (``theano``, ``T``, ``six``'s ``range``) are reported or builtins.
FOREIGN_NAME_IMPORTS: dict[str, str] = {
    "np": "import numpy as np", "h5py": "import h5py", "cPickle": "import pickle as cPickle",
    "ndi": "import scipy.ndimage as ndi", "linalg": "from scipy import linalg",
    "Iterable": "from collections.abc import Iterable", "OrderedDict": "from collections import OrderedDict",
    "defaultdict": "from collections import defaultdict", "deque": "from collections import deque",
    "urlopen": "from urllib.request import urlopen", "urlretrieve": "from urllib.request import urlretrieve",
    "HTTPError": "from urllib.error import HTTPError", "URLError": "from urllib.error import URLError",
    **{name: f"import {name}" for name in (
        "copy", "csv", "functools", "gzip", "hashlib", "inspect", "json", "marshal", "multiprocessing",
        "os", "queue", "random", "re", "shutil", "string", "sys", "tarfile", "threading", "time", "types",
        "warnings")},
}

#: Graph bookkeeping Keras 1 code edited by hand (the ``pop(model)`` recipe of keras issue
#: 2371: ``model.layers.pop(); model.outputs = [model.layers[-1].output]; ...``): Keras 3
#: derives these, the assignments raise AttributeError, and ``model.layers`` is a copy.
KERAS1_GRAPH_INTERNALS: dict[str, str] = {
    "outputs": "model.outputs is read-only in Keras 3 (derived from the graph)",
    "inbound_nodes": "inbound_nodes is private in Keras 3 (derived from the graph)",
    "outbound_nodes": "outbound_nodes is private in Keras 3 (derived from the graph)",
    "container_nodes": "container_nodes is gone in Keras 3",
}
#: what to do instead of editing the graph by hand
GRAPH_EDIT_ADVICE = ("to drop the last layer use model.pop() (Sequential) or build "
                     "keras.Model(model.inputs, model.layers[-2].output)")

REMOVED_MODEL_METHODS = {"predict_classes": "keras1_predict_classes", "predict_proba": "predict"}

#: Keras 1 iterator attributes renamed in Keras 2 (``gen.nb_sample`` -> ``gen.samples``).
ITERATOR_ATTRIBUTE_RENAMES = {"nb_sample": "samples", "nb_class": "num_classes", "N": "n"}

#: ``ImageDataGenerator.flow``/``flow_from_directory`` default batch size (Keras 1 and 3).
FLOW_DEFAULT_BATCH_SIZE = 32

#: Keras 1 history keys for ``metrics=['accuracy']`` -> Keras 3 keys.
HISTORY_KEYS_FOR_ACCURACY = {"acc": "accuracy", "val_acc": "val_accuracy"}

#: Last components of Keras 1 (sub)module names: ``from keras.utils import np_utils``
#: imports a module, ``from keras.layers import Dense`` an object.
KERAS1_SUBMODULES = frozenset({
    "core", "convolutional", "recurrent", "embeddings", "normalization", "advanced_activations",
    "noise", "pooling", "wrappers", "local", "convolutional_recurrent", "topology", "training",
    "np_utils", "visualize_util", "data_utils", "generic_utils", "layer_utils", "io_utils", "text",
    "image", "sequence", "scikit_learn", "backend", "layers", "utils", "engine", "preprocessing",
    "datasets", "mnist", "cifar10", "cifar100", "imdb", "reuters", "boston_housing",
    "tensorflow_backend", "theano_backend", "models", "optimizers", "callbacks", "objectives",
    "initializations", "regularizers", "constraints", "activations", "metrics", "applications",
})

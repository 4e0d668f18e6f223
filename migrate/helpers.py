"""Functions the codemod inserts (once per file) where Keras 3 lost a Keras 1 behaviour.

Each helper is plain code using only public Keras 3 API, named ``keras1_*`` so a
reader sees where it came from and a second run recognises it (idempotence).
Helpers that end up inside a saved model (an activation given to a layer) are
registered with ``keras.utils.register_keras_serializable(package="keras1")``
so that ``load_model`` of a file the migrated script wrote finds them again
(``keras.utils``' spelling of ``keras.saving``'s function: ``from tensorflow import
keras``, under ``--keras-module tensorflow.keras``, has no ``keras.saving``).
"""
from __future__ import annotations

HELPERS: dict[str, str] = {
    "keras1_hard_sigmoid": '''
@keras.utils.register_keras_serializable(package="keras1")
def keras1_hard_sigmoid(x):
    """Keras 1 hard_sigmoid, clip(0.2 * x + 0.5, 0, 1) (Keras 3's uses x / 6), computed as
    Keras 3's fused hard_sigmoid of 1.2 * x: the same function to 6e-8, and fast in LSTMs."""
    return keras.activations.hard_sigmoid(1.2 * x)
''',
    "keras1_predict_classes": '''
def keras1_predict_classes(model, x, batch_size=32, verbose=1):
    """Keras 1 Sequential.predict_classes (removed from Keras): argmax, or p > 0.5 for one unit."""
    proba = model.predict(x, batch_size=batch_size, verbose=verbose)
    if proba.shape[-1] > 1:
        return proba.argmax(axis=-1)
    return (proba > 0.5).astype("int32")
''',
    "keras1_slice_X": '''
def keras1_slice_X(X, start=None, stop=None):
    """Keras 1 slice_X: rows start:stop (or the rows listed in start) of an array or a list of arrays."""
    if hasattr(start, "__len__"):
        start = start.tolist() if hasattr(start, "tolist") else start
        return [x[start] for x in X] if isinstance(X, list) else X[start]
    return [x[start:stop] for x in X] if isinstance(X, list) else X[start:stop]
''',
    "keras1_reset_states": '''
def keras1_reset_states(model):
    """Keras 1 Model.reset_states(): reset every stateful layer (Keras 3 models lost the method)."""
    for layer in model.layers:
        if hasattr(layer, "layers"):
            keras1_reset_states(layer)
        elif getattr(layer, "stateful", False) and hasattr(layer, "reset_states"):
            layer.reset_states()
''',
    "keras1_function": '''
def keras1_function(inputs, outputs, learning_phase=False):
    """Keras 1 K.function(inputs, outputs): a callable from a list of arrays to a list of arrays.

    With ``learning_phase=True`` the last value passed is Keras 1's K.learning_phase()
    (0: test, 1: train), given to the model as ``training=``.
    """
    model = keras.Model(list(inputs), list(outputs))

    def call(values):
        values = list(values)
        training = bool(values.pop()) if learning_phase else False
        result = model(values, training=training)
        if not isinstance(result, (list, tuple)):
            result = [result]
        return [keras.ops.convert_to_numpy(r) for r in result]
    return call
''',
    "keras1_in_train_phase": '''
def keras1_in_train_phase(x, alt, training=None):
    """Keras 1 K.in_train_phase: x in the training phase, alt otherwise. ``training`` is
    the layer call's (None outside fit, as Keras 1's predict/evaluate ran the test phase)."""
    if not keras.ops.is_tensor(training):
        return x if training else alt
    return keras.ops.cond(keras.ops.cast(training, "bool"), lambda: x, lambda: alt)
''',
    "keras1_cast_to_floatx": '''
def keras1_cast_to_floatx(x):
    """Keras 1 K.cast_to_floatx: a numpy array of the configured float type."""
    import numpy
    return numpy.asarray(x, dtype=keras.backend.floatx())
''',
    "keras1_temporal_padding": '''
def keras1_temporal_padding(x, left, right):
    """Keras 1 K.temporal_padding: zeros before/after the time axis of (samples, steps, features)."""
    return keras.ops.pad(x, [(0, 0), (left, right), (0, 0)])
''',
    "keras1_spatial_padding": '''
def keras1_spatial_padding(x, padding, data_format):
    """Keras 1 K.spatial_2d/3d_padding: zeros around each spatial axis (p or (before, after) per axis)."""
    pads = [tuple(p) if isinstance(p, (tuple, list)) else (p, p) for p in padding]
    if data_format == "channels_first":
        return keras.ops.pad(x, [(0, 0), (0, 0), *pads])
    return keras.ops.pad(x, [(0, 0), *pads, (0, 0)])
''',
    "Keras1Highway": '''
@keras.utils.register_keras_serializable(package="keras1")
class Keras1Highway(keras.layers.Layer):
    """Keras 1 Highway (removed in Keras 2.2): y = T * act(x W + b) + (1 - T) * x with
    T = sigmoid(x W_carry + b_carry); b_carry starts at 1 (Keras 1.2.2 ignored transform_bias)."""

    def __init__(self, kernel_initializer="glorot_uniform", activation=None, kernel_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, bias_constraint=None, use_bias=True,
                 **kwargs):
        super().__init__(**kwargs)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.activation = keras.activations.get(activation)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)
        self.use_bias = use_bias

    def build(self, input_shape):
        dim = input_shape[-1]
        self.W = self.add_weight(shape=(dim, dim), initializer=self.kernel_initializer, name="W",
                                 regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.W_carry = self.add_weight(shape=(dim, dim), initializer=self.kernel_initializer, name="W_carry")
        if self.use_bias:
            self.b = self.add_weight(shape=(dim,), initializer="zeros", name="b",
                                     regularizer=self.bias_regularizer, constraint=self.bias_constraint)
            self.b_carry = self.add_weight(shape=(dim,), initializer="ones", name="b_carry")

    def call(self, x):
        act = keras.ops.matmul(x, self.W)
        carry = keras.ops.matmul(x, self.W_carry)
        if self.use_bias:
            act = act + self.b
            carry = carry + self.b_carry
        gate = keras.ops.sigmoid(carry)
        return self.activation(act) * gate + (1.0 - gate) * x

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "use_bias": self.use_bias,
                "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
                "activation": keras.activations.serialize(self.activation),
                "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": keras.regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": keras.constraints.serialize(self.kernel_constraint),
                "bias_constraint": keras.constraints.serialize(self.bias_constraint)}
''',
    "Keras1Embedding": '''
@keras.utils.register_keras_serializable(package="keras1")
class Keras1Embedding(keras.layers.Embedding):
    """Keras 1 Embedding(dropout=p) (removed in Keras 2): in training, whole rows of the
    embedding matrix (words of the vocabulary) are dropped with probability p and the
    others scaled by 1 / (1 - p); inference is a plain Embedding."""

    def __init__(self, *args, dropout=0.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.dropout = dropout
        self.seed_generator = keras.random.SeedGenerator()

    def call(self, inputs, training=None):
        if not training or not 0.0 < self.dropout < 1.0:
            return super().call(inputs)
        retain = 1.0 - self.dropout
        rows = keras.random.uniform((self.input_dim, 1), seed=self.seed_generator) < retain
        weights = self.embeddings * keras.ops.cast(rows, self.embeddings.dtype) / retain
        return keras.ops.take(weights, keras.ops.cast(inputs, "int32"), axis=0)

    def get_config(self):
        return {**super().get_config(), "dropout": self.dropout}
''',
    "Keras1BatchNormalization": '''
@keras.utils.register_keras_serializable(package="keras1")
class Keras1BatchNormalization(keras.layers.BatchNormalization):
    """Keras 1 BatchNormalization(mode=1 or 2) (removed in Keras 2). mode=2: feature-wise with
    the batch's statistics in training *and* inference; mode=1: per sample over the last axis,
    (x - mean) / (sqrt(var + eps) + eps). Running statistics are not updated (as in Keras 1).
    mode=0 (a mode known only at run time) is Keras 3's own BatchNormalization."""

    def __init__(self, *args, mode=2, **kwargs):
        if mode not in (0, 1, 2):
            raise ValueError(f"Keras 1 BatchNormalization mode must be 0, 1 or 2, not {mode!r}")
        super().__init__(*args, **kwargs)
        self.mode = mode

    def call(self, inputs, training=None, mask=None):
        if self.mode == 0:
            return super().call(inputs, training=training, mask=mask)
        x = keras.ops.cast(inputs, "float32")
        if self.mode == 1:
            mean = keras.ops.mean(x, axis=-1, keepdims=True)
            std = keras.ops.sqrt(keras.ops.var(x, axis=-1, keepdims=True) + self.epsilon)
            return keras.ops.cast(self.gamma * ((x - mean) / (std + self.epsilon)) + self.beta, inputs.dtype)
        ndim = len(x.shape)
        axis = self.axis % ndim
        mean, var = keras.ops.moments(x, axes=[i for i in range(ndim) if i != axis], keepdims=True)
        shape = [1] * ndim
        shape[axis] = x.shape[axis]
        normed = (x - mean) / keras.ops.sqrt(var + self.epsilon)
        out = normed * keras.ops.reshape(self.gamma, shape) + keras.ops.reshape(self.beta, shape)
        return keras.ops.cast(out, inputs.dtype)

    def get_config(self):
        return {**super().get_config(), "mode": self.mode}
''',
    "Keras1MaxoutDense": '''
@keras.utils.register_keras_serializable(package="keras1")
class Keras1MaxoutDense(keras.layers.Layer):
    """Keras 1 MaxoutDense (removed in Keras 2.2): y = max_k (x W[k] + b[k]), W of shape
    (nb_feature, input_dim, output_dim), b (nb_feature, output_dim); no activation."""

    def __init__(self, units, nb_feature=4, kernel_initializer="glorot_uniform", kernel_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, bias_constraint=None, use_bias=True,
                 **kwargs):
        super().__init__(**kwargs)
        self.units, self.nb_feature, self.use_bias = int(units), int(nb_feature), use_bias
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)

    def build(self, input_shape):
        self.W = self.add_weight(shape=(self.nb_feature, input_shape[-1], self.units), name="W",
                                 initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                 constraint=self.kernel_constraint)
        if self.use_bias:
            self.b = self.add_weight(shape=(self.nb_feature, self.units), initializer="zeros", name="b",
                                     regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def call(self, x):
        out = keras.ops.einsum("bi,kio->bko", x, self.W)
        if self.use_bias:
            out = out + self.b
        return keras.ops.max(out, axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "nb_feature": self.nb_feature,
                "use_bias": self.use_bias,
                "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
                "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": keras.regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": keras.constraints.serialize(self.kernel_constraint),
                "bias_constraint": keras.constraints.serialize(self.bias_constraint)}
''',
    "Keras1LocallyConnected1D": '''
@keras.utils.register_keras_serializable(package="keras1")
class Keras1LocallyConnected1D(keras.layers.Layer):
    """Keras 1 LocallyConnected1D (not in Keras 3): a Conv1D whose weights are not shared
    between positions, 'valid' only. W: (out_steps, kernel_size * channels, filters)."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", activation=None,
                 kernel_initializer="glorot_uniform", kernel_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        if padding != "valid":
            raise ValueError("LocallyConnected1D only supports padding='valid' (as in Keras 1)")
        as_int = lambda v: int(v[0] if isinstance(v, (tuple, list)) else v)  # noqa: E731
        self.filters, self.kernel_size, self.strides = int(filters), as_int(kernel_size), as_int(strides)
        self.padding, self.use_bias = padding, use_bias
        self.activation = keras.activations.get(activation)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)

    def build(self, input_shape):
        steps, channels = input_shape[1], input_shape[2]
        self.out_steps = (steps - self.kernel_size) // self.strides + 1
        self.W = self.add_weight(shape=(self.out_steps, self.kernel_size * channels, self.filters), name="W",
                                 initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                 constraint=self.kernel_constraint)
        if self.use_bias:
            self.b = self.add_weight(shape=(self.out_steps, self.filters), initializer="zeros", name="b",
                                     regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def call(self, x):
        k, s = self.kernel_size, self.strides
        patches = keras.ops.stack([keras.ops.reshape(x[:, i * s:i * s + k, :], (-1, k * x.shape[-1]))
                                   for i in range(self.out_steps)], axis=1)
        out = keras.ops.einsum("blf,lfo->blo", patches, self.W)
        if self.use_bias:
            out = out + self.b
        return self.activation(out)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], (input_shape[1] - self.kernel_size) // self.strides + 1, self.filters)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding, "use_bias": self.use_bias,
                "activation": keras.activations.serialize(self.activation),
                "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
                "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": keras.regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": keras.constraints.serialize(self.kernel_constraint),
                "bias_constraint": keras.constraints.serialize(self.bias_constraint)}
''',
    "Keras1LocallyConnected2D": '''
@keras.utils.register_keras_serializable(package="keras1")
class Keras1LocallyConnected2D(keras.layers.Layer):
    """Keras 1 LocallyConnected2D (not in Keras 3): a Conv2D whose weights are not shared between
    positions, 'valid' only. W: (out_rows * out_cols, rows_k * cols_k * channels, filters)."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 activation=None, kernel_initializer="glorot_uniform", kernel_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, bias_constraint=None, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        if padding != "valid":
            raise ValueError("LocallyConnected2D only supports padding='valid' (as in Keras 1)")
        self.filters, self.kernel_size, self.strides = int(filters), tuple(kernel_size), tuple(strides)
        self.padding, self.use_bias = padding, use_bias
        self.data_format = data_format or keras.config.image_data_format()
        self.activation = keras.activations.get(activation)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)

    def _sizes(self, input_shape):
        if self.data_format == "channels_first":
            rows, cols, channels = input_shape[2], input_shape[3], input_shape[1]
        else:
            rows, cols, channels = input_shape[1], input_shape[2], input_shape[3]
        (kr, kc), (sr, sc) = self.kernel_size, self.strides
        return (rows - kr) // sr + 1, (cols - kc) // sc + 1, channels

    def build(self, input_shape):
        out_rows, out_cols, channels = self._sizes(input_shape)
        kr, kc = self.kernel_size
        self.W = self.add_weight(shape=(out_rows * out_cols, kr * kc * channels, self.filters), name="W",
                                 initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                 constraint=self.kernel_constraint)
        if self.use_bias:
            self.b = self.add_weight(shape=(out_rows, out_cols, self.filters), initializer="zeros", name="b",
                                     regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def call(self, x):
        out_rows, out_cols, channels = self._sizes(x.shape)
        if self.data_format == "channels_first":
            x = keras.ops.transpose(x, (0, 2, 3, 1))
        (kr, kc), (sr, sc) = self.kernel_size, self.strides
        rows = [r * sr + i for r in range(out_rows) for i in range(kr)]
        cols = [c * sc + j for c in range(out_cols) for j in range(kc)]
        x = keras.ops.reshape(keras.ops.take(x, rows, axis=1), (-1, out_rows, kr, x.shape[2], channels))
        x = keras.ops.reshape(keras.ops.take(x, cols, axis=3), (-1, out_rows, kr, out_cols, kc, channels))
        x = keras.ops.transpose(x, (0, 1, 3, 2, 4, 5))
        x = keras.ops.reshape(x, (-1, out_rows * out_cols, kr * kc * channels))
        out = keras.ops.einsum("bpf,pfo->bpo", x, self.W)
        out = keras.ops.reshape(out, (-1, out_rows, out_cols, self.filters))
        if self.use_bias:
            out = out + self.b
        out = self.activation(out)
        if self.data_format == "channels_first":
            out = keras.ops.transpose(out, (0, 3, 1, 2))
        return out

    def compute_output_shape(self, input_shape):
        out_rows, out_cols, _ = self._sizes(input_shape)
        if self.data_format == "channels_first":
            return (input_shape[0], self.filters, out_rows, out_cols)
        return (input_shape[0], out_rows, out_cols, self.filters)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding, "data_format": self.data_format,
                "use_bias": self.use_bias, "activation": keras.activations.serialize(self.activation),
                "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
                "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": keras.regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": keras.constraints.serialize(self.kernel_constraint),
                "bias_constraint": keras.constraints.serialize(self.bias_constraint)}
''',
    "Keras1RMSprop": '''
@keras.utils.register_keras_serializable(package="keras1")
class Keras1RMSprop(keras.optimizers.RMSprop):
    """Keras 1 RMSprop: p -= lr * g / (sqrt(a) + epsilon), epsilon outside the square root
    (Keras 3's RMSprop puts it inside). No momentum, not centered, as in Keras 1."""

    def build(self, var_list):
        if self.built:
            return
        keras.optimizers.Optimizer.build(self, var_list)
        self.keras1_accumulators = [self.add_variable_from_reference(v, "keras1_accumulator") for v in var_list]
        # update_step receives the Keras variable or the backend's own (TensorFlow) variable
        self.keras1_index = {key: i for i, v in enumerate(var_list) for key in (id(v), id(v.value))}

    def update_step(self, gradient, variable, learning_rate):
        lr = keras.ops.cast(learning_rate, variable.dtype)
        gradient = keras.ops.cast(gradient, variable.dtype)
        a = self.keras1_accumulators[self.keras1_index[id(variable)]]
        # keras.ops (not Python operators): gradients of embeddings arrive as sparse slices
        self.assign(a, keras.ops.add(keras.ops.multiply(self.rho, a),
                                     keras.ops.multiply(1.0 - self.rho, keras.ops.square(gradient))))
        self.assign_sub(variable, keras.ops.divide(keras.ops.multiply(lr, gradient),
                                                   keras.ops.add(keras.ops.sqrt(a), self.epsilon)))
''',
    "Keras1Adagrad": '''
@keras.utils.register_keras_serializable(package="keras1")
class Keras1Adagrad(keras.optimizers.Adagrad):
    """Keras 1 Adagrad: p -= lr * g / (sqrt(a) + epsilon), epsilon outside the square root
    (Keras 3's Adagrad puts it inside)."""

    def build(self, var_list):
        if self.built:
            return
        keras.optimizers.Optimizer.build(self, var_list)
        initializer = keras.initializers.Constant(self.initial_accumulator_value)
        self.keras1_accumulators = [self.add_variable_from_reference(v, "keras1_accumulator",
                                                                     initializer=initializer) for v in var_list]
        # update_step receives the Keras variable or the backend's own (TensorFlow) variable
        self.keras1_index = {key: i for i, v in enumerate(var_list) for key in (id(v), id(v.value))}

    def update_step(self, gradient, variable, learning_rate):
        lr = keras.ops.cast(learning_rate, variable.dtype)
        gradient = keras.ops.cast(gradient, variable.dtype)
        a = self.keras1_accumulators[self.keras1_index[id(variable)]]
        self.assign_add(a, keras.ops.square(gradient))
        self.assign_sub(variable, keras.ops.divide(keras.ops.multiply(lr, gradient),
                                                   keras.ops.add(keras.ops.sqrt(a), self.epsilon)))
''',
}

def _initializer_helpers() -> dict[str, str]:
    """``keras1_glorot_normal()`` & co.: Keras 1 initializers whose Keras 3 namesake differs
    (truncated normals, orthogonal gain), spelled once per file instead of inline at each layer
    (a function, not a shared instance: Keras 3 initializers must not be reused)."""
    from legacy_keras.spec.layers import KERAS1_INITIALIZER_EXPLICIT

    out = {}
    for name, (klass, kwargs) in KERAS1_INITIALIZER_EXPLICIT.items():
        args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
        out[f"keras1_{name}"] = (f"\n@keras.utils.register_keras_serializable(package=\"keras1\")\n"
                                 f"def keras1_{name}(shape=None, dtype=None):\n"
                                 f'    """Keras 1 {name!r} (Keras 3\'s differs): the initializer, or its values for shape."""\n'
                                 f"    initializer = keras.initializers.{klass}({args})\n"
                                 f"    return initializer if shape is None else initializer(shape, dtype=dtype)\n")
    return out


HELPERS.update(_initializer_helpers())


def _initializer_adapter() -> str:
    """``keras1_initializer(init)``: an ``init=`` value known only at run time, with its Keras 1
    meaning (names as the codemod writes literals: the tables of ``legacy_keras.spec``)."""
    from legacy_keras.spec.layers import KERAS1_INITIALIZER_EXPLICIT
    from legacy_keras.spec.training import INITIALIZER_NAMES

    explicit = {name: (klass, kwargs) for name, (klass, kwargs) in KERAS1_INITIALIZER_EXPLICIT.items()}
    return f'''
_KERAS1_INITIALIZER_EXPLICIT = {explicit!r}
_KERAS1_INITIALIZER_NAMES = {dict(INITIALIZER_NAMES)!r}


def keras1_initializer(init):
    """Keras 1 init= known only at run time: a Keras 1 name (its Keras 1 distribution), or a
    Keras 1 function fn(shape, name=None) returning a variable, called as Keras 3 calls an
    initializer: initializer(shape, dtype=)."""
    if isinstance(init, str):
        if init in _KERAS1_INITIALIZER_EXPLICIT:
            klass, kwargs = _KERAS1_INITIALIZER_EXPLICIT[init]
            return getattr(keras.initializers, klass)(**kwargs)
        return keras.initializers.get(_KERAS1_INITIALIZER_NAMES.get(init, init))
    if init is None or isinstance(init, keras.initializers.Initializer) or not callable(init):
        return init

    def initializer(shape, dtype=None):
        return keras.ops.cast(init(tuple(shape)), dtype or keras.backend.floatx())
    return initializer
'''


HELPERS["keras1_initializer"] = _initializer_adapter()

#: Keras 1's ``keras.initializations`` functions (the codemod's helper mirrors them).
KERAS1_INITIALIZATION_FUNCTIONS = ("uniform", "normal", "lecun_uniform", "glorot_normal", "glorot_uniform",
                                   "he_normal", "he_uniform", "orthogonal", "identity", "zero", "one", "get_fans")

HELPERS["keras1_initializations"] = '''
class keras1_initializations:
    """Keras 1 keras.initializations as functions fn(shape, ..., name=None, dim_ordering='th'),
    each returning a variable with Keras 1's distribution (Keras 3 has initializer objects
    only). Keras 3 calls an initializer as fn(shape, dtype=): then the values are returned, with
    the fans of Keras 3's channels-last kernel layout."""

    @staticmethod
    def get_fans(shape, dim_ordering="th", keras3_layout=False):
        import numpy
        shape = tuple(shape)
        if len(shape) == 2:
            return shape[0], shape[1]
        if keras3_layout and len(shape) in (3, 4, 5):
            receptive_field = numpy.prod(shape[:-2])
            return shape[-2] * receptive_field, shape[-1] * receptive_field
        if len(shape) in (4, 5) and dim_ordering == "th":
            receptive_field = numpy.prod(shape[2:])
            return shape[1] * receptive_field, shape[0] * receptive_field
        if len(shape) in (4, 5) and dim_ordering == "tf":
            receptive_field = numpy.prod(shape[:2])
            return shape[-2] * receptive_field, shape[-1] * receptive_field
        if len(shape) in (4, 5):
            raise ValueError("Invalid dim_ordering: " + dim_ordering)
        return numpy.sqrt(numpy.prod(shape)), numpy.sqrt(numpy.prod(shape))

    @staticmethod
    def _value(values, name, dtype):
        if dtype is not None:  # called by a Keras 3 layer as an initializer
            return keras.ops.cast(values, dtype)
        return keras.Variable(values, dtype=keras.backend.floatx(), name=name)

    @staticmethod
    def uniform(shape, scale=0.05, name=None, dim_ordering="th", dtype=None):
        values = keras.random.uniform(tuple(shape), -scale, scale)
        return keras1_initializations._value(values, name, dtype)

    @staticmethod
    def normal(shape, scale=0.05, name=None, dim_ordering="th", dtype=None):
        values = keras.random.normal(tuple(shape), 0.0, scale)
        return keras1_initializations._value(values, name, dtype)

    @staticmethod
    def _scaled(draw, numerator, use_out, shape, name, dim_ordering, dtype):
        import numpy
        fan_in, fan_out = keras1_initializations.get_fans(shape, dim_ordering, keras3_layout=dtype is not None)
        scale = numpy.sqrt(numerator / (fan_in + fan_out if use_out else fan_in))
        return draw(shape, scale, name=name, dtype=dtype)

    @staticmethod
    def lecun_uniform(shape, name=None, dim_ordering="th", dtype=None):
        return keras1_initializations._scaled(keras1_initializations.uniform, 3.0, False, shape, name,
                                              dim_ordering, dtype)

    @staticmethod
    def glorot_normal(shape, name=None, dim_ordering="th", dtype=None):
        return keras1_initializations._scaled(keras1_initializations.normal, 2.0, True, shape, name,
                                              dim_ordering, dtype)

    @staticmethod
    def glorot_uniform(shape, name=None, dim_ordering="th", dtype=None):
        return keras1_initializations._scaled(keras1_initializations.uniform, 6.0, True, shape, name,
                                              dim_ordering, dtype)

    @staticmethod
    def he_normal(shape, name=None, dim_ordering="th", dtype=None):
        return keras1_initializations._scaled(keras1_initializations.normal, 2.0, False, shape, name,
                                              dim_ordering, dtype)

    @staticmethod
    def he_uniform(shape, name=None, dim_ordering="th", dtype=None):
        return keras1_initializations._scaled(keras1_initializations.uniform, 6.0, False, shape, name,
                                              dim_ordering, dtype)

    @staticmethod
    def orthogonal(shape, scale=1.1, name=None, dim_ordering="th", dtype=None):
        import numpy
        shape = tuple(shape)
        flat_shape = (shape[0], int(numpy.prod(shape[1:])))
        u, _, v = numpy.linalg.svd(numpy.random.normal(0.0, 1.0, flat_shape), full_matrices=False)
        q = u if u.shape == flat_shape else v
        return keras1_initializations._value(scale * q.reshape(shape), name, dtype)

    @staticmethod
    def identity(shape, scale=1, name=None, dim_ordering="th", dtype=None):
        import numpy
        if len(shape) != 2 or shape[0] != shape[1]:
            raise ValueError("Identity matrix initialization can only be used for 2D square matrices.")
        return keras1_initializations._value(scale * numpy.identity(shape[0]), name, dtype)

    @staticmethod
    def zero(shape, name=None, dim_ordering="th", dtype=None):
        return keras1_initializations._value(keras.ops.zeros(tuple(shape)), name, dtype)

    @staticmethod
    def one(shape, name=None, dim_ordering="th", dtype=None):
        return keras1_initializations._value(keras.ops.ones(tuple(shape)), name, dtype)
'''

#: helpers whose body references the ``keras`` root module.
NEEDS_ROOT = frozenset({*_initializer_helpers(), "keras1_initializer", "keras1_initializations", "Keras1MaxoutDense", "Keras1LocallyConnected1D",
                        "Keras1LocallyConnected2D", "Keras1BatchNormalization", "Keras1Embedding",
                        "Keras1Highway", "Keras1RMSprop", "Keras1Adagrad", "keras1_hard_sigmoid", "keras1_function", "keras1_in_train_phase", "keras1_cast_to_floatx",
                        "keras1_temporal_padding", "keras1_spatial_padding"})

# -- Merge of models (Keras 1 ``Merge([model_a, model_b], mode=...)``) ---------------------------

HELPERS["keras1_merge_models"] = '''
def keras1_merge_models(models, layer):
    """Keras 1 Merge([model_a, model_b], mode=...): Keras 3 merges tensors, not models. A
    functional Model calling the models on its inputs -- one per input of theirs, each once and
    in order, as Keras 1 took them (Merge([a, a]) has one) -- and ``layer`` (Concatenate, Add...)
    on their outputs: Keras 1's weight order, model by model. A Sequential that starts with the
    Merge becomes Model(merged.inputs, ...) over merged.outputs[0]."""
    def source(tensor):  # an input made here stands for the models' own
        return getattr(tensor, "keras1_source", tensor)

    if not all(isinstance(m, keras.Model) for m in models):  # layers: their own output tensors
        outputs = [m.outputs[0] if isinstance(m, keras.Model) else m.output for m in models]
        inputs = []
        for output in outputs:
            for tensor in keras.utils.get_source_inputs(output):
                if all(tensor is not known for known in inputs):
                    inputs.append(tensor)
        return keras.Model(inputs, layer(outputs))
    sources, inputs = [], []
    for model in models:
        for tensor in model.inputs:
            if all(source(tensor) is not known for known in sources):
                sources.append(source(tensor))
                inputs.append(keras.Input(batch_shape=tensor.shape, dtype=tensor.dtype))
                inputs[-1].keras1_source = sources[-1]
    outputs = []
    for model in models:
        args = [inputs[[s is source(t) for s in sources].index(True)] for t in model.inputs]
        outputs.append(model(args if len(args) > 1 else args[0]))
    return keras.Model(inputs, layer(outputs))
'''

HELPERS["Keras1CosineMerge"] = '''
@keras.utils.register_keras_serializable(package="keras1")
class Keras1CosineMerge(keras.layers.Layer):
    """Keras 1 merge mode 'cos': batch_dot(a, b) / max(sqrt(batch_dot(a, a) * batch_dot(b, b)),
    epsilon) over ``axes`` (Keras 1 dot_axes), then an extra axis 1: two (batch, d) inputs give
    (batch, 1, 1), as Keras 1 computed. Keras 3's Dot(normalize=True) normalises each input
    (another epsilon) and keeps (batch, 1)."""

    def __init__(self, axes=-1, **kwargs):
        super().__init__(**kwargs)
        self.axes = list(axes) if isinstance(axes, (list, tuple)) else axes
        first, second = self.axes if isinstance(self.axes, list) else (self.axes, self.axes)
        self.dot_ab = keras.layers.Dot(axes=(first, second))
        self.dot_aa = keras.layers.Dot(axes=(first, first))
        self.dot_bb = keras.layers.Dot(axes=(second, second))

    def build(self, input_shape):
        first, second = input_shape
        self.dot_ab.build([first, second])
        self.dot_aa.build([first, first])
        self.dot_bb.build([second, second])

    def call(self, inputs):
        a, b = inputs
        norms = keras.ops.sqrt(self.dot_aa([a, a]) * self.dot_bb([b, b]))
        cosine = self.dot_ab([a, b]) / keras.ops.maximum(norms, keras.config.epsilon())
        return keras.ops.expand_dims(cosine, 1)

    def get_config(self):
        return {**super().get_config(), "axes": self.axes}
'''

HELPERS["keras1_merge_layer"] = '''
def keras1_merge_layer(mode="sum", concat_axis=-1, dot_axes=-1, output_shape=None, arguments=None, name=None):
    """Keras 1 Merge(mode=...) with a mode known only at run time (a variable): the Keras 3
    layer of that mode (Add, Concatenate(axis), Dot(axes), ...), Lambda for a function."""
    if callable(mode):
        return keras.layers.Lambda(mode, output_shape=output_shape, arguments=arguments, name=name)
    if mode == "concat":
        return keras.layers.Concatenate(axis=concat_axis, name=name)
    if mode == "dot":
        return keras.layers.Dot(axes=dot_axes, name=name)
    if mode == "cos":
        return Keras1CosineMerge(axes=dot_axes, name=name)
    layers = {"sum": keras.layers.Add, "mul": keras.layers.Multiply, "ave": keras.layers.Average,
              "max": keras.layers.Maximum}
    if mode not in layers:
        raise ValueError(f"Invalid merge mode: {mode!r}")
    return layers[mode](name=name)
'''

NEEDS_ROOT = NEEDS_ROOT | {"keras1_merge_models", "Keras1CosineMerge", "keras1_merge_layer"}

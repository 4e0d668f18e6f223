"""``keras.preprocessing.image``: Keras 1 ImageDataGenerator and image helpers.

Delegates to Keras 3's legacy ImageDataGenerator (``tf.keras.preprocessing.image``)
and adapts Keras 1 semantics:

* ``dim_ordering`` ('th'/'tf'/'default') instead of ``data_format``;
* ``shear_range`` (and ``random_shear``'s intensity) in **radians** (Keras 2+ uses degrees);
* ``standardize``: Keras 1 sample-wise centring/normalisation is over the *channel axis*
  (per pixel) and divides by ``std + 1e-7``; Keras 2+ uses the whole image and 1e-6;
* iterators also carry the Keras 1 attribute names ``nb_sample``, ``N``, ``nb_class``.

Random augmentation draws random numbers in a different order than Keras 1, so a
seeded augmentation is reproducible but not bit-identical to Keras 1.
"""
from __future__ import annotations

import os
import re
import warnings
from typing import Any

import numpy as np
import keras
from legacy_keras._keras3 import legacy_image as _legacy

from legacy_keras import _config

__all__ = ["ImageDataGenerator", "Iterator", "NumpyArrayIterator", "DirectoryIterator",
           "array_to_img", "img_to_array", "load_img", "list_pictures", "random_rotation",
           "random_shift", "random_shear", "random_zoom", "random_channel_shift",
           "apply_transform", "flip_axis", "transform_matrix_offset_center"]

from legacy_keras.spec.modules import DIM_ORDERING_VALUES as _DATA_FORMAT  # noqa: E402
from legacy_keras.spec.modules import ITERATOR_ATTRIBUTE_RENAMES  # noqa: E402

Iterator = _legacy.Iterator
flip_axis = _legacy.flip_axis
transform_matrix_offset_center = _legacy.transform_matrix_offset_center
random_rotation = _legacy.random_rotation
random_shift = _legacy.random_shift
random_zoom = _legacy.random_zoom


def _scipy(submodule: str, what: str):
    """Import ``scipy.<submodule>`` where it is used: the base install runs Tokenizer/pad_sequences without it.

    Keras 1 always had scipy (Theano pulled it in); here it is the ``image`` extra, and its
    absence is a one-line error naming the extra rather than a failure of every
    ``keras.preprocessing`` import.
    """
    import importlib
    try:
        return importlib.import_module(f"scipy.{submodule}")
    except ImportError:
        raise ImportError(f"keras.preprocessing.image: {what} needs scipy; install it with "
                          "`pip install 'legacy-keras[image]'` (or `pip install scipy`)") from None


def _dim_ordering(dim_ordering: str) -> str:
    if dim_ordering == "default":
        dim_ordering = _config.image_dim_ordering()
    if dim_ordering not in _DATA_FORMAT:
        raise ValueError('dim_ordering should be "tf" (channel after row and column) or "th" '
                         f"(channel before row and column). Received arg: {dim_ordering!r}")
    return dim_ordering


def random_shear(x: np.ndarray, intensity: float, row_axis: int = 1, col_axis: int = 2,
                 channel_axis: int = 0, fill_mode: str = "nearest", cval: float = 0.0) -> np.ndarray:
    """Random shear with ``intensity`` in radians (Keras 1 unit)."""
    return _legacy.random_shear(x, float(np.rad2deg(intensity)), row_axis, col_axis, channel_axis,
                                fill_mode=fill_mode, cval=cval)


def random_channel_shift(x: np.ndarray, intensity: float, channel_axis: int = 0) -> np.ndarray:
    x = np.rollaxis(x, channel_axis, 0)
    min_x, max_x = np.min(x), np.max(x)
    channel_images = [np.clip(c + np.random.uniform(-intensity, intensity), min_x, max_x) for c in x]
    x = np.stack(channel_images, axis=0)
    return np.rollaxis(x, 0, channel_axis + 1)


def apply_transform(x: np.ndarray, transform_matrix: np.ndarray, channel_axis: int = 0,
                    fill_mode: str = "nearest", cval: float = 0.0) -> np.ndarray:
    """Apply a 3x3 affine matrix to each channel (scipy ndimage, order 0 as in Keras 1)."""
    ndi = _scipy("ndimage", "apply_transform")
    x = np.rollaxis(x, channel_axis, 0)
    final_affine_matrix = transform_matrix[:2, :2]
    final_offset = transform_matrix[:2, 2]
    channel_images = [ndi.affine_transform(c, final_affine_matrix, final_offset, order=0,
                                           mode=fill_mode, cval=cval) for c in x]
    x = np.stack(channel_images, axis=0)
    return np.rollaxis(x, 0, channel_axis + 1)


def array_to_img(x: np.ndarray, dim_ordering: str = "default", scale: bool = True):
    """3D numpy array -> PIL image (Keras 1 ``dim_ordering``)."""
    return keras.utils.array_to_img(x, data_format=_DATA_FORMAT[_dim_ordering(dim_ordering)], scale=scale)


def img_to_array(img: Any, dim_ordering: str = "default") -> np.ndarray:
    """PIL image -> float32 array in the Keras 1 dim ordering."""
    return keras.utils.img_to_array(img, data_format=_DATA_FORMAT[_dim_ordering(dim_ordering)],
                                     dtype=_config.setting("floatx"))


def load_img(path: str, grayscale: bool = False, target_size: tuple[int, int] | None = None):
    return keras.utils.load_img(path, color_mode="grayscale" if grayscale else "rgb",
                                target_size=target_size)


def list_pictures(directory: str, ext: str = "jpg|jpeg|bmp|png") -> list[str]:
    return [os.path.join(root, f) for root, _, files in os.walk(directory) for f in files
            if re.match(r"([\w]+\.(?:" + ext + "))", f)]


def _keras1_attributes(iterator: Any) -> Any:
    """Give a Keras 3 iterator the Keras 1 attribute names scripts use (``nb_sample``, ``nb_class``, ``N``)."""
    for keras1_name, keras3_name in ITERATOR_ATTRIBUTE_RENAMES.items():
        value = getattr(iterator, keras3_name, None)
        if value is None and keras1_name in ("nb_sample", "N"):
            value = iterator.n  # NumpyArrayIterator has only ``n``
        if value is not None:
            setattr(iterator, keras1_name, value)
    return iterator


class NumpyArrayIterator(_legacy.NumpyArrayIterator):
    """Keras 1 signature ``(X, y, image_data_generator, batch_size, shuffle, seed, dim_ordering, ...)``."""

    def __init__(self, x, y, image_data_generator, batch_size=32, shuffle=False, seed=None,
                 dim_ordering="default", save_to_dir=None, save_prefix="", save_format="jpeg"):
        super().__init__(x, y, image_data_generator, batch_size=batch_size, shuffle=shuffle,
                         seed=seed, data_format=_DATA_FORMAT[_dim_ordering(dim_ordering)],
                         save_to_dir=save_to_dir, save_prefix=save_prefix, save_format=save_format)
        _keras1_attributes(self)
        self.dim_ordering = _dim_ordering(dim_ordering)

    def _get_batches_of_transformed_samples(self, index_array):
        """Keras 1 batch: ``random_transform(x)`` then ``standardize(x)`` per image, so a
        generator subclass overriding Keras 1's ``random_transform`` is honoured."""
        from legacy_keras import backend as K
        gen = self.image_data_generator
        batch_x = np.zeros((len(index_array),) + tuple(self.x.shape[1:]), dtype=K.floatx())
        for i, j in enumerate(index_array):
            x = gen.random_transform(self.x[j].astype(K.floatx()))
            batch_x[i] = gen.standardize(x)
        if self.save_to_dir:
            for i, j in enumerate(index_array):
                img = array_to_img(batch_x[i], self.dim_ordering, scale=True)
                fname = "{prefix}_{index}_{hash}.{format}".format(
                    prefix=self.save_prefix, index=j, hash=np.random.randint(1e4), format=self.save_format)
                img.save(os.path.join(self.save_to_dir, fname))
        if self.y is None:
            return batch_x
        return batch_x, self.y[index_array]

    def next(self):
        return self.__next__()


class DirectoryIterator(_legacy.DirectoryIterator):
    """Keras 1 signature with ``dim_ordering``; exposes ``nb_sample`` and ``nb_class``."""

    def __init__(self, directory, image_data_generator, target_size=(256, 256), color_mode="rgb",
                 dim_ordering="default", classes=None, class_mode="categorical", batch_size=32,
                 shuffle=True, seed=None, save_to_dir=None, save_prefix="", save_format="jpeg",
                 follow_links=False):
        super().__init__(directory, image_data_generator, target_size=target_size,
                         color_mode=color_mode, classes=classes, class_mode=class_mode,
                         batch_size=batch_size, shuffle=shuffle, seed=seed,
                         data_format=_DATA_FORMAT[_dim_ordering(dim_ordering)],
                         save_to_dir=save_to_dir, save_prefix=save_prefix, save_format=save_format,
                         follow_links=follow_links)
        _keras1_attributes(self)

    def next(self):
        return self.__next__()


class ImageDataGenerator(_legacy.ImageDataGenerator):
    """Keras 1 ``ImageDataGenerator`` (``dim_ordering``, radians ``shear_range``)."""

    def __init__(self, featurewise_center: bool = False, samplewise_center: bool = False,
                 featurewise_std_normalization: bool = False,
                 samplewise_std_normalization: bool = False, zca_whitening: bool = False,
                 rotation_range: float = 0.0, width_shift_range: float = 0.0,
                 height_shift_range: float = 0.0, shear_range: float = 0.0,
                 zoom_range: Any = 0.0, channel_shift_range: float = 0.0,
                 fill_mode: str = "nearest", cval: float = 0.0, horizontal_flip: bool = False,
                 vertical_flip: bool = False, rescale: float | None = None,
                 preprocessing_function: Any = None, dim_ordering: str = "default"):
        dim_ordering = _dim_ordering(dim_ordering)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Keras 3's flag-rewrite warnings: undone below
            super().__init__(
                featurewise_center=featurewise_center, samplewise_center=samplewise_center,
                featurewise_std_normalization=featurewise_std_normalization,
                samplewise_std_normalization=samplewise_std_normalization,
                zca_whitening=zca_whitening, zca_epsilon=1e-6, rotation_range=rotation_range,
                width_shift_range=width_shift_range, height_shift_range=height_shift_range,
                shear_range=float(np.rad2deg(shear_range)), zoom_range=zoom_range,
                channel_shift_range=channel_shift_range, fill_mode=fill_mode, cval=cval,
                horizontal_flip=horizontal_flip, vertical_flip=vertical_flip, rescale=rescale,
                preprocessing_function=preprocessing_function,
                data_format=_DATA_FORMAT[dim_ordering], interpolation_order=0,
                dtype=_config.setting("floatx"))
        # Keras 2+ rewrites some flags (zca_whitening turns off featurewise_std_normalization,
        # *_std_normalization turns on *_center); Keras 1 did not.
        self.featurewise_center = featurewise_center
        self.samplewise_center = samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.dim_ordering = dim_ordering
        self.keras1_shear_range = shear_range

    def flow(self, X, y=None, batch_size: int = 32, shuffle: bool = True, seed: int | None = None,
             save_to_dir: str | None = None, save_prefix: str = "", save_format: str = "jpeg"):
        """Endless batches of augmented ``(X, y)`` (a Keras 3 PyDataset that is also an iterator)."""
        return NumpyArrayIterator(X, y, self, batch_size=batch_size, shuffle=shuffle, seed=seed,
                                  dim_ordering=self.dim_ordering, save_to_dir=save_to_dir,
                                  save_prefix=save_prefix, save_format=save_format)

    def flow_from_directory(self, directory: str, target_size=(256, 256), color_mode: str = "rgb",
                            classes=None, class_mode: str = "categorical", batch_size: int = 32,
                            shuffle: bool = True, seed: int | None = None, save_to_dir=None,
                            save_prefix: str = "", save_format: str = "jpeg",
                            follow_links: bool = False):
        return DirectoryIterator(directory, self, target_size=target_size, color_mode=color_mode,
                                 classes=classes, class_mode=class_mode,
                                 dim_ordering=self.dim_ordering, batch_size=batch_size,
                                 shuffle=shuffle, seed=seed, save_to_dir=save_to_dir,
                                 save_prefix=save_prefix, save_format=save_format,
                                 follow_links=follow_links)

    def standardize(self, x: np.ndarray) -> np.ndarray:
        """Keras 1 normalisation (sample-wise statistics over the channel axis, ``+1e-7``)."""
        if self.preprocessing_function:
            x = self.preprocessing_function(x)
        if self.rescale:
            x *= self.rescale
        img_channel_axis = self.channel_axis - 1
        if self.samplewise_center:
            x -= np.mean(x, axis=img_channel_axis, keepdims=True)
        if self.samplewise_std_normalization:
            x /= (np.std(x, axis=img_channel_axis, keepdims=True) + 1e-7)
        if self.featurewise_center:
            if self.mean is not None:
                x -= self.mean
            else:
                warnings.warn("This ImageDataGenerator specifies `featurewise_center`, but it hasn't "
                              "been fit on any training data. Fit it first by calling `.fit(numpy_data)`.")
        if self.featurewise_std_normalization:
            if self.std is not None:
                x /= (self.std + 1e-7)
            else:
                warnings.warn("This ImageDataGenerator specifies `featurewise_std_normalization`, but "
                              "it hasn't been fit on any training data. Fit it first by calling "
                              "`.fit(numpy_data)`.")
        if self.zca_whitening:
            if self.principal_components is not None:
                flatx = np.reshape(x, (x.size,))
                x = np.reshape(np.dot(flatx, self.principal_components), x.shape)
            else:
                warnings.warn("This ImageDataGenerator specifies `zca_whitening`, but it hasn't been "
                              "fit on any training data. Fit it first by calling `.fit(numpy_data)`.")
        return x

    def random_transform(self, x: np.ndarray, seed: int | None = None) -> np.ndarray:
        """One random augmentation of a single image (Keras 1 ``random_transform(x)``)."""
        if self.rotation_range or self.width_shift_range or self.height_shift_range or \
                self.shear_range or np.any(np.asarray(self.zoom_range) != 1):
            _scipy("ndimage", "ImageDataGenerator's rotation/shift/shear/zoom augmentation")
        return super().random_transform(x, seed=seed)

    def fit(self, x, augment: bool = False, rounds: int = 1, seed: int | None = None) -> None:
        """Keras 1 statistics: per-channel mean/std and ZCA components (``1/sqrt(s + 1e-6)``)."""
        from legacy_keras import backend as K
        x = np.asarray(x, dtype=K.floatx())
        if x.ndim != 4:
            raise ValueError("Input to `.fit()` should have rank 4. Got array with shape: " + str(x.shape))
        if seed is not None:
            np.random.seed(seed)
        x = np.copy(x)
        if augment:
            ax = np.zeros(tuple([rounds * x.shape[0]] + list(x.shape)[1:]), dtype=K.floatx())
            for r in range(rounds):
                for i in range(x.shape[0]):
                    ax[i + r * x.shape[0]] = self.random_transform(x[i])
            x = ax
        broadcast_shape = [1, 1, 1]
        broadcast_shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        if self.featurewise_center:
            self.mean = np.reshape(np.mean(x, axis=(0, self.row_axis, self.col_axis)), broadcast_shape)
            x -= self.mean
        if self.featurewise_std_normalization:
            self.std = np.reshape(np.std(x, axis=(0, self.row_axis, self.col_axis)), broadcast_shape)
            x /= (self.std + K.epsilon())
        if self.zca_whitening:
            flat_x = np.reshape(x, (x.shape[0], x.shape[1] * x.shape[2] * x.shape[3]))
            sigma = np.dot(flat_x.T, flat_x) / flat_x.shape[0]
            u, s, _ = _scipy("linalg", "zca_whitening").svd(sigma)
            self.principal_components = np.dot(np.dot(u, np.diag(1.0 / np.sqrt(s + 10e-7))), u.T)

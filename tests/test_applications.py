"""keras.applications with Keras 1 signatures (weights=None: no download)."""
from __future__ import annotations

import numpy as np
import pytest


def test_vgg16_keras1_signature_and_layer_names():
    from legacy_keras.applications import VGG16
    model = VGG16(include_top=False, weights=None, input_shape=(48, 48, 3))
    assert model.output_shape == (None, 1, 1, 512)
    assert [l.name for l in model.layers][1:3] == ["block1_conv1", "block1_conv2"]


def test_vgg16_th_ordering_builds_channels_first():
    import keras
    from legacy_keras import _config
    from legacy_keras.applications import VGG16
    before = _config.image_dim_ordering()
    fmt = keras.config.image_data_format()
    _config.set_image_dim_ordering("th")
    try:
        model = VGG16(include_top=False, weights=None, input_shape=(3, 48, 48))
    finally:
        _config.set_image_dim_ordering(before)
    assert model.output_shape == (None, 512, 1, 1)
    assert keras.config.image_data_format() == fmt  # restored


def test_vgg19_top_with_classes():
    from legacy_keras.applications import VGG19
    model = VGG19(include_top=True, weights=None, classes=7)
    assert model.output_shape == (None, 7)


def test_bad_weights_argument():
    from legacy_keras.applications import VGG16
    with pytest.raises(ValueError, match="weights"):
        VGG16(weights="places365")


def test_preprocess_input_matches_keras1_caffe_mode():
    from legacy_keras.applications.imagenet_utils import preprocess_input
    x = np.arange(2 * 2 * 2 * 3, dtype="float64").reshape(2, 2, 2, 3)
    # Keras 1.2.2: RGB->BGR then subtract [103.939, 116.779, 123.68] per BGR channel
    expected = x[..., ::-1] - np.array([103.939, 116.779, 123.68])
    np.testing.assert_allclose(preprocess_input(x.copy(), dim_ordering="tf"), expected)
    x_th = x.transpose(0, 3, 1, 2).copy()
    out_th = preprocess_input(x_th, dim_ordering="th")
    np.testing.assert_allclose(out_th, expected.transpose(0, 3, 1, 2))


def test_inception_preprocess_scales_to_unit_range():
    from legacy_keras.applications.inception_v3 import preprocess_input
    out = preprocess_input(np.array([0.0, 127.5, 255.0]))
    np.testing.assert_allclose(out, [-1.0, 0.0, 1.0])


@pytest.mark.slow
def test_resnet50_without_top_ends_with_keras1_avg_pool():
    from legacy_keras.applications import ResNet50
    model = ResNet50(include_top=False, weights=None, input_shape=(224, 224, 3))
    assert model.output_shape == (None, 1, 1, 2048)
    assert model.layers[-1].name == "avg_pool"

"""A ``--image-dim-ordering th`` migration is self-consistent (issue 13.2, codemod part).

The rewritten layers say ``data_format='channels_first'`` explicitly, so the
file's layout queries must agree with them: plain Keras 3 answers
``image_data_format()`` from its own keras.json key, which a Keras 1 keras.json
(``image_dim_ordering``) does not have.
"""
from __future__ import annotations

from migrate.context import Options
from migrate.transform import migrate_source

SRC = ("from keras import backend as K\nfrom keras.layers import Convolution2D, merge\n"
       "axis = 1 if K.image_dim_ordering() == 'th' else -1\n"
       "other = K.image_dim_ordering() != 'tf'\n"
       "c = Convolution2D(8, 3, 3)\n")


def test_th_queries_follow_the_chosen_ordering() -> None:
    result = migrate_source(SRC, Options(image_dim_ordering="th"))
    assert "axis = 1 if True else -1\n" in result.code
    assert "other = True\n" in result.code
    assert "Conv2D(8, (3, 3), data_format='channels_first')" in result.code
    assert [(w.line, w.rule) for w in result.warnings] == [(3, "backend")]
    assert "keras.json" in result.warnings[0].message
    assert migrate_source(result.code, Options(image_dim_ordering="th")).code == result.code


def test_tf_queries_ask_keras3() -> None:
    code = migrate_source(SRC).code
    assert "axis = 1 if K.image_data_format() == 'channels_first' else -1\n" in code
    assert "other = K.image_data_format() != 'channels_last'\n" in code


def test_th_evidence_in_a_tf_run_gives_a_hint() -> None:
    src = ("from keras.models import Sequential\nfrom keras.layers import Convolution2D, Reshape\n"
           "model = Sequential()\nmodel.add(Convolution2D(8, 3, 3, input_shape=(1, 28, 28)))\n"
           "r = Reshape((128, 7, 7))\n")
    hints = [w for w in migrate_source(src).warnings if "--image-dim-ordering th" in w.message]
    assert [(w.line, w.rule) for w in hints] == [(4, "layers")]
    assert not migrate_source(src, Options(image_dim_ordering="th")).warnings
    tf_src = src.replace("(1, 28, 28)", "(28, 28, 1)").replace("(128, 7, 7)", "(7, 7, 128)")
    assert not migrate_source(tf_src).warnings


def test_channels_first_shape_of_any_size_is_th_evidence() -> None:
    """``input_shape=(3, None, None)`` (a fully convolutional net, any image size) is 'th' too;
    ``(None, None, 3)`` is 'tf'."""
    src = ("from keras.models import Sequential\nfrom keras.layers import ZeroPadding2D, Convolution2D\n"
           "model = Sequential()\nmodel.add(ZeroPadding2D((1, 1), input_shape=(3, None, None)))\n"
           "model.add(Convolution2D(64, 3, 3))\n")
    hints = [w for w in migrate_source(src).warnings if "--image-dim-ordering th" in w.message]
    assert [w.line for w in hints] == [4]
    assert not migrate_source(src.replace("(3, None, None)", "(None, None, 3)")).warnings

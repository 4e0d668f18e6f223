"""keras.preprocessing (text, sequence, image) vs genuine Keras 1.2.2."""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES, assert_keras1_close

DIR = FIXTURES / "oracle" / "ecosystem"
J = json.loads((DIR / "preprocessing.json").read_text())
A = np.load(DIR / "preprocessing.npz")
TEXTS = J["texts"]
TOKENIZERS = {"default": {}, "nb6": {"nb_words": 6}, "char": {"char_level": True}, "nolower": {"lower": False}}


@pytest.mark.parametrize("label", sorted(TOKENIZERS))
def test_tokenizer_matches_keras1(label):
    from legacy_keras.preprocessing.text import Tokenizer
    tok = Tokenizer(**TOKENIZERS[label])
    tok.fit_on_texts(TEXTS)
    assert dict(tok.word_index) == J[f"tok/{label}/word_index"]
    assert tok.texts_to_sequences(TEXTS) == J[f"tok/{label}/sequences"]
    for mode in ("binary", "count", "tfidf", "freq"):
        assert_keras1_close(tok.texts_to_matrix(TEXTS, mode=mode), A[f"tok/{label}/{mode}"])


def test_tokenizer_keras1_attributes_and_positional_nb_words():
    from legacy_keras.preprocessing.text import Tokenizer
    tok = Tokenizer(6)
    assert tok.nb_words == 6 and tok.num_words == 6


def test_sequences_to_matrix_matches_keras1():
    from legacy_keras.preprocessing.text import Tokenizer
    tok = Tokenizer(nb_words=8)
    tok.fit_on_sequences(J["seqmat/seqs"])
    for mode in ("binary", "count", "tfidf", "freq"):
        assert_keras1_close(tok.sequences_to_matrix(J["seqmat/seqs"], mode=mode), A[f"seqmat/{mode}"])


def test_text_helpers_match_keras1():
    from legacy_keras.preprocessing.text import base_filter, one_hot, text_to_word_sequence
    assert base_filter() == J["default_filters"]
    assert [text_to_word_sequence(t) for t in TEXTS] == J["ttws"]
    assert text_to_word_sequence("a-b c-d", filters="", split="-") == J["ttws_split"]
    codes = one_hot("the cat the dog", 7)
    assert len(codes) == 4 and codes[0] == codes[2] and all(1 <= c <= 6 for c in codes)


PADS = {"default": {}, "max3": {"maxlen": 3}, "post": {"maxlen": 4, "padding": "post"},
        "trunc_post": {"maxlen": 3, "truncating": "post"}, "value": {"maxlen": 6, "value": -1},
        "float": {"dtype": "float32", "value": 0.5}}


@pytest.mark.parametrize("label", sorted(PADS))
def test_pad_sequences_matches_keras1(label):
    from legacy_keras.preprocessing.sequence import pad_sequences
    out = pad_sequences(J["pad/in"], **PADS[label])
    assert out.dtype == A[f"pad/{label}"].dtype
    np.testing.assert_array_equal(out, A[f"pad/{label}"])


def test_sampling_table_and_skipgrams_match_keras1():
    from legacy_keras.preprocessing.sequence import make_sampling_table, skipgrams
    assert_keras1_close(make_sampling_table(20), A["sampling_table"])
    assert_keras1_close(make_sampling_table(10, sampling_factor=1e-2), A["sampling_table_f"])
    couples, labels = skipgrams([1, 2, 3, 4], 5, window_size=1, negative_samples=0.0, shuffle=False)
    assert [list(c) for c in couples] == J["skipgrams"]["couples"]
    assert list(labels) == J["skipgrams"]["labels"]


@pytest.mark.parametrize("ordering", ["tf", "th"])
def test_image_data_generator_statistics_match_keras1(ordering):
    from legacy_keras.preprocessing.image import ImageDataGenerator
    x = A["idg/x_tf"] if ordering == "tf" else A["idg/x_tf"].transpose(0, 3, 1, 2).copy()
    g = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True,
                           zca_whitening=True, dim_ordering=ordering)
    g.fit(x)
    assert_keras1_close(g.mean, A[f"idg/{ordering}/mean"], rtol=1e-4)
    assert_keras1_close(g.std, A[f"idg/{ordering}/std"], rtol=1e-4)
    assert_keras1_close(g.principal_components, A[f"idg/{ordering}/pc"], rtol=1e-3, atol=1e-4)
    assert_keras1_close(g.standardize(x[0].copy()), A[f"idg/{ordering}/standardized"], rtol=1e-3, atol=1e-4)
    g2 = ImageDataGenerator(samplewise_center=True, samplewise_std_normalization=True,
                            rescale=1.0 / 255, dim_ordering=ordering)
    assert_keras1_close(g2.standardize(x[1].copy()), A[f"idg/{ordering}/samplewise"], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("ordering", ["tf", "th"])
def test_flow_batches_and_iterator_attributes(ordering):
    from legacy_keras.preprocessing.image import ImageDataGenerator
    x = A["idg/x_tf"] if ordering == "tf" else A["idg/x_tf"].transpose(0, 3, 1, 2).copy()
    it = ImageDataGenerator(dim_ordering=ordering).flow(x, np.arange(40), batch_size=2, shuffle=False)
    bx, by = it.next()
    assert_keras1_close(bx, A[f"idg/{ordering}/flow_x"])
    np.testing.assert_array_equal(by, A[f"idg/{ordering}/flow_y"])
    assert it.n == J[f"idg/{ordering}/n"] == it.nb_sample == it.N


def test_shear_range_is_radians_and_dim_ordering_validated():
    from legacy_keras.preprocessing.image import ImageDataGenerator
    g = ImageDataGenerator(shear_range=np.pi / 4)
    assert g.shear_range == pytest.approx(45.0)
    with pytest.raises(ValueError, match="dim_ordering"):
        ImageDataGenerator(dim_ordering="channels_last")


def test_flow_from_directory_keras1_attributes(tmp_path):
    from PIL import Image
    from legacy_keras.preprocessing.image import ImageDataGenerator, img_to_array, load_img
    for cls in ("cats", "dogs"):
        (tmp_path / cls).mkdir()
        for i in range(3):
            Image.fromarray(np.full((6, 6, 3), 40 * i, dtype="uint8")).save(tmp_path / cls / f"{i}.png")
    it = ImageDataGenerator(dim_ordering="th").flow_from_directory(str(tmp_path), target_size=(4, 4),
                                                                  batch_size=4)
    assert it.nb_sample == 6 and it.nb_class == 2
    bx, by = next(it)
    assert bx.shape == (4, 3, 4, 4) and by.shape == (4, 2)
    arr = img_to_array(load_img(str(tmp_path / "cats" / "1.png")), dim_ordering="th")
    assert arr.shape == (3, 6, 6) and arr.dtype == np.float32 and arr[0, 0, 0] == 40


def test_flow_honours_keras1_random_transform_override_and_y_none():
    from legacy_keras.preprocessing.image import ImageDataGenerator

    class Doubling(ImageDataGenerator):
        def random_transform(self, x):  # Keras 1 signature
            return x * 2

    x = A["idg/x_tf"][:4]
    batch = Doubling(dim_ordering="tf").flow(x, batch_size=4, shuffle=False).next()
    np.testing.assert_allclose(batch, x * 2, rtol=1e-6)


def test_text_and_sequence_import_without_scipy_and_image_names_the_extra():
    """The base install has no scipy: Tokenizer/pad_sequences must still import (issue 14.1)."""
    import subprocess
    import sys
    import textwrap
    code = textwrap.dedent("""
        import sys
        sys.modules["scipy"] = None  # as in a base install: `import scipy` raises ImportError
        from legacy_keras.preprocessing.text import Tokenizer
        from legacy_keras.preprocessing.sequence import pad_sequences
        from legacy_keras.preprocessing.image import ImageDataGenerator
        import numpy as np
        print(pad_sequences([[1, 2]], maxlen=3).tolist())
        ImageDataGenerator().random_transform(np.zeros((4, 4, 1)))  # no scipy needed
        try:
            ImageDataGenerator(rotation_range=10).random_transform(np.zeros((4, 4, 1)))
        except ImportError as error:
            print("ERR", error)
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "[[0, 1, 2]]"
    assert lines[1].startswith("ERR ") and "legacy-keras[image]" in lines[1]
    assert len(lines) == 2

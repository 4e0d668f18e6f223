"""Real Keras 1 code as the yardstick (issue 14.12): drive every model in a corpus.

    python bench/bench_corpus.py [--corpus DIR (default $LEGACY_KERAS_CORPUS or /work/shared/corpus-dev)] [--only NAME] [--timeout 300]

For each ``*.py`` file of the corpus (Keras-1-era files from public
repositories; development use only, nothing is copied into the project) one
fresh ``legacy-run`` process (``python -m legacy_keras``) runs this file's
``--drive`` mode, which:

1. loads the file as a module (not ``__main__``, so its ``if __name__ ==
   '__main__'`` block does not run); Python 2 sources are converted with
   lib2to3 first (noted).  Top-level statements run one by one: a statement
   that fails (missing data files, a module the corpus lacks, plotting) is
   noted and the rest still runs, so later model definitions are reached.
   Sibling files of the same repository are importable by their own names;
   Sizes a script derives from data files it cannot have are preset (:data:`PRESETS`);
2. calls the model-building functions: every top-level function or class
   method whose body builds a ``Sequential``/``Model`` and needs no
   arguments, plus the calls listed in :data:`CALLS` (small sizes);
3. for every Keras model found (globals, call results), with small synthetic
   inputs of the model's own input shapes: compile (``sgd``/``mse`` unless the
   code compiled it), one ``train_on_batch``, one ``predict``.

It prints one row per model (or per file without a model): build / train /
predict ``ok`` or the error class and message.  ``bench/RESULTS.md`` records
a run.  Needs TensorFlow; never touches the network (socket timeout 2 s).
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
import types
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("LEGACY_KERAS_CORPUS", "/work/shared/corpus-dev"))

#: Calls whose arguments the code does not default: small sizes, chosen here.
#: ``file stem -> [expression]``, evaluated in the module's namespace.
CALLS: dict[str, list[str]] = {
    "bstriner__keras-adversarial__examples__example_gan": [
        "model_generator(16, (1, 28, 28), hidden_dim=32)",
        "model_discriminator((1, 28, 28), hidden_dim=32)"],
    "commaai__research__models__autoencoder": [
        # the sizes as its get_model() computes them (Python 2 division: floats on Python 3)
        "generator(2, 4, 3, [80 / i for i in [16, 8, 4, 2, 1]], [160 / i for i in [16, 8, 4, 2, 1]])",
        "encoder(2, 4, 3, [80 / i for i in [16, 8, 4, 2, 1]], [160 / i for i in [16, 8, 4, 2, 1]])",
        "discriminator(2, 4, 3, [80 / i for i in [16, 8, 4, 2, 1]], [160 / i for i in [16, 8, 4, 2, 1]])"],
    "heuritech__convnets-keras__convnetskeras__convnets": ["AlexNet()"],
    "basveeling__wavenet__wavenet": [
        "build_model(fragment_length=64, nb_filters=8, nb_output_bins=16, dilation_depth=3, "
        "nb_stacks=1, use_skip_connections=True, learn_all_outputs=True, _log=__import__('logging'), "
        "desired_sample_rate=4410, use_bias=False, res_l2=0, final_l2=0)"],
    "mkusner__grammarVAE__models__model_zinc": ["(lambda v: (v.create(list('abcdefgh'), latent_rep_size=4), v.autoencoder)[1])(MoleculeVAE())"],
    "kuza55__keras-extras__layers__DiffForest": [
        "_model_of(DiffForest(3, n_trees=2, n_depth=2), (6,))"],
    "yhenon__keras-spp__RoiPoolingConv": [
        "_roi_model(RoiPoolingConv(2, 3))"],
    "yanpanlau__DDPG-Keras-Torcs__ActorNetwork": [
        "ActorNetwork(__import__('tensorflow').compat.v1.Session(), 29, 3, 4, 0.001, 0.0001).model"],
    "fastai__courses__deeplearning1__nbs__resnet50": ["Resnet50((64, 64), True).model"],
    "rykov8__ssd_keras__ssd": ["SSD300((300, 300, 3), num_classes=3)"],
    "snf__keras-fractalnet__src__cifar10_fractal": ["build_network()"],
}

#: Values a script computes from data files or an environment the corpus lacks, set
#: before its top-level statements run (a statement that fails leaves them in place).
PRESETS: dict[str, str] = {
    "sujitpal__dl-models-for-qa__src__qa-blstm-attn": "seq_maxlen = 6; vocab_size = 20",
    "sujitpal__dl-models-for-qa__src__qa-lstm-autoencoder": "seq_maxlen = 6; vocab_size = 20",
    "matthiasplappert__keras-rl__examples__ddpg_pendulum": (
        "import types as _t; env = _t.SimpleNamespace(observation_space=_t.SimpleNamespace(shape=(3,)), "
        "action_space=_t.SimpleNamespace(shape=(1,))); nb_actions = 1"),
}

#: Names that exist only in Python 2: a file using them is converted with lib2to3 too.
PY2_ONLY = ("xrange(", ".iteritems(", ".itervalues(", "basestring", "izip(", "print ")

#: Statement kinds skipped at top level: they train, read data or show plots.
SKIP_CALLS = {"fit", "fit_generator", "evaluate", "evaluate_generator", "predict_generator",
              "show", "savefig", "imshow", "plot", "save", "save_weights", "load_weights",
              "train", "run_network", "main", "test_network", "train_network", "optimize"}


# ---------------------------------------------------------------------------
# driver (runs inside legacy-run)
# ---------------------------------------------------------------------------
def _error(error: BaseException) -> str:
    line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {line}"[:160]


def _source(path: Path) -> tuple[str, bool]:
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        ast.parse(text)
        if not any(word in text for word in PY2_ONLY):
            return text, False
    except SyntaxError:
        pass
    if True:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from lib2to3 import refactor
        tool = refactor.RefactoringTool(refactor.get_fixers_from_package("lib2to3.fixes"))
        return str(tool.refactor_string(text + "\n", str(path))), True


def _skipped(node: ast.stmt) -> bool:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
        return False
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SKIP_CALLS:
                return True
    return False


def _builds_model(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("Sequential", "Model"):
                return True
    return False


def _no_required_args(fn: ast.FunctionDef, method: bool) -> bool:
    args = fn.args.posonlyargs + fn.args.args
    required = len(args) - len(fn.args.defaults) - (1 if method else 0)
    kw_required = [d for d in fn.args.kw_defaults if d is None]
    return required <= 0 and not kw_required


def _install_siblings(path: Path) -> None:
    """Make ``owner__repo__...__name.py`` files importable as ``name`` for their repository."""
    prefix = "__".join(path.stem.split("__")[:2]) + "__"
    import importlib.util
    for sibling in path.parent.glob(prefix + "*.py"):
        if sibling == path:
            continue
        name = sibling.stem.split("__")[-1]
        if name in sys.modules:
            continue
        spec = importlib.util.spec_from_file_location(name, sibling)
        module = importlib.util.module_from_spec(spec)
        try:
            text, _ = _source(sibling)
            exec(compile(text, str(sibling), "exec"), module.__dict__)
            sys.modules[name] = module
        except BaseException:  # noqa: BLE001 - a broken sibling is the importer's failure
            pass


def _synthetic(model: Any) -> tuple[list, list]:
    import numpy as np
    rng = np.random.RandomState(0)

    def tensor(t: Any, batch: int) -> Any:
        shape = [batch if i == 0 and d is None else (d if d is not None else 32)
                 for i, d in enumerate(t.shape)]
        if shape and t.shape[0] is not None:
            shape[0] = t.shape[0]
        dtype = str(getattr(t, "dtype", "float32"))
        if "int" in dtype:
            return rng.randint(0, 2, shape).astype(dtype)
        return rng.uniform(0, 1, shape).astype("float32")

    return [tensor(t, 1) for t in model.inputs], [tensor(t, 1) for t in model.outputs]


def _exercise(model: Any) -> dict[str, str]:
    row: dict[str, str] = {}
    try:
        row["params"] = f"{model.count_params():,}"
        x, y = _synthetic(model)
        if getattr(model, "optimizer", None) is None:
            model.compile("sgd", "mse")
            row["compiled"] = "sgd/mse"
        else:
            row["compiled"] = "own"
    except BaseException as error:  # noqa: BLE001
        row["train"] = _error(error)
        row["train_tb"] = traceback.format_exc(limit=-4)
        return row
    feed = x if len(x) > 1 else x[0]
    try:
        predicted = model.predict(feed)
        row["predict"] = "ok"
        # targets shaped like what the model really outputs (None dims resolved)
        import numpy as np
        outs = predicted if isinstance(predicted, list) else [predicted]
        y = [np.random.RandomState(1).uniform(0, 1, np.shape(o)).astype("float32") for o in outs]
    except BaseException as error:  # noqa: BLE001
        row["predict"] = _error(error)
    target = y if len(y) > 1 else y[0]
    try:
        model.train_on_batch(feed, target)
        row["train"] = "ok"
    except BaseException as error:  # noqa: BLE001
        row["train"] = _error(error)
        row["train_tb"] = traceback.format_exc(limit=-4)
    return row


def drive(path: Path) -> list[dict[str, Any]]:
    """Run in a legacy-run process: the rows for one corpus file."""
    import socket
    socket.setdefaulttimeout(2)
    import numpy as np
    import tensorflow as tf
    keras = tf.keras  # the real Keras 3 (``import keras`` is legacy_keras under legacy-run)

    text, converted = _source(path)
    tree = ast.parse(text)
    _install_siblings(path)
    module = types.ModuleType(path.stem.split("__")[-1])
    module.__file__ = str(path)
    namespace = module.__dict__
    sys.modules[module.__name__] = module
    notes: list[str] = ["py2: converted with lib2to3"] if converted else []
    failed: list[str] = []
    if path.stem in PRESETS:
        exec(PRESETS[path.stem], namespace)
        notes.append("data-derived sizes preset")
    for node in tree.body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            continue
        if _skipped(node):
            continue
        try:
            exec(compile(ast.Module([node], []), str(path), "exec"), namespace)
        except BaseException as error:  # noqa: BLE001 - noted, the file goes on
            failed.append(f"line {node.lineno}: {_error(error)}")

    def helper_model_of(layer: Any, shape: tuple) -> Any:
        inp = keras.Input(shape)
        return keras.Model(inp, layer(inp))

    def helper_roi_model(layer: Any) -> Any:
        img = keras.Input((16, 16, 3))
        rois = keras.Input((layer.num_rois, 4))
        return keras.Model([img, rois], layer([img, rois]))

    namespace["_model_of"] = helper_model_of
    namespace["_roi_model"] = helper_roi_model
    calls = list(CALLS.get(path.stem, []))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and _builds_model(node) and _no_required_args(node, False) \
                and not any(node.name in c for c in calls) and node.name not in SKIP_CALLS:
            calls.append(f"{node.name}()")
    found: list[tuple[str, Any]] = []
    for name, value in list(namespace.items()):
        if isinstance(value, keras.Model):
            found.append((name, value))
    errors: list[tuple[str, str, str]] = []
    for call in calls:
        try:
            result = eval(call, namespace)
        except BaseException as error:  # noqa: BLE001
            errors.append((call, _error(error), traceback.format_exc(limit=-4)))
            continue
        values = result if isinstance(result, (list, tuple)) else [result]
        for value in values:
            if isinstance(value, keras.Model):
                found.append((call, value))
    rows: list[dict[str, Any]] = []
    seen: set[int] = set()
    for label, model in found:
        if id(model) in seen:
            continue
        seen.add(id(model))
        row = {"model": label, "build": "ok"}
        row.update(_exercise(model))
        rows.append(row)
    for call, message, tb in errors:
        rows.append({"model": call, "build": message, "build_tb": tb})
    if not rows:
        rows.append({"model": "-", "build": "no model built" + (f" ({failed[0]})" if failed else "")})
    for row in rows:
        row["notes"] = "; ".join(notes + failed[:3])
    del np
    return rows


# ---------------------------------------------------------------------------
# runner
# ---------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--only", default="", help="substring of the file names to run")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per file")
    parser.add_argument("--json", type=Path, help="also write the rows (with tracebacks) here")
    parser.add_argument("--drive", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.drive:
        print("@@ROWS@@" + json.dumps(drive(args.drive)))
        return 0
    if not args.corpus.is_dir():
        print(f"bench_corpus: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    files = sorted(p for p in args.corpus.glob("*.py") if args.only in p.name)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
               TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="", MPLBACKEND="Agg")
    all_rows = []
    th_home = Path(tempfile.mkdtemp(prefix="bench_corpus_th_"))
    (th_home / "keras.json").write_text(json.dumps({"image_dim_ordering": "th", "floatx": "float32",
                                                    "epsilon": 1e-07, "backend": "tensorflow"}))
    tf_home = Path(tempfile.mkdtemp(prefix="bench_corpus_tf_"))

    def run(path: Path, home: Path) -> list[dict[str, Any]]:
        try:
            done = subprocess.run([sys.executable, "-m", "legacy_keras", str(Path(__file__).resolve()),
                                   "--drive", str(path)], capture_output=True, text=True,
                                  timeout=args.timeout, env=dict(env, KERAS_HOME=str(home)),
                                  cwd=str(path.parent))
            marker = [line for line in done.stdout.splitlines() if line.startswith("@@ROWS@@")]
            return json.loads(marker[-1][8:]) if marker else [
                {"model": "-", "build": "driver failed: " + (done.stderr.strip().splitlines() or ["?"])[-1][:150]}]
        except subprocess.TimeoutExpired:
            return [{"model": "-", "build": f"timeout after {args.timeout}s"}]

    def score(rows: list[dict[str, Any]]) -> int:
        return sum(r.get(k) == "ok" for r in rows for k in ("build", "train", "predict"))

    print(f"{'file':58} {'model':34} {'build':6} {'train':6} {'predict':7}")
    for path in files:
        start = time.perf_counter()
        # Keras 1 users set image_dim_ordering in ~/.keras/keras.json: code written for
        # 'th' (input_shape=(3, 224, 224)) is run again with a 'th' keras.json.
        rows = run(path, tf_home)
        if not all(r.get(k) == "ok" for r in rows for k in ("build", "train", "predict")):
            th_rows = run(path, th_home)
            if score(th_rows) > score(rows):
                rows = th_rows
                for row in th_rows:
                    row["notes"] = "; ".join(filter(None, ["keras.json th", row.get("notes", "")]))
        for row in rows:
            row["file"] = path.name
            row["seconds"] = round(time.perf_counter() - start, 1)
            status = [("ok" if row.get(k) == "ok" else ("-" if k not in row else "ERR"))
                      for k in ("build", "train", "predict")]
            print(f"{path.name[:58]:58} {str(row['model'])[:34]:34} {status[0]:6} {status[1]:6} {status[2]:7}")
            for key in ("build", "train", "predict"):
                if row.get(key) not in (None, "ok"):
                    print(f"    {key}: {row[key]}")
            sys.stdout.flush()
        all_rows.extend(rows)
    if args.json:
        args.json.write_text(json.dumps(all_rows, indent=1))
    ok = sum(1 for r in all_rows if all(r.get(k) == "ok" for k in ("build", "train", "predict")))
    print(f"{ok} of {len(all_rows)} models/files build, train one step and predict")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write tempviz/data/digits_mlp.npz, the held-out logits tempviz.calibration.bundled() reads.

A development tool, not part of the package (its needs are in tools/requirements.txt).
Run it from the repository's root; the same seed writes the same bytes:

    pip install -r requirements.txt -r tools/requirements.txt
    python -m tools.make_calibration_set [--seed 0] [--out tempviz/data/digits_mlp.npz]

It trains a small neural network on 200 of scikit-learn's bundled 8 × 8 handwritten
digits (no download), long past the point of fitting them, so it grows overconfident, as
large networks do (Guo et al., 2017), and keeps its logits for 719 other digits (40 % of
the 1,797), with their labels. The other 878 digits go unused: a small training set is
what makes a small network overconfident.
"""

from __future__ import annotations

import argparse
import io
import warnings
import zipfile
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from tempviz import calibration

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tempviz" / calibration.BUNDLED
TRAINED_ON = 200
HELD_OUT = 719  # 40 % of the 1,797 digits
HIDDEN = (128, 128)
EPOCHS = 2000  # far past fitting 200 digits: what makes the network overconfident
DIGITS = 6  # significant digits kept: ample for calibration, and the BLAS's last bits go
# A zip member's time stamp is the time it was written unless given: a fixed one (zip's
# earliest) makes the file the same bytes on every run.
STAMP = (1980, 1, 1, 0, 0, 0)


def train(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The held-out logits and labels of a network trained with ``seed``."""
    images, labels = load_digits(return_X_y=True)
    images = images / 16  # pixel values 0–16 to [0, 1]
    train_x, held_x, train_y, held_y = train_test_split(
        images, labels, train_size=TRAINED_ON, test_size=HELD_OUT, random_state=seed,
        stratify=labels)
    # No early stop and almost no weight decay: training on after the loss stops falling
    # is the point, so scikit-learn's warning that it did not converge is expected.
    network = MLPClassifier(HIDDEN, alpha=1e-5, max_iter=EPOCHS, tol=0,
                            n_iter_no_change=EPOCHS, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        network.fit(train_x, train_y)
    logits = logits_of(network, held_x)
    # predict_proba is the softmax of these logits: a check that they are the network's
    np.testing.assert_allclose(calibration.scaled_probabilities(logits),
                               network.predict_proba(held_x), rtol=1e-9, atol=1e-12)
    return rounded(logits), held_y.astype(np.int64)


def rounded(values: np.ndarray) -> np.ndarray:
    """Values rounded to DIGITS significant digits, as their decimal text writes them."""
    return np.array([float(f"{x:.{DIGITS}g}") for x in values.ravel()]).reshape(values.shape)


def logits_of(network: MLPClassifier, x: np.ndarray) -> np.ndarray:
    """The network's last layer before its softmax: predict_proba gives only probabilities."""
    assert network.activation == "relu" and network.out_activation_ == "softmax"
    for weights, bias in zip(network.coefs_[:-1], network.intercepts_[:-1], strict=True):
        x = np.maximum(x @ weights + bias, 0.0)
    return x @ network.coefs_[-1] + network.intercepts_[-1]


def write(path: Path, logits: np.ndarray, labels: np.ndarray) -> None:
    """An .npz that np.load reads, written byte for byte the same for the same arrays
    (np.savez_compressed stamps each member with the time it was written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in {"logits": logits, "labels": labels}.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # -rw-r--r--, not the writer's umask
            archive.writestr(info, member.getvalue(), compresslevel=9)


def report(logits: np.ndarray, labels: np.ndarray) -> str:
    """What the set teaches: accuracy, and the NLL and ECE before and after fitting T."""
    fitted = calibration.fit_temperature(logits, labels)
    before = calibration.scaled_probabilities(logits)
    after = calibration.scaled_probabilities(logits, fitted)
    accuracy = float((before.argmax(axis=1) == labels).mean())
    return "\n".join([
        f"rows {len(labels)}, classes {logits.shape[1]}, accuracy {accuracy:.4f}",
        f"T* {fitted:.6f}",
        f"NLL {calibration.nll(logits, labels):.4f} -> "
        f"{calibration.nll(logits, labels, fitted):.4f}",
        f"ECE (15 bins) {calibration.calibration_error(before, labels):.4f} -> "
        f"{calibration.calibration_error(after, labels):.4f}",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="the split's and the network's")
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    arguments = parser.parse_args()
    logits, labels = train(arguments.seed)
    write(arguments.out, logits, labels)
    print(f"wrote {arguments.out} ({arguments.out.stat().st_size:,} bytes)")
    print(report(logits, labels))


if __name__ == "__main__":
    main()

"""Temperature scaling: the T that calibrates a classifier, how far off it was, and distillation.

A network trained to a low loss is often overconfident: of the answers it gives with 90 %
confidence, fewer than 90 % are right. Temperature scaling (Guo et al., 2017, "On
Calibration of Modern Neural Networks") mends this with one number: divide every logit by
the T that minimises the negative log-likelihood (NLL) of held-out labels. Dividing by a
T > 0 keeps every row's largest logit the largest, so accuracy stays; only confidence moves.

Everything here is numpy only and stable at any scale: fitting c · logits gives c · T, and
logits up to ±1e308 overflow nowhere. Logits are an N × K matrix, one row per example and
one column per class; labels are the N class numbers, 0 to K - 1.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from tempviz.errors import QUOTED_CHARS, Phrase, TempvizError, invalid

ROW_SUM_TOLERANCE = 1e-6  # how far a row of probabilities may sum from 1 (float32 rounding)
MAX_BINS = 10_000  # more confidence bins than any diagram draws; each bin costs memory
BUNDLED = "data/digits_mlp.npz"  # inside the package; tools/make_calibration_set.py writes it
# A bound on the search, never met: Newton's steps converge in a handful, and any step
# that would leave the bracket halves it instead.
MAX_STEPS = 200

Array = Sequence | np.ndarray


def scaled_probabilities(logits: Array, temperature: float = 1.0) -> np.ndarray:
    """Every row of softmax(logits / T): what the classifier says at temperature T.

    >>> scaled_probabilities([[0, math.log(3)]], 1).round(12)
    array([[0.25, 0.75]])
    >>> scaled_probabilities([[0, math.log(3)]], 0.5).round(12)  # the odds square
    array([[0.1, 0.9]])
    """
    z = _as_logit_matrix(logits)
    return np.exp(_log_softmax_rows(z, _as_warm_temperature(temperature)))


def nll(logits: Array, labels: Array, temperature: float = 1.0) -> float:
    """Mean negative log-likelihood of the labels under softmax(logits / T), in nats.

    The loss a classifier is trained on, and the one :func:`fit_temperature` minimises.

    >>> round(nll([[0, math.log(3)]], [1]), 12) == round(math.log(4 / 3), 12)
    True
    """
    z = _as_logit_matrix(logits)
    y = _as_labels(labels, *z.shape)
    t = _as_warm_temperature(temperature)
    return float(-_log_softmax_rows(z, t)[np.arange(len(y)), y].mean())


def fit_temperature(logits: Array, labels: Array) -> float:
    r"""The T > 0 that minimises the mean NLL of softmax(logits / T) over the rows.

    With β = 1 / T, the mean NLL(β) = mean_i [log Σ_k exp(β z_ik) - β z_iy] is convex in
    β: its slope is mean_i [E_p z_i - z_iy] (p = softmax(β z_i)) and its curvature the mean
    variance of z_i under p, never negative. So the slope has one zero, found here by
    Newton's method on the slope, kept inside a bracket that halving falls back on. On the
    bundled set the answer is within 1e-16 relative of a 40-digit one.

    The slope rises from mean_i [mean_k z_ik - z_iy] at β = 0 (T = ∞) to
    mean_i [max_k z_ik - z_iy] as β → ∞ (T → 0). When neither end has the right sign, no
    T > 0 minimises the NLL, and a :class:`~tempviz.errors.TempvizError` says which end
    the NLL falls towards rather than hand back a T that only shows where the search gave up:

    - every label's logit is its row's largest (or tied for it): the logits already
      separate the labels, and the NLL keeps falling as T → 0 (towards 0, or the log
      of the ties);
    - the label logits are on average no higher than their rows' means: the NLL only
      falls as T → ∞, towards the uniform guess (labels misaligned with their rows
      are the usual cause);
    - every row is constant: every T gives the same NLL;
    - the best T is beyond the float range (logits near ±1e308 that barely beat chance,
      or subnormal ones): scaling the logits by a power of 10 brings it back, as T scales
      with them.

    Parameters
    ----------
    logits : N × K matrix of float
        Finite numbers, one row per held-out example (N ≥ 1, K ≥ 2 classes).
    labels : sequence of N integers
        Each row's true class, 0 to K - 1.

    Returns
    -------
    float
        T*: above 1 for an overconfident network (2.56 for :func:`bundled`'s).

    Examples
    --------
    Three rows with the same logits, right twice and wrong once: the best T makes the
    favourite's probability 2/3, so exp(1 / T) = 2 and T = 1 / log 2.

    >>> t = fit_temperature([[0, 1], [0, 1], [0, 1]], [1, 1, 0])
    >>> round(t, 12) == round(1 / math.log(2), 12)
    True

    Logits that already rank every label first have no best T: the NLL keeps falling.

    >>> fit_temperature([[0, 1], [2, 0]], [1, 0])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tempviz.errors.TempvizError: the logits already rank every label first (or tied first)...
    """
    z = _as_logit_matrix(logits)
    y = _as_labels(labels, *z.shape)
    rows = np.arange(len(y))
    top = z.max(axis=1)
    if (z.min(axis=1) == top).all():
        raise TempvizError("calibration.err.flat")
    if (z[rows, y] == top).all():
        raise TempvizError("calibration.err.separable")
    # A power of two brings the largest |logit| into [0.5, 1): exact in binary, so
    # c · logits give the same gaps for every power of two c (and c · T), and β · gap
    # cannot overflow however large the logits are.
    _, exponent = math.frexp(float(np.abs(z).max()))
    gaps = np.ldexp(z, -exponent)
    gaps -= gaps.max(axis=1, keepdims=True)  # each row's largest is 0, the rest ≥ -2
    at_label = gaps[rows, y]
    if (gaps.mean(axis=1) - at_label).mean() >= 0:  # the slope at β = 0
        raise TempvizError("calibration.err.reversed")
    try:
        fitted = math.ldexp(1 / _zero_of_slope(gaps, at_label), exponent)
    except OverflowError:
        fitted = math.inf
    if not sys.float_info.min <= fitted < math.inf:  # a subnormal T has lost its digits
        raise TempvizError("calibration.err.beyond_floats")
    return fitted


def _zero_of_slope(gaps: np.ndarray, at_label: np.ndarray) -> float:
    """The β > 0 where the slope of the mean NLL is 0, given it is < 0 at β = 0 and > 0
    as β → ∞: a bracket [β, 2β] by doubling or halving from 1, then safeguarded Newton."""
    lo = hi = 1.0
    if _nll_slope(gaps, at_label, 1.0)[0] < 0:
        while _nll_slope(gaps, at_label, hi)[0] < 0:
            lo, hi = hi, 2 * hi
            if hi == math.inf:  # a wrong label's gap is below float resolution
                raise TempvizError("calibration.err.beyond_floats")
    else:
        while _nll_slope(gaps, at_label, lo)[0] >= 0:  # ends: the slope at 0 is < 0
            lo, hi = lo / 2, lo
    beta = (lo + hi) / 2
    for _ in range(MAX_STEPS):
        slope, curvature = _nll_slope(gaps, at_label, beta)
        if slope < 0:
            lo = beta
        elif slope > 0:
            hi = beta
        else:
            return beta
        newton = beta - slope / curvature if curvature > 0 else math.nan
        if abs(newton - beta) <= 1e-15 * beta:  # converged (NaN fails this and the next test)
            return newton
        beta = newton if lo < newton < hi else lo + (hi - lo) / 2
        if beta in (lo, hi):  # the bracket is down to two neighbouring floats
            return beta
    return beta


def _nll_slope(gaps: np.ndarray, at_label: np.ndarray, beta: float) -> tuple[float, float]:
    """The slope and curvature in β of mean NLL(β) = mean(log Σ exp(β g) - β g_y),
    for gaps g ≤ 0 with each row's largest 0, so the largest exp is exp(0) = 1."""
    with np.errstate(over="ignore"):  # β · g below the float range is -inf: its exp is 0
        weights = np.exp(beta * gaps)
    p = weights / weights.sum(axis=1, keepdims=True)
    mean = (p * gaps).sum(axis=1)
    variance = (p * (gaps - mean[:, None]) ** 2).sum(axis=1)
    return float((mean - at_label).mean()), float(variance.mean())


def reliability(probabilities: Array, labels: Array, bins: int = 15) -> pd.DataFrame:
    """The table a reliability diagram draws: per confidence bin, how often the
    classifier was right against how sure it was.

    Each row's confidence is its largest probability and its prediction that class (the
    first of tied ones). Bin k of ``bins`` equal bins is (k / bins, (k + 1) / bins]: a
    confidence on an edge belongs to the bin that edge closes, so 0.6 goes in (0.4, 0.6]
    of 5 bins. The edges are the floats nearest k / bins, the same floats a typed 0.6
    gives. No confidence is 0 (the largest of K probabilities summing to 1 is at least
    1 / K), so these bins leave no row out. Guo et al. use 15 bins, 10 is common too;
    ``bins`` may be 1 to 10,000.

    Returns
    -------
    pandas.DataFrame
        One row per bin, every bin listed: ``lower`` and ``upper`` (its edges),
        ``count`` (rows in it), ``accuracy`` (their share predicted right) and
        ``confidence`` (their mean confidence); the last two are NaN for an empty bin.
        A calibrated classifier has accuracy = confidence in every bin.

    >>> reliability([[0.4, 0.6], [0.9, 0.1], [0.2, 0.8]], [1, 1, 1], bins=5)
       lower  upper  count  accuracy  confidence
    0    0.0    0.2      0       NaN         NaN
    1    0.2    0.4      0       NaN         NaN
    2    0.4    0.6      1       1.0         0.6
    3    0.6    0.8      1       1.0         0.8
    4    0.8    1.0      1       0.0         0.9
    """
    edges, counts, hits, confidences = _binned(probabilities, labels, bins)
    empty = np.full(len(counts), np.nan)
    return pd.DataFrame({
        "lower": edges[:-1], "upper": edges[1:], "count": counts,
        "accuracy": np.divide(hits, counts, out=empty.copy(), where=counts > 0),
        "confidence": np.divide(confidences, counts, out=empty.copy(), where=counts > 0),
    })


def calibration_error(probabilities: Array, labels: Array, bins: int = 15) -> float:
    r"""Expected calibration error: ECE = Σ_b (n_b / N) · |accuracy_b - confidence_b|.

    The gap between accuracy and confidence in each bin of :func:`reliability`, weighted
    by the share of rows in it (Guo et al., 2017): from 0, for a calibrated classifier, to
    at most 1. As n_b · accuracy_b and n_b · confidence_b are sums over the bin's rows,
    the ECE is Σ_b |right_b - Σ confidence_b| / N, computed so with no division per bin.

    One row per bin (as in :func:`reliability`'s example): (|1 - 0.6| + |1 - 0.8| + |0 - 0.9|) / 3.

    >>> calibration_error([[0.4, 0.6], [0.9, 0.1], [0.2, 0.8]], [1, 1, 1], bins=5)
    0.5
    """
    _, counts, hits, confidences = _binned(probabilities, labels, bins)
    return float(np.abs(hits - confidences).sum() / counts.sum())


def _binned(probabilities: Array, labels: Array,
            bins: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The bin edges and, per bin, its rows, its right predictions and its confidences'
    sum: the one binning :func:`reliability` and :func:`calibration_error` share."""
    p = _as_probability_matrix(probabilities)
    y = _as_labels(labels, *p.shape)
    count = _as_bins(bins)
    confidence = p.max(axis=1)
    right = p.argmax(axis=1) == y
    edges = np.arange(count + 1) / count
    # side="left" finds the first edge ≥ the confidence: the upper edge of its bin
    where = np.searchsorted(edges, confidence, side="left") - 1
    return (edges, np.bincount(where, minlength=count),
            np.bincount(where, weights=right, minlength=count),
            np.bincount(where, weights=confidence, minlength=count))


def distillation_loss(student_logits: Array, teacher_logits: Array, temperature: float) -> float:
    r"""Knowledge distillation's soft loss: mean over rows of T² · KL(p ‖ q), with
    p = softmax(teacher / T) and q = softmax(student / T) (Hinton et al., 2015).

    Raising T shows the student the teacher's ranking of the wrong classes; the T² keeps
    the loss's gradients the same size at every T, so it can be mixed with the ordinary
    loss. KL is Σ_k p_k (log p_k - log q_k), with both logs from a stable log-softmax: a
    class whose teacher probability is 0 adds exactly 0, and no probability's log is
    taken, so nothing becomes NaN. Rounding leaves an absolute error of about 1e-16 · T²
    (for logits of order 1): as T grows, KL falls like 1 / T² while T² · KL tends to a
    finite limit, so the relative error grows as T²: 1e-12 at T = 100, 1e-8 at
    T = 1e4, all digits by T = 1e8. Distillation uses T = 1 to 20.

    Parameters
    ----------
    student_logits, teacher_logits : K floats or N × K matrix of float
        Finite numbers of one shape; a vector is one row.
    temperature : float
        T, finite and > 0.

    >>> loss = distillation_loss([0, 0], [0, math.log(3)], temperature=1)
    >>> round(loss, 12) == round(0.25 * math.log(0.5) + 0.75 * math.log(1.5), 12)
    True
    >>> distillation_loss([[1, 2, 5]], [[11, 12, 15]], temperature=2)  # softmax ignores shifts
    0.0
    """
    student = _as_logit_rows(student_logits, "student_logits")
    teacher = _as_logit_rows(teacher_logits, "teacher_logits")
    if student.shape != teacher.shape:
        raise invalid("student_logits", "calibration.rule.same_shape",
                      Phrase("value.shape", {"shape": student.shape}), shape=teacher.shape)
    t = _as_warm_temperature(temperature, "calibration.advice.temperature")
    log_p = _log_softmax_rows(np.atleast_2d(teacher), t)
    log_q = _log_softmax_rows(np.atleast_2d(student), t)
    p = np.exp(log_p)
    kept = p > 0  # a teacher probability of 0 (exp underflowed) adds 0, whatever log q is
    terms = np.zeros_like(p)
    terms[kept] = p[kept] * (log_p[kept] - log_q[kept])
    kl = np.maximum(terms.sum(axis=1), 0.0)  # ≥ 0 exactly; rounding may dip below
    return float(t * (t * kl.mean()))  # not t * t first: T² alone may overflow


def _log_softmax_rows(z: np.ndarray, t: float) -> np.ndarray:
    """log softmax(z / t) of every row of checked logits, for 0 < t < ∞.

    The formula of :func:`tempviz.softmax.log_softmax`, which takes one vector, along
    rows: the gaps g = (z - max z) / t less log1p of the other classes' exp(g), so the
    favourite keeps its tiny log and a class whose probability underflows keeps a finite one.
    """
    top = z.max(axis=1, keepdims=True)
    with np.errstate(over="ignore"):  # a quotient below the float range is -inf: exp 0
        gaps = z - top
        wide = np.isinf(gaps).any(axis=1)
        # A row spanning more than the float range (-1e308 and 1e308) is halved first,
        # so its gap stays finite wherever the gap / t is.
        gaps[wide] = (0.5 * z[wide] - 0.5 * top[wide]) / t * 2
        gaps[~wide] /= t
    others = np.exp(gaps)
    others[np.arange(len(z)), gaps.argmax(axis=1)] = 0.0  # the favourite's exp(0) is 1
    return gaps - np.log1p(others.sum(axis=1, keepdims=True))


@cache
def bundled() -> tuple[np.ndarray, np.ndarray]:
    """Held-out logits of a real, overconfident classifier, and their labels.

    A small neural network (two hidden layers of 128) trained on 200 of scikit-learn's
    8 × 8 handwritten digits until it grew overconfident; these are its logits for 719
    digits it never saw, rounded to 6 significant digits. The classes are the digits:
    label k is the digit k. tools/make_calibration_set.py writes the file from a seed.
    The arrays are read once and shared, so they are read-only.

    >>> logits, labels = bundled()
    >>> logits.shape, sorted(set(labels.tolist())) == list(range(10))
    ((719, 10), True)
    >>> fit_temperature(logits, labels) > 1  # overconfident: the fitted T softens it
    True
    """
    with (resources.files("tempviz").joinpath(BUNDLED).open("rb") as file,
          np.load(file, allow_pickle=False) as saved):
        logits, labels = saved["logits"], saved["labels"]
    logits.setflags(write=False)
    labels.setflags(write=False)
    return logits, labels


def _as_array(values: Array, name: str) -> np.ndarray:
    """Numbers as a float64 array, or the error naming the argument."""
    try:
        return np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid(name, "rule.numbers", _start_of(values)) from None


def _as_logit_matrix(logits: Array, name: str = "logits") -> np.ndarray:
    """Check an N × K matrix of finite logits (N ≥ 1, K ≥ 2) once, at the edge.

    >>> _as_logit_matrix([[1, 2], [3, 4]])
    array([[1., 2.],
           [3., 4.]])
    """
    z = _as_array(logits, name)
    if z.ndim != 2 or z.shape[0] < 1 or z.shape[1] < 2:
        raise invalid(name, "calibration.rule.matrix", Phrase("value.shape", {"shape": z.shape}))
    _check_finite(z, name)
    return z


def _as_logit_rows(logits: Array, name: str) -> np.ndarray:
    """Check one row of K ≥ 2 finite logits, or a matrix of N ≥ 1 such rows; the shape
    is kept, so two arguments' shapes can be compared as given."""
    z = _as_array(logits, name)
    if z.ndim not in (1, 2) or z.size == 0 or z.shape[-1] < 2:
        raise invalid(name, "calibration.rule.rows", Phrase("value.shape", {"shape": z.shape}))
    _check_finite(z, name)
    return z


def _check_finite(z: np.ndarray, name: str) -> None:
    """NaN or ±inf as a logit means something upstream overflowed: name where it is."""
    bad = ~np.isfinite(z)
    if bad.any():
        place = np.unravel_index(int(np.argmax(bad)), z.shape)
        where = (f"row {place[0] + 1}, column {place[1] + 1}" if z.ndim == 2
                 else f"item {place[0] + 1}")
        raise invalid(f"{name} ({where})", "calibration.rule.finite", z[place])


def _as_probability_matrix(probabilities: Array) -> np.ndarray:
    """Check an N × K matrix of probabilities in [0, 1], each row summing to 1."""
    p = _as_array(probabilities, "probabilities")
    if p.ndim != 2 or p.shape[0] < 1 or p.shape[1] < 2:
        raise invalid("probabilities", "calibration.rule.matrix",
                      Phrase("value.shape", {"shape": p.shape}))
    bad = ~((p >= 0) & (p <= 1))  # NaN too
    if bad.any():
        row, column = np.unravel_index(int(np.argmax(bad)), p.shape)
        raise invalid(f"probabilities (row {row + 1}, column {column + 1})", "rule.fraction",
                      p[row, column])
    sums = p.sum(axis=1)
    off = np.abs(sums - 1) > ROW_SUM_TOLERANCE
    if off.any():
        row = int(np.argmax(off))
        raise invalid(f"probabilities (row {row + 1})", "calibration.rule.row_sum",
                      Phrase("calibration.value.row_sum", {"total": float(sums[row])}),
                      tolerance=ROW_SUM_TOLERANCE)
    return p


def _as_labels(labels: Array, rows: int, classes: int) -> np.ndarray:
    """Check one whole-number class, 0 to classes - 1, per row; returned as integers."""
    y = _as_array(labels, "labels")
    if y.shape != (rows,):
        raise invalid("labels", "calibration.rule.labels",
                      Phrase("value.shape", {"shape": y.shape}), rows=rows)
    bad = ~((y >= 0) & (y <= classes - 1) & (y == np.round(y)))  # NaN too
    if bad.any():
        item = int(np.argmax(bad))
        value = float(y[item])
        shown = int(value) if value.is_integer() else value  # 12, not 12.0
        raise invalid(f"labels (item {item + 1})", "rule.whole_between", shown, least=0,
                      most=classes - 1)
    return y.astype(np.intp)


def _as_bins(bins: int) -> int:
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not (
            1 <= bins <= MAX_BINS):
        raise invalid("bins", "rule.whole_between", bins, least=1, most=MAX_BINS)
    return int(bins)


def _as_warm_temperature(temperature: float, hint: str | None = None) -> float:
    """Check a temperature for a loss: finite and > 0 (the limits T = 0 and T = ∞ are
    tempviz.softmax's, not a loss's)."""
    try:
        t = float(temperature)
    except (TypeError, ValueError):
        raise invalid("temperature", "calibration.rule.temperature", temperature, hint) from None
    if not 0 < t < math.inf:  # NaN too
        raise invalid("temperature", "calibration.rule.temperature", t, hint)
    return t


def _start_of(values: object) -> Phrase:
    """The start of a value that may be long (a list of 700 rows), for a message."""
    shown = str(values)
    if len(shown) > QUOTED_CHARS:
        shown = shown[:QUOTED_CHARS - 1] + "…"
    return Phrase("value.numbers", {"numbers": shown})

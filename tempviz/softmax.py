"""Softmax with temperature, its log and its entropy, and samples drawn from it.

Everything here is numpy only and stable at any scale: logits up to ±1e308,
temperatures from 1e-300 to 1e300, and both limits, T = 0 and T = ∞, exactly.

The one numerical idea is SciPy's: subtract the largest logit before ``exp``,
so the largest term is exp(0) = 1, nothing overflows, and the sum is at least 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from tempviz.errors import Phrase, invalid


def as_logit_vector(logits: Sequence[float] | np.ndarray) -> np.ndarray:
    """Check logits once, at the edge, and return them as a float64 vector.

    Logits may be any finite number or -inf (a token that can never be chosen);
    at least one must be finite.

    >>> as_logit_vector([1, 2, -math.inf])
    array([  1.,   2., -inf])
    """
    try:
        z = np.array(logits, dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid("logits", "rule.numbers", logits) from None
    if z.ndim != 1:
        raise invalid("logits", "rule.flat_numbers", Phrase("value.shape", {"shape": z.shape}))
    if z.size == 0:
        raise invalid("logits", "rule.nonempty", Phrase("value.empty"))
    bad = np.isnan(z) | np.isposinf(z)
    if bad.any():
        position = int(np.argmax(bad))
        raise invalid(f"logits (item {position + 1})", "rule.logit", z[position],
                      "advice.neg_inf")
    if np.isneginf(z).all():
        raise invalid("logits", "rule.some_logit", Phrase("value.all_neg_inf"))
    return z


def as_temperature(temperature: float) -> float:
    """Check one temperature: a number ≥ 0, where 0 and math.inf mean the two limits.

    >>> as_temperature(0.1), as_temperature(math.inf)
    (0.1, inf)
    """
    try:
        t = float(temperature)
    except (TypeError, ValueError):
        raise invalid("temperature", "rule.temperature", temperature, "advice.limits") from None
    if not t >= 0:  # also catches NaN
        raise invalid("temperature", "rule.temperature", t, "advice.limits")
    return t


def as_temperature_vector(temperatures: Sequence[float] | np.ndarray) -> np.ndarray:
    """Check a sequence of temperatures, each as :func:`as_temperature` does.

    >>> as_temperature_vector([0, 1, math.inf])
    array([ 0.,  1., inf])
    """
    try:
        t = np.array(temperatures, dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid("temperatures", "rule.numbers", temperatures, "advice.limits") from None
    if t.ndim != 1:
        raise invalid("temperatures", "rule.flat_numbers",
                      Phrase("value.shape", {"shape": t.shape}))
    bad = ~(t >= 0)
    if bad.any():
        position = int(np.argmax(bad))
        raise invalid(f"temperatures (item {position + 1})", "rule.temperature", t[position],
                      "advice.limits")
    return t


def softmax(logits: Sequence[float] | np.ndarray, temperature: float = 1.0) -> np.ndarray:
    r"""Probabilities softmax(z / T): p_i = exp(z_i / T) / Σ_j exp(z_j / T).

    ``temperature=0`` is the T → 0 limit (all mass on the largest logit, shared
    equally among ties); ``temperature=math.inf`` is the T → ∞ limit (uniform
    over the finite logits). A logit of -inf gets probability 0 at every T.

    >>> softmax([1, 2, 5]).round(5)
    array([0.01715, 0.04661, 0.93624])
    >>> softmax([1, 2, 5], temperature=0)
    array([0., 0., 1.])
    >>> softmax([1000, 1])  # the naive formula gives nan: exp(1000) overflows
    array([1., 0.])
    """
    return softmax_sweep(logits, [as_temperature(temperature)])[0]


def softmax_sweep(logits: Sequence[float] | np.ndarray,
                  temperatures: Sequence[float] | np.ndarray) -> np.ndarray:
    """Softmax at many temperatures at once: row i is ``softmax(logits, temperatures[i])``.

    Vectorised over temperatures; its cost is one ``exp`` over the output.

    >>> softmax_sweep([0, math.log(3)], [0, 1, math.inf]).round(3)
    array([[0.  , 1.  ],
           [0.25, 0.75],
           [0.5 , 0.5 ]])
    """
    z = as_logit_vector(logits)
    t = as_temperature_vector(temperatures)
    warm = (t > 0) & (t < math.inf)
    if warm.all():
        return _softmax_warm(z, t)
    probs = np.empty((t.size, z.size))
    probs[warm] = _softmax_warm(z, t[warm])
    probs[t == 0] = _cold_limit(z)
    probs[t == math.inf] = _hot_limit(z)
    return probs


def scaled_logits(logits: Sequence[float] | np.ndarray, temperature: float) -> np.ndarray:
    """(z - max z) / T: the logits softmax(z / T) exponentiates, with the largest at 0.

    The shift changes no probability and keeps z / T from overflowing. At T = 0 only
    the maxima stay (at 0, the rest -inf); at T = ∞ every finite logit becomes 0.

    >>> scaled_logits([1, 2, 5], 0.5), scaled_logits([1, 2, 5], 0)
    (array([-8., -6.,  0.]), array([-inf, -inf,   0.]))
    """
    return _shifted(as_logit_vector(logits), as_temperature(temperature))


def log_softmax(logits: Sequence[float] | np.ndarray, temperature: float = 1.0) -> np.ndarray:
    r"""Log probabilities log softmax(z / T), exact where ``np.log(softmax(...))`` is not.

    With the gaps g_i = (z_i - max z) / T, log p_i = g_i - log(1 + r), where r is the
    sum of exp(g_j) over every class but the most probable one (whose exp(g) is 1).
    ``log1p(r)`` keeps every digit of a tiny r, so the most probable class gets its
    small negative log too, where log(1 + r) would round to log 1 = 0 (as
    ``scipy.special.log_softmax`` does), and a class whose probability underflows to 0
    keeps its finite log.

    Parameters
    ----------
    logits : sequence of float
        Finite numbers or -inf (a token that can never be chosen), at least one finite.
    temperature : float, optional
        T ≥ 0. ``0`` is the T → 0 limit: log(1/m) on the m tied largest logits and
        -inf elsewhere; ``math.inf`` is the T → ∞ limit: -log K on the K finite
        logits. A logit of -inf gets -inf at every T.

    Returns
    -------
    numpy.ndarray
        log softmax(z / T), of the same length as ``logits``; its exp sums to 1.

    See Also
    --------
    softmax : the probabilities themselves.
    scaled_logits : the gaps g_i.

    Examples
    --------
    >>> log_softmax([1000, 1])
    array([   0., -999.])

    The naive log of the probabilities loses the second class: exp(-999) underflows.

    >>> with np.errstate(divide="ignore"):
    ...     naive = np.log(softmax([1000, 1]))
    >>> naive
    array([  0., -inf])

    The most probable class keeps its digits too: its log is -log1p(e^-60 + e^-80) here,
    where ``scipy.special.log_softmax`` gives 0.

    >>> log_softmax([1, 2, 5], temperature=0.05)
    array([-8.00000000e+01, -6.00000000e+01, -8.75651078e-27])
    >>> log_softmax([5, 5, 1], temperature=0)
    array([-0.69314718, -0.69314718,        -inf])
    """
    shifted = _shifted(as_logit_vector(logits), as_temperature(temperature))
    top = int(np.argmax(shifted))  # shifted[top] is 0, so its exp is exactly 1
    others = np.exp(shifted)
    others[top] = 0.0
    return shifted - np.log1p(others.sum())  # 0.0 - 0.0 is +0.0 for a lone class


def _shifted(z: np.ndarray, t: float) -> np.ndarray:
    """(z - max z) / t for checked logits and one temperature, the limits included."""
    if t == 0:
        return np.where(z == z.max(), 0.0, -np.inf)
    if t == math.inf:
        return np.where(np.isfinite(z), 0.0, -np.inf)
    return _gaps_over_temperature(z, np.array([t]))[0]


def _softmax_warm(z: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Rows of softmax(z / t) for 0 < t < ∞, stable: the largest term is exp(0) = 1."""
    scaled = _gaps_over_temperature(z, t)
    np.exp(scaled, out=scaled)
    scaled /= scaled.sum(axis=1, keepdims=True)
    return scaled


def _gaps_over_temperature(z: np.ndarray, t: np.ndarray) -> np.ndarray:
    """(z - max z) / t for every t, a (len(t), len(z)) matrix of values ≤ 0.

    A quotient below the float range is -inf on purpose: its exp is 0, as it should be.
    """
    top = z.max()
    with np.errstate(over="ignore"):
        gaps = z - top
        if np.isneginf(gaps[np.isfinite(z)]).any():
            # The logits span more than the float range (say -1e308 and 1e308):
            # halve everything first so the gap stays finite, even when T is huge.
            return np.divide(0.5 * z - 0.5 * top, t[:, None]) * 2
        return np.divide(gaps, t[:, None])


def _cold_limit(z: np.ndarray) -> np.ndarray:
    """The T → 0 limit: all mass on the largest logit, shared equally among ties."""
    winners = z == z.max()
    return winners / winners.sum()


def _hot_limit(z: np.ndarray) -> np.ndarray:
    """The T → ∞ limit: uniform over the logits that are finite."""
    finite = np.isfinite(z)
    return finite / finite.sum()


def entropy(probs: Sequence[float] | np.ndarray, base: float | None = None) -> float | np.ndarray:
    """Shannon entropy H = -Σ p log p of a distribution, with 0 · log 0 = 0.

    In nats by default; ``base=2`` gives bits. A 2-D array gives one entropy per row.
    The largest probability's log is taken as log1p(-rest) when it is near 1, with rest
    the sum of the other probabilities (added up directly: 1 - top would cancel), so a
    near-certain distribution such as softmax([1, 2, 5], 0.05) keeps its tiny entropy
    to the last digit.

    >>> entropy([0.5, 0.5], base=2)
    1.0
    >>> round(entropy([0.25] * 4), 6)  # log 4
    1.386294
    """
    p = np.array(probs, dtype=np.float64)
    if p.ndim not in (1, 2) or p.shape[-1] == 0:
        raise invalid("probs", "rule.probability_shape", Phrase("value.shape", {"shape": p.shape}))
    if not np.isfinite(p).all() or (p < 0).any() or (abs(p.sum(axis=-1) - 1) > 1e-9).any():
        raise invalid("probs", "rule.probabilities", _shown(p))
    if base is not None and not (float(base) > 0 and float(base) != 1):
        raise invalid("base", "rule.base", base)
    rows = np.atleast_2d(p)
    top_at = np.arange(len(rows)), rows.argmax(axis=1)
    top = rows[top_at]
    others = rows.copy()
    others[top_at] = 0.0
    rest = others.sum(axis=1)  # not rows.sum() - top, which keeps only rest's rounding error
    logs = np.log(np.where(rows > 0, rows, 1.0))  # log 1 = 0 makes 0 · log 0 = 0
    # (the minimum only keeps log1p away from -1 in rows that take log(top) instead)
    logs[top_at] = np.where(rest < 0.5, np.log1p(-np.minimum(rest, 0.5)), np.log(top))
    nats = 0.0 - (rows * logs).sum(axis=1)  # 0.0 - 0.0 is +0.0, never -0.0
    result = nats / math.log(base) if base is not None else nats
    return float(result[0]) if p.ndim == 1 else result


def sample_counts(probs: Sequence[float] | np.ndarray, n: int,
                  seed: int | None = None) -> np.ndarray:
    """Counts of ``n`` independent draws from ``probs``, reproducible for a ``seed``.

    One multinomial draw, so the cost depends on the number of classes, not on ``n``.

    >>> sample_counts([0.2, 0.8], 1000, seed=0).sum()
    np.int64(1000)
    """
    return np.random.default_rng(seed).multinomial(_as_count(n), _as_distribution(probs))


def _as_count(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise invalid("n", "rule.whole_at_least", n, least=0)
    return int(n)


def _as_distribution(probs: Sequence[float] | np.ndarray) -> np.ndarray:
    """Probabilities ≥ 0 with a positive total, renormalised so rounding can't upset numpy."""
    p = np.array(probs, dtype=np.float64)
    if p.ndim != 1 or p.size == 0 or not np.isfinite(p).all() or (p < 0).any() or p.sum() <= 0:
        raise invalid("probs", "rule.weights", _shown(p))
    return p / p.sum()


def sample_indices(probs: Sequence[float] | np.ndarray, n: int,
                   seed: int | None = None) -> np.ndarray:
    """Positions of ``n`` independent draws from ``probs``, in the order drawn.

    >>> sample_indices([0.0, 1.0], 3, seed=0)
    array([1, 1, 1])
    """
    p = _as_distribution(probs)
    return np.random.default_rng(seed).choice(p.size, size=_as_count(n), p=p)


def _shown(p: np.ndarray) -> Phrase:
    """The start of an array of probabilities, for a message."""
    return Phrase("value.numbers", {"numbers": str(p.tolist())[:80]})

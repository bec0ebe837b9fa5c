"""The stability lesson: softmax computed the naive way, to watch it overflow.

exp(z / T) / Σ exp(z / T) without subtracting the maximum first overflows as soon
as some z / T passes log(largest float): about 11.09 in float16, 88.72 in float32
and 709.78 in float64. Then exp gives inf, and inf / inf gives NaN. :func:`softmax`
never does, because after the shift the largest term is exp(0) = 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from tempviz.errors import invalid
from tempviz.frames import complement, format_probability
from tempviz.i18n import DEFAULT_LANGUAGE, number, text
from tempviz.logits import Logits
from tempviz.softmax import as_logit_vector, as_temperature, softmax

FLOAT_TYPES = {"float16": np.float16, "float32": np.float32, "float64": np.float64}
SCALES = (10, 100)  # what the lesson offers to multiply the logits by, in one click


def overflow_threshold(dtype: str) -> float:
    """The largest x whose exp(x) is finite in the float type: log of its largest value.

    >>> [round(overflow_threshold(name), 2) for name in ("float16", "float32", "float64")]
    [11.09, 88.72, 709.78]
    """
    return math.log(float(np.finfo(_float_type(dtype)).max))


def largest_scaled(logits: Sequence[float] | np.ndarray, temperature: float) -> float:
    """max z / T, the exponent the naive formula overflows on first.

    >>> largest_scaled([1, 2, 5], 0.1)  # past float16's 11.09, within float32's 88.72
    50.0
    """
    return float(as_logit_vector(logits).max() / as_temperature(temperature))


def naive_softmax(logits: Sequence[float] | np.ndarray, temperature: float,
                  dtype: str = "float64") -> np.ndarray:
    """exp(z / T) / Σ exp(z / T) in the float type, without the shift that makes it safe.

    For teaching only: it returns inf and NaN where the stable softmax does not.

    >>> naive_softmax([1, 2, 5], 1.0).round(5)
    array([0.01715, 0.04661, 0.93624])
    >>> naive_softmax([1, 2, 5], 0.1, "float16")  # exp(20) and exp(50) overflow float16
    array([ 0., nan, nan], dtype=float16)
    """
    kind = _float_type(dtype)
    _, weights = _naive_weights(logits, temperature, kind)
    with np.errstate(over="ignore", invalid="ignore"):
        return weights / weights.sum(dtype=kind)


def _naive_weights(logits: Sequence[float] | np.ndarray, temperature: float,
                   kind: type) -> tuple[np.ndarray, np.ndarray]:
    """z / T and exp(z / T) in the float type ``kind``, as the naive formula has them."""
    t = as_temperature(temperature)
    if not 0 < t < math.inf:
        raise invalid("temperature", "rule.warm", t, "advice.no_naive_limits")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        scaled = as_logit_vector(logits).astype(kind) / kind(t)
        return scaled, np.exp(scaled)


def naive_failure(logits: Sequence[float] | np.ndarray, temperature: float,
                  dtype: str) -> str | None:
    """How the naive formula fails at T in the float type, or None when it gives a
    distribution: "overflow" (some exp(z / T) is inf, and inf / inf is NaN),
    "underflow" (every exp(z / T) is 0, and 0 / 0 is NaN) or "sum" (every exp fits,
    but their sum overflows, so every p comes out 0).

    >>> naive_failure([1, 2, 5], 0.1, "float16"), naive_failure([1, 2, 5], 0.1, "float64")
    ('overflow', None)
    >>> naive_failure([-1000, -1001], 1, "float64"), naive_failure([0] * 70_000, 1, "float16")
    ('underflow', 'sum')
    """
    kind = _float_type(dtype)
    _, weights = _naive_weights(logits, temperature, kind)
    if np.isinf(weights).any():
        return "overflow"
    if not weights.any():
        return "underflow"
    with np.errstate(over="ignore"):
        return "sum" if np.isinf(weights.sum(dtype=kind)) else None


def nearest_failure(logits: Sequence[float] | np.ndarray, temperature: float, dtype: str,
                    temperatures: Sequence[float]) -> float | None:
    """Of ``temperatures`` (the slider's stops), the one nearest T on the log scale at
    which the naive formula fails in the float type; None if it fails at none. The
    limits among them are skipped: they have no naive form.

    >>> nearest_failure([1, 2, 5], 1.0, "float32", [0.01, 0.05, 0.06, 0.1, 1.0])
    0.05
    >>> nearest_failure([1, 2, 5], 1.0, "float64", [0.01, 0.1, 1.0]) is None  # 500 < 709.78
    True
    """
    warm = [t for t in temperatures if 0 < t < math.inf]
    anchor = temperature if 0 < temperature < math.inf else 1.0
    for t in sorted(warm, key=lambda t: abs(math.log(t / anchor))):
        if naive_failure(logits, t, dtype):
            return t
    return None


def scale_factor(logits: Sequence[float] | np.ndarray, dtype: str,
                 temperatures: Sequence[float]) -> int | None:
    """The smallest of :data:`SCALES` that makes the naive formula fail at one of the
    temperatures in the float type, keeping every logit within the float range; None
    if none does (logits all 0, say).

    >>> scale_factor([1, 2, 5], "float64", [0.01, 1.0])  # 50, 100, 500 / 0.01 > 709.78
    10
    >>> scale_factor([0, 0], "float64", [0.01, 1.0]) is None
    True
    """
    z = as_logit_vector(logits)
    for factor in SCALES:
        if can_scale(z, factor) and nearest_failure(z * factor, 1.0, dtype,
                                                    temperatures) is not None:
            return factor
    return None


def can_scale(logits: Sequence[float] | np.ndarray, factor: float) -> bool:
    """Whether every finite logit times ``factor`` stays within the float range.

    >>> can_scale([1, 2, -math.inf], 100), can_scale([1e307], 100)
    (True, False)
    """
    z = as_logit_vector(logits)
    with np.errstate(over="ignore"):
        return bool(np.isfinite(z[np.isfinite(z)] * factor).all())


def scaled_text(logits: Logits, factor: float) -> str:
    """The logits multiplied by ``factor``, written as the logits box reads them: one
    labelled logit a line when they have labels of their own.

    >>> from tempviz import parse_logits
    >>> scaled_text(parse_logits("1, 2, 5"), 10), scaled_text(parse_logits("a: 0.7, b: -inf"), 10)
    ('10, 20, 50', 'a: 7\\nb: -inf')
    """
    values = [f"{z * factor:.15g}" if math.isfinite(z) else "-inf" for z in logits.values]
    if not logits.labelled:
        return ", ".join(values)
    return "\n".join(f"{label}: {value}" for label, value in zip(logits.labels, values))


def _float_type(dtype: str) -> type:
    if dtype not in FLOAT_TYPES:
        raise invalid("dtype", "rule.one_of", dtype, choices=", ".join(FLOAT_TYPES))
    return FLOAT_TYPES[dtype]


def comparison_frame(logits: Logits, temperature: float, dtype: str,
                     lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """Naive and stable softmax side by side, every number as the float type shows it
    (float16 even rounds exp(10) = 22026.5 to 22032), in the language's decimal sign.

    >>> from tempviz import parse_logits
    >>> comparison_frame(parse_logits("1, 2, 5"), 0.1, "float16")
      class z / T exp(z / T), naive p, naive      p, stable
    0    z1    10             22032        0      4.2×10⁻¹⁸
    1    z2    20               inf      nan      9.4×10⁻¹⁴
    2    z3    50               inf      nan  1 − 9.4×10⁻¹⁴
    """
    scaled, weights = _naive_weights(logits, temperature, _float_type(dtype))
    stable = softmax(logits, temperature)
    naive = naive_softmax(logits, temperature, dtype).astype(float)
    return pd.DataFrame({
        text("table.class", lang): logits.labels,
        text("table.scaled", lang): [number(x, ".6g", lang) for x in scaled.astype(float)],
        text("stability.exp", lang): [number(x, ".6g", lang) for x in weights.astype(float)],
        text("stability.naive", lang): [number(x, ".4g", lang) for x in naive],
        text("stability.stable", lang): [format_probability(p, c, lang)
                                         for p, c in zip(stable, complement(stable))],
    })

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
from tempviz.i18n import DEFAULT_LANGUAGE, text
from tempviz.logits import Logits
from tempviz.softmax import as_logit_vector, as_temperature, softmax

FLOAT_TYPES = {"float16": np.float16, "float32": np.float32, "float64": np.float64}


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
    t = as_temperature(temperature)
    if not 0 < t < math.inf:
        raise invalid("temperature", "rule.warm", t, "advice.no_naive_limits")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        scaled = as_logit_vector(logits).astype(kind) / kind(t)
        weights = np.exp(scaled)
        return weights / weights.sum(dtype=kind)


def _float_type(dtype: str) -> type:
    if dtype not in FLOAT_TYPES:
        raise invalid("dtype", "rule.one_of", dtype, choices=", ".join(FLOAT_TYPES))
    return FLOAT_TYPES[dtype]


def comparison_frame(logits: Logits, temperature: float, dtype: str,
                     lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """Naive and stable softmax side by side, every number as the float type shows it
    (float16 even rounds exp(10) = 22026.5 to 22032).

    >>> from tempviz import parse_logits
    >>> comparison_frame(parse_logits("1, 2, 5"), 0.1, "float16")
      class z / T exp(z / T), naive p, naive    p, stable
    0    z1    10             22032        0      4.2e-18
    1    z2    20               inf      nan      9.4e-14
    2    z3    50               inf      nan  1 − 9.4e-14
    """
    kind = _float_type(dtype)
    with np.errstate(over="ignore"):
        scaled = as_logit_vector(logits).astype(kind) / kind(temperature)
        weights = np.exp(scaled)
    stable = softmax(logits, temperature)
    naive = naive_softmax(logits, temperature, dtype).astype(float)
    return pd.DataFrame({
        text("table.class", lang): logits.labels,
        text("table.scaled", lang): [f"{x:.6g}" for x in scaled.astype(float)],
        text("stability.exp", lang): [f"{x:.6g}" for x in weights.astype(float)],
        text("stability.naive", lang): [f"{x:.4g}" for x in naive],
        text("stability.stable", lang): [format_probability(p, c)
                                         for p, c in zip(stable, complement(stable))],
    })

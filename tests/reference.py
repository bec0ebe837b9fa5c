"""Values computed independently of tempviz, with mpmath at 60 significant digits."""

from __future__ import annotations

import math

import mpmath
import numpy as np

mpmath.mp.dps = 60
DIGITS = 50  # significant digits exact() keeps, beyond what 1 + rest needs


def softmax(logits: list[float], temperature: float) -> list[float]:
    """softmax(z / T) straight from the definition, in high precision."""
    weights = [mpmath.e ** (mpmath.mpf(z) / mpmath.mpf(temperature)) if z != float("-inf")
               else mpmath.mpf(0) for z in logits]
    total = mpmath.fsum(weights)
    return [float(w / total) for w in weights]


def entropy_nats(logits: list[float], temperature: float) -> float:
    """-Σ p log p of softmax(z / T), in high precision, without rounding p first."""
    weights = [mpmath.e ** (mpmath.mpf(z) / mpmath.mpf(temperature)) for z in logits]
    total = mpmath.fsum(weights)
    return float(-mpmath.fsum(w / total * mpmath.log(w / total) for w in weights if w > 0))


def exact(logits, temperature: float) -> tuple[np.ndarray, float, float]:
    """log p_i (as floats), H in nats and H in bits of softmax(z / T) for 0 < T < ∞, by mpmath.

    p_i = e^(z_i/T) / Σ_j e^(z_j/T), with every exponent first lowered by max z / T (which
    cancels in the quotient and keeps mpmath's sums near 1). The sum is then 1 + rest,
    with rest ≈ e^(-gap/T) for the gap between the two largest logits; for log(1 + rest)
    to keep DIGITS digits of rest, the working precision grows by log10(1/rest) digits:
    at 50 digits alone, 1 + e^-300 (T = 0.01) would round to 1 and log p_top to 0, the
    very loss this file is about. Beyond 400 extra digits rest is far below any float.
    """
    z = [mpmath.mpf(float(x)) for x in logits]  # float → mpf is exact
    finite = [mpmath.mpf(x) for x in sorted(float(x) for x in logits if math.isfinite(x))[-2:]]
    t = mpmath.mpf(temperature)
    top = finite[-1]
    lost = (top - finite[0]) / t / mpmath.log(10)
    with mpmath.workdps(DIGITS + 10 + int(min(lost, 400))):
        gaps = [(x - top) / t for x in z]  # -inf stays -inf, and exp(-inf) = 0
        weights = [mpmath.exp(g) for g in gaps]
        total = mpmath.fsum(weights)
        log_total = mpmath.log(total)
        logs = [g - log_total for g in gaps]
        nats = -mpmath.fsum(w * log for w, log in zip(weights, logs) if w) / total
        return np.array([float(log) for log in logs]), float(nats), float(nats / mpmath.log(2))

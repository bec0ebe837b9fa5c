"""Values computed independently of tempviz, with mpmath at 60 significant digits."""

from __future__ import annotations

import mpmath

mpmath.mp.dps = 60


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

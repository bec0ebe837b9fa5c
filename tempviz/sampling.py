"""Sampling strategies as steps over logits: temperature, top-k, top-p and min-p.

Each step takes logits and returns new logits, with the tokens it removes set to -inf,
so shapes never change and steps compose in any order. The input is never modified,
and the most probable token is never removed. :func:`chain` folds the steps in
exactly the order given; the order matters:

>>> chain([3, 2, 1], [("temperature", 0.5), ("top_p", 0.8)]).round(3)  # Hugging Face order
array([1., 0., 0.])
>>> chain([3, 2, 1], [("top_p", 0.8), ("temperature", 0.5)]).round(3)  # llama.cpp order
array([0.881, 0.119, 0.   ])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tempviz.errors import invalid
from tempviz.softmax import as_logit_vector, scaled_logits, softmax
from tempviz.temperature import format_temperature


def temperature(logits: Sequence[float] | np.ndarray, t: float) -> np.ndarray:
    """Divide by T, shifted so the largest logit is 0 (which changes no probability).

    T = 0 keeps only the maxima (greedy decoding); T = math.inf makes every finite
    logit equal (uniform). Typical values: 0.2 to 1.5.

    >>> temperature([1, 2, 5], 0.5)
    array([-8., -6.,  0.])
    >>> temperature([1, 2, 5], 0)
    array([-inf, -inf,   0.])
    """
    return scaled_logits(logits, t)


def top_k(logits: Sequence[float] | np.ndarray, k: int) -> np.ndarray:
    """Keep the k largest logits. Ties with the k-th largest are all kept, so more
    than k tokens may survive, and the result never depends on the order of ties.
    Typical values: 20 to 100 for a language model.

    >>> top_k([1, 5, 3, 2], 2)
    array([-inf,   5.,   3., -inf])
    >>> top_k([1, 3, 3, 2], 1)  # two tokens tie for first place: both stay
    array([-inf,   3.,   3., -inf])
    """
    z = as_logit_vector(logits)
    k = as_top_k(k)
    if k >= z.size:
        return z.copy()
    kth_largest = np.partition(z, z.size - k)[z.size - k]
    return np.where(z >= kth_largest, z, -np.inf)


def top_p(logits: Sequence[float] | np.ndarray, p: float) -> np.ndarray:
    """Keep the smallest set of most probable tokens whose total probability reaches p
    (nucleus sampling). Tokens are ranked by logit, so two whose probabilities round
    to the same float keep their true order; among equal logits the earlier is first.
    p = 1 keeps every token; p = 0 keeps only the most probable. Typical values: 0.9 to 0.95.

    >>> top_p(np.log([0.5, 0.3, 0.2]), 0.75).round(3)
    array([-0.693, -1.204,   -inf])
    """
    z = as_logit_vector(logits)
    p = as_fraction("top_p", p)
    probs = softmax(z)
    order = np.argsort(-z, kind="stable")
    before = np.cumsum(probs[order]) - probs[order]  # total of the more probable tokens
    keep_sorted = before < p - 1e-12  # a total within rounding of p has reached it
    keep_sorted[0] = True
    keep = np.empty_like(keep_sorted)
    keep[order] = keep_sorted
    return np.where(keep, z, -np.inf)


def min_p(logits: Sequence[float] | np.ndarray, p: float) -> np.ndarray:
    """Keep the tokens whose probability is at least p times the largest probability.
    Compared in log space, z_i - max z ≥ log p, so no probability is rounded first.
    p = 0 keeps every token; p = 1 keeps only the maxima. Typical values: 0.05 to 0.1.

    >>> min_p(np.log([0.1, 0.2, 0.3, 0.4]), 0.26).round(3)
    array([  -inf, -1.609, -1.204, -0.916])
    """
    z = as_logit_vector(logits)
    p = as_fraction("min_p", p)
    with np.errstate(divide="ignore"):
        threshold = z.max() + math.log(p) if p > 0 else -np.inf
    return np.where(z >= threshold, z, -np.inf)


def as_top_k(k: int) -> int:
    """Check k for top-k: a whole number ≥ 1.

    >>> as_top_k(40)
    40
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise invalid("top_k", "must be a whole number ≥ 1", k,
                      "to switch top-k off, leave it out of the chain")
    return int(k)


def as_fraction(name: str, p: float) -> float:
    """Check p for top-p or min-p: a number in [0, 1].

    >>> as_fraction("top_p", 0.9)
    0.9
    """
    try:
        value = float(p)
    except (TypeError, ValueError):
        raise invalid(name, "must be a number in [0, 1]", p) from None
    if not 0 <= value <= 1:
        raise invalid(name, "must be a number in [0, 1]", p)
    return value


STEPS: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    "temperature": temperature, "top_k": top_k, "top_p": top_p, "min_p": min_p,
}


def chain(logits: Sequence[float] | np.ndarray,
          steps: Sequence[tuple[str, float]]) -> np.ndarray:
    """Final probabilities after applying ``steps``, ``(name, value)`` pairs, in order.

    Names are "temperature", "top_k", "top_p" and "min_p". With no steps the result
    is softmax(logits) at T = 1.

    >>> chain([1, 2, 5], [("top_k", 2), ("temperature", 1)]).round(4)
    array([0.    , 0.0474, 0.9526])
    """
    z = as_logit_vector(logits)
    for position, step in enumerate(steps, start=1):
        name, value = _as_step(step, position)
        z = STEPS[name](z, value)
    return softmax(z)


def _as_step(step: object, position: int) -> tuple[str, float]:
    if not (isinstance(step, (tuple, list)) and len(step) == 2):
        raise invalid(f"steps (item {position})", "must be a (name, value) pair", step)
    name, value = step
    if name not in STEPS:
        raise invalid(f"steps (item {position})", f"must be named one of {', '.join(STEPS)}",
                      name)
    return name, value


def describe_chain(steps: Sequence[tuple[str, float]]) -> str:
    """The chain written out, as llama.cpp prints its samplers.

    >>> describe_chain([("temperature", 0.5), ("top_p", 0.8)])
    'logits → T=0.5 → top-p 0.8 → sample'
    """
    written = {"temperature": lambda v: f"T={format_temperature(v)}",
               "top_k": lambda v: f"top-k {v}", "top_p": lambda v: f"top-p {v:g}",
               "min_p": lambda v: f"min-p {v:g}"}
    return " → ".join(["logits", *(written[name](value) for name, value in steps), "sample"])


@dataclass(frozen=True)
class Filters:
    """The cuts a reader switched on (None is off) and where temperature goes in the chain.

    >>> Filters(top_p=0.8).steps(0.5)
    [('temperature', 0.5), ('top_p', 0.8)]
    >>> Filters(top_k=40, temperature_first=False).steps(0.7)
    [('top_k', 40), ('temperature', 0.7)]
    """

    top_k: int | None = None
    top_p: float | None = None
    min_p: float | None = None
    temperature_first: bool = True

    @property
    def cuts(self) -> list[tuple[str, float]]:
        chosen = (("top_k", self.top_k), ("top_p", self.top_p), ("min_p", self.min_p))
        return [(name, value) for name, value in chosen if value is not None]

    def steps(self, t: float) -> list[tuple[str, float]]:
        """The chain at temperature t: Hugging Face's order, or llama.cpp's."""
        warm = [("temperature", t)]
        return warm + self.cuts if self.temperature_first else self.cuts + warm

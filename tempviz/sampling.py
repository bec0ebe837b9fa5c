"""Sampling strategies as steps of a chain: temperature, the cuts of top-k, top-p, min-p,
typical-p, top-nσ, top-a and XTC, and dynamic temperature.

Each step is a small object that validates its arguments once, when it is made. A step
that removes tokens sets them to -inf, so shapes never change and steps compose in any
order. A step also names itself for the printed chain and writes its link form, so a
new step is one class here plus its texts in ``tempviz/i18n``: :data:`CUTS` lists every
registered step but temperature, and the page, the links and the chain read it. The
input is never modified. :func:`chain` folds the steps in exactly the order given, and
the order matters:

>>> chain([3, 2, 1], [Temperature(0.5), TopP(0.8)]).round(3)  # Hugging Face order
array([1., 0., 0.])
>>> chain([3, 2, 1], [TopP(0.8), Temperature(0.5)]).round(3)  # llama.cpp order
array([0.881, 0.119, 0.   ])

The chain is exact at the limits T → 0 and T → ∞: it carries the logits as given and
the temperature applied so far, so a cut after T = ∞ still tells the classes apart
(every large finite T ranks them by their logits), where dividing first would tie
them all:

>>> chain([1, 2, 5], [Temperature(math.inf), TopP(0.5)])  # z2 and z3, as at T = 10⁶
array([0. , 0.5, 0.5])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import numpy as np

from tempviz.errors import TempvizError, invalid, whole_number
from tempviz.i18n import DEFAULT_LANGUAGE, decimal_sign, number, text
from tempviz.logits import MAX_LOGITS
from tempviz.softmax import (
    as_logit_vector,
    as_temperature,
    entropy,
    log_softmax,
    scaled_logits,
    softmax,
)
from tempviz.temperature import format_temperature, parse_temperature

Logits = Sequence[float] | np.ndarray
CUTS: dict[str, type[Cut]] = {}  # every step but temperature by its key, in the page's order
TEMPERATURE = "temperature"  # the temperature's key in links and in a chain's order


class Received(NamedTuple):
    """What a step receives: the logits as given, those cut so far at -inf, and the
    temperature applied so far (0 and ∞ are the limits). Keeping the two apart is what
    makes the limits exact: at T = ∞ every scaled logit is 0, but the logits still rank
    the classes as every large finite T does.

    >>> Received(np.array([1.0, 2.0, 5.0]), math.inf).probabilities().round(3)
    array([0.333, 0.333, 0.333])
    """

    z: np.ndarray
    t: float = 1.0

    def probabilities(self) -> np.ndarray:
        """softmax(z / t), the limits included."""
        return softmax(scaled_logits(self.z, self.t))

    def cut(self, keep: np.ndarray) -> Received:
        """The same, with the classes outside ``keep`` at -inf."""
        return Received(np.where(keep, self.z, -np.inf), self.t)

    def divided(self, t: float) -> Received:
        """The same, divided by t as well. A limit already taken stays: after T = 0 the
        classes are already apart, after T = ∞ already together."""
        limit = self.t in (0.0, math.inf)
        return Received(self.z, self.t if limit else min(self.t * t, math.inf))


@dataclass(frozen=True)
class Step:
    """One stage of the chain. ``step(logits)`` gives new logits at T = 1, removed
    tokens at -inf; inside a chain, :meth:`branches` acts on what the step receives.

    Subclasses set ``key`` (the name in links and in ``(name, value)`` pairs) and
    implement :meth:`checked` (the argument's rule) and :meth:`fold`.
    """

    value: float
    key: ClassVar[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", self.checked(self.value))

    @classmethod
    def checked(cls, value: object) -> float:
        """The argument as the step uses it; a TempvizError naming the rule if it breaks it."""
        raise NotImplementedError

    def fold(self, received: Received) -> Received:
        """What the step passes on from what it receives."""
        raise NotImplementedError

    def branches(self, received: Received) -> list[tuple[float, Received]]:
        """What the step passes on, as outcomes with their probabilities: one, certain,
        for every step that does not draw a random number."""
        return [(1.0, self.fold(received))]

    def apply(self, z: np.ndarray) -> np.ndarray:
        """New logits from checked ones (a float64 vector, at least one finite), at T = 1."""
        passed = self.fold(Received(z))
        return scaled_logits(passed.z, passed.t) if passed.t != 1 else passed.z

    def __call__(self, logits: Logits) -> np.ndarray:
        return self.apply(as_logit_vector(logits))

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The step as the printed chain shows it, as llama.cpp prints its samplers, with
        the language's decimal sign.

        >>> TopP(0.9).describe(), TopP(0.9).describe("ru")
        ('top-p 0.9', 'top-p 0,9')
        """
        return f"{self.key.replace('_', '-')} {in_language(self.url_value(), lang)}"

    def url_value(self) -> str:
        """The value as a link writes it: the shortest text that reads back the same."""
        return shortest(self.value)

    @classmethod
    def from_text(cls, typed: str) -> Step:
        """The step a link or a command line writes, e.g. ``TopP.from_text("0.9")``."""
        return cls(_typed_number(typed, cls))


def shortest(value: float) -> str:
    """The shortest text that reads back as ``value``: ``shortest(0.1)`` is '0.1'."""
    return f"{value:g}" if float(f"{value:g}") == value else repr(value)


def _typed_number(typed: str, owner: type) -> float:
    try:
        return float(typed)
    except ValueError:
        raise owner.error(typed) from None


class Temperature(Step):
    """Divide by T, shifted so the largest logit is 0 (which changes no probability).

    T = 0 keeps only the maxima (greedy decoding); T = math.inf makes every finite
    logit equal (uniform). Typical values: 0.2 to 1.5.

    >>> Temperature(0.5)([1, 2, 5])
    array([-8., -6.,  0.])
    >>> Temperature(0)([1, 2, 5])
    array([-inf, -inf,   0.])
    """

    key = TEMPERATURE

    @classmethod
    def checked(cls, value: object) -> float:
        return as_temperature(value)

    def fold(self, received: Received) -> Received:
        return received.divided(self.value)

    def apply(self, z: np.ndarray) -> np.ndarray:
        return scaled_logits(z, self.value)

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return f"T={in_language(format_temperature(self.value), lang)}"

    @classmethod
    def from_text(cls, typed: str) -> Temperature:
        return cls(parse_temperature(typed))


class Setting(NamedTuple):
    """A step's second argument: its field, its link key, its range and its default."""

    name: str
    link: str
    smallest: float
    largest: float
    default: float


@dataclass(frozen=True)
class Cut(Step):
    """A step the reader switches on, registered in :data:`CUTS`. It owns its whole
    range: ``whole`` steps take a count of at least 1; the others a number from
    ``smallest`` to ``largest``, which the page's slider offers in steps of ``stride``.
    A control switched on starts at ``default``. A step with a second argument names it
    in ``second``. Most cuts only decide which classes to keep, in :meth:`keep`.
    """

    smallest: ClassVar[float] = 0.0
    largest: ClassVar[float] = 1.0
    stride: ClassVar[float] = 0.01
    whole: ClassVar[bool] = False
    default: ClassVar[float]
    second: ClassVar[Setting | None] = None

    def __init_subclass__(cls, **options) -> None:
        super().__init_subclass__(**options)
        CUTS[cls.key] = cls

    @classmethod
    def error(cls, value: object, setting: Setting | None = None) -> TempvizError:
        """The message for a value out of the step's range (or its second argument's)."""
        name, low, high = setting[1:4] if setting else (cls.key, cls.smallest, cls.largest)
        return invalid(name, "rule.number_between", value, smallest=low, largest=high)

    @classmethod
    def checked(cls, value: object, setting: Setting | None = None) -> float:
        low, high = (setting.smallest, setting.largest) if setting else (cls.smallest,
                                                                          cls.largest)
        try:
            number = float(value) + 0.0  # + 0.0 turns -0 into 0, which reads "0" in a link
        except (TypeError, ValueError):
            raise cls.error(value, setting) from None
        if isinstance(value, bool) or not low <= number <= high:
            raise cls.error(value, setting)
        return number

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.second:
            name = self.second.name
            object.__setattr__(self, name, self.checked(getattr(self, name), self.second))

    def keep(self, z: np.ndarray, t: float) -> np.ndarray:
        """Which classes the cut keeps from logits z received at temperature t (0 and ∞
        are the limits, decided as every small or large finite T decides them)."""
        raise NotImplementedError

    def fold(self, received: Received) -> Received:
        return received.cut(self.keep(received.z, received.t) & np.isfinite(received.z))

    def to_link(self) -> dict[str, str]:
        """The link's parameters for this step: ``{'xtc': '0.1', 'xtc_probability': '0.5'}``."""
        written = {self.key: self.url_value()}
        if self.second:
            written[self.second.link] = shortest(getattr(self, self.second.name))
        return written

    @classmethod
    def from_link(cls, query: Mapping[str, str]) -> Cut:
        """The step a link's parameters name (its own key must be among them)."""
        step = cls.from_text(query[cls.key])
        if cls.second and cls.second.link in query:
            typed = query[cls.second.link]
            extra = {cls.second.name: _typed_number(typed, _Second(cls, cls.second))}
            return cls(step.value, **extra)
        return step


class _Second:
    """The error maker for a step's second argument, as :func:`_typed_number` wants one."""

    def __init__(self, step: type[Cut], setting: Setting):
        self.step, self.setting = step, setting

    def error(self, value: object) -> TempvizError:
        return self.step.error(value, self.setting)


class TopK(Cut):
    """Keep the k largest logits. Ties with the k-th largest are all kept, so more
    than k tokens may survive, and the result never depends on the order of ties.
    A rank needs no temperature: it keeps the same classes at every T, 0 and ∞ included.
    Typical values: 20 to 100 for a language model.

    >>> TopK(2)([1, 5, 3, 2])
    array([-inf,   5.,   3., -inf])
    >>> TopK(1)([1, 3, 3, 2])  # two tokens tie for first place: both stay
    array([-inf,   3.,   3., -inf])
    """

    key, whole, default = "top_k", True, 2
    largest = MAX_LOGITS

    @classmethod
    def error(cls, value: object, setting: Setting | None = None) -> TempvizError:
        return invalid("top_k", "rule.whole_at_least", value, "advice.step_off", least=1)

    @classmethod
    def checked(cls, value: object, setting: Setting | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise cls.error(value)
        return int(value)

    @classmethod
    def from_text(cls, typed: str) -> TopK:
        """The k a link writes, at most one per logit tempviz reads (``MAX_LOGITS``)."""
        k = whole_number(typed, 1, MAX_LOGITS)
        if k is None:
            raise invalid("top_k", "rule.whole_between", typed, least=1, most=MAX_LOGITS)
        return cls(k)

    def keep(self, z: np.ndarray, t: float) -> np.ndarray:
        if self.value >= z.size:
            return np.ones(z.size, dtype=bool)
        return z >= np.partition(z, z.size - self.value)[z.size - self.value]

    def url_value(self) -> str:
        return str(self.value)


def _by_logit(z: np.ndarray) -> np.ndarray:
    """The classes from the largest logit down, ties in the order given: the order of
    probability at every T > 0, the limits included, where the probabilities may tie."""
    return np.argsort(-z, kind="stable")


class TopP(Cut):
    """Keep the smallest set of most probable tokens whose total probability reaches p
    (nucleus sampling). Tokens are ranked by logit, so two whose probabilities round
    to the same float keep their true order (at T = ∞ all of them do); among equal
    logits the earlier is first. p = 1 keeps every token; p = 0 keeps only the most
    probable. Typical values: 0.9 to 0.95.

    >>> TopP(0.75)(np.log([0.5, 0.3, 0.2])).round(3)
    array([-0.693, -1.204,   -inf])
    """

    key, default = "top_p", 0.9
    ROUNDING = 1e-12  # a running total within rounding of p has reached it

    def keep(self, z: np.ndarray, t: float) -> np.ndarray:
        probs = Received(z, t).probabilities()
        order = _by_logit(z)
        before = np.cumsum(probs[order]) - probs[order]  # total of the more probable tokens
        keep_sorted = before < self.value - self.ROUNDING
        keep_sorted[0] = True
        keep = np.empty_like(keep_sorted)
        keep[order] = keep_sorted
        return keep


class MinP(Cut):
    """Keep the tokens whose probability is at least p times the largest probability.
    Compared in log space, z_i - max z ≥ T·log p, so no probability is rounded first.
    p = 0 keeps every token; p = 1 keeps only the maxima; below 1, T → ∞ keeps every
    token and T → 0 only the maxima. Typical values: 0.05 to 0.1.

    >>> MinP(0.26)(np.log([0.1, 0.2, 0.3, 0.4])).round(3)
    array([  -inf, -1.609, -1.204, -0.916])
    """

    key, default = "min_p", 0.1

    def keep(self, z: np.ndarray, t: float) -> np.ndarray:
        if self.value == 0:
            return np.ones(z.size, dtype=bool)
        # t·log p: 0 for p = 1 at any t, -inf at t = ∞ and 0 at t = 0 for p < 1
        allowance = 0.0 if self.value == 1 else t * math.log(self.value)
        return z - z.max() >= allowance


class TypicalP(Cut):
    """Locally typical sampling (Meister et al., 2022), as transformers'
    ``TypicalLogitsWarper`` defines it: rank tokens by how far their surprisal −log p
    lies from the entropy H, and keep the closest ones until their probabilities
    reach p (the token that crosses p stays). Unlike the other cuts it may remove the
    most probable token when that token is far more predictable than typical.
    p = 1 keeps every token. T → 0 keeps the maxima. As T → ∞ the distance of class i
    shrinks as |z_i − mean z| / T, so the classes nearest the mean logit are kept (see
    :func:`_typical_at_infinity`). Typical values: 0.2 to 0.95.

    >>> TypicalP(0.25)(np.log([0.5, 0.3, 0.2])).round(3)  # H = 1.03; −log 0.3 = 1.20 is closest
    array([  -inf, -1.204,   -inf])
    >>> TypicalP(0.5)(np.log([0.5, 0.3, 0.2])).round(3)  # 0.3 < 0.5, so the next closest joins
    array([-0.693, -1.204,   -inf])
    """

    key, smallest, default = "typical_p", 0.01, 0.9

    def keep(self, z: np.ndarray, t: float) -> np.ndarray:
        if self.value >= 1:
            return np.ones(z.size, dtype=bool)
        if t == 0:
            return z == z.max()
        if t == math.inf:
            return _typical_at_infinity(z, self.value)
        logp = log_softmax(scaled_logits(z, t))
        p = np.exp(logp)
        kept = np.isfinite(logp)
        entropy = -np.sum(p[kept] * logp[kept])
        distance = np.where(kept, np.abs(-logp - entropy), np.inf)
        order = np.argsort(distance, kind="stable")
        total = np.cumsum(p[order])
        last = min(int(np.sum(total < self.value)), z.size - 1)
        keep = distance <= distance[order[last]]
        keep[order[0]] = True  # at least one token, as min_tokens_to_keep=1
        return keep


def _typical_at_infinity(z: np.ndarray, mass: float) -> np.ndarray:
    """Typical-p's limit T → ∞ for n finite logits, from the expansion in ε = 1/T with
    d_i = z_i − mean z and v the variance of the logits:

    p_i = (1 + ε d_i + ε² (d_i² − v) / 2) / n,  |−log p_i − H| = ε |d_i − ε v| + O(ε³).

    So the classes come nearest |d| first; on a tie in |d| the one above the mean comes
    first (its distance is smaller by 2ε² v). The running total of j classes tends to
    j / n; where that equals p exactly, the sign of the first-order term (then the
    second) says which side of p every large T puts it.

    >>> _typical_at_infinity(np.array([1.0, 2.0, 5.0]), 0.5)  # mean 8/3: z2, then z1
    array([ True,  True, False])
    """
    finite = np.isfinite(z)
    n = int(finite.sum())
    if n == 1 or np.all(z[finite] == z[finite][0]):
        return finite  # equal logits: the same uniform distribution at every T
    d = np.where(finite, z - math.fsum(z[finite]) / n, np.inf)
    variance = float(np.mean(d[finite] ** 2))
    order = np.lexsort((-np.sign(d), np.abs(d)))  # |d| first, then above the mean first
    first, second = np.cumsum(d[order]), np.cumsum(d[order] ** 2 - variance)
    last = 0
    for j in range(1, n):  # how many running totals stay below p
        share = j / n - mass  # in floats, as the running total at a finite T compares
        below = share < 0 or (share == 0 and (first[j - 1] < 0 or (
            first[j - 1] == 0 and second[j - 1] < 0)))
        last += below
    boundary = order[last]
    rank = np.empty(z.size, dtype=int)
    rank[order] = np.arange(z.size)
    tied = finite & (z == z[boundary])  # equal logits tie at every T: all stay together
    return finite & ((rank <= last) | tied)


class TopNSigma(Cut):
    """Top-nσ (Tang et al., 2024; llama.cpp's ``top_n_sigma``): keep the logits within
    n standard deviations of the largest, z_i ≥ max z − n·σ(z), σ over the finite
    logits. Dividing by T divides max z and σ alike, so it keeps the same classes at
    every T > 0 and at both limits: temperature reshapes only what survives. n = 0
    keeps the maxima. Typical value: 1.

    >>> TopNSigma(1)([1, 2, 5])  # σ = 1.70: keep z ≥ 3.30
    array([-inf, -inf,   5.])
    >>> TopNSigma(2)([1, 2, 5])  # keep z ≥ 1.60
    array([-inf,   2.,   5.])
    """

    key, largest, stride, default = "top_n_sigma", 5.0, 0.05, 1.0

    def bar(self, z: np.ndarray) -> float:
        """The smallest logit kept, max z − n·σ(z): the same at every T."""
        finite = z[np.isfinite(z)]
        return float(finite.max() - self.value * np.std(finite))

    def keep(self, z: np.ndarray, t: float) -> np.ndarray:
        return z >= self.bar(z)


class TopA(Cut):
    """Top-a (koboldcpp; in Artefact2's llm-sampling): keep the tokens with
    p_i ≥ a·max(p)², a bar that rises steeply when one token is confident and sinks when
    none is. Compared in log space. a = 0 keeps every token; T → ∞ keeps every token;
    T → 0 keeps the maxima for any a > 0. Typical values: 0.2 to 0.5.

    >>> TopA(0.5)(np.log([0.6, 0.3, 0.1])).round(3)  # bar 0.5 · 0.36 = 0.18
    array([-0.511, -1.204,   -inf])
    """

    key, default = "top_a", 0.2
    ROUNDING = 1e-12  # a probability within rounding of the bar has reached it

    def keep(self, z: np.ndarray, t: float) -> np.ndarray:
        if self.value == 0 or t == math.inf:
            return np.ones(z.size, dtype=bool)
        if t == 0:
            return z == z.max()
        logp = log_softmax(scaled_logits(z, t))
        return logp >= math.log(self.value) + 2 * logp.max() - self.ROUNDING


@dataclass(frozen=True)
class XTC(Cut):
    """Exclude Top Choices (llama.cpp's ``xtc``; in Artefact2's llm-sampling): with
    probability ``probability``, remove every token with p ≥ threshold except the least
    probable of them, so the reply leaves its most obvious path while staying sensible.
    Nothing happens when fewer than two tokens reach the threshold.

    Its coin is drawn anew for every token sampled, so the token's probability is exact
    without a draw: the chain's result is the mixture of both outcomes, and samples drawn
    from it (seeded, like every sample) are distributed as llama.cpp's.
    Typical values: threshold 0.1, probability 0.5.

    >>> XTC(0.2, probability=1)(np.log([0.5, 0.3, 0.15, 0.05])).round(3)  # 0.5 goes
    array([  -inf, -1.204, -1.897, -2.996])
    >>> chain(np.log([0.5, 0.3, 0.2]), [XTC(0.25, probability=0.5)]).round(3)
    array([0.25, 0.45, 0.3 ])
    """

    probability: float = 0.5
    key, largest, default = "xtc", 0.5, 0.1
    second = Setting("probability", "xtc_probability", 0.0, 1.0, 0.5)

    def keep(self, z: np.ndarray, t: float) -> np.ndarray:
        """The classes left when the coin says remove."""
        finite = np.isfinite(z)
        order = _by_logit(z)[: int(finite.sum())]
        above = np.zeros(z.size, dtype=bool)
        above[order] = _reaching(z[order], t, self.value)
        if above.sum() < 2:
            return np.ones(z.size, dtype=bool)
        least = order[np.flatnonzero(above[order])[-1]]
        above[least] = False
        return ~above

    def branches(self, received: Received) -> list[tuple[float, Received]]:
        if self.probability == 0:
            return [(1.0, received)]
        removed = self.fold(received)
        if self.probability == 1:
            return [(1.0, removed)]
        return [(1.0 - self.probability, received), (self.probability, removed)]

    def apply(self, z: np.ndarray) -> np.ndarray:
        """The logits when the coin says remove (whatever ``probability`` is)."""
        return self.fold(Received(z)).z

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The threshold, then the chance the coin says remove.

        >>> XTC(0.1, probability=0.5).describe(), XTC(0.1, probability=0.125).describe("ru")
        ('xtc 0.1 (50%)', 'xtc 0,1 (12,5\\xa0%)')
        """
        share = self.probability * 100
        spec = ".0%" if share == round(share) else ".1%"
        return f"xtc {in_language(self.url_value(), lang)} ({number(self.probability, spec, lang)})"


def _reaching(z_sorted: np.ndarray, t: float, threshold: float) -> np.ndarray:
    """Which of the finite logits, largest first, have p ≥ threshold at temperature t,
    the limits decided as every small or large finite T decides them."""
    n = z_sorted.size
    equal = bool(z_sorted[0] == z_sorted[-1])  # then p = 1/n exactly, at every T
    if t == math.inf:  # every p → 1/n, from above for the classes above the mean logit
        share = 1 / n - threshold  # in floats, as p at a finite T compares
        if share != 0 or equal:
            return np.full(n, share >= 0)
        return z_sorted > math.fsum(z_sorted) / n
    if t == 0:  # the m maxima → 1/m from below, every other p → 0 from above
        if threshold == 0:
            return np.ones(n, dtype=bool)
        maxima = z_sorted == z_sorted[0]
        share = 1 / int(maxima.sum()) - threshold
        return maxima & (share >= 0 if equal else share > 0)
    return softmax(scaled_logits(z_sorted, t)) >= threshold


@dataclass(frozen=True)
class DynamicTemperature(Cut):
    """Dynamic temperature (llama.cpp's ``dynatemp_range`` and ``dynatemp_exponent``),
    which takes the temperature's place in the chain: a confident distribution gets a
    low temperature, an uncertain one a high one,

        T_dyn = lo + (hi − lo)·(H / log K)^exponent,  lo = max(0, T − range), hi = T + range,

    with H the entropy of the K classes it receives (at T = 1 when it comes first). With
    one class left there is nothing to reshape, and T_dyn = T. At T = ∞ it is ∞; at T = 0
    it is range·(H / log K)^exponent, finite as soon as range > 0.

    >>> step = DynamicTemperature(0.5, temperature=1.0)
    >>> round(step.temperature_for(Received(np.log([0.25, 0.25, 0.25, 0.25]))), 3)
    1.5
    >>> round(step.temperature_for(Received(np.log([0.97, 0.01, 0.01, 0.01]))), 3)
    0.621
    """

    temperature: float = 1.0
    exponent: float = 1.0
    key, largest, default = "dynatemp_range", 5.0, 0.5
    second = Setting("exponent", "dynatemp_exponent", 0.0, 5.0, 1.0)

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "temperature", as_temperature(self.temperature))

    def temperature_for(self, received: Received) -> float:
        """T_dyn for what the step receives."""
        classes = int(np.isfinite(received.z).sum())
        if self.value == 0 or classes == 1 or math.isinf(self.temperature):
            return self.temperature
        low, high = max(0.0, self.temperature - self.value), self.temperature + self.value
        certainty = min(1.0, entropy(received.probabilities()) / math.log(classes))
        return low + (high - low) * certainty ** self.exponent

    def fold(self, received: Received) -> Received:
        return received.divided(self.temperature_for(received))

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """T, its range and, unless it is 1, the exponent.

        >>> DynamicTemperature(0.5, temperature=1.5, exponent=2).describe()
        'T=1.5±0.5 (exponent 2)'
        """
        written = (f"T={in_language(format_temperature(self.temperature), lang)}"
                   f"±{in_language(self.url_value(), lang)}")
        if self.exponent == 1:
            return written
        exponent = in_language(shortest(self.exponent), lang)
        return f"{written} ({text('chain.exponent', lang, exponent=exponent)})"


def top_k(logits: Logits, k: int) -> np.ndarray:
    """:class:`TopK` as a function: ``top_k([1, 5, 3, 2], 2)`` keeps 5 and 3."""
    return TopK(k)(logits)


def top_p(logits: Logits, p: float) -> np.ndarray:
    """:class:`TopP` as a function: nucleus sampling at p."""
    return TopP(p)(logits)


def min_p(logits: Logits, p: float) -> np.ndarray:
    """:class:`MinP` as a function: tokens at least p times as probable as the top one."""
    return MinP(p)(logits)


def typical_p(logits: Logits, p: float) -> np.ndarray:
    """:class:`TypicalP` as a function: locally typical sampling at p."""
    return TypicalP(p)(logits)


def top_n_sigma(logits: Logits, n: float) -> np.ndarray:
    """:class:`TopNSigma` as a function: the logits within n standard deviations of the top."""
    return TopNSigma(n)(logits)


def top_a(logits: Logits, a: float) -> np.ndarray:
    """:class:`TopA` as a function: tokens with p ≥ a·max(p)²."""
    return TopA(a)(logits)


def temperature(logits: Logits, t: float) -> np.ndarray:
    """:class:`Temperature` as a function: (z − max z) / T."""
    return Temperature(t)(logits)


STEPS: dict[str, type[Step]] = {TEMPERATURE: Temperature, **CUTS}


def as_step(step: Step | tuple[str, float], position: int = 1) -> Step:
    """A step, or a ``(name, value)`` pair made into one.

    >>> as_step(("top_k", 40))
    TopK(value=40)
    """
    if isinstance(step, Step):
        return step
    if not (isinstance(step, (tuple, list)) and len(step) == 2):
        raise invalid(f"steps (item {position})", "rule.step", step)
    name, value = step
    if name not in STEPS:
        raise invalid(f"steps (item {position})", "rule.step_name", name,
                      choices=", ".join(STEPS))
    return STEPS[name](value)


def _folded(logits: Logits, steps: Sequence[Step | tuple[str, float]]
            ) -> list[tuple[float, Received]]:
    """What the last step passes on, as outcomes with their probabilities."""
    checked = [as_step(step, position) for position, step in enumerate(steps, start=1)]
    outcomes = [(1.0, Received(as_logit_vector(logits)))]
    for step in checked:
        outcomes = [(weight * chance, passed) for weight, received in outcomes
                    for chance, passed in step.branches(received)]
    return outcomes


def chain(logits: Logits, steps: Sequence[Step | tuple[str, float]]) -> np.ndarray:
    """Final probabilities after applying ``steps`` in order: step objects, or
    ``(name, value)`` pairs named as in :data:`STEPS`. With no steps the result is
    softmax(logits) at T = 1. Exact at T = 0 and T = ∞ in any order (see the module).

    >>> chain([1, 2, 5], [TopK(2), Temperature(1)]).round(4)
    array([0.    , 0.0474, 0.9526])
    >>> chain([1, 2, 5], [("top_k", 2)]).round(4)
    array([0.    , 0.0474, 0.9526])
    """
    outcomes = _folded(logits, steps)
    if len(outcomes) == 1:
        return outcomes[0][1].probabilities()
    return sum(weight * received.probabilities() for weight, received in outcomes)


def chain_temperature(logits: Logits, steps: Sequence[Step | tuple[str, float]]) -> float:
    """The temperature the chain divides by in all, as dynamic temperature sets it (when
    XTC comes before it, the temperature where XTC's coin says keep).

    >>> round(chain_temperature([1, 1, 1], [DynamicTemperature(0.5, temperature=1)]), 6)
    1.5
    """
    return _folded(logits, steps)[0][1].t


def in_language(written: str, lang: str) -> str:
    """A number written as a link writes it ("0.5"), with the language's decimal sign."""
    return written.replace(".", decimal_sign(lang))


def describe_chain(steps: Sequence[Step | tuple[str, float]],
                   lang: str = DEFAULT_LANGUAGE) -> str:
    """The chain written out, as llama.cpp prints its samplers.

    >>> describe_chain([Temperature(0.5), TopP(0.8)])
    'logits → T=0.5 → top-p 0.8 → sample'
    >>> describe_chain([("temperature", 0.5)], "ru")
    'логиты → T=0,5 → выбор'
    """
    written = [as_step(step, position).describe(lang)
               for position, step in enumerate(steps, 1)]
    return " → ".join([text("chain.logits", lang), *written, text("chain.sample", lang)])


# the orders a link may name in a word, as two runtimes apply their chains
NAMED_ORDERS = {"first": "Hugging Face", "last": "llama.cpp"}
DYNAMIC = DynamicTemperature.key  # takes the temperature's place, never one of its own
PLACED = [key for key in STEPS if key != DYNAMIC]  # the keys a chain's order lists


@dataclass(frozen=True, init=False)
class Filters:
    """The steps a reader switched on and the order of the chain, temperature included.

    ``order`` lists step keys (``"temperature"`` among them); switched-on steps it
    leaves out follow in :data:`CUTS` order, and keys of steps that are off are
    dropped. Without an order, temperature goes first (Hugging Face's order) or, with
    ``temperature_first=False``, last (llama.cpp's). Dynamic temperature, when on,
    takes the temperature's place.

    >>> Filters(top_p=0.8).steps(0.5)
    [Temperature(value=0.5), TopP(value=0.8)]
    >>> Filters(TopK(40), temperature_first=False).steps(0.7)
    [TopK(value=40), Temperature(value=0.7)]
    >>> Filters(top_k=3, top_p=0.9, order=("top_p", "temperature")).order
    ('top_p', 'temperature', 'top_k')
    """

    cuts: tuple[Cut, ...]
    order: tuple[str, ...]

    def __init__(self, *cuts: Cut, temperature_first: bool = True,
                 order: Sequence[str] | None = None, **values: float | None):
        unknown = set(values) - set(CUTS)
        if unknown:
            raise invalid("Filters", "rule.step_name", ", ".join(sorted(unknown)),
                          choices=", ".join(CUTS))
        chosen = {cut.key: cut for cut in cuts}
        chosen |= {key: CUTS[key](value) for key, value in values.items() if value is not None}
        object.__setattr__(self, "cuts", tuple(chosen[key] for key in CUTS if key in chosen))
        placed = [key for key in CUTS if key in chosen and key != DYNAMIC]
        if order is None:
            order = [TEMPERATURE, *placed] if temperature_first else [*placed, TEMPERATURE]
        else:
            if any(key not in PLACED for key in order) or len(set(order)) < len(order):
                raise invalid("order", "rule.order", ",".join(map(str, order)),
                              choices=", ".join(PLACED[1:]))
            order = [key for key in order if key == TEMPERATURE or key in placed]
            order += [TEMPERATURE] * (TEMPERATURE not in order)
            order += [key for key in placed if key not in order]
        object.__setattr__(self, "order", tuple(order))

    @property
    def temperature_first(self) -> bool:
        return self.order[0] == TEMPERATURE

    def named_order(self) -> str:
        """The order as a link writes it: 'first' or 'last' where one of the two named
        orders says it, else the keys joined by commas.

        >>> Filters(top_k=2, top_p=0.9, order=("top_k", "temperature", "top_p")).named_order()
        'top_k,temperature,top_p'
        """
        for name, first in (("first", True), ("last", False)):
            if self.order == Filters(*self.cuts, temperature_first=first).order:
                return name
        return ",".join(self.order)

    @classmethod
    def order_from_text(cls, typed: str) -> tuple[str, ...] | bool:
        """A link's order: True for 'first', False for 'last', or the keys it lists."""
        if typed in NAMED_ORDERS:
            return typed == "first"
        keys = tuple(key.strip() for key in typed.split(","))
        if any(key not in PLACED for key in keys) or len(set(keys)) < len(keys):
            raise invalid("order", "rule.order", typed, choices=", ".join(PLACED[1:]))
        return keys

    def value(self, key: str) -> float | None:
        """The value of the cut ``key``, or None when it is off.

        >>> Filters(top_k=3).value("top_k"), Filters().value("top_k")
        (3, None)
        """
        return next((cut.value for cut in self.cuts if cut.key == key), None)

    def cut(self, key: str) -> Cut | None:
        """The cut ``key`` when it is on."""
        return next((cut for cut in self.cuts if cut.key == key), None)

    def steps(self, t: float) -> list[Step]:
        """The chain at temperature t, in this order."""
        dynamic = self.cut(DYNAMIC)
        warm = (Temperature(t) if dynamic is None else
                DynamicTemperature(dynamic.value, temperature=t, exponent=dynamic.exponent))
        return [warm if key == TEMPERATURE else self.cut(key) for key in self.order]

"""Sampling strategies as steps over logits: temperature, top-k, top-p, min-p and typical-p.

Each step is a small object that validates its argument once, when it is made, and
returns new logits with the tokens it removes set to -inf, so shapes never change and
steps compose in any order. It also names itself for the printed chain and writes its
URL form, so a new step is one class here plus its texts in ``tempviz/i18n``:
:data:`CUTS` lists every registered cut, and the page, the links and the chain read it.
The input is never modified. :func:`chain` folds the steps in exactly the order given,
and the order matters:

>>> chain([3, 2, 1], [Temperature(0.5), TopP(0.8)]).round(3)  # Hugging Face order
array([1., 0., 0.])
>>> chain([3, 2, 1], [TopP(0.8), Temperature(0.5)]).round(3)  # llama.cpp order
array([0.881, 0.119, 0.   ])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from tempviz.errors import invalid, whole_number
from tempviz.i18n import DEFAULT_LANGUAGE, number, text
from tempviz.logits import MAX_LOGITS
from tempviz.softmax import as_logit_vector, as_temperature, log_softmax, scaled_logits, softmax
from tempviz.temperature import format_temperature, parse_temperature

Logits = Sequence[float] | np.ndarray
CUTS: dict[str, type[Cut]] = {}  # every cut by its key, in the order the page shows them


@dataclass(frozen=True)
class Step:
    """One stage of the chain: ``step(logits)`` gives new logits, removed tokens at -inf.

    Subclasses set ``key`` (the name in links and in ``(name, value)`` pairs) and
    implement :meth:`checked` (the argument's rule) and :meth:`apply`.
    """

    value: float
    key: ClassVar[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", self.checked(self.value))

    @classmethod
    def checked(cls, value: object) -> float:
        """The argument as the step uses it; a TempvizError naming the rule if it breaks it."""
        raise NotImplementedError

    def apply(self, z: np.ndarray) -> np.ndarray:
        """New logits from checked ones (a float64 vector, at least one finite)."""
        raise NotImplementedError

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
        return f"{self.value:g}" if float(f"{self.value:g}") == self.value else repr(self.value)

    @classmethod
    def from_text(cls, typed: str) -> Step:
        """The step a link or a command line writes, e.g. ``TopP.from_text("0.9")``."""
        try:
            value = float(typed)
        except ValueError:
            raise invalid(cls.key, cls.rule, typed, smallest=getattr(cls, "smallest", 0)) from None
        return cls(value)


class Temperature(Step):
    """Divide by T, shifted so the largest logit is 0 (which changes no probability).

    T = 0 keeps only the maxima (greedy decoding); T = math.inf makes every finite
    logit equal (uniform). Typical values: 0.2 to 1.5.

    >>> Temperature(0.5)([1, 2, 5])
    array([-8., -6.,  0.])
    >>> Temperature(0)([1, 2, 5])
    array([-inf, -inf,   0.])
    """

    key = "temperature"

    @classmethod
    def checked(cls, value: object) -> float:
        return as_temperature(value)

    def apply(self, z: np.ndarray) -> np.ndarray:
        return scaled_logits(z, self.value)

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return f"T={in_language(format_temperature(self.value), lang)}"

    @classmethod
    def from_text(cls, typed: str) -> Temperature:
        return cls(parse_temperature(typed))


class Cut(Step):
    """A step that removes tokens. ``whole`` cuts take a count; the others a fraction
    that ``rule`` bounds, set on the page from ``smallest`` to 1; a control switched
    on starts at ``default``."""

    rule: ClassVar[str] = "rule.fraction"
    smallest: ClassVar[float] = 0.0
    whole: ClassVar[bool] = False
    default: ClassVar[float]

    def __init_subclass__(cls, **options) -> None:
        super().__init_subclass__(**options)
        CUTS[cls.key] = cls

    @classmethod
    def checked(cls, value: object) -> float:
        try:
            number = float(value) + 0.0  # + 0.0 turns -0 into 0, which reads "0" in a link
        except (TypeError, ValueError):
            raise invalid(cls.key, cls.rule, value, smallest=cls.smallest) from None
        if not cls.smallest <= number <= 1:
            raise invalid(cls.key, cls.rule, value, smallest=cls.smallest)
        return number


class TopK(Cut):
    """Keep the k largest logits. Ties with the k-th largest are all kept, so more
    than k tokens may survive, and the result never depends on the order of ties.
    Typical values: 20 to 100 for a language model.

    >>> TopK(2)([1, 5, 3, 2])
    array([-inf,   5.,   3., -inf])
    >>> TopK(1)([1, 3, 3, 2])  # two tokens tie for first place: both stay
    array([-inf,   3.,   3., -inf])
    """

    key, rule, whole, default = "top_k", "rule.whole_at_least", True, 2

    @classmethod
    def checked(cls, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise invalid("top_k", cls.rule, value, "advice.step_off", least=1)
        return int(value)

    @classmethod
    def from_text(cls, typed: str) -> TopK:
        """The k a link writes, at most one per logit tempviz reads (``MAX_LOGITS``)."""
        k = whole_number(typed, 1, MAX_LOGITS)
        if k is None:
            raise invalid("top_k", "rule.whole_between", typed, least=1, most=MAX_LOGITS)
        return cls(k)

    def apply(self, z: np.ndarray) -> np.ndarray:
        if self.value >= z.size:
            return z.copy()
        kth_largest = np.partition(z, z.size - self.value)[z.size - self.value]
        return np.where(z >= kth_largest, z, -np.inf)

    def url_value(self) -> str:
        return str(self.value)


class TopP(Cut):
    """Keep the smallest set of most probable tokens whose total probability reaches p
    (nucleus sampling). Tokens are ranked by logit, so two whose probabilities round
    to the same float keep their true order; among equal logits the earlier is first.
    p = 1 keeps every token; p = 0 keeps only the most probable. Typical values: 0.9 to 0.95.

    >>> TopP(0.75)(np.log([0.5, 0.3, 0.2])).round(3)
    array([-0.693, -1.204,   -inf])
    """

    key, default = "top_p", 0.9
    ROUNDING = 1e-12  # a running total within rounding of p has reached it

    def apply(self, z: np.ndarray) -> np.ndarray:
        probs = softmax(z)
        order = np.argsort(-z, kind="stable")
        before = np.cumsum(probs[order]) - probs[order]  # total of the more probable tokens
        keep_sorted = before < self.value - self.ROUNDING
        keep_sorted[0] = True
        keep = np.empty_like(keep_sorted)
        keep[order] = keep_sorted
        return np.where(keep, z, -np.inf)


class MinP(Cut):
    """Keep the tokens whose probability is at least p times the largest probability.
    Compared in log space, z_i - max z ≥ log p, so no probability is rounded first.
    p = 0 keeps every token; p = 1 keeps only the maxima. Typical values: 0.05 to 0.1.

    >>> MinP(0.26)(np.log([0.1, 0.2, 0.3, 0.4])).round(3)
    array([  -inf, -1.609, -1.204, -0.916])
    """

    key, default = "min_p", 0.1

    def apply(self, z: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):  # log 0 = -inf keeps every token
            threshold = z.max() + math.log(self.value) if self.value > 0 else -np.inf
        return np.where(z >= threshold, z, -np.inf)


class TypicalP(Cut):
    """Locally typical sampling (Meister et al., 2022), as transformers'
    ``TypicalLogitsWarper`` defines it: rank tokens by how far their surprisal −log p
    lies from the entropy H, and keep the closest ones until their probabilities
    reach p (the token that crosses p stays). Unlike the other cuts it may remove the
    most probable token when that token is far more predictable than typical.
    p = 1 keeps every token. Typical values: 0.2 to 0.95.

    >>> TypicalP(0.25)(np.log([0.5, 0.3, 0.2])).round(3)  # H = 1.03; −log 0.3 = 1.20 is closest
    array([  -inf, -1.204,   -inf])
    >>> TypicalP(0.5)(np.log([0.5, 0.3, 0.2])).round(3)  # 0.3 < 0.5, so the next closest joins
    array([-0.693, -1.204,   -inf])
    """

    key, rule, smallest, default = "typical_p", "rule.fraction_from", 0.01, 0.9

    def apply(self, z: np.ndarray) -> np.ndarray:
        if self.value >= 1:
            return z.copy()
        logp = log_softmax(z)
        p = np.exp(logp)
        kept = np.isfinite(logp)
        entropy = -np.sum(p[kept] * logp[kept])
        distance = np.where(kept, np.abs(-logp - entropy), np.inf)
        order = np.argsort(distance, kind="stable")
        total = np.cumsum(p[order])
        last = min(int(np.sum(total < self.value)), z.size - 1)
        keep = distance <= distance[order[last]]
        keep[order[0]] = True  # at least one token, as min_tokens_to_keep=1
        return np.where(keep, z, -np.inf)


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


def temperature(logits: Logits, t: float) -> np.ndarray:
    """:class:`Temperature` as a function: (z − max z) / T."""
    return Temperature(t)(logits)


STEPS: dict[str, type[Step]] = {"temperature": Temperature, **CUTS}


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


def chain(logits: Logits, steps: Sequence[Step | tuple[str, float]]) -> np.ndarray:
    """Final probabilities after applying ``steps`` in order: step objects, or
    ``(name, value)`` pairs named as in :data:`STEPS`. With no steps the result is
    softmax(logits) at T = 1.

    >>> chain([1, 2, 5], [TopK(2), Temperature(1)]).round(4)
    array([0.    , 0.0474, 0.9526])
    >>> chain([1, 2, 5], [("top_k", 2)]).round(4)
    array([0.    , 0.0474, 0.9526])
    """
    z = as_logit_vector(logits)
    for step in [as_step(step, position) for position, step in enumerate(steps, start=1)]:
        z = step.apply(z)
    return softmax(z)


def in_language(written: str, lang: str) -> str:
    """A number written as a link writes it ("0.5"), with the language's decimal sign."""
    return written.replace(".", number(0.5, ".1f", lang)[1])


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


@dataclass(frozen=True, init=False)
class Filters:
    """The cuts a reader switched on, in :data:`CUTS` order, and where temperature goes.

    >>> Filters(top_p=0.8).steps(0.5)
    [Temperature(value=0.5), TopP(value=0.8)]
    >>> Filters(TopK(40), temperature_first=False).steps(0.7)
    [TopK(value=40), Temperature(value=0.7)]
    """

    cuts: tuple[Cut, ...]
    temperature_first: bool

    def __init__(self, *cuts: Cut, temperature_first: bool = True, **values: float | None):
        unknown = set(values) - set(CUTS)
        if unknown:
            raise invalid("Filters", "rule.step_name", ", ".join(sorted(unknown)),
                          choices=", ".join(CUTS))
        chosen = {cut.key: cut for cut in cuts}
        chosen |= {key: CUTS[key](value) for key, value in values.items() if value is not None}
        object.__setattr__(self, "cuts", tuple(chosen[key] for key in CUTS if key in chosen))
        object.__setattr__(self, "temperature_first", bool(temperature_first))

    def value(self, key: str) -> float | None:
        """The value of the cut ``key``, or None when it is off.

        >>> Filters(top_k=3).value("top_k"), Filters().value("top_k")
        (3, None)
        """
        return next((cut.value for cut in self.cuts if cut.key == key), None)

    def steps(self, t: float) -> list[Step]:
        """The chain at temperature t: Hugging Face's order, or llama.cpp's."""
        warm = [Temperature(t)]
        return warm + list(self.cuts) if self.temperature_first else [*self.cuts, *warm]


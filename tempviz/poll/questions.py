"""What a poll asks and how an answer is read and judged: the :class:`Question` a room
opens on, a typed answer read by the exercise's rules, the class's :class:`Summary` and
the :func:`verdict` on one guess. Plain Python and numpy, no database.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from tempviz import charts
from tempviz.errors import TempvizError
from tempviz.exercise import agree, distinct, mistakes_at, name_mistake, read_prediction
from tempviz.frames import format_number
from tempviz.i18n import DEFAULT_LANGUAGE
from tempviz.logits import Logits, parse_logits  # noqa: F401 (the examples use it)
from tempviz.sampling import CUTS, chain, describe_chain
from tempviz.state import View

MAX_ANSWER_CHARS = 2_000    # characters in one typed answer
MAX_EACH = 10               # up to this many classes students predict each probability;
SHOWN_LOGITS = 10           # beyond, only the most probable class's, seeing this many logits
SUM_SLACK = 0.05            # ten probabilities rounded to two decimals add up to 1 ± 0.05


class PollError(TempvizError):
    """A poll action that cannot be done: an unknown or expired room, a wrong key, an
    answer that breaks a rule. The key (``poll.unknown``, ``poll.wrong_key``, …) names
    which; the message is in ``tempviz/i18n``.

    >>> PollError("poll.wrong_key").localized("en")
    "This link can't control the poll."
    """


@dataclass(frozen=True)
class Question:
    """What a room asks: the logits students see, T and the cuts, and the answer.

    With at most MAX_EACH classes students predict every probability; with more, only
    that of the most probable class (the largest logit), and they see the SHOWN_LOGITS
    largest logits. The answer is computed once, when the room opens.

    >>> q = Question.from_view(parse_logits("1, 2, 5"), View.from_query({"T": "0.1"})[0])
    >>> q.each, q.asked_labels, q.temperature, q.phrase("ru")
    (True, ['z1', 'z2', 'z3'], 0.1, 'T = 0,1')
    """

    labels: tuple[str, ...]     # the classes shown, in the order shown
    logits: tuple[float, ...]   # their logits
    classes: int                # how many classes the logits have in all
    link: tuple[tuple[str, str], ...]  # T and the cuts, as a link writes them
    asked: tuple[int, ...]      # which of the shown classes students predict
    truth: tuple[float, ...]    # the answer for each asked class
    # what each typical mistake gives for the asked classes (the exercise's kinds)
    mistakes: tuple[tuple[str, tuple[float, ...]], ...] = ()

    @classmethod
    def from_view(cls, logits: Logits, view: View) -> Question:
        """The question for ``logits`` at the view's T and cuts.

        >>> q = Question.from_view(parse_logits(", ".join(map(str, range(20)))), View())
        >>> q.each, q.asked_labels, q.labels[:3], round(q.truth[0], 3)
        (False, ['z20'], ('z20', 'z19', 'z18'), 0.632)
        """
        values = np.asarray(logits.values, dtype=float)
        probabilities = chain(values, view.steps())
        link = tuple((name, value) for name, value in view.to_query().items()
                     if name in ("T", "order", *CUTS))
        if len(values) <= MAX_EACH:
            shown = np.arange(len(values))
            asked = tuple(range(len(values)))
        else:  # the largest logits, largest first; the first is the one asked
            shown = np.argsort(-values, kind="stable")[:SHOWN_LOGITS]
            asked = (0,)
        picked = shown[list(asked)]
        made = mistakes_at(lambda t: chain(values, view.filters.steps(t)), view.temperature,
                           None if view.filters.cuts else values)
        if len(asked) == 1:  # one probability: its order or its sum says nothing
            made.pop("reversed")
        truth = probabilities[picked]
        return cls(labels=tuple(logits.labels[i] for i in shown),
                   logits=tuple(float(values[i]) for i in shown), classes=len(values),
                   link=link, asked=asked, truth=tuple(map(float, truth)),
                   mistakes=tuple((kind, tuple(map(float, given)))
                                  for kind, given in distinct(
                                      {kind: given[picked] for kind, given in made.items()},
                                      truth).items()))

    def mistake(self, guess: Sequence[float]) -> str | None:
        """Which typical mistake a guess is (a key of :data:`tempviz.exercise.MISTAKES`),
        or None: the same kinds the guided exercise names, for this question's logits,
        T and cuts.

        >>> q = Question.from_view(parse_logits("1, 2, 5"), View.from_query({"T": "10"})[0])
        >>> q.mistake((1/3, 1/3, 1/3)), q.mistake((0.02, 0.05, 0.93)), q.mistake((0.3, 0.3, 0.3))
        ('uniform', 'no_temperature', 'sum')
        """
        named = name_mistake(np.asarray(guess, dtype=float),
                             {kind: np.array(given) for kind, given in self.mistakes},
                             whole=self.each)
        return named[0] if named else None

    @property
    def each(self) -> bool:
        """Whether students predict every class (else only the most probable one)."""
        return len(self.asked) == self.classes

    @cached_property
    def view(self) -> View:
        """A view at the question's T and cuts."""
        return View.from_query(dict(self.link))[0]

    @property
    def temperature(self) -> float:
        return self.view.temperature

    def phrase(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """How the question names T: "T = 10", "T → 0", "T = 0,1" in Russian."""
        return charts.temperature_phrase(self.temperature, lang)

    @property
    def asked_labels(self) -> list[str]:
        return [self.labels[i] for i in self.asked]

    def names(self) -> list[str]:
        """What students predict, as the page and the chart name it: p(z1), p(z2), …"""
        return [f"p({label})" for label in charts.class_names(self.asked_labels, 0)]

    def chain_text(self, lang: str = DEFAULT_LANGUAGE) -> str | None:
        """The sampling chain when cuts are on, else None (T alone needs no chain)."""
        view = self.view
        return describe_chain(view.steps(), lang) if view.filters.cuts else None

    def logit_pairs(self, lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, str]]:
        """(label, logit as the language writes it) for every shown class."""
        return [(label, format_number(value, lang))
                for label, value in zip(self.labels, self.logits)]

    def to_json(self) -> str:
        return json.dumps({"labels": self.labels, "logits": self.logits,
                           "classes": self.classes, "link": dict(self.link),
                           "asked": self.asked, "truth": self.truth,
                           "mistakes": dict(self.mistakes)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, saved: str) -> Question:
        data = json.loads(saved)  # Python's JSON keeps -inf logits as -Infinity
        return cls(labels=tuple(data["labels"]), logits=tuple(data["logits"]),
                   classes=data["classes"], link=tuple(data["link"].items()),
                   asked=tuple(data["asked"]), truth=tuple(data["truth"]),
                   # a room opened before rooms kept their mistakes names none
                   mistakes=tuple((kind, tuple(given))
                                  for kind, given in data.get("mistakes", {}).items()))


@dataclass(frozen=True)
class Received:
    """A stored answer: its numbers, whether it replaced an earlier one, and a note
    when the numbers add up to far from 1."""

    values: tuple[float, ...]
    replaced: bool
    note: PollError | None = None


def read_answer(typed: object, asked: Sequence[str], shown: Sequence[str] = ()
                ) -> tuple[float, ...]:
    """The numbers in a typed answer, read by the exercise's rules (decimals, decimal
    commas, classes named in any order, …): one number in [0, 1] for each ``asked``
    class, in their order, at most MAX_ANSWER_CHARS typed; naming a class ``shown`` but
    not asked is refused.

    >>> read_answer("0,2; 0,3; 0,5", ["z1", "z2", "z3"])
    (0.2, 0.3, 0.5)
    >>> read_answer("dog: 0.8, cat: 0.2", ["cat", "dog"])
    (0.2, 0.8)
    >>> try:
    ...     read_answer("0.2, 0.3, 0.5, 0", ["z1", "z2", "z3"])
    ... except TempvizError as error:
    ...     print(error)
    type 3 probabilities, one per class, but 4 were given
    """
    if not isinstance(typed, str) or not typed.strip():
        raise PollError("poll.empty")
    if len(typed) > MAX_ANSWER_CHARS:
        raise PollError("poll.too_long", limit=MAX_ANSWER_CHARS, length=len(typed))
    return tuple(float(x) for x in read_prediction(typed, len(asked), asked, shown))


def sum_note(values: tuple[float, ...], each: bool) -> PollError | None:
    """A note for a whole distribution whose total is far from 1: softmax's always is
    1, so the student should know, though the answer counts as typed.

    >>> sum_note((0.5, 0.5, 0.5), True).localized("en")
    'These add up to 1.5, but the probabilities of all classes always add up to 1.'
    >>> sum_note((0.33, 0.33, 0.33), True) is None
    True
    """
    total = math.fsum(values)
    if not each or abs(total - 1) <= SUM_SLACK:
        return None
    return PollError("poll.sum_far", total=total)


@dataclass(frozen=True)
class Summary:
    """The class's guesses (one row per student) against the answer.

    >>> s = Summary(np.array([[0.3, 0.7], [0.5, 0.5]]), np.array([0.31, 0.69]))
    >>> s.count, s.mean.tolist(), s.within
    (2, [0.4, 0.6], 1)
    """

    guesses: np.ndarray  # (students, asked classes)
    truth: np.ndarray    # (asked classes,)

    @property
    def count(self) -> int:
        return len(self.guesses)

    @property
    def mean(self) -> np.ndarray:
        """The mean guess for each class; NaN while nobody has answered."""
        if not self.count:
            return np.full(len(self.truth), math.nan)
        return self.guesses.mean(axis=0)

    @property
    def within(self) -> int:
        """Students within TOLERANCE of every probability (the exercise's rule)."""
        return sum(verdict(self.truth, row).correct for row in self.guesses)


@dataclass(frozen=True)
class Closeness:
    """How far one guess is from the answer: the worst class and by how much. Within
    TOLERANCE of every probability is right, as in the guided exercise."""

    worst: int
    error: float

    @property
    def correct(self) -> bool:
        return agree(self.error)


def verdict(truth: np.ndarray | tuple, guess: np.ndarray | tuple) -> Closeness:
    """How far one student's guess is from the answer.

    >>> v = verdict((0.28, 0.31, 0.41), (0.3, 0.3, 0.4))
    >>> v.worst, round(v.error, 3), v.correct
    (0, 0.02, True)
    """
    truth = np.asarray(truth, dtype=float)
    errors = np.abs(np.asarray(guess, dtype=float) - truth)
    worst = int(np.argmax(errors))
    return Closeness(worst=worst, error=float(errors[worst]))

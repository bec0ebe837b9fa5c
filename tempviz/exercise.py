"""The guided exercise: predictions checked against answers tempviz computes.

(a) the distribution of logits 1, 2, 5 at T = 10, 1 and 0.1; (b) the limits T → 0
and T → ∞; (c) which temperatures make a chatbot monotonous or incoherent. No answer
is typed in anywhere: each comes from :func:`tempviz.softmax`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tempviz.logits import LogitsError, parse_logits
from tempviz.softmax import entropy, softmax

LOGITS = "1, 2, 5"
PART_A = (10.0, 1.0, 0.1)
PART_B = (0.0, math.inf)
TOLERANCE = 0.02  # a prediction within two percentage points of every probability is right
MONOTONOUS, INCOHERENT = 0.25, 0.75  # shares of the largest possible entropy


@dataclass(frozen=True)
class Verdict:
    """How far a prediction is from the answer: the worst class and by how much."""

    answer: np.ndarray
    worst: int
    error: float

    @property
    def correct(self) -> bool:
        return self.error <= TOLERANCE


def read_prediction(typed: str, classes: int) -> np.ndarray:
    """Probabilities a student typed, read like logits (so "0,1; 0,2; 0,7" works too).

    >>> read_prediction("0.3, 0.3, 0.4", 3)
    array([0.3, 0.3, 0.4])
    """
    values = parse_logits(typed).values
    if len(values) != classes:
        raise LogitsError("exercise.count", expected=classes, given=len(values))
    if not ((0 <= values) & (values <= 1)).all():
        raise LogitsError("exercise.range")
    return values


def check(typed: str, temperature: float, logits: str = LOGITS) -> Verdict:
    """Compare a typed prediction with softmax(logits / T).

    >>> verdict = check("0.28, 0.31, 0.41", 10)
    >>> verdict.correct, verdict.worst, round(verdict.error, 4)
    (True, 2, 0.0047)
    """
    answer = softmax(parse_logits(logits), temperature)
    errors = np.abs(read_prediction(typed, len(answer)) - answer)
    worst = int(np.argmax(errors))
    return Verdict(answer=answer, worst=worst, error=float(errors[worst]))


def chatbot_mood(logits: str, temperature: float) -> tuple[str, float]:
    """Whether a chatbot with these reply logits sounds monotonous, varied or incoherent
    at T, judged by its entropy as a share of the largest possible, log K.

    >>> chatbot_mood("a: 4, b: 2, c: 0", 0.1)[0], chatbot_mood("a: 4, b: 2, c: 0", 10)[0]
    ('monotonous', 'incoherent')
    """
    parsed = parse_logits(logits)
    share = entropy(softmax(parsed, temperature)) / math.log(len(parsed))
    mood = "monotonous" if share < MONOTONOUS else "incoherent" if share > INCOHERENT else "varied"
    return mood, share

"""The guided exercise: predictions checked against answers tempviz computes.

(a) the distribution of logits 1, 2, 5 at T = 10, 1 and 0.1; (b) the limits T → 0
and T → ∞; (c) which temperatures make a chatbot monotonous or unpredictable. No answer
is typed in anywhere: each comes from :func:`tempviz.softmax`, and so does each typical
mistake a wrong prediction is recognised as (:func:`typical_mistakes`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tempviz.charts import (
    listed,
    temperature_phrase,
)
from tempviz.errors import TempvizError
from tempviz.frames import complement, format_measure, format_probability
from tempviz.i18n import DEFAULT_LANGUAGE, text
from tempviz.logits import Logits, LogitsError, default_label, excerpt, parse_logits
from tempviz.softmax import entropy, softmax

LOGITS = "1, 2, 5"
# The printed answer key that circulates with this exercise gives the distributions of
# these logits: (0.39, 0.36, 0.25), (0.72, 0.27, 0.01), (0.9999, 4·10⁻⁵, 4·10⁻¹⁸).
KEY_LOGITS = "5, 4, 1"
PART_A = (10.0, 1.0, 0.1)
PART_B = (0.0, math.inf)
TOLERANCE = 0.02  # a prediction within two percentage points of every probability is right
# Two floats in [0, 1] differ by up to 2⁻⁵³ more than the decimals typed (1 − 0.98 is
# 0.020000000000000018): far below any difference a student types, far above that slip.
ROUNDING = 1e-12
# Three probabilities rounded to two decimals add up to 1 ± 0.015 at worst: beyond this
# the student's numbers are not a distribution.
SUM_TOLERANCE = 0.02
MONOTONOUS, UNPREDICTABLE = 0.25, 0.75  # shares of the largest possible entropy
CHATBOT_TEMPERATURES = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)  # part (c)'s choices

# How a typed number may be written besides a plain decimal: a fraction (1/3), a
# percentage (33%), a power of ten as printed (4·10⁻⁵, 4×10^-5). Point decimals always;
# comma decimals only where the logits box reads them (between semicolons or new lines).
_APPROXIMATELY = str.maketrans("", "", "≈~")
_POINT = r"(?:\d+(?:\.\d*)?|\.\d+)"
_POINT_OR_COMMA = r"(?:\d+(?:[.,]\d*)?|[.,]\d+)"
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_EXPONENT = r"([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^?\s*[-+−]?\d+)"
_SPACED_DECIMAL = re.compile(r"\d+(?:,\d+)?%?")  # 0,28 or 0 in "0,28 0,31 0,41", "0 0,5 0,5"
_PIECES = re.compile(r"[;\n\r]")


@dataclass(frozen=True)
class Verdict:
    """How a prediction compares with the answer: the worst class and by how much, and
    which typical mistake it is, if it is one (a key of :data:`MISTAKES`, with what
    that mistake gives at this T in ``mistaken``)."""

    prediction: np.ndarray
    answer: np.ndarray
    worst: int
    error: float
    mistake: str | None = None
    mistaken: np.ndarray | None = None

    @property
    def correct(self) -> bool:
        return agree(self.error)

    @property
    def total(self) -> float:
        return float(self.prediction.sum())


# Each typical mistake, in the order that breaks a tie between two that fit as well.
MISTAKES = ("scaled", "reversed", "key", "no_temperature", "swapped", "uniform", "one_hot",
            "sum")


def read_prediction(typed: str, classes: int, labels: Sequence[str] | None = None,
                    others: Sequence[str] = ()) -> np.ndarray:
    """Probabilities a student typed, read like logits, so that "0,1; 0,2; 0,7" works too,
    and also as fractions, percentages, printed powers of ten, with or without "≈".
    Decimal commas separated by spaces alone ("0,28 0,31 0,41") are read as such too,
    since three probabilities can't be meant as six numbers. A student may name the
    classes, in any order ("z3: 0.41, z2: 0.31, z1: 0.28", as read off the bars): the
    values come back in the order of ``labels`` (z1, z2, … when not given); labels that
    name no class (p1, p2, …) keep the order typed. Naming one of ``others``, classes
    shown but not asked about, is refused.

    >>> read_prediction("0.3, 0.3, 0.4", 3)
    array([0.3, 0.3, 0.4])
    >>> read_prediction("1/4, 25%, ≈0,5", 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tempviz.errors.TempvizError: type 3 probabilities, one per class, but 4 were given; ...
    >>> read_prediction("1/4; 25 %; ≈0,5", 3), read_prediction("0 0,5 0,5", 3)
    (array([0.25, 0.25, 0.5 ]), array([0. , 0.5, 0.5]))
    >>> read_prediction("1 - 4·10⁻⁵, 4·10⁻⁵, 0", 3)[1]
    np.float64(4e-05)
    >>> read_prediction("z3: 0.41, z2: 0.31, z1: 0.28", 3)
    array([0.28, 0.31, 0.41])
    """
    if not isinstance(typed, str):
        raise LogitsError("err.not_text", kind=type(typed).__name__)
    plain = typed.translate(_APPROXIMATELY)
    words = plain.split()
    if "," in plain and all(_SPACED_DECIMAL.fullmatch(w) for w in words):  # "0,2 0,8"
        plain = "; ".join(words)
    decimal_commas = len([p for p in _PIECES.split(plain) if p.strip()]) > 1
    plain = _written_numbers(plain, _POINT_OR_COMMA if decimal_commas else _POINT)
    try:
        logits = parse_logits(plain)
    except LogitsError as error:
        if error.key == "err.plus_inf":  # the logits' advice ("only -inf") misleads here
            raise TempvizError("exercise.range", item=error.values["item"],
                               value=math.inf) from None
        if error.key != "err.not_a_number":
            raise
        raise TempvizError(error.key, "exercise.formats", **error.values) from None
    values = logits.values
    if len(values) != classes:
        separated = any(note.key == "note.commas_separate" for note in logits.notes)
        hint = "hint.decimal" if separated else None  # 0,2, 0,3 read as four numbers
        raise TempvizError("exercise.count", hint, expected=classes, given=len(values))
    outside = np.flatnonzero(~((0 <= values) & (values <= 1)))
    if outside.size:
        raise TempvizError("exercise.range", item=int(outside[0]) + 1,
                           value=float(values[outside[0]]))
    if labels is None:
        labels = [default_label(i) for i in range(1, classes + 1)]
    return _in_class_order(logits, labels, others)


def _in_class_order(typed: Logits, labels: Sequence[str],
                    others: Sequence[str] = ()) -> np.ndarray:
    """The typed values in the order of the classes' ``labels``: by name when the student
    named each of them (in any case, or as p(z3)), as typed when no name is a class's
    (none typed, or the student's own: p1, p2, …). Naming some classes and not others,
    or one of ``others`` (classes shown but not asked about), is refused."""
    names = [_name_key(label) if named else None  # parse_logits always fills typed_labels
             for label, named in zip(typed.labels, typed.typed_labels)]
    where = {_name_key(label): position for position, label in enumerate(labels)}
    asked = [name in where for name in names]
    if not any(asked) and not {*map(_name_key, others)} & {*names}:
        return typed.values
    if not all(asked) or len(where) != len(labels):
        raise TempvizError("exercise.labels", labels=", ".join(
            excerpt(label, 20) for label in labels))
    ordered = np.empty_like(typed.values)
    ordered[[where[name] for name in names]] = typed.values
    return ordered


def _name_key(label: str) -> str:
    """A class name as a student may type it: any case, spaced, or wrapped as p(z3).

    >>> _name_key("P( Z3 )"), _name_key("Кот")
    ('z3', 'кот')
    """
    key = unicodedata.normalize("NFC", "".join(label.split())).casefold()
    return key[2:-1] if key.startswith("p(") and key.endswith(")") else key


def _written_numbers(typed: str, number: str) -> str:
    """The text with each printed power of ten, percentage and fraction replaced by the
    decimal it stands for, and "1 − x" (as tempviz writes probabilities near 1) by its
    value; a fraction over 0 stays as typed, to be reported as not a number."""
    def value(written: str) -> float:
        return float(written.replace(",", "."))

    def power(match: re.Match) -> str:
        exponent = match[2].translate(_SUPERSCRIPTS).replace("−", "-").lstrip("^ ")
        return repr(value(match[1]) * 10.0 ** int(exponent))

    def fraction(match: re.Match) -> str:
        below = value(match[2])
        return repr(value(match[1]) / below) if below else match[0]

    start, end = r"(?<![\w.])", r"(?![\w.])"  # whole numbers only: not the 1 of 21
    typed = re.sub(rf"{start}({number})\s*[·×*]\s*10{_EXPONENT}{end}", power, typed)
    typed = re.sub(rf"{start}({number})\s*%", lambda m: repr(value(m[1]) / 100), typed)
    typed = re.sub(rf"{start}({number})\s*/\s*({number}){end}", fraction, typed)
    return re.sub(rf"{start}1\s*[-−–]\s*({number}(?:e-\d+)?){end}",
                  lambda m: repr(1 - value(m[1])), typed)


def answer(temperature: float, logits: str = LOGITS) -> np.ndarray:
    """softmax(logits / T), the answer at T.

    >>> answer(10).round(3)
    array([0.278, 0.307, 0.415])
    """
    return softmax(parse_logits(logits), temperature)


def typical_mistakes(temperature: float, logits: str = LOGITS) -> dict[str, np.ndarray]:
    """What each typical mistake gives at T, computed as the student would have: the
    right numbers in reverse order; the printed key's (softmax of :data:`KEY_LOGITS`);
    softmax at T = 1 (the temperature left out); z/T itself (not yet exponentiated);
    the other limit (T → 0 and T → ∞ swapped); at a finite T, either limit. A mistake
    that gives (nearly) the answer itself at this T is left out: it can't be told apart.

    >>> {kind: p.round(3).tolist() for kind, p in typical_mistakes(10).items()}
    ... # doctest: +NORMALIZE_WHITESPACE
    {'scaled': [0.1, 0.2, 0.5], 'reversed': [0.415, 0.307, 0.278],
     'key': [0.388, 0.351, 0.26], 'no_temperature': [0.017, 0.047, 0.936],
     'uniform': [0.333, 0.333, 0.333], 'one_hot': [0.0, 0.0, 1.0]}
    >>> list(typical_mistakes(0.0)), list(typical_mistakes(math.inf))
    (['reversed', 'key', 'no_temperature', 'swapped'], ['no_temperature', 'swapped'])
    """
    parsed = parse_logits(logits)
    made = mistakes_at(lambda t: softmax(parsed, t), temperature, parsed.values)
    made["key"] = softmax(parse_logits(KEY_LOGITS), temperature)
    return distinct(made, softmax(parsed, temperature))


def mistakes_at(answer_at: Callable[[float], np.ndarray], temperature: float,
                logits: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """What the typical mistakes give at T for any question whose answer at T′ is
    ``answer_at(T′)`` (a softmax, or a whole sampling chain): the answer reversed, the
    answer at T = 1, at the other limit or at either; and z/T itself when ``logits``
    are given (they are not once a cut has removed classes). The printed key belongs to
    the exercise alone (:func:`typical_mistakes`).

    >>> sorted(mistakes_at(lambda t: softmax([0.0, 1.0], t), 0.0))
    ['no_temperature', 'reversed', 'swapped']
    """
    made = {"reversed": answer_at(temperature)[::-1], "no_temperature": answer_at(1.0)}
    if 0 < temperature < math.inf:
        if logits is not None:
            made["scaled"] = np.asarray(logits, dtype=float) / temperature
        made |= {"uniform": answer_at(math.inf), "one_hot": answer_at(0.0)}
    else:
        made["swapped"] = answer_at(math.inf if temperature == 0 else 0.0)
    return made


def distinct(made: Mapping[str, np.ndarray], right: np.ndarray) -> dict[str, np.ndarray]:
    """The mistakes that can be told from the answer ``right``: a mistake that gives
    (nearly) the answer itself is left out. In the order of :data:`MISTAKES`."""
    return {kind: made[kind] for kind in MISTAKES if kind in made
            and len(made[kind]) == len(right) and not agree(_distance(made[kind], right))}


def check(typed: str, temperature: float, logits: str = LOGITS) -> Verdict:
    """Compare a typed prediction with softmax(logits / T), and name its mistake: the
    typical mistake it is closest to, within the tolerance; else "sum" when it is not
    a distribution; else none.

    >>> verdict = check("0.28, 0.31, 0.41", 10)
    >>> verdict.correct, verdict.worst, round(verdict.error, 4)
    (True, 2, 0.0047)
    >>> check("0.39, 0.36, 0.25", 10).mistake  # the printed key: logits 5, 4, 1
    'key'
    >>> check("0.2603, 0.3514, 0.3883", 10).mistake  # the same key, smallest first
    'key'
    >>> check("0.3, 0.3, 0.3", 10).mistake, check("1/3, 1/3, 1/3", 0).mistake
    ('sum', 'swapped')
    """
    right = answer(temperature, logits)
    prediction = read_prediction(typed, len(right), parse_logits(logits).labels)
    errors = np.abs(prediction - right)
    worst = int(np.argmax(errors))
    verdict = Verdict(prediction=prediction, answer=right, worst=worst,
                      error=float(errors[worst]))
    if verdict.correct:
        return verdict
    made = typical_mistakes(temperature, logits)
    if "key" in made:  # a student may copy the key's numbers in any order
        made["key"] = in_order_of(prediction, made["key"])
    named = name_mistake(prediction, made)
    return Verdict(prediction, right, worst, verdict.error, *named) if named else verdict


def in_order_of(prediction: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` rearranged so that they rank as ``prediction`` does: the largest where
    the prediction is largest.

    >>> in_order_of(np.array([0.26, 0.35, 0.39]), np.array([0.3883, 0.3514, 0.2603]))
    array([0.2603, 0.3514, 0.3883])
    """
    arranged = np.empty_like(values)
    arranged[np.argsort(prediction, kind="stable")] = np.sort(values)
    return arranged


def name_mistake(prediction: np.ndarray, made: Mapping[str, np.ndarray], *,
                 whole: bool = True) -> tuple[str, np.ndarray | None] | None:
    """The typical mistake a prediction is, and what that mistake gives: of ``made``
    (what each gives), the one within the tolerance and closest, a tie going to the
    first in :data:`MISTAKES`; else "sum" (with nothing it gives) when a ``whole``
    distribution does not add up to 1; else None.

    >>> name_mistake(np.array([0.33, 0.34, 0.33]), typical_mistakes(10))[0]
    'uniform'
    >>> name_mistake(np.array([0.3, 0.3, 0.3]), {}), name_mistake(np.array([0.3]), {}, whole=False)
    (('sum', None), None)
    """
    fits = [(_distance(prediction, given), MISTAKES.index(kind), kind, given)
            for kind, given in made.items() if agree(_distance(prediction, given))]
    if fits:  # (distance, order) is never a tie, so min compares no arrays
        return min(fits)[2:]
    if whole and not agree(abs(float(prediction.sum()) - 1), SUM_TOLERANCE):
        return "sum", None
    return None


def agree(distance: float, tolerance: float = TOLERANCE) -> bool:
    """Whether two distributions this far apart (:func:`_distance`), or a total this far
    from 1, are within ``tolerance``, as the decimals a student typed, not their floats,
    would be.

    >>> agree(abs(0.98 - 1.0)), agree(0.0201)
    (True, False)
    """
    return distance <= tolerance + ROUNDING


def _distance(one: np.ndarray, other: np.ndarray) -> float:
    """The largest difference between two distributions, class by class."""
    return float(np.max(np.abs(one - other)))


def written(probabilities: np.ndarray, lang: str = DEFAULT_LANGUAGE) -> str:
    """Probabilities as the feedback writes them: "1 − ε" near 1, from the exact
    complement (the sum of the others), so no digit is lost to 1 − p.

    >>> written(answer(0.1)), written(answer(10), "ru")
    ('4.2×10⁻¹⁸, 9.4×10⁻¹⁴, 1 − 9.4×10⁻¹⁴', '0,278; 0,307; 0,415')
    """
    rests = complement(probabilities)
    return listed((format_probability(p, rest, lang) for p, rest in zip(probabilities, rests)),
                  lang)


def chatbot_mood(logits: str, temperature: float) -> tuple[str, float]:
    """Whether a chatbot with these reply logits sounds monotonous, varied or unpredictable
    at T, judged by its entropy as a share of the largest possible, log K.

    >>> chatbot_mood("a: 4, b: 2, c: 0", 0.1)[0], chatbot_mood("a: 4, b: 2, c: 0", 10)[0]
    ('monotonous', 'unpredictable')
    """
    parsed = parse_logits(logits)
    share = entropy(softmax(parsed, temperature)) / math.log(len(parsed))
    mood = ("monotonous" if share < MONOTONOUS else
            "unpredictable" if share > UNPREDICTABLE else "varied")
    return mood, share


def comparison_frame(guesses: Mapping[float, np.ndarray], logits: str = LOGITS
                     ) -> pd.DataFrame:
    """The student's guess beside the answer, class by class, at each temperature:
    one row per temperature and class, with the difference guess − answer.

    >>> frame = comparison_frame({10.0: np.array([0.3, 0.3, 0.4])})
    >>> frame.round(3).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'temperature': [10.0, 10.0, 10.0], 'class': ['z1', 'z2', 'z3'], 'rank': [0, 1, 2],
     'guess': [0.3, 0.3, 0.4], 'answer': [0.278, 0.307, 0.415],
     'difference': [0.022, -0.007, -0.015]}
    """
    labels = parse_logits(logits).labels
    rows = []
    for temperature, guess in guesses.items():
        right = answer(temperature, logits)
        rows.extend({"temperature": temperature, "class": label, "rank": rank,
                     "guess": float(g), "answer": float(a), "difference": float(g - a)}
                    for rank, (label, g, a) in enumerate(zip(labels, guess, right)))
    return pd.DataFrame(rows)


def signed(difference: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A difference with its sign, written as probabilities are.

    >>> signed(0.0216), signed(-9.4e-14), signed(0.0), signed(0.0216, "ru")
    ('+0.022', '−9.4×10⁻¹⁴', '0', '+0,022')
    """
    if difference == 0:
        return "0"
    return ("+" if difference > 0 else "−") + format_measure(abs(difference), lang)

def describe_comparison(frame: pd.DataFrame, temperature: float,
                        lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for one small multiple.

    >>> print(describe_comparison(comparison_frame({10.0: np.array([0.3, 0.3, 0.4])}), 10.0))
    ... # doctest: +NORMALIZE_WHITESPACE
    At T = 10 your guess is 0.300, 0.300, 0.400; the answer 0.278, 0.307, 0.415;
    the differences +0.022, −0.007, −0.015.
    """
    rows = frame[frame["temperature"] == temperature]
    return text("exercise.compare_alt", lang, phrase=temperature_phrase(temperature, lang),
                guess=written(rows["guess"].to_numpy(), lang),
                answer=written(rows["answer"].to_numpy(), lang),
                differences=listed((signed(d, lang) for d in rows["difference"]), lang))

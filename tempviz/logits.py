"""Reading logits from the text people type or paste.

The rules, in the order they apply:

1. Unicode minus signs (−) count as "-", and every kind of Unicode space as a space.
2. One pair of surrounding brackets is dropped: ``[1, 2, 5]``, ``(1, 2, 5)``, ``{…}``.
3. If semicolons or new lines split the text into several pieces, each piece is
   read on its own, and a value with one comma between digits has a decimal
   comma: ``1,5; 2,5`` is 1.5 and 2.5.
4. Otherwise commas and spaces separate the values: ``1, 2, 5`` or ``1 2 5``.
5. A piece written ``label: value`` or ``label=value`` is one labelled logit;
   the label is any text before the last ``:`` or ``=``, quotes around it dropped.
6. A value is a decimal number (``2``, ``-0.5``, ``1e3``) or ``-inf``
   (a token that can never be chosen). Empty pieces, as after a trailing
   separator, are skipped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

MAX_LOGITS = 100_000
MAX_CHARS = 4_000_000

_UNICODE_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})
_SPACE = re.compile(r"\s+")
_PIECE_SEPARATOR = re.compile(r"[;\n\r]")
_VALUE_SEPARATOR = re.compile(r"[,\s]+")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_DECIMAL_COMMA_NUMBER = re.compile(r"[+-]?\d+,\d+(?:[eE][+-]?\d+)?", re.ASCII)
_INFINITY = re.compile(r"([+-]?)(?:inf|infinity|∞)", re.IGNORECASE)
_BRACKETS = {"[": "]", "(": ")", "{": "}"}
_QUOTES = {"'": "'", '"': '"', "«": "»", "“": "”", "„": "“"}
_MIXED_COMMAS = re.compile(r"\d,\d.*,\s|,\s.*\d,\d", re.ASCII)


class LogitsError(ValueError):
    """Text that cannot be read as logits; the message says which piece and why."""


class LogitsLimitError(LogitsError):
    """Logits beyond the size limits: MAX_CHARS characters or MAX_LOGITS values."""


@dataclass(frozen=True)
class Logits:
    """Logit values with one label each, plus notes on how ambiguous text was read.

    >>> parse_logits("cat: 2, dog: 1").labels
    ['cat', 'dog']
    """

    values: np.ndarray
    labels: list[str]
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.values)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        return self.values if dtype is None else self.values.astype(dtype)


def default_label(position: int) -> str:
    """The label of an unlabelled logit: z and its 1-based position, as in the formula.

    >>> default_label(3)
    'z3'
    """
    return f"z{position}"


def parse_logits(text: str) -> Logits:
    """Read logits, optionally labelled, from text; see the module doc for the rules.

    >>> parse_logits("[1, 2, 5]").values
    array([1., 2., 5.])
    >>> parse_logits("1,5; 2,5").values
    array([1.5, 2.5])
    >>> parse_logits("1, two, 3")
    Traceback (most recent call last):
    ...
    tempviz.logits.LogitsError: item 2 ("two") is not a number; to label a logit write label: value, as in cat: 2
    """
    if not isinstance(text, str):
        raise LogitsError(f"logits must be given as text, but {type(text).__name__} was given")
    if len(text) > MAX_CHARS:
        raise LogitsLimitError(f"the text is {len(text):,} characters long; at most "
                               f"{MAX_CHARS:,} are allowed (upload a file instead)")
    body = _strip_brackets(_SPACE.sub(_keep_newlines, text.translate(_UNICODE_MINUS)).strip())
    pieces = [p.strip() for p in _PIECE_SEPARATOR.split(body) if p.strip()]
    decimal_commas = len(pieces) > 1
    items = [item for piece in pieces for item in _split_piece(piece, decimal_commas)]
    if not items:
        raise LogitsError("no logits found: type numbers such as 1, 2, 5")
    if len(items) > MAX_LOGITS:
        raise LogitsLimitError(f"{len(items):,} logits were given; at most {MAX_LOGITS:,} are "
                               "allowed")

    values, labels = [], []
    for position, (label, value) in enumerate(items, start=1):
        values.append(_read_value(value, position, decimal_commas))
        labels.append(default_label(position) if label is None else _read_label(label, position))
    _check_distinct(labels)
    if all(v == -math.inf for v in values):
        raise LogitsError("every logit is -inf; at least one must be a finite number")
    return Logits(np.array(values), labels, _reading_notes(body, pieces, decimal_commas))


def _keep_newlines(space: re.Match) -> str:
    """Fold a run of spaces into one, keeping a new line if the run held one."""
    return "\n" if "\n" in space.group() or "\r" in space.group() else " "


def _strip_brackets(text: str) -> str:
    if text[:1] in _BRACKETS and text.endswith(_BRACKETS[text[:1]]):
        return text[1:-1].strip()
    return text


def _split_piece(piece: str, decimal_commas: bool) -> list[tuple[str | None, str]]:
    """Split one piece into (label or None, value text) items."""
    if decimal_commas:
        return [_split_label(piece)] if _has_label(piece) or _DECIMAL_COMMA_NUMBER.fullmatch(
            piece) else [(None, v) for v in _VALUE_SEPARATOR.split(piece) if v]
    items = []
    for part in (p.strip() for p in piece.split(",")):
        if _has_label(part):
            items.append(_split_label(part))
        else:
            items.extend((None, v) for v in part.split() if v)
    return items


def _has_label(text: str) -> bool:
    return ":" in text or "=" in text


def _split_label(text: str) -> tuple[str | None, str]:
    cut = max(text.rfind(":"), text.rfind("="))
    if cut < 0:
        return None, text
    return text[:cut], text[cut + 1:].strip()


def _read_value(value: str, position: int, decimal_commas: bool) -> float:
    number = None
    if _NUMBER.fullmatch(value):
        number = float(value)
    elif decimal_commas and _DECIMAL_COMMA_NUMBER.fullmatch(value):
        number = float(value.replace(",", "."))
    if number is not None and math.isinf(number):
        raise LogitsError(f'item {position} ("{_shorten(value)}") is beyond the float range; '
                          "logits must lie within ±1.79e308 (or be -inf)")
    if number is not None:
        return number
    infinity = _INFINITY.fullmatch(value)
    if infinity and infinity.group(1) == "-":
        return -math.inf
    if infinity:
        raise LogitsError(f'item {position} ("{value}") is +∞; only -inf is allowed, '
                          "for a token that can never be chosen")
    if not value:
        raise LogitsError(f"item {position} has a label but no value after it")
    hint = ""
    if " " in value or _has_label(value):
        hint = "; separate items with commas, or put each on its own line"
    elif "," in value:
        hint = "; for decimal commas separate the items with semicolons: 1,5; 2,5"
    elif any(character.isalpha() for character in value):
        hint = "; to label a logit write label: value, as in cat: 2"
    raise LogitsError(f'item {position} ("{_shorten(value)}") is not a number{hint}')


def _read_label(label: str, position: int) -> str:
    label = label.strip()
    if len(label) >= 2 and _QUOTES.get(label[0]) == label[-1]:
        label = label[1:-1].strip()
    if not label:
        raise LogitsError(f"item {position} has an empty label before its value")
    return label


def _check_distinct(labels: list[str]) -> None:
    first_use: dict[str, int] = {}
    for position, label in enumerate(labels, start=1):
        if label in first_use:
            raise LogitsError(f'item {position}: the label "{_shorten(label)}" is already used '
                              f"by item {first_use[label]}; labels must all differ")
        first_use[label] = position


def _reading_notes(body: str, pieces: list[str], decimal_commas: bool) -> list[str]:
    """Say how text that could be read two ways was read."""
    if decimal_commas and any(_DECIMAL_COMMA_NUMBER.search(p) for p in pieces):
        return ["Commas between digits were read as decimal commas (1,5 = 1.5), because "
                "the items are separated by semicolons or new lines."]
    if not decimal_commas and _MIXED_COMMAS.search(body):
        return ["Every comma was read as a separator, so 1,5 is two numbers. For decimal "
                "commas separate the items with semicolons: 1,5; 2,5."]
    return []


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

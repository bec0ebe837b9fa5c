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

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from tempviz.errors import Phrase, TempvizError

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
_TIGHT_COMMA = re.compile(r"\d,\d", re.ASCII)  # as in a decimal comma: 1,5
_SPACED_COMMA = re.compile(r",\s")  # as between values: 1, 5


class LogitsError(TempvizError):
    """Text or a file that cannot be read as logits; the message says which piece and why.

    >>> LogitsError("err.no_value", item=2).localized("ru")
    'у элемента 2 есть метка, но нет значения после неё'
    """


Note = Phrase  # how ambiguous input was read, told in the reader's language


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
    notes: list[Note] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.values)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        return self.values if dtype is None else self.values.astype(dtype)

    # Made once per Logits and shared by every temperature, since one Logits serves
    # many reruns: for 100,000 classes each costs milliseconds.

    @cached_property
    def label_column(self) -> pd.api.extensions.ExtensionArray:
        """The labels as a pandas array, for frames to take without converting each string.

        >>> list(parse_logits("a: 1, b: 2").label_column)
        ['a', 'b']
        """
        return pd.Series(self.labels).array

    @cached_property
    def ranking(self) -> np.ndarray:
        """Class indices from the highest logit down, ties in the order given: the order
        by probability at every T > 0, and the one the charts and the table use.

        >>> parse_logits("1, 5, 2, 5").ranking
        array([1, 3, 2, 0])
        """
        return np.argsort(-self.values, kind="stable")

    @cached_property
    def fingerprint(self) -> str:
        """A digest of the values and labels: equal for equal logits however they were
        written or uploaded, and short enough to key caches by.

        >>> parse_logits("1, 2, 5").fingerprint == parse_logits("[1,2,5]").fingerprint
        True
        """
        content = hashlib.blake2b(self.values.tobytes(), digest_size=16)
        content.update(json.dumps(self.labels).encode())
        return content.hexdigest()

    @cached_property
    def labelled(self) -> bool:
        """Whether any class has a label of its own rather than its z1, z2, ….

        >>> parse_logits("1, 2").labelled, parse_logits("yes: 1, 2").labelled
        (False, True)
        """
        return any(label != default_label(i) for i, label in enumerate(self.labels, 1))


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
    >>> parse_logits("1, two, 3")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tempviz.logits.LogitsError: item 2 ("two") is not a number; ...
    """
    if not isinstance(text, str):
        raise LogitsError("err.not_text", kind=type(text).__name__)
    if len(text) > MAX_CHARS:
        raise LogitsLimitError("err.too_long", length=len(text), limit=MAX_CHARS)
    body = _strip_brackets(_SPACE.sub(_keep_newlines, text.translate(_UNICODE_MINUS)).strip())
    pieces = [p.strip() for p in _PIECE_SEPARATOR.split(body) if p.strip()]
    decimal_commas = len(pieces) > 1
    items = [item for piece in pieces for item in _split_piece(piece, decimal_commas)]
    if not items:
        raise LogitsError("err.empty")
    if len(items) > MAX_LOGITS:
        raise LogitsLimitError("err.too_many", count=len(items), limit=MAX_LOGITS)

    values, labels = [], []
    for position, (label, value) in enumerate(items, start=1):
        values.append(_read_value(value, position, decimal_commas))
        labels.append(default_label(position) if label is None else _read_label(label, position))
    _check_distinct(labels)
    if all(v == -math.inf for v in values):
        raise LogitsError("err.all_neg_inf")
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
        raise LogitsError("err.beyond_range", item=position, value=_shorten(value))
    if number is not None:
        return number
    infinity = _INFINITY.fullmatch(value)
    if infinity and infinity.group(1) == "-":
        return -math.inf
    if infinity:
        raise LogitsError("err.plus_inf", item=position, value=value)
    if not value:
        raise LogitsError("err.no_value", item=position)
    hint = None
    if " " in value or _has_label(value):
        hint = "hint.separate"
    elif "," in value:
        hint = "hint.decimal"
    elif any(character.isalpha() for character in value):
        hint = "hint.label"
    raise LogitsError("err.not_a_number", hint, item=position, value=_shorten(value))


def _read_label(label: str, position: int) -> str:
    label = label.strip()
    if len(label) >= 2 and _QUOTES.get(label[0]) == label[-1]:
        label = label[1:-1].strip()
    if not label:
        raise LogitsError("err.empty_label", item=position)
    return label


def _check_distinct(labels: list[str]) -> None:
    first_use: dict[str, int] = {}
    for position, label in enumerate(labels, start=1):
        if label in first_use:
            raise LogitsError("err.duplicate_label", item=position, label=_shorten(label),
                              first=first_use[label])
        first_use[label] = position


def _reading_notes(body: str, pieces: list[str], decimal_commas: bool) -> list[Note]:
    """Say how text that could be read two ways was read."""
    if decimal_commas and any(_DECIMAL_COMMA_NUMBER.search(p) for p in pieces):
        return [Note("note.decimal_commas")]
    # two searches, not one pattern joining them with .*: that backtracks quadratically
    if not decimal_commas and _TIGHT_COMMA.search(body) and _SPACED_COMMA.search(body):
        return [Note("note.commas_separate")]
    return []


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

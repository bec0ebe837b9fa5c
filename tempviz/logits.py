"""Reading logits from the text people type or paste.

The rules, in the order they apply:

1. Unicode minus signs (−) count as "-", and every kind of Unicode space as a space.
   A byte-order mark, zero-width spaces and joiners are dropped: they carry nothing
   here and ride along unseen with pasted text.
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

A label longer than ``MAX_LABEL_CHARS`` is shortened, with a note; two labels that
differ only by invisible characters (direction overrides, say) are refused, as two
equal ones are. Messages name every other invisible character by its code point.
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from tempviz.errors import Phrase, TempvizError

MAX_LOGITS = 100_000
MAX_CHARS = 4_000_000
# Tables and replies show labels in full, so a label's length bounds what every copy of
# it costs; chat replies and vocabulary tokens are far shorter than this
MAX_LABEL_CHARS = 200

_FORMULA_START = frozenset("=+-@\t\r")  # a CSV cell beginning so is a formula to a spreadsheet
# Unicode minus signs become "-"; the byte-order mark, the zero-width space, non-joiner
# and joiner and the word joiner are dropped
_DROPPED = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))
_NORMALISED = str.maketrans({"\u2212": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-",
                             **_DROPPED})
# characters that draw nothing although Unicode does not class them as format characters:
# fillers, the braille blank, variation selectors, the combining grapheme joiner
_BLANK = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0"
                   + "".join(map(chr, range(0xFE00, 0xFE10))))
# every character but printable ASCII and ASCII spaces: the only ones that may be invisible,
# so that a check looks at each of them alone (a label is mostly ASCII)
_UNUSUAL = re.compile(r"[^\t\n\r\x20-\x7e]")
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
    # which labels were typed, not made up (z1, z2, … where none was), so that a reader
    # can tell "z3: 0.41" from a plain 0.41 in third place; None: all were given
    typed_labels: np.ndarray | None = None

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
        for label in self.labels:  # one at a time: 100,000 labels never make one long string
            written = label.encode("utf-8", "surrogatepass")
            content.update(len(written).to_bytes(8, "little") + written)  # where one ends
        return content.hexdigest()

    @cached_property
    def labelled(self) -> bool:
        """Whether any class has a label of its own rather than its z1, z2, ….

        >>> parse_logits("1, 2").labelled, parse_logits("yes: 1, 2").labelled
        (False, True)
        """
        return any(label != default_label(i) for i, label in enumerate(self.labels, 1))

    @cached_property
    def nbytes(self) -> int:
        """The memory this Logits holds, with the columns it derives: what a cache of
        logits counts. Labels count as Python strings and as the label column's UTF-8.

        >>> parse_logits("1, 2, 5").nbytes < 1_000
        True
        """
        strings = sum(map(sys.getsizeof, self.labels))
        utf8 = sum(len(label.encode("utf-8", "surrogatepass")) for label in self.labels)
        pointers = 8 * len(self.labels)  # the list's, and the column's offsets
        return strings + utf8 + 2 * pointers + 2 * self.values.nbytes + 64


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
    body = _strip_brackets(_SPACE.sub(_keep_newlines, text.translate(_NORMALISED)).strip())
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
    labels, shortened = shorten_labels(labels)
    _check_distinct(labels)
    if all(v == -math.inf for v in values):
        raise LogitsError("err.all_neg_inf")
    return Logits(np.array(values), labels,
                  _reading_notes(body, pieces, decimal_commas) + shortened,
                  np.array([label is not None for label, _ in items]))


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
        raise LogitsError("err.beyond_range", item=position, value=excerpt(value))
    if number is not None:
        return number
    infinity = _INFINITY.fullmatch(value)
    if infinity and infinity.group(1) == "-":
        return -math.inf
    if infinity:
        raise LogitsError("err.plus_inf", item=position, value=value)
    if not value:
        raise LogitsError("err.no_value", item=position)
    if unseen := invisible_in(value):
        raise LogitsError("err.invisible_value", item=position, value=excerpt(value),
                          codes=unseen)
    hint = None
    if " " in value or _has_label(value):
        hint = "hint.separate"
    elif "," in value:
        hint = "hint.decimal"
    elif any(character.isalpha() for character in value):
        hint = "hint.label"
    raise LogitsError("err.not_a_number", hint, item=position, value=excerpt(value))


def _read_label(label: str, position: int) -> str:
    label = label.strip()
    if len(label) >= 2 and _QUOTES.get(label[0]) == label[-1]:
        label = label[1:-1].strip()
    if not label:
        raise LogitsError("err.empty_label", item=position)
    if not seen(label):
        raise LogitsError("err.invisible_label", item=position, codes=invisible_in(label))
    return label


def _check_distinct(labels: list[str]) -> None:
    """Labels must differ, and differ in what a reader sees: labels equal but for
    invisible characters would be two bars of the same name."""
    first_use: dict[str, int] = {}
    for position, label in enumerate(labels, start=1):
        first = first_use.get(seen(label))
        if first is not None and labels[first - 1] == label:
            raise LogitsError("err.duplicate_label", item=position, label=excerpt(label),
                              first=first)
        if first is not None:
            raise LogitsError("err.invisible_duplicate", item=position, first=first,
                              label=excerpt(seen(label)),
                              codes=invisible_in(label + labels[first - 1]))
        first_use[seen(label)] = position


def shorten_labels(labels: list[str]) -> tuple[list[str], list[Note]]:
    """Labels cut to ``MAX_LABEL_CHARS`` (the last one an ellipsis), with a note when
    any was cut.

    >>> shorten_labels(["yes", "no"])
    (['yes', 'no'], [])
    >>> shortened, notes = shorten_labels(["y" * 500])
    >>> len(shortened[0]), shortened[0][-1], notes[0].values
    (200, '…', {'count': 1, 'limit': 200})
    """
    long = sum(len(label) > MAX_LABEL_CHARS for label in labels)
    if not long:
        return labels, []
    cut = [label if len(label) <= MAX_LABEL_CHARS else label[:MAX_LABEL_CHARS - 1] + "…"
           for label in labels]
    return cut, [Note("note.labels_shortened", {"count": long, "limit": MAX_LABEL_CHARS})]


def is_invisible(character: str) -> bool:
    """Whether a character draws nothing although it is not a space: format characters
    (direction overrides, zero-width ones), controls, and a few blanks.

    >>> is_invisible("\u202e"), is_invisible("\u200b"), is_invisible(" "), is_invisible("a")
    (True, True, False, False)
    """
    return character in _BLANK or (unicodedata.category(character) in ("Cf", "Cc", "Cs")
                                   and not character.isspace())


def seen(text: str) -> str:
    """What a reader sees of a text: every invisible character left out.

    >>> seen("ca\u200bt\u202e")
    'cat'
    """
    if not any(map(is_invisible, _UNUSUAL.findall(text))):
        return text  # the same string, not a copy: most labels have nothing to leave out
    return _UNUSUAL.sub(lambda found: "" if is_invisible(found.group()) else found.group(),
                        text)


def invisible_in(text: str) -> str:
    """The invisible characters in a text, each named by its code point, or "".

    >>> invisible_in("5\ufeff"), invisible_in("\u202e\u2066\u202e"), invisible_in("5")
    ('U+FEFF', 'U+202E, U+2066', '')
    """
    found = dict.fromkeys(c for c in _UNUSUAL.findall(text) if is_invisible(c))
    return ", ".join(f"U+{ord(c):04X}" for c in found)


def written(text: str) -> str:
    """A text as a message quotes it: invisible characters written as their code points.

    >>> written("5\u2066")
    '5⟨U+2066⟩'
    """
    return _UNUSUAL.sub(lambda found: f"⟨U+{ord(found.group()):04X}⟩" if is_invisible(
        found.group()) else found.group(), text)


def spreadsheet_safe(labels: Iterable[str]) -> list[str]:
    """Labels as CSV cells a spreadsheet shows and never runs: a label that begins as
    a formula would (=, +, -, @, a tab or a carriage return) gets a leading apostrophe,
    as OWASP advises against CSV injection; every other label is left as it is.

    >>> spreadsheet_safe(["=HYPERLINK(1)", "-inf", "cat", "a=b"])
    ["'=HYPERLINK(1)", "'-inf", 'cat', 'a=b']
    """
    return [f"'{label}" if label[:1] in _FORMULA_START else label for label in labels]


def _reading_notes(body: str, pieces: list[str], decimal_commas: bool) -> list[Note]:
    """Say how text that could be read two ways was read."""
    if decimal_commas and any(_DECIMAL_COMMA_NUMBER.search(p) for p in pieces):
        return [Note("note.decimal_commas")]
    # two searches, not one pattern joining them with .*: that backtracks quadratically
    if not decimal_commas and _TIGHT_COMMA.search(body) and _SPACED_COMMA.search(body):
        return [Note("note.commas_separate")]
    return []


def excerpt(text: str, limit: int = 40) -> str:
    """A piece of text as a message quotes it: at most ``limit`` characters, every
    invisible one written as its code point.

    >>> excerpt("x" * 50), excerpt("1\u202e")
    ('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…', '1⟨U+202E⟩')
    """
    return written(text if len(text) <= limit else text[: limit - 1] + "…")


def without_zero_width(text: str) -> str:
    """Text without the characters typed logits drop: the byte-order mark and the
    zero-width space, non-joiner, joiner and word joiner.

    >>> without_zero_width("\ufeff1\u200b")
    '1'
    """
    return text.translate(_DROPPED)

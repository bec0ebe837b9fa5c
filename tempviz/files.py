"""Reading logits from uploaded files: CSV, NumPy .npy and JSON.

- CSV: one column of logits, or two columns, label then logit; a header row is
  recognised by its second cell not being a number.
- .npy: a one-dimensional array of numbers (never unpickled).
- JSON: a list of numbers, or an object mapping labels to numbers. "-inf" or
  -Infinity marks a token that can never be chosen.

Every problem raises :class:`tempviz.logits.LogitsError` naming the row or item.
Labels that repeat (two tokens that decode to the same text, say) get " #2", " #3"
appended, with a note, since a file cannot be corrected as easily as a text box.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from pathlib import PurePath

import numpy as np

from tempviz.logits import MAX_LOGITS, Logits, LogitsError, LogitsLimitError, Note, default_label

READERS = ("csv", "npy", "json", "txt")


def read_logits_file(name: str, data: bytes) -> Logits:
    """Logits from a file's name and bytes; the extension says how to read it.

    >>> read_logits_file("scores.json", b'{"cat": 2, "dog": 1}').labels
    ['cat', 'dog']
    >>> read_logits_file("scores.csv", b"label,logit\\ncat,2\\ndog,-inf\\n").values
    array([  2., -inf])
    """
    kind = PurePath(name).suffix.lower().lstrip(".")
    if kind not in READERS:
        raise LogitsError("file.type", name=name, suffix=PurePath(name).suffix or "—")
    if kind == "npy":
        labels, values = _read_npy(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LogitsError("file.not_utf8", name=name) from None
        labels, values = _read_json(text) if kind == "json" else _read_csv(text)
    return _checked(name, labels, values)


def _read_npy(data: bytes) -> tuple[list[str | None], list[float]]:
    try:
        array = np.load(io.BytesIO(data), allow_pickle=False)
    except (ValueError, OSError, EOFError) as error:
        raise LogitsError("file.npy_unreadable", error=error) from None
    if not isinstance(array, np.ndarray) or array.dtype.kind not in "iuf":
        raise LogitsError("file.npy_not_numbers")
    if array.ndim != 1:
        raise LogitsError("file.npy_shape", shape=array.shape)
    return [None] * array.size, array.astype(np.float64).tolist()


def _read_json(text: str) -> tuple[list[str | None], list[float]]:
    try:
        content = json.loads(text)
    except json.JSONDecodeError as error:
        raise LogitsError("file.json_invalid", message=error.msg, line=error.lineno,
                          column=error.colno) from None
    if isinstance(content, dict):
        pairs = list(content.items())
    elif isinstance(content, list):
        pairs = [(None, value) for value in content]
    else:
        raise LogitsError("file.json_shape")
    values = [_json_number(value, position) for position, (_, value) in enumerate(pairs, 1)]
    return [label for label, _ in pairs], values


def _json_number(value: object, position: int) -> float:
    if isinstance(value, str) and value.strip().lower() in ("-inf", "-infinity"):
        return -math.inf
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LogitsError("file.json_item", item=position, value=json.dumps(value)[:40])
    return float(value)


def _read_csv(text: str) -> tuple[list[str | None], list[float]]:
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if rows and not _is_number(rows[0][-1]):
        rows = rows[1:]  # a header such as "label,logit"
    labels: list[str | None] = []
    values: list[float] = []
    for line, row in enumerate(rows, start=1):
        if len(row) > 2:
            raise LogitsError("file.csv_columns", row=line, count=len(row))
        if not _is_number(row[-1]):
            raise LogitsError("file.csv_value", row=line, value=row[-1].strip()[:40])
        labels.append(row[0].strip() if len(row) == 2 else None)
        values.append(float(row[-1]))
    return labels, values


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _checked(name: str, labels: list[str | None], values: list[float]) -> Logits:
    if not values:
        raise LogitsError("file.empty", name=name)
    if len(values) > MAX_LOGITS:
        raise LogitsLimitError("file.too_many", name=name, count=len(values), limit=MAX_LOGITS)
    z = np.array(values, dtype=np.float64)
    bad = np.isnan(z) | np.isposinf(z)
    if bad.any():
        position = int(np.argmax(bad)) + 1
        raise LogitsError("file.bad_value", item=position, name=name, value=z[position - 1])
    if np.isneginf(z).all():
        raise LogitsError("file.all_neg_inf", name=name)
    named = [default_label(i) if label in (None, "") else str(label)
             for i, label in enumerate(labels, start=1)]
    unique, notes = _distinct(named)
    return Logits(z, unique, notes)


def _distinct(labels: list[str]) -> tuple[list[str], list[Note]]:
    """Labels made distinct by numbering repeats: "the", "the #2", ...

    >>> _distinct(["a", "b", "a"])
    (['a', 'b', 'a #2'], [Phrase(key='note.numbered', values={'example': 'a #2'})])
    """
    originals = set(labels)
    if len(originals) == len(labels):
        return labels, []
    taken: set[str] = set()
    uses: Counter = Counter()
    out = []
    for label in labels:
        candidate = label
        while candidate in taken or (candidate != label and candidate in originals):
            uses[label] += 1
            candidate = f"{label} #{uses[label] + 1}"
        taken.add(candidate)
        out.append(candidate)
    example = next(new for old, new in zip(labels, out) if old != new)
    return out, [Note("note.numbered", {"example": example})]

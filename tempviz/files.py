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

from tempviz.logits import MAX_LOGITS, Logits, LogitsError, LogitsLimitError, default_label

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
        raise LogitsError(f"{name}: files must end in .csv, .npy, .json or .txt, "
                          f"but this one ends in {PurePath(name).suffix or 'nothing'}")
    if kind == "npy":
        labels, values = _read_npy(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LogitsError(f"{name} is not UTF-8 text; save it as UTF-8 "
                              "(or as .npy)") from None
        labels, values = _read_json(text) if kind == "json" else _read_csv(text)
    return _checked(name, labels, values)


def _read_npy(data: bytes) -> tuple[list[str | None], list[float]]:
    try:
        array = np.load(io.BytesIO(data), allow_pickle=False)
    except (ValueError, OSError, EOFError) as error:
        raise LogitsError(f"the .npy file could not be read: {error}") from None
    if not isinstance(array, np.ndarray) or array.dtype.kind not in "iuf":
        raise LogitsError("the .npy file must hold an array of numbers")
    if array.ndim != 1:
        raise LogitsError(f"the .npy array must be one-dimensional, but it has shape "
                          f"{array.shape}; save logits[0, -1] for a model's next token")
    return [None] * array.size, array.astype(np.float64).tolist()


def _read_json(text: str) -> tuple[list[str | None], list[float]]:
    try:
        content = json.loads(text)
    except json.JSONDecodeError as error:
        raise LogitsError(f"the JSON is not valid: {error.msg} at line {error.lineno}, "
                          f"column {error.colno}") from None
    if isinstance(content, dict):
        pairs = list(content.items())
    elif isinstance(content, list):
        pairs = [(None, value) for value in content]
    else:
        raise LogitsError("the JSON must be a list of numbers or an object of label: number")
    values = [_json_number(value, position) for position, (_, value) in enumerate(pairs, 1)]
    return [label for label, _ in pairs], values


def _json_number(value: object, position: int) -> float:
    if isinstance(value, str) and value.strip().lower() in ("-inf", "-infinity"):
        return -math.inf
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LogitsError(f"item {position} ({json.dumps(value)[:40]}) is not a number")
    return float(value)


def _read_csv(text: str) -> tuple[list[str | None], list[float]]:
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if rows and not _is_number(rows[0][-1]):
        rows = rows[1:]  # a header such as "label,logit"
    labels: list[str | None] = []
    values: list[float] = []
    for line, row in enumerate(rows, start=1):
        if len(row) > 2:
            raise LogitsError(f"row {line} has {len(row)} columns; use one (logit) or two "
                              "(label, logit)")
        if not _is_number(row[-1]):
            raise LogitsError(f'row {line}: "{row[-1].strip()[:40]}" is not a number')
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
        raise LogitsError(f"{name} holds no logits")
    if len(values) > MAX_LOGITS:
        raise LogitsLimitError(f"{name} holds {len(values):,} logits; at most {MAX_LOGITS:,} "
                               "are allowed")
    z = np.array(values, dtype=np.float64)
    bad = np.isnan(z) | np.isposinf(z)
    if bad.any():
        position = int(np.argmax(bad)) + 1
        raise LogitsError(f"item {position} of {name} is {z[position - 1]}; logits must be "
                          "numbers or -inf")
    if np.isneginf(z).all():
        raise LogitsError(f"every logit in {name} is -inf; at least one must be a number")
    named = [default_label(i) if label in (None, "") else str(label)
             for i, label in enumerate(labels, start=1)]
    unique, notes = _distinct(named)
    return Logits(z, unique, notes)


def _distinct(labels: list[str]) -> tuple[list[str], list[str]]:
    """Labels made distinct by numbering repeats: "the", "the #2", ...

    >>> _distinct(["a", "b", "a"])
    (['a', 'b', 'a #2'], ['Repeated labels were numbered, as in "a #2".'])
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
    return out, [f'Repeated labels were numbered, as in "{example}".']

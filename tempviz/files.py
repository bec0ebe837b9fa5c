"""Reading logits from uploaded files: CSV, NumPy .npy and JSON; labelled sets (CSV, .npz).

- CSV: one column of logits, or two columns, label then logit; a header row is
  recognised by its second cell not being a number. Lines may end the Windows, Unix
  or old Mac way. A .txt file is read as CSV.
- .npy: a one-dimensional array of numbers (never unpickled); its header is checked
  before any of its data is read, so a header that promises a huge array costs nothing.
- JSON: a list of numbers, or an object mapping labels to numbers. "-inf" or
  -Infinity marks a token that can never be chosen.

Whatever the bytes, every problem raises :class:`tempviz.logits.LogitsError` naming
the row or item, never another exception. Labels that repeat (two tokens that decode
to the same text, say), or that differ only by invisible characters, get " #2", " #3"
appended, with a note, since a file cannot be corrected as easily as a text box.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
import zipfile
from collections import Counter
from pathlib import PurePath

import numpy as np

from tempviz.logits import (
    MAX_LOGITS,
    Logits,
    LogitsError,
    LogitsLimitError,
    Note,
    default_label,
    excerpt,
    invisible_in,
    seen,
    shorten_labels,
    without_zero_width,
)

READERS = ("csv", "npy", "json", "txt")
# A whole vocabulary takes a few megabytes (GPT-2's 50,257 tokens with their logits, 1 MB
# as CSV; 100,000 logits, 0.8 MB as .npy); more is long labels, which cost a server four
# times their bytes or more, in every session that uploads them
MAX_FILE_MB = 10
# Streamlit's uploader counts a megabyte as 10**6 bytes in the browser (its server, as
# 2**20): the browser's count is the one a student meets
MAX_FILE_BYTES = MAX_FILE_MB * 1_000_000
_MINUS_INFINITY = ("-inf", "-infinity")
_FIELD_LIMIT = csv.field_size_limit()  # the longest cell Python's csv module reads
_SURROGATE = re.compile("[\ud800-\udfff]")


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
    if len(data) > MAX_FILE_BYTES:
        raise LogitsLimitError("file.too_large", name=name, size=len(data) / 1_000_000,
                               limit=MAX_FILE_MB)
    if kind != "npy" and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LogitsError("file.utf16", name=name)  # Excel's "Unicode text"
    try:
        if kind == "npy":
            labels, values = _read_npy(name, data)
        elif kind == "json":
            labels, values = _read_json(name, data.decode("utf-8-sig"))
        else:
            labels, values = _read_csv(name, data)
    except UnicodeDecodeError:  # text must be UTF-8, with or without a byte-order mark
        raise LogitsError("file.not_utf8", name=name) from None
    return _checked(name, labels, values)


def _read_npy(name: str, data: bytes) -> tuple[list[str | None], list[float]]:
    """The array in a .npy file, its header checked before its data is read."""
    stream = io.BytesIO(data)
    try:
        shape, dtype = _npy_header(stream)
    except (ValueError, EOFError) as error:
        raise LogitsError("file.npy_unreadable", error=error) from None
    if len(shape) != 1:
        raise LogitsError("file.npy_shape", shape=shape)
    if shape[0] > MAX_LOGITS:
        raise LogitsLimitError("file.too_many", name=name, count=shape[0], limit=MAX_LOGITS)
    if not dtype.hasobject and (dtype.kind not in "iuf" or dtype.fields is not None):
        raise LogitsError("file.npy_not_numbers")
    stream.seek(0)
    try:  # numpy refuses object arrays itself, as pickles it is not allowed to load
        array = np.lib.format.read_array(stream, allow_pickle=False)
    except (ValueError, EOFError) as error:
        raise LogitsError("file.npy_unreadable", error=error) from None
    return [None] * array.size, array.astype(np.float64).tolist()


def _npy_header(stream: io.RawIOBase) -> tuple[tuple[int, ...], np.dtype]:
    """The shape and type a .npy stream's header promises, read before any of its data;
    ValueError or EOFError if it has none that NumPy's versions 1 and 2 write."""
    version = np.lib.format.read_magic(stream)
    read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                   (2, 0): np.lib.format.read_array_header_2_0}.get(version)
    if read_header is None:
        raise ValueError(f"version {version} of the format is not read here")
    shape, _, dtype = read_header(stream)
    return shape, dtype


def _read_json(name: str, text: str) -> tuple[list[str | None], list[float]]:
    numbers = _JsonNumbers()
    try:
        content = json.loads(text, parse_int=numbers, parse_float=numbers,
                             parse_constant=numbers.constant)
    except json.JSONDecodeError as error:
        raise LogitsError("file.json_invalid", message=error.msg, line=error.lineno,
                          column=error.colno) from None
    except RecursionError:
        raise LogitsError("file.json_nested") from None
    if isinstance(content, dict):
        pairs = list(content.items())
    elif isinstance(content, list):
        pairs = [(None, value) for value in content]
    else:
        raise LogitsError("file.json_shape")
    if len(pairs) > MAX_LOGITS:
        raise LogitsLimitError("file.too_many", name=name, count=len(pairs), limit=MAX_LOGITS)
    values = [_json_number(value, position) for position, (_, value) in enumerate(pairs, 1)]
    return [label for label, _ in pairs], values


class _JsonNumbers:
    """JSON's numbers as floats, read from their text: an integer never becomes a Python
    int (which refuses more than 4,300 digits), and one beyond the float range is
    refused rather than read as infinity. Past ``MAX_LOGITS`` numbers each reads as
    None, so a file of millions costs a list of pointers before it is refused."""

    def __init__(self):
        self.count = 0

    def __call__(self, written: str) -> float | None:
        self.count += 1
        if self.count > MAX_LOGITS:
            return None
        number = float(written)
        if math.isinf(number):
            raise LogitsError("file.json_beyond_range", value=written[:20] + "…" * (
                len(written) > 20))
        return number

    @staticmethod
    def constant(written: str) -> float:
        """NaN, Infinity and -Infinity, which Python's JSON reader accepts."""
        return float(written)


def _json_number(value: object, position: int) -> float:
    if isinstance(value, str) and without_zero_width(value).strip().lower() in _MINUS_INFINITY:
        return -math.inf
    if isinstance(value, bool) or not isinstance(value, float):
        raise LogitsError("file.json_item", item=position, value=_json_text(value))
    return value


def _json_text(value: object) -> str:
    """A JSON value as a message quotes it, at most 40 characters."""
    if isinstance(value, (list, dict)) and len(value) > 3:
        return "[…]" if isinstance(value, list) else "{…}"
    written = json.dumps(value)
    return written if len(written) <= 40 else written[:39] + "…"


def _read_csv(name: str, data: bytes) -> tuple[list[str | None], list[float]]:
    # decoded a line at a time: one emoji would make the whole file's text four bytes a
    # character; newline="" reads \r, \n and \r\n alike
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    rows: list[list[str]] = []
    count = 0
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                count += 1
                if count <= MAX_LOGITS + 1:  # a header may come first; the rest is counted
                    rows.append(row)
    except csv.Error as error:
        key = "file.csv_cell_too_long" if "field limit" in str(error) else "file.csv_unreadable"
        raise LogitsError(key, line=reader.line_num, limit=_FIELD_LIMIT) from None
    header = int(bool(rows) and _is_header(rows[0][-1]))
    if count - header > MAX_LOGITS:
        raise LogitsLimitError("file.too_many", name=name, count=count - header,
                               limit=MAX_LOGITS)
    labels: list[str | None] = []
    values: list[float] = []
    for line, row in enumerate(rows[header:], start=1):
        if len(row) > 2:
            raise LogitsError("file.csv_columns", row=line, count=len(row))
        value = _number(row[-1])
        if value is None:
            raise LogitsError("file.csv_value", row=line, value=excerpt(row[-1].strip()))
        labels.append(row[0].strip() if len(row) == 2 else None)
        values.append(value)
    return labels, values


def _is_header(cell: str) -> bool:
    """Whether a first row's last cell names the column ("logit") rather than holding a
    mistyped number ("1_000", or 1 with an invisible character): a mistake is reported,
    never skipped as a header."""
    return _number(seen(cell)) is None and any(c.isalpha() for c in cell)


def _number(cell: str) -> float | None:
    """A CSV cell's number, or None: ASCII digits only (Python's float() would also
    read "1_000" and Arabic-Indic digits), nan and inf left for the range check."""
    cleaned = without_zero_width(cell).strip()
    if not cleaned.isascii() or "_" in cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return None


def _checked(name: str, labels: list[str | None], values: list[float]) -> Logits:
    if not values:
        raise LogitsError("file.empty", name=name)
    z = np.array(values, dtype=np.float64)
    bad = np.isnan(z) | np.isposinf(z)
    if bad.any():
        position = int(np.argmax(bad)) + 1
        raise LogitsError("file.bad_value", item=position, name=name, value=z[position - 1])
    if np.isneginf(z).all():
        raise LogitsError("file.all_neg_inf", name=name)
    named = [default_label(i) if label in (None, "") else label
             for i, label in enumerate(labels, start=1)]
    for position, label in enumerate(named, start=1):
        if _SURROGATE.search(label):  # from a JSON "\ud800" escape; no character at all
            raise LogitsError("file.surrogate_label", item=position, name=name,
                              codes=invisible_in(label))
    shortened, notes = shorten_labels(named)
    unique, numbered = _distinct(shortened)
    return Logits(z, unique, notes + numbered)


def _distinct(labels: list[str]) -> tuple[list[str], list[Note]]:
    """Labels made distinct to the eye by numbering repeats: "the", "the #2", ...; a
    label that differs from another only by invisible characters counts as a repeat.

    >>> _distinct(["a", "b", "a"])
    (['a', 'b', 'a #2'], [Phrase(key='note.numbered', values={'example': 'a #2'})])
    >>> _distinct(["a", "a\\u202e"])[0]
    ['a', 'a\\u202e #2']
    """
    looks = [seen(label) for label in labels]
    if len(set(looks)) == len(labels):
        return labels, []
    originals = set(looks)
    taken: set[str] = set()
    uses: Counter = Counter()
    out = []
    for label, look in zip(labels, looks):
        candidate, suffix = look, ""
        while candidate in taken or (suffix and candidate in originals):
            uses[look] += 1
            suffix = f" #{uses[look] + 1}"
            candidate = look + suffix
        taken.add(candidate)
        out.append(label + suffix)
    example = next(new for old, new in zip(labels, out) if old != new)
    notes = [Note("note.numbered", {"example": example})]
    unseen = invisible_in("".join(label for label, look in zip(labels, looks) if label != look))
    if unseen:
        notes.append(Note("note.invisible_labels", {"codes": unseen}))
    return out, notes


# Labelled sets: the held-out logits and labels temperature scaling is fitted on.
#
# - CSV: one row per example, its K logits, then its label (a class number, 0 to K - 1)
#   in the last column; a header row is recognised, as above, by its last cell ("label").
# - .npz: NumPy's archive with two arrays, ``logits`` (N × K numbers) and ``labels`` (N
#   whole numbers); each array's header is checked before its data is read, and nothing
#   is ever unpickled.
#
# The limits are a logits file's: 10 MB and 100,000 logits (N × K), with at most
# ``MAX_SET_CLASSES`` classes, since the soft-target bars name every class.
SET_READERS = ("csv", "npz")
MAX_SET_CELLS = MAX_LOGITS
MAX_SET_CLASSES = 100
SET_ARRAYS = ("logits", "labels")


def read_labelled_set(name: str, data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The logits (N × K floats) and labels (N class numbers) of an uploaded labelled set.

    >>> logits, labels = read_labelled_set("held_out.csv", b"z0,z1,label\\n2,1,0\\n0,3,1\\n")
    >>> logits.tolist(), labels.tolist()
    ([[2.0, 1.0], [0.0, 3.0]], [0, 1])
    """
    suffix = PurePath(name).suffix
    kind = suffix.lower().lstrip(".")
    if kind not in SET_READERS:
        raise LogitsError("set.type", name=name, suffix=suffix or "—")
    if len(data) > MAX_FILE_BYTES:
        raise LogitsLimitError("file.too_large", name=name, size=len(data) / 1_000_000,
                               limit=MAX_FILE_MB)
    if kind == "npz":
        logits, labels = _read_npz(name, data)
    else:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise LogitsError("file.utf16", name=name)
        try:
            logits, labels = _read_set_csv(name, data)
        except UnicodeDecodeError:
            raise LogitsError("file.not_utf8", name=name) from None
    return _checked_set(name, logits, labels)


def _read_set_csv(name: str, data: bytes) -> tuple[np.ndarray, list[str]]:
    """The logits of every row, and each row's label as written; a header is skipped."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    rows: list[np.ndarray] = []
    labels: list[str] = []
    width = cells = 0
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if not labels and _is_header(row[-1]):
                continue
            line = len(labels) + 1
            if len(row) < 3:
                raise LogitsError("set.csv_narrow", row=line, count=len(row))
            width = width or len(row)
            if len(row) != width:
                raise LogitsError("set.csv_columns", row=line, count=len(row), expected=width)
            cells += width - 1
            if cells > MAX_SET_CELLS:  # counted as read: a huge file stops at the limit
                raise LogitsLimitError("set.too_many_cells", name=name, limit=MAX_SET_CELLS)
            rows.append(_set_row(row[:-1], line))
            labels.append(row[-1])
    except csv.Error as error:
        key = "file.csv_cell_too_long" if "field limit" in str(error) else "file.csv_unreadable"
        raise LogitsError(key, line=reader.line_num, limit=_FIELD_LIMIT) from None
    if not rows:
        raise LogitsError("set.empty", name=name)
    return np.array(rows), labels


def _set_row(cells: list[str], line: int) -> np.ndarray:
    values = []
    for column, cell in enumerate(cells, start=1):
        value = _number(cell)
        if value is None:
            raise LogitsError("set.csv_value", row=line, column=column,
                              value=excerpt(cell.strip()))
        values.append(value)
    return np.array(values, dtype=np.float64)


def _read_npz(name: str, data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The two arrays of an .npz archive, each header checked before its data is read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise LogitsError("set.npz_unreadable", name=name, error=error) from None
    with archive:
        members = {PurePath(member).stem: member for member in archive.namelist()
                   if member.endswith(".npy")}
        missing = [array for array in SET_ARRAYS if array not in members]
        if missing:
            held = ", ".join(sorted(members)[:10]) or "—"
            raise LogitsError("set.npz_missing", name=name, held=held)
        return tuple(_npz_array(archive, members[array], array, name) for array in SET_ARRAYS)


def _npz_array(archive: zipfile.ZipFile, member: str, array: str, name: str) -> np.ndarray:
    dimensions = 2 if array == "logits" else 1
    try:
        with archive.open(member) as stream:
            shape, dtype = _npy_header(stream)
            if len(shape) != dimensions:
                raise LogitsError(f"set.npz_{array}_shape", shape=shape)
            if math.prod(shape) > MAX_SET_CELLS:
                raise LogitsLimitError("set.too_many_cells", name=name, limit=MAX_SET_CELLS)
            if dtype.hasobject or dtype.kind not in "iuf" or dtype.fields is not None:
                raise LogitsError("set.npz_not_numbers", array=array)
        with archive.open(member) as stream:
            return np.lib.format.read_array(stream, allow_pickle=False)
    except (ValueError, EOFError, zipfile.BadZipFile, OSError) as error:
        if isinstance(error, LogitsError):
            raise
        raise LogitsError("set.npz_array_unreadable", array=array, error=error) from None


def _checked_set(name: str, logits: np.ndarray, labels: np.ndarray | list[str]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Finite logits in N ≥ 1 rows of 2 to ``MAX_SET_CLASSES`` columns, and one class
    number, 0 to K - 1, per row."""
    z = logits.astype(np.float64)
    if z.size == 0:
        raise LogitsError("set.empty", name=name)
    rows, classes = z.shape
    if classes < 2:
        raise LogitsError("set.one_class", name=name)
    if classes > MAX_SET_CLASSES:
        raise LogitsLimitError("set.too_many_classes", name=name, classes=classes,
                               limit=MAX_SET_CLASSES)
    bad = ~np.isfinite(z)
    if bad.any():
        row, column = np.unravel_index(int(np.argmax(bad)), z.shape)
        raise LogitsError("set.not_finite", row=int(row) + 1, column=int(column) + 1,
                          value=z[row, column])
    if len(labels) != rows:
        raise LogitsError("set.label_count", rows=rows, count=len(labels))
    y = np.empty(rows, dtype=np.int64)
    for row, label in enumerate(labels):
        value = _number(label) if isinstance(label, str) else float(label)
        if value is None or not value.is_integer() or not 0 <= value < classes:
            shown = excerpt(label.strip()) if isinstance(label, str) else f"{label:g}"
            raise LogitsError("set.label", row=row + 1, value=shown, most=classes - 1)
        y[row] = int(value)
    z.setflags(write=False)
    y.setflags(write=False)
    return z, y

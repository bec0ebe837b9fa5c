"""Logits from uploaded files: every accepted format, and a clear error for broken ones."""

import io
import math

import numpy as np
import pytest

from tempviz.files import read_logits_file
from tempviz.logits import MAX_LOGITS, LogitsError, LogitsLimitError


def npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


@pytest.mark.parametrize("name, data, labels, values", [
    ("a.csv", b"1\n2\n5\n", ["z1", "z2", "z3"], [1, 2, 5]),
    ("a.csv", b"logit\n1\n2\n", ["z1", "z2"], [1, 2]),
    ("a.csv", b"label,logit\ncat,2\ndog,-inf\n", ["cat", "dog"], [2, -math.inf]),
    ("a.csv", b'"Sure, why not",2.5\nno,1e-3\n\n', ["Sure, why not", "no"], [2.5, 0.001]),
    ("a.CSV", "\ufeffкот,1\nпёс,2\n".encode(), ["кот", "пёс"], [1, 2]),  # BOM, Cyrillic
    ("a.txt", b"3\n4\n", ["z1", "z2"], [3, 4]),
    ("a.npy", npy(np.array([1.0, 2.0, -np.inf])), ["z1", "z2", "z3"], [1, 2, -math.inf]),
    ("a.npy", npy(np.array([1, 2], dtype=np.int64)), ["z1", "z2"], [1, 2]),
    ("a.npy", npy(np.array([1, 2], dtype=np.float16)), ["z1", "z2"], [1, 2]),
    ("a.json", b"[1, 2, 5]", ["z1", "z2", "z3"], [1, 2, 5]),
    ("a.json", b'{"cat": 2, "dog": "-inf", "eel": -Infinity}', ["cat", "dog", "eel"],
     [2, -math.inf, -math.inf]),
])
def test_accepted_files(name, data, labels, values):
    logits = read_logits_file(name, data)
    assert logits.labels == labels
    np.testing.assert_array_equal(logits.values, values)


@pytest.mark.parametrize("name, data, message", [
    ("a.xlsx", b"PK", "files must end in .csv, .npy, .json or .txt"),
    ("a.npy", b"not a numpy file", "the .npy file could not be read"),
    ("a.npy", npy(np.array([{"a": 1}], dtype=object)), "could not be read"),  # no unpickling
    ("a.npy", npy(np.ones((2, 3))), r"one-dimensional, but it has shape \(2, 3\)"),
    ("a.npy", npy(np.array(["a", "b"])), "must hold an array of numbers"),
    ("a.json", b"[1, 2,", "the JSON is not valid"),
    ("a.json", b'{"a": "x"}', 'item 1 \\("x"\\) is not a number'),
    ("a.json", b"[1, true]", "item 2 \\(true\\) is not a number"),
    ("a.json", b'"1, 2"', "must be a list of numbers or an object"),
    ("a.json", b"[NaN, 1]", "item 1 of a.json is nan"),
    ("a.json", b"[Infinity]", "item 1 of a.json is inf"),
    ("a.csv", b"1\ntwo\n", 'row 2: "two" is not a number'),
    ("a.csv", b"a,b,c\n1,2,3\n", "row 1 has 3 columns"),
    ("a.csv", b"", "holds no logits"),
    ("a.csv", b"\xff\xfe1", "not UTF-8 text"),
    ("a.json", b"[-Infinity]", "at least one must be a number"),
])
def test_broken_files_say_what_is_wrong(name, data, message):
    with pytest.raises(LogitsError, match=message):
        read_logits_file(name, data)


def test_a_full_vocabulary_is_read_and_one_more_is_refused():
    values = np.random.default_rng(0).normal(size=MAX_LOGITS)
    assert len(read_logits_file("v.npy", npy(values))) == MAX_LOGITS
    with pytest.raises(LogitsLimitError, match=f"at most {MAX_LOGITS:,}"):
        read_logits_file("v.npy", npy(np.zeros(MAX_LOGITS + 1)))


def test_repeated_labels_from_a_file_are_numbered_with_a_note():
    logits = read_logits_file("t.csv", b"the,1\nthe,2\nthe #2,3\n")
    assert logits.labels == ["the", "the #3", "the #2"]
    assert "numbered" in str(logits.notes[0])

"""Logits from uploaded files: every accepted format, and a clear error for broken ones."""

import csv
import io
import json
import math
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tempviz.files import MAX_FILE_BYTES, READERS, read_labelled_set, read_logits_file
from tempviz.logits import MAX_LABEL_CHARS, MAX_LOGITS, LogitsError, LogitsLimitError, seen


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


# Hardening (issue 15): whatever the bytes, reading a file ends in logits or a LogitsError

def short_id(value: object) -> str | None:
    """A test id for a large parameter: its first characters."""
    return repr(value)[:40] if isinstance(value, (bytes, str)) else None


def npy_header(descr: str, shape: tuple) -> bytes:
    """A .npy file's magic and header with no data: what a file promising an array says."""
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}"
    header += " " * (63 - len(header) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode()


@pytest.mark.parametrize("name, data, labels, values", [
    ("mac.csv", b"label,logit\rcat,2\rdog,-inf\r", ["cat", "dog"], [2, -math.inf]),  # old Mac
    ("win.csv", b"cat,2\r\ndog,1\r\n", ["cat", "dog"], [2, 1]),
    ("a.csv", "1\u200b\n\u20602\n".encode(), ["z1", "z2"], [1, 2]),  # zero-width: dropped
    ("a.csv", "\ufeff\ufefflogit\n3\n".encode(), ["z1"], [3]),  # a BOM, and one more in text
    ("a.json", '["-inf\u200b", 1]'.encode(), ["z1", "z2"], [-math.inf, 1]),
    ("a.json", b"[1" + b" " * 10_000 + b"]", ["z1"], [1]),
    ("a.csv", b'"line one\nline two",1\nb,2\n', ["line one\nline two", "b"], [1, 2]),
    ("a.csv", b"x" * csv.field_size_limit() + b",1\n",  # the longest cell csv reads
     ["x" * (MAX_LABEL_CHARS - 1) + "…"], [1]),
], ids=short_id)
def test_more_accepted_files(name, data, labels, values):
    logits = read_logits_file(name, data)
    assert logits.labels == labels
    np.testing.assert_array_equal(logits.values, values)


@pytest.mark.parametrize("name, data, message", [
    ("a.csv", b"x" * (csv.field_size_limit() + 1) + b",1\n",
     "line 1 holds a cell longer than 131,072 characters"),
    ("a.json", b"[" + b"9" * 400 + b"]", "beyond the float range"),   # too large for a float
    ("a.json", b"[" + b"9" * 5_000 + b"]", "beyond the float range"),  # past int's 4,300 digits
    ("a.json", b"[-1e400]", "beyond the float range"),
    ("a.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("a.json", b"[[[[1]]]]", r"item 1 \(\[\[\[1\.0\]\]\]\) is not a number"),
    ("a.json", b"[1, null]", r"item 2 \(null\) is not a number"),
    ("a.json", b"[" + b"[1,2,3,4]," * 1_000 + b"1]", r"item 1 \(\[…\]\) is not a number"),
    ("a.json", b"", "the JSON is not valid"),
    ("a.json", b'{"\\ud800": 1}', r"holds U\+D800, half of a character"),
    ("a.csv", "1\n2\n".encode("utf-16"), "is not UTF-8 text but UTF-16"),
    ("a.csv", b"1\x00\n", r'row 1: "1⟨U\+0000⟩" is not a number'),
    ("a.csv", "1\u2066\n2\n".encode(), r'row 1: "1⟨U\+2066⟩" is not a number'),
    ("a.csv", b"1_000\n", 'row 1: "1_000" is not a number'),  # float() would read 1000
    ("a.csv", "١\n".encode(), 'row 1: "١" is not a number'),  # and this as 1
    ("a.csv", b"1\nnan\n", "item 2 of a.csv is nan"),
    ("a.txt", b"", "holds no logits"),
    ("a.txt", b"\r\n\r\n", "holds no logits"),
    ("a.npy", b"", "the .npy file could not be read"),
    ("a.npy", npy_header("<f8", (10**12,)), "holds 1,000,000,000,000 logits"),  # no allocation
    ("a.npy", npy_header("<f8", (10**6, 10**6)), "one-dimensional"),
    ("a.npy", npy_header("|V100000000", (3,)), "must hold an array of numbers"),
    ("a.npy", npy_header("<c16", (3,)), "must hold an array of numbers"),
    ("a.npy", npy(np.arange(3.0))[:-8], "could not be read"),  # cut short
    ("a.npy", npy(np.zeros(0)), "holds no logits"),
    ("a.npy", b"PK\x03\x04" + b"\x00" * 100, "could not be read"),  # an .npz: never unzipped
], ids=short_id)
def test_broken_bytes_raise_a_logits_error_that_names_the_problem(name, data, message):
    with pytest.raises(LogitsError, match=message):
        read_logits_file(name, data)


def test_a_file_of_the_largest_size_is_read_and_one_byte_more_is_refused():
    padding = MAX_FILE_BYTES - len(b"[1]")
    assert len(read_logits_file("a.json", b"[1" + b" " * padding + b"]")) == 1
    with pytest.raises(LogitsLimitError, match=r"a\.json is 10\.0 MB; a file may be at most 10 MB"):
        read_logits_file("a.json", b"[1" + b" " * (padding + 1) + b"]")


@pytest.mark.parametrize("name, write", [
    ("v.csv", lambda n: b"label,logit\n" + b"".join(b"t%d,%d\n" % (i, i % 7) for i in range(n))),
    ("v.json", lambda n: json.dumps([i % 7 for i in range(n)]).encode()),
    ("v.json", lambda n: json.dumps({f"t{i}": i % 7 for i in range(n)}).encode()),
])
def test_a_full_vocabulary_in_csv_or_json_is_read_and_one_more_is_refused(name, write):
    assert len(read_logits_file(name, write(MAX_LOGITS))) == MAX_LOGITS
    with pytest.raises(LogitsLimitError, match=f"holds {MAX_LOGITS + 1:,} logits; at most"):
        read_logits_file(name, write(MAX_LOGITS + 1))


def test_labels_from_a_file_are_shortened_past_the_limit_with_a_note():
    kept, cut = "k" * MAX_LABEL_CHARS, "c" * (MAX_LABEL_CHARS + 1)
    logits = read_logits_file("a.csv", f"{kept},1\n{cut},2\n".encode())
    assert logits.labels == [kept, "c" * (MAX_LABEL_CHARS - 1) + "…"]
    assert str(logits.notes[0]) == ("Labels longer than 200 characters were shortened to 200 "
                                    "(labels shortened: 1).")
    assert read_logits_file("a.csv", f"{kept},1\n".encode()).notes == []


def test_labels_differing_only_by_invisible_characters_are_numbered_with_a_note():
    logits = read_logits_file("t.csv", "cat,1\ncat\u202e,2\ncat\u2066,3\n".encode())
    assert [seen(label) for label in logits.labels] == ["cat", "cat #2", "cat #3"]
    assert "differ from others only by invisible characters (U+202E, U+2066)" in str(
        logits.notes[1])


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from(READERS), data=st.binary(max_size=600))
def test_random_bytes_give_logits_or_a_logits_error(kind, data):
    assert_logits_or_error(f"upload.{kind}", data)


csv_like = st.text(alphabet="0123456789.,;-+eE\"' \t\r\n\x00\ufeff\u200b\u202eabcinf=@_",
                   max_size=300)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(["csv", "txt"]), text=csv_like)
def test_random_csv_like_text_gives_logits_or_a_logits_error(kind, text):
    assert_logits_or_error(f"upload.{kind}", text.encode("utf-8", "surrogatepass"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**400, 10**400) | st.floats()
    | st.text(max_size=10) | st.sampled_from(["-inf", "-Infinity", "nan"]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=5),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(value=json_values, junk=st.sampled_from(["", "]", "[", ",", "NaN", "\ufeff", "\r"]))
def test_random_json_gives_logits_or_a_logits_error(value, junk):
    written = json.dumps(value, allow_nan=True)
    assert_logits_or_error("upload.json", (written + junk).encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None)
@given(descr=st.sampled_from(["<f8", "<i8", "|u1", "<f2", "|b1", "<c8", "|O", "<U3", "|V8",
                              "<M8[s]", ">f8", "<f16", "x"]),
       shape=st.lists(st.integers(-2, 10**13), max_size=3).map(tuple),
       tail=st.binary(max_size=64))
def test_random_npy_headers_give_logits_or_a_logits_error(descr, shape, tail):
    assert_logits_or_error("upload.npy", npy_header(descr, shape) + tail)


def assert_logits_or_error(name: str, data: bytes) -> None:
    """The one property every upload keeps: valid logits, or the project's own error."""
    try:
        logits = read_logits_file(name, data)
    except LogitsError:
        return
    assert len(logits.values) == len(logits.labels) >= 1
    assert not np.isnan(logits.values).any() and not np.isposinf(logits.values).any()
    assert len({seen(label) for label in logits.labels}) == len(logits.labels)
    assert all(len(label) <= MAX_LABEL_CHARS for label in logits.labels)


# Exact messages and boundaries (issue 26): each fails when a limit, a position or a
# quoted value in a message is off by one

def npy_version(array, version: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version)
    return buffer.getvalue()


def test_an_npy_file_of_format_version_2_is_read():
    # NumPy writes version 2.0 when a header outgrows version 1.0's 65,535 bytes
    assert npy_version(np.array([1.0, -2.5]), (2, 0))[6:8] == b"\x02\x00"
    logits = read_logits_file("v2.npy", npy_version(np.array([1.0, -2.5]), (2, 0)))
    assert logits.values.tolist() == [1.0, -2.5]


@pytest.mark.parametrize("name, ending", [("scores", "—"), ("a.XLSX", ".XLSX")])
def test_a_file_of_another_type_is_refused_naming_its_ending_or_a_dash(name, ending):
    with pytest.raises(LogitsError) as raised:
        read_logits_file(name, b"1")
    assert str(raised.value) == (f"{name}: files must end in .csv, .npy, .json or .txt, "
                                 f"but this one ends in {ending}")


@pytest.mark.parametrize("data, shown", [
    (b"[[1, 2, 3]]", "[1.0, 2.0, 3.0]"),                   # three items are written out
    (b"[[1, 2, 3, 4]]", "[…]"),                            # four are not
    (b'["' + b"x" * 38 + b'"]', '"' + "x" * 38 + '"'),     # 40 characters: in full
    (b'["' + b"x" * 39 + b'"]', '"' + "x" * 38 + "…"),     # 41: cut to 39 and "…"
])
def test_a_json_item_that_is_not_a_number_is_quoted_up_to_40_characters(data, shown):
    with pytest.raises(LogitsError) as raised:
        read_logits_file("a.json", data)
    assert str(raised.value) == f"item 1 ({shown}) is not a number"


def test_a_label_holding_half_a_character_is_named_by_its_item():
    with pytest.raises(LogitsError, match=r"^the label of item 2 in a\.json holds U\+D800,"):
        read_logits_file("a.json", b'{"a": 1, "\\ud800": 2}')


def set_csv(rows: int, classes: int) -> bytes:
    """A labelled set as CSV: a header, then ``rows`` rows of ``classes`` logits and a
    label each (row i's label is i mod K)."""
    lines = [",".join([*(f"z{k}" for k in range(classes)), "label"])]
    lines += [",".join(["0"] * classes + [str(i % classes)]) for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def zip_of(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            archive.writestr(member, npy(np.zeros(2)))
    return buffer.getvalue()


def padded_csv(size: int) -> bytes:
    """A valid one-row set, in exactly ``size`` bytes: the rest are lines of spaces,
    which a reader skips as blank."""
    row = b"2,1,0\n"
    rest = size - len(row)
    data = row + (b" " * 99_999 + b"\n") * (rest // 100_000) + b" " * (rest % 100_000)
    assert len(data) == size
    return data


@pytest.mark.parametrize("read, name, write, logits", [
    (read_logits_file, "a.json", lambda size: b"[1" + b" " * (size - 3) + b"]",
     lambda logits: logits.values.tolist() == [1.0]),
    (read_labelled_set, "a.csv", padded_csv, lambda read: read[0].tolist() == [[2.0, 1.0]]),
])
def test_a_file_of_10_000_000_bytes_is_read_and_one_byte_more_is_refused(read, name, write,
                                                                         logits):
    # a megabyte is 10**6 bytes, as the uploader counts it in the browser
    assert logits(read(name, write(10_000_000)))
    with pytest.raises(LogitsLimitError, match=r"is 10\.0 MB; a file may be at most 10 MB$"):
        read(name, write(10_000_001))


@pytest.mark.parametrize("read, name", [(read_logits_file, "a.json"),
                                        (read_labelled_set, "a.csv")])
def test_a_file_too_large_is_told_its_size_in_megabytes_to_a_tenth(read, name):
    # 10,050,001 bytes are 10.050001 MB, 10.1 to a tenth
    with pytest.raises(LogitsLimitError, match=r"^a\.(json|csv) is 10\.1 MB;"):
        read(name, b" " * 10_050_001)


@pytest.mark.parametrize("name, ending", [("held_out", "—"), ("a.json", ".json")])
def test_a_set_of_another_type_is_refused_naming_its_ending_or_a_dash(name, ending):
    with pytest.raises(LogitsError) as raised:
        read_labelled_set(name, b"2,1,0\n")
    assert str(raised.value) == (f"{name}: a labelled set must be a .csv or .npz file, "
                                 f"but this one ends in {ending}")


@pytest.mark.parametrize("name, data, logits, labels", [
    ("a.csv", b"0,1,label\n2,1,0\n0,3,1\n", [[2, 1], [0, 3]], [0, 1]),  # classes by number
    ("a.csv", b"2,1,1\n", [[2, 1]], [1]),                  # the largest class number, K - 1
    ("a.npz", npz(logits=np.array([[1.0, 2.0], [3.0, 0.0]]), labels=np.array([1, 0])),
     [[1, 2], [3, 0]], [1, 0]),
])
def test_labelled_sets_are_read_as_logits_and_class_numbers(name, data, logits, labels):
    z, y = read_labelled_set(name, data)
    assert z.tolist() == logits and y.tolist() == labels


def test_a_labelled_set_is_read_only_since_every_session_shares_it():
    z, y = read_labelled_set("a.csv", b"2,1,0\n")
    for array in (z, y):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1


@pytest.mark.parametrize("name, data, message", [
    ("a.csv", b"z0,z1,label\n1,0,0\n1,0\n",
     "row 2 has 2 columns; a row holds at least 2 logits, then its label"),  # header not counted
    ("a.csv", b"1,0,0\n1,0,0\n1,0,0,0\n",
     "row 3 has 4 columns but the first row has 3; every row holds the same number of logits"),
    ("a.csv", b"z0,z1,z2,label\n1,0,0,0\n1,0,x,1\n", 'row 2, column 3: "x" is not a number'),
    ("a.csv", b"0,0,0,0\n0,0,inf,1\n", "row 2, column 3 is inf; the logits of a labelled set"),
    ("a.csv", b"1,0,0,0\n1,0,0,3\n", 'row 2: the label "3" is not a class number from 0 to 2'),
    ("a.csv", b"1,0,0\n1,0,cat\n", 'row 2: the label "cat" is not a class number from 0 to 1'),
    ("a.csv", b"x" * (csv.field_size_limit() + 1) + b",1,0\n",
     "line 1 holds a cell longer than 131,072 characters"),
    ("a.npz", npz(logits=np.zeros((0, 2)), labels=np.zeros(0)), "a.npz holds no rows"),
    ("a.npz", npz(logits=np.zeros((1, 1)), labels=np.zeros(1)),
     "a.npz has one column of logits; a classifier needs at least 2 classes"),
    ("a.npz", npz(logits=np.array([["1", "2"]]), labels=np.array([0])),
     "the logits array must hold numbers"),
])
def test_a_bad_set_is_told_exactly_which_row_column_or_array(name, data, message):
    with pytest.raises(LogitsError) as raised:
        read_labelled_set(name, data)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize("members, held", [
    ((), "—"),
    ([f"a{i:02}.npy" for i in range(12)], ", ".join(f"a{i:02}" for i in range(10))),  # ten
    (["logits.npy", "notes.txt"], "logits"),                # .npy files only, by their names
])
def test_an_npz_without_its_two_arrays_lists_at_most_ten_that_it_holds(members, held):
    with pytest.raises(LogitsError) as raised:
        read_labelled_set("a.npz", zip_of(*members))
    assert str(raised.value) == ("a.npz must hold two arrays named logits and labels, "
                                 f"but it holds: {held}")


@pytest.mark.parametrize("name, write, refused", [
    ("a.csv", lambda rows: set_csv(rows, 4), 25_001),       # 25,000 rows × 4 classes
    ("a.csv", lambda rows: set_csv(rows, 2), 50_001),       # 50,000 rows × 2 classes
    ("a.npz", lambda rows: npz(logits=np.zeros((rows, 2)), labels=np.zeros(rows)), 50_001),
])
def test_a_set_of_100_000_logits_is_read_and_one_row_more_is_refused(name, write, refused):
    assert read_labelled_set(name, write(refused - 1))[0].size == 100_000
    with pytest.raises(LogitsLimitError, match=r"more than 100,000 logits \(rows × classes\)"):
        read_labelled_set(name, write(refused))


def test_a_set_of_100_classes_is_read_and_101_are_refused():
    assert read_labelled_set("a.csv", set_csv(2, 100))[0].shape == (2, 100)
    with pytest.raises(LogitsLimitError, match=r"^a\.csv has 101 classes; at most 100 are allowed"):
        read_labelled_set("a.csv", set_csv(2, 101))

"""Reading logits from text: every accepted form, and a pointed message for every mistake."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tempviz as tv
from tempviz.logits import MAX_LOGITS


@pytest.mark.parametrize("text, values", [
    ("1, 2, 5", [1, 2, 5]),
    ("1 2 5", [1, 2, 5]),
    ("1;2;5", [1, 2, 5]),
    ("1\n2\n5\n", [1, 2, 5]),          # a trailing separator is fine
    ("[1, 2, 5]", [1, 2, 5]),          # pasted from Python
    ("(1, 2, 5)", [1, 2, 5]),
    ("1e3, .5, -2., 2E-3", [1000, 0.5, -2, 0.002]),
    ("−1, −∞, 2", [-1, -math.inf, 2]),  # Unicode minus and infinity
    ("0, -inf, -Infinity", [0, -math.inf, -math.inf]),
    ("1,\u00a02,\u20095", [1, 2, 5]),  # non-breaking and thin spaces
    ("1,5; 2,5", [1.5, 2.5]),          # decimal commas between semicolons
    ("1,5\n-2,25", [1.5, -2.25]),
    ("1, 2, 5\n3, 4", [1, 2, 5, 3, 4]),  # several lines of comma-separated values
])
def test_accepted_forms(text, values):
    np.testing.assert_array_equal(tv.parse_logits(text).values, values)


@pytest.mark.parametrize("text, labels, values", [
    ("cat: 2, dog: 1", ["cat", "dog"], [2, 1]),
    ("cat=2 , dog = 1", ["cat", "dog"], [2, 1]),
    ("{'кот': 2, 'пёс': 1}", ["кот", "пёс"], [2, 1]),  # a Python dict, Cyrillic labels
    ("Sure, why not!: 2\nNo.: -1", ["Sure, why not!", "No."], [2, -1]),
    ("a: 1, 2, c: 3", ["a", "z2", "c"], [1, 2, 3]),   # unlabelled items get z + position
    ("ratio a:b: 4", ["ratio a:b"], [4]),               # the last colon separates
])
def test_labels(text, labels, values):
    logits = tv.parse_logits(text)
    assert logits.labels == labels
    np.testing.assert_array_equal(logits.values, values)


def test_default_labels_follow_the_formula():
    assert tv.parse_logits("1, 2, 5").labels == ["z1", "z2", "z3"]


@pytest.mark.parametrize("text, message", [
    ("1, two, 3", r'^item 2 \("two"\) is not a number'),
    ("1, 2, inf", r'item 3 \("inf"\) is \+∞; only -inf is allowed'),
    ("1, nan", r'item 2 \("nan"\) is not a number'),
    ("", "no logits found"),
    ("[ ]", "no logits found"),
    ("-inf, -inf", "at least one must be a finite number"),
    ("a: 1, a: 2", 'item 2: the label "a" is already used by item 1'),
    (": 5", "item 1 has an empty label"),
    ("cat:", "item 1 has a label but no value"),
    ("1e999", r'item 1 \("1e999"\) is beyond the float range'),
    ("cat 1", "to label a logit write label: value"),
    ("1,5,,x", r'item 3 \("x"\) is not a number'),
    ("١, 2", r'item 1 \("١"\) is not a number'),  # only ASCII digits are digits here
])
def test_mistakes_name_the_piece_and_its_position(text, message):
    with pytest.raises(tv.LogitsError, match=message):
        tv.parse_logits(text)


def test_logits_error_is_a_value_error():
    assert issubclass(tv.LogitsError, ValueError)


def test_ambiguous_commas_are_explained():
    assert "decimal commas" in str(tv.parse_logits("1,5; 2,5").notes[0])
    assert "1,5 is two numbers" in str(tv.parse_logits("1,5, 2,5").notes[0])
    assert "1,5 is two numbers" in str(tv.parse_logits("1, 2,5").notes[0])
    assert "десятичные" in tv.parse_logits("1,5; 2,5").notes[0].localized("ru")
    assert tv.parse_logits("1, 2, 5").notes == []
    assert tv.parse_logits("1,2,5").notes == []


def test_too_many_logits_are_refused_with_the_limit():
    with pytest.raises(tv.LogitsError, match=f"at most {MAX_LOGITS:,}"):
        tv.parse_logits(" ".join(["1"] * (MAX_LOGITS + 1)))
    assert len(tv.parse_logits(" ".join(["1"] * MAX_LOGITS))) == MAX_LOGITS


def test_a_full_size_comma_separated_paste_is_read():
    # a pattern that backtracked over the whole text once took minutes here
    values = [f"{i % 97 - 48}.25" for i in range(MAX_LOGITS)]
    logits = tv.parse_logits(", ".join(values))
    assert len(logits) == MAX_LOGITS and logits.values[-1] == float(values[-1])
    assert logits.notes == []


def test_the_fingerprint_that_keys_the_caches_tells_logits_apart():
    prints = {tv.parse_logits(text).fingerprint
              for text in ("1, 2, 5", "1, 2, 6", "a: 1, b: 2, c: 5", "b: 1, a: 2, c: 5",
                           "ab: 1, c: 2", "a: 1, bc: 2")}
    assert len(prints) == 6  # values, labels and where one label ends all count
    assert tv.parse_logits("[1,2,5]").fingerprint == tv.parse_logits("1 2 5").fingerprint


def test_parsed_logits_feed_softmax_directly():
    np.testing.assert_allclose(tv.softmax(tv.parse_logits("a: 0, b: 0")), [0.5, 0.5])


@given(st.text(max_size=60))
def test_any_text_gives_valid_logits_or_a_logits_error(text):
    try:
        logits = tv.parse_logits(text)
    except tv.LogitsError:
        return
    assert len(logits.values) == len(logits.labels) >= 1
    assert not np.isnan(logits.values).any() and not np.isposinf(logits.values).any()
    assert len(set(logits.labels)) == len(logits.labels)


@given(st.lists(st.floats(-1e300, 1e300, allow_nan=False), min_size=1, max_size=20))
def test_python_lists_round_trip(values):
    np.testing.assert_array_equal(tv.parse_logits(str(values)).values, values)


@given(st.text(alphabet="0123456789.,;: \n\t-−+eE[](){}'\"abcinf∞=\u00a0", max_size=80))
def test_text_made_of_number_pieces_gives_logits_or_a_logits_error(text):
    # the fuzz above rarely builds near-numbers; this alphabet builds little else
    try:
        logits = tv.parse_logits(text)
    except tv.LogitsError:
        return
    assert np.isfinite(logits.values).any()
    assert len(logits.values) == len(logits.labels)

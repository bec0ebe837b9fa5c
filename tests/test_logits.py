"""Reading logits from text: every accepted form, and a pointed message for every mistake."""

import dataclasses
import math
import re

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import tempviz as tv
from tempviz.logits import MAX_CHARS, MAX_LABEL_CHARS, MAX_LOGITS, seen


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


# Hardening (issue 15): invisible characters and long labels

@pytest.mark.parametrize("unseen", ["\ufeff", "\u200b", "\u200c", "\u200d", "\u2060"])
def test_characters_that_carry_nothing_are_dropped(unseen):
    # pasted with the logits they once made an item "not a number" with nothing to see
    logits = tv.parse_logits(f"{unseen}1, 2{unseen}, cat{unseen}: 5")
    np.testing.assert_array_equal(logits.values, [1, 2, 5])
    assert logits.labels == ["z1", "z2", "cat"]


@pytest.mark.parametrize("unseen, code", [("\u2066", "U+2066"), ("\u202e", "U+202E"),
                                          ("\u00ad", "U+00AD"), ("\u200e", "U+200E"),
                                          ("\x07", "U+0007"), ("\ufe0f", "U+FE0F")])
def test_every_other_invisible_character_is_named_by_its_code_point(unseen, code):
    with pytest.raises(tv.LogitsError, match=(
            rf'item 2 \("2⟨{re.escape(code)}⟩"\) is not a number: it holds invisible '
            rf"characters \({re.escape(code)}\)")):
        tv.parse_logits(f"1, 2{unseen}, 3")


def test_labels_that_differ_only_by_invisible_characters_are_refused():
    with pytest.raises(tv.LogitsError, match=(
            r'item 2: the label "cat" looks the same as item 1\'s and differs from it only by '
            r"invisible characters \(U\+202E\)")):
        tv.parse_logits("cat: 1, cat\u202e: 2")
    with pytest.raises(tv.LogitsError, match=r"item 1 has a label of invisible characters only "
                                             r"\(U\+2066, U\+2069\)"):
        tv.parse_logits("\u2066\u2069: 1")
    with pytest.raises(tv.LogitsError, match='the label "cat" is already used by item 1'):
        tv.parse_logits("cat: 1, cat: 2")  # an equal label still says so


def test_a_label_past_the_limit_is_shortened_with_a_note():
    kept, cut = "k" * MAX_LABEL_CHARS, "c" * (MAX_LABEL_CHARS + 1)
    assert tv.parse_logits(f"{kept}: 1").notes == []
    logits = tv.parse_logits(f"{kept}: 1\n{cut}: 2")
    assert logits.labels == [kept, "c" * (MAX_LABEL_CHARS - 1) + "…"]
    assert "Labels longer than 200 characters were shortened" in str(logits.notes[0])
    assert "Метки длиннее 200 символов сокращены" in logits.notes[0].localized("ru")


def test_twenty_one_labels_of_100000_characters_cost_what_their_shortened_forms_cost():
    # the case: 2.1 million characters of labels were copied into every chart row
    text = "\n".join(f"{i:02d}{'x' * 100_000}: {i}" for i in range(21))
    logits = tv.parse_logits(text)
    assert sum(map(len, logits.labels)) == 21 * MAX_LABEL_CHARS
    assert logits.nbytes < 50_000


@given(st.text(alphabet="ab: ,\n1\u200b\u200d\ufeff\u202e\u2066\u00ad\x00\u3164", max_size=60))
@example("a: 1, a\u202e: 2")
@example("\u2066: 1")
def test_text_with_invisible_characters_gives_logits_or_a_logits_error(text):
    try:
        logits = tv.parse_logits(text)
    except tv.LogitsError:
        return
    assert len({seen(label) for label in logits.labels}) == len(logits.labels)
    assert all(seen(label) for label in logits.labels)


def test_the_box_holds_4000000_characters_and_one_more_is_refused():
    assert len(tv.parse_logits("1" + " " * (MAX_CHARS - 1))) == 1
    with pytest.raises(tv.LogitsError, match="4,000,001 characters long; at most 4,000,000"):
        tv.parse_logits("1" + " " * MAX_CHARS)


def test_logits_know_which_labels_were_typed():
    # "z2: 1" typed and a plain 1 in second place both get the label z2; a student's
    # prediction is read by name only in the first case
    assert tv.parse_logits("a: 1, 2, z3: 3").typed_labels.tolist() == [True, False, True]
    assert tv.parse_logits("1, 2").typed_labels.tolist() == [False, False]
    assert tv.Logits(np.zeros(2), ["a", "b"]).typed_labels is None  # all given


# Exact boundaries (issue 26): each fails when a limit or a position is off by one

@pytest.mark.parametrize("text, message", [
    ("x" * 40, f'item 1 ("{"x" * 40}") is not a number'),          # 40 characters: in full
    ("x" * 41, f'item 1 ("{"x" * 39}…") is not a number'),         # 41: cut to 39 and "…"
    ("a: 1 2", 'item 1 ("1 2") is not a number; separate items with commas, or put each '
               "on its own line"),
    ('"": 1', "item 1 has an empty label before its value"),       # two quotes around nothing
    ("«»: 1", "item 1 has an empty label before its value"),
    ("a\u2066: 1, b: 2, a\u202e: 3", 'item 3: the label "a" looks the same as item 1\'s and '
                                     "differs from it only by invisible characters "
                                     "(U+202E, U+2066)"),     # both labels' invisible ones
])
def test_a_message_quotes_exactly_what_was_typed(text, message):
    with pytest.raises(tv.LogitsError) as raised:
        tv.parse_logits(text)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize("label, shown", [("'a'", "a"), ('"', '"'), ("«cat»", "cat")])
def test_quotes_around_a_label_are_dropped_and_a_lone_quote_is_a_label(label, shown):
    assert tv.parse_logits(f"{label}: 1").labels == [shown]


@pytest.mark.parametrize("selector", ["\ufe00", "\ufe07", "\ufe0f"])
def test_the_sixteen_variation_selectors_draw_nothing(selector):
    # U+FE00 to U+FE0F are combining marks (Mn) to Unicode, yet show nothing on their own
    assert seen(f"a{selector}") == "a"
    with pytest.raises(tv.LogitsError, match=rf"\(U\+{ord(selector):04X}\)"):
        tv.parse_logits(f"a: 1, a{selector}: 2")


def test_the_character_after_the_variation_selectors_is_a_visible_label():
    assert tv.parse_logits("\ufe10: 1, \ufdfd: 2").labels == ["\ufe10", "\ufdfd"]  # ︐ and ﷽


def test_logits_are_a_frozen_value_since_one_serves_every_rerun():
    logits = tv.parse_logits("1, 2")
    with pytest.raises(dataclasses.FrozenInstanceError):
        logits.labels = ["a", "b"]


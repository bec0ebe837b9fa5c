"""The view a link carries, read and written without Streamlit, and the small rules
(nearest stop, "1 − ε", tolerances, translations) whose mutations nothing else would see."""

import dataclasses
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tempviz import exercise, frames
from tempviz.i18n import LANGUAGES
from tempviz.sampling import (
    CUTS,
    XTC,
    DynamicTemperature,
    Filters,
    MinP,
    TopA,
    TopK,
    TopNSigma,
    TopP,
    TypicalP,
)
from tempviz.state import BAR_COUNTS, MAX_URL_CHARS, SAMPLE_SIZES, STOPS, View
from tempviz.temperature import nearest_stop


def notices(query: dict) -> list[str]:
    return [str(notice) for notice in View.from_query(query)[1]]


def test_an_empty_link_is_the_default_view():
    assert View.from_query({}) == (View(), [])
    assert View().temperature == 1.0 and View().to_query() == {
        "logits": "1, 2, 5", "T": "1", "lang": "en"}


@pytest.mark.parametrize("key, value", [("top_k", "3"), ("top_p", "0.9"), ("min_p", "0.1"),
                                        ("typical_p", "0.5")])
def test_a_valid_cut_in_the_link_is_switched_on_and_written_back(key, value):
    view, said = View.from_query({key: value})
    assert said == []
    assert view.filters.value(key) == float(value)
    assert view.to_query()[key] == value


def test_the_order_is_written_only_when_temperature_goes_last():
    last = View.from_query({"top_p": "0.8", "order": "last"})[0]
    assert not last.filters.temperature_first and last.to_query()["order"] == "last"
    first = View(filters=Filters(*last.filters.cuts))
    assert "order" not in first.to_query()


@pytest.mark.parametrize("query, said", [
    ({"T": "abc"}, "The link's T was ignored: T must be a number ≥ 0 or inf"),
    ({"T": "-1"}, "The link's T was ignored"),
    ({"T": "0.33"}, "which is not a slider stop; showing the nearest, T = 0.35"),
    ({"T": "1e-400"}, "too small to tell from 0: showing the T → 0 limit"),
    ({"top_k": "100001"}, "top_k must be a whole number from 1 to 100,000, but '100001'"),
    ({"top_k": "0"}, "top_k must be a whole number from 1 to 100,000, but '0' was given"),
    ({"top_k": "²"}, "top_k must be a whole number from 1 to 100,000, but '²' was given"),
    ({"top_k": "9" * 5000}, f"top_k must be a whole number from 1 to 100,000, but '{'9' * 39}…'"),
    ({"top_p": "2"}, r"top_p must be a number in [0, 1], but 2.0 was given"),
    ({"typical_p": "0"}, "typical_p must be a number in [0.01, 1]"),
    ({"order": "xyz"}, "order must be first, last, or step keys joined by commas (temperature, "
                       "top_k, top_p, min_p, typical_p, top_n_sigma, top_a, xtc), each once, "
                       "but 'xyz' was given"),
    ({"lang": "xx"}, "lang must be one of en, ru, but 'xx' was given"),
    ({"n": "7"}, "n must be one of 10, 20, 50"),
    ({"seed": "-1"}, "seed must be a whole number from 0 to 4,294,967,295"),
    ({"seed": "²"}, "seed must be a whole number from 0 to 4,294,967,295, but '²' was given"),
    ({"seed": "٣"}, "seed must be a whole number from 0 to 4,294,967,295, but '٣' was given"),
    ({"seed": "4294967296"}, "seed must be a whole number from 0 to 4,294,967,295, but '42"),
    ({"bars": "3"}, "bars must be one of 5, 10, 20, 30, 50"),
    ({"T": ["0.1", "10"]}, "The link gives T more than once; the last, 10, is used."),
    ({"logits": "1 " * 100_001}, "The link's logits was ignored: 100,001 logits were given"),
])
def test_a_link_value_that_is_not_used_as_given_gets_a_notice(query, said):
    assert any(said in notice for notice in notices(query)), notices(query)


def test_a_whole_number_in_a_link_may_have_leading_zeros_but_only_ascii_digits():
    assert View.from_query({"seed": "0" * 9 + "4294967295"}) == (View(seed=4294967295), [])
    assert View.from_query({"seed": "0" * 4400 + "7"}) == (View(seed=7), [])  # int() refuses
    assert View.from_query({"top_k": " 007 "})[0].filters.value("top_k") == 7


def test_a_notice_quotes_at_most_40_characters_of_what_the_link_gave():
    said = notices({"order": "x" * 3000, "T": "7" * 3000, "seed": "9" * 5000})
    assert len(said) == 3 and all(f"'{'x' * 39}…'" in notice or f"'{'7' * 39}…'" in notice
                                  or f"'{'9' * 39}…'" in notice for notice in said)
    assert max(map(len, said)) < 260  # the order's rule lists every step it may name


def test_a_rejected_value_leaves_that_setting_at_its_default():
    view, _ = View.from_query({"top_k": "100001", "min_p": "-0", "T": "abc", "order": "xyz"})
    assert view.filters.value("top_k") is None and view.temperature == 1.0
    assert view.filters.value("min_p") == 0.0 and view.to_query()["min_p"] == "0"
    assert view.filters.temperature_first


def test_bad_logits_text_stays_in_the_view_to_be_corrected():
    assert View.from_query({"logits": "1, two"})[0].logits == "1, two"


def test_a_long_logits_text_stays_out_of_the_link():
    text = "1, " * (MAX_URL_CHARS // 3 + 1)
    assert len(text) > MAX_URL_CHARS and "logits" not in View(logits=text).to_query()


views = st.builds(
    View,
    stop=st.integers(0, len(STOPS) - 1),
    filters=st.builds(lambda k, p, m, y, first: Filters(
        top_k=k, top_p=p, min_p=m, typical_p=y, temperature_first=first),
        st.none() | st.integers(1, 100_000), st.none() | st.floats(0, 1),
        st.none() | st.floats(0, 1), st.none() | st.floats(0.01, 1), st.booleans()),
    unit=st.sampled_from(["bits", "nats"]), samples=st.sampled_from(SAMPLE_SIZES),
    seed=st.integers(0, 2**32 - 1), log_scale=st.booleans(), slide=st.booleans(),
    bars=st.sampled_from(BAR_COUNTS), lang=st.sampled_from(["en", "ru"]),
    present=st.booleans(), wide=st.booleans(),
    logits=st.text(max_size=40))


@given(views)
def test_every_view_survives_its_own_link(view):
    # a link reopens exactly the view it was made from, with nothing to say about it
    assert View.from_query(view.to_query()) == (view, [])


def test_a_stop_from_the_browser_must_be_an_existing_stop():
    assert View().at_stop(0).temperature == 0.0
    assert View().at_stop(90.0).temperature == math.inf
    for bad in (-1, 91, 1.5, "3", None, True, math.nan):
        with pytest.raises(ValueError, match="stop must be a whole number from 0 to 90"):
            View().at_stop(bad)


def test_nearest_stop_measures_distance_on_the_log_scale():
    # 7.49 is nearer 7 on a ruler but nearer 8 on the slider's log scale (midpoint √56 ≈ 7.48)
    assert nearest_stop(7.49, STOPS) == 8.0
    assert nearest_stop(0.10495, STOPS) == 0.11  # past the geometric midpoint √(0.1·0.11)


def test_top_p_counts_a_total_within_rounding_of_p_as_reaching_it():
    # 0.7 + 0.2 adds up to 0.8999999999999999 after softmax: it has reached top-p 0.9,
    # so 0.1 must go; without the rounding tolerance it would stay
    logits = [math.log(x) for x in (0.1, 0.2, 0.7)]
    assert [i for i, z in enumerate(TopP(0.9)(logits)) if z > -math.inf] == [1, 2]


def test_a_probability_within_a_thousandth_of_one_is_written_as_one_minus_epsilon():
    assert frames.format_probability(1 - 5e-4, complement=5e-4) == "1 − 5.0×10⁻⁴"
    assert frames.format_probability(1 - 2e-3, complement=2e-3) == "0.998"


def test_charts_write_one_minus_epsilon_at_the_same_threshold(render_texts):
    # 0, 7.5 at T = 1: the top class is 1 − 5.5e-4, within a thousandth of one
    texts = render_texts("0, 7.5", 1.0)
    assert "1 − 5.5×10⁻⁴" in texts and "5.5×10⁻⁴" in texts
    assert "0.995" in render_texts("0, 5.3", 1.0)  # 1 − 5.0e-3 is written as a decimal


def test_the_exercise_accepts_two_percentage_points_and_no_more():
    assert exercise.check("0.278, 0.307, 0.415", 10).correct
    assert not exercise.check("0.25, 0.30, 0.45", 10).correct  # 0.035 off: wrong
    assert exercise.TOLERANCE == 0.02


LIBRARIES = {"cuts.order_first": "Hugging Face", "cuts.order_last": "llama.cpp"}


@pytest.mark.parametrize("key, library", LIBRARIES.items())
def test_each_order_names_the_same_library_in_every_language(key, library):
    assert all(library in texts[key] for texts in LANGUAGES.values())
    russian = LANGUAGES["ru"][key]
    assert ("сначала" in russian) == (key == "cuts.order_first")


# Latin-script words a Russian text may keep: names, symbols and formats
LATIN_ALLOWED = {"softmax", "top", "k", "p", "min", "typical", "Hugging", "Face", "llama",
                 "cpp", "T", "H", "K", "z", "CSV", "PNG", "SVG", "PDF", "JSON", "NPY", "npy",
                 "json", "csv", "txt", "UTF", "inf", "log", "exp", "e", "i", "j", "n", "N",
                 "float", "NaN", "nan", "max", "TopK", "None", "math", "label", "value",
                 "logits", "slides", "bits", "screen", "slide", "LANG", "en", "ru", "Python",
                 "NumPy", "GPT", "x", "cat", "dog", "kwargs", "fp", "b", "c", "a",
                 "tempviz", "help", "png", "svg", "pdf", "probabilities", "sigma", "xtc",
                 "XTC", "dynatemp", "range", "dyn", "koboldcpp", "Tang", "et", "al", "first",
                 "last", "temperature", "Home", "End", "PageUp",
                 "PageDown", "npz", "labels", "KL"}  # names, link values, keys, symbols


@pytest.mark.parametrize("key", sorted(k for k in LANGUAGES["ru"]
                                       if k != "argparse.messages" and not k.startswith(
                                           ("preset.chatbot_text",))))
def test_no_russian_text_is_left_in_english(key):
    # placeholders and command-line options (--set) are names, not words
    unnamed = re.sub(r"\{[^}]*\}|--[a-z-]+", "", LANGUAGES["ru"][key])
    words = set(re.findall(r"[A-Za-z]+", unnamed))
    assert words <= LATIN_ALLOWED, (key, words - LATIN_ALLOWED)


def test_every_cut_has_its_texts():
    for key in CUTS:
        assert all(f"cuts.{key}_help" in texts for texts in LANGUAGES.values())
    assert {TopK, TopP, MinP, TypicalP, TopNSigma, TopA, XTC, DynamicTemperature} == set(
        CUTS.values())
    for cut in CUTS.values():  # a second setting has its slider's label
        assert not cut.second or all(f"cuts.{cut.second.link}" in texts
                                     for texts in LANGUAGES.values())


# Exact boundaries and defaults (issue 26)

def test_a_logits_text_of_8000_link_characters_stays_in_the_link_and_one_more_does_not():
    text = "1 " * 4_000  # a space is one character in a link (+), as is a digit
    assert View(logits=text).to_query()["logits"] == text
    assert "logits" not in View(logits=text + "1").to_query()


def test_a_value_given_three_times_counts_the_last():
    view, said = View.from_query({"T": ["0.1", "2", "10"]})
    assert view.temperature == 10.0
    assert [str(notice) for notice in said] == [
        "The link gives T more than once; the last, 10, is used."]


def test_downloads_fill_a_16_by_9_slide_unless_the_link_says_size_1920():
    assert View.from_query({})[0].wide is True
    narrow = View.from_query({"size": "1920"})[0]
    assert narrow.wide is False and narrow.to_query()["size"] == "1920"


@pytest.mark.parametrize("unit, base", [("bits", 2), ("nats", None)])
def test_entropy_in_bits_takes_logarithms_to_base_2_and_in_nats_to_base_e(unit, base):
    assert View.from_query({"unit": unit})[0].base == base


def test_a_view_is_a_frozen_value():
    with pytest.raises(dataclasses.FrozenInstanceError):
        View().seed = 1


def test_a_view_gives_the_sampling_chain_at_its_temperature():
    view = View.from_query({"T": "0.5", "top_k": "2"})[0]
    assert [(step.key, step.value) for step in view.steps()] == [("temperature", 0.5),
                                                                 ("top_k", 2)]

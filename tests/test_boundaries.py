"""Promises of the README and docs/, each tested at its exact boundary, where a test one
step away would pass on a wrong boundary too (a mutation run, bench/mutation.py, found
each one unguarded: 99 table rows, a 61-character label, top-p's total exactly at p,
typical-p at p = 1 and at T → ∞, a link of exactly 8,000 characters, ...).

The expected values are written by hand (powers of two, whose sums floats hold
exactly; logits whose order is known without computing a softmax) or computed by
mpmath from a step's definition, never by the code under test."""

import dataclasses
import math
import sys
from urllib.parse import quote_plus

import mpmath
import numpy as np
import pytest

import tempviz as tv
from tempviz import charts, views
from tempviz.charts import LABEL_CHARACTERS, class_names
from tempviz.exercise import check, name_mistake, read_prediction
from tempviz.files import read_logits_file
from tempviz.poll.store import new_token, normal_code, shown_code
from tempviz.sampling import DynamicTemperature, Received, TopP, TypicalP
from tempviz.state import View
from tempviz.views import TABLE_ROWS, build_charts, scene_for, table

# --- docs/input.md: "the table shows the 100 most probable classes" -------------------


def permuted_logits(classes: int) -> tuple[tv.Logits, list[str]]:
    """Logits 0 … classes − 1 in a scrambled order (37 is prime to 150 and to 101), each
    label naming its logit, and the labels from the largest logit down: the order of
    probability at any finite T."""
    values = [(37 * i) % classes for i in range(classes)]
    typed = "\n".join(f"logit{v}: {v}" for v in values)
    return tv.parse_logits(typed), [f"logit{v}" for v in range(classes - 1, -1, -1)]


def test_the_table_of_150_classes_shows_exactly_the_100_most_probable_then_the_rest():
    assert TABLE_ROWS == 100  # the number the docs promise, not just the constant's
    logits, by_probability = permuted_logits(150)
    shown = table(logits, scene_for(logits, [1.0]), 0, "en")
    assert len(shown) == 100 + 1  # 100 classes one by one, and one row summing the rest
    # the 100 most probable are logits 149 down to 50, from the most probable down
    assert list(shown["class"][:100]) == by_probability[:100]
    assert shown["class"].iloc[-1] == "50 others"


def test_the_table_of_101_classes_sums_only_the_least_probable_one():
    logits, by_probability = permuted_logits(101)
    shown = table(logits, scene_for(logits, [1.0]), 0, "en")
    assert list(shown["class"][:100]) == by_probability[:100]
    assert shown["class"].iloc[-1] == "1 other"  # logit0, the least probable, alone
    assert len(shown) == 101


def test_the_table_of_exactly_100_classes_shows_each_one_in_the_order_given():
    logits, _ = permuted_logits(100)
    shown = table(logits, scene_for(logits, [1.0]), 0, "en")
    # every class fits, so none is summed and the rows keep the order typed
    assert list(shown["class"]) == logits.labels and len(shown) == 100


# --- docs/input.md: a long label is shortened, "the charts show 60" --------------------

DIGITS = "0123456789" * 6  # 60 characters, every prefix different from every other


def test_a_label_of_60_characters_is_kept_and_one_of_61_is_cut_to_60_with_the_ellipsis():
    assert LABEL_CHARACTERS == 60
    names = class_names([DIGITS, DIGITS + "X", DIGITS + "XY"], 0)
    assert names[0] == DIGITS  # 60 characters: whole
    # 61 and 62: the first 59 characters and "…", 60 in all
    assert names[1] == names[2] == DIGITS[:59] + "…"
    assert [len(name) for name in names] == [60, 60, 60]


def strings_in(spec: object) -> list[str]:
    """Every string in a chart's specification: its expressions write the class names."""
    if isinstance(spec, dict):
        return [s for value in spec.values() for s in strings_in(value)]
    if isinstance(spec, list):
        return [s for value in spec for s in strings_in(value)]
    return [spec] if isinstance(spec, str) else []


def test_the_charts_name_a_61_character_class_in_60_characters():
    logits = tv.parse_logits(f"{DIGITS}X: 1\n{DIGITS}: 2\nb: 3")
    drawn = build_charts(logits, [1.0], 0)
    for name in ("probabilities", "samples", "classes"):  # the charts that name classes
        written = "\n".join(strings_in(drawn[name].to_dict()))
        # a name is a quoted literal in the chart's expressions
        assert f'"{DIGITS[:59]}…"' in written, name  # 61 characters: 59 and "…"
        assert f'"{DIGITS}"' in written, name  # 60: whole
        assert DIGITS + "X" not in written and DIGITS + "…" not in written, name


def test_the_alt_texts_and_the_readout_use_the_same_short_name():
    logits = tv.parse_logits(f"{DIGITS}X: 3\nb: 1")
    said = views.described_at(logits, scene_for(logits, [1.0]), 0, View())
    assert DIGITS[:59] + "…" in said and DIGITS + "X" not in said
    assert charts.LABEL_CHARACTERS == LABEL_CHARACTERS


# --- docs/sampling.md: top-p keeps "the fewest most probable tokens whose total reaches p"
# TopP counts a running total within ROUNDING (1e-12) of p as having reached it: a token
# is kept while the total before it is below p − 1e-12. Probabilities 1/2, 1/4, 1/8, 1/8
# (logits 2 log 2, log 2, 0, 0, exact in floats) put the totals before each token at
# 0, 0.5, 0.75, 0.875, also exact; and 0.75 + 1e-12 − 1e-12 is 0.75 in floats, so
# p = 0.75 + 1e-12 puts the total before the third token exactly on the boundary.

HALVES = np.array([2 * math.log(2), math.log(2), 0.0, 0.0])
ROUNDING = 1e-12


def kept(logits: np.ndarray) -> list[int]:
    return [i for i, z in enumerate(logits) if z > -math.inf]


def test_the_boundary_itself_is_exact_in_floats():
    # the premise of the next test, checked on floats alone: no tempviz in it
    assert 0.5 + 0.25 == 0.75 and (0.75 + ROUNDING) - ROUNDING == 0.75
    assert (0.75 + 2 * ROUNDING) - ROUNDING > 0.75
    assert TopP.ROUNDING == ROUNDING


def test_top_p_at_a_total_exactly_within_rounding_of_p_stops_there():
    # 1/2 + 1/4 = 0.75 is within 1e-12 of p (the boundary included): it has reached p
    assert kept(tv.top_p(HALVES, 0.75 + ROUNDING)) == [0, 1]
    # either side: at p = 0.75 exactly the same two; a hair above the boundary, 0.75 falls
    # short and the third token (1/8, the earlier of the tied two) joins
    assert kept(tv.top_p(HALVES, 0.75)) == [0, 1]
    assert kept(tv.top_p(HALVES, 0.75 + 2 * ROUNDING)) == [0, 1, 2]
    # the same boundary one token earlier: 1/2 reaches 0.5 + 1e-12
    assert kept(tv.top_p(HALVES, 0.5 + ROUNDING)) == [0]
    assert kept(tv.top_p(HALVES, 0.5 + 2 * ROUNDING)) == [0, 1]


def test_top_p_at_the_boundary_after_temperature_in_a_chain():
    # logits 4 log 2, 2 log 2, 0, 0 at T = 2 are HALVES again (halving is exact in floats),
    # so the same boundary holds after a temperature step: 1/2 and 1/4 stay, renormalised
    result = tv.chain(2 * HALVES, [tv.Temperature(2), TopP(0.75 + ROUNDING)])
    assert result.tolist() == [2 / 3, 1 / 3, 0.0, 0.0]


# --- docs/sampling.md: top-a keeps "p_i ≥ a·max(p)²", compared in log space with the
# same ROUNDING: log p_i ≥ log a + 2 log max(p) − 1e-12. HALVES' log-probabilities are
# −log 2, −2 log 2, −3 log 2, −3 log 2 exactly, and at a = 0.5000000000005 the bar
# log a − 2 log 2 − 1e-12 is −3 log 2 to the last bit: the two 1/8s sit on it.

TOP_A_EDGE = 0.5000000000005


def test_the_top_a_boundary_itself_is_exact_in_floats():
    log2 = math.log(2)
    assert tv.log_softmax(HALVES).tolist() == [-log2, -2 * log2, -3 * log2, -3 * log2]
    assert math.log(TOP_A_EDGE) - 2 * log2 - ROUNDING == -3 * log2
    above = math.nextafter(math.nextafter(TOP_A_EDGE, 1), 1)  # two floats up: past it
    assert math.log(above) - 2 * log2 - ROUNDING > -3 * log2
    assert tv.TopA.ROUNDING == ROUNDING


def test_top_a_keeps_a_token_exactly_on_its_bar():
    assert kept(tv.top_a(HALVES, TOP_A_EDGE)) == [0, 1, 2, 3]
    above = math.nextafter(math.nextafter(TOP_A_EDGE, 1), 1)
    assert kept(tv.top_a(HALVES, above)) == [0, 1]


# --- docs/sampling.md: typical-p with p = 1 keeps every token, even one whose
# probability rounds to 0 in floats (a total that reaches 1 early must not cut it) --------

def test_typical_p_at_1_keeps_a_token_whose_probability_underflows():
    # e^-800 / 2 is below the smallest float: the running total is 1 after two tokens
    logits = np.array([0.0, 0.0, -800.0])
    assert tv.typical_p(logits, 1.0).tolist() == [0.0, 0.0, -800.0]  # unchanged


# --- docs/sampling.md: "typical-p at T → ∞ keeps the logits nearest their mean", deciding
# each exact tie in the running total as every large finite T decides it ----------------

def typical_at_large_t(z: list[float], p: float, t: float = 1e12) -> list[bool]:
    """Typical-p by its definition, in mpmath at 80 digits, at a large finite T: rank by
    |−log p_i − H|, keep tokens while the total before them is below p, ties in
    distance together."""
    with mpmath.workdps(80):
        weights = [mpmath.exp(mpmath.mpf(v) / t) for v in z]
        q = [w / mpmath.fsum(weights) for w in weights]
        h = -mpmath.fsum(x * mpmath.log(x) for x in q)
        distance = [abs(-mpmath.log(x) - h) for x in q]
        order = sorted(range(len(z)), key=lambda i: distance[i])
        total, count = mpmath.mpf(0), 0
        for i in order:
            if total >= p:
                break
            total, count = total + q[i], count + 1
        return [d <= distance[order[count - 1]] for d in distance]


# four logits, so every running total j/4 is exact in floats and p = j/4 is an exact tie
# that only the first- or second-order term decides: [-1, 1, 3, -3] ties |d| = 1 and has
# d summing to 0 after two classes; [1, -1, 1, -1] ties every |d|; [0, 1, 5, 6] and
# [0, 2, 2, 4] tie logits; [0, 0, 1, 3] puts two classes below the mean
@pytest.mark.parametrize("z", [[-1, 1, 3, -3], [0, 1, 2, 3], [0, 0, 1, 3], [1, -1, 1, -1],
                               [0, 2, 2, 4], [0, 1, 5, 6]])
@pytest.mark.parametrize("p", [0.25, 0.3, 0.5, 0.75, 0.9])
def test_typical_p_at_infinite_t_keeps_what_every_large_t_keeps(z, p):
    expected = typical_at_large_t(z, p)
    kept_at_infinity = tv.chain(np.array(z, dtype=float), [tv.Temperature(math.inf),
                                                            TypicalP(p)]) > 0
    assert kept_at_infinity.tolist() == expected


# --- dynamic temperature: T = 1 unless given; a link without its exponent means the
# default 1 (docs/links.md), and XTC's probability 0.5 ----------------------------------

def test_dynamic_temperature_defaults_to_t_1_and_a_link_to_exponent_1():
    # four equal classes: H / log K = 1, so T_dyn = hi = T + range = 1 + 0.5
    uniform = Received(np.zeros(4))
    assert DynamicTemperature(0.5).temperature_for(uniform) == 1.5
    view, notices = View.from_query({"dynatemp_range": "0.5"})
    assert notices == [] and view.to_query()["dynatemp_exponent"] == "1"
    view, notices = View.from_query({"xtc": "0.1"})
    assert notices == [] and view.to_query()["xtc_probability"] == "0.5"


# --- docs/links.md: "settings at their defaults are left out" of a link: 20 bars, 1,000
# samples, seed 0, a linear axis, the screen style, no presenter view -----------------

def test_a_link_naming_every_default_setting_is_the_bare_link():
    bare = View().to_query()
    named, notices = View.from_query({**bare, "bars": "20", "n": "1000", "seed": "0",
                                      "log": "0", "style": "screen", "present": "0"})
    assert notices == [] and named.to_query() == bare
    assert (View().bars, View().samples, View().seed) == (20, 1000, 0)
    assert not (View().log_scale or View().slide or View().present)


# --- state.MAX_URL_CHARS: logits taking exactly 8,000 characters in a link are kept, one
# more is refused with a notice ---------------------------------------------------------

def test_logits_of_exactly_8000_link_characters_are_kept_and_8001_refused():
    text = "1234" + ",1" * 1999  # a comma is %2C: 4 + 1,999 × 4 = 8,000 characters
    assert len(quote_plus(text)) == 8000
    view, notices = View.from_query({"logits": text})
    assert notices == [] and view.logits == text
    view, notices = View.from_query({"logits": text + "5"})
    assert [n.key for n in notices] == ["url.ignored"] and view.logits == View().logits


# --- files: a JSON file of more than MAX_LOGITS numbers is refused as too many, whatever
# comes past the limit (the reader stops reading numbers there) ---------------------------

def test_a_json_file_past_100000_numbers_is_too_many_even_if_a_later_one_is_too_large():
    data = ("[" + "0, " * 100_000 + "1e999]").encode()  # the 100,001st beyond the floats
    with pytest.raises(tv.TempvizError) as raised:
        read_logits_file("many.json", data)
    assert raised.value.key == "file.too_many" and raised.value.values["count"] == 100_001


def test_a_number_beyond_the_floats_is_quoted_whole_up_to_20_characters():
    for written, quoted in [("1.00000000000000e999", "1.00000000000000e999"),  # 20
                            ("1.000000000000000e999", "1.000000000000000e99…")]:  # 21
        with pytest.raises(tv.TempvizError) as raised:
            read_logits_file("big.json", f"[1, {written}]".encode())
        assert raised.value.values["value"] == quoted


# --- logits: the memory a cache counts, term by term as Logits.nbytes documents it -------

def test_the_memory_of_logits_counts_strings_utf8_pointers_values_and_ranking():
    logits = tv.parse_logits("a: 1\nжж: 2")
    strings = sys.getsizeof("a") + sys.getsizeof("жж")
    utf8 = 1 + 4  # "a" is one byte, each "ж" two
    pointers = 2 * 8 * 2  # two labels: the list's pointers and the column's offsets
    floats = 2 * 2 * 8  # the values and their ranking, two 8-byte numbers each
    assert logits.nbytes == strings + utf8 + pointers + floats + 64  # and 64 for the rest


# --- exercise: a prediction exactly the tolerance (0.02) from a typical mistake is that
# mistake; class names written like a function are names, not p(…) ---------------------

def test_a_prediction_exactly_0_02_from_a_mistake_is_that_mistake():
    one_hot = np.array([0.0, 1.0])
    assert name_mistake(np.array([0.02, 1.0]), {"one_hot": one_hot})[0] == "one_hot"
    assert name_mistake(np.array([0.03, 1.0]), {"one_hot": one_hot})[0] == "sum"


def test_only_a_name_wrapped_in_p_brackets_is_unwrapped():
    # f(x) and g(x) are class names of their own: read by name, not both as "x"
    assert read_prediction("g(x): 0.75, f(x): 0.25", 2, ["f(x)", "g(x)"]).tolist() == [
        0.25, 0.75]


# --- poll: a token of 22 characters (128 bits); a room code typed in up to 24 characters;
# a code quoted in up to 16 -------------------------------------------------------------

def test_a_browser_token_is_22_characters():
    assert len(new_token()) == 22  # ⌈128 / 6⌉ URL-safe base-64 characters


def test_a_room_code_is_read_from_up_to_24_typed_characters():
    assert normal_code("K7M-2QX" + " " * 17) == "K7M2QX"  # 24 characters
    assert normal_code("K7M-2QX" + " " * 18) is None  # 25


def test_a_code_from_a_link_is_quoted_whole_up_to_16_characters():
    assert shown_code("A" * 16) == "A" * 16
    assert shown_code("A" * 17) == "A" * 15 + "…"


# --- one scene serves every session and rerun (page/data.py's caches): nothing handed
# out from it can be changed in place -----------------------------------------------------

def frozen_values() -> list[object]:
    logits = tv.parse_logits("1, 2, 5")
    scene = scene_for(logits, [1.0])
    return [scene, views.Drawing(logits, scene, 0, View(), views.style_of(View())),
            views.Moment(logits, scene, 0, View(), ["z1"], charts.bar_frame(scene, 1)),
            views.STAGE_CHARTS[0], views.readout(logits, scene, 0, None),
            check("0.3, 0.3, 0.4", 10)]


@pytest.mark.parametrize("index", range(6))
def test_a_shared_value_refuses_to_be_changed(index):
    value = frozen_values()[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.logits = None  # any field: a frozen dataclass refuses them all, even new ones

"""Three promises of the README and docs/, each tested at its exact boundary, where a
test one step away would pass on a wrong boundary too (a mutation audit found each one
unguarded: 99 table rows, a 61-character label, top-p's total exactly at p).

The expected values are written by hand: powers of two, whose sums floats hold
exactly, and logits whose order is known without computing a softmax."""

import math

import numpy as np

import tempviz as tv
from tempviz import charts, views
from tempviz.charts import LABEL_CHARACTERS, class_names
from tempviz.sampling import TopP
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

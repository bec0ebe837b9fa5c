"""What the README promises and a user sees, each checked where a mutation run
(bench/mutation.py) found no test looking: one test per promise, the expected numbers
from mpmath (tests/reference.py) or by hand, never from the code under test."""

import math

import mpmath
import numpy as np
import pytest

import tempviz as tv
from tempviz import charts, views
from tempviz.frames import format_count, format_probability
from tempviz.sampling import XTC, Filters
from tempviz.scene import build_scene
from tempviz.softmax import sample_indices
from tempviz.state import View
from tests import reference

EXERCISE = tv.parse_logits("1, 2, 5")


def mp_entropy(logits: list[float], t: float) -> float:
    """-Σ p log p of softmax(z / T) in nats, by mpmath."""
    return reference.entropy_nats(logits, t)


# --- README: "the T = 1 distribution as a dashed outline" ------------------------------

def test_the_outline_is_the_distribution_at_t_1_whatever_t_is_shown():
    scene = build_scene(EXERCISE, [0.1, 10.0])
    # columns from the highest logit down (z3, z2, z1), then the empty rest
    at_one = reference.softmax([5, 2, 1], 1)
    np.testing.assert_allclose(scene.reference[:3], at_one, rtol=1e-14)
    assert scene.reference[3] == 0


# --- README: "the entropy H(T) over the whole range 0.01 … 100" ------------------------

def test_the_entropy_curve_runs_from_0_01_to_100_through_t_1_at_60_points_a_decade():
    scene = build_scene(EXERCISE, [1.0])
    curve = scene.curve_temperatures
    assert len(curve) == 4 * 60 + 1  # four decades, 60 points each, both ends
    np.testing.assert_allclose(curve[[0, 60, 120, 180, 240]], [0.01, 0.1, 1, 10, 100],
                               rtol=1e-13)
    np.testing.assert_allclose(curve[1:] / curve[:-1], 10 ** (1 / 60), rtol=1e-13)
    # the curve passes through the T = 1 the outline shows, with its exact entropy
    assert math.isclose(scene.curve_entropy[120], mp_entropy([1, 2, 5], 1), rel_tol=1e-13)
    assert mpmath.mp.dps >= 50  # tests/reference.py works at 60 digits


# --- README: "every mistake raises tv.TempvizError naming the argument, the rule and the
# value given"; and what tv.entropy and tv.sample_counts accept -------------------------

def test_entropy_takes_any_base_above_0_but_1_and_names_the_rule_otherwise():
    # log base 1/2 of the two-way split: ln 2 / ln(1/2) = -1, exactly in floats
    assert tv.entropy([0.5, 0.5], base=0.5) == -1.0
    assert tv.entropy([0.5, 0.5], base=2) == 1.0
    for base in (0, 0.0, -2, 1):
        with pytest.raises(tv.TempvizError, match=f"base must be a number > 0 other than 1 "
                                                  f".*, but {base} was given"):
            tv.entropy([0.5, 0.5], base=base)


def test_entropy_is_that_of_the_numbers_given_when_they_sum_to_1_within_rounding():
    # totals within 1e-9 of 1 are accepted as given: -Σ p log p of these very numbers,
    # also where the others' total is exactly 0.5 (the largest is 0.5 + 1e-10, not 0.5)
    given = [0.5 + 1e-10, 0.25, 0.25]
    exact = -mpmath.fsum(mpmath.mpf(p) * mpmath.log(mpmath.mpf(p)) for p in given)
    assert math.isclose(tv.entropy(given), float(exact), rel_tol=1e-15)


def test_no_samples_is_a_valid_sample_of_zero_counts():
    assert tv.sample_counts([0.2, 0.8], 0, seed=0).tolist() == [0, 0]
    assert sample_indices([0.2, 0.8], 0, seed=0).tolist() == []
    with pytest.raises(tv.TempvizError, match="n must be a whole number ≥ 0, but -1 was given"):
        tv.sample_counts([0.2, 0.8], -1)


def test_samples_take_weights_with_any_positive_total_and_one_class():
    # weights are renormalised: 0 and 5 is never class 0, always class 1
    assert tv.sample_counts([0.0, 5.0], 7, seed=0).tolist() == [0, 7]
    assert sample_indices([0.0, 2.0], 3, seed=0).tolist() == [1, 1, 1]
    assert tv.sample_counts([1.0], 5, seed=0).tolist() == [5]  # one class: every draw


@pytest.mark.parametrize("weights, shown", [
    ([0.0, 0.0], r"\[0\.0, 0\.0\]"),        # a total of 0
    ([-0.5, 1.5], r"\[-0\.5, 1\.5\]"),      # a negative weight
    ([], r"\[\]"),                          # nothing
    ([0.5, math.nan], r"\[0\.5, nan\]"),    # not a number
])
def test_bad_weights_name_the_rule_and_the_values_given(weights, shown):
    rule = "probs must be a non-empty vector of numbers ≥ 0 with a positive total"
    with pytest.raises(tv.TempvizError, match=f"{rule}, but {shown} was given"):
        tv.sample_counts(weights, 10)
    with pytest.raises(tv.TempvizError, match=f"{rule}, but {shown} was given"):
        sample_indices(weights, 10)


def test_a_bad_distribution_is_quoted_in_the_message():
    with pytest.raises(tv.TempvizError, match=r"probs must hold probabilities ≥ 0 that sum "
                                              r"to 1, but \[0\.5, 0\.6\] was given"):
        tv.entropy([0.5, 0.6])


# --- README: the entropy chart draws "the two limits: T → 0 (all mass on the largest
# logit) and T → ∞ (uniform, H = log K)"; docs/sampling.md: ties share the mass ---------

def test_the_scene_holds_both_limits_of_the_entropy():
    scene = build_scene(EXERCISE, [1.0])
    assert scene.cold_entropy == 0.0  # all mass on z3
    assert math.isclose(scene.hot_entropy, math.log(3), rel_tol=1e-15)  # uniform over 3
    tied = build_scene(tv.parse_logits("5, 5, 1"), [1.0])
    assert math.isclose(tied.cold_entropy, math.log(2), rel_tol=1e-15)  # z1 and z2 share


# --- the readout's "largest probability" names the class that holds it, also when a
# cut removed the class of the largest logit (typical-p can: docs/sampling.md) --------

def test_the_largest_probability_is_found_among_every_column_after_a_cut():
    logits = tv.Logits(values=np.log([0.5, 0.3, 0.2]), labels=["a", "b", "c"])
    # typical-p 0.25 keeps only b (0.3, the most typical): see tempviz.sampling.TypicalP
    scene = build_scene(logits, [1.0], filters=Filters(typical_p=0.25))
    assert scene.shown.tolist() == [0, 1, 2]  # a, b, c: highest logit first
    assert scene.top.tolist() == [1]  # b's column, not a's
    assert views.readout(logits, scene, 0, 2).top_labels == ("b",)
    # XTC at threshold 0.1, always on, removes all but the least probable of a, b, c
    # (docs/sampling.md): the largest probability is then the last column's
    last = build_scene(logits, [1.0], filters=Filters(XTC(0.1, probability=1)))
    assert last.top.tolist() == [2] and last.probability[0, 2] == 1


# --- the cut tokens are labelled as cut: removed by a cut although temperature alone
# keeps them, never those temperature itself removed (T → 0) --------------------------

def test_cut_marks_exactly_the_classes_a_cut_removed():
    # top-k 2 at T = 10 removes z1 only; columns z3, z2, z1, then the (empty) rest
    warm = build_scene(EXERCISE, [10.0], filters=Filters(top_k=2))
    assert warm.cut[0].tolist() == [False, False, True, False]
    # top-k 1 removes z2 and z1: the column after the most probable is cut too
    one = build_scene(EXERCISE, [10.0], filters=Filters(top_k=1))
    assert one.cut[0].tolist() == [False, True, True, False]
    # at T → 0 temperature alone leaves z3 only: top-k removed nothing more
    cold = build_scene(EXERCISE, [0.0], filters=Filters(top_k=2))
    assert cold.cut[0].tolist() == [False, False, False, False]


# --- README: a presenter view "in slide style", on light and dark pages ----------------

def test_the_presenter_view_has_its_own_style_on_a_dark_page():
    assert views.style_of(View(present=True), dark=True) == charts.PROJECTOR_DARK
    assert views.style_of(View(present=True)) == charts.PROJECTOR
    assert charts.PROJECTOR_DARK != charts.PROJECTOR


def test_the_readout_names_the_one_most_probable_class():
    # z3 holds 0.936 of [1, 2, 5] at T = 1 (mpmath: 0.93623955...)
    logits = EXERCISE
    said = views.top_classes(views.readout(logits, build_scene(logits, [1.0]), 0, 2),
                             "0.936", "en")
    assert said == "0.936 (z3)"  # one class: never "each", as a tie is written


# --- docs/links.md: `order` is "step keys joined by commas"; a wrong one is told which --

def test_a_wrong_order_lists_every_key_it_could_have_named():
    keys = ["temperature", "top_k", "top_p", "min_p", "typical_p", "top_n_sigma", "top_a",
            "xtc"]  # docs/sampling.md's steps that take a place in the chain
    with pytest.raises(tv.TempvizError, match=r"order must be first, last, or step keys "
                                              r"joined by commas \((?P<keys>[a-z_, ]+)\)"
                       ) as raised:
        Filters(order=["nope"])
    listed = str(raised.value).split("(")[1].split(")")[0].split(", ")
    assert sorted(listed) == sorted(keys)


# --- the table: "a probability near 1 is written 1 − ε" below 0.001 only, and a count
# within 0.05 of n as "n − ε" (tempviz.frames); just either side of each threshold ----

def test_the_table_writes_1_minus_epsilon_only_below_a_thousandth():
    assert format_probability(0.999, 0.001) == "0.999"  # 0.001 itself: a plain number
    assert format_probability(0.9995, 0.0005) == "1 − 5.0×10⁻⁴"


def test_the_table_writes_n_minus_epsilon_only_within_0_05_of_n():
    assert format_count(999.9, 0.1) == "999.9"  # 0.1 short of 1,000: a plain number
    assert format_count(999.96, 0.04) == "1,000 − 4.0×10⁻²"
    # 0.05 short is within 0.05: one decimal would round 999.95 up to a false "1,000.0"
    assert format_count(999.95, 0.05) == "1,000 − 5.0×10⁻²"

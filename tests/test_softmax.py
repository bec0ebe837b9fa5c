"""tempviz.softmax against values computed outside it: by hand, with fractions, with mpmath."""

import math
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest

import tempviz as tv
from tests import reference


def test_textbook_exercise_at_t_1_matches_the_published_digits():
    # e^1, e^2, e^5 over their sum, rounded by hand: 0.01715, 0.04661, 0.93624.
    np.testing.assert_allclose(tv.softmax([1, 2, 5], 1.0), [0.01715, 0.04661, 0.93624],
                               atol=5e-6)


@pytest.mark.parametrize("temperature", [10, 1, 0.1, 0.01, 3.7, 1e-3, 1e3])
def test_textbook_exercise_matches_mpmath(temperature):
    np.testing.assert_allclose(tv.softmax([1, 2, 5], temperature),
                               reference.softmax([1, 2, 5], temperature), rtol=1e-14, atol=0)


def test_textbook_exercise_is_not_the_answer_key_for_5_4_1():
    # The circulating answer key belongs to logits 5, 4, 1: its largest value sits first.
    p = tv.softmax([1, 2, 5], 10)
    assert np.argmax(p) == 2
    np.testing.assert_allclose(p, reference.softmax([1, 2, 5], 10), rtol=1e-14)
    assert not np.allclose(p, reference.softmax([5, 4, 1], 10))


def test_two_logits_with_log_ratio_give_exact_fractions():
    # softmax(0, log 3) = (1/4, 3/4) exactly, at T = 1; at T = 1/2 the ratio squares: 1/10, 9/10.
    np.testing.assert_allclose(tv.softmax([0, math.log(3)], 1), [0.25, 0.75], rtol=1e-15)
    expected = [float(Fraction(1, 10)), float(Fraction(9, 10))]
    np.testing.assert_allclose(tv.softmax([0, math.log(3)], 0.5), expected, rtol=1e-15)


@pytest.mark.parametrize("logits, temperature, expected", [
    ([1, 2, 5], 0, [0, 0, 1]),
    ([5, 1, 5], 0, [0.5, 0, 0.5]),  # tied maxima share the mass equally
    ([1, 2, 5], math.inf, [1 / 3, 1 / 3, 1 / 3]),
    ([1, -math.inf, 5], math.inf, [0.5, 0, 0.5]),  # uniform over the finite logits only
    ([-math.inf, 0], 1, [0, 1]),
    ([1, 2, 5], 1e-300, [0, 0, 1]),
])
def test_limits_and_impossible_tokens(logits, temperature, expected):
    np.testing.assert_array_equal(tv.softmax(logits, temperature), expected)


@pytest.mark.parametrize("logits, temperature", [
    ([1e308, -1e308], 1.0),
    ([1e308, -1e308], 1e300),
    ([1e308, 1e308 - 1e292], 1e300),
    ([-1e308, -1e308, 0], 1e-300),
    ([1e-300, 0], 1e-300),
    ([1000.0, 1.0], 1.0),
    ([-1e308, 1e308, 1e308], 1e300),
])
def test_extreme_scales_stay_finite_and_match_mpmath(logits, temperature):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or invalid-value warning either
        p = tv.softmax(logits, temperature)
    assert np.isfinite(p).all()
    np.testing.assert_allclose(p, reference.softmax(logits, temperature), rtol=1e-12, atol=1e-300)


def test_spread_beyond_the_float_range_at_a_huge_temperature():
    # z - max z = -2e308 overflows; divided by T = 1e308 it is -2, so p = 1 / (1 + e^-2).
    p = tv.softmax([1e308, -1e308], 1e308)
    np.testing.assert_allclose(p, [1 / (1 + math.exp(-2)), math.exp(-2) / (1 + math.exp(-2))],
                               rtol=1e-15)


def test_sweep_rows_equal_single_calls():
    logits = [3.0, -1.0, 0.5, -math.inf, 3.0]
    temperatures = [0, 1e-300, 0.01, 0.5, 1, 7, 1e300, math.inf]
    sweep = tv.softmax_sweep(logits, temperatures)
    assert sweep.shape == (len(temperatures), len(logits))
    for row, t in zip(sweep, temperatures):
        np.testing.assert_array_equal(row, tv.softmax(logits, t))


@pytest.mark.parametrize("logits, message", [
    ([], "at least one number"),
    ([1, math.nan], r"logits \(item 2\) must be a finite number or -inf"),
    ([1, math.inf], r"logits \(item 2\) must be a finite number or -inf, but inf was given"),
    ([-math.inf, -math.inf], "at least one finite value"),
    ([[1, 2], [3, 4]], "flat sequence"),
    (["a", "b"], "must be a sequence of numbers"),
])
def test_bad_logits_are_named_in_the_message(logits, message):
    with pytest.raises(ValueError, match=message):
        tv.softmax(logits)


@pytest.mark.parametrize("temperature", [-1, -1e-300, math.nan, "hot", None])
def test_bad_temperature_says_what_is_allowed(temperature):
    with pytest.raises(ValueError, match=r"temperature must be a number ≥ 0.*math\.inf"):
        tv.softmax([1, 2], temperature)


def test_bad_temperature_in_a_sweep_names_its_position():
    with pytest.raises(ValueError, match=r"temperatures \(item 3\) must be a number ≥ 0"):
        tv.softmax_sweep([1, 2], [1, 2, -3])


@pytest.mark.parametrize("logits, temperature", [([1, 2, 5], 1), ([1, 2, 5], 0.1),
                                                 ([0, 0.3, -2, 4], 2.5), ([1, 2, 5], 0.02)])
def test_entropy_matches_mpmath(logits, temperature):
    # abs=0: the entropy is 2.9e-12 at T = 0.1 and 1.1e-63 at T = 0.02, under pytest's default
    # abs=1e-12. At 60 digits 1 + e^-150 (T = 0.02) rounds to 1 and the reference would drop
    # p_top's term, 0.7% of the entropy, so it runs at 200 digits.
    with mpmath.workdps(200):
        expected = reference.entropy_nats(logits, temperature)
    h = tv.entropy(tv.softmax(logits, temperature))
    assert h == pytest.approx(expected, rel=1e-9, abs=0)


def test_entropy_of_a_near_certain_distribution_keeps_its_digits():
    # H(1 - ε, ε) = ε(1 - log ε) + O(ε²) for ε = 4e-18, where log(1 - ε) rounds to 0 naively.
    eps = 4e-18
    expected = eps * (1 - math.log(eps))
    assert tv.entropy([1 - eps, eps]) == pytest.approx(expected, rel=1e-12, abs=0)


def test_entropy_units_and_edge_cases():
    assert tv.entropy([0.5, 0.5], base=2) == 1.0
    assert tv.entropy([0.25] * 4) == pytest.approx(math.log(4), rel=1e-15, abs=0)
    assert tv.entropy([1.0, 0.0, 0.0]) == 0.0  # 0 · log 0 = 0, and never -0.0
    assert math.copysign(1, tv.entropy([0.0, 1.0])) == 1.0
    np.testing.assert_allclose(tv.entropy([[0.5, 0.5], [1, 0]], base=2), [1.0, 0.0])


@pytest.mark.parametrize("probs, base, message", [
    ([0.5, 0.6], None, "sum to 1"),
    ([-0.5, 1.5], None, "≥ 0"),
    ([], None, "non-empty"),
    ([1.0], 1, "base must be a number > 0 other than 1"),
])
def test_entropy_rejects_what_is_not_a_distribution(probs, base, message):
    with pytest.raises(ValueError, match=message):
        tv.entropy(probs, base=base)


def test_sample_counts_are_reproducible_and_sum_to_n():
    p = tv.softmax([1, 2, 5], 1)
    first = tv.sample_counts(p, 10_000, seed=7)
    assert first.sum() == 10_000
    np.testing.assert_array_equal(first, tv.sample_counts(p, 10_000, seed=7))
    assert first.dtype.kind == "i"


def test_sample_counts_follow_the_probabilities():
    # With n = 10^7 the standard error of a share is below 1.6e-4; 1e-3 is six of them.
    counts = tv.sample_counts([0.2, 0.3, 0.5], 10_000_000, seed=1)
    np.testing.assert_allclose(counts / 10_000_000, [0.2, 0.3, 0.5], atol=1e-3)


def test_impossible_tokens_are_never_drawn():
    counts = tv.sample_counts(tv.softmax([0, -math.inf, 0], 1), 100_000, seed=3)
    assert counts[1] == 0


@pytest.mark.parametrize("n", [-1, 2.5, True, "10"])
def test_sample_counts_rejects_a_bad_n(n):
    with pytest.raises(ValueError, match="n must be a whole number ≥ 0"):
        tv.sample_counts([0.5, 0.5], n)


def test_a_long_bad_probability_vector_is_shown_by_its_first_80_characters():
    # 150 characters as Python lists them; the first 80 stop inside the 14th, at ", -"
    written = "[" + ", ".join(["-1.0"] * 30) + "]"
    message = ("probs must be a non-empty vector of numbers ≥ 0 with a positive total, "
               f"but {written[:80]} was given")
    with pytest.raises(tv.TempvizError) as raised:
        tv.sample_counts([-1.0] * 30, 5)
    assert str(raised.value) == message

"""Properties that hold for every logits vector and temperature, checked with hypothesis."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import tempviz as tv

logit_vectors = arrays(np.float64, st.integers(1, 12),
                       elements=st.floats(-50, 50, allow_nan=False, allow_infinity=False))
wide_logit_vectors = arrays(np.float64, st.integers(1, 8),
                            elements=st.floats(-1e308, 1e308, allow_nan=False,
                                               allow_infinity=False))
temperatures = st.floats(1e-300, 1e300, allow_nan=False)
moderate_temperatures = st.floats(0.05, 50)


@given(wide_logit_vectors, st.one_of(temperatures, st.just(0.0), st.just(math.inf)))
def test_probabilities_sum_to_one_at_any_scale(logits, temperature):
    p = tv.softmax(logits, temperature)
    assert np.isfinite(p).all() and (p >= 0).all()
    assert math.isclose(p.sum(), 1.0, rel_tol=1e-12)


@given(logit_vectors, temperatures)
def test_the_ranking_the_table_uses_lists_classes_by_falling_probability(logits, temperature):
    # Logits.ranking is computed once per input and reused at every T > 0
    ranked = tv.Logits(logits, [f"c{i}" for i in range(len(logits))]).ranking
    assert sorted(ranked) == list(range(len(logits)))
    assert (np.diff(tv.softmax(logits, temperature)[ranked]) <= 0).all()


@given(logit_vectors, moderate_temperatures, st.floats(-1e3, 1e3))
def test_adding_a_constant_to_every_logit_changes_nothing(logits, temperature, shift):
    # translation property: softmax(z + c) = softmax(z), up to rounding of z + c itself
    np.testing.assert_allclose(tv.softmax(logits + shift, temperature),
                               tv.softmax(logits, temperature), rtol=1e-9, atol=1e-12)


@given(logit_vectors, temperatures)
def test_a_larger_logit_never_gets_a_smaller_probability(logits, temperature):
    # ranking is kept for T > 0 (ties in probability may appear where exp underflows)
    p = tv.softmax(logits, temperature)
    order = np.argsort(logits, kind="stable")
    assert (np.diff(p[order]) >= 0).all()


@given(logit_vectors, moderate_temperatures, moderate_temperatures)
def test_entropy_never_decreases_as_temperature_rises(logits, t1, t2):
    low, high = sorted((t1, t2))
    assert tv.entropy(tv.softmax(logits, low)) <= tv.entropy(tv.softmax(logits, high)) + 1e-12


@given(logit_vectors)
def test_cold_limit_puts_all_mass_on_the_maxima(logits):
    p = tv.softmax(logits, 0)
    winners = logits == logits.max()
    np.testing.assert_allclose(p[winners], 1 / winners.sum())
    assert (p[~winners] == 0).all()


@given(arrays(np.float64, st.integers(1, 12), elements=st.integers(-50, 50).map(float)))
def test_small_temperatures_approach_the_cold_limit(logits):
    # the limit is what small T tends to: at T = 1e-300 a gap of 1 or more is astronomical
    # (a gap of 1e-313 is not: there softmax rightly stays near uniform)
    np.testing.assert_allclose(tv.softmax(logits, 1e-300), tv.softmax(logits, 0), atol=1e-12)


@given(logit_vectors)
def test_large_temperatures_approach_the_uniform_limit(logits):
    uniform = np.full(len(logits), 1 / len(logits))
    np.testing.assert_array_equal(tv.softmax(logits, math.inf), uniform)
    np.testing.assert_allclose(tv.softmax(logits, 1e12), uniform, rtol=1e-9)


@given(logit_vectors, moderate_temperatures)
def test_entropy_stays_between_its_limits(logits, temperature):
    h = tv.entropy(tv.softmax(logits, temperature))
    assert -1e-12 <= h <= math.log(len(logits)) + 1e-12


@given(logit_vectors, st.lists(st.one_of(temperatures, st.just(0.0), st.just(math.inf)),
                               min_size=1, max_size=6))
@settings(max_examples=50)
def test_a_sweep_is_a_stack_of_single_calls(logits, ts):
    sweep = tv.softmax_sweep(logits, ts)
    for row, t in zip(sweep, ts):
        np.testing.assert_array_equal(row, tv.softmax(logits, t))

"""Entropy and log_softmax correct to the last digits, checked against mpmath (issue #11, point 7).

Every expected value below is computed with mpmath from the definition, never with tempviz,
and compared with ``pytest.approx(expected, rel=1e-12, abs=0)``: without ``abs=0`` pytest
keeps an absolute tolerance of 1e-12 and would accept 0.0 for an entropy of 1e-16.
"""

from __future__ import annotations

import functools
import math
import warnings

import mpmath
import numpy as np
import pytest

import tempviz as tv
from tests.reference import exact

TEXTBOOK = [1.0, 2.0, 5.0]
WIDE = np.random.default_rng(0).normal(0, 3, 50_000)  # top two logits 1.94 apart
COLD_TEMPERATURES = [0.2, 0.1, 0.08, 0.05, 0.03, 0.01]


def close(expected):
    return pytest.approx(expected, rel=1e-12, abs=0)


@functools.cache
def exact_wide(temperature: float) -> tuple[np.ndarray, float, float]:
    """:func:`exact` for the 50,000 logits, once per temperature (about a second each)."""
    return exact(WIDE, temperature)


@pytest.mark.parametrize("temperature", COLD_TEMPERATURES)
def test_entropy_of_the_textbook_logits_keeps_every_digit(temperature):
    # Catches the cancellation in rest = sum - top: the old entropy was off by 3.4e-5 at
    # T = 0.1, 2.6% at T = 0.08 and 1.6% at T = 0.05, and dropped p_top's term (0.33%) at 0.01.
    p = tv.softmax(TEXTBOOK, temperature)
    _, nats, bits = exact(TEXTBOOK, temperature)
    assert tv.entropy(p) == close(nats)
    assert tv.entropy(p, base=2) == close(bits)


@pytest.mark.parametrize("temperature", COLD_TEMPERATURES)
def test_entropy_of_a_sweep_keeps_every_digit_in_every_row(temperature):
    # Catches a 2-D rest summed over the wrong axis, or with one row's top in another row.
    probs = tv.softmax_sweep(TEXTBOOK, [1.0, temperature, 0.5])
    expected = [exact(TEXTBOOK, t)[1] for t in (1.0, temperature, 0.5)]
    assert tv.entropy(probs) == close(expected)


@pytest.mark.parametrize("temperature", COLD_TEMPERATURES)
def test_log_softmax_of_the_textbook_logits_is_exact_for_every_class(temperature):
    # Catches log p_top taken as log(1 + rest), which rounds to 0 (scipy.special.log_softmax
    # gives 0 from T = 0.08 down, and is 1e-3 off at T = 0.1, where log p_top is -9.4e-14),
    # and np.log(softmax(...)), which is -inf for the classes whose probability underflows.
    logs, _, _ = exact(TEXTBOOK, temperature)
    assert logs[2] < 0
    assert tv.log_softmax(TEXTBOOK, temperature) == close(logs)


@pytest.mark.parametrize("temperature", COLD_TEMPERATURES)
def test_entropy_of_50000_logits_keeps_every_digit(temperature):
    # The same cancellation in a long vector, where rest is also a sum of many terms:
    # the old entropy was off by 2.5% at T = 0.05; at T = 0.01 the entropy is 7e-83.
    p = tv.softmax(WIDE, temperature)
    _, nats, bits = exact_wide(temperature)
    assert tv.entropy(p) == close(nats)
    assert tv.entropy(p, base=2) == close(bits)


@pytest.mark.parametrize("temperature", COLD_TEMPERATURES)
def test_log_softmax_of_50000_logits_is_exact_for_every_class(temperature):
    # Catches a log of the total that loses the rest's digits, a shift by the wrong maximum,
    # and underflow to -inf of classes e^-2000 below the top (their logs are finite).
    logs, _, _ = exact_wide(temperature)
    assert np.isfinite(logs).all()
    assert tv.log_softmax(WIDE, temperature) == close(logs)


@pytest.mark.parametrize("logits, expected", [
    ([5, 5, 1], [-mpmath.log(2), -mpmath.log(2), -mpmath.inf]),
    ([1, 5, 5, 5, -math.inf], [-mpmath.inf] + [-mpmath.log(3)] * 3 + [-mpmath.inf]),
    ([1, 2, 5], [-mpmath.inf, -mpmath.inf, 0]),
])
def test_log_softmax_cold_limit_shares_the_mass_among_tied_maxima(logits, expected):
    # T = 0 is the T → 0 limit: log(1/m) on the m tied maxima, -inf elsewhere
    # (catches a limit that gives the whole mass to the first of the ties).
    assert tv.log_softmax(logits, 0) == close([float(x) for x in expected])


@pytest.mark.parametrize("logits, expected", [
    ([1, 2, 5], [-mpmath.log(3)] * 3),
    ([1, -math.inf, 5, 1e308], [-mpmath.log(3), -mpmath.inf, -mpmath.log(3), -mpmath.log(3)]),
    ([7], [0]),
])
def test_log_softmax_hot_limit_is_uniform_over_the_finite_logits(logits, expected):
    # T = ∞ is the T → ∞ limit: -log K for the K finite logits (catches K counting -inf ones).
    assert tv.log_softmax(logits, math.inf) == close([float(x) for x in expected])


@pytest.mark.parametrize("temperature", [0, 1e-300, 0.01, 1, 1e300, math.inf])
def test_a_minus_inf_logit_has_log_probability_minus_inf_at_every_temperature(temperature):
    # Catches nan from -inf - (-inf) or inf · 0 in the shift, at any T including the limits.
    logs = tv.log_softmax([-math.inf, 1.0, -math.inf, 1.0], temperature)
    assert logs[0] == logs[2] == -math.inf
    assert np.isfinite(logs[[1, 3]]).all()


@pytest.mark.parametrize("logits, temperature", [
    ([1e308, -1e308], 1.0),          # log p = -2e308 is below the float range: -inf
    ([1e308, -1e308], 1e300),
    ([1e308, -1e308], 1e308),        # z - max z overflows, (z - max z) / T = -2 does not
    ([1e308, 1e308 - 1e292], 1e300),
    ([-1e308, 1e308, 1e308], 1e300),
    ([-1e308, -1e308, 0], 1e-300),
    ([1e-300, 0], 1e-300),
    ([1000.0, 1.0], 1.0),            # np.log(softmax) gives -inf for the second class
])
def test_log_softmax_across_the_whole_float_range(logits, temperature):
    # Stable at any scale: no overflow warning or nan, and every digit that a float can hold.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        logs = tv.log_softmax(logits, temperature)
    assert not np.isnan(logs).any()
    assert logs == close(exact(logits, temperature)[0])


def test_log_softmax_is_plus_zero_for_a_certain_class():
    # log 1 = +0.0, never -0.0 (catches -log(1) or -log1p(0), which give -0.0).
    for logits, t in [([3.0], 1.0), ([3.0], 0), ([3.0], math.inf), ([1, 2, 5], 0),
                      ([1000.0, 1.0], 1.0)]:
        top = tv.log_softmax(logits, t)[np.argmax(logits)]
        assert top == 0.0 and math.copysign(1, top) == 1.0


@pytest.mark.parametrize("logits, temperature, message", [
    ([1, math.nan], 1, r"logits \(item 2\) must be a finite number or -inf"),
    ([-math.inf], 1, "at least one finite value"),
    ([1, 2], -1, r"temperature must be a number ≥ 0.*math\.inf"),
])
def test_log_softmax_checks_its_input_like_softmax(logits, temperature, message):
    # The same TempvizError, with the same message, as softmax gives.
    with pytest.raises(tv.errors.TempvizError, match=message):
        tv.log_softmax(logits, temperature)

"""The naive softmax overflows exactly where the float types run out; the stable one never."""

import math

import numpy as np
import pytest

import tempviz as tv
from tempviz.stability import naive_softmax, overflow_threshold


@pytest.mark.parametrize("dtype, threshold", [("float16", 11.0898664),  # log 65504
                                               ("float32", 88.7228391),  # log 3.4028235e38
                                               ("float64", 709.7827129)])  # log 1.7976931e308
def test_overflow_thresholds_are_the_logs_of_the_largest_floats(dtype, threshold):
    assert overflow_threshold(dtype) == pytest.approx(threshold, abs=1e-6)


@pytest.mark.parametrize("dtype, safe_t, unsafe_t", [
    ("float16", 0.5, 0.4),     # z/T = 10 fits under 11.09; 12.5 does not
    ("float32", 0.06, 0.05),   # 83.3 fits under 88.72; 100 does not
    ("float64", 0.008, 0.007),  # 625 fits under 709.78; 714 does not
])
def test_naive_softmax_breaks_just_past_the_threshold(dtype, safe_t, unsafe_t):
    logits = [1, 2, 5]
    assert np.isfinite(naive_softmax(logits, safe_t, dtype)).all()
    assert np.isnan(naive_softmax(logits, unsafe_t, dtype)).any()
    assert np.isfinite(tv.softmax(logits, unsafe_t)).all()  # the stable one never breaks


def test_naive_and_stable_agree_where_nothing_overflows():
    np.testing.assert_allclose(naive_softmax([1, 2, 5], 1.0), tv.softmax([1, 2, 5], 1.0),
                               rtol=1e-15)


@pytest.mark.parametrize("temperature, message", [(0, "positive finite"),
                                                  (math.inf, "positive finite")])
def test_the_limits_have_no_naive_form(temperature, message):
    with pytest.raises(ValueError, match=message):
        naive_softmax([1, 2], temperature)


def test_unknown_float_type_is_named():
    with pytest.raises(ValueError, match="dtype must be one of float16, float32, float64"):
        naive_softmax([1, 2], 1.0, "float128")

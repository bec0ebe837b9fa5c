"""The chain at T → 0 and T → ∞ is the limit of the chain at finite T, for every step in
every order: where the scaled distribution ties exactly, the original logits break the
tie as every small or large finite T does. Only equal logits stay tied."""

import math
from itertools import product

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tempviz as tv
from tempviz.sampling import CUTS, XTC, DynamicTemperature, Filters, chain

HOT, COLD = 1e7, 1e-7  # far enough out that every decision below is already the limit's
LOGITS = [[1, 2, 5], [5, 4, 1], [3, 3, 1], [1, 2, 3, 4], [0.5, -1, 2, 2, 7], [2, 2, 2],
          [1, 1, 4, 4], [-3, 0, 0.25, 9, -math.inf]]
STEPS = [tv.TopK(1), tv.TopK(2), tv.TopP(0.3), tv.TopP(0.5), tv.TopP(0.9), tv.MinP(0.1),
         tv.MinP(1.0), tv.TypicalP(0.2), tv.TypicalP(0.5), tv.TypicalP(0.9),
         tv.TopNSigma(0.5), tv.TopNSigma(1.0), tv.TopA(0.2), tv.TopA(1.0),
         XTC(0.1, probability=1.0), XTC(0.2, probability=0.5), XTC(0.3, probability=1.0)]


def support(probabilities: np.ndarray) -> list[int]:
    return np.flatnonzero(probabilities > 0).tolist()


@pytest.mark.parametrize(("logits", "step", "first", "limit"),
                         list(product(LOGITS, STEPS, (True, False), ("hot", "cold"))))
def test_every_step_in_either_order_tends_to_its_limit(logits, step, first, limit):
    t, near = (math.inf, HOT) if limit == "hot" else (0.0, COLD)
    filters = Filters(step, temperature_first=first)
    at_limit, close = chain(logits, filters.steps(t)), chain(logits, filters.steps(near))
    # the same classes survive, with the same probabilities up to the O(1/T) or O(T)
    # change that separates 10⁷ (10⁻⁷) from the limit
    assert support(at_limit) == support(close)
    assert at_limit == pytest.approx(close, abs=1e-5)
    assert math.fsum(at_limit) == pytest.approx(1, abs=1e-15)


@pytest.mark.parametrize("logits", LOGITS)
@pytest.mark.parametrize("limit", ["hot", "cold"])
def test_dynamic_temperature_tends_to_its_limit_before_and_after_a_cut(logits, limit):
    t, near = (math.inf, HOT) if limit == "hot" else (0.0, COLD)
    for order in (("temperature", "top_p"), ("top_p", "temperature")):
        filters = Filters(DynamicTemperature(0.5), tv.TopP(0.6), order=order)
        at_limit, close = chain(logits, filters.steps(t)), chain(logits, filters.steps(near))
        assert support(at_limit) == support(close)
        assert at_limit == pytest.approx(close, abs=1e-5)


# The three cases the issue reported, with the answers every finite T gives.
def test_top_p_after_infinite_temperature_keeps_the_largest_logits():
    # at T = ∞ each p is 1/3 + O(1/T), z3 above and z1 below: z3 then z2 reach 0.5
    assert chain([1, 2, 5], [tv.Temperature(math.inf), tv.TopP(0.5)]).tolist() == [0, .5, .5]


def test_top_k_two_at_infinite_temperature_has_one_bit():
    scene = tv.View.from_query({"logits": "1, 2, 5", "T": "inf", "top_k": "2"})[0]
    probabilities = chain([1, 2, 5], scene.steps())
    assert probabilities.tolist() == [0, .5, .5]
    assert tv.entropy(probabilities, base=2) == 1.0


def test_typical_p_at_infinite_temperature_keeps_the_logits_nearest_their_mean():
    # mean 8/3: z2 is 2/3 away, z1 5/3, z3 7/3; z2 alone (1/3) falls short of 0.5
    assert chain([1, 2, 5], [tv.Temperature(math.inf), tv.TypicalP(0.5)]).tolist() == [
        .5, .5, 0]


def test_typical_p_breaks_a_tie_in_distance_towards_the_class_above_the_mean():
    # z = 1, 2, 3: z1 and z3 are equally far from the mean, but at large T the surprisal
    # of z3 is nearer the entropy by 2v/T² (v the variance of the logits); checked at
    # T = 1000 with mpmath, where floats would lose that term
    with mpmath.workdps(60):
        t = mpmath.mpf(1000)
        weights = [mpmath.e ** (z / t) for z in (1, 2, 3)]
        p = [w / sum(weights) for w in weights]
        h = -sum(q * mpmath.log(q) for q in p)
        distance = [abs(-mpmath.log(q) - h) for q in p]
    assert distance[2] < distance[0]
    assert chain([1, 2, 3], [tv.Temperature(math.inf), tv.TypicalP(0.5)]).tolist() == [
        0, .5, .5]


def test_xtc_at_zero_temperature_leaves_two_tied_maxima_below_a_threshold_of_a_half():
    # the two maxima hold 1/2 − e^(−1/T) each, below 0.5 at every T > 0 (floats round
    # e^(−10⁷) to 0, so this is checked with mpmath at T = 0.01)
    with mpmath.workdps(60):
        weights = [mpmath.e ** (z / mpmath.mpf("0.01")) for z in (1, 2, 2)]
        assert max(w / sum(weights) for w in weights) < mpmath.mpf("0.5")
    assert chain([1, 2, 2], [tv.Temperature(0), XTC(0.5, probability=1)]).tolist() == [
        0, .5, .5]


def test_top_n_sigma_keeps_the_same_classes_at_every_temperature():
    kept = {tuple(support(chain([1, 2, 5, 4.5], [tv.Temperature(t), tv.TopNSigma(1)])))
            for t in (1e-3, 0.5, 1, 7, 1e6, math.inf)}
    assert kept == {(2, 3)}


def test_every_step_has_a_limit_test():
    assert {type(step).key for step in STEPS} | {"dynatemp_range"} == set(CUTS)


CHOICES = [tv.TopK(1), tv.TopK(2), tv.TopK(3), tv.TopP(0.3), tv.TopP(0.5), tv.TopP(0.75),
           tv.MinP(0.2), tv.MinP(1.0), tv.TypicalP(0.25), tv.TypicalP(0.5), tv.TypicalP(0.75),
           tv.TopNSigma(0.5), tv.TopNSigma(1.5), tv.TopA(0.5), XTC(0.1, probability=1.0),
           XTC(0.2, probability=0.5), XTC(0.25, probability=1.0)]


@settings(max_examples=300, deadline=None)
@given(logits=st.lists(st.integers(-4, 4), min_size=1, max_size=6),
       steps=st.lists(st.sampled_from(CHOICES), min_size=1, max_size=3, unique_by=type),
       place=st.integers(0, 3), limit=st.sampled_from(["hot", "cold"]))
def test_any_chain_in_any_order_tends_to_its_limit(logits, steps, place, limit):
    # the limit of a chain is the chain at a large (small) enough finite T, whatever
    # the steps and wherever temperature stands among them
    t, near = (math.inf, HOT) if limit == "hot" else (0.0, COLD)
    position = min(place, len(steps))
    # XTC with its threshold at exactly 1/m of m tied maxima: every p is 1/m − e^(−Δ/T)
    # at a small T, below the threshold, but floats round it to 1/m; decided with mpmath
    # in test_xtc_at_zero_temperature_leaves_two_tied_maxima_below_a_threshold_of_a_half
    assume(limit == "hot" or not any(isinstance(step, XTC) and step.value * m == 1
                                      for step in steps for m in range(1, len(logits) + 1)))
    at_limit = chain(logits, [*steps[:position], tv.Temperature(t), *steps[position:]])
    close = chain(logits, [*steps[:position], tv.Temperature(near), *steps[position:]])
    assert support(at_limit) == support(close)
    assert at_limit == pytest.approx(close, abs=1e-5)


def typical_at(logits: list[float], t: int, mass: float) -> list[int]:
    """transformers' typical-p at a large finite T, in mpmath: the classes it keeps."""
    with mpmath.workdps(80):
        weights = [mpmath.e ** (mpmath.mpf(z) / t) for z in logits]
        p = [w / mpmath.fsum(weights) for w in weights]
        h = -mpmath.fsum(q * mpmath.log(q) for q in p)
        distance = [abs(-mpmath.log(q) - h) for q in p]
        order = sorted(range(len(p)), key=lambda i: distance[i])
        totals = [mpmath.fsum(p[i] for i in order[:j + 1]) for j in range(len(p))]
        last = min(sum(total < mass for total in totals), len(p) - 1)
        return [i for i in range(len(p)) if distance[i] <= distance[order[last]]]


@pytest.mark.parametrize(("logits", "mass", "expected"), [
    # two classes: the one above the mean is nearer the entropy and alone reaches 0.2
    ([1, 2], 0.2, [1]),
    # d = 1, −2, −3, 4 by nearness; the first two total 1/2 − 1/(4T) + …, short of 1/2:
    # the first-order term of the boundary class decides, and the third joins
    ([3, 0, 6, -1], 0.5, [0, 1, 3]),
    # d = −1, −2, −3, −4, 10 total 5/8 to first order too (their d sum to 0); the
    # second-order term Σ(d² − v) = 130 − 5·115.5 < 0 leaves them short, so 11 joins
    ([23, 22, 21, 20, 34, 35, 36, 1], 0.625, [0, 1, 2, 3, 4, 5]),
])
def test_typical_p_at_infinite_temperature_decides_a_total_at_p_as_every_large_t(
        logits, mass, expected):
    assert typical_at(logits, 10**4, mass) == expected
    assert support(chain(logits, [tv.Temperature(math.inf), tv.TypicalP(mass)])) == expected


def xtc_reaching_at(logits: list[float], t: str, threshold: float) -> list[int]:
    """The classes with p ≥ threshold at temperature t, in mpmath."""
    with mpmath.workdps(80):
        weights = [mpmath.e ** (mpmath.mpf(z) / mpmath.mpf(t)) for z in logits]
        return [i for i, w in enumerate(weights) if w / mpmath.fsum(weights) >= threshold]


@pytest.mark.parametrize(("logits", "t", "near", "threshold", "expected"), [
    # p = 1/4 at every T: all four reach 1/4, and the last of the tie stays
    ([1, 1, 1, 1], math.inf, "1e4", 0.25, [3]),
    # p → 1/4 from above for 5 and 4, above the mean 3; 3, at the mean, from below
    ([0, 3, 5, 4], math.inf, "1e4", 0.25, [0, 1, 3]),
    ([1, 2, 5, 6], math.inf, "1e4", 0.25, [0, 1, 2]),
    # every p ≥ 0: all reach a threshold of 0, and only the least probable stays
    ([1, 2, 5], 0.0, "0.01", 0.0, [0]),
    # two equal logits hold 1/2 each at every T: both reach 1/2
    ([2, 2], 0.0, "0.01", 0.5, [1]),
])
def test_xtc_at_a_limit_removes_what_every_near_temperature_removes(
        logits, t, near, threshold, expected):
    reaching = xtc_reaching_at(logits, near, threshold)
    if len(reaching) >= 2:  # all but the least probable of them leave
        least = min(reaching, key=lambda i: (logits[i], -i))
        reaching.remove(least)
    else:
        reaching = []
    assert [i for i in range(len(logits)) if i not in reaching] == expected
    assert support(chain(logits, [tv.Temperature(t), XTC(threshold, probability=1)])) == expected

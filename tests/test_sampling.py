"""Sampling steps, table-driven on hand-written probabilities, probing every threshold
from both sides; then orders of steps, and properties checked with hypothesis."""

import math
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import tempviz as tv
from tempviz.errors import TempvizError
from tempviz.sampling import (
    CUTS,
    STEPS,
    Filters,
    MinP,
    Temperature,
    TopK,
    TopP,
    TypicalP,
    as_step,
    chain,
    describe_chain,
    min_p,
    temperature,
    top_k,
    top_p,
    typical_p,
)

PROBS = np.array([0.1, 0.2, 0.3, 0.4])
LOGITS = np.log(PROBS)


def kept(logits: np.ndarray) -> list[int]:
    return [i for i, z in enumerate(logits) if z > -math.inf]


def drawn_from(probs: np.ndarray) -> list[int]:
    return [i for i, p in enumerate(probs) if p > 0]


@pytest.mark.parametrize("k, expected", [
    (1, [3]),             # only the 0.4
    (2, [2, 3]),
    (3, [1, 2, 3]),
    (4, [0, 1, 2, 3]),
    (10, [0, 1, 2, 3]),   # k beyond the vocabulary keeps everything
])
def test_top_k(k, expected):
    assert kept(top_k(LOGITS, k)) == expected


def test_top_k_keeps_every_token_tied_with_the_kth():
    assert kept(top_k([1, 3, 3, 2], 1)) == [1, 2]
    assert kept(top_k([3, 1, 2, 2], 2)) == [0, 2, 3]


@pytest.mark.parametrize("p, expected", [
    (0.0, [3]),            # the most probable token is never removed
    (0.39, [3]),           # 0.4 alone reaches 0.39
    (0.41, [2, 3]),        # 0.4 falls short of 0.41: 0.3 joins (0.7)
    (0.69, [2, 3]),
    (0.71, [1, 2, 3]),     # 0.7 falls short of 0.71: 0.2 joins (0.9)
    (0.89, [1, 2, 3]),
    (0.91, [0, 1, 2, 3]),  # 0.9 falls short: everything
    (1.0, [0, 1, 2, 3]),
])
def test_top_p(p, expected):
    assert kept(top_p(LOGITS, p)) == expected


def test_top_p_at_exactly_the_total_stops_there():
    # 0.4 + 0.3 is 0.7 up to rounding: reaching p exactly is reaching it
    assert kept(top_p(LOGITS, 0.7)) == [2, 3]


@pytest.mark.parametrize("p, expected", [
    (0.0, [0, 1, 2, 3]),
    (0.24, [0, 1, 2, 3]),  # 0.1 ≥ 0.24 × 0.4 = 0.096: kept
    (0.26, [1, 2, 3]),     # 0.1 < 0.26 × 0.4 = 0.104: cut
    (0.49, [1, 2, 3]),     # 0.2 ≥ 0.196
    (0.51, [2, 3]),        # 0.2 < 0.204
    (0.74, [2, 3]),        # 0.3 ≥ 0.296
    (0.76, [3]),           # 0.3 < 0.304
    (1.0, [3]),
])
def test_min_p(p, expected):
    assert kept(min_p(LOGITS, p)) == expected


@pytest.mark.parametrize("step, value, message", [
    (top_k, 0, "top_k must be a whole number ≥ 1, but 0 was given"),
    (top_k, 2.5, "top_k must be a whole number ≥ 1, but 2.5 was given"),
    (top_k, "3", "top_k must be a whole number ≥ 1, but '3' was given"),
    (top_p, 1.5, r"top_p must be a number in \[0, 1\], but 1.5 was given"),
    (top_p, -0.1, r"top_p must be a number in \[0, 1\], but -0.1 was given"),
    (min_p, "lots", r"min_p must be a number in \[0, 1\], but 'lots' was given"),
    (min_p, math.nan, r"min_p must be a number in \[0, 1\], but nan was given"),
    (temperature, -1, "temperature must be a number ≥ 0"),
])
def test_out_of_range_arguments_name_themselves(step, value, message):
    with pytest.raises(ValueError, match=message):
        step(LOGITS, value)


def test_temperature_step_scales_and_shifts():
    np.testing.assert_array_equal(temperature([1, 2, 5], 0.5), [-8, -6, 0])
    np.testing.assert_array_equal(temperature([1, 5, 5], 0), [-np.inf, 0, 0])
    np.testing.assert_array_equal(temperature([1, -np.inf, 3], np.inf), [0, -np.inf, 0])


def test_order_decides_how_many_tokens_survive():
    # T first: z/T = 6, 4, 2 gives 0.867 to the first token, which alone reaches 0.8.
    first = chain([3, 2, 1], [("temperature", 0.5), ("top_p", 0.8)])
    assert drawn_from(first) == [0]
    # T last: at T = 1 the first token has 0.665 < 0.8, so the second joins; T then sharpens.
    last = chain([3, 2, 1], [("top_p", 0.8), ("temperature", 0.5)])
    assert drawn_from(last) == [0, 1]
    assert last[0] == pytest.approx(math.exp(6) / (math.exp(6) + math.exp(4)), rel=1e-14)


def test_survivors_are_renormalised():
    # top-k 2 on 0.1, 0.2, 0.3, 0.4 leaves 0.3 and 0.4, renormalised to 3/7 and 4/7
    np.testing.assert_allclose(chain(LOGITS, [("top_k", 2)]), [0, 0, 3 / 7, 4 / 7], rtol=1e-14)


def test_min_p_against_temperature_order():
    # min-p 0.6 at T = 1 cuts 0.1 and 0.2 (below 0.24); after T = 10 the smallest is
    # (0.1 / 0.4) ** 0.1 = 0.87 of the largest, so everything stays
    assert drawn_from(chain(LOGITS, [("min_p", 0.6), ("temperature", 10)])) == [2, 3]
    assert drawn_from(chain(LOGITS, [("temperature", 10), ("min_p", 0.6)])) == [0, 1, 2, 3]


@pytest.mark.parametrize("steps, message", [
    ([("top_q", 0.5)], r"steps \(item 1\) must be named one of temperature, top_k"),
    ([("top_k", 2), "min_p"], r"steps \(item 2\) must be a \(name, value\) pair"),
])
def test_bad_chains_say_which_step(steps, message):
    with pytest.raises(ValueError, match=message):
        chain(LOGITS, steps)


def test_chain_is_written_out_in_order():
    assert describe_chain([("temperature", 0.5), ("top_p", 0.8)]) == (
        "logits → T=0.5 → top-p 0.8 → sample")
    assert describe_chain([("top_k", 40), ("min_p", 0.05), ("temperature", 0.7)]) == (
        "logits → top-k 40 → min-p 0.05 → T=0.7 → sample")
    assert describe_chain([]) == "logits → sample"


logit_vectors = arrays(np.float64, st.integers(1, 10),
                       elements=st.floats(-30, 30, allow_nan=False, allow_infinity=False))
steps = st.lists(st.one_of(
    st.tuples(st.just("temperature"), st.one_of(st.floats(0.01, 100), st.just(0.0),
                                                 st.just(math.inf))),
    st.tuples(st.just("top_k"), st.integers(1, 12)),
    st.tuples(st.just("top_p"), st.floats(0, 1)),
    st.tuples(st.just("min_p"), st.floats(0, 1)),
), max_size=5)


@given(logit_vectors, steps)
def test_any_chain_keeps_a_token_sums_to_one_and_leaves_its_input_alone(logits, chosen):
    original = logits.copy()
    probs = chain(logits, chosen)
    np.testing.assert_array_equal(logits, original)
    assert math.isclose(probs.sum(), 1.0, rel_tol=1e-12)
    assert (probs > 0).any()
    if all(name != "temperature" for name, _ in chosen):  # T = ∞ may turn the top into a tie
        assert probs[np.argmax(logits)] > 0  # the most probable token is never removed


@given(logit_vectors, st.integers(1, 12), st.floats(0, 1), st.floats(0, 1))
def test_each_step_only_removes(logits, k, p, q):
    for result in (top_k(logits, k), top_p(logits, p), min_p(logits, q)):
        survivors = result > -math.inf
        np.testing.assert_array_equal(result[survivors], logits[survivors])
        assert survivors[np.argmax(logits)]


# typical-p on 0.5, 0.3, 0.2: H = 1.0297 nats; surprisals 0.693, 1.204, 1.609 lie 0.337,
# 0.174 and 0.580 from H, so the order of typicality is 0.3, 0.5, 0.2 (totals 0.3, 0.8, 1)
TYPICAL = np.log([0.5, 0.3, 0.2])


@pytest.mark.parametrize("p, expected", [
    (0.01, [1]),          # the most typical token alone: the most probable one is removed
    (0.29, [1]),          # 0.3 alone reaches 0.29
    (0.31, [0, 1]),       # 0.3 falls short of 0.31: the next most typical, 0.5, joins
    (0.79, [0, 1]),
    (0.81, [0, 1, 2]),    # 0.8 falls short of 0.81: everything
    (1.0, [0, 1, 2]),     # p = 1 keeps every token
])
def test_typical_p(p, expected):
    assert kept(typical_p(TYPICAL, p)) == expected


# Two float computations of −log p − H differ in the last bits; where a choice turns on
# such a difference (logits 0 and 2.2e-16 are apart by one ulp of 1), either is right
ROUNDING = 1e-9


def typical_reference(logits: np.ndarray, mass: float) -> tuple[list[int], bool]:
    """transformers' TypicalLogitsWarper, step by step in plain Python (min_tokens_to_keep=1):
    the tokens kept, and whether rounding could not have changed them (no running total
    before the last within ``ROUNDING`` of ``mass``, no two different logits' distances
    that close)."""
    finite = [z for z in logits if z > -math.inf]
    top = max(finite)
    total = sum(math.exp(z - top) for z in finite)
    logp = [z - top - math.log(total) if z > -math.inf else -math.inf for z in logits]
    probs = [math.exp(lp) for lp in logp]
    entropy = -sum(p * lp for p, lp in zip(probs, logp) if p > 0)
    shifted = [abs(-lp - entropy) for lp in logp]
    order = sorted(range(len(logits)), key=lambda i: shifted[i])
    running, below, clear = 0.0, 0, True
    for i in order:
        running += probs[i]
        below += running < mass
        # the last total (1, give or take rounding) never moves the cut: it keeps every token
        clear &= abs(running - mass) > ROUNDING or i == order[-1]
    last = min(below, len(logits) - 1)
    threshold = shifted[order[last]]
    keep = {i for i in range(len(logits)) if shifted[i] <= threshold} | {order[0]}
    clear &= all(abs(shifted[i] - shifted[j]) > ROUNDING for i in order for j in order
                 if logits[i] != logits[j] and math.isfinite(shifted[i] + shifted[j]))
    return sorted(i for i in keep if logits[i] > -math.inf), clear


@given(arrays(np.float64, st.integers(1, 10), elements=st.floats(-20, 20)),
       st.floats(0.01, 1))
@example(np.array([1.0, 2.0, 3.0]), 1.0).via("p = 1, whose last total is 1 give or take")
def test_typical_p_matches_transformers_definition(logits, p):
    # the definition, written again independently: the two agree wherever the choice
    # does not turn on the last bits, and exact ties are always kept together
    expected, clear = typical_reference(logits, p)
    assume(clear)
    assert kept(typical_p(logits, p)) == expected


def test_typical_p_agrees_with_the_definition_on_ties_and_on_a_total_exactly_at_p():
    tied = np.log([0.25, 0.25, 0.25, 0.125, 0.125])  # three equally typical tokens
    for p in (0.2, 0.5, 0.75, 0.8):
        assert kept(typical_p(tied, p)) == typical_reference(tied, p)[0]
    assert kept(typical_p(tied, 0.5)) == [0, 1, 2]  # the ties with the crossing token stay


def test_steps_validate_once_and_name_themselves():
    assert TopK(40).describe() == "top-k 40" and TypicalP(0.9).describe() == "typical-p 0.9"
    assert Temperature(0.5).describe() == "T=0.5"
    with pytest.raises(TempvizError, match=r"typical_p must be a number in \[0.01, 1\], "
                                           r"but 0 was given"):
        TypicalP(0)
    assert MinP(-0.0).url_value() == "0"  # never "-0" in a link


@pytest.mark.parametrize("cut, typed", [(TopK, "40"), (TopP, "0.9"), (MinP, "0.05"),
                                        (TypicalP, "0.2")])
def test_every_cut_reads_back_what_it_writes(cut, typed):
    step = cut.from_text(typed)
    assert step.url_value() == typed and cut.from_text(step.url_value()) == step


def test_the_registry_lists_every_cut_in_the_page_order():
    assert list(CUTS) == ["top_k", "top_p", "min_p", "typical_p", "top_n_sigma", "top_a", "xtc",
                          "dynatemp_range"]
    assert STEPS["temperature"] is Temperature


def test_filters_keep_the_registry_order_whatever_the_order_given():
    filters = Filters(TypicalP(0.5), top_k=3)
    assert [cut.key for cut in filters.cuts] == ["top_k", "typical_p"]
    assert filters.steps(2.0) == [Temperature(2.0), TopK(3), TypicalP(0.5)]
    assert Filters(top_p=0.9, temperature_first=False).steps(1)[-1] == Temperature(1)


# The steps llama.cpp and the playgrounds offer, each against its published definition,
# computed here from the definition in exact fractions where it can be.

@pytest.mark.parametrize(("logits", "n", "expected"), [
    ([1, 2, 5], 1, [2]),            # σ = √(26/9) = 1.70: the bar is 3.30
    ([1, 2, 5], 2, [1, 2]),         # the bar is 1.60
    ([1, 2, 5], 0, [2]),            # n = 0: the maxima alone
    ([4, 4, 1, -math.inf], 0, [0, 1]),
    ([0, 1, 2, 3], 0.8944, [3]),         # σ = √1.25: the bar is 3 − 0.99998, just above 2
    ([0, 1, 2, 3], 0.8945, [2, 3]),      # the bar is 3 − 1.00009, just below 2
])
def test_top_n_sigma_keeps_the_logits_within_n_standard_deviations(logits, n, expected):
    finite = [z for z in logits if z != -math.inf]
    mean = sum(map(Fraction, finite)) / len(finite)
    variance = sum((Fraction(z) - mean) ** 2 for z in finite) / len(finite)
    bar = max(finite) - n * math.sqrt(variance)  # llama.cpp: logit < max − n·std is removed
    assert [i for i, z in enumerate(logits) if z != -math.inf and z >= bar] == expected
    assert kept(tv.top_n_sigma(logits, n)) == expected


@pytest.mark.parametrize(("probs", "a", "expected"), [
    ([0.6, 0.3, 0.1], 0.5, [0, 1]),        # bar 0.5 · 0.36 = 0.18
    ([0.6, 0.3, 0.1], 0.25, [0, 1, 2]),    # bar 0.09 < 0.1
    ([0.6, 0.3, 0.1], 0.27, [0, 1, 2]),    # bar 0.0972 < 0.1
    ([0.6, 0.3, 0.1], 0.28, [0, 1]),       # bar 0.1008 > 0.1
    ([0.4, 0.35, 0.25], 1.0, [0, 1, 2]),   # bar 0.16 < 0.25: nobody is confident, all stay
    ([0.9, 0.05, 0.05], 0.1, [0]),         # bar 0.081: a confident top leaves alone
    ([0.5, 0.3, 0.2], 0, [0, 1, 2]),
])
def test_top_a_keeps_tokens_at_least_a_times_the_top_probability_squared(probs, a, expected):
    exact = [Fraction(p).limit_denominator(1000) for p in probs]
    assert [i for i, p in enumerate(exact) if p >= Fraction(a).limit_denominator(1000)
            * max(exact) ** 2] == expected
    assert kept(tv.top_a(np.log(probs), a)) == expected


def xtc_reference(probs: list[float], threshold: float) -> list[int]:
    """llama.cpp's xtc when its coin says act: sorted by p, drop every class before the
    last one with p ≥ threshold, if there are at least two such."""
    order = sorted(range(len(probs)), key=lambda i: -probs[i])
    reaching = [i for i in order if probs[i] >= threshold]
    if len(reaching) < 2:
        return sorted(order)
    return sorted(set(order) - set(reaching[:-1]))


@pytest.mark.parametrize(("probs", "threshold"), [
    ([0.5, 0.3, 0.15, 0.05], 0.2), ([0.5, 0.3, 0.15, 0.05], 0.1), ([0.5, 0.3, 0.2], 0.4),
    ([0.25, 0.25, 0.25, 0.25], 0.1), ([0.7, 0.2, 0.1], 0.5), ([0.4, 0.35, 0.25], 0)])
def test_xtc_drops_every_top_choice_but_the_least_probable(probs, threshold):
    assert kept(tv.XTC(threshold, probability=1)(np.log(probs))) == xtc_reference(
        probs, threshold)


def test_xtc_mixes_acting_and_not_with_its_probability():
    # with chance q the coin acts: each token's probability is the average of the two
    # outcomes, weighted q and 1 − q (here 0.5 leaves, its share going to 0.3 and 0.2)
    q = Fraction(1, 4)
    acted = [Fraction(0), Fraction(3, 5), Fraction(2, 5)]
    expected = [q * a + (1 - q) * p for a, p in zip(acted, map(Fraction, ("0.5", "0.3", "0.2")))]
    got = tv.chain(np.log([0.5, 0.3, 0.2]), [tv.XTC(0.25, probability=0.25)])
    assert got == pytest.approx([float(e) for e in expected], rel=1e-14, abs=0)


def test_samples_drawn_through_xtc_follow_the_mixture_and_repeat_with_their_seed():
    probs = tv.chain(np.log([0.5, 0.3, 0.2]), [tv.XTC(0.25, probability=0.5)])
    counts = tv.sample_counts(probs, 100_000, seed=7)
    assert (counts == tv.sample_counts(probs, 100_000, seed=7)).all()
    # 0.25, 0.45, 0.3 within five standard errors of 100,000 draws
    assert np.abs(counts / 100_000 - [0.25, 0.45, 0.3]).max() < 5 * math.sqrt(0.25 / 100_000)


@pytest.mark.parametrize(("probs", "t", "spread", "exponent"), [
    ([0.25, 0.25, 0.25, 0.25], 1.0, 0.5, 1.0), ([0.97, 0.01, 0.01, 0.01], 1.0, 0.5, 1.0),
    ([0.7, 0.2, 0.1], 0.3, 0.5, 2.0), ([0.7, 0.2, 0.1], 2.0, 1.5, 0.5),
    ([0.6, 0.4], 0.0, 0.8, 1.0), ([0.5, 0.3, 0.2], 1.0, 1.0, 1.0)])
def test_dynamic_temperature_follows_llama_cpp_formula(probs, t, spread, exponent):
    with mpmath.workdps(40):
        h = -sum(mpmath.mpf(p) * mpmath.log(p) for p in probs)
        low, high = max(0, t - spread), t + spread
        t_dyn = low + (high - low) * (h / mpmath.log(len(probs))) ** exponent
        weights = [mpmath.mpf(p) ** (1 / t_dyn) for p in probs]
        expected = [float(w / sum(weights)) for w in weights]
    steps = [tv.DynamicTemperature(spread, temperature=t, exponent=exponent)]
    assert tv.chain_temperature(np.log(probs), steps) == pytest.approx(float(t_dyn), rel=1e-13)
    assert tv.chain(np.log(probs), steps) == pytest.approx(expected, rel=1e-12, abs=0)


def test_dynamic_temperature_takes_the_temperature_place_in_the_chain():
    filters = tv.Filters(tv.TopK(2), tv.DynamicTemperature(0.5, exponent=2),
                         temperature_first=False)
    assert filters.steps(0.7) == [tv.TopK(2), tv.DynamicTemperature(0.5, temperature=0.7,
                                                                    exponent=2)]
    assert tv.describe_chain(filters.steps(0.7)) == (
        "logits → top-k 2 → T=0.7±0.5 (exponent 2) → sample")


@pytest.mark.parametrize(("step", "value", "message"), [
    (tv.TopNSigma, 6, r"top_n_sigma must be a number in \[0, 5\], but 6 was given"),
    (tv.TopA, -0.1, r"top_a must be a number in \[0, 1\], but -0.1 was given"),
    (tv.XTC, 0.6, r"xtc must be a number in \[0, 0.5\], but 0.6 was given"),
    (tv.DynamicTemperature, "wide", r"dynatemp_range must be a number in \[0, 5\]"),
])
def test_new_steps_name_their_range(step, value, message):
    with pytest.raises(tv.TempvizError, match=message):
        step(value)


def test_second_settings_are_checked_and_named_as_links_write_them():
    with pytest.raises(tv.TempvizError, match=r"xtc_probability must be a number in \[0, 1\]"):
        tv.XTC(0.1, probability=2)
    with pytest.raises(tv.TempvizError, match=r"dynatemp_exponent must be a number in \[0, 5\]"):
        tv.DynamicTemperature(0.5, exponent=-1)


@pytest.mark.parametrize("key", ["top_n_sigma", "top_a", "xtc", "dynatemp_range"])
def test_every_new_step_is_reachable_by_its_key_and_at_top_level(key):
    assert CUTS[key].__name__ in tv.__all__ and getattr(tv, CUTS[key].__name__) is CUTS[key]
    assert "dyn" in key or CUTS[key].key == key


def test_links_carry_the_second_settings():
    view, notices = tv.View.from_query({"xtc": "0.1", "xtc_probability": "0.25",
                                        "dynatemp_range": "0.5", "dynatemp_exponent": "2"})
    assert notices == []
    xtc, dynamic = view.filters.cut("xtc"), view.filters.cut("dynatemp_range")
    assert (xtc.value, xtc.probability, dynamic.value, dynamic.exponent) == (0.1, 0.25, 0.5, 2)
    written = view.to_query()
    assert {key: written[key] for key in ("xtc", "xtc_probability", "dynatemp_range",
                                          "dynatemp_exponent")} == {
        "xtc": "0.1", "xtc_probability": "0.25", "dynatemp_range": "0.5",
        "dynatemp_exponent": "2"}


@pytest.mark.parametrize(("order", "chain_text"), [
    ("top_p,temperature,top_k", "logits → top-p 0.9 → T=1 → top-k 2 → sample"),
    ("top_k,top_p", "logits → top-k 2 → top-p 0.9 → T=1 → sample"),  # T joins at the end
    ("last", "logits → top-k 2 → top-p 0.9 → T=1 → sample"),
    ("first", "logits → T=1 → top-k 2 → top-p 0.9 → sample"),
])
def test_links_name_any_order(order, chain_text):
    view, notices = tv.View.from_query({"top_k": "2", "top_p": "0.9", "order": order})
    assert notices == [] and tv.describe_chain(view.steps()) == chain_text


@pytest.mark.parametrize("order", ["top_k,top_k", "top_k,typo", "dynatemp_range"])
def test_a_link_order_that_is_not_one_is_ignored_with_a_notice(order):
    view, notices = tv.View.from_query({"top_k": "2", "order": order})
    assert [notice.key for notice in notices] == ["url.ignored"]
    assert view.filters.temperature_first


def test_the_docs_name_every_step_with_its_link_keys():
    docs = Path(__file__).parent.parent / "docs"
    steps, links = ((docs / name).read_text(encoding="utf-8") for name in ("sampling.md",
                                                                           "links.md"))
    for key, cut in CUTS.items():
        assert f"`{key}`" in steps and f"`{cut.__name__}(" in steps, key
        assert f"`{key}`" in links, key
        assert not cut.second or f"`{cut.second.link}`" in links, key


# What a reader switched on starts at, and the range the page offers (page/inputs.py: a
# number box from 1 for a whole count, else a slider from smallest to largest every
# stride). The defaults are the docstrings' typical values (top-k's 2 suits the short
# example vectors) and, for the second settings, docs/links.md's.
@pytest.mark.parametrize(("key", "default", "smallest", "largest", "stride", "whole"), [
    ("top_k", 2, 0.0, 100_000, 0.01, True),
    ("top_p", 0.9, 0.0, 1.0, 0.01, False),
    ("min_p", 0.1, 0.0, 1.0, 0.01, False),
    ("typical_p", 0.9, 0.01, 1.0, 0.01, False),
    ("top_n_sigma", 1.0, 0.0, 5.0, 0.05, False),
    ("top_a", 0.2, 0.0, 1.0, 0.01, False),
    ("xtc", 0.1, 0.0, 0.5, 0.01, False),
    ("dynatemp_range", 0.5, 0.0, 5.0, 0.01, False),
])
def test_every_control_starts_at_its_documented_default_within_its_range(
        key, default, smallest, largest, stride, whole):
    cut = CUTS[key]
    assert (cut.default, cut.smallest, cut.largest, cut.stride, cut.whole) == (
        default, smallest, largest, stride, whole)
    assert cut(default).value == default  # the default is a value the step accepts


@pytest.mark.parametrize(("key", "setting"), [
    ("xtc", ("probability", "xtc_probability", 0.0, 1.0, 0.5)),       # docs/links.md: 0.5
    ("dynatemp_range", ("exponent", "dynatemp_exponent", 0.0, 5.0, 1.0)),  # and 1
])
def test_second_settings_start_at_the_defaults_the_link_docs_state(key, setting):
    assert tuple(CUTS[key].second) == setting


@pytest.mark.parametrize(("typed", "expected"), [
    ("0.5", 0.5), ("0,5", 0.5), ("0", 0.0), ("inf", math.inf), (" 2 ", 2.0)])
def test_temperature_reads_what_a_link_or_a_command_line_writes(typed, expected):
    assert Temperature.from_text(typed) == Temperature(expected)


@pytest.mark.parametrize(("read", "typed", "message"), [
    (Temperature.from_text, "-1", r"^T must be a number ≥ 0 or inf .*, but '-1' was given$"),
    (TopK.from_text, "0", "^top_k must be a whole number from 1 to 100,000, but '0' was given$"),
    (TopK.from_text, "100001",
     "^top_k must be a whole number from 1 to 100,000, but '100001' was given$"),
    (lambda typed: tv.XTC.from_link({"xtc": "0.1", "xtc_probability": typed}), "lots",
     r"^xtc_probability must be a number in \[0, 1\], but 'lots' was given$"),
    (lambda typed: tv.DynamicTemperature.from_link({"dynatemp_range": "0.5",
                                                    "dynatemp_exponent": typed}), "steep",
     r"^dynatemp_exponent must be a number in \[0, 5\], but 'steep' was given$"),
])
def test_a_typed_value_out_of_range_is_refused_naming_its_key_range_and_value(
        read, typed, message):
    with pytest.raises(TempvizError, match=message):
        read(typed)


@pytest.mark.parametrize(("typed", "k"), [("1", 1), ("40", 40), ("100000", 100_000)])
def test_top_k_reads_every_count_from_1_to_max_logits(typed, k):
    assert TopK.from_text(typed) == TopK(k)


@pytest.mark.parametrize(("make", "message"), [
    (lambda: as_step("min_p"), r"^steps \(item 1\) must be a \(name, value\) pair"),
    (lambda: as_step(("top_k", 2, 3)), r"^steps \(item 1\) must be a \(name, value\) pair"),
    (lambda: as_step("ab"), r"^steps \(item 1\) must be a \(name, value\) pair"),
    (lambda: describe_chain([("top_q", 1)]), r"^steps \(item 1\) must be named one of"),
    (lambda: describe_chain([("top_k", 2), "x"]), r"^steps \(item 2\) must be a \(name"),
])
def test_a_step_that_is_not_one_is_named_by_its_place_counted_from_1(make, message):
    with pytest.raises(TempvizError, match=message):
        make()


@pytest.mark.parametrize(("make", "typed"), [
    (lambda typed: Filters.order_from_text(typed), "top_k,typo"),
    (lambda typed: Filters(order=typed.split(",")), "top_k,top_k"),
])
def test_a_bad_order_lists_the_keys_an_order_may_name(make, typed):
    keys = "temperature, top_k, top_p, min_p, typical_p, top_n_sigma, top_a, xtc"
    message = (f"order must be first, last, or step keys joined by commas ({keys}), "
               f"each once, but '{typed}' was given")
    with pytest.raises(TempvizError) as raised:
        make(typed)
    assert str(raised.value) == message


@pytest.mark.parametrize(("filters", "named"), [
    (Filters(top_k=2, top_p=0.9), "first"),
    (Filters(top_k=2, top_p=0.9, temperature_first=False), "last"),
    (Filters(top_k=2, top_p=0.9, order=("top_k", "temperature", "top_p")),
     "top_k,temperature,top_p"),
])
def test_an_order_is_written_by_its_name_when_it_has_one(filters, named):
    assert filters.named_order() == named
    read = {"first": True, "last": False}.get(named, tuple(named.split(",")))
    assert Filters.order_from_text(named) == read


def test_filters_are_values_that_cannot_change_once_checked():
    a, b = Filters(top_k=2, top_p=0.9), Filters(TopP(0.9), TopK(2))
    assert a == b and hash(a) == hash(b)  # a view holding them can key a cache
    with pytest.raises(AttributeError):
        a.order = ("top_p",)


@pytest.mark.parametrize("steps", [
    [tv.XTC(0.25, probability=0), tv.XTC(0.25, probability=0.25)],
    [tv.XTC(0.25, probability=1), tv.XTC(0.4, probability=0.5)],
])
def test_a_coin_that_never_or_always_acts_gives_its_one_outcome_in_full(steps):
    p = [Fraction(1, 2), Fraction(3, 10), Fraction(1, 5)]
    if steps[0].probability == 0:
        # the first coin never acts; the second acts with 1/4: 0.5 leaves, 0.3, 0.2 → 3/5, 2/5
        expected = [Fraction(3, 4) * q + Fraction(1, 4) * a
                    for q, a in zip(p, [0, Fraction(3, 5), Fraction(2, 5)])]
    else:
        # the first always acts: 0, 3/5, 2/5; the second (both reach 0.4) leaves 2/5 alone
        # with chance 1/2: 0, 3/10, 7/10
        expected = [0, Fraction(3, 10), Fraction(7, 10)]
    got = chain(np.log([0.5, 0.3, 0.2]), steps)
    assert got == pytest.approx([float(e) for e in expected], rel=1e-14, abs=0)


@pytest.mark.parametrize(("logits", "threshold", "expected"), [
    ([3, 3, 3, 3], 0.25, [0, 0, 0, 1]),  # p = 1/4 exactly reaches 1/4: the last tie stays
    ([2, 2], 0.5, [0, 1]),
])
def test_xtc_counts_a_probability_exactly_at_the_threshold_as_reaching_it(
        logits, threshold, expected):
    assert chain(logits, [tv.XTC(threshold, probability=1)]).tolist() == expected


def test_typical_p_just_below_1_keeps_every_token_when_rounding_leaves_the_total_short():
    # the largest float below 1: the exact total reaches it only with the last token, and
    # a float total of 1 − 2⁻⁵² falls short of it even then; either way every token stays
    # (transformers clamps the cut to the last token)
    logits = [3.0, -2.0, 4.0, 2.0, -4.0]
    assert kept(typical_p(logits, 1 - 2**-53)) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(("probs", "threshold", "survivors"), [
    ([0.5, 0.3, 0.15, 0.05], 0.2, [0.3, 0.15, 0.05]),   # 0.5 leaves
    ([0.4, 0.35, 0.25], 0.3, [0.35, 0.25]),             # 0.4 leaves
])
def test_dynamic_temperature_after_an_xtc_that_always_acts_measures_what_is_left(
        probs, threshold, survivors):
    with mpmath.workdps(40):
        left = [mpmath.mpf(s) / mpmath.fsum(survivors) for s in survivors]
        h = -mpmath.fsum(q * mpmath.log(q) for q in left)
        t_dyn = 0.5 + 1 * h / mpmath.log(len(left))  # T = 1, range 0.5: lo 0.5, hi 1.5
    steps = [tv.XTC(threshold, probability=1), tv.DynamicTemperature(0.5, temperature=1)]
    assert tv.chain_temperature(np.log(probs), steps) == pytest.approx(float(t_dyn),
                                                                       rel=1e-13, abs=0)


@pytest.mark.parametrize("classes", [2, 3, 4, 5, 12])
def test_dynamic_temperature_of_a_uniform_distribution_is_t_plus_its_range_never_more(classes):
    # H = log K: the most uncertain distribution gets hi = T + range, up to the rounding
    # of H / log K, which never takes it past hi (a float H / log K is 1 + 2⁻⁵² at K = 5)
    steps = [tv.DynamicTemperature(0.5, temperature=1)]
    assert 1.5 - 2**-52 <= tv.chain_temperature(np.zeros(classes), steps) <= 1.5


def test_dynamic_temperature_writes_its_exponent_only_when_it_is_not_1():
    assert tv.DynamicTemperature(0.5, temperature=1.5).describe() == "T=1.5±0.5"
    assert tv.DynamicTemperature(0.5, temperature=1.5, exponent=1).describe("ru") == "T=1,5±0,5"

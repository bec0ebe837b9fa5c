"""tempviz.calibration against computations outside it: SciPy's minimiser on an NLL written
here, closed forms, exact fractions and mpmath."""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import minimize_scalar

import tempviz as tv
from tempviz import calibration
from tempviz.errors import TempvizError

mpmath.mp.dps = 60


def plain_nll(logits, labels, temperature: float) -> float:
    """Mean NLL of softmax(z / T), written here in plain numpy: log Σ exp by hand."""
    z = np.asarray(logits, dtype=np.float64) / temperature
    top = z.max(axis=1)
    log_total = top + np.log(np.exp(z - top[:, None]).sum(axis=1))
    return float(np.mean(log_total - z[np.arange(len(z)), np.asarray(labels)]))


def scipy_temperature(logits, labels) -> float:
    """The T SciPy's bounded minimiser finds for plain_nll, searching log T over 1e-3..1e3."""
    found = minimize_scalar(lambda u: plain_nll(logits, labels, math.exp(u)),
                            bounds=(math.log(1e-3), math.log(1e3)), method="bounded",
                            options={"xatol": 1e-12})
    assert found.success
    return math.exp(found.x)


def mpmath_temperature(logits, labels) -> float:
    """T* as the zero of the NLL's slope in β = 1/T, at 60 digits: mean(E_p z - z_y) = 0."""
    rows = [[mpmath.mpf(float(x)) for x in row] for row in logits]

    def slope(beta):
        total = 0
        for row, label in zip(rows, labels, strict=True):
            weights = [mpmath.exp(beta * x) for x in row]
            total += mpmath.fsum(w * x for w, x in zip(weights, row)) / mpmath.fsum(weights)
            total -= row[label]
        return total / len(rows)
    return float(1 / mpmath.findroot(slope, (mpmath.mpf("1e-3"), mpmath.mpf(1e3)),
                                     solver="illinois"))


# --- fit_temperature ------------------------------------------------------------------

def test_three_rows_right_twice_have_the_closed_form_t():
    # same logits (0, 1) three times, label 1 twice: the best p(1) is 2/3, so e^(1/T) = 2
    t = tv.fit_temperature([[0, 1]] * 3, [1, 1, 0])
    assert t == pytest.approx(1 / math.log(2), rel=1e-14, abs=0)


@pytest.mark.parametrize("gap, right, rows", [(3.0, 7, 10), (0.5, 51, 100), (40.0, 99, 100)])
def test_two_classes_one_gap_fit_the_log_odds(gap, right, rows):
    # every row (0, gap), `right` of them labelled 1: softmax's p(1) must equal right / rows,
    # so gap / T = log(right / (rows - right))
    labels = [1] * right + [0] * (rows - right)
    t = tv.fit_temperature([[0.0, gap]] * rows, labels)
    assert t == pytest.approx(gap / math.log(right / (rows - right)), rel=1e-12, abs=0)


HAND_CASES = [
    ([[2.0, 0.5, -1.0], [0.1, 1.9, 0.3], [1.2, 1.1, 3.0], [0.0, 2.5, 2.4]], [0, 1, 0, 2]),
    ([[5.0, 1.0], [4.0, 3.5], [-2.0, 1.0], [0.3, 0.2], [1.0, 8.0]], [0, 1, 1, 1, 1]),
    ([[10.0, 0.0, 0.0, 0.0], [0.0, 10.0, 0.0, 0.0], [0.0, 0.0, 9.0, 10.0]], [0, 1, 2]),
]


@pytest.mark.parametrize("logits, labels", HAND_CASES)
def test_hand_cases_match_scipy_and_mpmath(logits, labels):
    t = tv.fit_temperature(logits, labels)
    # Brent's method compares NLL values, flat at the minimum: about 1e-8 relative in T
    assert t == pytest.approx(scipy_temperature(logits, labels), rel=1e-6, abs=0)
    assert t == pytest.approx(mpmath_temperature(logits, labels), rel=1e-13, abs=0)


def test_the_bundled_set_matches_scipy_and_mpmath():
    logits, labels = calibration.bundled()
    t = tv.fit_temperature(logits, labels)
    assert t == pytest.approx(scipy_temperature(logits, labels), rel=1e-6, abs=0)
    assert t == pytest.approx(mpmath_temperature(logits, labels), rel=1e-13, abs=0)
    # and it is a minimum of the NLL written here: a step either way costs
    assert plain_nll(logits, labels, t) < min(plain_nll(logits, labels, t * (1 + 1e-4)),
                                              plain_nll(logits, labels, t * (1 - 1e-4)))


@pytest.mark.parametrize("scale", [1e-300, 1e-8, 3.7, 1e8, 1e300])
def test_fitting_scaled_logits_scales_t_at_any_magnitude(scale):
    # softmax(c z / (c T)) = softmax(z / T): the fitted T carries the scale
    logits, labels = calibration.bundled()
    t = tv.fit_temperature(logits, labels)
    assert tv.fit_temperature(logits * scale, labels) == pytest.approx(t * scale, rel=1e-12,
                                                                        abs=0)


def test_logits_spanning_the_float_range_fit():
    # the gap 2e308 between -1e308 and 1e308 overflows if formed directly; 9 rows right of
    # 10 make it 2e308 / log 9, within the float range
    logits = [[-1e308, 1e308]] * 10
    assert tv.fit_temperature(logits, [1] * 9 + [0]) == pytest.approx(
        1e308 / math.log(9) * 2, rel=1e-14, abs=0)



def test_a_wrong_row_by_a_hair_and_a_right_row_by_a_mile_fit_a_cold_t():
    # slope in β = 1/T: row 1 (wrong by d = 1e-300) adds d·σ(βd) ≈ d/2, row 2 (right by 1)
    # adds -1/(1 + e^β); they cancel at e^β = 2/d - 1, a β near 691 where e^(2β) overflows
    assert tv.fit_temperature([[0, 1e-300], [0, 1]], [0, 1]) == pytest.approx(
        1 / math.log(2 / 1e-300 - 1), rel=1e-14, abs=0)


def counted_slopes(monkeypatch) -> list[int]:
    """Count the evaluations of the NLL's slope a fit makes, one per Newton or halving step."""
    calls = [0]
    slope = calibration._nll_slope

    def counting(*args):
        calls[0] += 1
        return slope(*args)
    monkeypatch.setattr(calibration, "_nll_slope", counting)
    return calls


@pytest.mark.parametrize("scale", [1e-300, 1, 1e300])
def test_the_fit_takes_a_handful_of_newton_steps_not_fifty_halvings(monkeypatch, scale):
    # the docstring's Newton's method: quadratic convergence reaches 1e-15 in a handful of
    # steps from the bracket [β, 2β]; halving alone would need about 50 (2^-50 ≈ 1e-15)
    logits, labels = calibration.bundled()
    calls = counted_slopes(monkeypatch)
    tv.fit_temperature(logits * scale, labels)
    assert calls[0] <= 16

@pytest.mark.parametrize("logits", [[[-1e308, 1e308]] * 3, [[0, 5e-324]] * 3])
def test_a_best_t_beyond_the_float_range_is_said_so(logits):
    # right twice of three: T = gap / log 2, 2.9e308 for the first (above the largest
    # float), 7e-324 for the second (a subnormal, its digits lost)
    with pytest.raises(TempvizError, match=r"^the T that minimises the NLL lies beyond the "
                       r"float range.*multiply the logits by a power of 10"):
        tv.fit_temperature(logits, [1, 1, 0])


SEPARABLE = [
    ([[0, 1], [2, 0]], [1, 0]),
    ([[1, 1, 0], [0, 0, 3]], [0, 2]),  # a label tied for first counts as first
    ([[3, 3], [0, 1]], [0, 1]),  # a constant row has every label first
]


@pytest.mark.parametrize("logits, labels", SEPARABLE)
def test_logits_that_rank_every_label_first_have_no_best_t(logits, labels):
    # the premise, by the NLL written here: it falls on and on as T falls
    nlls = [plain_nll(logits, labels, t) for t in (10, 1, 0.1, 0.01)]
    assert nlls == sorted(nlls, reverse=True) and nlls[0] > nlls[-1]
    with pytest.raises(TempvizError, match=r"^the logits already rank every label first "
                       r"\(or tied first\), so the NLL keeps falling as T → 0"):
        tv.fit_temperature(logits, labels)


@pytest.mark.parametrize("logits, labels", [
    ([[0, 1], [0, 1]], [0, 0]),  # always wrong: best at a negative T, ranking reversed
    ([[0, 1], [0, 1]], [0, 1]),  # right as often as wrong: best at T = ∞ exactly
    ([[0, 1, 2], [0, 1, 2]], [0, 1]),  # label logits average 0.5, row means 1
])
def test_logits_no_better_than_their_row_means_are_best_at_infinite_t(logits, labels):
    nlls = [plain_nll(logits, labels, t) for t in (0.1, 1, 10, 1000)]
    assert nlls == sorted(nlls, reverse=True)  # the NLL only falls as T rises
    with pytest.raises(TempvizError, match=r"^the label logits are on average no higher than "
                       r"their rows' means, so the NLL only falls as T → ∞"):
        tv.fit_temperature(logits, labels)


def test_constant_rows_have_no_best_t():
    with pytest.raises(TempvizError, match=r"^every row of logits is constant"):
        tv.fit_temperature([[2, 2], [-5, -5]], [0, 1])


def test_the_edge_cases_speak_russian_too():
    with pytest.raises(TempvizError) as raised:
        tv.fit_temperature([[0, 1], [2, 0]], [1, 0])
    assert raised.value.localized("ru").startswith("логиты уже ставят каждую метку на первое")


def test_fitting_leaves_its_inputs_alone():
    logits, labels = np.array([[2.0, 0.5], [0.1, 1.9], [1.0, 1.5]]), np.array([0, 0, 1])
    kept = logits.copy(), labels.copy()
    tv.fit_temperature(logits, labels)
    np.testing.assert_array_equal(logits, kept[0])
    np.testing.assert_array_equal(labels, kept[1])


# --- nll and scaled_probabilities -------------------------------------------------------

@pytest.mark.parametrize("temperature", [0.05, 1, 2.5, 100])
def test_nll_matches_the_nll_written_here(temperature):
    logits, labels = calibration.bundled()
    assert calibration.nll(logits, labels, temperature) == pytest.approx(
        plain_nll(logits, labels, temperature), rel=1e-12, abs=0)


def test_scaled_probabilities_match_mpmath_and_survive_huge_logits():
    logits = [[1, 2, 5], [1000, 1, -1000], [1e308, -1e308, 0]]
    for row, got in zip(logits, calibration.scaled_probabilities(logits, 0.5), strict=True):
        weights = [mpmath.exp(mpmath.mpf(x) / mpmath.mpf(0.5)) for x in row]
        expected = [float(w / mpmath.fsum(weights)) for w in weights]
        np.testing.assert_allclose(got, expected, rtol=1e-14, atol=0)



def test_scaled_probabilities_default_to_t_1():
    # softmax(0, log 3) = (1/4, 3/4)
    np.testing.assert_allclose(calibration.scaled_probabilities([[0, math.log(3)]]),
                               [[0.25, 0.75]], rtol=1e-15, atol=0)


@pytest.mark.parametrize("row, temperature", [
    ([-1e308, 1e308], 1e308),  # gap 2e308 (beyond floats) / T: softmax(-1, 1)
    ([1e308, -1e308, 5e307], 5e307),  # gaps 0, -4, -1 at T = 5e307
    ([-1e308, 1e308], 1e308 / 0.75),  # the gap / T is 1.5
])
def test_a_row_spanning_the_float_range_keeps_its_gaps_over_t(row, temperature):
    weights = [mpmath.exp(mpmath.mpf(x) / mpmath.mpf(temperature)) for x in row]
    expected = [float(w / mpmath.fsum(weights)) for w in weights]
    np.testing.assert_allclose(calibration.scaled_probabilities([row], temperature)[0],
                               expected, rtol=1e-14, atol=0)

# --- calibration_error and reliability -----------------------------------------------

def fraction_ece(rows: list[list[str]], labels: list[int], bins: int) -> Fraction:
    """ECE by hand, in exact fractions: bin k is (k/bins, (k+1)/bins], 0 in the first."""
    ps = [[Fraction(p) for p in row] for row in rows]
    ece = Fraction(0)
    for k in range(bins):
        low, high = Fraction(k, bins), Fraction(k + 1, bins)
        members = [(max(row), row.index(max(row)) == label)
                   for row, label in zip(ps, labels, strict=True)
                   if low < max(row) <= high or (k == 0 and max(row) == 0)]
        if members:
            accuracy = Fraction(sum(right for _, right in members), len(members))
            confidence = sum(conf for conf, _ in members) / len(members)
            ece += Fraction(len(members), len(rows)) * abs(accuracy - confidence)
    return ece


ECE_CASES = [
    # 0.6 closes (0.4, 0.6] of 5 bins and shares it with 0.55: accuracy 1/2, confidence
    # 0.575, ECE 0.075. Bins [lo, hi) would put 0.6 in [0.6, 0.8) alone: ECE 0.475.
    ([["0.4", "0.6"], ["0.45", "0.55"]], [1, 0], 5, Fraction(3, 40)),
    # 0.1 closes (0, 0.1] of 10 bins (the float 0.1 is a hair above 1/10: the edge is the
    # same float); 1 closes the last bin
    ([["0.1"] * 10, ["1", "0"] + ["0"] * 8, ["0.7", "0.3"] + ["0"] * 8], [0, 0, 1], 10, None),
    # 0.3 closes (0.2, 0.3]; 0.7 closes (0.6, 0.7]; four classes, one wrong
    ([["0.3", "0.25", "0.25", "0.2"], ["0.1", "0.7", "0.1", "0.1"],
      ["0.05", "0.05", "0.2", "0.7"]], [0, 1, 2], 10, None),
    # one bin: the gap between accuracy and mean confidence over every row
    ([["0.9", "0.1"], ["0.2", "0.8"], ["0.35", "0.65"]], [0, 0, 1], 1, None),
    # Guo's 15 bins, edges at fifteenths
    ([["0.6", "0.4"], ["0.8", "0.2"], ["0.2", "0.8"], ["0.5", "0.5"]], [0, 1, 1, 0], 15, None),
]


@pytest.mark.parametrize("rows, labels, bins, known", ECE_CASES)
def test_ece_matches_exact_fractions(rows, labels, bins, known):
    expected = fraction_ece(rows, labels, bins)
    if known is not None:
        assert expected == known  # the hand loop itself, against the sum worked out above
    got = tv.calibration_error([[float(p) for p in row] for row in rows], labels, bins)
    assert got == pytest.approx(float(expected), rel=1e-12, abs=0)


def test_a_confidence_on_an_edge_is_counted_in_the_bin_it_closes():
    table = calibration.reliability([[0.4, 0.6], [0.45, 0.55]], [1, 0], bins=5)
    assert table["count"].tolist() == [0, 0, 2, 0, 0]
    assert table.loc[2, ["lower", "upper"]].tolist() == [0.4, 0.6]
    assert table.loc[2, "accuracy"] == 0.5
    assert table.loc[2, "confidence"] == pytest.approx(0.575, rel=1e-15, abs=0)
    assert table.loc[[0, 1, 3, 4], ["accuracy", "confidence"]].isna().all().all()



@pytest.mark.parametrize("bins", [1, 10_000])
def test_the_allowed_bin_counts_run_from_one_to_ten_thousand(bins):
    # one row, right, with confidence 0.75: whatever bin holds it, the ECE is 1 - 0.75
    assert tv.calibration_error([[0.25, 0.75]], [1], bins) == 0.25
    assert len(calibration.reliability([[0.25, 0.75]], [1], bins)) == bins

def test_ece_is_the_reliability_tables_weighted_gap():
    logits, labels = calibration.bundled()
    probabilities = calibration.scaled_probabilities(logits)
    table = calibration.reliability(probabilities, labels).dropna()
    weighted = (table["count"] / len(labels) * (table["accuracy"] - table["confidence"]).abs())
    assert table["count"].sum() == len(labels)
    assert tv.calibration_error(probabilities, labels) == pytest.approx(weighted.sum(),
                                                                       rel=1e-12, abs=0)


# --- distillation_loss ------------------------------------------------------------------

def mpmath_kl(student, teacher, temperature) -> mpmath.mpf:
    """KL(softmax(teacher / T) ‖ softmax(student / T)) from the definition, at 60 digits."""
    def softmax(row):
        weights = [mpmath.exp(mpmath.mpf(x) / mpmath.mpf(temperature)) for x in row]
        return [w / mpmath.fsum(weights) for w in weights]
    p, q = softmax(teacher), softmax(student)
    return mpmath.fsum(pi * mpmath.log(pi / qi) for pi, qi in zip(p, q, strict=True))


DISTILLED = [
    ([1.0, 2.0, 5.0], [2.0, 1.0, 4.0]),
    ([0.0, 0.0, 0.0, 0.0], [3.0, -1.0, 0.5, 0.0]),
    ([10.0, -3.0], [-2.0, 7.5]),
]


@pytest.mark.parametrize("student, teacher", DISTILLED)
@pytest.mark.parametrize("temperature", [0.5, 1, 2, 7, 20])
def test_one_row_is_t_squared_times_kl_by_definition(student, teacher, temperature):
    kl = float(mpmath_kl(student, teacher, temperature))
    assert tv.distillation_loss(student, teacher, temperature) == pytest.approx(
        temperature ** 2 * kl, rel=1e-12, abs=0)


def test_the_factor_is_t_squared_not_t_nor_one():
    kl = float(mpmath_kl(*DISTILLED[0], 3))
    loss = tv.distillation_loss(*DISTILLED[0], temperature=3)
    assert loss == pytest.approx(9 * kl, rel=1e-12, abs=0)
    assert loss != pytest.approx(3 * kl, rel=1e-3) and loss != pytest.approx(kl, rel=1e-3)


def test_rows_are_averaged_not_summed():
    students, teachers = [[1.0, 2.0, 5.0], [0.0, 0.0, 0.0]], [[2.0, 1.0, 4.0], [0.0, 0.0, 9.0]]
    total = 4 * sum(mpmath_kl(s, t, 2) for s, t in zip(students, teachers, strict=True))
    loss = tv.distillation_loss(students, teachers, 2)
    assert loss == pytest.approx(float(total / 2), rel=1e-12, abs=0)
    assert loss != pytest.approx(float(total), rel=1e-3)


def test_a_teacher_probability_of_zero_adds_nothing_and_no_log_is_infinite():
    # e^-1000 is 0 in floats: the teacher's second class adds exactly 0, and the student's
    # log q of -1000 (its probability is 0 too) stays finite, where log(0) would be -inf
    for student, teacher in [([0, 0], [0, -1000]), ([0, -1000], [0, 0]),
                             ([0, -1000, 5], [3, 0, -2000])]:
        expected = float(mpmath_kl(student, teacher, 1))
        assert tv.distillation_loss(student, teacher, 1) == pytest.approx(expected, rel=1e-12,
                                                                          abs=0)



def test_a_teacher_gap_beyond_the_float_range_over_t_adds_nothing():
    # -1e308 / 0.5 is -inf in floats: the teacher's second log p is -inf and its p is 0,
    # so the class adds 0 (not 0 · -inf = NaN); p = (1, 0), q = (1/2, 1/2): KL = log 2
    loss = tv.distillation_loss([0, 0], [0, -1e308], 0.5)
    assert loss == pytest.approx(0.25 * math.log(2), rel=1e-15, abs=0)

def test_one_row_as_a_vector_or_a_matrix_gives_one_loss():
    student, teacher = DISTILLED[0]
    assert tv.distillation_loss(student, teacher, 2) == tv.distillation_loss([student],
                                                                             [teacher], 2)


# --- properties -----------------------------------------------------------------------

SHAPES = st.tuples(st.integers(2, 8), st.integers(2, 5))


def logit_matrices(bound=20.0, count=1):
    """Matrices of logits in [-bound, bound], one shape for ``count`` of them."""
    def of_shape(shape):
        matrix = arrays(np.float64, shape, elements=st.floats(-bound, bound, allow_nan=False))
        return st.tuples(*[matrix] * count) if count > 1 else matrix
    return SHAPES.flatmap(of_shape)


def labelled():
    """Logits with a label per row, any class."""
    return logit_matrices().flatmap(lambda z: st.tuples(st.just(z), arrays(
        np.int64, len(z), elements=st.integers(0, z.shape[1] - 1))))


def mostly_right(logits: np.ndarray, wrong: int, shift: int) -> np.ndarray:
    """Each row's favourite as its label, but for row ``wrong``: a classifier's usual errors,
    so a best T exists (random labels are as likely as not to be worse than chance)."""
    labels = logits.argmax(axis=1)
    labels[wrong] = (labels[wrong] + shift) % logits.shape[1]
    return labels


# distinct logits in hundredths: no ties, no constant rows, and none so small that scaling
# by 1e-100 underflows it
fittable = SHAPES.flatmap(lambda shape: st.tuples(
    arrays(np.int64, shape, elements=st.integers(-2000, 2000), unique=True).map(
        lambda z: z / 100),
    st.integers(0, shape[0] - 1), st.integers(1, shape[1] - 1)))


@given(fittable, st.floats(1e-100, 1e100))
def test_fitted_t_scales_with_the_logits(case, scale):
    logits = case[0]
    labels = mostly_right(*case)
    try:
        t = tv.fit_temperature(logits, labels)
    except TempvizError:
        assume(False)  # no best T (worse than chance): the edge-case tests' part
    assume(1e-3 < t < 1e3)  # beyond, the NLL is so flat that its minimum is ill-conditioned
    assert tv.fit_temperature(logits * scale, labels) == pytest.approx(t * scale, rel=1e-6,
                                                                        abs=0)


@given(labelled(), st.floats(0.05, 20), st.integers(1, 30))
def test_ece_lies_in_zero_to_one(case, temperature, bins):
    logits, labels = case
    rows = [tv.softmax(row, temperature) for row in logits]
    assert 0 <= tv.calibration_error(rows, labels, bins) <= 1


@given(logit_matrices(count=2), st.floats(0.1, 20))
def test_the_loss_is_never_negative(pair, temperature):
    student, teacher = pair
    assert tv.distillation_loss(student, teacher, temperature) >= 0


@given(logit_matrices(), st.data(), st.floats(0.1, 20))
def test_a_student_equal_to_its_teacher_up_to_shifts_loses_nothing(teacher, data, temperature):
    assert tv.distillation_loss(teacher, teacher, temperature) == 0
    # translation property: softmax ignores a constant added to a row
    shifts = data.draw(arrays(np.float64, (len(teacher), 1), elements=st.floats(-100, 100)))
    assert tv.distillation_loss(teacher + shifts, teacher, temperature) == pytest.approx(
        0, abs=1e-9)


@given(logit_matrices(bound=50).map(np.round), st.floats(0.1, 10))
def test_temperature_scaling_keeps_the_accuracy(logits, temperature):
    # dividing by T > 0 keeps each row's largest logit the largest, so every prediction
    # (whole-number logits, so no two probabilities tie unless their logits do)
    predicted = calibration.scaled_probabilities(logits, temperature).argmax(axis=1)
    np.testing.assert_array_equal(predicted, logits.argmax(axis=1))


# --- the bundled set --------------------------------------------------------------------

def test_the_bundled_set_is_a_real_classifiers_held_out_logits():
    logits, labels = calibration.bundled()
    assert logits.ndim == 2 and len(logits) >= 300 and logits.shape[1] >= 3
    assert logits.dtype == np.float64 and np.isfinite(logits).all()
    assert labels.shape == (len(logits),) and np.issubdtype(labels.dtype, np.integer)
    assert set(labels.tolist()) == set(range(logits.shape[1]))  # every class appears
    accuracy = (logits.argmax(axis=1) == labels).mean()
    assert 0.5 < accuracy < 0.999


def test_the_bundled_set_teaches_the_lesson():
    # overconfident: the fitted T is above 1 and lowers both the NLL and the ECE
    logits, labels = calibration.bundled()
    t = tv.fit_temperature(logits, labels)
    assert t > 1
    assert plain_nll(logits, labels, t) < plain_nll(logits, labels, 1)
    before = [tv.softmax(row) for row in logits]
    after = [tv.softmax(row, t) for row in logits]
    assert tv.calibration_error(after, labels) < tv.calibration_error(before, labels)


@pytest.fixture
def fresh_bundled():
    """bundled() read anew, its cache cleared before and after the test."""
    calibration.bundled.cache_clear()
    yield calibration.bundled
    calibration.bundled.cache_clear()


def test_the_bundled_arrays_are_read_once_and_read_only(fresh_bundled):
    assert fresh_bundled() is fresh_bundled()
    logits, labels = calibration.bundled()
    with pytest.raises(ValueError, match="read-only"):
        logits[0, 0] = 0
    with pytest.raises(ValueError, match="read-only"):
        labels[0] = 0


def test_the_bundled_file_is_read_with_pickles_refused(fresh_bundled, tmp_path, monkeypatch):
    # an .npz holding object arrays unpickles them, which can run any code: np.load must
    # refuse them (allow_pickle=False) rather than hand them back
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, logits=np.array([{"a": 1}], dtype=object), labels=np.array([0]))
    monkeypatch.setattr(calibration, "BUNDLED", str(pickled))
    with pytest.raises(ValueError, match="allow_pickle=False"):
        fresh_bundled()


# --- every message: the argument, the rule, the value given ---------------------------

GOOD = [[0.0, 1.0], [2.0, 0.5], [1.0, 1.5]]
GOOD_LABELS = [1, 0, 0]
MATRIX = "must be a matrix of numbers, one row per example, with at least 1 row and 2 columns"


@pytest.mark.parametrize("call, message", [
    (lambda: tv.fit_temperature([1, 2, 3], [0]),
     rf"^logits {MATRIX}, but an array of shape \(3,\) was given$"),
    (lambda: tv.fit_temperature(np.zeros((0, 3)), []),
     rf"^logits {MATRIX}, but an array of shape \(0, 3\) was given$"),
    (lambda: tv.fit_temperature([[1.0], [2.0]], [0, 0]),
     rf"^logits {MATRIX}, but an array of shape \(2, 1\) was given$"),
    (lambda: tv.fit_temperature([[1, 2], [3]], [0, 0]),
     r"^logits must be a sequence of numbers, but \[\[1, 2\], \[3\]\] was given$"),
    (lambda: tv.fit_temperature([[0, 1], [math.nan, 2]], [0, 0]),
     r"^logits \(row 2, column 1\) must be a finite number, but nan was given$"),
    (lambda: tv.fit_temperature([[0, math.inf], [1, 2]], [0, 0]),
     r"^logits \(row 1, column 2\) must be a finite number, but inf was given$"),
    (lambda: tv.fit_temperature([[0, 1], [1, -math.inf]], [0, 0]),
     r"^logits \(row 2, column 2\) must be a finite number, but -inf was given$"),
    (lambda: tv.fit_temperature(GOOD, [1, 0]),
     r"^labels must be a flat sequence of class numbers, one per row \(3 rows\), but an "
     r"array of shape \(2,\) was given$"),
    (lambda: tv.fit_temperature(GOOD, [[1, 0, 0]]),
     r"^labels must be a flat sequence .* but an array of shape \(1, 3\) was given$"),
    (lambda: tv.fit_temperature(GOOD, [1, 2, 0]),
     r"^labels \(item 2\) must be a whole number from 0 to 1, but 2 was given$"),
    (lambda: tv.fit_temperature(GOOD, [1, 0, -1]),
     r"^labels \(item 3\) must be a whole number from 0 to 1, but -1 was given$"),
    (lambda: tv.fit_temperature(GOOD, [1, 0.5, 0]),
     r"^labels \(item 2\) must be a whole number from 0 to 1, but 0.5 was given$"),
    (lambda: tv.fit_temperature(GOOD, [math.nan, 0, 0]),
     r"^labels \(item 1\) must be a whole number from 0 to 1, but nan was given$"),
    (lambda: tv.fit_temperature(GOOD, ["cat", "dog", "cat"]),
     r"^labels must be a sequence of numbers, but \['cat', 'dog', 'cat'\] was given$"),
    (lambda: calibration.nll(GOOD, GOOD_LABELS, 0),
     r"^temperature must be a finite number > 0, but 0.0 was given$"),
    (lambda: tv.calibration_error([0.5, 0.5], [0]),
     rf"^probabilities {MATRIX}, but an array of shape \(2,\) was given$"),
    (lambda: tv.calibration_error([[0.5, 0.4], [0.5, 0.5]], [0, 0]),
     r"^probabilities \(row 1\) must sum to 1 \(within 10⁻⁶\), but a sum of 0.9 was given$"),
    (lambda: tv.calibration_error([[0.5, 0.5], [1.5, -0.5]], [0, 0]),
     r"^probabilities \(row 2, column 1\) must be a number in \[0, 1\], but 1.5 was given$"),
    (lambda: tv.calibration_error([[0.5, math.nan]], [0]),
     r"^probabilities \(row 1, column 2\) must be a number in \[0, 1\], but nan was given$"),
    (lambda: tv.calibration_error([[0.5, 0.5]], [2]),
     r"^labels \(item 1\) must be a whole number from 0 to 1, but 2 was given$"),
    (lambda: tv.calibration_error(np.zeros((0, 2)), []),
     rf"^probabilities {MATRIX}, but an array of shape \(0, 2\) was given$"),
    (lambda: tv.calibration_error([[0.5, 0.5]], [0], bins=10_001),
     r"^bins must be a whole number from 1 to 10,000, but 10001 was given$"),
    (lambda: tv.calibration_error([[0.5, 0.5]], [0], bins=0),
     r"^bins must be a whole number from 1 to 10,000, but 0 was given$"),
    (lambda: calibration.reliability([[0.5, 0.5]], [0], bins=2.5),
     r"^bins must be a whole number from 1 to 10,000, but 2.5 was given$"),
    (lambda: tv.calibration_error([[0.5, 0.5]], [0], bins=True),
     r"^bins must be a whole number from 1 to 10,000, but True was given$"),
    (lambda: tv.distillation_loss([1, 2], [1, 2], 0),
     r"^temperature must be a finite number > 0, but 0.0 was given; distillation commonly "
     r"uses T from 1 to 20$"),
    (lambda: tv.distillation_loss([1, 2], [1, 2], -1),
     r"^temperature must be a finite number > 0, but -1.0 was given"),
    (lambda: tv.distillation_loss([1, 2], [1, 2], math.inf),
     r"^temperature must be a finite number > 0, but inf was given"),
    (lambda: tv.distillation_loss([1, 2], [1, 2], math.nan),
     r"^temperature must be a finite number > 0, but nan was given"),
    (lambda: tv.distillation_loss([1, 2], [1, 2], "hot"),
     r"^temperature must be a finite number > 0, but 'hot' was given"),
    (lambda: tv.distillation_loss([1, 2], [1, 2, 3], 2),
     r"^student_logits must have the shape of teacher_logits, \(3,\), but an array of shape "
     r"\(2,\) was given$"),
    (lambda: tv.distillation_loss([1], [1], 2),
     r"^student_logits must be one row of at least 2 numbers or a matrix of such rows, but an "
     r"array of shape \(1,\) was given$"),
    (lambda: tv.distillation_loss(np.zeros((0, 3)), np.zeros((0, 3)), 2),
     r"^student_logits must be one row of at least 2 numbers or a matrix of such rows, but an "
     r"array of shape \(0, 3\) was given$"),
    # a value's first 40 characters (QUOTED_CHARS) are quoted whole, a longer one is cut
    # to 39 and "…": ['x…x'] is 40 with 36 x's
    (lambda: tv.fit_temperature(["x" * 36], [0]),
     r"^logits must be a sequence of numbers, but \['x{36}'\] was given$"),
    (lambda: tv.fit_temperature(["x" * 37], [0]),
     r"^logits must be a sequence of numbers, but \['x{37}… was given$"),
    (lambda: tv.distillation_loss([1, 2], [1, math.nan], 2),
     r"^teacher_logits \(item 2\) must be a finite number, but nan was given$"),
    (lambda: tv.distillation_loss([[1, 2], [3, 4]], [[1, 2], [3, math.inf]], 2),
     r"^teacher_logits \(row 2, column 2\) must be a finite number, but inf was given$"),
])
def test_every_message_names_the_argument_the_rule_and_the_value(call, message):
    with pytest.raises(TempvizError, match=message):
        call()


def test_messages_speak_russian_with_russian_numbers():
    with pytest.raises(TempvizError) as raised:
        tv.calibration_error([[0.5, 0.4]], [0])
    assert raised.value.localized("ru") == ("probabilities (row 1): должно давать в сумме 1 "
                                            "(с точностью до 10⁻⁶), а передано сумма 0,9")

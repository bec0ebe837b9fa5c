"""The guided exercise, the work shown step by step and the stability lesson: the numbers
against values computed outside tempviz (by hand, with mpmath), then the page under
Streamlit's AppTest, every verdict in English and in Russian."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import mpmath
import numpy as np
import pytest
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.testing.v1 import AppTest

import page.text as page_text
import tempviz as tv
from tempviz import exercise, stability, work
from tempviz.charts import Stops
from tempviz.charts import exercise as exercise_chart
from tempviz.charts import work as work_chart
from tempviz.errors import TempvizError
from tempviz.presets import presets
from tempviz.state import STOPS, View
from tempviz.temperature import format_temperature
from tests import reference

APP = Path(__file__).resolve().parent.parent / "app.py"
EXERCISE = [1, 2, 5]


def exact_complement(logits: list[float], temperature: float) -> float:
    """1 − p of the most probable class, in high precision: the others' share."""
    top = max(logits)
    others = mpmath.fsum(mpmath.e ** ((mpmath.mpf(z) - top) / mpmath.mpf(temperature))
                         for z in logits if z != top)
    return float(others / (1 + others))


def three(values, lang: str = "en") -> str:
    """Probabilities rounded to three decimals, as a reader writes them by hand: in
    Russian with decimal commas, so separated by semicolons."""
    if lang == "ru":
        return "; ".join(f"{x:.3f}".replace(".", ",") for x in values)
    return ", ".join(f"{x:.3f}" for x in values)


# Reading what a student types -------------------------------------------------------

@pytest.mark.parametrize("typed, expected", [
    ("0.28, 0.31, 0.41", [0.28, 0.31, 0.41]),
    ("1/3, 1/3, 1/3", [1 / 3] * 3),                        # fractions
    ("1/4 1/4 1/2", [0.25, 0.25, 0.5]),
    ("33%, 33%, 34%", [0.33, 0.33, 0.34]),                 # percentages
    ("25 %; 25 %; 50 %", [0.25, 0.25, 0.5]),
    ("0,28; 0,31; 0,41", [0.28, 0.31, 0.41]),              # decimal commas, as for logits
    ("0,28 0,31 0,41", [0.28, 0.31, 0.41]),                # ... separated by spaces alone
    ("0,28\n0,31\n0,41", [0.28, 0.31, 0.41]),
    ("≈0.28, ≈0.31, ≈0.41", [0.28, 0.31, 0.41]),           # approximately
    ("~0.28, ~0.31, ~0.41", [0.28, 0.31, 0.41]),
    ("[0.28, 0.31, 0.41]", [0.28, 0.31, 0.41]),            # pasted from Python
    ("0.9999, 4·10⁻⁵, 4·10⁻¹⁸", [0.9999, 4e-5, 4e-18]),    # the printed key's notation
    ("0.9999, 4×10^-5, 4*10^-18", [0.9999, 4e-5, 4e-18]),
    ("4.2e-18, 9.4e-14, 1 − 9.4e-14", [4.2e-18, 9.4e-14, 1 - 9.4e-14]),  # as tempviz writes
    ("p1: 0.2, p2: 0.3, p3: 0.5", [0.2, 0.3, 0.5]),        # labelled, as logits may be
    ("z3: 0.41, z2: 0.31, z1: 0.28", [0.28, 0.31, 0.41]),  # read off the bars, largest first
    ("1/2,1/4,1/4", [0.5, 0.25, 0.25]),  # one piece: no comma is a decimal comma, not 1/2,1
])
def test_a_prediction_is_read_in_every_way_a_student_writes_it(typed, expected):
    np.testing.assert_allclose(exercise.read_prediction(typed, 3), expected, rtol=1e-12)


@pytest.mark.parametrize("typed, expected", [
    ("0,5 0,5", [0.5, 0.5]),    # two spaced decimal commas are already a list of two
    ("0,5; 0,5", [0.5, 0.5]),   # two pieces between semicolons: decimal commas
    ("12,5%; 87,5%", [0.125, 0.875]),  # ... in percentages too
    ("0,1", [0.0, 1.0]),        # one piece: its comma separates, as in the logits box
])
def test_two_classes_read_decimal_commas_only_where_pieces_are_separated(typed, expected):
    assert exercise.read_prediction(typed, 2).tolist() == expected


@pytest.mark.parametrize("typed, message", [
    ("0.5, 0.5", "type 3 probabilities, one per class, but 2 were given"),
    ("0,2, 0,3, 0,5", "but 6 were given; for decimal commas separate the items with "
                      "semicolons"),  # commas between values make every comma a separator
    ("1.5, 0, 0", "item 1 is 1.5, but probabilities lie between 0 and 1"),
    ("0.2, -0.3, 1.1", "item 2 is −0.3, but probabilities lie between 0 and 1"),
    ("1/0, 0, 1", 'item 1 ("1/0") is not a number; write each probability as 0.28, 28% '
                  "or 7/25"),
    ("half, 0, 0", 'item 1 ("half") is not a number'),
    # z3 names a class and a names none: by name or by position, it could be either
    ("z3: 0.41, a: 0.31, z1: 0.28", "name each class once (z1, z2, z3), or type the "
                                    "probabilities in this order without names"),
    ("", "no logits found"),
])
def test_a_prediction_that_cannot_be_read_says_why(typed, message):
    with pytest.raises(TempvizError) as raised:
        exercise.read_prediction(typed, 3)
    assert message in str(raised.value)


def test_a_prediction_that_cannot_be_read_says_why_in_russian():
    with pytest.raises(TempvizError) as raised:
        exercise.read_prediction("1/0, 0, 1", 3)
    russian = raised.value.localized("ru")
    assert russian.startswith('элемент 1 ("1/0") — не число; запишите каждую вероятность')
    with pytest.raises(TempvizError) as raised:
        exercise.read_prediction("1.5, 0, 0", 3)
    assert raised.value.localized("ru") == ("элемент 1 равен 1,5, а вероятности лежат "
                                            "между 0 и 1")


@pytest.mark.parametrize("typed, labels, expected", [
    ("dog: 0.8, cat: 0.2", ["cat", "dog"], [0.2, 0.8]),
    ("0.8, 0.2", ["cat", "dog"], [0.8, 0.2]),
    ("Z3: 0.41, Z2: 0.31, Z1: 0.28", None, [0.28, 0.31, 0.41]),     # any case
    ("p(z3) = 0.41, p(z2) = 0.31, p(z1) = 0.28", None, [0.28, 0.31, 0.41]),  # as tempviz writes
    ("пёс: 0,8; кот: 0,2", ["Кот", "Пёс"], [0.2, 0.8]),
    ("cha\u0301i: 0.8, tea: 0.2", ["tea", "chái"], [0.2, 0.8]),  # typed decomposed, on a phone
    # plain numbers stay in their places, although tempviz calls the second one z2 and
    # a class is named z2
    ("0.1, 0.2, 0.7", ["cat", "z2", "z3"], [0.1, 0.2, 0.7]),
    ("0.1, 0.2, 0.7", ["z2", "z1", "z3"], [0.1, 0.2, 0.7]),
])
def test_classes_named_in_any_order_are_read_by_name(typed, labels, expected):
    assert exercise.read_prediction(typed, len(expected), labels).tolist() == expected


def test_the_exercise_reads_named_classes_and_plain_numbers_for_any_labels():
    assert exercise.check("z3: 0.41, z2: 0.31, z1: 0.28", 10).correct
    assert exercise.check("0.017, 0.047, 0.936", 1, "cat: 1, 2, 5").correct  # by hand


@pytest.mark.parametrize("label, quoted", [
    ("a" * 20, "a" * 20),           # 20 characters are quoted whole
    ("a" * 21, "a" * 19 + "…"),     # a longer name is cut to 19 and an ellipsis
])
def test_a_refused_naming_quotes_each_class_name_up_to_twenty_characters(label, quoted):
    with pytest.raises(TempvizError) as raised:
        exercise.read_prediction("b: 0.5, dog: 0.5", 2, [label, "b"])
    assert str(raised.value).startswith(f"name each class once ({quoted}, b), or type")


def test_a_mix_of_named_and_unnamed_classes_is_refused_in_the_readers_language():
    with pytest.raises(TempvizError) as raised:
        exercise.read_prediction("z1: 0.8, cat: 0.2", 2, ["cat", "dog"])
    assert raised.value.localized("ru") == ("назовите каждый класс один раз (cat, dog) или "
                                            "введите вероятности в этом порядке без названий")


def test_an_infinite_prediction_is_out_of_range_not_a_logit():
    # the logits' advice, "only -inf is allowed, for a token that can never be chosen",
    # once reached students typing inf as a probability
    with pytest.raises(TempvizError) as raised:
        exercise.read_prediction("inf, 0, 0", 3)
    assert str(raised.value) == "item 1 is inf, but probabilities lie between 0 and 1"


def test_read_prediction_keeps_its_signature_for_the_class_poll():
    # the class poll reads its answers with it: (typed, classes) -> array of floats
    values = exercise.read_prediction("1/2; 50 %", 2)
    assert isinstance(values, np.ndarray) and values.tolist() == [0.5, 0.5]


# The typical mistakes, computed --------------------------------------------------------

@pytest.mark.parametrize("temperature", exercise.PART_A)
def test_each_typical_mistake_is_what_the_mistake_gives(temperature):
    made = exercise.typical_mistakes(temperature)
    right = reference.softmax(EXERCISE, temperature)
    np.testing.assert_allclose(made["reversed"], right[::-1], rtol=1e-13)
    np.testing.assert_allclose(made["key"], reference.softmax([5, 4, 1], temperature),
                               rtol=1e-13)  # the printed key: the logits 5, 4, 1
    np.testing.assert_allclose(made["scaled"], np.divide(EXERCISE, temperature))
    np.testing.assert_array_equal(made["uniform"], [1 / 3] * 3)
    if temperature != 1:
        np.testing.assert_allclose(made["no_temperature"], reference.softmax(EXERCISE, 1),
                                   rtol=1e-13)
    else:  # at T = 1 leaving T out changes nothing: no mistake to recognise
        assert "no_temperature" not in made
    if temperature == 0.1:  # z3 takes 1 − 9.4e-14: "all on z3" is the answer itself
        assert "one_hot" not in made
    else:
        np.testing.assert_array_equal(made["one_hot"], [0, 0, 1])


def test_the_limits_swapped_are_each_others_answer():
    np.testing.assert_array_equal(exercise.typical_mistakes(0.0)["swapped"], [1 / 3] * 3)
    np.testing.assert_array_equal(exercise.typical_mistakes(math.inf)["swapped"], [0, 0, 1])


# The printed key, typed as it is printed (issue #14), at each temperature of part (a)
PRINTED_KEY = {10.0: "0.39, 0.36, 0.25", 1.0: "0.72, 0.27, 0.01",
               0.1: "0.9999, 4·10⁻⁵, 4·10⁻¹⁸"}
# (temperature, typed, the mistake it is); every row's reason is in its comment
MISTAKES = [
    (10.0, "0.1, 0.2, 0.5", "scaled"),          # z/T itself: 1/10, 2/10, 5/10
    (10.0, "0.415, 0.307, 0.278", "reversed"),  # the answer backwards
    (1.0, "0.94, 0.05, 0.02", "reversed"),
    (0.1, "1, 0, 0", "reversed"),               # nearer the answer reversed than the key
    (0.0, "1, 0, 0", "reversed"),
    (10.0, "0.02, 0.05, 0.93", "no_temperature"),  # softmax at T = 1: 0.017, 0.047, 0.936
    (0.1, "0.017, 0.047, 0.936", "no_temperature"),
    (math.inf, "0.017, 0.047, 0.936", "no_temperature"),
    (0.0, "1/3, 1/3, 1/3", "swapped"),          # the T → ∞ limit given for T → 0
    (math.inf, "0, 0, 1", "swapped"),           # and the T → 0 limit for T → ∞
    (10.0, "33%, 33%, 34%", "uniform"),         # uniform, though z/T still differ
    (1.0, "0, 0, 1", "one_hot"),                # everything on z3 at a finite T
    (10.0, "0.3, 0.3, 0.3", "sum"),             # adds up to 0.9
    (1.0, "0.2, 0.2, 0.2", "sum"),
    (10.0, "0.25, 0.30, 0.45", None),           # a plain miss: 0.035 off on z3
    *[(t, typed, "key") for t, typed in PRINTED_KEY.items()],
]


@pytest.mark.parametrize("temperature, typed, mistake", MISTAKES)
def test_a_wrong_prediction_is_recognised_as_its_typical_mistake(temperature, typed, mistake):
    verdict = exercise.check(typed, temperature)
    assert not verdict.correct
    assert verdict.mistake == mistake


@pytest.mark.parametrize("temperature, typed", [
    (10.0, "0.28, 0.31, 0.41"), (1.0, "0.02, 0.05, 0.93"), (0.1, "0, 0, 1"),
    (0.0, "0, 0, 1"), (math.inf, "33%, 33%, 34%"), (math.inf, "1/3 1/3 1/3"),
    (10.0, "0,28 0,31 0,41"), (1.0, "≈0.017, ≈0.047, ≈0.936")])
def test_a_right_prediction_is_right_however_it_is_written(temperature, typed):
    verdict = exercise.check(typed, temperature)
    assert verdict.correct and verdict.mistake is None


def test_the_tolerance_is_two_percentage_points_on_every_class():
    # the answer at T = 10 is 0.27801, 0.30725, 0.41474 (mpmath); z3 moved by 0.0199, 0.0201
    right = reference.softmax(EXERCISE, 10)
    inside = f"{right[0]:.5f}, {right[1]:.5f}, {right[2] + 0.0199:.5f}"
    outside = f"{right[0]:.5f}, {right[1]:.5f}, {right[2] + 0.0201:.5f}"
    assert exercise.check(inside, 10).correct
    verdict = exercise.check(outside, 10)
    assert not verdict.correct and verdict.worst == 2
    assert verdict.error == pytest.approx(0.0201, abs=1e-5)


def test_a_prediction_exactly_two_points_off_is_still_right():
    # at T = 0 the answer is exactly (0, 0, 1): 0.02 on z1 is off by the float 0.02 itself
    verdict = exercise.check("0.02, 0, 1", 0.0)
    assert verdict.error == 0.02 and verdict.correct


@pytest.mark.parametrize("typed", ["0.02, 0, 0.98", "0, 0.02, 0.98", "0.01, 0.01, 0.98"])
def test_two_points_short_of_one_is_right_though_its_float_is_further(typed):
    # at T = 0 the answer is (0, 0, 1): 1 − 0.98 in floats is 0.020000000000000018
    verdict = exercise.check(typed, 0.0)
    assert verdict.error > 0.02 and verdict.correct and verdict.mistake is None


def test_a_total_two_points_short_of_one_is_still_a_distribution():
    # 0.3 + 0.3 + 0.38 is 0.98, and 1 − 0.98 in floats is 0.020000000000000018
    assert exercise.check("0.3, 0.3, 0.38", 10).mistake is None
    assert exercise.check("0.3, 0.3, 0.379", 10).mistake == "sum"


def test_the_rounding_slack_ends_at_one_float():
    # the slack may forgive a float's slip, never a difference anyone types
    edge = exercise.TOLERANCE + exercise.ROUNDING
    assert exercise.agree(edge) and not exercise.agree(math.nextafter(edge, 1))
    assert not exercise.check("0.0200001, 0, 0.9799999", 0.0).correct


def test_the_answer_near_one_is_written_from_the_exact_complement():
    # 1 − p(z3) at T = 0.1 is (e^-30 + e^-40) / (1 + e^-30 + e^-40) = 9.358e-14: "9.4e-14";
    # 1 − p in floats gives 9.3e-14 (issue #14), which the feedback must not print
    assert f"{exact_complement(EXERCISE, 0.1):.1e}" == "9.4e-14"
    assert exercise.written(exercise.answer(0.1)) == "4.2×10⁻¹⁸, 9.4×10⁻¹⁴, 1 − 9.4×10⁻¹⁴"
    assert "9.3×10⁻¹⁴" not in exercise.written(exercise.answer(0.1))


def test_the_comparison_holds_guess_answer_and_difference():
    frame = exercise.comparison_frame({10.0: np.array([0.3, 0.3, 0.4]),
                                       0.1: np.array([1.0, 0.0, 0.0])})
    at_10 = frame[frame.temperature == 10.0]
    np.testing.assert_allclose(at_10["answer"], reference.softmax(EXERCISE, 10), rtol=1e-13)
    np.testing.assert_allclose(at_10["difference"],
                               np.subtract([0.3, 0.3, 0.4], reference.softmax(EXERCISE, 10)),
                               rtol=1e-12)
    spec = exercise_chart.comparison_chart(frame, 0.1).to_dict()
    assert spec["title"]["text"] == "T = 0.1"
    assert exercise.describe_comparison(frame, 0.1) == (
        "At T = 0.1 your guess is 1, 0, 0; the answer 4.2×10⁻¹⁸, 9.4×10⁻¹⁴, 1 − 9.4×10⁻¹⁴; "
        "the differences +1.000, −9.4×10⁻¹⁴, −1.000.")


def test_chatbot_moods_follow_the_entropy_share():
    chatbot = presets("en")[-1].text
    logits = [float(line.rsplit(": ", 1)[1]) for line in chatbot.splitlines()]
    for temperature in exercise.CHATBOT_TEMPERATURES:
        share = reference.entropy_nats(logits, temperature) / math.log(len(logits))
        mood, computed = exercise.chatbot_mood(chatbot, temperature)
        assert computed == pytest.approx(share, rel=1e-12)
        assert mood == ("monotonous" if share < 0.25 else "unpredictable" if share > 0.75
                        else "varied")
    # the choices offer every mood, so a student can be wrong either way
    moods = {exercise.chatbot_mood(chatbot, t)[0] for t in exercise.CHATBOT_TEMPERATURES}
    assert moods == {"monotonous", "varied", "unpredictable"}


@pytest.mark.parametrize("equal, share", [(2, 0.25), (8, 0.75)])
def test_an_entropy_share_of_exactly_a_quarter_or_three_quarters_sounds_varied(equal, share):
    # 16 replies, `equal` of them equally likely and the rest impossible: the entropy is
    # log equal, a share log 2 / log 16 = 1/4 or log 8 / log 16 = 3/4 of log 16. The page
    # says "below 25% monotonous, above 75% unpredictable": the edges are varied
    chatbot = ", ".join([f"r{i}: 0" for i in range(equal)]
                        + [f"r{i}: -inf" for i in range(equal, 16)])
    mood, computed = exercise.chatbot_mood(chatbot, 1.0)
    assert computed == pytest.approx(share, abs=1e-15) and mood == "varied"


# Show the work -----------------------------------------------------------------------

def test_the_work_at_t_0_1_against_mpmath():
    steps = work.work(tv.parse_logits("1, 2, 5"), 0.1)
    np.testing.assert_allclose(steps.scaled, [10, 20, 50])
    np.testing.assert_allclose(steps.shifted, [-40, -30, 0])
    np.testing.assert_allclose(steps.weight, [math.exp(-40), math.exp(-30), 1], rtol=1e-15)
    # Σ − 1 = e^-30 + e^-40, summed directly: 1 + it would keep only 2 of its digits
    assert steps.excess == pytest.approx(float(mpmath.e ** -30 + mpmath.e ** -40), rel=1e-15)
    np.testing.assert_allclose(steps.probability, reference.softmax(EXERCISE, 0.1), rtol=1e-14)
    assert steps.complement[2] == pytest.approx(exact_complement(EXERCISE, 0.1), rel=1e-13)
    assert work.work_texts(tv.parse_logits("1, 2, 5"), steps)[-1] == [
        "Σ", "", "max = 50", "", "1 + 9.4×10⁻¹⁴", "1"]


@pytest.mark.parametrize("temperature, weights, total, probability", [
    (0.0, ["0", "0", "1"], "1", ["0", "0", "1"]),              # the T → 0 limit
    (math.inf, ["1", "1", "1"], "3", ["0.333"] * 3),           # the T → ∞ limit
    (1.0, ["0.018", "0.050", "1"], "1.068", ["0.017", "0.047", "0.936"]),  # e^-4, e^-3
])
def test_the_work_at_the_limits_and_at_t_1(temperature, weights, total, probability):
    table = work.work_texts(tv.parse_logits("1, 2, 5"),
                            work.work(tv.parse_logits("1, 2, 5"), temperature))
    assert [row[4] for row in table[:3]] == weights
    assert table[3][4] == total
    assert [row[5] for row in table[:3]] == probability
    if temperature == 0:
        assert [row[2] for row in table[:3]] == ["—"] * 3  # z / T has no value at T = 0


def test_the_work_stays_finite_where_z_over_t_overflows():
    # 1e307 / 0.01 overflows float64, but (z − max z) / T does not
    steps = work.work(tv.parse_logits("1e307, 0"), 0.01)
    assert math.isinf(steps.scaled[0])
    np.testing.assert_array_equal(steps.shifted, [0, -math.inf])
    np.testing.assert_array_equal(steps.probability, [1, 0])


def test_many_classes_show_the_top_ten_and_one_row_for_the_others():
    values = np.random.default_rng(0).normal(0, 2, 5_000)
    logits = tv.parse_logits(", ".join(f"{v:.6f}" for v in values))
    steps = work.work(logits, 1.0)
    assert list(steps.rows) == list(np.argsort(-logits.values, kind="stable")[:10])
    p = reference.softmax(list(logits.values), 1.0)
    assert steps.others == 4_990
    assert steps.others_probability == pytest.approx(1 - sum(np.sort(p)[-10:]), rel=1e-9)
    table = work.work_texts(logits, steps)
    assert len(table) == 12 and table[10][0] == "4,990 others"


def test_the_work_chart_of_a_large_vocabulary_holds_every_stop():
    # 91 stops × (10 classes, the others, the sum) × 6 columns: past Altair's 5,000-row guard
    logits = tv.parse_logits(", ".join(str(i % 97) for i in range(5_000)))
    cells = work.work_cells(logits, STOPS)
    assert len(cells) == len(STOPS) * 12 * 6 > 5_000
    spec = work_chart.work_chart(cells, Stops(STOPS, 45), classes=5_000).to_dict()
    assert sum(len(rows) for rows in spec["datasets"].values()) == len(cells) + 6


def test_the_work_chart_holds_every_stop_and_follows_the_stop_parameter():
    cells = work.work_cells(tv.parse_logits("1, 2, 5"), STOPS)
    assert sorted(cells["stop"].unique()) == list(range(len(STOPS)))
    assert len(cells) == len(STOPS) * 4 * 6  # three classes and the sum, six columns each
    spec = work_chart.work_chart(cells, Stops(STOPS, STOPS.index(0.1)), classes=3).to_dict()
    assert spec["params"] == [{"name": "stop", "value": STOPS.index(0.1)}]
    headers, *body = spec["layer"]  # the headers hold at every stop; the cells, one stop each
    assert "transform" not in headers
    assert all({"filter": "datum.stop == stop"} in layer["transform"] for layer in body)
    at_0_1 = cells[cells.stop == STOPS.index(0.1)]
    assert {"1 − 9.4×10⁻¹⁴", "1 + 9.4×10⁻¹⁴"} <= set(at_0_1["text"])


# The stability lesson ------------------------------------------------------------------

@pytest.mark.parametrize("logits, temperature, dtype, failure", [
    ([1, 2, 5], 0.1, "float16", "overflow"),    # 50 > 11.09
    ([1, 2, 5], 0.1, "float64", None),          # 50 < 709.78
    ([10, 20, 50], 0.07, "float64", "overflow"),  # 714.3 > 709.78
    ([10, 20, 50], 0.08, "float64", None),      # 625 < 709.78
    ([-1000, -1001], 1.0, "float64", "underflow"),  # exp(-1000) is 0, and 0 / 0 NaN
    ([0] * 70_000, 1.0, "float16", "sum"),      # 70,000 ones add up past 65,504
])
def test_the_naive_formula_fails_as_the_float_type_says(logits, temperature, dtype, failure):
    assert stability.naive_failure(logits, temperature, dtype) == failure
    broken = not np.isfinite(stability.naive_softmax(logits, temperature, dtype)).all() or (
        abs(float(stability.naive_softmax(logits, temperature, dtype).sum()) - 1) > 1e-2)
    assert broken == (failure is not None)  # the verdict is what the table shows


def test_no_stop_on_the_slider_breaks_1_2_5_in_float64_but_ten_times_them_does():
    # the largest z/T at the lowest stop, T = 0.01, is 500 < log(1.8e308) = 709.78
    assert stability.nearest_failure(EXERCISE, 1.0, "float64", STOPS) is None
    assert stability.scale_factor(EXERCISE, "float64", STOPS) == 10
    # 50 / T > 709.78 for T < 0.0704: the nearest stop to T = 1 is 0.07
    assert stability.nearest_failure([10, 20, 50], 1.0, "float64", STOPS) == 0.07


def test_scaled_logits_read_back_as_the_same_logits_times_the_factor():
    for text in ("1, 2, 5", "0.7, -inf, 3", presets("en")[-1].text):
        logits = tv.parse_logits(text)
        scaled = tv.parse_logits(stability.scaled_text(logits, 100))
        assert scaled.labels == logits.labels
        np.testing.assert_allclose(scaled.values, logits.values * 100, rtol=1e-14)
    assert not stability.can_scale([1e307], 100) and stability.can_scale([1e305], 100)


# The page ----------------------------------------------------------------------------

# AppTest calls the widgets' format functions (the cuts' order, the entropy unit, …) in the
# test's own thread, outside any run, where the page's view() can't see the session and
# falls back to English: a Russian page's options would then no longer match. Outside a
# run, the page's texts get the language of the page under test.
_LANGUAGE = {"lang": "en"}


@pytest.fixture(autouse=True)
def _outside_a_run_speak_the_pages_language(monkeypatch):
    inside = page_text.view
    monkeypatch.setattr(page_text, "view", lambda: inside() if get_script_run_ctx()
                        else View(lang=_LANGUAGE["lang"]))


def run_page(lang: str = "en", **query: str) -> AppTest:
    _LANGUAGE["lang"] = lang
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params.update({"lang": lang, **query})
    return page.run()


def exercise_page(lang: str = "en", **query: str) -> AppTest:
    page = run_page(lang, **query)
    page.toggle(key="guided").set_value(True).run()
    assert not page.exception
    return page


def predict(page: AppTest, temperature: float, typed: str) -> AppTest:
    """Type a prediction and check it, as Enter or the Check button does."""
    key = f"prediction_{format_temperature(temperature)}"
    page.text_input(key=key).set_value(typed)
    page.button(key=f"check_{key}").click().run()
    assert not page.exception
    return page


def shown(markdown: str) -> str:
    """The text a reader sees for Markdown whose punctuation is backslash-escaped."""
    return re.sub(r"\\(.)", r"\1", markdown)


def messages(page: AppTest) -> list[str]:
    """Every message the page shows, as a reader sees it."""
    return [shown(m.value) for kind in ("success", "warning", "error", "info")
            for m in page.get(kind)]


# What each verdict says, in English and in Russian, with the numbers it must name:
# (temperature, typed, English, Russian)
VERDICTS = [
    (10.0, "0.28, 0.31, 0.41", "Right: every probability is within 0.02 of the answer",
     "Верно: каждая вероятность отличается от ответа"),
    (10.0, "0.25, 0.30, 0.45", "Not yet: p(z3) is off by 0.035, more than 0.02",
     "Пока неверно: p(z3) отличается от ответа на 0,035, больше чем на 0,02"),
    (10.0, "0.3, 0.3, 0.3", "your probabilities add up to 0.9, but probabilities always "
                            "add up to 1", "ваши вероятности в сумме дают 0,9"),
    (10.0, "0.1, 0.2, 0.5", "these are z/T, the logits divided by T",
     "это z/T, логиты, делённые на T"),
    (10.0, "0.415, 0.307, 0.278", "the right numbers in reverse order",
     "верные числа, но в обратном порядке"),
    (10.0, "0.39, 0.36, 0.25", "these are the probabilities of the logits 5, 4, 1, not 1, 2, 5",
     "это вероятности для логитов 5, 4, 1, а не 1, 2, 5"),
    (10.0, "0.02, 0.05, 0.93", "this is the distribution at T = 1",
     "это распределение при T = 1"),
    (0.0, "1/3, 1/3, 1/3", "that is the T → ∞ limit, not T → 0: the limits are swapped",
     "это предел T → ∞, а не T → 0, — пределы перепутаны"),
    (math.inf, "0, 0, 1", "that is the T → 0 limit, not T → ∞",
     "это предел T → 0, а не T → ∞"),
    (10.0, "33%, 33%, 34%", "that is the uniform distribution, the T → ∞ limit",
     "это равномерное распределение, предел T → ∞"),
    (1.0, "0, 0, 1", "all the mass on z3 is the T → 0 limit",
     "вся вероятность на z3 — это предел T → 0"),
    (10.0, "1/0, 0, 1", 'This prediction can\'t be read:** item 1 ("1/0") is not a number',
     'Не удаётся прочитать прогноз:** элемент 1 ("1/0") — не число'),
]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("temperature, typed, english, russian", VERDICTS,
                         ids=[f"{t}-{typed}" for t, typed, *_ in VERDICTS])
def test_every_verdict_on_the_page_in_both_languages(lang, temperature, typed, english,
                                                     russian):
    page = predict(exercise_page(lang), temperature, typed)
    said = messages(page)
    assert len(said) == 1 and (english if lang == "en" else russian) in said[0], said


@pytest.mark.parametrize("temperature", [10.0, 1.0, 0.1])
def test_the_printed_key_is_recognised_in_any_order_as_printed(temperature):
    # the key prints softmax(5, 4, 1) to four decimals (by mpmath here); a student may
    # copy it smallest first, or in any order
    # (0.3883, 0.3514, 0.2603 at T = 10); at T = 0.1 as PRINTED_KEY has it: four decimals
    # (1.0000, 0.0000, 0.0000) are also the answer reversed
    key = [f"{p:.4f}" for p in reference.softmax([5, 4, 1], temperature)]
    assert temperature != 10 or key == ["0.3883", "0.3514", "0.2603"]
    if temperature == 0.1:
        key = PRINTED_KEY[0.1].split(", ")
    for order in itertools.permutations(key):
        verdict = exercise.check(", ".join(order), temperature)
        if verdict.correct:  # at T = 0.1, smallest first is the answer itself, 0, 0, 1
            assert temperature == 0.1 and float(order[2]) > 0.99
            continue
        assert verdict.mistake == "key", order


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_printed_key_is_shown_beside_the_answer_for_1_2_5(lang):
    # softmax(5, 4, 1) and softmax(1, 2, 5) at T = 10, rounded by hand from mpmath
    key = three(reference.softmax([5, 4, 1], 10), lang)
    answer = three(reference.softmax(EXERCISE, 10), lang)
    assert (three(reference.softmax([5, 4, 1], 10)), three(reference.softmax(EXERCISE, 10))) == (
        "0.388, 0.351, 0.260", "0.278, 0.307, 0.415")
    said = messages(predict(exercise_page(lang), 10.0, PRINTED_KEY[10.0]))[0]
    assert key in said and answer in said
    said = messages(predict(exercise_page(lang), 0.1, PRINTED_KEY[0.1]))[0]
    # e^-10 / (1 + e^-10 + e^-40) = 4.54e-5 for the key; 1 − 9.36e-14 for the answer
    assert {"en": "1 − 4.5×10⁻⁵, 4.5×10⁻⁵, 4.2×10⁻¹⁸",
            "ru": "1 − 4,5·10⁻⁵; 4,5·10⁻⁵; 4,2·10⁻¹⁸"}[lang] in said
    assert {"en": "4.2×10⁻¹⁸, 9.4×10⁻¹⁴, 1 − 9.4×10⁻¹⁴",
            "ru": "4,2·10⁻¹⁸; 9,4·10⁻¹⁴; 1 − 9,4·10⁻¹⁴"}[lang] in said
    assert "9.3×10⁻¹⁴" not in said and "9,3·10⁻¹⁴" not in said


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_right_answer_near_one_names_its_exact_complement(lang):
    said = messages(predict(exercise_page(lang), 0.1, "0, 0, 1"))[0]
    assert {"en": "4.2×10⁻¹⁸, 9.4×10⁻¹⁴, 1 − 9.4×10⁻¹⁴",
            "ru": "4,2·10⁻¹⁸; 9,4·10⁻¹⁴; 1 − 9,4·10⁻¹⁴"}[lang] in said
    assert "9.3×10⁻¹⁴" not in said and "9,3·10⁻¹⁴" not in said


def test_enter_and_the_button_both_submit_the_form():
    # Enter submits a form whose enter_to_submit is on; the Check button is its submit button
    page = exercise_page()
    for temperature in (*exercise.PART_A, *exercise.PART_B):
        key = f"prediction_{format_temperature(temperature)}"
        check = page.button(key=f"check_{key}")
        assert check.proto.is_form_submitter and check.form_id == f"form_{key}"
        forms = [block.proto.form for block in blocks(page.main)
                 if block.type == "form" and block.proto.form.form_id == f"form_{key}"]
        assert len(forms) == 1 and forms[0].enter_to_submit


def blocks(block):
    """Every block inside a block of the page, depth first."""
    for child in block.children.values():
        if hasattr(child, "children"):
            yield child
            yield from blocks(child)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_prediction_and_its_verdict_stay_in_the_history(lang):
    page = exercise_page(lang)
    for typed in ("0.39, 0.36, 0.25", "0.3, 0.3, 0.3", "nonsense", "0.28, 0.31, 0.41"):
        predict(page, 10.0, typed)
    history = page.table[-1].value
    verdicts = history.iloc[:, 2].tolist()
    assert history.iloc[:, 0].tolist() == [1, 2, 3, 4]
    assert history.iloc[:, 1].tolist() == [three([0.39, 0.36, 0.25], lang),
                                           three([0.3, 0.3, 0.3], lang), "nonsense",
                                           three([0.28, 0.31, 0.41], lang)]
    assert verdicts == ({"en": ["the key of logits 5, 4, 1", "adds up to 0.9, not 1",
                                "can't be read", "right"],
                         "ru": ["ответ для логитов 5, 4, 1", "в сумме 0,9, а не 1",
                                "не удалось прочитать", "верно"]}[lang])


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_help_comes_in_steps_kind_then_hint_then_answer(lang):
    page = predict(exercise_page(lang), 1.0, "0.2, 0.3, 0.5")
    answer = three(reference.softmax(EXERCISE, 1), lang)  # 0.017, 0.047, 0.936
    assert not any(answer in said for said in messages(page))  # not given away
    work_label = {"en": "The work at T = 1, step by step",
                  "ru": "Решение при T = 1, шаг за шагом"}[lang]
    assert work_label not in [e.label for e in page.expander]
    page.button(key="help_prediction_1").click().run()
    hint = {"en": "Hint: At T = 1 it is the network's own softmax",
            "ru": "Подсказка: При T = 1 это собственный softmax сети"}[lang]
    assert any(hint in said for said in messages(page))
    assert not any(answer in said for said in messages(page))
    page.button(key="help_prediction_1").click().run()
    assert any(answer in said for said in messages(page))
    assert not [b for b in page.button if b.key == "help_prediction_1"]  # nothing left to ask
    assert work_label in [e.label for e in page.expander]
    page.session_state["work_prediction_1"] = True  # what opening it does
    page.run()
    panel = next(e for e in page.expander if e.label == work_label)
    spec = json.loads(panel.get("vega_lite_chart")[0].proto.spec)
    assert spec["params"] == [{"name": "stop", "value": STOPS.index(1.0)}]  # not bound


def test_part_a_ends_with_its_three_predictions_side_by_side():
    page = exercise_page()
    waiting = "Once each of the three temperatures has a right prediction"
    predict(page, 10.0, "0.28, 0.31, 0.41")
    predict(page, 1.0, "0.017, 0.047, 0.936")
    assert any(waiting in c.value for c in page.caption)
    predict(page, 0.1, "1, 0, 0")  # wrong: part (a) ends once its answer is asked for
    assert any(waiting in c.value for c in page.caption)
    page.button(key="help_prediction_0.1").click().run()
    page.button(key="help_prediction_0.1").click().run()
    assert not any(waiting in c.value for c in page.caption)
    charts = [json.loads(c.proto.spec) for c in page.get("vega_lite_chart")]
    titles = [c["title"]["text"] for c in charts if isinstance(c.get("title", {}).get("text"),
                                                                 str)]
    assert ["T = 10", "T = 1", "T = 0.1"] == [t for t in titles if t.startswith("T = ")]
    alts = [c.proto.alt for c in page.get("vega_lite_chart") if c.proto.alt.startswith("At T")]
    assert alts[2] == ("At T = 0.1 your guess is 1, 0, 0; the answer 4.2×10⁻¹⁸, 9.4×10⁻¹⁴, "
                       "1 − 9.4×10⁻¹⁴; the differences +1.000, −9.4×10⁻¹⁴, −1.000.")
    # the guess at T = 10 against mpmath: 0.28 − 0.27801 = +0.002, 0.41 − 0.41474 = −0.005
    assert alts[0].endswith("the differences +0.002, +0.003, −0.005.")


def scroller(page: AppTest) -> list[dict]:
    """What the page hands its scroll-into-view component, if it is on the page."""
    return [json.loads(e.proto.json) for e in page.main
            if getattr(e, "type", "") == "bidi_component" and "token" in e.proto.json]


@pytest.mark.parametrize("lang, notice", [
    ("en", "The charts above now show the logits 1, 2, 5 at T = 10."),
    ("ru", "Графики выше теперь показывают логиты 1, 2, 5 при T = 10.")])
def test_showing_a_step_on_the_charts_keeps_the_feedback_and_says_what_it_loaded(lang, notice):
    page = exercise_page(lang, logits="0, 4, 5", T="3")
    predict(page, 10.0, "0.39, 0.36, 0.25")
    predict(page, 10.0, "0.3, 0.3, 0.3")
    before = messages(page)
    page.button(key="show_prediction_10").click().run()
    assert page.text_area(key="logits").value == "1, 2, 5"
    assert page.query_params["T"] == "10"
    assert [shown(toast.value) for toast in page.toast] == [notice]
    assert notice in messages(page)  # under the button, too
    assert [m for m in messages(page) if m != notice] == before  # the feedback stays
    assert len(page.table[-1].value) == 2                       # and so does the history
    assert scroller(page) == [{"token": 1, "target": "#tempviz-stop"}]
    page.run()  # scrolled once: the next run neither scrolls nor toasts again
    assert scroller(page) == [] and not page.toast
    assert notice in messages(page)
    page.button(key="show_prediction_10").click().run()  # again: a new token, a new scroll
    assert scroller(page) == [{"token": 2, "target": "#tempviz-stop"}]


def test_the_notice_goes_once_the_charts_show_something_else():
    page = exercise_page()
    page.button(key="show_prediction_0.1").click().run()
    assert any("now show the logits 1, 2, 5 at T = 0.1" in m for m in messages(page))
    page.button(key="show_prediction_10").click().run()
    said = [m for m in messages(page) if "now show" in m]
    assert said == ["The charts above now show the logits 1, 2, 5 at T = 10."]
    page.text_area(key="logits").set_value("0, 4, 5").run()
    assert not [m for m in messages(page) if "now show" in m]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_part_c_starts_with_nothing_chosen_and_judges_each_choice(lang):
    page = exercise_page(lang)
    choices = ["0.1", "0.2", "0.5", "1", "2", "5", "10"]  # the textbook's part (c)
    for mood in ("monotonous", "unpredictable"):
        assert page.pills(key=f"exercise_{mood}").value is None
        assert page.pills(key=f"exercise_{mood}").options == (
            [c.replace(".", ",") for c in choices] if lang == "ru" else choices)
    assert not messages(page)  # no answer given away, nothing marked
    chatbot = presets(lang)[-1].text
    logits = [float(line.rsplit(": ", 1)[1]) for line in chatbot.splitlines()]

    def share(temperature: float) -> str:  # the entropy share, by mpmath
        written = f"{reference.entropy_nats(logits, temperature) / math.log(9):.0%}"
        return written.replace("%", "\xa0%") if lang == "ru" else written

    page.pills(key="exercise_monotonous").set_value(0.1).run()
    right = {"en": f"At T = 0.1 the entropy is {share(0.1)} of its maximum: the chatbot "
                   "sounds monotonous. Just as you said.",
             "ru": f"При T = 0,1 энтропия составляет {share(0.1)} от максимума: чат-бот "
                   "звучит однообразно. Как вы и сказали."}[lang]
    assert [s.value for s in page.success] == [right]
    page.pills(key="exercise_unpredictable").set_value(1.0).run()
    higher = {"en": f"At T = 1 the entropy is {share(1.0)} of its maximum: the chatbot sounds "
                    "varied. Still predictable: a higher T",
              "ru": f"При T = 1 энтропия составляет {share(1.0)} от максимума: чат-бот звучит "
                    "разнообразно. Пока слишком предсказуемо"}[lang]
    assert higher in page.warning[0].value
    page.pills(key="exercise_monotonous").set_value(0.5).run()
    lower = {"en": "Not monotonous yet: a lower T", "ru": "Пока не однообразно"}[lang]
    assert lower in page.warning[0].value
    part_c = page.tabs[2]  # the exercise's tabs come first on the page
    assert part_c.label == {"en": "(c) The chatbot", "ru": "(в) Чат-бот"}[lang]
    replies = [m.value for m in part_c.markdown if m.value.startswith("1. ")]
    assert len(replies) == 2 and all(r.count("\n") == 9 for r in replies)  # ten each
    rule = {"en": "Below 25% the chatbot sounds monotonous, above 75% unpredictable",
            "ru": "Ниже 25\xa0% чат-бот звучит однообразно, выше 75\xa0% — непредсказуемо"}[lang]
    assert any(rule in c.value for c in page.caption)
    # the textbook's words first, then why a very high T is also incoherent
    asked = {"en": "**monotonous**, and at which **unpredictable**?",
             "ru": "**однообразно**, а при какой **непредсказуемо**?"}[lang]
    assert any(asked in m.value for m in page.markdown)
    page.pills(key="exercise_unpredictable").set_value(10.0).run()
    incoherent = {"en": "Very high T makes it not only unpredictable but incoherent",
                  "ru": "При очень высокой T ответы не только непредсказуемы, но и бессвязны"}
    assert incoherent[lang] in page.success[-1].value
    assert not any(incoherent[lang] in w.value for w in page.warning)


def test_part_c_brings_the_chatbot_onto_the_charts():
    page = exercise_page()
    page.pills(key="exercise_unpredictable").set_value(10.0).run()
    page.button(key="load_unpredictable").click().run()
    assert "Banana." in page.text_area(key="logits").value
    assert page.query_params["T"] == "10"
    assert [shown(t.value) for t in page.toast] == [
        "The charts above now show the chatbot's replies at T = 10."]
    assert page.pills(key="exercise_unpredictable").value == 10.0  # the choice stays


def test_the_work_panel_on_the_main_page_follows_the_stage():
    page = run_page(T="0.1")
    panel = next(e for e in page.expander if e.label.startswith("Show the work"))
    assert not panel.get("vega_lite_chart")  # collapsed, and drawn only once opened
    page.session_state["work"] = True  # what opening it does
    page.run()
    panel = next(e for e in page.expander if e.label.startswith("Show the work"))
    chart = panel.get("vega_lite_chart")[0]
    spec = json.loads(chart.proto.spec)
    assert spec["params"][0]["bind"] == {"element": "#tempviz-stop"}
    assert chart.proto.alt == ("Step by step at T = 0.1: z1: 1, 10, −40, 4.2×10⁻¹⁸, "
                               "4.2×10⁻¹⁸. z2: 2, 20, −30, 9.4×10⁻¹⁴, 9.4×10⁻¹⁴. z3: 5, 50, 0, 1, "
                               "1 − 9.4×10⁻¹⁴. Σ: max = 50, 1 + 9.4×10⁻¹⁴, 1.")
    assert any("Subtracting the largest z / T" in c.value for c in panel.caption)


def test_the_guided_exercise_checks_predictions_against_computed_answers():  # test_app.py's
    page = predict(exercise_page(), 10.0, "0.28, 0.31, 0.41")
    assert "Right" in page.success[0].value and "0.415" in page.success[0].value
    predict(page, 0.1, "0.1; 0.2; 0.7")  # 0.7 against 1 − 9.4e-14: off by 0.300
    assert "p(z3) is off by 0.300" in page.warning[0].value
    predict(page, math.inf, "0.5, 0.5")
    assert "type 3 probabilities" in page.error[0].value


def test_the_guided_exercise_shows_its_step_on_the_live_charts():  # from test_app.py
    page = exercise_page(logits="0, 4, 5")
    page.button(key="show_prediction_0").click().run()
    assert page.query_params["T"] == "0"
    assert page.text_area(key="logits").value == "1, 2, 5"
    page.pills(key="exercise_unpredictable").set_value(10.0).run()
    page.button(key="load_unpredictable").click().run()
    assert page.query_params["T"] == "10"
    assert "Banana." in page.text_area(key="logits").value


def test_the_stability_lesson_shows_the_naive_formula_overflowing():  # from test_app.py
    page = run_page(logits="1, 2, 5", T="0.1")
    page.toggle(key="naive").set_value(True).run()
    page.radio(key="dtype").set_value("float16").run()
    table = page.dataframe[-1].value
    assert list(table["p, naive"]) == ["0", "nan", "nan"]
    assert list(table["p, stable"]) == ["4.2×10⁻¹⁸", "9.4×10⁻¹⁴", "1 − 9.4×10⁻¹⁴"]
    assert "past 11.09" in page.error[0].value
    page.radio(key="dtype").set_value("float64").run()
    assert "no overflow" in page.success[-1].value


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_instruction_the_stability_lesson_gives_can_be_followed(lang):
    page = run_page(lang, logits="1, 2, 5", T="0")
    page.toggle(key="naive").set_value(True).run()
    page.radio(key="dtype").set_value("float64").run()
    # at a limit: "pick a temperature between the limits", with a button that does it
    assert {"en": "Pick one between the limits", "ru": "Выберите температуру между "
            "пределами"}[lang] in page.info[-1].value
    page.button(key="stability_go").click().run()
    assert page.query_params["T"] == "1" and page.dataframe[-1].value is not None
    # 1, 2, 5 never overflow float64 on the slider: "multiply the logits by 10"
    advice = page.info[-1].value
    assert {"en": "No temperature on the slider makes float64 fail",
            "ru": "Ни одна температура на ползунке не ломает float64"}[lang] in advice
    assert page.button(key="stability_scale_10").proto.type == "primary"
    page.button(key="stability_scale_10").click().run()
    assert page.text_area(key="logits").value == "10, 20, 50"
    assert "no overflow" in page.success[-1].value or "переполнения нет" in page.success[-1].value
    # now "the nearest temperature at which float64 fails is T = 0.07", and its button
    assert {"en": "T = 0.07", "ru": "T = 0,07"}[lang] in page.info[-1].value
    page.button(key="stability_go").click().run()
    assert page.query_params["T"] == "0.07"
    assert {"en": "714.3", "ru": "714,3"}[lang] in page.error[0].value  # 50 / 0.07 > 709.78
    assert list(page.dataframe[-1].value.iloc[:, 3]) == ["0", "0", "nan"]  # inf / inf


def test_the_stability_lesson_names_underflow_too():
    page = run_page(logits="-1000, -1001", T="1")
    page.toggle(key="naive").set_value(True).run()
    page.radio(key="dtype").set_value("float64").run()
    assert "every exp(z/T) underflows to 0 in float64, and 0 / 0 is NaN" in page.error[0].value
    assert list(page.dataframe[-1].value["p, naive"]) == ["nan", "nan"]

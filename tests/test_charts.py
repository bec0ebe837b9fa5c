"""Frames and charts without a browser: the spec each chart hands to Vega-Lite."""

import json
import math
import re

import numpy as np
import pytest

import tempviz as tv
from tempviz import charts, frames
from tempviz.temperature import log_grid
from tests import reference

EXERCISE = tv.parse_logits("1, 2, 5")


def chart_data(chart) -> list[dict]:
    """Every row of every dataset in a chart's spec."""
    spec = chart.to_dict()
    return [row for rows in spec["datasets"].values() for row in rows]


def test_distribution_frame_holds_the_exact_probabilities_and_the_reference():
    frame = frames.distribution_frame(EXERCISE, 0.1)
    np.testing.assert_allclose(frame["probability"], reference.softmax([1, 2, 5], 0.1), rtol=1e-14)
    np.testing.assert_allclose(frame["reference"], reference.softmax([1, 2, 5], 1), rtol=1e-14)
    np.testing.assert_allclose(frame["scaled"], [10, 20, 50])


def test_complement_of_a_near_certain_class_keeps_its_digits():
    # 1 - p(z3) at T = 0.1 is e^-30 + e^-40 over the sum: about 9.3576e-14
    frame = frames.distribution_frame(EXERCISE, 0.1)
    exact = 1 - reference.softmax([1, 2, 5], 0.1)[2]
    expected = math.exp(-30) + math.exp(-40)
    assert frame["complement"][2] == pytest.approx(expected / (1 + expected), rel=1e-13)
    assert abs(exact - expected) < 1e-15  # the naive difference is only good to about 1e-16


def test_table_never_rounds_a_probability_to_a_false_one():
    distribution = frames.distribution_frame(EXERCISE, 0.1)
    table = frames.table_frame(distribution, frames.samples_frame(
        EXERCISE, distribution["probability"].to_numpy(), 100, seed=0))
    assert list(table["probability"]) == ["4.2e-18", "9.4e-14", "1 − 9.4e-14"]
    assert list(table["z / T"]) == ["10", "20", "50"]


def test_table_at_the_cold_limit_marks_z_over_t_undefined():
    distribution = frames.distribution_frame(EXERCISE, 0)
    table = frames.table_frame(distribution, frames.samples_frame(
        EXERCISE, distribution["probability"].to_numpy(), 10, seed=0))
    assert list(table["z / T"]) == ["—"] * 3
    assert list(table["probability"]) == ["0", "0", "1"]


def test_summary_readouts():
    summary = frames.summarize(frames.distribution_frame(EXERCISE, 1), base=2)
    assert summary.entropy == pytest.approx(reference.entropy_nats([1, 2, 5], 1) / math.log(2))
    assert summary.perplexity == pytest.approx(math.exp(reference.entropy_nats([1, 2, 5], 1)))
    assert summary.top_label == "z3"


def stops_at(*temperatures: float, index: int = 0) -> charts.Stops:
    return charts.Stops(list(temperatures), index)


def title_at(spec: dict) -> str:
    """The title a reader sees for the stop the spec shows (titles are Vega expressions)."""
    prefix, phrases = re.fullmatch(r'(".*?") \+ (\[.*\])\[stop\]',
                                   spec["title"]["text"]["expr"]).groups()
    stop = next(p["value"] for p in spec["params"] if p["name"] == "stop")
    return json.loads(prefix) + json.loads(phrases)[stop]


def test_probability_chart_holds_every_stop_and_shows_the_chosen_one():
    data = frames.by_stop(EXERCISE, [10, 0.1])
    chart = charts.probability_chart(data.distributions, stops_at(10, 0.1, index=1))
    spec = chart.to_dict()
    assert title_at(spec) == "softmax(z / T) at T = 0.1"
    assert title_at(charts.at_stop(spec, 0)) == "softmax(z / T) at T = 10"
    rows = chart_data(chart)
    assert {row["series"] for row in rows} == {"chosen T", "T = 1 (reference)"}
    at_ten = {row["text"] for row in rows if row["stop"] == 0}
    assert at_ten == {"0.278", "0.307", "0.415"}
    assert {row["text"] for row in rows if row["stop"] == 1} == {"4.2e-18", "9.4e-14",
                                                                  "1 − 9.4e-14"}


def test_log_scale_makes_tiny_probabilities_visible():
    data = frames.by_stop(EXERCISE, [0.1])
    spec = charts.probability_chart(data.distributions, stops_at(0.1), log_scale=True).to_dict()
    scale = spec["layer"][0]["encoding"]["y"]["scale"]
    assert scale["type"] == "log"
    assert scale["domain"][0] <= 4.2e-18  # the smallest bar is above the axis floor


def test_entropy_chart_marks_every_stop_and_both_limits():
    curve = frames.entropy_frame(EXERCISE, log_grid(), base=2)
    data = frames.by_stop(EXERCISE, [0.1, 1.0], base=2)
    chart = charts.entropy_chart(curve, data.entropies, stops_at(0.1, 1.0), cold_entropy=0.0,
                                 hot_entropy=math.log2(3), unit="bits")
    texts = {row.get("text") for row in chart_data(chart)}
    assert "T → ∞ limit: 1.585 bits" in texts
    assert "T = 0.1: H = 4.2e-12 bits" in texts
    h1 = reference.entropy_nats([1, 2, 5], 1) / math.log(2)
    assert f"T = 1: H = {h1:.3f} bits" in texts


def test_entropy_chart_puts_a_limit_temperature_at_the_end_of_the_axis():
    curve = frames.entropy_frame(EXERCISE, log_grid(), base=None)
    data = frames.by_stop(EXERCISE, [0.0, math.inf])
    chart = charts.entropy_chart(curve, data.entropies, stops_at(0.0, math.inf),
                                 cold_entropy=0.0, hot_entropy=math.log(3), unit="nats")
    marks = {row["text"].split(":")[0]: row["temperature"] for row in chart_data(chart)
             if "stop" in row}
    assert marks == {"T → 0": 0.01, "T → ∞": 100}


def test_samples_chart_pairs_drawn_and_expected_counts():
    data = frames.by_stop(EXERCISE, [1.0], n=1000, seed=0)
    rows = chart_data(charts.samples_chart(data.samples, stops_at(1.0), n=1000))
    drawn = [row["count"] for row in rows if row["series"].startswith("drawn")]
    expected = [row["count"] for row in rows if row["series"] == "expected n·p"]
    assert sum(drawn) == 1000
    np.testing.assert_allclose(expected, 1000 * np.array(reference.softmax([1, 2, 5], 1)))


def test_live_pair_shares_one_slider_over_every_stop():
    data = frames.by_stop(EXERCISE, [0.1, 1.0])
    stops = stops_at(0.1, 1.0, index=1)
    left = charts.probability_chart(data.distributions, stops).to_dict()
    right = charts.entropy_chart(frames.entropy_frame(EXERCISE, log_grid()), data.entropies,
                                 stops, cold_entropy=0, hot_entropy=math.log(3),
                                 unit="nats").to_dict()
    spec = charts.live_spec(left, right, stops.index, len(stops.temperatures), 400)
    assert spec["params"] == [{"name": "stop", "value": 1, "bind": {
        "input": "range", "min": 0, "max": 1, "step": 1, "name": "drag T: "}}]
    assert all("params" not in panel for panel in spec["hconcat"])
    assert set(spec["datasets"]) == set(left["datasets"]) | set(right["datasets"])


def test_text_alternatives_list_every_class():
    frame = frames.distribution_frame(EXERCISE, 1)
    assert charts.describe_distribution(frame, 1) == (
        "Bar chart of probabilities at T = 1: z1 0.017, z2 0.047, z3 0.936.")


def test_a_middle_class_first_rises_then_falls():
    # logits 0, 4, 5: z2 has almost nothing at T → 0, peaks above 1/3, then falls back to 1/3
    sweep = frames.class_sweep_frame(tv.parse_logits("0, 4, 5"), log_grid())
    middle = sweep[sweep["label"] == "z2"]["probability"].to_numpy()
    peak = middle.argmax()
    assert middle[0] < 1e-40 and 0 < peak < len(middle) - 1
    assert middle[peak] > 0.37 and middle[-1] == pytest.approx(1 / 3, abs=0.01)
    assert (middle[peak:] - 1 / 3 >= -1e-12).all()


def test_class_chart_marks_every_stop():
    sweep = frames.class_sweep_frame(tv.parse_logits("0, 4, 5"), log_grid())
    rows = chart_data(charts.class_chart(sweep, stops_at(3.0, 0.5)))
    assert {"T = 3", "T = 0.5"} <= {row.get("text") for row in rows}


def test_cut_tokens_are_labelled_and_the_outline_shows_the_uncut_distribution():
    from tempviz.sampling import Filters
    data = frames.by_stop(tv.parse_logits("1, 2, 5"), [10], filters=Filters(top_k=2))
    rows = chart_data(charts.probability_chart(data.distributions, stops_at(10),
                                               filtered=True))
    assert {row["series"] for row in rows} == {"chosen T", "before the cuts"}
    assert next(row["text"] for row in rows if row["series"] == "chosen T") == "cut"

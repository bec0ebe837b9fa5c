"""The slider's stops and temperatures written as text."""

import math
from itertools import pairwise

import pytest

from tempviz.temperature import (
    format_temperature,
    log_grid,
    nearest_stop,
    parse_temperature,
    slider_stops,
)


def test_stops_run_from_the_cold_limit_to_the_hot_limit_through_round_numbers():
    stops = slider_stops()
    assert stops[0] == 0 and stops[-1] == math.inf
    assert stops[1] == 0.01 and stops[-2] == 100
    assert stops == sorted(stops) and len(set(stops)) == len(stops)
    for named in (0.1, 0.2, 0.5, 0.7, 1, 1.5, 2, 5, 10, 50):
        assert named in stops


def test_stops_are_close_to_even_on_a_log_scale():
    finite = slider_stops()[1:-1]
    ratios = [b / a for a, b in pairwise(finite)]
    assert 1.06 <= min(ratios) and max(ratios) <= 1.17


def test_every_stop_has_a_distinct_label():
    labels = [format_temperature(t) for t in slider_stops()]
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize("t, text", [(0, "0"), (0.1, "0.1"), (0.316227766, "0.316"),
                                     (10, "10"), (100, "100"), (0.015, "0.015"),
                                     (math.inf, "inf"), (1234.5, "1234")])
def test_format(t, text):
    assert format_temperature(t) == text


@pytest.mark.parametrize("text, t", [("0.1", 0.1), (" 2 ", 2), ("0", 0), ("inf", math.inf),
                                     ("∞", math.inf), ("Infinity", math.inf), ("0,5", 0.5),
                                     ("1e-3", 0.001)])
def test_parse(text, t):
    assert parse_temperature(text) == t


@pytest.mark.parametrize("text", ["-1", "abc", "nan", "-inf", "", "1e999"])
def test_parse_rejects_with_the_rule(text):
    with pytest.raises(ValueError, match="must be a number ≥ 0"):
        parse_temperature(text)


@pytest.mark.parametrize("t, stop", [(0.33, 0.35), (0.1, 0.1), (1e-9, 0.01), (1e9, 100),
                                     (0, 0), (math.inf, math.inf), (0.52, 0.5)])
def test_nearest_stop(t, stop):
    assert nearest_stop(t, slider_stops()) == stop


def test_log_grid_spans_the_slider_evenly():
    grid = log_grid(241)
    assert grid[0] == pytest.approx(0.01) and grid[-1] == pytest.approx(100)
    assert grid[120] == pytest.approx(1)

"""Frames and charts without a browser: what vl-convert draws from each chart's spec."""

import html
import math
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert

import tempviz as tv
from tempviz import charts, export, frames, views
from tempviz.sampling import Filters
from tempviz.scene import build_scene
from tempviz.state import View
from tests import reference

EXERCISE = tv.parse_logits("1, 2, 5")


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
    assert frame["complement"][2] == pytest.approx(expected / (1 + expected), rel=1e-13, abs=0)
    assert abs(exact - expected) < 1e-15  # the naive difference is only good to about 1e-16


def test_table_never_rounds_a_probability_to_a_false_one():
    distribution = frames.distribution_frame(EXERCISE, 0.1)
    table = frames.table_frame(distribution, frames.samples_frame(
        EXERCISE, distribution["probability"].to_numpy(), 100, seed=0))
    assert list(table["probability"]) == ["4.2×10⁻¹⁸", "9.4×10⁻¹⁴", "1 − 9.4×10⁻¹⁴"]
    assert list(table["z / T"]) == ["10", "20", "50"]


def test_table_at_the_cold_limit_marks_z_over_t_undefined():
    distribution = frames.distribution_frame(EXERCISE, 0)
    table = frames.table_frame(distribution, frames.samples_frame(
        EXERCISE, distribution["probability"].to_numpy(), 10, seed=0))
    assert list(table["z / T"]) == ["—"] * 3
    assert list(table["probability"]) == ["0", "0", "1"]


def test_readouts_at_a_stop_against_mpmath():
    scene = views.scene_for(EXERCISE, [0.1, 1.0])
    readout = views.readout(EXERCISE, scene, 1, base=2)
    nats = reference.entropy_nats([1, 2, 5], 1)
    assert readout.entropy == pytest.approx(nats / math.log(2), rel=1e-13, abs=0)
    assert readout.perplexity == pytest.approx(math.exp(nats), rel=1e-13, abs=0)
    assert readout.top_labels == ("z3",) and readout.tied == 1
    cold = views.readout(EXERCISE, scene, 0, base=None)
    assert cold.top_complement == pytest.approx(
        (math.exp(-30) + math.exp(-40)) / (1 + math.exp(-30) + math.exp(-40)), rel=1e-13, abs=0)


def rendered(chart, stop: int) -> list[str]:
    """The texts a reader sees in the chart at a stop, as vl-convert draws it."""
    svg = vl_convert.vegalite_to_svg(charts.at_stop(chart.to_dict(), stop))
    return [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def chart_set(logits, temperatures, view=View()):
    return views.chart_set(logits, views.scene_for(logits, temperatures, view), 0, view)


def test_probability_chart_holds_every_stop_and_shows_the_chosen_one():
    chart = chart_set(EXERCISE, [10, 0.1])["probabilities"]
    at_ten, at_tenth = rendered(chart, 0), rendered(chart, 1)
    assert "softmax(z / T) at T = 10" in at_ten and "softmax(z / T) at T = 0.1" in at_tenth
    assert {"0.278", "0.307", "0.415"} <= set(at_ten)
    assert {"4.2×10⁻¹⁸", "9.4×10⁻¹⁴", "1 − 9.4×10⁻¹⁴"} <= set(at_tenth)
    assert {"z1", "z2", "z3", "chosen T", "T = 1 (reference)"} <= set(at_ten)


def test_chart_data_holds_numbers_and_ids_never_words():
    # the language is applied where the chart is encoded: data is the same in ru and en
    english = chart_set(EXERCISE, [1.0])["probabilities"].to_dict()["datasets"]
    russian = chart_set(EXERCISE, [1.0], View(lang="ru"))["probabilities"].to_dict()["datasets"]
    assert english == russian
    rows = [row for rows in english.values() for row in rows]
    assert {key for row in rows for key in row} == {
        "stop", "rank", "series", "value", "outline", "probability", "complement", "cut"}
    assert {row["series"] for row in rows} == {"chosen", "outline"}


def test_many_classes_show_the_top_bars_and_one_for_the_others_with_their_total():
    logits = tv.parse_logits(", ".join(str(i % 7) for i in range(60)))
    chart = chart_set(logits, [1.0], View(bars=5))["probabilities"]
    texts = rendered(chart, 0)
    assert "55 others" in texts
    scene = views.scene_for(logits, [1.0])
    frame = charts.bar_frame(scene, 5)
    p = np.asarray(reference.softmax(list(logits.values), 1))
    top5 = np.argsort(-logits.values, kind="stable")[:5]
    assert frame["probability"].iloc[-1] == pytest.approx(1 - p[top5].sum(), rel=1e-12, abs=0)


def test_log_scale_floor_comes_from_the_stop_shown():
    # at T = 0.1 the smallest bar is 4.2e-18: the axis starts at 1e-18, not at T = 0.01's
    # 1e-174, where 4.2e-18 would look almost as tall as 1
    chart = chart_set(EXERCISE, [0.01, 0.1], View(log_scale=True))["probabilities"]
    assert chart.to_dict()["layer"][0]["encoding"]["y"]["scale"]["type"] == "log"
    at_tenth, at_hundredth = rendered(chart, 1), rendered(chart, 0)
    assert "softmax(z / T) at T = 0.1 (log axis from 10⁻¹⁸)" in at_tenth
    assert "softmax(z / T) at T = 0.01 (log axis from 10⁻¹⁷⁴)" in at_hundredth
    # the axis's own ticks are powers of ten as a textbook writes them, never "1e-18"
    assert {"10⁻¹⁸", "10⁻⁶", "1"} <= set(at_tenth)
    assert not [label for label in at_tenth + at_hundredth if re.search(r"\de[-+]?\d", label)]


def test_entropy_chart_marks_every_stop_and_both_limits():
    chart = chart_set(EXERCISE, [0.1, 1.0])["entropy"]
    h1 = reference.entropy_nats([1, 2, 5], 1) / math.log(2)
    assert "T → ∞ limit: 1.585 bits" in rendered(chart, 0)
    assert "T = 0.1: H = 4.2×10⁻¹² bits" in rendered(chart, 0)
    assert f"T = 1: H = {h1:.3f} bits" in rendered(chart, 1)


def test_entropy_chart_puts_a_limit_temperature_at_the_end_of_the_axis():
    scene = views.scene_for(EXERCISE, [0.0, math.inf])
    _, marks = charts.entropy_frames(scene, None)
    assert list(marks["temperature"]) == [0.01, 100]


def test_samples_chart_pairs_drawn_and_expected_counts():
    scene = views.scene_for(EXERCISE, [1.0])
    frame = charts.bar_frame(scene, 20)
    assert frame["drawn"].sum() == 1000
    np.testing.assert_allclose(frame["expected"], 1000 * np.array(reference.softmax([1, 2, 5], 1)),
                               rtol=1e-13)
    texts = rendered(chart_set(EXERCISE, [1.0])["samples"], 0)
    assert {"drawn (1,000 samples)", "expected n·p", "1,000 samples drawn at T = 1"} <= set(texts)


def test_a_chart_bound_to_the_page_control_keeps_its_data_and_title():
    spec = chart_set(EXERCISE, [0.1, 1.0])["entropy"].to_dict()
    bound = charts.bound_to(spec, "#tempviz-stop")
    assert bound["params"] == [{"name": "stop", "value": 0, "bind": {"element": "#tempviz-stop"}}]
    assert {key: value for key, value in bound.items() if key != "params"} == {
        key: value for key, value in spec.items() if key != "params"}


def test_text_alternatives_list_every_class():
    scene = views.scene_for(EXERCISE, [1.0])
    described = views.described_at(EXERCISE, scene, 0, View())
    assert described.startswith(
        "Bar chart of probabilities at T = 1: z1 0.017, z2 0.047, z3 0.936. Line chart: ")
    assert "Paired bars of 1,000 samples: z1 drawn" in described


def test_a_middle_class_first_rises_then_falls():
    # logits 0, 4, 5: z2 has almost nothing at T → 0, peaks above 1/3, then falls back to 1/3
    scene = views.scene_for(tv.parse_logits("0, 4, 5"), [1.0])
    middle = scene.curve_probability[:, 1]
    peak = middle.argmax()
    assert middle[0] < 1e-40 and 0 < peak < len(middle) - 1
    assert middle[peak] > 0.37 and middle[-1] == pytest.approx(1 / 3, abs=0.01)
    assert (middle[peak:] - 1 / 3 >= -1e-12).all()


def test_class_chart_marks_every_stop():
    chart = chart_set(tv.parse_logits("0, 4, 5"), [3.0, 0.5])["classes"]
    assert "Each class across temperatures, marked at T = 3" in rendered(chart, 0)
    assert "Each class across temperatures, marked at T = 0.5" in rendered(chart, 1)
    assert {"z1", "z2", "z3"} <= set(rendered(chart, 0))


def test_cut_tokens_are_labelled_and_the_outline_shows_the_uncut_distribution():
    chart = chart_set(EXERCISE, [10], View(filters=Filters(top_k=2)))["probabilities"]
    texts = rendered(chart, 0)
    assert {"chosen T", "before the cuts", "cut", "0.426", "0.574"} <= set(texts)


def test_the_t_marker_has_a_colour_no_class_uses():
    assert charts.MARKER not in charts.CLASS_COLOURS


def test_the_samples_chart_writes_each_drawn_count():
    scene = views.scene_for(EXERCISE, [1.0])
    drawn = [str(int(n)) for n in charts.bar_frame(scene, 20)["drawn"]]
    texts = rendered(chart_set(EXERCISE, [1.0])["samples"], 0)
    assert set(drawn) <= set(texts)


@pytest.mark.parametrize("slide", [False, True], ids=["screen", "slide"])
def test_russian_charts_write_decimal_commas(slide):
    view = View(lang="ru", slide=slide)
    texts = rendered(chart_set(EXERCISE, [10.0], view)["probabilities"], 0)
    assert {"0,278", "0,307", "0,415", "0,2"} <= set(texts)
    assert "softmax(z / T) при T = 10" in texts


@pytest.mark.parametrize("lang, count, says", [
    ("en", 9, "the 8 most probable of 9 classes; temperature alone"),
    ("ru", 9, "8 самых вероятных из 9 классов; только температура"),
    ("ru", 21, "8 самых вероятных из 21 класса; только температура"),
    ("en", 3, "temperature alone; a middle class can rise, then fall")])
def test_the_class_chart_says_which_classes_it_draws(lang, count, says):
    # past 8 classes it draws the 8 most probable at T = 1 and once still said "each class"
    logits = tv.parse_logits(", ".join(str(i % 5) for i in range(count)))
    chart = chart_set(logits, [1.0], View(lang=lang))["classes"]
    svg = vl_convert.vegalite_to_svg(charts.at_stop(chart.to_dict(), 0) | {"width": 900})
    texts = [html.unescape(text) for text in re.findall(r">([^<>]+)<", svg)]  # tspans too
    assert says in texts
    assert any(t.startswith(("Each class", "Каждый класс")) for t in texts) == (count <= 8)


def test_past_eight_classes_the_class_chart_draws_the_eight_most_probable():
    logits = tv.parse_logits("3, 0, 8, 1, 7, 2, 6, 5, 4")  # z2 (0) is the least probable
    scene = views.scene_for(logits, [1.0])
    assert views.curve_names(logits, scene) == ["z1", "z3", "z4", "z5", "z6", "z7", "z8", "z9"]


def test_a_new_stage_chart_is_its_builder_and_one_registry_line(monkeypatch, tmp_path):
    # what the README and views.STAGE_CHARTS promise: the page's chart set, the text
    # alternatives, the export and its file count all follow the registry
    extra = views.StageChart("extra", lambda drawing: alt.Chart(
        pd.DataFrame({"t": drawing.stops.temperatures})).mark_point().properties(
            title=alt.Title("Extra", subtitle="a chart")), alt=lambda _: "Extra.")
    monkeypatch.setattr(views, "STAGE_CHARTS", (*views.STAGE_CHARTS, extra))
    logits = tv.parse_logits("1, 2, 5")
    scene = views.scene_for(logits, [1.0])
    assert list(views.chart_set(logits, scene, 0)) == [
        "probabilities", "entropy", "samples", "classes", "extra"]
    assert views.chart_alts(logits, scene, tv.View())["extra"] == "Extra."
    monkeypatch.setattr(export, "render", lambda chart, fmt, size="1920": b"<svg/>")
    written = export.export_lecture(logits, [1.0], tmp_path, formats=("svg",))
    assert sorted(path.name for path in written) == sorted(
        [f"{name}_T1.svg" for name in views.chart_names()] + ["probabilities.csv"])


@pytest.mark.parametrize("cuts", [Filters(), Filters(top_k=2)])
def test_each_legend_swatch_looks_like_what_it_stands_for(cuts):
    # the T = 1 reference (or the bars before the cuts) is a dashed outline on the chart,
    # and was a solid grey square in the legend
    chart = views.build_charts(EXERCISE, [0.1], 0, View(slide=True, filters=cuts))
    svg = export.render(chart["probabilities"], "svg").decode()
    symbols = re.findall(r'class="mark-symbol role-legend-symbol"[^>]*><path ([^>]*)/>', svg)
    assert len(symbols) == 2, symbols  # one legend: fill, stroke and dash merged
    chosen, outline = (dict(re.findall(r'([\w-]+)="([^"]*)"', symbol)) for symbol in symbols)
    assert chosen["fill"] == charts.CURRENT and chosen["stroke-dasharray"] == "1,0"
    # no fill of its own: the SVG's root group has fill="none"
    assert outline.get("fill", "none") in {"none", "transparent"}
    assert outline["stroke"] == charts.REFERENCE
    assert outline["stroke-dasharray"] == "15,7.5"  # the bars' own dash, 3 and 1.5 lines


# --- numbers at the edges of their formats (frames) -----------------------------------

@pytest.mark.parametrize("written, expected", [
    (lambda: frames.format_count(0.05), "0.1"),          # one decimal from 0.05 up
    (lambda: frames.format_count(0.5), "0.5"),
    (lambda: frames.format_count(0.001), "0.001"),       # three decimals from 0.001 up
    (lambda: frames.format_count(1000.0, 0.0), "1,000"),  # exactly n: no "n − 0"
    (lambda: frames.format_number(0.0), "0"),
    (lambda: frames.format_number(-0.0), "0"),           # z/T of a negative logit at T = ∞
    (lambda: frames.format_measure(0.001), "0.001"),
    (lambda: frames.format_measure(0.000999), "1.0×10⁻³"),
    (lambda: frames.format_bounded(1.5, 3, excess=0.5), "1.50"),  # far from 1: decimals
    (lambda: frames.format_bounded(1.004, 3, excess=0.004), "1 + 4.0×10⁻³"),
    # 0.005 from 1 is within it: 1.005 to two decimals is "1.00", a false 1
    (lambda: frames.format_bounded(1.005, 3, excess=0.005), "1 + 5.0×10⁻³"),
    (lambda: frames.format_bounded(1.0051, 3, excess=0.0051), "1.01"),
    # 4e-12 below K = 3 is not at it (1e-12 · K): it takes all twelve decimals to say so
    (lambda: frames.format_bounded(2.999999999996, 3), "2.999999999996"),
    (lambda: frames.format_bounded(2.999999999998, 3), "3.00"),
    (lambda: frames.format_number(math.inf), "∞"),
    (lambda: frames.format_number(-math.inf), "−∞"),
])
def test_numbers_are_written_as_their_format_says_at_its_edges(written, expected):
    assert written() == expected


# --- the stage's views and its scene ----------------------------------------------------

@pytest.mark.parametrize("typed, named", [
    ("1, 1, 1, 0", "z1, z2, z3"),                  # three tied: all three named
    ("1, 1, 1, 1, 0", "z1, z2, z3 and 1 more"),    # past three, the rest counted
    ("1, 1, 1, 1, 1, 0", "z1, z2, z3 and 2 more"),
])
def test_the_readout_names_three_tied_classes_and_counts_the_rest(typed, named):
    logits = tv.parse_logits(typed)
    readout = views.readout(logits, views.scene_for(logits, [1.0]), 0, 2)
    assert views.top_classes(readout, "0.25", "en") == f"0.25 each ({named})"


def test_the_table_at_t_0_leaves_z_over_t_undefined_not_infinite():
    logits = tv.parse_logits("1, 2, 5")
    table = views.table(logits, views.scene_for(logits, [0.0]), 0, "en")
    assert list(table["z / T"]) == ["—"] * 3


def test_the_read_out_description_names_ten_bars_and_sums_the_rest():
    # twelve classes c0..c11 with logit i: the ten most probable by name, then "2 others"
    logits = tv.parse_logits(", ".join(f"c{i}: {i}" for i in range(12)))
    said = views.described_at(logits, views.scene_for(logits, [1.0]), 0, View())
    bars = said.split(": ", 1)[1].split(". ", 1)[0]
    assert [bar.rsplit(" ", 1)[0] for bar in bars.split(", ")] == (
        [f"c{i}" for i in range(11, 1, -1)] + ["2 others"])


def test_the_class_chart_has_a_text_alternative_naming_its_eight_curves():
    logits = tv.parse_logits(", ".join(f"c{i}: {i}" for i in range(12)))
    alt_text = views.chart_alts(logits, views.scene_for(logits, [1.0]), View())["classes"]
    assert alt_text.startswith("Lines of each class across T from 0.01 to 100: c4 ")
    assert [f"c{i} " in alt_text for i in range(12)] == [False] * 4 + [True] * 8


@pytest.mark.parametrize("dark, words, not_words", [
    (None, "#31333F", "#E6E6E6"),   # by default, a light page: dark grey words
    (True, "#E6E6E6", "#31333F"),
])
def test_the_stage_charts_are_drawn_for_a_light_page_unless_told_dark(dark, words, not_words):
    logits = tv.parse_logits("1, 2, 5")
    scene = views.scene_for(logits, [1.0])
    options = {} if dark is None else {"dark": dark}
    for name, chart in views.chart_set(logits, scene, 0, **options).items():
        spec = str(chart.to_dict())
        assert words in spec and not_words not in spec, name


def test_a_scene_keeps_its_hundred_most_probable_classes_and_sums_the_rest():
    # 150 classes with logit i / 10: the columns are classes 149 down to 50, then "others"
    logits = tv.parse_logits(", ".join(str(i / 10) for i in range(150)))
    scene = build_scene(logits, [1.0])
    assert scene.shown.tolist() == list(range(149, 49, -1))
    weights = [math.exp(i / 10) for i in range(150)]
    assert scene.probability[0, -1] == pytest.approx(sum(weights[:50]) / sum(weights),
                                                     rel=1e-12, abs=0)


def test_a_scene_draws_a_thousand_samples_from_seed_0_unless_told():
    logits = tv.parse_logits("1, 2, 5")
    default = build_scene(logits, [1.0])
    assert default.samples == 1000 and default.drawn[0].sum() == 1000
    seeded = build_scene(logits, [1.0], seed=0)
    np.testing.assert_array_equal(default.drawn, seeded.drawn)


def test_every_complement_in_a_scene_is_one_minus_its_probability():
    # logits 0, 0, log 2: p = 1/4, 1/4, 1/2; complements 3/4, 3/4 (1 - p) and 1/2 (the
    # top one, summed from the rest), and 1 for the empty "others" column
    logits = tv.parse_logits(f"a: {math.log(2)}, b: 0, c: 0")
    scene = build_scene(logits, [1.0])
    np.testing.assert_allclose(scene.complement[0], [0.5, 0.75, 0.75, 1.0], rtol=0, atol=1e-15)

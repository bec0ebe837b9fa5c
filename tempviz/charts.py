"""Altair charts of the frames in :mod:`tempviz.frames`, for the page, notebooks and slides.

Each builder takes a frame and keyword-only options and returns an Altair chart,
so the same object is shown by Streamlit, displayed in Jupyter and exported to files.
Colours come from the Okabe–Ito palette, which colour-blind viewers can tell apart;
every series also differs in shape or in its legend text, never in colour alone.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from tempviz.frames import format_measure, format_probability
from tempviz.i18n import DEFAULT_LANGUAGE, text
from tempviz.temperature import HIGHEST, LOWEST, format_temperature

CURRENT = "#0072B2"     # blue: the distribution at the chosen T
REFERENCE = "#8C8C8C"   # mid grey outline, the same logits at T = 1: reads on light and dark
DRAWN = "#E69F00"       # orange: what sampling produced
EXPECTED = "#56B4E9"    # sky blue: the expected counts, the exact n·p
MARKER = "#D55E00"      # vermilion: where the chosen T sits on a curve
LIMIT = "#009E73"       # bluish green: the T → 0 and T → ∞ limits
INK = "#111111"         # text and axes on slides: near-black on white for projectors


@dataclass(frozen=True)
class Style:
    """Sizes that differ between the screen and a projected slide; colours never do."""

    font_size: int
    title_size: int
    line_width: float
    point_size: int
    height: int
    tooltips: bool


SCREEN = Style(font_size=13, title_size=16, line_width=3, point_size=140, height=320,
               tooltips=True)
SLIDE = Style(font_size=22, title_size=32, line_width=6, point_size=420, height=520,
              tooltips=False)


def temperature_phrase(temperature: float) -> str:
    """How a chart title names T, limits included.

    >>> temperature_phrase(0.1), temperature_phrase(0), temperature_phrase(math.inf)
    ('T = 0.1', 'T → 0', 'T → ∞')
    """
    if temperature == 0:
        return "T → 0"
    if math.isinf(temperature):
        return "T → ∞"
    return f"T = {format_temperature(temperature)}"


class BarLayout:
    """Where classes and values go: classes along x, or down y when labels are long.

    Chat replies as labels read best as horizontal bars; z1, z2, z3 as vertical ones.

    >>> BarLayout(pd.Series(["z1", "z2"])).horizontal
    False
    >>> BarLayout(pd.Series(["I'm fine, thank you!", "Banana."])).horizontal
    True
    """

    def __init__(self, labels: pd.Series, style: Style = SCREEN):
        self.horizontal = bool(labels.str.len().max() > 8 or len(labels) > 12)
        self.classes_on, self.values_on = ("y", "x") if self.horizontal else ("x", "y")
        row = 2.4 * style.font_size
        self.height = max(style.height, round(4 * row + row * len(labels)))
        if not self.horizontal:
            self.height = style.height
        shift = style.font_size // 2
        self.text_offset = {"dx": shift, "align": "left"} if self.horizontal else {"dy": -shift}

    def encode(self, value: str, **value_options) -> dict:
        """Encodings for the class channel and one value channel."""
        channel = {"x": alt.X, "y": alt.Y}
        return {
            self.classes_on: channel[self.classes_on](
                "label:N", sort=None, title=None, axis=alt.Axis(labelLimit=260, labelAngle=0)),
            self.values_on: channel[self.values_on](value, **value_options),
        }

    def offset(self, field: str, order: list[str]) -> dict:
        """The encoding that puts bars of several series side by side."""
        if self.horizontal:
            return {"yOffset": alt.YOffset(field, sort=order)}
        return {"xOffset": alt.XOffset(field, sort=order)}


class Stops:
    """The temperatures a chart can show and the Vega-Lite parameter choosing one.

    Charts hold their data at every stop and filter on the parameter ``stop``, so a
    reader can move T inside the chart without asking Python, and the page can show
    another T by changing one number in the spec.

    >>> stops = Stops([0.0, 0.1, math.inf], index=1)
    >>> stops.phrase_expr, stops.temperature
    ('["T → 0", "T = 0.1", "T → ∞"][stop]', 0.1)
    """

    def __init__(self, temperatures: list[float], index: int):
        self.temperatures, self.index = list(temperatures), index
        self.param = alt.param(name="stop", value=index)
        phrases = json.dumps([temperature_phrase(t) for t in temperatures], ensure_ascii=False)
        self.phrase_expr = f"{phrases}[stop]"
        on_axis = [min(max(t, LOWEST), HIGHEST) for t in temperatures]
        self.left_expr = f"{json.dumps([t < 3 for t in on_axis])}[stop]"

    @property
    def temperature(self) -> float:
        return self.temperatures[self.index]

    def shown(self, chart: alt.Chart) -> alt.Chart:
        """The chart's rows at the chosen stop only."""
        return chart.transform_filter(alt.datum.stop == self.param)

    def title(self, prefix: str, subtitle: str) -> alt.Title:
        return alt.Title(alt.expr(f"{json.dumps(prefix)} + {self.phrase_expr}"), subtitle=subtitle)


def probability_chart(by_stop: pd.DataFrame, stops: Stops, *, filtered: bool = False,
                      log_scale: bool = False, style: Style = SCREEN,
                      lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """Bars of the final probabilities, values on top, and a dashed outline: the same
    logits at T = 1 or, when cuts are on (``filtered``), the distribution before the
    cuts, so the survivors' growth shows their renormalisation. Cut tokens read "cut".

    ``by_stop`` is :func:`tempviz.frames.distribution_frame` (top classes) at every stop,
    with a ``stop`` column. With ``log_scale`` the probability axis is logarithmic, so
    4e-18 shows as a bar instead of nothing.
    """
    current = text("chart.chosen", lang)
    reference = text("chart.before_cuts" if filtered else "chart.reference", lang)
    outline_values = by_stop["before_cuts"] if filtered else by_stop["reference"]
    data = by_stop.assign(
        text=[(text("chart.cut", lang) if cut else format_probability(p, c)) for p, c, cut in
              zip(by_stop["probability"], by_stop["complement"], by_stop["cut"])],
        label_at=np.maximum(by_stop["probability"], outline_values))
    columns = ["stop", "label", "series", "value", "text", "label_at"]  # all the spec needs
    long = pd.concat([
        data.assign(series=current, value=data["probability"])[columns],
        data.assign(series=reference, value=outline_values)[columns],
    ])
    if log_scale:
        long["value"] = long["value"].where(long["value"] > 0)  # log 0 has no place on the axis
        smallest = long["value"].min()
        floor = 10.0 ** math.floor(math.log10(max(smallest, 1e-300))) if smallest > 0 else 1e-3
        scale = alt.Scale(type="log", domain=[floor, 1], clamp=True)
    else:
        scale = alt.Scale(domain=[0, 1])
    layout = BarLayout(by_stop.loc[by_stop["stop"] == by_stop["stop"].iloc[0], "label"], style)
    colour = alt.Color("series:N", title=None, sort=[current, reference],
                       scale=alt.Scale(domain=[current, reference], range=[CURRENT, REFERENCE]),
                       legend=alt.Legend(orient="top"))
    base = stops.shown(alt.Chart(long)).encode(
        **layout.encode("value:Q", scale=scale, title=text("chart.probability", lang)),
        color=colour,
        **tooltips(style, [alt.Tooltip("label:N", title=text("chart.class", lang)),
                           alt.Tooltip("series:N", title=text("chart.at", lang)),
                           alt.Tooltip("value:Q", title=text("chart.probability", lang),
                                       format=".4~g")]),
    )
    bars = base.transform_filter(alt.datum.series == current).mark_bar(opacity=0.9)
    outline = base.transform_filter(alt.datum.series == reference).mark_bar(
        filled=False, strokeDash=[3 * style.line_width, 1.5 * style.line_width],
        strokeWidth=style.line_width * 2 / 3)
    labels = base.transform_filter(alt.datum.series == current).mark_text(
        fontSize=style.font_size, **layout.text_offset).encode(
        **layout.encode("label_at:Q", scale=scale), text="text:N", color=alt.value(CURRENT))
    subtitle = text("chart.probability_subtitle_cuts" if filtered
                    else "chart.probability_subtitle", lang)
    return styled(alt.layer(bars, outline, labels).add_params(stops.param).properties(
        title=stops.title(text("chart.probability_title", lang), subtitle),
        height=layout.height), style)


def entropy_chart(curve: pd.DataFrame, marks: pd.DataFrame, stops: Stops, *,
                  cold_entropy: float, hot_entropy: float, unit: str,
                  style: Style = SCREEN, lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """Entropy H(T) on a log-T axis, the chosen T marked, the two limits as lines.

    ``curve`` is :func:`tempviz.frames.entropy_frame`, ``marks`` the entropy at every
    stop (columns stop, temperature, entropy); the limits are the entropies at T = 0
    (0, or log m for m tied maxima) and T = ∞ (log K), in the same ``unit``. A limit
    T is marked at the end of the axis on its side.
    """
    unit_name = text(f"unit.{unit}", lang)
    marks = marks.assign(
        temperature=marks["temperature"].clip(LOWEST, HIGHEST),
        text=[text("chart.marker", lang, phrase=temperature_phrase(t), value=format_measure(h),
                   unit=unit_name) for t, h in zip(marks["temperature"], marks["entropy"])])
    limits = pd.DataFrame({
        "entropy": [cold_entropy, hot_entropy],
        "text": [text("chart.cold_limit", lang, value=format_measure(cold_entropy),
                      unit=unit_name),
                 text("chart.hot_limit", lang, value=format_measure(hot_entropy),
                      unit=unit_name)],
    })
    x = temperature_axis(lang)
    y = alt.Y("entropy:Q", title=text("chart.entropy_axis", lang, unit=unit_name),
              scale=alt.Scale(domain=[0, max(hot_entropy, 1e-9) * 1.08]))
    thin, size = style.line_width * 2 / 3, style.font_size
    line = alt.Chart(curve).mark_line(color=CURRENT, strokeWidth=style.line_width).encode(
        x=x, y=y, **tooltips(style, [alt.Tooltip("temperature:Q", format=".3~g"),
                                     alt.Tooltip("entropy:Q", format=".4f")]))
    limit_rules = alt.Chart(limits).mark_rule(
        color=LIMIT, strokeDash=[3 * thin, 2 * thin], strokeWidth=thin).encode(y="entropy:Q")
    limit_text = alt.Chart(limits).mark_text(
        align="left", dx=size // 3, dy=-size * 0.6, color=LIMIT, fontSize=size - 1).encode(
        x=alt.value(0), y="entropy:Q", text="text:N")
    marker = stops.shown(alt.Chart(marks))
    rule = marker.mark_rule(color=MARKER, strokeWidth=thin).encode(x=x)
    point = marker.mark_point(
        color=MARKER, filled=True, opacity=1, size=style.point_size, shape="diamond"
    ).encode(x=x, y=y)
    def point_text(rows: alt.Chart, dy: float) -> alt.Chart:  # the side with more room
        return rows.mark_text(
            align=alt.expr(f"{stops.left_expr} ? 'left' : 'right'"),
            dx=alt.expr(f"{stops.left_expr} ? {size * 0.7} : {-size * 0.7}"), dy=dy,
            color=MARKER, fontSize=size, fontWeight="bold").encode(x=x, y=y, text="text:N")

    middle = max(hot_entropy, 1e-9) / 2
    low = point_text(marker.transform_filter(alt.datum.entropy < middle), -size)
    high = point_text(marker.transform_filter(alt.datum.entropy >= middle), size)
    return styled(alt.layer(limit_rules, limit_text, line, rule, point, low, high).add_params(
        stops.param).properties(
        title=alt.Title(text("chart.entropy_title", lang),
                        subtitle=text("chart.entropy_subtitle", lang)),
        height=style.height), style)


def temperature_axis(lang: str = DEFAULT_LANGUAGE) -> alt.X:
    """The log-T axis over the slider's range, with a tick at every decade."""
    return alt.X("temperature:Q", title=text("chart.temperature_axis", lang),
                 scale=alt.Scale(type="log", domain=[LOWEST, HIGHEST]),
                 axis=alt.Axis(values=[0.01, 0.1, 1, 10, 100], format="~g"))


CLASS_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                 "#999999", "#000000"]  # grey, not Okabe-Ito yellow: legible on a projector
CLASS_DASHES = [[1, 0], [8, 4], [2, 3], [8, 3, 2, 3]]


def class_chart(sweep: pd.DataFrame, stops: Stops, *, style: Style = SCREEN,
                lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """Each class's probability across the temperature range, the chosen T marked.

    ``sweep`` is :func:`tempviz.frames.class_sweep_frame`. Classes differ in colour
    and in dash pattern, so they stay apart in greyscale and for colour-blind readers.
    With logits 0, 4, 5 the middle class first rises, then falls back to 1/3.
    """
    labels = list(dict.fromkeys(sweep["label"]))
    x = temperature_axis(lang)
    lines = alt.Chart(sweep).mark_line(strokeWidth=style.line_width * 2 / 3).encode(
        x=x, y=alt.Y("probability:Q", title=text("chart.probability", lang),
                     scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("label:N", title=None, sort=labels,
                        scale=alt.Scale(domain=labels, range=CLASS_COLOURS),
                        legend=alt.Legend(orient="top", labelLimit=260, columns=4)),
        strokeDash=alt.StrokeDash("label:N", title=None, sort=labels,
                                  scale=alt.Scale(domain=labels, range=CLASS_DASHES)),
        **tooltips(style, [alt.Tooltip("label:N", title=text("chart.class", lang)),
                           alt.Tooltip("temperature:Q", format=".3~g"),
                           alt.Tooltip("probability:Q", format=".4~g")]))
    marks = pd.DataFrame({"stop": range(len(stops.temperatures)),
                          "temperature": [min(max(t, LOWEST), HIGHEST)
                                          for t in stops.temperatures],
                          "text": [temperature_phrase(t) for t in stops.temperatures]})
    marker = stops.shown(alt.Chart(marks))
    rule = marker.mark_rule(color=MARKER, strokeWidth=style.line_width * 2 / 3).encode(x=x)
    rule_text = marker.mark_text(
        color=MARKER, fontSize=style.font_size, fontWeight="bold", dy=-style.font_size * 0.2,
        align=alt.expr(f"{stops.left_expr} ? 'left' : 'right'"),
        dx=alt.expr(f"{stops.left_expr} ? {style.font_size * 0.4} : "
                    f"{-style.font_size * 0.4}")).encode(x=x, y=alt.value(0), text="text:N")
    return styled(alt.layer(lines, rule, rule_text).add_params(stops.param).properties(
        title=alt.Title(text("chart.classes_title", lang),
                        subtitle=text("chart.classes_subtitle", lang)),
        height=style.height), style)


def samples_chart(by_stop: pd.DataFrame, stops: Stops, *, n: int,
                  style: Style = SCREEN, lang: str = DEFAULT_LANGUAGE) -> alt.Chart:
    """Counts of n draws at T beside the expected counts n·p, as paired bars.

    ``by_stop`` is :func:`tempviz.frames.samples_frame` (top classes) at every stop,
    with a ``stop`` column.
    """
    drawn, expected = text("chart.drawn", lang, count=n), text("chart.expected", lang)
    columns = ["stop", "label", "series", "count"]
    long = pd.concat([by_stop.assign(series=drawn, count=by_stop["drawn"].astype(float))[columns],
                      by_stop.assign(series=expected, count=by_stop["expected"])[columns]])
    layout = BarLayout(by_stop.loc[by_stop["stop"] == by_stop["stop"].iloc[0], "label"], style)
    return styled(stops.shown(alt.Chart(long)).mark_bar().encode(
        **layout.encode("count:Q", title=text("chart.count", lang)),
        **layout.offset("series:N", [drawn, expected]),
        color=alt.Color("series:N", title=None, sort=[drawn, expected],
                        scale=alt.Scale(domain=[drawn, expected], range=[DRAWN, EXPECTED]),
                        legend=alt.Legend(orient="top")),
        **tooltips(style, [alt.Tooltip("label:N", title=text("chart.class", lang)),
                           alt.Tooltip("series:N", title=" "),
                           alt.Tooltip("count:Q", format=",.1f")]),
    ).add_params(stops.param).properties(
        title=stops.title(text("chart.samples_title", lang, count=n),
                          text("chart.samples_subtitle", lang)),
        height=layout.height), style)


def live_spec(left: dict, right: dict, index: int, count: int, width: int,
              lang: str = DEFAULT_LANGUAGE) -> dict:
    """Two charts' specs side by side, sharing ``stop``, bound to a slider in the chart:
    dragging it redraws both at once in the browser, with no round trip to Python.
    The slider runs over the ``count`` stops the specs hold data for, from ``index``.

    >>> spec = live_spec({"mark": "bar"}, {"mark": "line"}, 0, 91, 300)
    >>> spec["params"][0]["bind"]["input"], spec["hconcat"][0]["width"]
    ('range', 300)
    """
    return {
        "$schema": left.get("$schema"),
        "params": [{"name": "stop", "value": index,
                    "bind": {"input": "range", "min": 0, "max": count - 1,
                             "step": 1, "name": text("chart.live_slider", lang)}}],
        "hconcat": [_without_stop_param(left) | {"width": width},
                    _without_stop_param(right) | {"width": width}],
        "config": left.get("config", {}),
        "datasets": {**left.get("datasets", {}), **right.get("datasets", {})},
        "autosize": {"type": "pad"},  # "fit" works for single views only
    }


def at_stop(spec: dict, index: int) -> dict:
    """The spec showing another stop: only the parameter's value changes.

    >>> at_stop({"params": [{"name": "stop", "value": 0}], "mark": "bar"}, 3)["params"]
    [{'name': 'stop', 'value': 3}]
    """
    params = [p | {"value": index} if p.get("name") == "stop" else p
              for p in spec.get("params", [])]
    return spec | {"params": params}


def _without_stop_param(spec: dict) -> dict:
    view = {key: value for key, value in spec.items()
            if key not in ("$schema", "config", "datasets", "params")}
    others = [p for p in spec.get("params", []) if p.get("name") != "stop"]
    return view | ({"params": others} if others else {})


def tooltips(style: Style, fields: list[alt.Tooltip]) -> dict:
    """The tooltip encoding, or none on a slide, where nobody can hover."""
    return {"tooltip": fields} if style.tooltips else {}


def styled(chart: alt.TopLevelMixin, style: Style) -> alt.TopLevelMixin:
    """Fonts and contrast for the style; the screen style keeps the host's theme.

    >>> styled(alt.Chart().mark_point(), SLIDE).to_dict()["config"]["axis"]["labelFontSize"]
    22
    """
    if style is SCREEN:  # the host's theme decides the rest, light or dark
        return chart.configure_title(subtitleColor=REFERENCE)
    return chart.configure(background="white", font="Liberation Sans").configure_axis(
        labelFontSize=style.font_size, titleFontSize=style.font_size, labelColor=INK,
        titleColor=INK, domainColor=INK, tickColor=INK, domainWidth=2, gridColor="#DDDDDD",
        tickCount=6,
    ).configure_legend(labelFontSize=style.font_size, labelColor=INK, symbolSize=style.point_size,
                       labelLimit=600).configure_title(
        fontSize=style.title_size, subtitleFontSize=style.font_size, color=INK,
        subtitleColor=INK, anchor="start", offset=style.font_size,
    ).configure_view(stroke=None)


def describe_distribution(frame: pd.DataFrame, temperature: float,
                          lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for the probability chart: every class with its probability.

    >>> describe_distribution(pd.DataFrame({"label": ["a", "b"], "probability": [0.25, 0.75]}), 1)
    'Bar chart of probabilities at T = 1: a 0.250, b 0.750.'
    """
    pairs = ", ".join(f"{label} {format_probability(p)}"
                      for label, p in zip(frame["label"], frame["probability"]))
    return text("alt.distribution", lang, phrase=temperature_phrase(temperature), pairs=pairs)


def describe_entropy(temperature: float, current_entropy: float, hot_entropy: float,
                     unit: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for the entropy chart; ``unit`` is "bits" or "nats".

    >>> describe_entropy(1, 0.5, 1.585, "bits")
    'Line chart: entropy rises with temperature towards 1.585 bits; at T = 1 it is 0.500 bits.'
    """
    return text("alt.entropy", lang, hot=format_measure(hot_entropy),
                unit=text(f"unit.{unit}", lang), phrase=temperature_phrase(temperature),
                current=format_measure(current_entropy))


def describe_samples(frame: pd.DataFrame, n: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for the samples chart: drawn and expected count per class.

    >>> describe_samples(pd.DataFrame({"label": ["a"], "drawn": [9], "expected": [10.0]}), 10)
    'Paired bars of 10 samples: a drawn 9, expected 10.0.'
    """
    pairs = ", ".join(text("alt.sample_pair", lang, label=label, drawn=d, expected=e)
                      for label, d, e in zip(frame["label"], frame["drawn"], frame["expected"]))
    return text("alt.samples", lang, count=n, pairs=pairs)


def describe_classes(sweep: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for the class chart: each class at the ends of the range.

    >>> describe_classes(pd.DataFrame({"temperature": [0.01, 0.01, 100, 100],
    ...                                "label": ["a", "b", "a", "b"],
    ...                                "probability": [1.0, 0.0, 0.51, 0.49]}))
    'Lines of each class across T from 0.01 to 100: a 1 to 0.510, b 0 to 0.490.'
    """
    first, last = sweep["temperature"].min(), sweep["temperature"].max()
    start, end = (sweep[sweep["temperature"] == t] for t in (first, last))
    pairs = ", ".join(text("alt.class_pair", lang, label=label, start=format_probability(a),
                           end=format_probability(b))
                      for label, a, b in zip(start["label"], start["probability"],
                                             end["probability"]))
    return text("alt.classes", lang, first=format_temperature(first),
                last=format_temperature(last), pairs=pairs)

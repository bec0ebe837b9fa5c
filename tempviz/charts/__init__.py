"""Altair charts of a :class:`tempviz.scene.Scene`, for the page, notebooks and slides.

Each builder takes the scene's numbers and keyword-only options and returns an Altair
chart, so the same object is shown by Streamlit, displayed in Jupyter and exported to
files. Chart data holds numbers and ids only (a class's rank, a series key); every word
(class labels, "3 others", legend entries, value labels) is written by expressions
added here, in the reader's language, so a language switch reuses the data.
Colours come from the Okabe–Ito palette, which colour-blind viewers can tell apart;
every series also differs in shape or in its legend text, never in colour alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import altair as alt
import numpy as np
import pandas as pd

from tempviz.frames import format_measure, format_probability
from tempviz.i18n import DEFAULT_LANGUAGE, SUPERSCRIPT, TIMES, decimal_sign, listed, number, text
from tempviz.scene import Scene
from tempviz.temperature import HIGHEST, LOWEST, format_temperature

CURRENT = "#0072B2"     # blue: the distribution at the chosen T
REFERENCE = "#8C8C8C"   # mid grey outline, the same logits at T = 1: reads on light and dark
DRAWN = "#E69F00"       # orange: what sampling produced
EXPECTED = "#56B4E9"    # sky blue: the expected counts, the exact n·p
MARKER = "#D55E00"      # vermilion: where the chosen T sits on a curve
LIMIT = "#009E73"       # bluish green: the T → 0 and T → ∞ limits
INK = "#111111"         # text and axes on slides: near-black on white for projectors
LABEL_CHARACTERS = 60   # a class label longer than this is shortened in charts
LABEL_ROOM = 0.08       # a label's height, as a share of the probability axis


@dataclass(frozen=True)
class Ink:
    """Colours of words drawn on a chart, each at least 4.5:1 against the background:
    the Okabe–Ito hues of the marks themselves are too light on white or too dark on
    a dark page for small text, so words get a darker or a lighter shade of the same hue."""

    current: str
    marker: str
    limit: str
    subtitle: str
    text: str  # titles, axes and legends


ON_LIGHT = Ink(current="#0072B2", marker="#B34700", limit="#007A5A", subtitle="#6B6B6B",
               text="#31333F")
ON_DARK = Ink(current="#56B4E9", marker="#FF8A50", limit="#3DDC97", subtitle="#A6A6A6",
              text="#E6E6E6")


@dataclass(frozen=True)
class Style:
    """Sizes that differ between the screen and a projected slide, and the ink for the
    background: a slide is always white; the screen follows the host's light or dark
    theme (``themed``)."""

    font_size: int
    title_size: int
    line_width: float
    point_size: int
    height: int
    width: int  # CSS pixels a chart is usually laid out in: a page column, or a slide
    legend_width: int  # what a legend's row may take: above a phone's plot, or a slide's
    tooltips: bool
    themed: bool
    ink: Ink = ON_LIGHT
    own_sizes: bool = False  # on the host's theme, with this style's font sizes over its own


# Exported slides are drawn by vl-convert in DejaVu Sans, shipped in tempviz/fonts (see
# tempviz.export): its own Liberation Sans has no superscript minus, and a text holding
# "10⁻¹⁸" would fall back to a serif face for every one of its letters.
SLIDE_FONT = "DejaVu Sans"
SCREEN = Style(font_size=13, title_size=15, line_width=3, point_size=140, height=330,
               width=400, legend_width=310, tooltips=True, themed=True)
SCREEN_DARK = replace(SCREEN, ink=ON_DARK)
SLIDE = Style(font_size=20, title_size=26, line_width=5, point_size=360, height=420,
              width=960, legend_width=760, tooltips=False, themed=False)
# The presenter view: a slide's sizes on the page's own background, light or dark, two
# charts side by side on a 1280×720 projector with every word at 18 px or more
PROJECTOR = replace(SLIDE, height=400, width=600, legend_width=560, themed=True,
                    own_sizes=True)
PROJECTOR_DARK = replace(PROJECTOR, ink=ON_DARK)


def temperature_phrase(temperature: float, lang: str = DEFAULT_LANGUAGE,
                       applied: float | None = None) -> str:
    """How a chart title names T, limits included, in the language's decimal sign; with
    the T dynamic temperature ``applied`` in its place, when that differs.

    >>> temperature_phrase(0.1), temperature_phrase(0), temperature_phrase(math.inf)
    ('T = 0.1', 'T → 0', 'T → ∞')
    >>> temperature_phrase(0.1, "ru"), temperature_phrase(1, "en", 0.8312)
    ('T = 0,1', 'T = 1, T_dyn = 0.831')
    """
    if applied is not None and applied != temperature:
        written = format_temperature(applied).replace('.', decimal_sign(lang))
        return f"{temperature_phrase(temperature, lang)}, T_dyn = {written}"
    if temperature == 0:
        return "T → 0"
    if math.isinf(temperature):
        return "T → ∞"
    return f"T = {format_temperature(temperature).replace('.', decimal_sign(lang))}"


def vega_locale(lang: str) -> dict:
    """Vega's number locale for a language, so axes, labels and ``format()`` in chart
    expressions write numbers as the page does (in the browser and in vl-convert).

    >>> vega_locale("ru")["number"]["decimal"], vega_locale("ru")["number"]["percent"]
    (',', '\xa0%')
    """
    return {"number": {"decimal": decimal_sign(lang), "thousands": number(1000, ",", lang)[1],
                       "grouping": [3], "currency": ["", ""],
                       "percent": number(0, ".0%", lang).removeprefix("0")}}


def _literal(value: object) -> str:
    """A Python value as a Vega expression literal: JSON is valid there."""
    return json.dumps(value, ensure_ascii=False)


def _lookup(values: list, index: str) -> str:
    """A Vega expression reading ``values[index]``."""
    return f"{_literal(values)}[{index}]"


def _choose(keys: dict[str, str], field: str) -> str:
    """A Vega expression mapping each key in ``field`` to its text."""
    expression = _literal(next(iter(keys.values())))
    for key, shown in list(keys.items())[1:]:
        expression = f"{field} == {_literal(key)} ? {_literal(shown)} : {expression}"
    return expression


def rows(frame: pd.DataFrame) -> alt.InlineData:
    """A frame as a chart's inline data: the JSON Altair would write, without its
    5,000-row guard, which a chart holding every stop passes by design (91 stops × 51
    bars × 2 series) and whose size the bar count already bounds.

    >>> rows(pd.DataFrame({"stop": [0, 1], "p": [0.5, float("nan")]})).values
    [{'stop': 0, 'p': 0.5}, {'stop': 1, 'p': None}]
    """
    return alt.InlineData(values=alt.utils.data.to_values(frame)["values"])


def class_names(labels: list[str], others: int, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The names charts give their classes, by rank: the labels (shortened when long),
    then "N others" when ``others`` classes are summed.

    >>> class_names(["a", "b"], 3)
    ['a', 'b', '3 others']
    """
    names = [label if len(label) <= LABEL_CHARACTERS else label[:LABEL_CHARACTERS - 1] + "…"
             for label in labels]
    return names + ([text("chart.others", lang, count=others)] if others else [])


class BarLayout:
    """Where classes and values go: classes along x, or down y when labels are long.

    Chat replies as labels read best as horizontal bars; z1, z2, z3 as vertical ones.

    >>> BarLayout(["z1", "z2"]).horizontal
    False
    >>> BarLayout(["I'm fine, thank you!", "Banana."]).horizontal
    True
    """

    def __init__(self, names: list[str], style: Style = SCREEN):
        self.names = names
        self.horizontal = max(map(len, names)) > 8 or len(names) > 12
        self.classes_on, self.values_on = ("y", "x") if self.horizontal else ("x", "y")
        # long labels take the width beside the bars: the labels stop at about two
        # fifths of it (a chatbot reply, 33 letters of DejaVu Sans on a slide, fits), and
        # the legend stacks its entries (see legend_columns)
        self.label_limit = round(0.42 * style.width)
        self.style = style
        # the height holds titles, legend and axis too (autosize "fit"): each class gets
        # a row a label and a gap tall, besides what they take (about 16 letters' heights)
        row, around = 1.6 * style.font_size, 16 * style.font_size
        self.height = max(style.height, round(row * len(names) + around)) if (
            self.horizontal) else style.height
        shift = style.font_size // 2
        self.text_offset = {"dx": shift, "align": "left"} if self.horizontal else {"dy": -shift}

    def legend_columns(self, entries: Iterable[str]) -> int:
        """0 (the entries in one row) when they fit side by side above a phone's plot,
        else 1 (stacked): Vega-Lite never wraps a legend, and a row too long runs past
        the chart's edge, cut off. Beside horizontal bars they always stack.

        >>> layout = BarLayout(["z1", "z2"])
        >>> layout.legend_columns(["chosen T", "T = 1 (reference)"])
        0
        >>> layout.legend_columns(["drawn (100,000 samples)", "expected n·p"])
        1
        """
        # a letter is at most 0.55 font sizes wide (Cyrillic; Latin 0.5), an entry's
        # symbol and gaps 3 more
        width = sum((0.55 * len(entry) + 3) * self.style.font_size for entry in entries)
        return 1 if self.horizontal or width > self.style.legend_width else 0

    def encode(self, value: str, **value_options) -> dict:
        """Encodings for the class channel (by rank, named) and one value channel."""
        channel = {"x": alt.X, "y": alt.Y}
        return {
            self.classes_on: channel[self.classes_on](
                "rank:O", sort="ascending", title=None,
                # every class named, each by its own bar: Vega drops ordinal labels it
                # finds crowded (well before they touch; the height keeps them apart), and
                # Streamlit's theme pushes the end labels inward, off their bars
                axis=alt.Axis(labelExpr=_lookup(self.names, "datum.value"),
                              labelLimit=self.label_limit, labelAngle=0, labelOverlap=False,
                              labelFlush=False)),
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
    another T by changing one number in the spec (or by binding the parameter to its
    own temperature control).

    >>> stops = Stops([0.0, 0.1, math.inf], index=1)
    >>> stops.phrase_expr, stops.temperature
    ('["T → 0", "T = 0.1", "T → ∞"][stop]', 0.1)
    """

    def __init__(self, temperatures: list[float], index: int, lang: str = DEFAULT_LANGUAGE):
        self.temperatures, self.index = list(temperatures), index
        self.param = alt.param(name="stop", value=index)
        self.phrase_expr = _lookup([temperature_phrase(t, lang) for t in temperatures], "stop")
        on_axis = [min(max(t, LOWEST), HIGHEST) for t in temperatures]
        self.left_expr = _lookup([bool(t < 3) for t in on_axis], "stop")

    @property
    def temperature(self) -> float:
        return self.temperatures[self.index]

    def shown(self, chart: alt.Chart) -> alt.Chart:
        """The chart's rows at the chosen stop only. The comparison is JavaScript's loose
        ``==`` on purpose: an input element bound to the parameter hands it text ("45"),
        and Arrow data may hold the stop as a BigInt (45n); both equal 45 loosely."""
        return chart.transform_filter(f"datum.stop == {self.param.name}")

    def title(self, prefix: str, subtitle: str, suffix: str = "''") -> alt.Title:
        """A title naming the stop's T after ``prefix``, then ``suffix`` (an expression)."""
        return alt.Title(alt.expr(f"{_literal(prefix)} + {self.phrase_expr} + {suffix}"),
                         subtitle=subtitle)


def bar_frame(scene: Scene, bars: int) -> pd.DataFrame:
    """The bars at every stop, long format: the ``bars`` classes of highest logit and
    one row summing all the others, numbered by ``rank`` in the order shown (every
    class in its own order when they all fit: see :meth:`Scene.columns`).

    >>> from tempviz import parse_logits
    >>> from tempviz.scene import build_scene
    >>> frame = bar_frame(build_scene(parse_logits("1, 2, 5"), [1.0]), 2)
    >>> frame[["rank", "probability"]].round(3).to_dict("list")
    {'rank': [0, 1, 2], 'probability': [0.936, 0.047, 0.017]}
    >>> bar_frame(build_scene(parse_logits("1, 2, 5"), [1.0]), 3)["probability"].round(3).tolist()
    [0.017, 0.047, 0.936]
    """
    kept, others = scene.columns(bars)

    def grouped(values: np.ndarray) -> np.ndarray:
        """The kept columns, then one summing every other column (the others)."""
        head = values[:, kept]
        if not others:
            return head
        rest = np.ones(values.shape[1], dtype=bool)
        rest[kept] = False
        return np.column_stack([head, values[:, rest].sum(axis=1)])

    probability = grouped(scene.probability)
    before = grouped(scene.before_cuts)
    complement = grouped(scene.complement)
    if others:  # 1 − (the others' total) is the shown classes' total, exactly
        complement[:, -1] = probability[:, :-1].sum(axis=1)
    stops, columns = probability.shape
    return pd.DataFrame({
        "stop": np.repeat(np.arange(stops), columns),
        "rank": np.tile(np.arange(columns), stops),
        "probability": probability.ravel(),
        "complement": complement.ravel(),
        "before_cuts": before.ravel(),
        "reference": np.tile(grouped(scene.reference[None, :])[0], stops),
        "cut": ((probability == 0) & (before > 0)).ravel(),
        "drawn": grouped(scene.drawn).ravel(),
        "expected": (scene.samples * probability).ravel(),
    })


def scientific_text(value: str, lang: str, spec: str = ".1e") -> str:
    """A Vega expression writing ``value`` times a power of ten as
    :func:`tempviz.i18n.number` does (4,2·10⁻¹⁸, 4.2×10⁻¹⁸, 10⁻¹⁸ for a mantissa of 1):
    Vega's ``format`` writes "4.2e-18" (with the locale's decimal sign), and the exponent
    is written again in superscript digits, a character at a time.

    >>> scientific_text("datum.p", "ru").count("replace(")
    12
    """
    written = f"split(format({value}, {_literal(spec)}), 'e')"
    exponent = f"{written}[1]"
    # d3-format writes its minus as U+2212 and drops nothing else; a "+" has no place
    for plain, raised in [("[-−]", "⁻"), ("[+]", ""),
                          *((digit, digit.translate(SUPERSCRIPT)) for digit in "0123456789")]:
        exponent = f"replace({exponent}, regexp({_literal(plain)}, 'g'), {_literal(raised)})"
    mantissa = f"{written}[0]"
    return (f"({mantissa} == '1' ? '' : {mantissa} + {_literal(TIMES[lang])}) + '10' + "
            f"{exponent}")


def precise_text(value: str, lang: str) -> str:
    """A Vega expression writing ``value`` with four significant digits for a tooltip,
    times a power of ten below 0.001 (as :func:`scientific_text`).

    >>> precise_text("datum.p", "en").startswith("datum.p != 0 && abs(datum.p) < 0.001 ?")
    True
    """
    return (f"{value} != 0 && abs({value}) < 0.001 ? {scientific_text(value, lang, '.3~e')} : "
            f"format({value}, '.4~g')")


def _probability_text(lang: str) -> str:
    """A Vega expression writing a bar's probability as :func:`format_probability` does:
    three decimals, scientific when tiny, "1 − ε" near 1, "cut" when a cut removed it."""
    small = scientific_text("datum.probability", lang)
    near_one = f"'1 − ' + {scientific_text('datum.complement', lang)}"
    return (f"datum.cut ? {_literal(text('chart.cut', lang))} : "
            f"datum.complement == 0 ? '1' : datum.complement < 0.001 ? {near_one} : "
            f"datum.probability == 0 ? '0' : datum.probability < 0.001 ? {small} : "
            f"format(datum.probability, '.3f')")


def probability_chart(frame: pd.DataFrame, names: list[str], stops: Stops, *,
                      filtered: bool = False, log_scale: bool = False,
                      style: Style = SCREEN, lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """Bars of the final probabilities, values on them, and a dashed outline: the same
    logits at T = 1 or, when cuts are on (``filtered``), the distribution before the
    cuts, so the survivors' growth shows their renormalisation. Cut tokens read "cut".

    ``frame`` is :func:`bar_frame`; ``names`` names its ranks (:func:`class_names`).
    With ``log_scale`` the probability axis is logarithmic, so 4e-18 shows as a bar.
    """
    series = {"chosen": text("chart.chosen", lang),
              "outline": text("chart.before_cuts" if filtered else "chart.reference", lang)}
    outline = frame["before_cuts"] if filtered else frame["reference"]
    columns = ["stop", "rank", "series", "value", "outline", "probability", "complement", "cut"]
    long = pd.concat([frame.assign(series="chosen", value=frame["probability"],
                                   outline=outline)[columns],
                      frame.assign(series="outline", value=outline, outline=outline)[columns]])
    subtitle = text("chart.probability_subtitle_cuts" if filtered
                    else "chart.probability_subtitle", lang)
    suffix = "''"
    if log_scale:
        long["value"] = long["value"].where(long["value"] > 0)  # log 0 has no place on the axis
        floors = log_floors(long)
        scale = alt.Scale(type="log", domain=alt.ExprRef(f"[{_lookup(floors, 'stop')}, 1]"),
                          clamp=True)
        # Vega's own log ticks read "1e-18"
        axis = {"axis": alt.Axis(labelExpr=f"datum.value >= 0.001 ? format(datum.value, '~g') "
                                           f": {scientific_text('datum.value', lang, '.0e')}")}
        suffix = (f"{_literal(text('chart.log_floor', lang))} + "
                  f"{scientific_text(_lookup(floors, 'stop'), lang, '.0e')} + ')'")
        # a label sits on its bar, unless the outline's top is less than a label's height
        # above it: then above the outline, not on its dashed line
        room = f"datum.outline / datum.probability < pow(10, {LABEL_ROOM} * " \
               f"log({_lookup(floors, 'stop')}) / -log(10))"
    else:
        scale, axis = alt.Scale(domain=[0, 1]), {}
        room = f"datum.outline - datum.probability < {LABEL_ROOM}"
    layout = BarLayout(names, style)
    # fill, stroke and dash by series share one legend, whose swatches then look like
    # the bars: a filled bar for the chosen T, a dashed outline for the other
    domain = list(series)
    legend = alt.Legend(orient="top", columns=layout.legend_columns(series.values()),
                        labelExpr=_choose(series, "datum.value"), symbolOpacity=1,
                        symbolType="square",
                        symbolStrokeWidth=max(2.0, style.line_width / 2))
    dash = [3 * style.line_width, 1.5 * style.line_width]
    by_series = {
        "fill": alt.Fill("series:N", title=None, sort=domain, legend=legend, scale=alt.Scale(
            domain=domain, range=[CURRENT, "transparent"])),
        "stroke": alt.Stroke("series:N", title=None, sort=domain, legend=legend,
                             scale=alt.Scale(domain=domain, range=[CURRENT, REFERENCE])),
        "strokeDash": alt.StrokeDash("series:N", title=None, sort=domain, legend=legend,
                                     scale=alt.Scale(domain=domain, range=[[1, 0], dash]))}
    base = stops.shown(alt.Chart(rows(long))).transform_calculate(
        label=_lookup(names, "datum.rank"), series_name=_choose(series, "datum.series"),
        shown=_probability_text(lang), value_text=precise_text("datum.value", lang),
        label_at=f"datum.outline > datum.probability && {room} ? datum.outline : datum.value",
    ).encode(
        **layout.encode("value:Q", scale=scale, title=text("chart.probability", lang), **axis),
        **by_series,
        **tooltips(style, [alt.Tooltip("label:N", title=text("chart.class", lang)),
                           alt.Tooltip("series_name:N", title=text("chart.at", lang)),
                           alt.Tooltip("value_text:N", title=text("chart.probability", lang))]),
    )
    bars = base.transform_filter(alt.datum.series == "chosen").mark_bar(opacity=0.9,
                                                                         strokeWidth=0)
    outline_bars = base.transform_filter(alt.datum.series == "outline").mark_bar(
        strokeWidth=style.line_width * 2 / 3)
    labels = base.transform_filter(alt.datum.series == "chosen").mark_text(
        fontSize=style.font_size, **layout.text_offset).encode(
        **layout.encode("label_at:Q", scale=scale), text="shown:N",
        fill=alt.value(style.ink.current), stroke=alt.value(None), strokeDash=alt.value([1, 0]))
    return styled(alt.layer(bars, outline_bars, labels).add_params(stops.param).properties(
        title=stops.title(text("chart.probability_title", lang), subtitle, suffix),
        height=layout.height), style, lang)


def log_floors(long: pd.DataFrame) -> list[float]:
    """The floor of the log probability axis at each stop: the power of ten at or below
    the smallest value shown there, so a 4e-18 bar at T = 0.1 is measured against 1e-18,
    not against the 1e-170 of T = 0.01.

    >>> log_floors(pd.DataFrame({"stop": [0, 0, 1], "value": [0.5, 4.2e-18, float("nan")]}))
    [1e-18, 0.001]
    """
    smallest = long.groupby("stop")["value"].min()
    return [10.0 ** math.floor(math.log10(max(value, 1e-300))) if value > 0 else 1e-3
            for value in smallest.reindex(range(int(long["stop"].max()) + 1)).fillna(0)]


def entropy_frames(scene: Scene, base: float | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The entropy curve over the range, and the entropy at each stop (a limit T placed
    at the end of the axis on its side), in the unit of ``base``."""
    curve = pd.DataFrame({"temperature": scene.curve_temperatures,
                          "entropy": scene.unit_entropy(scene.curve_entropy, base)})
    marks = pd.DataFrame({"stop": np.arange(len(scene.temperatures)),
                          "temperature": np.clip(scene.temperatures, LOWEST, HIGHEST),
                          "entropy": scene.unit_entropy(scene.entropy, base)})
    return curve, marks


def _measure_text(field: str, lang: str) -> str:
    """A Vega expression writing a measure as :func:`format_measure` does."""
    return (f"{field} == 0 ? '0' : {field} < 0.001 ? {scientific_text(field, lang)} : "
            f"format({field}, '.3f')")


def entropy_chart(curve: pd.DataFrame, marks: pd.DataFrame, stops: Stops, *,
                  cold_entropy: float, hot_entropy: float, unit: str,
                  style: Style = SCREEN, lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """Entropy H(T) on a log-T axis, the chosen T marked, the two limits as lines.

    ``curve`` and ``marks`` are :func:`entropy_frames`; the limits are the entropies
    at T = 0 (0, or log m for m tied maxima) and T = ∞ (log K), in the same ``unit``.
    """
    unit_name = text(f"unit.{unit}", lang)
    if math.isclose(cold_entropy, hot_entropy, abs_tol=1e-12):  # one line: one label
        limits = pd.DataFrame({"entropy": [hot_entropy], "text": [text(
            "chart.both_limits", lang, value=format_measure(hot_entropy, lang), unit=unit_name)]})
    else:
        limits = pd.DataFrame({
            "entropy": [cold_entropy, hot_entropy],
            "text": [text(f"chart.{side}_limit", lang, value=format_measure(value, lang),
                          unit=unit_name)
                     for side, value in (("cold", cold_entropy), ("hot", hot_entropy))]})
    top = hot_entropy * 1.25 if hot_entropy > 0 else 1.0  # a row for the marker's words
    x = temperature_axis(lang)
    y = alt.Y("entropy:Q", title=text("chart.entropy_axis", lang, unit=unit_name),
              scale=alt.Scale(domain=[0, top]), axis=alt.Axis(labelFlush=False))
    thin, size = style.line_width * 2 / 3, style.font_size
    line = alt.Chart(rows(curve)).mark_line(color=CURRENT, strokeWidth=style.line_width).encode(
        x=x, y=y, **tooltips(style, [alt.Tooltip("temperature:Q", title="T", format=".3~g"),
                                     alt.Tooltip("entropy:Q", title="H", format=".4f")]))
    limit_rules = alt.Chart(rows(limits)).mark_rule(
        color=LIMIT, strokeDash=[3 * thin, 2 * thin], strokeWidth=thin).encode(y="entropy:Q")
    # at the right end, where the curve is near the hot limit and far from the cold one
    limit_text = alt.Chart(rows(limits)).mark_text(
        align="right", dx=-size // 3, dy=-size * 0.6, color=style.ink.limit,
        fontSize=size - 1).encode(x=alt.value("width"), y="entropy:Q", text="text:N")
    marker = stops.shown(alt.Chart(rows(marks))).transform_calculate(
        text=f"{stops.phrase_expr} + ': H = ' + ({_measure_text('datum.entropy', lang)}) + "
             f"{_literal(' ' + unit_name)}", top=f"{top}")
    # a drop line from the curve down to the axis, so it never crosses the words above
    rule = marker.mark_rule(color=MARKER, strokeWidth=thin).encode(x=x, y=y, y2=alt.datum(0))
    point = marker.mark_point(
        color=MARKER, filled=True, opacity=1, size=style.point_size, shape="diamond"
    ).encode(x=x, y=y)
    # the words: top left, above the hot limit's line, where the curve never comes
    words = marker.mark_text(
        align="left", baseline="top", dx=size // 3, dy=size * 0.4, color=style.ink.marker,
        fontSize=size, fontWeight="bold").encode(
        x=alt.value(0), y=alt.Y("top:Q", scale=alt.Scale(domain=[0, top])), text="text:N")
    return styled(alt.layer(limit_rules, limit_text, line, rule, point, words).add_params(
        stops.param).properties(
        title=alt.Title(text("chart.entropy_title", lang),
                        subtitle=text("chart.entropy_subtitle", lang)),
        height=style.height), style, lang)


def temperature_axis(lang: str = DEFAULT_LANGUAGE) -> alt.X:
    """The log-T axis over the slider's range, with a tick at every decade."""
    return alt.X("temperature:Q", title=text("chart.temperature_axis", lang),
                 scale=alt.Scale(type="log", domain=[LOWEST, HIGHEST]),
                 axis=alt.Axis(values=[0.01, 0.1, 1, 10, 100], format="~g"))


# Okabe–Ito without its vermilion (the T marker's, which no class may share) and with grey
# and wine for yellow: legible on a projector
CLASS_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#882255",
                 "#999999", "#000000"]
CLASS_DASHES = [[1, 0], [8, 4], [2, 3], [8, 3, 2, 3]]


def class_frame(scene: Scene) -> pd.DataFrame:
    """Each curve class's probability across the range, long format, by its position
    among the curves (``curve``)."""
    temperatures, curves = scene.curve_probability.shape
    return pd.DataFrame({
        "temperature": np.repeat(scene.curve_temperatures, curves),
        "curve": np.tile(np.arange(curves), temperatures),
        "probability": scene.curve_probability.ravel(),
    })


def class_chart(frame: pd.DataFrame, names: list[str], stops: Stops, *,
                classes: int | None = None, style: Style = SCREEN,
                lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """Each class's probability across the temperature range, the chosen T marked.

    ``frame`` is :func:`class_frame`, ``names`` its classes' names; when the logits
    have more ``classes`` than curves, the title says which are drawn. Classes differ in
    colour and in dash pattern, so they stay apart in greyscale and for colour-blind
    readers. With logits 0, 4, 5 the middle class first rises, then falls back to 1/3.
    """
    title, subtitle = text("chart.classes_title_at", lang), text("chart.classes_subtitle", lang)
    if (classes or 0) > len(names):
        title = text("chart.classes_top_title_at", lang)
        subtitle = text("chart.classes_top_subtitle", lang, shown=len(names), count=classes)
    curves = list(range(len(names)))
    x = temperature_axis(lang)
    lines = alt.Chart(rows(frame)).transform_calculate(
        label=_lookup(names, "datum.curve"),
        probability_text=precise_text("datum.probability", lang)).mark_line(
        strokeWidth=style.line_width * 2 / 3).encode(
        x=x, y=alt.Y("probability:Q", title=text("chart.probability", lang),
                     scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(labelFlush=False)),
        color=alt.Color("curve:N", title=None, sort=curves,
                        scale=alt.Scale(domain=curves, range=CLASS_COLOURS),
                        # long names in two columns, each cut to fit half the plot (about
                        # 0.41 of the width) beside its symbol
                        legend=alt.Legend(orient="bottom",
                                          labelLimit=round(0.41 * style.width
                                                           - 2.5 * style.font_size),
                                          columns=2 if max(map(len, names)) > 12 else 4,
                                          labelExpr=_lookup(names, "datum.value"))),
        strokeDash=alt.StrokeDash("curve:N", title=None, sort=curves,
                                  scale=alt.Scale(domain=curves, range=CLASS_DASHES)),
        **tooltips(style, [alt.Tooltip("label:N", title=text("chart.class", lang)),
                           alt.Tooltip("temperature:Q", title="T", format=".3~g"),
                           alt.Tooltip("probability_text:N",
                                       title=text("chart.probability", lang))]))
    marks = pd.DataFrame({"stop": range(len(stops.temperatures)),
                          "temperature": np.clip(stops.temperatures, LOWEST, HIGHEST)})
    marker = stops.shown(alt.Chart(rows(marks)))
    rule = marker.mark_rule(color=MARKER, strokeWidth=style.line_width * 2 / 3).encode(x=x)
    return styled(alt.layer(lines, rule).add_params(stops.param).properties(
        title=stops.title(title, subtitle),
        height=style.height), style, lang)


def samples_chart(frame: pd.DataFrame, names: list[str], stops: Stops, *, n: int,
                  style: Style = SCREEN, lang: str = DEFAULT_LANGUAGE) -> alt.Chart:
    """Counts of n draws at T beside the expected counts n·p, as paired bars.

    ``frame`` is :func:`bar_frame`, ``names`` names its ranks.
    """
    series = {"drawn": text("chart.drawn", lang, count=n),
              "expected": text("chart.expected", lang)}
    columns = ["stop", "rank", "series", "count"]
    long = pd.concat([frame.assign(series="drawn", count=frame["drawn"])[columns],
                      frame.assign(series="expected", count=frame["expected"])[columns]])
    layout = BarLayout(names, style)
    base = stops.shown(alt.Chart(rows(long))).transform_calculate(
        label=_lookup(names, "datum.rank"), series_name=_choose(series, "datum.series"),
    ).encode(
        **layout.encode("count:Q", title=text("chart.count", lang)),
        **layout.offset("series:N", list(series)),
        color=alt.Color("series:N", title=None, sort=list(series),
                        scale=alt.Scale(domain=list(series), range=[DRAWN, EXPECTED]),
                        legend=alt.Legend(orient="top",
                                         columns=layout.legend_columns(series.values()),
                                          labelExpr=_choose(series, "datum.value"))),
        **tooltips(style, [alt.Tooltip("label:N", title=text("chart.class", lang)),
                           alt.Tooltip("series_name:N", title=" "),
                           alt.Tooltip("count:Q", title=text("chart.count", lang),
                                       format=",.1f")]),
    )
    counts = base.transform_filter(alt.datum.series == "drawn").mark_text(
        fontSize=style.font_size * 0.9, **layout.text_offset).encode(
        text=alt.Text("count:Q", format=","), color=alt.value(style.ink.text))
    return styled(alt.layer(base.mark_bar(), counts).add_params(stops.param).properties(
        title=stops.title(text("chart.samples_title", lang, count=n),
                          text("chart.samples_subtitle", lang)),
        height=layout.height), style, lang)


def logits_subject(labels: list[str], values: np.ndarray, labelled: bool,
                   lang: str = DEFAULT_LANGUAGE, shown: int = 6) -> str:
    """The logits a chart is about, in one short line: a slide must say what it shows.

    >>> logits_subject(["z1", "z2", "z3"], np.array([1.0, 2.0, 5.0]), False)
    'logits 1, 2, 5'
    >>> logits_subject([f"z{i}" for i in range(1, 9)], np.arange(8.0), False, "ru")
    'логиты 0; 1; 2; 3; 4; 5; … (всего 8)'
    """
    def written(label: str, value: float) -> str:
        logit = "-∞" if value == -math.inf else number(value, ".6g", lang)
        short = label if len(label) <= 16 else label[:15] + "…"
        return f"{short}: {logit}" if labelled else logit

    items = [written(label, value) for label, value in zip(labels[:shown], values[:shown])]
    if len(labels) > shown:
        items.append(text("chart.subject_more", lang, count=len(labels)))
    return text("chart.subject", lang, logits=listed(items, lang))


def about(chart: alt.TopLevelMixin, subject: str) -> alt.TopLevelMixin:
    """The chart with ``subject`` as the first line of its subtitle."""
    title = chart.title
    lines = title.subtitle if isinstance(title.subtitle, list) else [title.subtitle]
    return chart.properties(title=alt.Title(title.text, subtitle=[subject, *lines]))


def at_stop(spec: dict, index: int) -> dict:
    """The spec showing another stop: only the parameter's value changes.

    >>> at_stop({"params": [{"name": "stop", "value": 0}], "mark": "bar"}, 3)["params"]
    [{'name': 'stop', 'value': 3}]
    """
    params = [p | {"value": index} if p.get("name") == "stop" else p
              for p in spec.get("params", [])]
    return spec | {"params": params}


def bound_to(spec: dict, element: str) -> dict:
    """The spec with its stop parameter bound to an input element elsewhere on the page
    (a CSS selector): moving that input redraws the chart in the browser, and every
    chart bound to the same input moves with it.

    >>> bound_to({"params": [{"name": "stop", "value": 0}]}, "#t")["params"]
    [{'name': 'stop', 'value': 0, 'bind': {'element': '#t'}}]
    """
    params = [p | {"bind": {"element": element}} if p.get("name") == "stop" else p
              for p in spec.get("params", [])]
    return spec | {"params": params}


def tooltips(style: Style, fields: list[alt.Tooltip]) -> dict:
    """The tooltip encoding, or none on a slide, where nobody can hover."""
    return {"tooltip": fields} if style.tooltips else {}


def styled(chart: alt.TopLevelMixin, style: Style, lang: str = DEFAULT_LANGUAGE
           ) -> alt.TopLevelMixin:
    """Fonts and contrast for the style, numbers in the language's symbols; the screen
    style keeps the host's theme.

    >>> styled(alt.Chart().mark_point(), SLIDE).to_dict()["config"]["axis"]["labelFontSize"]
    20
    """
    chart = chart.configure(locale=vega_locale(lang))
    if style.themed:  # the host's theme decides the rest, but words keep their contrast
        ink = style.ink
        sizes = {"labelFontSize": style.font_size, "titleFontSize": style.font_size} if (
            style.own_sizes) else {}
        chart = chart.configure_title(
            color=ink.text, subtitleColor=ink.subtitle, fontSize=style.title_size,
            **({"subtitleFontSize": style.font_size, "anchor": "start",
                "offset": style.font_size} if style.own_sizes else {}),
        ).configure_axis(labelColor=ink.text, titleColor=ink.text, **sizes).configure_legend(
            labelColor=ink.text, titleColor=ink.text, labelLimit=style.legend_width,
            **({"labelFontSize": style.font_size, "symbolSize": style.point_size}
               if style.own_sizes else {}))
        return chart.configure_view(stroke=None) if style.own_sizes else chart
    return chart.configure(background="white", font=SLIDE_FONT,
                           locale=vega_locale(lang)).configure_axis(
        labelFontSize=style.font_size, titleFontSize=style.font_size, labelColor=INK,
        titleColor=INK, domainColor=INK, tickColor=INK, domainWidth=2, gridColor="#DDDDDD",
        tickCount=6,
    ).configure_legend(labelFontSize=style.font_size, labelColor=INK, symbolSize=style.point_size,
                       labelLimit=style.legend_width).configure_title(
        fontSize=style.title_size, subtitleFontSize=style.font_size, color=INK,
        subtitleColor=INK, anchor="start", offset=style.font_size,
    ).configure_view(stroke=None)


def describe_distribution(names: list[str], probabilities: np.ndarray,
                          complements: np.ndarray, temperature: float,
                          lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for the probability chart: every bar with its probability.

    >>> describe_distribution(["a", "b"], np.array([0.25, 0.75]), np.array([0.75, 0.25]), 1)
    'Bar chart of probabilities at T = 1: a 0.250, b 0.750.'
    """
    pairs = listed((f"{name} {format_probability(p, c, lang)}"
                    for name, p, c in zip(names, probabilities, complements)), lang)
    return text("alt.distribution", lang, phrase=temperature_phrase(temperature, lang),
                pairs=pairs)


def describe_entropy(temperature: float, current_entropy: float, hot_entropy: float,
                     unit: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for the entropy chart; ``unit`` is "bits" or "nats".

    >>> describe_entropy(1, 0.5, 1.585, "bits")
    'Line chart: entropy rises with temperature towards 1.585 bits; at T = 1 it is 0.500 bits.'
    """
    return text("alt.entropy", lang, hot=format_measure(hot_entropy, lang),
                unit=text(f"unit.{unit}", lang), phrase=temperature_phrase(temperature, lang),
                current=format_measure(current_entropy, lang))


def describe_samples(names: list[str], drawn: np.ndarray, expected: np.ndarray, n: int,
                     lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for the samples chart: drawn and expected count per class.

    >>> describe_samples(["a"], np.array([9]), np.array([10.0]), 10)
    'Paired bars of 10 samples: a drawn 9, expected 10.0.'
    """
    pairs = listed((text("alt.sample_pair", lang, label=name, drawn=int(d), expected=float(e))
                    for name, d, e in zip(names, drawn, expected)), lang)
    return text("alt.samples", lang, count=n, pairs=pairs)


def describe_classes(scene: Scene, names: list[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for the class chart: each class at the ends of the range.

    >>> from tempviz import parse_logits
    >>> from tempviz.scene import build_scene
    >>> describe_classes(build_scene(parse_logits("0, 9"), [1.0]), ["a", "b"])
    'Lines of each class across T from 0.01 to 100: a 0 to 0.478, b 1 to 0.522.'
    """
    first, last = scene.curve_probability[0], scene.curve_probability[-1]
    pairs = listed((text("alt.class_pair", lang, label=name, start=format_probability(a, lang=lang),
                         end=format_probability(b, lang=lang))
                    for name, a, b in zip(names, first, last)), lang)
    return text("alt.classes", lang, first=float(scene.curve_temperatures[0]),
                last=float(scene.curve_temperatures[-1]), pairs=pairs)


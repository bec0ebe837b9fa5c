"""The charts of "Temperature in practice": reliability, NLL over T, soft targets, dark knowledge.

Each holds its numbers at every position of a log-scale dial (:mod:`tempviz.practice`)
and shows the one its ``stop`` parameter names, as the stage's charts do: bound to the
page's dial they follow it in the browser; :func:`tempviz.charts.at_stop` shows another
position for a file. Every word is written here in the reader's language.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from tempviz.charts import (
    CURRENT,
    DRAWN,
    LIMIT,
    MARKER,
    REFERENCE,
    SCREEN,
    BarLayout,
    Stops,
    Style,
    _choose,
    _lookup,
    rows,
    styled,
    temperature_axis,
    temperature_phrase,
    tooltips,
)
from tempviz.i18n import DEFAULT_LANGUAGE, listed, number, text
from tempviz.practice import Calibration, Distillation

# The part's charts, in the order the page shows them and a download folder lists them
CALIBRATION_CHARTS = ("reliability", "nll")
DISTILLATION_CHARTS = ("soft_targets", "dark_knowledge")


def plain(x: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A non-negative measure (an NLL, an ECE, a loss) with three decimals, never in
    e-notation: below 0.001 it reads "< 0.001".

    >>> plain(0.30743), plain(2.3e-4), plain(0.0), plain(1234.5, "ru")
    ('0.307', '< 0.001', '0', '1\\xa0234,500')
    """
    if x == 0:
        return "0"
    if x < 0.0005:
        return f"< {number(0.001, '.3f', lang)}"
    return number(x, ",.3f", lang)


def share(x: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A share as a percentage with one decimal, never in e-notation.

    >>> share(0.2345), share(2e-9), share(0.0), share(0.5, "ru")
    ('23.4%', '< 0.1%', '0%', '50,0\\xa0%')
    """
    if x == 0:
        return number(0, ".0%", lang)
    if x < 0.0005:
        return f"< {number(0.001, '.1%', lang)}"
    return number(x, ".1%", lang)


def fitted_phrase(fitted: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """T* as the page writes it, with three significant digits.

    >>> fitted_phrase(2.560590541842448), fitted_phrase(2.560590541842448, "ru")
    ('T* = 2.56', 'T* = 2,56')
    """
    return f"T* = {number(fitted, '.3g', lang)}"


def reliability_frame(calibration: Calibration) -> pd.DataFrame:
    """The dots of the diagram: each non-empty bin before scaling (T = 1, ``before``) and
    at every dial position (``scaled``), and the diagonal's two ends (``ideal``)."""
    table = calibration.reliability[calibration.reliability["count"] > 0]
    before = table[table["stop"] == calibration.reference_stop].assign(series="before",
                                                                         stop=-1)
    ideal = pd.DataFrame({"confidence": [0.0, 1.0], "accuracy": [0.0, 1.0], "count": 0,
                          "stop": -1, "series": "ideal"})
    columns = ["series", "stop", "confidence", "accuracy", "count"]
    return pd.concat([ideal[columns], before[columns],
                      table.assign(series="scaled")[columns]], ignore_index=True)


def reliability_chart(calibration: Calibration, stops: Stops, *, style: Style = SCREEN,
                      lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """How often the classifier is right (y) against how sure it is (x), bin by bin:
    before scaling, and at the dial's T (T* at first). On the diagonal it is calibrated;
    below it, overconfident."""
    series = {"ideal": text("practice.series_ideal", lang),
              "before": text("practice.series_before", lang),
              "scaled": text("practice.series_scaled", lang)}
    domain = list(series)
    thin = style.line_width * 2 / 3
    # under the plot, stacked where a row would run past a phone's width; inside the
    # plot it would cover the dots of a narrow one
    legend = alt.Legend(orient="bottom", columns=BarLayout(["0"], style).legend_columns(
        series.values()), labelExpr=_choose(series, "datum.value"), symbolType="stroke",
        symbolStrokeWidth=thin)
    colour = alt.Scale(domain=domain, range=[REFERENCE, DRAWN, CURRENT])
    encoding = {
        "x": alt.X("confidence:Q", title=text("practice.confidence_axis", lang),
                   scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")),
        "y": alt.Y("accuracy:Q", title=text("practice.accuracy_axis", lang),
                   scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format=".0%")),
        "color": alt.Color("series:N", title=None, sort=domain, legend=legend, scale=colour),
        "strokeDash": alt.StrokeDash("series:N", title=None, sort=domain, legend=legend,
                                     scale=alt.Scale(domain=domain,
                                                     range=[[2, 3], [8, 4], [1, 0]])),
    }
    frame = alt.Chart(rows(reliability_frame(calibration))).transform_filter(
        f"datum.series != 'scaled' || datum.stop == {stops.param.name}")
    lines = frame.mark_line(strokeWidth=thin).encode(**encoding)
    # a dot's area says how many examples its bin holds: a bin of one is a small dot. The
    # dots fill with a scale of their own and no legend, so the legend is the lines'
    # alone and its symbols are lines, dashed as theirs are.
    dots = [frame.transform_filter(f"datum.series == '{key}'").mark_point(
        filled=True, opacity=1, shape=shape).encode(
        x=encoding["x"], y=encoding["y"],
        fill=alt.Fill("series:N", legend=None, scale=colour),
        size=alt.Size("count:Q", legend=None,
                      scale=alt.Scale(range=[style.point_size / 8, style.point_size])),
        **tooltips(style, [alt.Tooltip("confidence:Q", title=text("practice.confidence_axis",
                                                                  lang), format=".1%"),
                           alt.Tooltip("accuracy:Q", title=text("practice.accuracy_axis",
                                                                lang), format=".1%"),
                           alt.Tooltip("count:Q", title=text("practice.count", lang))]))
        for key, shape in (("before", "square"), ("scaled", "circle"))]
    return styled(alt.layer(lines, *dots).add_params(stops.param).properties(
        title=stops.title(text("practice.reliability_title", lang),
                          text("practice.reliability_subtitle", lang)),
        height=style.height + 3 * style.font_size), style, lang)  # room for the legend


def nll_chart(calibration: Calibration, stops: Stops, *, style: Style = SCREEN,
              lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """The held-out NLL across T on the stage's log-T axis (its own axis logarithmic
    too), the fitted T* marked where the curve is lowest, and the dial's T on it."""
    curve = pd.DataFrame({"stop": np.arange(len(calibration.temperatures)),
                          "temperature": calibration.temperatures, "nll": calibration.nll})
    x = temperature_axis(lang)
    y = alt.Y("nll:Q", title=text("practice.nll_axis", lang),
              scale=alt.Scale(type="log"), axis=alt.Axis(format="~g"))
    thin, size = style.line_width * 2 / 3, style.font_size
    line = alt.Chart(rows(curve)).mark_line(color=CURRENT, strokeWidth=style.line_width).encode(
        x=x, y=y, **tooltips(style, [alt.Tooltip("temperature:Q", title="T", format=".3~g"),
                                     alt.Tooltip("nll:Q", title=text("practice.nll", lang),
                                                 format=".3f")]))
    best = pd.DataFrame({"temperature": [calibration.fitted],
                         "text": [fitted_phrase(calibration.fitted, lang)]})
    best_rule = alt.Chart(rows(best)).mark_rule(
        color=LIMIT, strokeDash=[3 * thin, 2 * thin], strokeWidth=thin).encode(x=x)
    best_text = alt.Chart(rows(best)).mark_text(
        align="left", baseline="top", dx=size // 3, dy=size // 3, color=style.ink.limit,
        fontSize=size, fontWeight="bold").encode(x=x, y=alt.value(0), text="text:N")
    marker = stops.shown(alt.Chart(rows(curve)))
    drop = marker.mark_rule(color=MARKER, strokeWidth=thin).encode(x=x, y=y,
                                                                   y2=alt.value("height"))
    point = marker.mark_point(color=MARKER, filled=True, opacity=1, size=style.point_size,
                              shape="diamond").encode(x=x, y=y)
    return styled(alt.layer(line, best_rule, best_text, drop, point).add_params(
        stops.param).properties(
        title=alt.Title(text("practice.nll_title", lang),
                        subtitle=text("practice.nll_subtitle", lang)),
        height=style.height), style, lang)


def soft_target_frame(distillation: Distillation) -> pd.DataFrame:
    """The teacher's and the student's probability of each class at every position."""
    stops, classes = distillation.teacher.shape
    long = [pd.DataFrame({"stop": np.repeat(np.arange(stops), classes),
                          "rank": np.tile(np.arange(classes), stops), "series": who,
                          "probability": values.ravel()})
            for who, values in (("teacher", distillation.teacher),
                                ("student", distillation.student))]
    return pd.concat(long, ignore_index=True)


def soft_targets_chart(distillation: Distillation, names: list[str], stops: Stops, *,
                       style: Style = SCREEN, lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """The teacher's soft targets softmax(z / T) beside the student's distribution at
    the dial's T: the loss is how far the second is from the first."""
    series = {"teacher": text("practice.series_teacher", lang),
              "student": text("practice.series_student", lang)}
    layout = BarLayout(names, style)
    domain = list(series)
    bars = stops.shown(alt.Chart(rows(soft_target_frame(distillation)))).transform_calculate(
        label=_lookup(names, "datum.rank")).encode(
        **layout.encode("probability:Q", title=text("chart.probability", lang),
                        scale=alt.Scale(domain=[0, 1])),
        **layout.offset("series:N", domain),
        color=alt.Color("series:N", title=None, sort=domain,
                        scale=alt.Scale(domain=domain, range=[CURRENT, DRAWN]),
                        legend=alt.Legend(orient="top",
                                          columns=layout.legend_columns(series.values()),
                                          labelExpr=_choose(series, "datum.value"))),
        **tooltips(style, [alt.Tooltip("label:N", title=text("chart.class", lang)),
                           alt.Tooltip("probability:Q", title=text("chart.probability", lang),
                                       format=".4~f")]))
    return styled(alt.layer(bars.mark_bar()).add_params(stops.param).properties(
        title=stops.title(text("practice.soft_title", lang),
                          text("practice.soft_subtitle", lang)),
        height=layout.height), style, lang)


def dark_knowledge_chart(distillation: Distillation, stops: Stops, *, style: Style = SCREEN,
                         lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """The teacher's probability off its top class, 1 − p_max, across T: near 0 at a low
    T, where the soft targets are one-hot and teach no more than a label, rising as T
    spreads them over the other classes; the dial's T marked."""
    curve = pd.DataFrame({"stop": np.arange(len(distillation.temperatures)),
                          "temperature": distillation.temperatures, "dark": distillation.dark})
    x = temperature_axis(lang)
    y = alt.Y("dark:Q", title=text("practice.dark_axis", lang), scale=alt.Scale(domain=[0, 1]),
              axis=alt.Axis(format=".0%"))
    thin = style.line_width * 2 / 3
    line = alt.Chart(rows(curve)).mark_line(color=CURRENT, strokeWidth=style.line_width).encode(
        x=x, y=y, **tooltips(style, [alt.Tooltip("temperature:Q", title="T", format=".3~g"),
                                     alt.Tooltip("dark:Q", title=text("practice.dark", lang),
                                                 format=".1%")]))
    marker = stops.shown(alt.Chart(rows(curve)))
    drop = marker.mark_rule(color=MARKER, strokeWidth=thin).encode(x=x, y=y, y2=alt.datum(0))
    point = marker.mark_point(color=MARKER, filled=True, opacity=1, size=style.point_size,
                              shape="diamond").encode(x=x, y=y)
    return styled(alt.layer(line, drop, point).add_params(stops.param).properties(
        title=alt.Title(text("practice.dark_title", lang),
                        subtitle=text("practice.dark_subtitle", lang)),
        height=style.height), style, lang)


def calibration_charts(calibration: Calibration, *, style: Style = SCREEN,
                       lang: str = DEFAULT_LANGUAGE) -> dict[str, alt.TopLevelMixin]:
    """The calibration charts, at T* until the dial moves.

    >>> from tempviz.practice import LabelledSet, calibrate
    >>> list(calibration_charts(calibrate(LabelledSet.bundled())))
    ['reliability', 'nll']
    """
    stops = Stops(list(calibration.temperatures), calibration.fitted_stop, lang)
    return {"reliability": reliability_chart(calibration, stops, style=style, lang=lang),
            "nll": nll_chart(calibration, stops, style=style, lang=lang)}


def distillation_charts(distillation: Distillation, names: list[str], *,
                        style: Style = SCREEN, lang: str = DEFAULT_LANGUAGE
                        ) -> dict[str, alt.TopLevelMixin]:
    """The distillation charts, at T = 4 until the dial moves.

    >>> from tempviz.practice import distil
    >>> list(distillation_charts(distil([3, 1, 0], [0, 0, 0]), ["a", "b", "c"]))
    ['soft_targets', 'dark_knowledge']
    """
    stops = Stops(list(distillation.temperatures), distillation.stop, lang)
    return {"soft_targets": soft_targets_chart(distillation, names, stops, style=style,
                                               lang=lang),
            "dark_knowledge": dark_knowledge_chart(distillation, stops, style=style, lang=lang)}


def calibration_readouts(calibration: Calibration, lang: str = DEFAULT_LANGUAGE
                         ) -> list[list[str]]:
    """What the calibration dial reads at each position: the NLL and the ECE there."""
    return [[plain(nll, lang), plain(ece, lang)]
            for nll, ece in zip(calibration.nll, calibration.ece, strict=True)]


def distillation_readouts(distillation: Distillation, lang: str = DEFAULT_LANGUAGE
                          ) -> list[list[str]]:
    """What the distillation dial reads at each position: the dark knowledge, the loss."""
    return [[share(dark, lang), plain(loss, lang)]
            for dark, loss in zip(distillation.dark, distillation.loss, strict=True)]


def dial_phrases(temperatures: np.ndarray, fitted: float | None = None,
                 lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """Each dial position as the dial names it: "T = 2.5", and T* as "T* = 2.56".

    >>> dial_phrases(np.array([1.0, 2.56, 10.0]), 2.56)
    ['T = 1', 'T* = 2.56', 'T = 10']
    """
    return [fitted_phrase(t, lang) if t == fitted else temperature_phrase(float(t), lang)
            for t in temperatures]


def describe_calibration(calibration: Calibration, lang: str = DEFAULT_LANGUAGE
                         ) -> dict[str, str]:
    """The two calibration charts' text alternatives: the same at every dial position."""
    values = {"fitted": fitted_phrase(calibration.fitted, lang),
              "before": plain(calibration.before.ece, lang),
              "after": plain(calibration.after.ece, lang),
              "nll_before": plain(calibration.before.nll, lang),
              "nll_after": plain(calibration.after.nll, lang)}
    return {"reliability": text("practice.alt_reliability", lang, **values),
            "nll": text("practice.alt_nll", lang, **values)}


def describe_distillation(distillation: Distillation, names: list[str],
                          lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The two distillation charts' text alternatives, at the dial's first position."""
    stop = distillation.stop
    teacher = distillation.teacher[stop]
    pairs = listed((f"{name} {share(p, lang)}" for name, p in zip(names, teacher)), lang)
    phrase = temperature_phrase(float(distillation.temperatures[stop]), lang)
    return {"soft_targets": text("practice.alt_soft", lang, phrase=phrase, pairs=pairs),
            "dark_knowledge": text("practice.alt_dark", lang,
                                   low=share(float(distillation.dark[0]), lang),
                                   high=share(float(distillation.dark[-1]), lang))}

"""The class poll's chart: every student's guess against the answer, for the projector."""

from __future__ import annotations

import json
import math

import altair as alt
import numpy as np
import pandas as pd

from tempviz import charts
from tempviz.frames import format_probability
from tempviz.i18n import DEFAULT_LANGUAGE, text
from tempviz.logits import parse_logits  # noqa: F401 (the examples use it)
from tempviz.poll import Question, Summary
from tempviz.state import View  # noqa: F401 (the examples use it)


def guesses_chart(question: Question, summary: Summary, *, style: charts.Style = charts.SCREEN,
                  lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """One row per predicted class: a thin tick for every student's guess, a diamond
    for the class's mean guess, and a thick vermilion tick at the answer, each labelled.

    >>> q = Question.from_view(parse_logits("1, 2, 5"), View.from_query({"T": "10"})[0])
    >>> spec = guesses_chart(q, Summary(np.array([[0.2, 0.3, 0.5]]), np.array(q.truth))).to_dict()
    >>> len(spec["layer"]), spec["title"]["text"]
    (5, "The class's guesses at T = 10")
    """
    names = question.names()
    rows = len(names)
    mean = summary.mean
    guesses = pd.DataFrame({"row": np.tile(np.arange(rows), summary.count),
                            "guess": summary.guesses.ravel()})
    marks = pd.DataFrame({"row": np.arange(rows), "truth": summary.truth, "mean": mean})
    answer_texts = [text("poll.chart_answer", lang, value=format_probability(p, lang=lang))
                    for p in summary.truth]
    mean_texts = [text("poll.chart_mean", lang, value=format_probability(m, lang=lang))
                  if not math.isnan(m) else "" for m in mean]
    # one row per class: with few rows, room for the answer's label above its tick and
    # the mean's below the diamond; with many, rows half as tall and both numbers beside
    # the plot, on a right-hand axis, never on a tick or a diamond
    roomy = rows <= 4
    band = round((5.5 if roomy else 2.8) * style.font_size)
    # the height Streamlit and the exports fit the whole chart into: the rows, the title,
    # the subtitle and the axis
    height = band * rows + round(1.5 * style.title_size + 4.5 * style.font_size + 20)
    y = alt.Y("row:O", title=None, axis=alt.Axis(
        labelExpr=f"{json.dumps(names, ensure_ascii=False)}[datum.value]", labelLimit=260,
        labelFontWeight="bold"))
    # padded, so a thick tick at 0 or 1 (the T → 0 answer) shows whole
    x_scale = alt.Scale(domain=[0, 1], nice=False, padding=style.line_width * 2)
    axis_title = text("poll.chart_axis", lang)
    ink = style.ink if style.themed else charts.ON_LIGHT
    # in roomy rows the ticks stay within the middle half, clear of the labels above and
    # below it (at 0.36 of the row, about 0.18 of it tall)
    reach = 0.5 if roomy else 0.85
    ticks = alt.Chart(guesses).mark_tick(
        color=charts.CURRENT, opacity=0.55, thickness=max(1.5, style.line_width / 2),
        size=band * reach * 0.65).encode(x=alt.X("guess:Q", scale=x_scale, title=axis_title),
                                          y=y)
    # with the numbers beside the plot, the guesses' axis alone names each class
    base = alt.Chart(marks).encode(y=y if roomy else alt.Y("row:O", title=None, axis=None))
    truth = base.mark_tick(color=charts.MARKER, thickness=style.line_width * 1.4,
                           size=band * reach).encode(x=alt.X("truth:Q", scale=x_scale))
    centre = base.transform_filter("isValid(datum.mean)")
    mean_mark = centre.mark_point(shape="diamond", filled=True, size=style.point_size,
                                  color=ink.text, opacity=1).encode(
        x=alt.X("mean:Q", scale=x_scale))
    if roomy:
        layers = [ticks, truth, mean_mark,
                  _row_label(base, "truth", answer_texts, -band * 0.36, x_scale, style,
                             color=ink.marker, fontWeight="bold"),
                  _row_label(centre, "mean", mean_texts, band * 0.36, x_scale, style,
                             color=ink.text)]
    else:
        beside = [" · ".join(filter(None, pair)) for pair in zip(answer_texts, mean_texts)]
        numbers = base.mark_point(opacity=0).encode(
            x=alt.X("truth:Q", scale=x_scale),
            y=alt.Y("row:O", title=None, axis=alt.Axis(
                orient="right", domain=False, ticks=False, labelLimit=260,
                labelExpr=f"{json.dumps(beside, ensure_ascii=False)}[datum.value]")))
        layers = [ticks, truth, mean_mark, numbers]
    title = alt.Title(text("poll.chart_title", lang, phrase=question.phrase(lang)),
                      subtitle=text("poll.chart_subtitle", lang, count=summary.count))
    chart = alt.layer(*layers).properties(title=title, height=height)
    if not roomy:
        chart = chart.resolve_axis(y="independent")  # the names left, the numbers right
    styled = charts.styled(chart, style, lang)
    # the number locale once more, last: a second .configure() in a style's branch of
    # charts.styled would replace it, and a Russian slide's axis must read 0,2
    styled.config.locale = charts.vega_locale(lang)
    return styled


def _row_label(marks: alt.Chart, field: str, texts: list[str], dy: float,
               x_scale: alt.Scale, style: charts.Style, **font: object) -> alt.Chart:
    """Each row's text from ``texts`` beside its ``field`` value, ``dy`` above or below
    the row's middle: right of it, or left of it past 0.75, clear of a thick tick."""
    aside = style.font_size / 2
    return marks.transform_calculate(
        shown=f"{json.dumps(texts, ensure_ascii=False)}[datum.row]").mark_text(
        dy=dy, fontSize=style.font_size, **font,
        align=alt.expr(f"datum.{field} > 0.75 ? 'right' : 'left'"),
        dx=alt.expr(f"datum.{field} > 0.75 ? {-aside} : {aside}")).encode(
        x=alt.X(f"{field}:Q", scale=x_scale), text="shown:N")


def describe_guesses(question: Question, summary: Summary, lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for :func:`guesses_chart`.

    >>> q = Question.from_view(parse_logits("0, 0"), View())
    >>> describe_guesses(q, Summary(np.array([[0.4, 0.6]]), np.array(q.truth)))
    "Strip chart of the class's guesses (answers: 1): p(z1) mean guess 0.400, answer 0.500; \
p(z2) mean guess 0.600, answer 0.500."
    """
    pairs = "; ".join(text("poll.alt_pair", lang, name=name, mean=format_probability(
        m, lang=lang) if not math.isnan(m) else "—", truth=format_probability(p, lang=lang))
                      for name, m, p in zip(question.names(), summary.mean, summary.truth))
    return text("poll.alt", lang, count=summary.count, pairs=pairs)

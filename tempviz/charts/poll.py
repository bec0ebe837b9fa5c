"""The class poll's chart: every student's guess against the answer, for the projector."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from tempviz import charts
from tempviz.charts.exercise import comparison_chart
from tempviz.frames import format_probability
from tempviz.i18n import DEFAULT_LANGUAGE, text
from tempviz.logits import parse_logits  # noqa: F401 (the examples use it)
from tempviz.poll import Question, Summary
from tempviz.state import View  # noqa: F401 (the examples use it)

BIN = 0.02  # the guesses' histogram bins: as wide as the exercise's tolerance (TOLERANCE)


def guess_histogram(guesses: np.ndarray) -> pd.DataFrame:
    """How many guesses fall in each bin [lo, lo + :data:`BIN`), for each class (a column
    of ``guesses``): one row per class and bin that holds any; a guess of 1 counts in
    the last bin.

    >>> guess_histogram(np.array([[0.30, 0.7], [0.31, 0.69], [0.5, 0.5]])).to_dict("list")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'row': [0, 0, 1, 1, 1], 'lo': [0.3, 0.5, 0.5, 0.68, 0.7],
     'hi': [0.32, 0.52, 0.52, 0.7, 0.72], 'count': [2, 1, 1, 1, 1]}
    """
    bins = round(1 / BIN)
    # rounded first, so 0.3 / 0.02 = 14.999999999999998 lands in the bin of 0.30
    index = np.clip(np.floor(np.round(guesses / BIN, 9)), 0, bins - 1).astype(int)
    rows = np.broadcast_to(np.arange(guesses.shape[1]), guesses.shape)
    counted = pd.DataFrame({"row": rows.ravel(), "bin": index.ravel()}).value_counts(
        sort=False).sort_index().reset_index(name="count")
    return pd.DataFrame({"row": counted["row"], "lo": (counted["bin"] * BIN).round(10),
                         "hi": ((counted["bin"] + 1) * BIN).round(10),
                         "count": counted["count"]})


def guesses_chart(question: Question, summary: Summary, *, style: charts.Style = charts.SCREEN,
                  lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """One row per predicted class: the class's guesses as a histogram of solid bars
    (bins as wide as the exercise's tolerance, bars as tall as their count), a diamond
    at the mean guess, and a thick vermilion bar across the row at the answer, each
    number written beside its mark. Made to read from a lecture hall's back row.

    >>> q = Question.from_view(parse_logits("1, 2, 5"), View.from_query({"T": "10"})[0])
    >>> spec = guesses_chart(q, Summary(np.array([[0.2, 0.3, 0.5]]), np.array(q.truth))).to_dict()
    >>> len(spec["layer"]), spec["title"]["text"]
    (5, "The class's guesses at T = 10")
    """
    names = question.names()
    rows = len(names)
    mean = summary.mean
    bars = guess_histogram(summary.guesses)
    tallest = int(bars["count"].max()) if len(bars) else 1
    # a row spans y in [row, row + 1], top to bottom (see FLOOR)
    bars = bars.assign(base=bars["row"] + FLOOR,
                       top=bars["row"] + FLOOR - REACH * bars["count"] / tallest)
    marks = pd.DataFrame({"row": np.arange(rows), "truth": summary.truth, "mean": mean,
                          "middle": np.arange(rows) + 0.5, "base": np.arange(rows) + FLOOR,
                          "over": np.arange(rows) + 0.02, "under": np.arange(rows) + 0.98,
                          "from": np.arange(rows) + 0.23, "to": np.arange(rows) + 0.77})
    answer_texts = [text("poll.chart_answer", lang, value=format_probability(p, lang=lang))
                    for p in summary.truth]
    mean_texts = [text("poll.chart_mean", lang, value=format_probability(m, lang=lang))
                  if not math.isnan(m) else "" for m in mean]
    # with few rows there is room for the answer's number above the bars and the mean's
    # below them; with many the rows are half as tall and both numbers go beside the
    # plot, on a right-hand axis, never on a bar or a diamond
    roomy = rows <= 4
    band = round((4.2 if roomy else 2.8) * style.font_size)
    # the height Streamlit and the exports fit the whole chart into: the rows, the title,
    # the subtitle and the axis
    height = band * rows + round(1.5 * style.title_size + 4.5 * style.font_size + 20)
    # padded, so the answer's bar at 0 or 1 (the T → 0 answer) shows whole
    x_scale = alt.Scale(domain=[0, 1], nice=False, padding=style.line_width * 2)
    x = alt.X("lo:Q", scale=x_scale, title=text("poll.chart_axis", lang))
    y_scale = alt.Scale(domain=[0, rows], reverse=True, nice=False, zero=False)
    names_axis = alt.Axis(values=[row + 0.5 for row in range(rows)], grid=False, ticks=False,
                          domain=False, labelFontWeight="bold", labelLimit=260,
                          labelExpr=f"{json.dumps(names, ensure_ascii=False)}"
                                    "[floor(datum.value)]")
    ink = style.ink if style.themed else charts.ON_LIGHT
    # the histogram's axis names the rows; with many rows each layer has its own axis
    # (the numbers' on the right), and the other layers draw none
    unnamed = {} if roomy else {"axis": None}
    histogram = alt.Chart(bars).mark_rect(color=ink.current, opacity=1).encode(
        x=x, x2="hi:Q", y=alt.Y("base:Q", scale=y_scale, title=None, axis=names_axis),
        y2="top:Q")
    base = alt.Chart(marks)
    width = style.line_width * 1.6  # the answer's bar, in px: thicker than any bin
    truth = base.mark_rect(color=charts.MARKER, width=width).encode(
        x=alt.X("truth:Q", scale=x_scale), y=alt.Y("from:Q", scale=y_scale, **unnamed),
        y2="to:Q")
    centre = base.transform_filter("isValid(datum.mean)")
    mean_mark = centre.mark_point(shape="diamond", filled=True, size=style.point_size * 1.5,
                                  color=ink.text, stroke=ink.subtitle if style.themed else
                                  "white", strokeWidth=1, opacity=1).encode(
        x=alt.X("mean:Q", scale=x_scale), y=alt.Y("base:Q", scale=y_scale, **unnamed))
    if roomy:
        layers = [histogram, truth, mean_mark,
                  _row_label(base, "truth", "over", answer_texts, x_scale, y_scale, style,
                             baseline="top", color=ink.marker, fontWeight="bold"),
                  _row_label(centre, "mean", "under", mean_texts, x_scale, y_scale, style,
                             baseline="bottom", color=ink.text)]
    else:
        beside = [" · ".join(filter(None, pair)) for pair in zip(answer_texts, mean_texts)]
        numbers = base.mark_point(opacity=0).encode(
            x=alt.X("truth:Q", scale=x_scale),
            y=alt.Y("middle:Q", scale=y_scale, title=None, axis=alt.Axis(
                orient="right", values=[row + 0.5 for row in range(rows)], grid=False,
                domain=False, ticks=False, labelLimit=260,
                labelExpr=f"{json.dumps(beside, ensure_ascii=False)}[floor(datum.value)]")))
        layers = [histogram, truth, mean_mark, numbers]
    title = alt.Title(text("poll.chart_title", lang, phrase=question.phrase(lang)),
                      subtitle=text("poll.chart_subtitle", lang, count=summary.count,
                                    bin=BIN))
    chart = alt.layer(*layers).properties(title=title, height=height)
    if not roomy:
        chart = chart.resolve_axis(y="independent")  # the names left, the numbers right
    styled = charts.styled(chart, style, lang)
    # the number locale once more, last: a second .configure() in a style's branch of
    # charts.styled would replace it, and a Russian slide's axis must read 0,2
    styled.config.locale = charts.vega_locale(lang)
    return styled


# A row, top to bottom: the answer's number (a font size tall, about 0.24 of the row),
# the bars and the answer's bar (0.23 to 0.77, the bars standing at FLOOR) with the
# answer's number right or left of it, the mean's number (bottom-aligned, right or left of
# the diamond)
FLOOR = 0.72
REACH = 0.45


def _row_label(marks: alt.Chart, field: str, at: str, texts: list[str], x_scale: alt.Scale,
               y_scale: alt.Scale, style: charts.Style, **font: object) -> alt.Chart:
    """Each row's text from ``texts`` beside its ``field`` value, at the row's ``at``
    height: right of it, or left of it past 0.75, clear of the answer's bar."""
    aside = style.font_size / 2 + style.line_width
    return marks.transform_calculate(
        shown=f"{json.dumps(texts, ensure_ascii=False)}[datum.row]").mark_text(
        fontSize=style.font_size, **font,
        align=alt.expr(f"datum.{field} > 0.75 ? 'right' : 'left'"),
        dx=alt.expr(f"datum.{field} > 0.75 ? {-aside} : {aside}")).encode(
        x=alt.X(f"{field}:Q", scale=x_scale), y=alt.Y(f"{at}:Q", scale=y_scale),
        text="shown:N")


def describe_guesses(question: Question, summary: Summary, lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for :func:`guesses_chart`.

    >>> q = Question.from_view(parse_logits("0, 0"), View())
    >>> describe_guesses(q, Summary(np.array([[0.4, 0.6]]), np.array(q.truth)))
    "Histogram of the class's guesses (answers: 1): p(z1) mean guess 0.400, answer 0.500; \
p(z2) mean guess 0.600, answer 0.500."
    """
    pairs = "; ".join(text("poll.alt_pair", lang, name=name, mean=format_probability(
        m, lang=lang) if not math.isnan(m) else "—", truth=format_probability(p, lang=lang))
                      for name, m, p in zip(question.names(), summary.mean, summary.truth))
    return text("poll.alt", lang, count=summary.count, pairs=pairs)


def own_guess_chart(question: Question, guess: Sequence[float], *,
                    style: charts.Style = charts.SCREEN, lang: str = DEFAULT_LANGUAGE
                    ) -> alt.LayerChart:
    """One student's guess beside the answer, class by class, the difference above each
    pair: the guided exercise's chart, for a poll's question.

    >>> q = Question.from_view(parse_logits("1, 2, 5"), View.from_query({"T": "10"})[0])
    >>> own_guess_chart(q, (0.3, 0.3, 0.4)).to_dict()["title"]["text"]
    'T = 10'
    """
    truth = np.asarray(question.truth)
    frame = pd.DataFrame({"temperature": question.temperature, "class": question.names(),
                          "rank": np.arange(len(truth)), "guess": np.asarray(guess, float),
                          "answer": truth})
    frame["difference"] = frame["guess"] - frame["answer"]
    return comparison_chart(frame, question.temperature, style=style, lang=lang)

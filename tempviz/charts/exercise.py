"""The guided exercise's chart: the student's guess beside the answer at one T."""

from __future__ import annotations

import json

import altair as alt
import numpy as np  # noqa: F401 (the example uses it)
import pandas as pd

from tempviz.charts import (
    CURRENT,
    DRAWN,
    SCREEN,
    Style,
    precise_text,
    styled,
    temperature_phrase,
    tooltips,
)
from tempviz.exercise import comparison_frame, signed  # noqa: F401 (the example uses the frame)
from tempviz.i18n import DEFAULT_LANGUAGE, text


def comparison_chart(frame: pd.DataFrame, temperature: float, *, style: Style = SCREEN,
                     lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """One small multiple: at T, the guess and the answer side by side for each class,
    the difference written above them. Every panel has the same 0–1 axis, so three of
    them side by side compare at a glance.

    >>> frame = comparison_frame({10.0: np.array([0.3, 0.3, 0.4])})
    >>> comparison_chart(frame, 10.0).to_dict()["title"]["text"]
    'T = 10'
    """
    series = {"guess": text("exercise.compare_guess", lang),
              "answer": text("exercise.compare_answer", lang)}
    rows = frame[frame["temperature"] == temperature]
    long = pd.concat([rows.assign(series=key, value=rows[key]) for key in series])
    tops = rows.assign(top=rows[["guess", "answer"]].max(axis=1),
                       shown=[signed(d, lang) for d in rows["difference"]])
    x = alt.X("class:N", sort=list(rows["class"]), title=None, axis=alt.Axis(labelAngle=0))
    # room above a bar of 1 for its difference; the axis itself stops at 1
    y = alt.Y("value:Q", scale=alt.Scale(domain=[0, 1.18]), title=text("chart.probability", lang),
              axis=alt.Axis(values=[0, 0.5, 1]))
    name = " : ".join(f"datum.value == {json.dumps(key)} ? {json.dumps(shown)}"
                      for key, shown in series.items()) + " : ''"
    bars = alt.Chart(long).transform_calculate(
        value_text=precise_text("datum.value", lang)).mark_bar().encode(
        x=x, xOffset=alt.XOffset("series:N", sort=list(series)), y=y,
        color=alt.Color("series:N", sort=list(series), title=None,
                        scale=alt.Scale(domain=list(series), range=[DRAWN, CURRENT]),
                        legend=alt.Legend(orient="top", labelExpr=name)),
        **tooltips(style, [alt.Tooltip("class:N", title=text("chart.class", lang)),
                           alt.Tooltip("value_text:N", title=text("chart.probability", lang))]))
    differences = alt.Chart(tops).mark_text(
        fontSize=style.font_size, fontWeight="bold", dy=-style.font_size * 0.7,
        color=style.ink.marker).encode(x=x, y=alt.Y("top:Q"), text="shown:N")
    return styled(alt.layer(bars, differences).properties(
        title=alt.Title(temperature_phrase(temperature, lang),
                        subtitle=text("exercise.compare_difference", lang)),
        height=300), style, lang)

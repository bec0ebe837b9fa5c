"""Altair charts of the frames in :mod:`tempviz.frames`, for the page, notebooks and slides.

Each builder takes a frame and keyword-only options and returns an Altair chart,
so the same object is shown by Streamlit, displayed in Jupyter and exported to files.
Colours come from the Okabe–Ito palette, which colour-blind viewers can tell apart;
every series also differs in shape or in its legend text, never in colour alone.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from tempviz.frames import format_measure, format_probability
from tempviz.temperature import HIGHEST, LOWEST, format_temperature

CURRENT = "#0072B2"     # blue: the distribution at the chosen T
REFERENCE = "#555555"   # dark grey outline: the same logits at T = 1
DRAWN = "#E69F00"       # orange: what sampling produced
MARKER = "#D55E00"      # vermilion: where the chosen T sits on a curve
LIMIT = "#009E73"       # bluish green: the T → 0 and T → ∞ limits


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

    def __init__(self, labels: pd.Series):
        self.horizontal = bool(labels.str.len().max() > 8 or len(labels) > 12)
        self.classes_on, self.values_on = ("y", "x") if self.horizontal else ("x", "y")
        self.height = max(320, 90 + 30 * len(labels)) if self.horizontal else 320
        self.text_offset = {"dx": 6, "align": "left"} if self.horizontal else {"dy": -8}

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


def probability_chart(frame: pd.DataFrame, *, temperature: float,
                      log_scale: bool = False) -> alt.LayerChart:
    """Bars of softmax(z/T), the T = 1 distribution as a dashed outline, values on top.

    ``frame`` is :func:`tempviz.frames.distribution_frame`. With ``log_scale`` the
    probability axis is logarithmic, so 4e-18 shows as a bar instead of nothing.
    """
    current, reference = temperature_phrase(temperature), "T = 1 (reference)"
    data = frame.assign(
        text=[format_probability(p, c) for p, c in zip(frame["probability"], frame["complement"])],
        label_at=frame[["probability", "reference"]].max(axis=1))
    long = pd.concat([
        data.assign(series=current, value=data["probability"]),
        data.assign(series=reference, value=data["reference"]),
    ])
    if log_scale:
        long["value"] = long["value"].where(long["value"] > 0)  # log 0 has no place on the axis
        smallest = long["value"].min()
        floor = 10.0 ** math.floor(math.log10(max(smallest, 1e-300))) if smallest > 0 else 1e-3
        scale = alt.Scale(type="log", domain=[floor, 1], clamp=True)
    else:
        scale = alt.Scale(domain=[0, 1])
    layout = BarLayout(frame["label"])
    colour = alt.Color("series:N", title=None, sort=[current, reference],
                       scale=alt.Scale(domain=[current, reference], range=[CURRENT, REFERENCE]),
                       legend=alt.Legend(orient="top"))
    base = alt.Chart(long).encode(
        **layout.encode("value:Q", scale=scale, title="probability"),
        color=colour,
        tooltip=[alt.Tooltip("label:N", title="class"), alt.Tooltip("series:N", title="at"),
                 alt.Tooltip("value:Q", title="probability", format=".4~g")],
    )
    bars = base.transform_filter(alt.datum.series == current).mark_bar(opacity=0.9)
    outline = base.transform_filter(alt.datum.series == reference).mark_bar(
        filled=False, strokeDash=[6, 3], strokeWidth=2)
    labels = base.transform_filter(alt.datum.series == current).mark_text(
        fontSize=13, **layout.text_offset).encode(
        **layout.encode("label_at:Q", scale=scale), text="text:N", color=alt.value(CURRENT))
    return alt.layer(bars, outline, labels).properties(
        title=alt.Title(f"softmax(z / T) at {current}",
                        subtitle="dashed outline: the same logits at T = 1"),
        height=layout.height)


def entropy_chart(curve: pd.DataFrame, *, temperature: float, current_entropy: float,
                  cold_entropy: float, hot_entropy: float, unit: str) -> alt.LayerChart:
    """Entropy H(T) on a log-T axis, the chosen T marked, the two limits as lines.

    ``curve`` is :func:`tempviz.frames.entropy_frame`; the limits are the entropies at
    T = 0 (0, or log m for m tied maxima) and T = ∞ (log K), in the same ``unit``.
    A limit T is marked at the end of the axis on its side.
    """
    marker_t = min(max(temperature, LOWEST), HIGHEST)
    marker = pd.DataFrame({"temperature": [marker_t], "entropy": [current_entropy],
                           "text": [f"{temperature_phrase(temperature)}: "
                                    f"H = {format_measure(current_entropy)} {unit}"]})
    limits = pd.DataFrame({
        "entropy": [cold_entropy, hot_entropy],
        "text": [f"T → 0 limit: {format_measure(cold_entropy)} {unit}",
                 f"T → ∞ limit: log K = {format_measure(hot_entropy)} {unit}"],
    })
    x = alt.X("temperature:Q", title="temperature T (log scale)",
              scale=alt.Scale(type="log", domain=[LOWEST, HIGHEST]),
              axis=alt.Axis(values=[0.01, 0.1, 1, 10, 100], format="~g"))
    y = alt.Y("entropy:Q", title=f"entropy H ({unit})",
              scale=alt.Scale(domain=[0, max(hot_entropy, 1e-9) * 1.08]))
    line = alt.Chart(curve).mark_line(color=CURRENT, strokeWidth=3).encode(
        x=x, y=y, tooltip=[alt.Tooltip("temperature:Q", format=".3~g"),
                           alt.Tooltip("entropy:Q", format=".4f")])
    limit_rules = alt.Chart(limits).mark_rule(color=LIMIT, strokeDash=[6, 4], strokeWidth=2
                                              ).encode(y="entropy:Q")
    limit_text = alt.Chart(limits).mark_text(align="left", dx=4, dy=-7, color=LIMIT,
                                             fontSize=12).encode(
        x=alt.value(0), y="entropy:Q", text="text:N")
    rule = alt.Chart(marker).mark_rule(color=MARKER, strokeWidth=2).encode(x=x)
    point = alt.Chart(marker).mark_point(color=MARKER, filled=True, size=140, shape="diamond"
                                         ).encode(x=x, y=y)
    point_text = alt.Chart(marker).mark_text(
        align="left" if temperature < 3 else "right", dx=9 if temperature < 3 else -9, dy=14,
        color=MARKER, fontSize=13, fontWeight="bold").encode(x=x, y=y, text="text:N")
    return alt.layer(limit_rules, limit_text, line, rule, point, point_text).properties(
        title=alt.Title("Entropy grows with temperature",
                        subtitle="from the T → 0 limit up to log K, the uniform distribution"),
        height=320)


def samples_chart(frame: pd.DataFrame, *, temperature: float, n: int) -> alt.Chart:
    """Counts of n draws at T beside the expected counts n·p, as paired bars.

    ``frame`` is :func:`tempviz.frames.samples_frame`.
    """
    drawn, expected = f"drawn ({n:,} samples)", "expected n·p"
    long = pd.concat([frame.assign(series=drawn, count=frame["drawn"].astype(float)),
                      frame.assign(series=expected, count=frame["expected"])])
    layout = BarLayout(frame["label"])
    return alt.Chart(long).mark_bar().encode(
        **layout.encode("count:Q", title="count"),
        **layout.offset("series:N", [drawn, expected]),
        color=alt.Color("series:N", title=None, sort=[drawn, expected],
                        scale=alt.Scale(domain=[drawn, expected], range=[DRAWN, CURRENT]),
                        legend=alt.Legend(orient="top")),
        opacity=alt.condition(alt.datum.series == drawn, alt.value(1.0), alt.value(0.45)),
        tooltip=[alt.Tooltip("label:N", title="class"), alt.Tooltip("series:N", title=" "),
                 alt.Tooltip("count:Q", format=",.1f")],
    ).properties(title=alt.Title(f"{n:,} samples drawn at {temperature_phrase(temperature)}",
                                 subtitle="sampled counts scatter around the expected n·p"),
                 height=layout.height)


def describe_distribution(frame: pd.DataFrame, temperature: float) -> str:
    """A text alternative for the probability chart: every class with its probability.

    >>> describe_distribution(pd.DataFrame({"label": ["a", "b"], "probability": [0.25, 0.75]}), 1)
    'Bar chart of probabilities at T = 1: a 0.250, b 0.750.'
    """
    pairs = ", ".join(f"{label} {format_probability(p)}"
                      for label, p in zip(frame["label"], frame["probability"]))
    return f"Bar chart of probabilities at {temperature_phrase(temperature)}: {pairs}."


def describe_entropy(temperature: float, current_entropy: float, hot_entropy: float,
                     unit: str) -> str:
    """A text alternative for the entropy chart.

    >>> describe_entropy(1, 0.5, 1.585, "bits")
    'Line chart: entropy rises with temperature towards 1.585 bits; at T = 1 it is 0.500 bits.'
    """
    return (f"Line chart: entropy rises with temperature towards {format_measure(hot_entropy)} "
            f"{unit}; at {temperature_phrase(temperature)} it is "
            f"{format_measure(current_entropy)} {unit}.")


def describe_samples(frame: pd.DataFrame, n: int) -> str:
    """A text alternative for the samples chart: drawn and expected count per class.

    >>> describe_samples(pd.DataFrame({"label": ["a"], "drawn": [9], "expected": [10.0]}), 10)
    'Paired bars of 10 samples: a drawn 9, expected 10.0.'
    """
    pairs = ", ".join(f"{label} drawn {d:,}, expected {e:,.1f}"
                      for label, d, e in zip(frame["label"], frame["drawn"], frame["expected"]))
    return f"Paired bars of {n:,} samples: {pairs}."


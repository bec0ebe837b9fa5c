"""Everything one view shows, read from its scene: the charts, the readouts, the table.

The charts hold their data at every temperature of the scene (the slider's stops on
the page, one temperature in an export) and show the one a Vega-Lite parameter names,
so the page moves T without rebuilding them, and a downloaded image is made from the
very chart the page shows. The numbers at one T are looked up in the same scene.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import altair as alt
import numpy as np
import pandas as pd

from tempviz import charts, frames
from tempviz.charts import PROJECTOR, PROJECTOR_DARK, SCREEN, SCREEN_DARK, SLIDE, Stops, Style
from tempviz.i18n import listed, text
from tempviz.logits import Logits, spreadsheet_safe
from tempviz.scene import Scene, build_scene
from tempviz.state import View

TABLE_ROWS = 100  # the table shows this many classes one by one; the rest in one row


def style_of(view: View, dark: bool = False) -> Style:
    """The chart style of a view: the projector's in the presenter view, a slide's, or
    the screen's, on a light or a ``dark`` page."""
    if view.present:
        return PROJECTOR_DARK if dark else PROJECTOR
    return SLIDE if view.slide else SCREEN_DARK if dark else SCREEN


def scene_for(logits: Logits, temperatures: Sequence[float], view: View = View()) -> Scene:
    """The scene of ``logits`` at each temperature, with the view's cuts and samples."""
    return build_scene(logits, temperatures, filters=view.filters, samples=view.samples,
                       seed=view.seed)


@dataclass(frozen=True)
class Drawing:
    """What every stage chart is drawn from: a scene at one view, with the frames the
    charts share computed once, when the first chart asks."""

    logits: Logits
    scene: Scene
    index: int
    view: View
    style: Style

    @cached_property
    def stops(self) -> Stops:
        return Stops(list(self.scene.temperatures), self.index, self.view.lang)

    @cached_property
    def bars(self) -> pd.DataFrame:
        return charts.bar_frame(self.scene, self.view.bars)

    @cached_property
    def names(self) -> list[str]:
        return bar_names(self.logits, self.scene, self.view)

    def entropy(self, nats: float) -> float:
        """An entropy in the view's unit."""
        return float(self.scene.unit_entropy(nats, self.view.base))


@dataclass(frozen=True)
class Moment:
    """What the charts that follow T in words show at one stop: the scene's numbers
    for at most ``DESCRIBED_BARS`` classes."""

    logits: Logits
    scene: Scene
    stop: int
    view: View
    names: list[str]
    at: pd.DataFrame  # the bar frame's rows at the stop

    @property
    def temperature(self) -> float:
        return float(self.scene.temperatures[self.stop])


@dataclass(frozen=True)
class StageChart:
    """One chart of the stage, as the page, the downloads and the command line know it:
    its ``name`` (the file name, its texts ``view.{name}`` and ``alt.chart_{name}``, its
    place on the page), how it is built, its text alternative (which never changes with
    T) and, if it follows T in words, what it says at a stop (read out with the control)."""

    name: str
    build: Callable[[Drawing], alt.TopLevelMixin]
    alt: Callable[[Drawing], str] | None = None  # None: the text alt.chart_{name}
    told: Callable[[Moment], str] | None = None


def _probabilities(drawing: Drawing) -> alt.TopLevelMixin:
    view = drawing.view
    return charts.probability_chart(drawing.bars, drawing.names, drawing.stops,
                                    filtered=bool(view.filters.cuts), log_scale=view.log_scale,
                                    style=drawing.style, lang=view.lang)


def _entropy(drawing: Drawing) -> alt.TopLevelMixin:
    view, scene = drawing.view, drawing.scene
    curve, marks = charts.entropy_frames(scene, view.base)
    return charts.entropy_chart(curve, marks, drawing.stops,
                                cold_entropy=drawing.entropy(scene.cold_entropy),
                                hot_entropy=drawing.entropy(scene.hot_entropy), unit=view.unit,
                                style=drawing.style, lang=view.lang)


def _samples(drawing: Drawing) -> alt.TopLevelMixin:
    return charts.samples_chart(drawing.bars, drawing.names, drawing.stops,
                                n=drawing.view.samples, style=drawing.style,
                                lang=drawing.view.lang)


def _classes(drawing: Drawing) -> alt.TopLevelMixin:
    scene = drawing.scene
    return charts.class_chart(charts.class_frame(scene), curve_names(drawing.logits, scene),
                              drawing.stops, classes=len(drawing.logits), style=drawing.style,
                              lang=drawing.view.lang)


def _classes_alt(drawing: Drawing) -> str:
    return charts.describe_classes(drawing.scene, curve_names(drawing.logits, drawing.scene),
                                   drawing.view.lang)


def _bars_told(moment: Moment) -> str:
    return charts.describe_distribution(moment.names, moment.at["probability"].to_numpy(),
                                        moment.at["complement"].to_numpy(), moment.temperature,
                                        moment.view.lang)


def _entropy_told(moment: Moment) -> str:
    view, scene = moment.view, moment.scene
    unit = scene.unit_entropy
    return charts.describe_entropy(moment.temperature, unit(scene.entropy[moment.stop], view.base),
                                   unit(scene.hot_entropy, view.base), view.unit, view.lang)


def _samples_told(moment: Moment) -> str:
    return charts.describe_samples(moment.names, moment.at["drawn"].to_numpy(),
                                   moment.at["expected"].to_numpy(), moment.view.samples,
                                   moment.view.lang)


# The stage's charts, in the order the page and a download folder list them. A new chart
# is its builder, one line here, its texts (view.{name}, alt.chart_{name}) and its place
# in app.py; the page, its text alternatives, the export and the command line read this.
STAGE_CHARTS = (
    StageChart("probabilities", _probabilities, told=_bars_told),
    StageChart("entropy", _entropy, told=_entropy_told),
    StageChart("samples", _samples, told=_samples_told),
    StageChart("classes", _classes, alt=_classes_alt),
)


def chart_names() -> tuple[str, ...]:
    """The stage's charts by name, in order: ``('probabilities', 'entropy', …)``."""
    return tuple(chart.name for chart in STAGE_CHARTS)


def chart_set(logits: Logits, scene: Scene, index: int, view: View = View(), *,
              dark: bool = False) -> dict[str, alt.TopLevelMixin]:
    """The stage's charts of a scene, showing its stop ``index``, in the view's language,
    style and unit; ``dark`` for a page with a dark theme.

    >>> from tempviz import parse_logits
    >>> logits = parse_logits("1, 2, 5")
    >>> list(chart_set(logits, scene_for(logits, [0.1]), 0))
    ['probabilities', 'entropy', 'samples', 'classes']
    """
    drawing = Drawing(logits, scene, index, view, style_of(view, dark))
    subject = charts.logits_subject(logits.labels, np.asarray(logits.values), logits.labelled,
                                    view.lang)
    return {chart.name: charts.about(chart.build(drawing), subject) for chart in STAGE_CHARTS}


def build_charts(logits: Logits, temperatures: Sequence[float], index: int,
                 view: View = View()) -> dict[str, alt.TopLevelMixin]:
    """The four charts with data at every temperature listed, showing ``temperatures[index]``.

    >>> from tempviz import parse_logits
    >>> sorted(build_charts(parse_logits("1, 2, 5"), [0.1], 0))
    ['classes', 'entropy', 'probabilities', 'samples']
    """
    return chart_set(logits, scene_for(logits, temperatures, view), index, view)


def bar_names(logits: Logits, scene: Scene, view: View) -> list[str]:
    """The names of the bars: the ``view.bars`` classes of highest logit, then the others."""
    columns, others = scene.columns(view.bars)
    return charts.class_names([logits.labels[i] for i in scene.shown[columns]], others,
                              view.lang)


def curve_names(logits: Logits, scene: Scene) -> list[str]:
    return charts.class_names([logits.labels[i] for i in scene.curve_classes], 0)


@dataclass(frozen=True)
class Readout:
    """The numbers beside the charts at one T, entropy in the view's unit."""

    entropy: float
    perplexity: float
    excess: float  # perplexity − 1, exact where the perplexity is near 1
    top_probability: float
    top_complement: float
    top_labels: tuple[str, ...]  # the shown classes holding the largest probability
    tied: int  # how many classes hold it, shown or not
    classes: int  # the most choices there can be: perplexity never exceeds it


def readout(logits: Logits, scene: Scene, stop: int, base: float | None) -> Readout:
    """Entropy, perplexity exp(H) ("effective number of choices") and the top class.

    >>> from tempviz import parse_logits
    >>> logits = parse_logits("3, 3, 3, 3")
    >>> r = readout(logits, scene_for(logits, [1.0]), 0, 2)
    >>> r.entropy, r.perplexity, r.top_probability
    (2.0, 4.0, 0.25)
    """
    top = int(scene.top[stop])
    holding = scene.probability[stop, :-1] == scene.probability[stop, top]
    return Readout(entropy=float(scene.unit_entropy(scene.entropy[stop], base)),
                   perplexity=math.exp(scene.entropy[stop]),
                   excess=math.expm1(scene.entropy[stop]),
                   top_probability=float(scene.probability[stop, top]),
                   top_complement=float(scene.complement[stop, top]),
                   top_labels=tuple(logits.labels[int(i)] for i in np.sort(scene.shown[holding])),
                   tied=int(scene.tied[stop]),
                   classes=int(np.isfinite(np.asarray(logits.values)).sum()))


NAMED_TIES = 3  # the most tied classes the readout names one by one


def top_classes(readout: Readout, value: str, lang: str) -> str:
    """The largest probability with every class that holds it, so a tie is never
    passed off as one winner.

    >>> from tempviz import parse_logits
    >>> logits = parse_logits("1, 2, 5")
    >>> hot = readout(logits, scene_for(logits, [math.inf]), 0, 2)
    >>> top_classes(hot, "0.333", "en"), top_classes(hot, "0,333", "ru")
    ('0.333 each (all 3 classes)', 'по 0,333 (все 3 класса)')
    """
    if readout.tied == 1:
        return text("readout.top_value", lang, value=value, label=readout.top_labels[0])
    if readout.tied == readout.classes:
        labels = text("readout.both_tied" if readout.tied == 2 else "readout.all_tied", lang,
                      count=readout.tied)
    else:
        labels = listed(readout.top_labels[:NAMED_TIES], lang)
        if readout.tied > NAMED_TIES:
            labels = text("readout.more_tied", lang, labels=labels,
                          rest=readout.tied - NAMED_TIES)
    return text("readout.top_tied", lang, value=value, labels=labels)


def table(logits: Logits, scene: Scene, stop: int, lang: str) -> pd.DataFrame:
    """The table at one T: the ``TABLE_ROWS`` most probable classes, the rest summed.

    >>> from tempviz import parse_logits
    >>> logits = parse_logits("1, 2, 5")
    >>> table(logits, scene_for(logits, [0.1], View(samples=10)), 0, "en")
      class logit z / T    probability    expected n·p drawn
    0    z1     1    10      4.2×10⁻¹⁸       4.2×10⁻¹⁷     0
    1    z2     2    20      9.4×10⁻¹⁴       9.4×10⁻¹³     0
    2    z3     5    50  1 − 9.4×10⁻¹⁴  10 − 9.4×10⁻¹³    10
    """
    t = float(scene.temperatures[stop])
    columns, others = scene.columns(TABLE_ROWS)
    if others:
        columns = np.append(columns, len(scene.shown))  # the last column sums the rest
    shown = scene.shown[columns[:len(columns) - bool(others)]]
    values = np.asarray(logits.values)[shown]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        scaled = values / t if t > 0 else np.full(len(shown), np.nan)
    labels = [logits.labels[i] for i in shown]
    if others:
        labels.append(text("chart.others", lang, count=others))
        values, scaled = np.append(values, np.nan), np.append(scaled, np.nan)
    distribution = pd.DataFrame({
        "label": labels, "logit": values, "scaled": scaled,
        "probability": scene.probability[stop, columns],
        "complement": scene.complement[stop, columns]})
    samples = pd.DataFrame({"expected": scene.expected[stop, columns],
                            "drawn": scene.drawn[stop, columns].astype(int)})
    return frames.table_frame(distribution, samples, lang)



def all_classes_csv(logits: Logits, view: View) -> bytes:
    """Every class at the view's T with its numbers at full precision, for a spreadsheet;
    the columns that depend on T say which T, in the reader's language. A label a
    spreadsheet would run as a formula starts with an apostrophe; no number changes.

    >>> from tempviz import parse_logits
    >>> all_classes_csv(parse_logits("1, 2"), View(stop=0)).decode().splitlines()[0].split(",")
    ... # doctest: +NORMALIZE_WHITESPACE
    ['label', 'logit', 'z / T (T → 0)', 'probability (T → 0)', 'before_cuts (T → 0)',
     'reference', 'cut', 'drawn (T → 0)', 'expected n·p (T → 0)']
    >>> all_classes_csv(parse_logits("=1+1: 0, b: 0"), View()).decode().splitlines()[1][:9]
    "'=1+1,0.0"
    """
    distribution = frames.distribution_frame(logits, view.temperature, view.filters)
    p = distribution["probability"].to_numpy()
    samples = frames.samples_frame(logits, p, view.samples, view.seed)
    full = distribution.drop(columns="complement").assign(
        label=spreadsheet_safe(logits.labels), drawn=samples["drawn"],
        expected=samples["expected"])
    at = f" ({charts.temperature_phrase(view.temperature, view.lang)})"
    names = {"scaled": "table.scaled", "probability": "table.probability",
             "drawn": "table.drawn", "expected": "table.expected"}
    # CSV's own line ends (RFC 4180), which also quote a label holding a carriage return
    return full.rename(columns=lambda column: (
        text(names[column], view.lang) + at if column in names else
        column + at if column == "before_cuts" else column)).to_csv(
            index=False, lineterminator="\r\n").encode()


DESCRIBED_BARS = 10  # a description read out at each T names this many classes at most


def chart_alts(logits: Logits, scene: Scene, view: View) -> dict[str, str]:
    """Each chart's text alternative. They do not change with T, so moving T never makes
    the browser draw a chart anew; what the charts show at T is :func:`described_at`."""
    drawing = Drawing(logits, scene, 0, view, style_of(view))
    return {chart.name: chart.alt(drawing) if chart.alt else text(f"alt.chart_{chart.name}",
                                                                    view.lang)
            for chart in STAGE_CHARTS}


def described_at(logits: Logits, scene: Scene, stop: int, view: View) -> str:
    """What the charts that follow T in words show at a stop: read out with the
    temperature control whenever T moves.

    >>> from tempviz import parse_logits
    >>> logits = parse_logits("1, 2, 5")
    >>> described_at(logits, scene_for(logits, [1.0]), 0, View())[:62]
    'Bar chart of probabilities at T = 1: z1 0.017, z2 0.047, z3 0.'
    """
    few = replace(view, bars=min(view.bars, DESCRIBED_BARS))
    frame = charts.bar_frame(scene, few.bars)
    moment = Moment(logits, scene, stop, view, bar_names(logits, scene, few),
                    frame[frame["stop"] == stop])
    return " ".join(chart.told(moment) for chart in STAGE_CHARTS if chart.told)

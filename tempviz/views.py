"""Every view of one setting (logits, T and options): frames, readouts and charts together.

The page, the slide export and the command line all call :func:`build_views`, so a
downloaded image is made from the very chart object the page shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from tempviz import charts, frames
from tempviz.charts import SCREEN, Style
from tempviz.logits import Logits
from tempviz.sampling import Filters, chain
from tempviz.softmax import entropy
from tempviz.temperature import log_grid

UNITS = {"bits": 2, "nats": None}
TABLE_ROWS = 100


@dataclass(frozen=True)
class Settings:
    """What the reader chose besides the logits and T."""

    unit: str = "bits"
    samples: int = 1_000
    seed: int = 0
    log_scale: bool = False
    style: Style = SCREEN
    filters: Filters = Filters()
    bars: int = 20

    @property
    def base(self) -> float | None:
        return UNITS[self.unit]


@dataclass(frozen=True)
class Views:
    """The numbers and charts of one setting; ``charts`` and ``alt_texts`` share keys."""

    distribution: pd.DataFrame
    samples: pd.DataFrame
    summary: frames.Summary
    charts: dict[str, alt.TopLevelMixin] = field(default_factory=dict)
    alt_texts: dict[str, str] = field(default_factory=dict)

    @property
    def table(self) -> pd.DataFrame:
        """The table for reading: the TABLE_ROWS most probable classes and the rest summed."""
        rank = self.distribution["before_cuts"]
        return frames.table_frame(frames.top_classes(self.distribution, rank, TABLE_ROWS),
                                  frames.top_classes(self.samples, rank, TABLE_ROWS))

    def csv(self) -> bytes:
        """Every class with its numbers at full precision, for a spreadsheet."""
        full = self.distribution.drop(columns="complement").assign(
            drawn=self.samples["drawn"], expected=self.samples["expected"])
        return full.to_csv(index=False).encode()


def build_views(logits: Logits, temperature: float, settings: Settings = Settings(),
                curve: pd.DataFrame | None = None, sweep: pd.DataFrame | None = None) -> Views:
    """Frames, readouts and the four charts for logits at T.

    ``curve`` (the entropy over the slider's range, in ``settings.unit`` and with its
    cuts) and ``sweep`` (each class across that range) do not depend on T, so a caller
    that caches them can pass them in.

    >>> from tempviz import parse_logits
    >>> views = build_views(parse_logits("1, 2, 5"), 0.1)
    >>> sorted(views.charts), views.summary.top_label
    (['classes', 'entropy', 'probabilities', 'samples'], 'z3')
    """
    distribution = frames.distribution_frame(logits, temperature, settings.filters)
    p = distribution["probability"].to_numpy()
    samples = frames.samples_frame(logits, p, settings.samples, settings.seed)
    summary = frames.summarize(distribution, base=settings.base)
    if curve is None:
        curve = frames.entropy_frame(logits, log_grid(), settings.base, settings.filters)
    if sweep is None:
        sweep = frames.class_sweep_frame(logits, log_grid())
    cold, hot = (entropy(chain(logits, settings.filters.steps(t)), base=settings.base)
                 for t in (0, math.inf))
    style = settings.style
    rank = distribution["before_cuts"]  # cut tokens keep their place, marked "cut"
    bars = frames.top_classes(distribution, rank, settings.bars)
    sample_bars = frames.top_classes(samples, rank, settings.bars)
    return Views(
        distribution=distribution, samples=samples, summary=summary,
        charts={
            "probabilities": charts.probability_chart(
                bars, temperature=temperature, log_scale=settings.log_scale, style=style),
            "entropy": charts.entropy_chart(
                curve, temperature=temperature, current_entropy=summary.entropy,
                cold_entropy=cold, hot_entropy=hot, unit=settings.unit, style=style),
            "samples": charts.samples_chart(sample_bars, temperature=temperature,
                                            n=settings.samples, style=style),
            "classes": charts.class_chart(sweep, temperature=temperature, style=style),
        },
        alt_texts={
            "probabilities": charts.describe_distribution(bars, temperature),
            "entropy": charts.describe_entropy(temperature, summary.entropy, hot, settings.unit),
            "samples": charts.describe_samples(sample_bars, settings.samples),
            "classes": charts.describe_classes(sweep),
        },
    )

"""Everything one setting shows: the numbers at the chosen T, and the charts.

The charts hold their data at every temperature of a list (the slider's stops on the
page, one temperature in an export) and show the one a Vega-Lite parameter names, so
the page moves T by changing one number in a cached spec, a reader can drag T inside
the chart, and a downloaded image is made from the very chart the page shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import altair as alt
import numpy as np
import pandas as pd

from tempviz import charts, frames
from tempviz.charts import SCREEN, Stops, Style
from tempviz.i18n import DEFAULT_LANGUAGE
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
    filters: Filters = field(default_factory=Filters)
    bars: int = 20
    lang: str = DEFAULT_LANGUAGE

    @property
    def base(self) -> float | None:
        return UNITS[self.unit]


@dataclass(frozen=True)
class Numbers:
    """The numbers at one temperature: every class, the samples, the readouts, the limits."""

    temperature: float
    distribution: pd.DataFrame
    samples: pd.DataFrame
    ranking: np.ndarray  # the order of the classes in the table and the charts
    summary: frames.Summary
    cold_entropy: float
    hot_entropy: float
    lang: str = DEFAULT_LANGUAGE

    @property
    def table(self) -> pd.DataFrame:
        """The table for reading: the TABLE_ROWS most probable classes and the rest summed."""
        return frames.table_frame(*self.top(TABLE_ROWS), self.lang)

    def top(self, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The distribution and the samples for the first n classes of the ranking, each
        with one more row for the others."""
        return (frames.top_classes(self.distribution, self.ranking, n, self.lang),
                frames.top_classes(self.samples, self.ranking, n, self.lang))

    def csv(self) -> bytes:
        """Every class with its numbers at full precision, for a spreadsheet."""
        full = self.distribution.drop(columns="complement").assign(
            drawn=self.samples["drawn"], expected=self.samples["expected"])
        return full.to_csv(index=False).encode()


def limit_entropies(logits: Logits, settings: Settings = Settings()) -> tuple[float, float]:
    """The entropy at T → 0 and at T → ∞ after the cuts, in ``settings.unit``.

    >>> from tempviz import parse_logits
    >>> limit_entropies(parse_logits("1, 5, 5"))
    (1.0, 1.584962500721156)
    """
    cold, hot = (entropy(chain(logits, settings.filters.steps(t)), base=settings.base)
                 for t in (0, math.inf))
    return cold, hot


def numbers_at(logits: Logits, temperature: float, settings: Settings = Settings(),
               limits: tuple[float, float] | None = None) -> Numbers:
    """The numbers for logits at T; ``limits`` (from :func:`limit_entropies`, which does
    not depend on T) can be passed in by a caller that caches them.

    >>> from tempviz import parse_logits
    >>> numbers = numbers_at(parse_logits("1, 2, 5"), 0.1)
    >>> numbers.summary.top_label, round(numbers.hot_entropy, 3)
    ('z3', 1.585)
    """
    distribution = frames.distribution_frame(logits, temperature, settings.filters)
    p = distribution["probability"].to_numpy()
    cold, hot = limits if limits is not None else limit_entropies(logits, settings)
    return Numbers(temperature=temperature, distribution=distribution,
                   samples=frames.samples_frame(logits, p, settings.samples, settings.seed),
                   ranking=logits.ranking,
                   summary=frames.summarize(distribution, base=settings.base),
                   cold_entropy=cold, hot_entropy=hot, lang=settings.lang)


def build_charts(logits: Logits, temperatures: list[float], index: int,
                 settings: Settings = Settings(), curve: pd.DataFrame | None = None,
                 sweep: pd.DataFrame | None = None) -> dict[str, alt.TopLevelMixin]:
    """The four charts, with data at every temperature listed, showing ``temperatures[index]``.

    ``curve`` (the entropy over the slider's range, in ``settings.unit`` and with its
    cuts) and ``sweep`` (each class across that range) can be passed in by a caller
    that caches them.

    >>> from tempviz import parse_logits
    >>> sorted(build_charts(parse_logits("1, 2, 5"), [0.1], 0))
    ['classes', 'entropy', 'probabilities', 'samples']
    """
    if curve is None:
        curve = frames.entropy_frame(logits, log_grid(), settings.base, settings.filters)
    if sweep is None:
        sweep = frames.class_sweep_frame(logits, log_grid())
    lang = settings.lang
    data = frames.by_stop(logits, temperatures, filters=settings.filters, bars=settings.bars,
                          n=settings.samples, seed=settings.seed, base=settings.base, lang=lang)
    limits = numbers_at(logits, temperatures[index], settings)
    stops, style = Stops(temperatures, index), settings.style
    return {
        "probabilities": charts.probability_chart(
            data.distributions, stops, filtered=bool(settings.filters.cuts),
            log_scale=settings.log_scale, style=style, lang=lang),
        "entropy": charts.entropy_chart(
            curve, data.entropies, stops, cold_entropy=limits.cold_entropy,
            hot_entropy=limits.hot_entropy, unit=settings.unit, style=style, lang=lang),
        "samples": charts.samples_chart(data.samples, stops, n=settings.samples, style=style,
                                        lang=lang),
        "classes": charts.class_chart(sweep, stops, style=style, lang=lang),
    }


def alt_texts(numbers: Numbers, settings: Settings) -> dict[str, str]:
    """A text alternative for each chart that changes with T, for the numbers at T.
    The class chart's is :func:`charts.describe_classes`, the same at every T."""
    t, lang = numbers.temperature, settings.lang
    distribution, samples = numbers.top(settings.bars)
    return {
        "probabilities": charts.describe_distribution(distribution, t, lang),
        "entropy": charts.describe_entropy(t, numbers.summary.entropy, numbers.hot_entropy,
                                           settings.unit, lang),
        "samples": charts.describe_samples(samples, settings.samples, lang),
    }

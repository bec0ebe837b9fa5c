"""The numbers each view shows, as pandas DataFrames: one function per view.

Charts, tables, exports and the command line all read these frames, so a number
on a slide is the very number on the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tempviz.i18n import DEFAULT_LANGUAGE, text
from tempviz.logits import Logits
from tempviz.sampling import Filters, chain
from tempviz.softmax import as_temperature, entropy, sample_counts, sample_indices, softmax_sweep
from tempviz.temperature import format_temperature

REFERENCE_TEMPERATURE = 1.0
NO_FILTERS = Filters()
SUMMED = {"probability", "before_cuts", "reference", "drawn", "expected"}


def distribution_frame(logits: Logits, temperature: float,
                       filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """One row per class: label, logit, z/T, its probability after the whole chain,
    before the cuts (temperature alone) and at T = 1, and whether a cut removed it.

    z/T is NaN at T = 0, where it is undefined. ``complement`` is 1 − probability,
    summed from the other classes so that it stays exact when probability ≈ 1.

    >>> from tempviz import parse_logits
    >>> distribution_frame(parse_logits("1, 2, 5"), 10, Filters(top_k=2)).round(3)
      label  logit  scaled  probability  complement  before_cuts  reference    cut
    0    z1    1.0     0.1        0.000       1.000        0.278      0.017   True
    1    z2    2.0     0.2        0.426       0.574        0.307      0.047  False
    2    z3    5.0     0.5        0.574       0.426        0.415      0.936  False
    """
    t = as_temperature(temperature)
    at_t, reference = softmax_sweep(logits, [t, REFERENCE_TEMPERATURE])
    final = chain(logits, filters.steps(t)) if filters.cuts else at_t
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        scaled = np.asarray(logits) / t if t > 0 else np.full(len(logits), np.nan)
    return pd.DataFrame({
        "label": logits.label_column,
        "logit": logits.values,
        "scaled": scaled,
        "probability": final,
        "complement": complement(final),
        "before_cuts": at_t,
        "reference": reference,
        "cut": (final == 0) & (at_t > 0),
    })


def complement(probs: np.ndarray) -> np.ndarray:
    """1 − p for each class, as the sum of the other classes' probabilities.

    Subtracting from 1 would lose every digit of a complement below 1e-16.

    >>> complement(np.array([1e-20, 1 - 1e-20]))
    array([1.e+00, 1.e-20])
    """
    top = int(np.argmax(probs))
    result = 1 - probs
    result[top] = np.delete(probs, top).sum()
    return result


def entropy_frame(logits: Logits, temperatures: np.ndarray, base: float | None = None,
                  filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Entropy of the final distribution at each temperature: columns temperature, entropy.

    Without cuts this is one vectorised sweep; with cuts, the chain runs per temperature.

    >>> from tempviz import parse_logits
    >>> entropy_frame(parse_logits("0, 0"), np.array([0.1, 10]), base=2)
       temperature  entropy
    0          0.1      1.0
    1         10.0      1.0
    """
    if filters.cuts:
        probs = np.array([chain(logits, filters.steps(t)) for t in temperatures])
    else:
        probs = softmax_sweep(logits, temperatures)
    return pd.DataFrame({"temperature": temperatures, "entropy": entropy(probs, base=base)})


def class_sweep_frame(logits: Logits, temperatures: np.ndarray, top: int = 8) -> pd.DataFrame:
    """Each class's probability across temperatures, long format, for the ``top``
    classes most probable at T = 1 (in the order given).

    >>> from tempviz import parse_logits
    >>> class_sweep_frame(parse_logits("0, 4, 5"), np.array([1.0, 3.0])).round(3)
       temperature label  probability
    0          1.0    z1        0.005
    1          1.0    z2        0.268
    2          1.0    z3        0.727
    3          3.0    z1        0.099
    4          3.0    z2        0.376
    5          3.0    z3        0.525
    """
    probs = softmax_sweep(logits, temperatures)
    at_one = softmax_sweep(logits, [REFERENCE_TEMPERATURE])[0]
    shown = np.sort(np.argsort(-at_one, kind="stable")[:top])
    return pd.DataFrame({
        "temperature": np.repeat(temperatures, shown.size),
        "label": np.tile(np.array(logits.labels, dtype=object)[shown], len(temperatures)),
        "probability": probs[:, shown].ravel(),
    })


def reply_sequence(logits: Logits, probabilities: np.ndarray, n: int, seed: int | None
                   ) -> list[str]:
    """The labels of n draws in the order drawn: a chatbot's replies to n askings.

    >>> from tempviz import parse_logits
    >>> reply_sequence(parse_logits("yes: 0, no: -1000"), np.array([1.0, 0.0]), 3, seed=0)
    ['yes', 'yes', 'yes']
    """
    return [logits.labels[i] for i in sample_indices(probabilities, n, seed=seed)]


def samples_frame(logits: Logits, probabilities: np.ndarray, n: int, seed: int | None
                  ) -> pd.DataFrame:
    """Counts of n draws beside the expected counts n·p, one row per class.

    >>> from tempviz import parse_logits
    >>> samples_frame(parse_logits("0, 1000"), np.array([0.0, 1.0]), 50, seed=1)
      label  drawn  expected
    0    z1      0       0.0
    1    z2     50      50.0
    """
    return pd.DataFrame({
        "label": logits.label_column,
        "drawn": sample_counts(probabilities, n, seed=seed),
        "expected": n * np.asarray(probabilities),
    })


@dataclass(frozen=True)
class Summary:
    """The readouts beside the charts, entropy in the unit of ``base``."""

    entropy: float
    perplexity: float
    top_probability: float
    top_complement: float
    top_label: str


def summarize(distribution: pd.DataFrame, base: float | None = None) -> Summary:
    """Entropy, perplexity exp(H) ("effective number of choices") and the top class.

    >>> from tempviz import parse_logits
    >>> s = summarize(distribution_frame(parse_logits("3, 3, 3, 3"), 1), base=2)
    >>> s.entropy, s.perplexity, s.top_probability
    (2.0, 4.0, 0.25)
    """
    p = distribution["probability"].to_numpy()
    nats = entropy(p)
    top = int(np.argmax(p))
    return Summary(entropy=nats / math.log(base) if base else nats,
                   perplexity=math.exp(nats), top_probability=float(p[top]),
                   top_complement=float(distribution["complement"].iloc[top]),
                   top_label=distribution["label"].iloc[top])


def table_frame(distribution: pd.DataFrame, samples: pd.DataFrame,
                lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The table beside the charts: every number written for reading, not for computing.

    ``distribution`` is :func:`distribution_frame` and ``samples`` :func:`samples_frame`;
    z/T reads "—" at T = 0.

    >>> from tempviz import parse_logits
    >>> logits = parse_logits("1, 2, 5")
    >>> distribution = distribution_frame(logits, 0.1)
    >>> table_frame(distribution, samples_frame(logits, distribution["probability"], 10, 0))
      class logit z / T  probability expected n·p drawn
    0    z1     1    10      4.2e-18      4.2e-17     0
    1    z2     2    20      9.4e-14      9.4e-13     0
    2    z3     5    50  1 − 9.4e-14         10.0    10
    """
    columns = {
        "table.class": distribution["label"].array,
        "table.logit": [format_number(x) for x in distribution["logit"].tolist()],
        "table.scaled": [format_number(x) for x in distribution["scaled"].tolist()],
        "table.probability": [format_probability(p, c) for p, c in
                              zip(distribution["probability"].tolist(),
                                  distribution["complement"].tolist())],
        "table.expected": [format_count(x) for x in samples["expected"].tolist()],
        "table.drawn": [f"{x:,}" for x in samples["drawn"].tolist()],
    }
    return pd.DataFrame({text(key, lang): column for key, column in columns.items()})


def format_count(x: float) -> str:
    """An expected count: thousands separated, one decimal, more when small, scientific when tiny.

    >>> [format_count(x) for x in (12345.0, 2.25, 0.011, 4.2e-17, 0.0)]
    ['12,345', '2.2', '0.011', '4.2e-17', '0']
    """
    if x == 0 or x == round(x):
        return f"{x:,.0f}"
    if x >= 0.05:
        return f"{x:,.1f}"
    return f"{x:.3f}" if x >= 0.001 else f"{x:.1e}"


def format_number(x: float) -> str:
    """A logit or z/T with up to six significant digits; "−∞" and "—" where they apply.

    >>> [format_number(x) for x in (2.5, -math.inf, math.nan, 1e-7, 123456789.0)]
    ['2.5', '−∞', '—', '1e-07', '1.23457e+08']
    """
    if math.isnan(x):
        return "—"
    if x == 0:
        return "0"  # never "-0", as z/T is for a negative logit at T = ∞
    if math.isinf(x):
        return "−∞" if x < 0 else "∞"
    return f"{x:.6g}"


def format_probability(p: float, complement: float | None = None) -> str:
    """Probabilities as a reader wants them: three decimals, scientific when tiny,
    and "1 − ε" when within 0.001 of 1, so no probability is rounded to a false 1.

    ``complement`` is 1 − p computed without cancellation (the sum of the others);
    without it, 1 − p is taken from p and is right to about 1e-16 only.

    >>> [format_probability(p) for p in (0.93624, 0.0123, 4.248e-18, 0.0, 1.0)]
    ['0.936', '0.012', '4.2e-18', '0', '1']
    >>> format_probability(1 - 9.4e-14, complement=9.4e-14)
    '1 − 9.4e-14'
    """
    rest = 1 - p if complement is None else complement
    if rest == 0:
        return "1"
    if rest < 0.001:
        return f"1 − {rest:.1e}"
    return format_measure(p)


def format_measure(x: float) -> str:
    """A non-negative quantity such as an entropy: three decimals, scientific when tiny.

    >>> [format_measure(x) for x in (1.58496, 0.0004, 0.0)]
    ['1.585', '4.0e-04', '0']
    """
    if x == 0:
        return "0"
    return f"{x:.3f}" if x >= 0.001 else f"{x:.1e}"


def sweep_frame(logits: Logits, temperatures: list[float]) -> pd.DataFrame:
    """One row per class, one probability column per temperature, as in a lecture handout.

    >>> from tempviz import parse_logits
    >>> sweep_frame(parse_logits("0, 0"), [0.5, math.inf])
      label  logit  T=0.5  T=inf
    0    z1    0.0    0.5    0.5
    1    z2    0.0    0.5    0.5
    """
    probs = softmax_sweep(logits, temperatures)
    columns = {f"T={format_temperature(t)}": row for t, row in zip(temperatures, probs)}
    return pd.DataFrame({"label": logits.label_column, "logit": logits.values, **columns})


def top_classes(frame: pd.DataFrame, ranking: np.ndarray, n: int,
                lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """At most n classes, in the order of ``ranking`` (row indices, the first shown
    first: :attr:`Logits.ranking`), and one row summing all the others.

    A frame of n classes or fewer comes back unchanged, in its own order. In the
    "others" row numbers are summed, flags are true if true for every class summed,
    and anything else (a logit, z/T) is left empty.

    >>> f = pd.DataFrame({"label": list("abcd"), "probability": [0.1, 0.4, 0.2, 0.3]})
    >>> top_classes(f, np.array([1, 3, 2, 0]), 2)
          label  probability
    0         b          0.4
    1         d          0.3
    2  2 others          0.3
    """
    if len(frame) <= n:
        return frame
    keep = ranking[:n]
    rest = np.ones(len(frame), dtype=bool)
    rest[keep] = False
    shown = frame.iloc[keep]
    others = {"label": text("chart.others", lang, count=int(rest.sum()))}
    for column in frame.columns.drop("label"):
        values = frame[column].to_numpy()
        if values.dtype == bool:
            others[column] = bool(values.all(where=rest))
        elif column in SUMMED:
            others[column] = values.sum(where=rest)
        else:
            others[column] = np.nan
    if "complement" in frame:
        others["complement"] = shown["probability"].sum()  # exact where others ≈ 1
    return pd.concat([shown, pd.DataFrame([others])], ignore_index=True)


@dataclass(frozen=True)
class ByStop:
    """The frames the charts filter by temperature, each with a ``stop`` column."""

    distributions: pd.DataFrame
    samples: pd.DataFrame
    entropies: pd.DataFrame


def by_stop(logits: Logits, temperatures: list[float], *, filters: Filters = NO_FILTERS,
            bars: int = 20, n: int = 1_000, seed: int | None = 0,
            base: float | None = None, lang: str = DEFAULT_LANGUAGE) -> ByStop:
    """Distributions, samples and entropies at every temperature in a list, the
    distributions and samples cut to the ``bars`` highest logits plus one row for
    all the others (the ranking by logit holds at every T > 0).

    >>> from tempviz import parse_logits
    >>> frames = by_stop(parse_logits("1, 2, 5"), [0.0, math.inf], base=2)
    >>> frames.entropies.round(5)
       stop  temperature  entropy
    0     0          0.0  0.00000
    1     1          inf  1.58496
    """
    distributions, samples, entropies = [], [], []
    for stop, t in enumerate(temperatures):
        distribution = distribution_frame(logits, t, filters)
        p = distribution["probability"].to_numpy()
        drawn = samples_frame(logits, p, n, seed)
        distributions.append(
            top_classes(distribution, logits.ranking, bars, lang).assign(stop=stop))
        samples.append(top_classes(drawn, logits.ranking, bars, lang).assign(stop=stop))
        entropies.append(entropy(p, base=base))
    return ByStop(
        distributions=pd.concat(distributions, ignore_index=True),
        samples=pd.concat(samples, ignore_index=True),
        entropies=pd.DataFrame({"stop": range(len(temperatures)),
                                "temperature": temperatures, "entropy": entropies}))

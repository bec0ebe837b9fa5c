"""Numbers as a reader meets them: every class as one table (for the CSV downloads and
the command line), samples and replies, and how the page writes a probability, a count
or a measure in the reader's language. The stage's own numbers are in
:mod:`tempviz.scene`; the frames here reuse its rules, so a number in a file is the
number on the page.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from tempviz.i18n import DEFAULT_LANGUAGE, number, text
from tempviz.logits import Logits, spreadsheet_safe
from tempviz.sampling import Filters
from tempviz.scene import at_temperature, removed_by_cuts
from tempviz.softmax import as_temperature, sample_counts, sample_indices, softmax_sweep
from tempviz.temperature import REFERENCE_TEMPERATURE, format_temperature

NO_FILTERS = Filters()


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
    final, at_t = at_temperature(logits, t, filters)
    reference = softmax_sweep(logits, [REFERENCE_TEMPERATURE])[0]
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
        "cut": removed_by_cuts(final, at_t),
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


def table_frame(distribution: pd.DataFrame, samples: pd.DataFrame,
                lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The table beside the charts: every number written for reading, not for computing,
    the way the language writes numbers.

    ``distribution`` is :func:`distribution_frame` and ``samples`` :func:`samples_frame`;
    z/T reads "—" at T = 0. An expected count near n is written as n − ε, as a
    probability near 1 is.

    >>> from tempviz import parse_logits
    >>> logits = parse_logits("1, 2, 5")
    >>> distribution = distribution_frame(logits, 0.1)
    >>> table_frame(distribution, samples_frame(logits, distribution["probability"], 10, 0))
      class logit z / T    probability    expected n·p drawn
    0    z1     1    10      4.2×10⁻¹⁸       4.2×10⁻¹⁷     0
    1    z2     2    20      9.4×10⁻¹⁴       9.4×10⁻¹³     0
    2    z3     5    50  1 − 9.4×10⁻¹⁴  10 − 9.4×10⁻¹³    10
    """
    n = samples["drawn"].sum()
    columns = {
        "table.class": distribution["label"].array,
        "table.logit": [format_number(x, lang) for x in distribution["logit"].tolist()],
        "table.scaled": [format_number(x, lang) for x in distribution["scaled"].tolist()],
        "table.probability": [format_probability(p, c, lang) for p, c in
                              zip(distribution["probability"].tolist(),
                                  distribution["complement"].tolist())],
        "table.expected": [format_count(x, n * c, lang) for x, c in
                           zip(samples["expected"].tolist(),
                               distribution["complement"].tolist())],
        "table.drawn": [number(x, ",", lang) for x in samples["drawn"].tolist()],
    }
    return pd.DataFrame({text(key, lang): column for key, column in columns.items()})


def format_count(x: float, short: float | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """An expected count: thousands separated, one decimal, more when small, scientific when
    tiny; ``short`` is how far it falls short of the whole sample n (n·(1 − p), exact), so
    a count within 0.05 of n reads "n − ε" instead of a false "n.0".

    >>> [format_count(x) for x in (12345.0, 2.25, 0.011, 4.2e-17, 0.0)]
    ['12,345', '2.2', '0.011', '4.2×10⁻¹⁷', '0']
    >>> format_count(1000 - 9.4e-11, 9.4e-11), format_count(1234.5, lang="ru")
    ('1,000 − 9.4×10⁻¹¹', '1\xa0234,5')
    """
    if short is not None and 0 < short <= 0.05:
        return f"{number(round(x + short), ',', lang)} − {scientific(short, lang)}"
    if x == round(x):
        return number(x, ",.0f", lang)
    if x >= 0.05:
        return number(x, ",.1f", lang)
    return number(x, ".3f", lang) if x >= 0.001 else scientific(x, lang)


def format_number(x: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A logit or z/T with up to six significant digits; "−∞" and "—" where they apply.

    >>> [format_number(x) for x in (2.5, -math.inf, math.nan, 1e-7, 123456789.0)]
    ['2.5', '−∞', '—', '10⁻⁷', '1.23457×10⁸']
    >>> format_number(-2.5, "ru")
    '−2,5'
    """
    if math.isnan(x):
        return "—"
    if x == 0:
        return "0"  # never "-0", as z/T is for a negative logit at T = ∞
    if x == -math.inf:
        return "−∞"
    if x == math.inf:
        return "∞"
    return number(x, ".6g", lang)


def format_probability(p: float, complement: float | None = None,
                       lang: str = DEFAULT_LANGUAGE) -> str:
    """Probabilities as a reader wants them: three decimals, scientific when tiny,
    and "1 − ε" when within 0.001 of 1, so no probability is rounded to a false 1.

    ``complement`` is 1 − p computed without cancellation (the sum of the others);
    without it, 1 − p is taken from p and is right to about 1e-16 only.

    >>> [format_probability(p) for p in (0.93624, 0.0123, 4.248e-18, 0.0, 1.0)]
    ['0.936', '0.012', '4.2×10⁻¹⁸', '0', '1']
    >>> format_probability(1 - 9.4e-14, complement=9.4e-14), format_probability(0.415, lang="ru")
    ('1 − 9.4×10⁻¹⁴', '0,415')
    """
    rest = 1 - p if complement is None else complement
    if rest == 0:
        return "1"
    if rest < 0.001:
        return f"1 − {scientific(rest, lang)}"
    return format_measure(p, lang)


def format_measure(x: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A non-negative quantity such as an entropy: three decimals, scientific when tiny.

    >>> [format_measure(x) for x in (1.58496, 0.0004, 0.0)]
    ['1.585', '4.0×10⁻⁴', '0']
    """
    if x == 0:
        return "0"
    return number(x, ".3f", lang) if x >= 0.001 else scientific(x, lang)


def format_bounded(x: float, bound: float, excess: float | None = None,
                   lang: str = DEFAULT_LANGUAGE) -> str:
    """A number between 1 and a bound (a perplexity, between 1 and K), with two decimals,
    or as many more as it takes not to read as the bound itself; within 0.005 of 1 it
    reads "1 + ε", from ``excess`` = x − 1 computed without cancellation.

    >>> format_bounded(2.5, 3), format_bounded(2.996, 3), format_bounded(3.0000000000000004, 3)
    ('2.50', '2.996', '3.00')
    >>> format_bounded(2.9999999, 3)
    '2.9999999'
    >>> format_bounded(1 + 2.9e-12, 3, excess=2.9e-12), format_bounded(1.0, 3, excess=0.0)
    ('1 + 2.9×10⁻¹²', '1.00')
    """
    if excess is not None and 0 < excess <= 0.005:
        return f"1 + {scientific(excess, lang)}"
    at_bound = math.isclose(x, bound, rel_tol=1e-12)  # exp(log K) may be K + 4e-16
    # off the bound, x is over 1e-12 · K ≥ 2e-12 from it: 12 decimals (± 5e-13) tell them
    for decimals in range(2, 13):
        written = number(x, f".{decimals}f", lang)
        if at_bound or float(f"{x:.{decimals}f}") != bound:
            break
    return written


def sweep_frame(logits: Logits, temperatures: list[float],
                names: list[str] | None = None) -> pd.DataFrame:
    """One row per class, one probability column per temperature, as in a lecture
    handout, to be saved as CSV: a label a spreadsheet would run as a formula starts
    with an apostrophe. Columns are named T= and each temperature's name in ``names``
    (by default as :func:`format_temperature` writes it, which may give two close
    temperatures one name).

    >>> from tempviz import parse_logits
    >>> sweep_frame(parse_logits("0, @SUM(1): 0"), [0.5, math.inf])
          label  logit  T=0.5  T=inf
    0        z1    0.0    0.5    0.5
    1  '@SUM(1)    0.0    0.5    0.5
    """
    probs = softmax_sweep(logits, temperatures)
    names = names or [format_temperature(t) for t in temperatures]
    columns = {f"T={name}": row for name, row in zip(names, probs)}
    return pd.DataFrame({"label": spreadsheet_safe(logits.labels), "logit": logits.values,
                         **columns})


def scientific(x: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """Two significant digits times a power of ten, as a textbook prints a tiny number
    and as the charts write it (see :func:`tempviz.charts.scientific_text`), so a number
    reads the same in the table and on a bar.

    >>> scientific(5.5e-4), scientific(4.248e-18), scientific(1.5e-100), scientific(4.2e-18, "ru")
    ('5.5×10⁻⁴', '4.2×10⁻¹⁸', '1.5×10⁻¹⁰⁰', '4,2·10⁻¹⁸')
    """
    return number(x, ".1e", lang)

"""Show the work: softmax at one temperature, step by step, as a textbook's solution
writes it, and the same steps at every slider stop for a chart that follows T.

    z  →  z / T  →  z / T − max  →  e^(z / T − max)  →  their sum Σ  →  p = e^(…) / Σ

Subtracting the largest z / T changes no probability (it cancels between each term and
the sum) and keeps every e^(…) between 0 and 1, so nothing overflows. tempviz computes
the shifted value as (z − max z) / T (:func:`tempviz.softmax.scaled_logits`), which stays
finite even where z / T itself does not.

>>> from tempviz import parse_logits
>>> steps = work(parse_logits("1, 2, 5"), 0.1)
>>> steps.scaled, steps.shifted
(array([10., 20., 50.]), array([-40., -30.,   0.]))
>>> float(steps.excess)  # Σ − 1 = e^-40 + e^-30, kept to the last digit
9.358047804265703e-14
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tempviz.charts import temperature_phrase
from tempviz.frames import complement, format_measure, format_number, format_probability
from tempviz.frames import scientific as tiny
from tempviz.i18n import DEFAULT_LANGUAGE, listed, number, text
from tempviz.logits import Logits
from tempviz.softmax import scaled_logits, softmax_sweep

WORK_ROWS = 10        # classes written out one by one; the rest share one row
LABEL_CHARACTERS = 24  # a longer class label is shortened in the table
COLUMNS = ("work.class", "work.z", "work.scaled", "work.shifted", "work.weight",
           "work.probability")


@dataclass(frozen=True)
class Work:
    """The steps at one T, for the classes written out (``rows``, indices into the
    logits), and the sum over every class. z / T and its maximum are NaN at T = 0,
    where they have no value; the steps after them hold their limits."""

    temperature: float
    rows: np.ndarray
    z: np.ndarray
    scaled: np.ndarray       # z / T
    largest: float           # max z / T
    shifted: np.ndarray      # z / T − max, as (z − max z) / T
    weight: np.ndarray       # e^(z / T − max), between 0 and 1
    total: float             # Σ e^(z / T − max) over every class, at least 1
    excess: float            # Σ − 1, summed from the other classes, exact when tiny
    probability: np.ndarray
    complement: np.ndarray   # 1 − p, summed from the other classes
    others: int              # classes not written out
    others_weight: float
    others_probability: float


def work(logits: Logits, temperature: float, rows: int = WORK_ROWS,
         probabilities: np.ndarray | None = None) -> Work:
    """The steps of softmax(z / T) for the first ``rows`` classes (all in the order given
    when they fit, else those of highest logit), with the sum over all of them.
    ``probabilities`` is softmax(z / T) when already computed.

    >>> from tempviz import parse_logits
    >>> steps = work(parse_logits("1, 2, 5"), float("inf"))  # the T → ∞ limit
    >>> steps.weight, steps.total, steps.probability.round(3)
    (array([1., 1., 1.]), 3.0, array([0.333, 0.333, 0.333]))
    """
    z = np.asarray(logits.values)
    shown = np.arange(len(z)) if len(z) <= rows else logits.ranking[:rows]
    shifted = scaled_logits(z, temperature)
    weight = np.exp(shifted)
    top = int(np.argmax(shifted))  # its shifted value is 0, its weight exactly 1
    excess = weight.sum(where=np.arange(len(z)) != top)
    p = softmax_sweep(z, [temperature])[0] if probabilities is None else probabilities
    rest = np.ones(len(z), dtype=bool)
    rest[shown] = False
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        scaled = z[shown] / temperature if temperature > 0 else np.full(len(shown), np.nan)
        largest = z.max() / temperature if temperature > 0 else math.nan
    return Work(temperature=temperature, rows=shown, z=z[shown], scaled=scaled,
                largest=float(largest), shifted=shifted[shown], weight=weight[shown],
                total=float(1 + excess), excess=float(excess), probability=p[shown],
                complement=complement(p)[shown], others=int(rest.sum()),
                others_weight=float(weight.sum(where=rest)),
                others_probability=float(p.sum(where=rest)))


def weight_text(weight: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """An e^(…) between 0 and 1: exactly 1 for the largest, scientific when tiny.

    >>> weight_text(1.0), weight_text(0.6703), weight_text(4.248e-18), weight_text(0.67, "ru")
    ('1', '0.670', '4.2×10⁻¹⁸', '0,670')
    """
    return "1" if weight == 1 else format_measure(weight, lang)


def total_text(total: float, excess: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """The sum of the e^(…), at least 1: "1 + ε" when within 0.001 of 1, written from the
    exact excess, as probabilities near 1 are written "1 − ε".

    >>> total_text(1 + 9.36e-14, 9.36e-14), total_text(2.4109, 1.4109), total_text(3.0, 2.0)
    ('1 + 9.4×10⁻¹⁴', '2.411', '3')
    """
    if excess == 0:
        return "1"
    if excess < 0.001:
        return f"1 + {tiny(excess, lang)}"
    return number(total, ".4g", lang)


def short_label(label: str) -> str:
    """A class label as the table writes it: long ones shortened.

    >>> short_label("Pretty good, thanks for asking.")
    'Pretty good, thanks for…'
    """
    return label if len(label) <= LABEL_CHARACTERS else label[:LABEL_CHARACTERS - 1] + "…"


def work_texts(logits: Logits, steps: Work, lang: str = DEFAULT_LANGUAGE) -> list[list[str]]:
    """The table of the work, row by row, as written: one row per class written out,
    one for the others (when some are not), and the sum Σ with max z / T.

    >>> from tempviz import parse_logits
    >>> for row in work_texts(parse_logits("1, 2, 5"), work(parse_logits("1, 2, 5"), 0.1)):
    ...     print(" | ".join(row))
    z1 | 1 | 10 | −40 | 4.2×10⁻¹⁸ | 4.2×10⁻¹⁸
    z2 | 2 | 20 | −30 | 9.4×10⁻¹⁴ | 9.4×10⁻¹⁴
    z3 | 5 | 50 | 0 | 1 | 1 − 9.4×10⁻¹⁴
    Σ |  | max = 50 |  | 1 + 9.4×10⁻¹⁴ | 1
    """
    table = [[short_label(logits.labels[i]), format_number(z, lang), format_number(scaled, lang),
              format_number(shifted, lang), weight_text(w, lang),
              format_probability(p, rest, lang)]
             for i, z, scaled, shifted, w, p, rest in zip(
                 steps.rows, steps.z, steps.scaled, steps.shifted, steps.weight,
                 steps.probability, steps.complement)]
    if steps.others:
        table.append([text("chart.others", lang, count=steps.others), "", "", "",
                      number(steps.others_weight, ".4g", lang) if steps.others_weight >= 1 else
                      weight_text(steps.others_weight, lang),
                      format_probability(steps.others_probability,
                                         float(steps.probability.sum()), lang)])
    largest = text("work.max", lang, value=format_number(steps.largest, lang))
    table.append(["Σ", "", largest, "", total_text(steps.total, steps.excess, lang), "1"])
    return table


def work_cells(logits: Logits, temperatures: Sequence[float],
               lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The work at every temperature, one row per cell: ``stop``, table ``row`` and
    ``column``, its ``text``, and whether it is on the sum's row (``sum``).

    >>> from tempviz import parse_logits
    >>> cells = work_cells(parse_logits("1, 2, 5"), [1.0, 0.1])
    >>> cells[(cells.stop == 1) & (cells.column == 5)]["text"].tolist()
    ['4.2×10⁻¹⁸', '9.4×10⁻¹⁴', '1 − 9.4×10⁻¹⁴', '1']
    """
    sweep = softmax_sweep(logits, temperatures)
    written = []
    for stop, (t, p) in enumerate(zip(temperatures, sweep)):
        table = work_texts(logits, work(logits, t, probabilities=p), lang)
        written.extend({"stop": stop, "row": row, "column": column, "text": cell,
                        "sum": row == len(table) - 1}
                       for row, cells in enumerate(table) for column, cell in enumerate(cells))
    return pd.DataFrame(written)

def describe_work(logits: Logits, steps: Work, lang: str = DEFAULT_LANGUAGE) -> str:
    """A text alternative for the table at one T: each row's steps in order.

    >>> from tempviz import parse_logits
    >>> print(describe_work(parse_logits("1, 5"), work(parse_logits("1, 5"), 1.0)))
    ... # doctest: +NORMALIZE_WHITESPACE
    Step by step at T = 1: z1: 1, 1, −4, 0.018, 0.018. z2: 5, 5, 0, 1, 0.982.
    Σ: max = 5, 1.018, 1.
    """
    told = ". ".join(f"{row[0]}: " + listed((cell for cell in row[1:] if cell), lang)
                     for row in work_texts(logits, steps, lang))
    return f"{text('work.title', lang)}{temperature_phrase(steps.temperature, lang)}: {told}."

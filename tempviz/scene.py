"""Every number one input shows, at every slider stop, computed once.

A :class:`Scene` is what the stage draws: for each stop, the probabilities of the most
probable classes (and of all the others together), what sampling drew, the entropy and
the readouts; and over the whole range, the entropy curve and each class's curve. The
charts, the readouts, the table and the text alternatives at a given T all read it, so
moving T looks numbers up instead of computing them again, and a language switch
reuses them: a scene holds numbers and class ids only, never a translated word.

>>> from tempviz import parse_logits
>>> scene = build_scene(parse_logits("1, 2, 5"), [0.0, 0.1, 1.0, float("inf")])
>>> scene.shown  # the columns: classes from the highest logit down
array([2, 1, 0])
>>> scene.probability[2].round(3)  # z3, z2, z1 at T = 1, then the (empty) rest
array([0.936, 0.047, 0.017, 0.   ])
>>> float(scene.entropy[0]), round(float(scene.entropy[-1]), 4)  # T → 0 and T → ∞, in nats
(0.0, 1.0986)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tempviz.logits import Logits
from tempviz.sampling import DYNAMIC, Filters, chain, chain_temperature
from tempviz.softmax import entropy, sample_counts, softmax_sweep
from tempviz.temperature import REFERENCE_TEMPERATURE, log_grid

TOP_ROWS = 100         # the classes a scene keeps one by one; the rest are summed
CURVE_CLASSES = 8      # the classes drawn as curves across T: the most probable at T = 1


@dataclass(frozen=True, eq=False)
class Scene:
    """Numbers at every stop (rows) for the ``TOP_ROWS`` classes of highest logit
    (columns, in ``shown`` order), plus a last column that sums every other class.

    Entropies are in nats; ``unit_entropy`` converts them.
    """

    temperatures: np.ndarray   # the stops
    shown: np.ndarray          # class indices of the columns, highest logit first
    classes: int               # how many classes there are in all
    probability: np.ndarray    # after the whole chain
    complement: np.ndarray     # 1 − probability, summed from the others (exact near 1)
    before_cuts: np.ndarray    # temperature alone
    reference: np.ndarray      # at T = 1, the same for every stop (one row)
    cut: np.ndarray            # removed by a cut although temperature alone keeps it
    drawn: np.ndarray          # counts among ``samples`` draws
    samples: int
    entropy: np.ndarray        # one per stop, of the whole distribution
    top: np.ndarray            # per stop, the index (into ``shown``) of the largest column
    tied: np.ndarray           # per stop, how many classes hold the largest probability
    applied: np.ndarray        # per stop, the T the chain divides by (dynamic temperature's)
    cold_entropy: float        # the limits T → 0 and T → ∞, after the cuts
    hot_entropy: float
    curve_temperatures: np.ndarray
    curve_entropy: np.ndarray          # the entropy over ``curve_temperatures``
    curve_classes: np.ndarray          # class indices drawn as curves, in the order given
    curve_probability: np.ndarray      # (len(curve_temperatures), len(curve_classes))

    @property
    def expected(self) -> np.ndarray:
        """Expected counts n·p, the exact counterpart of ``drawn``."""
        return self.samples * self.probability

    def columns(self, count: int) -> tuple[np.ndarray, int]:
        """Which columns to show one by one when ``count`` fit, in the order to show them,
        and how many classes the "others" row then sums. When every class fits they
        keep the order they were given in (z1, z2, z3); otherwise the highest logits
        come first.

        >>> from tempviz import parse_logits
        >>> scene = build_scene(parse_logits("1, 2, 5"), [1.0])
        >>> scene.columns(5), scene.columns(2)
        ((array([2, 1, 0]), 0), (array([0, 1]), 1))
        """
        kept = min(count, len(self.shown))
        others = self.classes - kept
        if others:
            return np.arange(kept), others
        return np.argsort(self.shown), 0

    def unit_entropy(self, nats: np.ndarray | float, base: float | None) -> np.ndarray | float:
        """Entropy in the unit of ``base`` (2 for bits, None for nats)."""
        return nats / math.log(base) if base else nats


def build_scene(logits: Logits, temperatures: Sequence[float], *,
                filters: Filters = Filters(), samples: int = 1_000, seed: int | None = 0,
                curve_temperatures: np.ndarray | None = None) -> Scene:
    """Compute every number the stage shows for ``logits`` at each temperature.

    Samples at each stop are drawn from ``seed``, so returning to a T shows the
    same draws. The cost is one softmax per stop over the whole vector.
    """
    temperatures = np.asarray(temperatures, dtype=float)
    curve_t = log_grid() if curve_temperatures is None else curve_temperatures
    shown = logits.ranking[:TOP_ROWS]
    rest = np.ones(len(logits), dtype=bool)
    rest[shown] = False
    columns = len(shown) + 1
    rows = len(temperatures)
    probability, complement, before, drawn = (np.zeros((rows, columns)) for _ in range(4))
    cut = np.zeros((rows, columns), dtype=bool)
    entropies = np.empty(rows)
    tied = np.empty(rows, dtype=int)
    applied = temperatures.copy()
    for row, t in enumerate(temperatures):
        final, alone = at_temperature(logits, t, filters)
        probability[row] = _columns(final, shown, rest)
        before[row] = _columns(alone, shown, rest)
        drawn[row] = _columns(sample_counts(final, samples, seed=seed), shown, rest)
        complement[row] = _complements(final, shown, rest)
        removed = removed_by_cuts(final, alone)
        cut[row, :-1] = removed[shown]
        cut[row, -1] = bool(rest.any()) and bool(removed[rest].all())
        entropies[row] = entropy(final)
        tied[row] = np.count_nonzero(final == final.max())
        if filters.cut(DYNAMIC):
            applied[row] = chain_temperature(logits, filters.steps(t))
    reference = _columns(softmax_sweep(logits, [REFERENCE_TEMPERATURE])[0], shown, rest)
    cold, hot = (entropy(chain(logits, filters.steps(t))) for t in (0.0, math.inf))
    alone_curve = softmax_sweep(logits, curve_t)  # temperature alone, over the whole range
    if filters.cuts:
        curve = np.array([entropy(chain(logits, filters.steps(t))) for t in curve_t])
    else:
        curve = entropy(alone_curve)
    curve_classes = np.sort(logits.ranking[:CURVE_CLASSES])  # in the order given: z1, z2, …
    return Scene(
        temperatures=temperatures, shown=shown, classes=len(logits), probability=probability,
        complement=complement, before_cuts=before, reference=reference, cut=cut, drawn=drawn,
        samples=samples, entropy=entropies, top=np.argmax(probability[:, :-1], axis=1),
        tied=tied, applied=applied,
        cold_entropy=float(cold), hot_entropy=float(hot), curve_temperatures=curve_t,
        curve_entropy=np.asarray(curve), curve_classes=curve_classes,
        curve_probability=alone_curve[:, curve_classes])


def at_temperature(logits: Logits, t: float, filters: Filters) -> tuple[np.ndarray, np.ndarray]:
    """The probabilities at T = t after the whole chain, and with temperature alone.

    >>> from tempviz import parse_logits
    >>> final, alone = at_temperature(parse_logits("1, 2, 5"), 10, Filters(top_k=2))
    >>> final.round(3), alone.round(3)
    (array([0.   , 0.426, 0.574]), array([0.278, 0.307, 0.415]))
    """
    alone = softmax_sweep(logits, [t])[0]
    return (chain(logits, filters.steps(t)) if filters.cuts else alone), alone


def removed_by_cuts(final: np.ndarray, alone: np.ndarray) -> np.ndarray:
    """The classes a cut removed: temperature alone keeps them, the chain does not."""
    return (final == 0) & (alone > 0)


def _columns(values: np.ndarray, shown: np.ndarray, rest: np.ndarray) -> np.ndarray:
    """The shown classes' values, then the sum of every other class's."""
    return np.append(values[shown], values.sum(where=rest))


def _complements(p: np.ndarray, shown: np.ndarray, rest: np.ndarray) -> np.ndarray:
    """1 − p for each column without cancellation: for the most probable class (the
    only one that can be near 1) the sum of all the others; for "others" (which can
    be near 1 only when a cut removed every shown class), the sum of the shown ones.

    >>> _complements(np.array([1e-20, 1 - 1e-20]), np.array([1]), np.array([True, False]))
    array([1.e-20, 1.e+00])
    """
    result = np.append(1 - p[shown], p.sum(where=~rest))
    top = int(np.argmax(p))
    position = np.flatnonzero(shown == top)
    if position.size:
        others = np.ones(p.size, dtype=bool)
        others[top] = False
        result[position[0]] = p.sum(where=others)
    return result

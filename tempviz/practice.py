"""Temperature in practice: every number the page's part of that name shows, numpy only.

Two uses of T outside sampling. Calibration: the T* that minimises a classifier's
held-out NLL, and how its reliability, ECE and NLL change there (accuracy cannot: dividing
by T > 0 keeps each row's largest logit the largest). Distillation: a teacher's soft
targets softmax(z / T), the share of their probability on the classes it does not
predict (the "dark knowledge" a student learns from), and the loss T² · KL for a student.

Both are computed at once for every position of a log-scale dial: the stage's finite
slider stops, 0.01 to 100, with T* among them for calibration, so the page's charts hold
every position and follow the dial in the browser.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from tempviz import calibration
from tempviz.temperature import slider_stops

BINS = 15  # Guo et al.'s reliability bins
DISTILLATION_TEMPERATURE = 4.0  # where the dial starts: distillation uses 1 to 20
FINITE_STOPS = tuple(t for t in slider_stops() if 0 < t < math.inf)  # 0.01 … 100


@dataclass(frozen=True, eq=False)
class LabelledSet:
    """Held-out logits (N × K) and their labels (N class numbers), read-only.

    >>> LabelledSet.bundled().logits.shape
    (719, 10)
    """

    logits: np.ndarray
    labels: np.ndarray

    @classmethod
    def bundled(cls) -> LabelledSet:
        """The bundled digits set: :func:`tempviz.calibration.bundled`."""
        return cls(*calibration.bundled())

    @property
    def rows(self) -> int:
        return len(self.labels)

    @property
    def classes(self) -> int:
        return self.logits.shape[1]

    @cached_property
    def fingerprint(self) -> str:
        """A digest of the numbers, to key caches by."""
        digest = hashlib.blake2b(digest_size=16)
        digest.update(repr(self.logits.shape).encode())
        digest.update(np.ascontiguousarray(self.logits, dtype=np.float64).tobytes())
        digest.update(np.ascontiguousarray(self.labels, dtype=np.int64).tobytes())
        return digest.hexdigest()


@dataclass(frozen=True)
class Measures:
    """How a classifier does at one T: mean NLL in nats, ECE, accuracy."""

    nll: float
    ece: float
    accuracy: float


@dataclass(frozen=True, eq=False)
class Calibration:
    """A set's calibration at every dial position: T*, the NLL and ECE at each T, and
    the reliability table at each T (long, with the position in ``stop``).

    >>> fit = calibrate(LabelledSet.bundled())
    >>> round(fit.fitted, 2), bool(fit.temperatures[fit.fitted_stop] == fit.fitted)
    (2.56, True)
    >>> fit.before.accuracy == fit.after.accuracy  # argmax(z / T) = argmax(z)
    True
    """

    fitted: float
    temperatures: np.ndarray
    fitted_stop: int
    reference_stop: int  # where T = 1 is
    nll: np.ndarray
    ece: np.ndarray
    before: Measures
    after: Measures
    reliability: pd.DataFrame

    def at(self, stop: int) -> Measures:
        return Measures(float(self.nll[stop]), float(self.ece[stop]), self.before.accuracy)


def dial_stops(fitted: float | None = None) -> np.ndarray:
    """The dial's temperatures: the stage's finite stops, with ``fitted`` in its place.

    >>> stops = dial_stops(2.56)
    >>> len(stops), float(stops[0]), float(stops[-1]), 2.56 in stops
    (90, 0.01, 100.0, True)
    """
    stops = set(FINITE_STOPS) | ({fitted} if fitted is not None else set())
    return np.array(sorted(stops))


def calibrate(data: LabelledSet, bins: int = BINS) -> Calibration:
    """Fit T* (:func:`tempviz.calibration.fit_temperature`; it raises
    :class:`~tempviz.errors.TempvizError` for a set no T > 0 calibrates) and measure the
    set at every dial position."""
    fitted = calibration.fit_temperature(data.logits, data.labels)
    temperatures = dial_stops(fitted)
    nll, ece, tables = [], [], []
    for stop, t in enumerate(temperatures):
        p = calibration.scaled_probabilities(data.logits, t)
        nll.append(calibration.nll(data.logits, data.labels, t))
        ece.append(calibration.calibration_error(p, data.labels, bins))
        tables.append(calibration.reliability(p, data.labels, bins).assign(stop=stop))
    accuracy = float((data.logits.argmax(axis=1) == data.labels).mean())
    fitted_stop = int(np.flatnonzero(temperatures == fitted)[0])
    reference_stop = int(np.flatnonzero(temperatures == 1.0)[0])
    nll, ece = np.array(nll), np.array(ece)
    return Calibration(
        fitted=fitted, temperatures=temperatures, fitted_stop=fitted_stop,
        reference_stop=reference_stop, nll=nll, ece=ece,
        before=Measures(float(nll[reference_stop]), float(ece[reference_stop]), accuracy),
        after=Measures(float(nll[fitted_stop]), float(ece[fitted_stop]), accuracy),
        reliability=pd.concat(tables, ignore_index=True))


@dataclass(frozen=True, eq=False)
class Distillation:
    """A teacher's soft targets and a student's distribution at every dial position
    (stops × K), the dark knowledge and the loss there.

    ``dark`` is the teacher's probability off its top class, 1 − p_max, summed over the
    other classes so that a tiny share keeps its digits; ``loss`` is T² · KL(p ‖ q).

    >>> d = distil([0, math.log(3)], [0, 0], [1.0])
    >>> d.teacher.round(12).tolist(), round(float(d.dark[0]), 12)
    ([[0.25, 0.75]], 0.25)
    """

    temperatures: np.ndarray
    teacher: np.ndarray
    student: np.ndarray
    dark: np.ndarray
    loss: np.ndarray

    @property
    def stop(self) -> int:
        """The position the dial starts at: T = 4."""
        return int(np.argmin(np.abs(np.log(self.temperatures / DISTILLATION_TEMPERATURE))))


def distil(teacher: Sequence[float], student: Sequence[float],
           temperatures: Sequence[float] = FINITE_STOPS) -> Distillation:
    """The teacher's and the student's softmax(z / T), the dark knowledge and the loss
    at each temperature (each finite and > 0)."""
    teacher_z = np.asarray(teacher, dtype=np.float64)
    student_z = np.asarray(student, dtype=np.float64)
    temperatures = np.asarray(temperatures, dtype=np.float64)
    p = np.array([calibration.scaled_probabilities([teacher_z], t)[0] for t in temperatures])
    q = np.array([calibration.scaled_probabilities([student_z], t)[0] for t in temperatures])
    top = int(np.argmax(teacher_z))
    others = np.ones(len(teacher_z), dtype=bool)
    others[top] = False
    loss = np.array([calibration.distillation_loss(student_z, teacher_z, t)
                     for t in temperatures])
    return Distillation(temperatures, p, q, p[:, others].sum(axis=1), loss)

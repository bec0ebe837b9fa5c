"""Temperatures as people read and write them: the slider's stops, text in and out.

The slider runs over round numbers spaced evenly on a log scale, 22 to a decade,
from 0.01 to 100, with the two limits T = 0 and T = ∞ at its ends. Every value a
teacher is likely to name (0.1, 0.5, 0.7, 1, 1.5, 2, 5, 10) is a stop.
"""

from __future__ import annotations

import math
import re

import numpy as np

from tempviz.errors import invalid

LOWEST, HIGHEST = 0.01, 100.0
_MANTISSAS = (1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2, 2.2, 2.5, 2.8,
              3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 9)
_INFINITY = re.compile(r"\+?(?:inf|infinity|∞)", re.IGNORECASE)


REFERENCE_TEMPERATURE = 1.0  # the network's own distribution, drawn beside every T

def slider_stops() -> list[float]:
    """The temperatures on the slider: 0, round numbers from 0.01 to 100, then ∞.

    >>> stops = slider_stops()
    >>> stops[:3], stops[-3:], len(stops)
    ([0.0, 0.01, 0.011], [90.0, 100.0, inf], 91)
    """
    decades = range(round(math.log10(LOWEST)), round(math.log10(HIGHEST)))
    finite = [float(f"{m * 10.0 ** d:.3g}") for d in decades for m in _MANTISSAS]
    return [0.0, *finite, HIGHEST, math.inf]


def log_grid(points: int = 241, lowest: float = LOWEST, highest: float = HIGHEST) -> np.ndarray:
    """Temperatures evenly spaced in log T, for curves over the slider's range.

    >>> log_grid(5)
    array([1.e-02, 1.e-01, 1.e+00, 1.e+01, 1.e+02])
    """
    return np.logspace(math.log10(lowest), math.log10(highest), points)


def format_temperature(temperature: float) -> str:
    """Write T as a plain number with three significant digits at most; ∞ as 'inf'.

    The same text serves the slider, the URL and file names.

    >>> [format_temperature(t) for t in (0, 0.1, 0.3162, 10, 100, math.inf)]
    ['0', '0.1', '0.316', '10', '100', 'inf']
    """
    if math.isinf(temperature):
        return "inf"
    text = f"{temperature:.3g}"
    return f"{temperature:.0f}" if "e+" in text else text


def parse_temperature(text: str) -> float:
    """Read a temperature written by a person or found in a URL: a number ≥ 0, or inf.

    >>> parse_temperature("0.1"), parse_temperature("inf"), parse_temperature("0")
    (0.1, inf, 0.0)
    """
    cleaned = str(text).strip().replace(",", ".")
    if _INFINITY.fullmatch(cleaned):
        return math.inf
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not 0 <= value < math.inf:
        raise invalid("T", "rule.temperature", str(text))
    return value


def nearest_stop(temperature: float, stops: list[float]) -> float:
    """The slider stop closest to T on the log scale (0 and ∞ only match themselves).

    >>> nearest_stop(0.33, slider_stops()), nearest_stop(1e6, slider_stops())
    (0.35, 100.0)
    """
    if temperature in (0, math.inf):
        return temperature
    finite = [s for s in stops if 0 < s < math.inf]
    return min(finite, key=lambda s: abs(math.log(s / temperature)))

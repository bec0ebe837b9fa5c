"""Core speed: tv.softmax_sweep for 50,000 logits × 241 temperatures, as a ratio to the
floor, one np.exp over the same number of elements, measured in the same run. The floor
exponentiates the very values the sweep does, (z - max z) / T, since np.exp's speed
depends on them (underflow to 0 and subnormal results take a slower path).

    python bench/core.py

Target: at most 1.6× the floor. For comparison it also times a Python loop over
temperatures and, if SciPy is installed, scipy.special.softmax on the scaled matrix.

It also times tv.parse_logits on 100,000 pasted logits against the least a parser
must do, float() of each comma-separated piece, so that reading stays linear in the
length of the text (a backtracking pattern once made a 50,000-logit paste take 100 s).
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tempviz as tv
from tempviz.temperature import log_grid

CLASSES, TEMPERATURES, REPEATS = 50_000, 241, 7
PASTED = 100_000


def best_of(function) -> float:
    """The fastest of REPEATS runs: the least disturbed by the rest of the machine."""
    return min(timeit.repeat(function, number=1, repeat=REPEATS))


def main() -> None:
    logits = np.random.default_rng(0).normal(0, 3, CLASSES)
    temperatures = log_grid(TEMPERATURES)
    elements = (logits - logits.max())[None, :] / temperatures[:, None]
    candidates = {
        "tv.softmax_sweep": lambda: tv.softmax_sweep(logits, temperatures),
        "Python loop of tv.softmax": lambda: [tv.softmax(logits, t) for t in temperatures],
    }
    try:
        from scipy.special import softmax as scipy_softmax

        candidates["scipy.special.softmax"] = lambda: scipy_softmax(
            logits[None, :] / temperatures[:, None], axis=1)
    except ImportError:
        pass
    floor = best_of(lambda: np.exp(elements))
    print(f"floor: np.exp over {TEMPERATURES} × {CLASSES:,} elements: {floor * 1e3:.1f} ms")
    for name, function in candidates.items():
        print(f"{name:>28}: {best_of(function) / floor:.2f}× the floor")

    pasted = ", ".join(f"{x:.4f}" for x in np.random.default_rng(1).normal(0, 3, PASTED))
    least = best_of(lambda: [float(piece) for piece in pasted.split(",")])
    parse = best_of(lambda: tv.parse_logits(pasted))
    print(f"reading {PASTED:,} pasted logits: {parse / least:.1f}× float() of each piece"
          f" ({least * 1e3:.0f} ms)")


if __name__ == "__main__":
    main()

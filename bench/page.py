"""Page speed: one script rerun after a temperature change, timed with Streamlit's AppTest,
as ratios against a minimal page (one slider, one text) measured in the same run.

    python bench/page.py

Targets: a rerun with 50,000 logits at most 2× a rerun with the default 3 logits, and
the default page at most 10× the minimal page.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tempviz.state import STOPS

BENCH = Path(__file__).resolve().parent
APP, MINIMAL = BENCH.parent / "app.py", BENCH / "minimal_app.py"
RERUNS = 40


def move_to(page: AppTest, temperature: float) -> None:
    """Set the temperature the way a release of the stage's control does: the minimal
    page has a slider; tempviz's view moves to the stop (its callback does only that)."""
    if "view" in page.session_state:
        view = page.session_state["view"]
        page.session_state["view"] = view.at_stop(STOPS.index(temperature))
    else:
        page.select_slider(key="T").set_value(temperature)


def rerun_seconds(page: AppTest, temperature: float) -> float:
    """Seconds of one rerun that moves the temperature to ``temperature``."""
    move_to(page, temperature)
    started = time.perf_counter()
    page.run()
    elapsed = time.perf_counter() - started
    assert not page.exception, page.exception
    return elapsed


def opened(path: Path, logits: str | None = None) -> AppTest:
    page = AppTest.from_file(str(path), default_timeout=120)
    page.run()
    if logits is not None:
        page.text_area(key="logits").set_value(logits).run()
    move_to(page, 2.0)  # warm every cache once
    page.run()
    return page


def main() -> None:
    big = ", ".join(f"{x:.4f}" for x in np.random.default_rng(0).normal(0, 3, 50_000))
    pages = {"minimal": opened(MINIMAL), "default": opened(APP), "large": opened(APP, big)}
    times: dict[str, list[float]] = {name: [] for name in pages}
    temperatures = [0.5, 1.0, 2.0, 5.0]
    for i in range(RERUNS):  # interleaved, so a slow moment of the machine hits all three
        for name, page in pages.items():
            times[name].append(rerun_seconds(page, temperatures[i % len(temperatures)]))
    minimal, default, large = (statistics.median(times[name]) for name in pages)
    print(f"minimal page rerun: {minimal * 1e3:.1f} ms (the baseline)")
    print(f"default page (3 logits): {default / minimal:.1f}× the minimal page (target ≤ 10×)")
    print(f"50,000 logits: {large / default:.2f}× the default page (target ≤ 2×)")


if __name__ == "__main__":
    sys.exit(main())

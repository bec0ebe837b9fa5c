"""The practice part's speed: a rerun of the page with "Temperature in practice" open
(the bundled set), against the same page with it closed, in the same run, with Streamlit's
AppTest. What the part adds to a rerun is the difference; every number it shows is
cached by set, teacher and language, so a rerun only looks them up and sends them.

    python bench/practice.py

Target: the part adds at most 50 ms to a rerun on the bundled set.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

from streamlit.testing.v1 import AppTest

BENCH = Path(__file__).resolve().parent
APP = BENCH.parent / "app.py"
RERUNS = 40


def opened(part: str) -> AppTest:
    page = AppTest.from_file(str(APP), default_timeout=120)
    page.query_params.update({"lang": "en", "part": part} if part else {"lang": "en"})
    page.run()
    page.run()  # warm every cache once
    return page


def rerun_seconds(page: AppTest, stop: int) -> float:
    """Seconds of one rerun that moves the stage's T, as a release of its control does."""
    page.session_state["view"] = replace(page.session_state["view"], stop=stop)
    started = time.perf_counter()
    page.run()
    elapsed = time.perf_counter() - started
    assert not page.exception, page.exception
    return elapsed


def main() -> None:
    pages = {"closed": opened(""), "open": opened("practice")}
    assert "Fitted temperature T*" in [m.label for m in pages["open"].metric]
    times: dict[str, list[float]] = {name: [] for name in pages}
    stops = [40, 45, 50, 55]
    for i in range(RERUNS):  # interleaved, so a slow moment of the machine hits both
        for name, page in pages.items():
            times[name].append(rerun_seconds(page, stops[i % len(stops)]))
    closed, open_ = (statistics.median(times[name]) for name in pages)
    print(f"page rerun, part closed: {closed * 1e3:.1f} ms (the baseline)")
    print(f"page rerun, part open: {open_ * 1e3:.1f} ms, {open_ / closed:.2f}× the baseline")
    print(f"the part adds {(open_ - closed) * 1e3:.1f} ms to a rerun (target ≤ 50 ms)")


if __name__ == "__main__":
    sys.exit(main())

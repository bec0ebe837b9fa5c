"""A classroom at once: one server, thirty students in headless Chromium, all at once.

Each session opens the page with its own logits and temperature (as a shared link
would), checks the numbers, then all of them press a key on the temperature slider at
the same moment and check that the page shows the numbers tempviz computes for *its*
logits at *its* new T, so any state leaking between sessions shows up as a mismatch.
Sessions join a second apart (--stagger), as students do, and stay open together.
The browsers share this machine with the server, so on a small machine their rendering,
not the server, sets the update times; the server's own share is in the memory figures.
It reports the server's peak
memory, its memory after each round (flat means no leak) and the slowest update.

    python bench/classroom.py                 # 30 sessions, 3 rounds
    python bench/classroom.py --sessions 10 --rounds 1

Traffic goes to 127.0.0.1 only, and every wait is bounded, so the script always ends.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

import tempviz as tv  # noqa: E402
from tempviz.frames import distribution_frame, format_probability  # noqa: E402
from tempviz.temperature import format_temperature, slider_stops  # noqa: E402
from tests.conftest import CHROMIUM_FLAGS, DEBIAN_CHROMIUM, IDLE, free_port  # noqa: E402

STOPS = slider_stops()
WAIT_MS = 240_000
CONTROL = "#tempviz-stop"  # the stage's temperature control


class MemoryWatch:
    """Samples a process's resident memory (with its children) until stopped."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def resident_mb(self) -> float:
        pids = [self.pid, *_children(self.pid)]
        total = 0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def _watch(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.resident_mb())
            time.sleep(0.1)

    def stop(self) -> None:
        self.running = False
        self.thread.join()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def start_server(port: int, *options: str) -> subprocess.Popen:
    """`streamlit run app.py` on ``port`` with Streamlit's command-line ``options``,
    once it answers on its health endpoint."""
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false", *options],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("bench: the server did not start within 60 s")


def expected_top(text: str, temperature: float) -> str:
    """What the "Largest probability" readout must say for these logits at this T."""
    logits = tv.parse_logits(text)
    frame = distribution_frame(logits, temperature)
    top = frame["probability"].idxmax()
    value = format_probability(frame["probability"][top], frame["complement"][top])
    return f"{value} ({logits.labels[top]})"


async def top_readout(page) -> str:
    return (await page.locator(".tv-stage .tv-readouts b").nth(2).text_content()).strip()


async def wait_for_top(page, wanted: str, temperature: float | None = None) -> None:
    """Wait until the page is idle with the readout at ``wanted`` and, when given, the
    link at ``temperature`` (so Python, not only the browser, has moved there)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        in_link = temperature is None or f"T={format_temperature(temperature)}&" in (
            page.url + "&")
        if in_link and await page.locator(IDLE).count() and await top_readout(page) == wanted:
            return
        await asyncio.sleep(0.05)
    control = await page.locator(CONTROL).input_value()
    raise AssertionError(f"the readout never read {wanted!r}; it reads "
                         f"{await top_readout(page)!r} with the control at stop {control}, "
                         f"URL {page.url}")


async def student(browser, url: str, number: int, everyone_ready: asyncio.Barrier,
                  stagger: float) -> float:
    """One student's session; returns the seconds from the key press to the update."""
    text = f"{number / 10:g}, {1 + number % 7}, 3.5, -{number}"
    start = 20 + number % 50  # each student starts at a different T, then moves one stop
    temperature = STOPS[start + 1]
    context = await browser.new_context(viewport={"width": 1280, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)
    try:
        await asyncio.sleep(number * stagger)
        await page.goto(f"{url}?lang=en&T={format_temperature(STOPS[start])}&logits="
                        f"{quote(text)}")
        await page.wait_for_selector(IDLE, timeout=WAIT_MS)
        box = page.locator('[data-testid="stTextArea"] textarea')
        await wait_for_top(page, expected_top(text, STOPS[start]))
        slider = page.locator(CONTROL)
        await slider.focus()
        print(f"  student {number} ready", flush=True)
    except Exception:
        await everyone_ready.abort()  # the others must not wait for this one forever
        await context.close()
        raise
    try:
        await everyone_ready.wait()
        if not await slider.evaluate("element => element === document.activeElement"):
            # a long wait on a starved machine can cost the page its focus; a student would
            # click the slider again, so the bench does too, and says so
            print(f"  student {number}: the control lost focus while waiting", flush=True)
            await slider.focus()
        await page.keyboard.press("ArrowRight")
        pressed = time.monotonic()
        await wait_for_top(page, expected_top(text, temperature), temperature)
        title = f"softmax(z / T) at T = {format_temperature(temperature)}"
        await page.locator('[data-testid="stVegaLiteChart"] .role-title-text text',
                           has_text=re.compile(f"^{re.escape(title)}$")).first.wait_for()
        waited = time.monotonic() - pressed
        assert f"T={format_temperature(temperature)}" in page.url, page.url
        shown = await box.input_value()
        assert shown == text, f"the logits box reads {shown!r}, not {text!r}; URL {page.url}"
        return waited
    finally:
        await context.close()


async def classroom(url: str, sessions: int, stagger: float) -> tuple[list[float], list[str]]:
    async with async_playwright() as playwright:
        executable = str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None
        browser = await playwright.chromium.launch(executable_path=executable,
                                                   args=CHROMIUM_FLAGS)
        ready = asyncio.Barrier(sessions)
        results = await asyncio.gather(*(student(browser, url, i, ready, stagger)
                                         for i in range(sessions)), return_exceptions=True)
        await browser.close()
    times = [r for r in results if isinstance(r, float)]
    failures = [f"student {i}: {r}" for i, r in enumerate(results) if isinstance(r, Exception)]
    return times, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--stagger", type=float, default=1.0,
                        help="seconds between two students joining")
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    watch = MemoryWatch(server.pid)
    idle_mb = watch.resident_mb()
    print(f"server up: {idle_mb:.0f} MB resident before any session")
    failed = False
    try:
        for round_number in range(1, args.rounds + 1):
            started = time.monotonic()
            times, failures = asyncio.run(classroom(f"http://127.0.0.1:{port}/", args.sessions,
                                                    args.stagger))
            elapsed = time.monotonic() - started
            for failure in failures:
                print(f"  FAILED {failure}")
            failed = failed or bool(failures)
            slowest = max(times) if times else math.nan
            median = statistics.median(times) if times else math.nan
            print(f"round {round_number}: {len(times)}/{args.sessions} sessions saw their own "
                  f"correct numbers in {elapsed:.1f} s; update after a key press: median "
                  f"{median:.2f} s, slowest {slowest:.2f} s; server now "
                  f"{watch.resident_mb():.0f} MB, peak {watch.peak:.0f} MB")
    finally:
        watch.stop()
        server.terminate()
        server.wait(timeout=20)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

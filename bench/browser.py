"""Browser speed, in headless Chromium, as ratios against a minimal page in the same run:

1. from a temperature key press to every chart repainted, against the minimal page
   (bench/minimal_app.py: one slider, one text) from key press to its text repainted;
2. while the in-chart temperature slider is dragged with the mouse held down, how many
   times a second the bars and the entropy marker repaint (target: 20 or more);
3. from letting go of it to the page's own slider, table and samples in step at that T,
   against the minimal page's key press.

    python bench/browser.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from tests.conftest import CHROMIUM_FLAGS, DEBIAN_CHROMIUM, IDLE, free_port  # noqa: E402

PRESSES = 8
WATCH_CHANGES = """(selector) => {
    window.changes = [];
    const target = document.querySelector(selector);
    new MutationObserver(() => window.changes.push(performance.now()))
        .observe(target, {subtree: true, childList: true, characterData: true,
                          attributes: true});
}"""


def serve(app: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=BENCH.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "_stcore/health", timeout=2)
            return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"browser bench: {app.name} did not start")


def key_to_repaint(page, url: str, painted: str) -> float:
    """Median seconds from an ArrowRight on the Streamlit slider until ``painted`` changes
    and the script is idle again."""
    page.goto(url)
    page.wait_for_selector(painted, timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    slider = page.locator('[data-testid="stSlider"] input[type="range"]').first
    times = []
    for press in range(PRESSES):
        before = page.locator(painted).first.inner_html()
        slider.focus()
        started = time.perf_counter()
        page.keyboard.press("ArrowRight" if press % 2 == 0 else "ArrowLeft")
        page.wait_for_function("([selector, before]) => { const el = "
                               "document.querySelector(selector); return el && "
                               "el.innerHTML !== before; }", arg=[painted, before],
                               timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def drag_repaints_per_second(page, url: str) -> tuple[float, int, str, float]:
    """Repaints a second of the live charts while the in-chart slider is dragged to the
    T → ∞ end, DOM changes seen, the title it ends at, and seconds from letting go until
    the page's own slider reads ∞ and the script is idle."""
    page.goto(url)
    page.wait_for_selector('[data-testid="stVegaLiteChart"] .vega-bind input', timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    live = '[data-testid="stVegaLiteChart"]'
    page.evaluate(WATCH_CHANGES, live)
    slider = page.locator(f"{live} .vega-bind input").first
    slider.scroll_into_view_if_needed()
    handle = slider.bounding_box()
    y = handle["y"] + handle["height"] / 2
    page.mouse.move(handle["x"] + 2, y)
    page.mouse.down()
    started = page.evaluate("performance.now()")
    steps = 60
    for step in range(1, steps + 1):
        page.mouse.move(handle["x"] + 2 + (handle["width"] - 4) * step / steps, y)
        page.wait_for_timeout(16)
    ended = page.evaluate("performance.now()")
    changes = page.evaluate("window.changes")
    titles = page.locator(f"{live} .role-title-text text").first.text_content()
    released = time.perf_counter()
    page.mouse.up()
    page.wait_for_function("() => document.querySelector('[data-testid=\"stSlider\"] "
                           "[data-testid=\"stSliderThumbValue\"]').textContent === '∞'",
                           timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    in_step = time.perf_counter() - released
    frames = {round(t / 16.7) for t in changes if started <= t <= ended}  # one per frame
    return len(frames) / ((ended - started) / 1000), len(changes), titles, in_step


def main() -> None:
    with sync_playwright() as playwright:
        executable = str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        minimal_server, minimal_url = serve(BENCH / "minimal_app.py")
        app_server, app_url = serve(BENCH.parent / "app.py")
        try:
            minimal = key_to_repaint(page, minimal_url, '[data-testid="stMarkdown"]')
            full = key_to_repaint(page, app_url + "?logits=1,2,5&T=1",
                                  '[data-testid="stVegaLiteChart"]:last-of-type svg')
            rate, changes, title, in_step = drag_repaints_per_second(
                page, app_url + "?logits=1,2,5&T=1")
        finally:
            minimal_server.terminate()
            app_server.terminate()
            browser.close()
    print(f"minimal page, key press to repaint: {minimal * 1e3:.0f} ms (the baseline)")
    print(f"tempviz page, key press to every chart repainted: {full / minimal:.1f}× "
          "the minimal page")
    print(f"dragging the in-chart slider: {rate:.0f} repaints a second ({changes} DOM changes; "
          f"target ≥ 20), ending at '{title}'")
    print(f"letting go of it: the page's slider, table and samples in step after "
          f"{in_step / minimal:.1f}× the minimal page's key press")


if __name__ == "__main__":
    main()

"""Browser speed, in headless Chromium, as ratios against a minimal page in the same run:

1. from an arrow-key press on the stage's temperature control to every chart repainted
   and the page idle (the table and the link in step), against the minimal page
   (bench/minimal_app.py: one slider, one text) from key press to its text repainted;
2. while the control is dragged with the mouse held down, how many frames a second each
   part of the stage repaints: the bars, the entropy marker, the samples, the class
   marker and the readouts (target: 20 or more each);
3. from letting go of it to the formula, the table and the link in step at that T
   (target: within half a second);
4. the held drag again with every sampling step switched on (the largest chain).

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
EVERY_STEP = ("&top_k=2&top_p=0.9&min_p=0.05&typical_p=0.9&top_n_sigma=2&top_a=0.1&xtc=0.1"
              "&dynatemp_range=0.5")
CONTROL = "#tempviz-stop"
PARTS = {"bars": '[data-testid="stVegaLiteChart"] >> nth=0',
         "entropy marker": '[data-testid="stVegaLiteChart"] >> nth=1',
         "samples": '[data-testid="stVegaLiteChart"] >> nth=2',
         "class marker": '[data-testid="stVegaLiteChart"] >> nth=3',
         "readouts": ".tv-stage .tv-readouts"}
# Per part, the animation frames in which it changed: an observer flags a change, and a
# requestAnimationFrame loop counts the frames that carry a flag.
COUNT_FRAMES = """(elements) => {
    window.frames_changed = elements.map(() => 0);
    const dirty = elements.map(() => false);
    elements.forEach((element, i) => new MutationObserver(() => { dirty[i] = true; })
        .observe(element, {subtree: true, childList: true, characterData: true,
                           attributes: true}));
    const tick = () => {
        dirty.forEach((flag, i) => {
            if (flag) { window.frames_changed[i] += 1; dirty[i] = false; }
        });
        window.counting = requestAnimationFrame(tick);
    };
    tick();
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


def key_to_repaint(page, url: str, painted: str, control: str) -> float:
    """Median seconds from an ArrowRight on ``control`` until ``painted`` changes and the
    script is idle again."""
    page.goto(url)
    page.wait_for_selector(painted, timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    slider = page.locator(control).first
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
        page.wait_for_timeout(50)  # let the rerun the release started begin
        page.wait_for_selector(IDLE, timeout=60_000)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


FORMULA_AT_INFINITY = """() => {
    const formula = document.querySelector('[data-testid="stMarkdownContainer"] .katex');
    const table = document.querySelector('[data-testid="stDataFrame"]');
    return new URL(location.href).searchParams.get('T') === 'inf' && formula
        && formula.textContent.includes('∞') && table;
}"""


def held_drag(page, url: str) -> tuple[dict[str, float], str, tuple[float, float]]:
    """Frames a second in which each stage part repainted while the control was dragged
    to the T → ∞ end with the mouse held down, the readout it ends at, and seconds from
    letting go until the formula reads T → ∞ (with the link at T=inf), and until the run
    that drew the table has ended."""
    page.goto(url)
    page.wait_for_selector('[data-testid="stVegaLiteChart"] svg', timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_timeout(500)
    elements = [page.locator(selector).element_handle() for selector in PARTS.values()]
    page.evaluate(COUNT_FRAMES, elements)
    handle = page.locator(CONTROL).bounding_box()
    y = handle["y"] + handle["height"] / 2
    page.mouse.move(handle["x"] + 2, y)
    page.mouse.down()
    page.evaluate("window.frames_changed = window.frames_changed.map(() => 0)")
    started = page.evaluate("performance.now()")
    steps = 120  # as fast as Playwright moves the mouse: the browser, not the driver, limits
    for step in range(1, steps + 1):
        page.mouse.move(handle["x"] + 2 + (handle["width"] - 4) * step / steps, y)
    ended = page.evaluate("performance.now()")
    counts = page.evaluate("window.frames_changed")
    readout = page.locator(".tv-stage .tv-readouts b").first.text_content()
    seconds = (ended - started) / 1000
    released = time.perf_counter()
    page.mouse.up()
    page.wait_for_function(FORMULA_AT_INFINITY, timeout=60_000)
    formula = time.perf_counter() - released
    page.wait_for_selector(IDLE, timeout=60_000)  # the run that drew the table has ended
    return {name: count / seconds for name, count in zip(PARTS, counts)}, readout, (
        formula, time.perf_counter() - released)


def main() -> None:
    with sync_playwright() as playwright:
        executable = str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        minimal_server, minimal_url = serve(BENCH / "minimal_app.py")
        app_server, app_url = serve(BENCH.parent / "app.py")
        try:
            minimal = key_to_repaint(page, minimal_url, '[data-testid="stMarkdown"]',
                                     '[data-testid="stSlider"] input[type="range"]')
            full = key_to_repaint(page, app_url + "?logits=1,2,5&T=1",
                                  '[data-testid="stVegaLiteChart"]:last-of-type svg', CONTROL)
            rates, readout, in_step = held_drag(page, app_url + "?logits=1,2,5&T=1")
            chained, _, _ = held_drag(page, app_url + "?logits=1,2,5&T=1" + EVERY_STEP)
        finally:
            minimal_server.terminate()
            app_server.terminate()
            browser.close()
    print(f"minimal page, key press to repaint: {minimal * 1e3:.0f} ms (the baseline)")
    print(f"tempviz page, key press on the control to every chart repainted and the page "
          f"idle: {full / minimal:.1f}× the minimal page")
    print("held drag to T → ∞, frames a second in which each part repainted (target ≥ 20):")
    for name, rate in rates.items():
        print(f"  {name}: {rate:.0f}")
    print(f"  (the entropy readout ends at {readout})")
    print("the same with every sampling step switched on (target ≥ 20):")
    for name, rate in chained.items():
        print(f"  {name}: {rate:.0f}")
    formula, table = in_step
    print(f"letting go: formula and link in step after {formula * 1e3:.0f} ms, the table "
          f"after {table * 1e3:.0f} ms at most (target ≤ 500 ms); {table / minimal:.1f}× the "
          "minimal page's key press")


if __name__ == "__main__":
    main()

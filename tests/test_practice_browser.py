"""The part "Temperature in practice" in headless Chromium: ?part=practice opens it with
its four charts drawn, its dials move them in the browser, and it fits a phone."""

import pytest

from tests.conftest import ARTIFACTS, CHART, open_app, settle
from tests.test_browser import tab_at

pytestmark = pytest.mark.browser

PART = ".st-key-practice"
FIT_DIAL, DISTIL_DIAL = "#tempviz-fit-stop", "#tempviz-distil-stop"


def open_part(tab, query: str = "?part=practice") -> None:
    open_app(tab, query)
    tab.locator(f"{PART} {CHART} svg").nth(3).wait_for(timeout=30_000)
    settle(tab)


def chart_titles(tab) -> list[str]:
    return tab.locator(f"{PART} {CHART} .role-title-text text").all_text_contents()


def test_the_link_opens_the_part_with_its_charts_drawn(page):
    open_part(page)
    charts = page.locator(f"{PART} {CHART}")
    assert charts.count() == 4
    for i in range(4):
        box = charts.nth(i).locator("svg").first.bounding_box()
        assert box["width"] > 300 and box["height"] > 250, (i, box)
    assert chart_titles(page) == ["Reliability at T = 2.56", "The NLL is lowest at the fitted T*",
                                  "Soft targets at T = 4", "Dark knowledge grows with T"]
    assert page.locator(".tv-practice-dial output").first.text_content() == "T* = 2.56"
    heading = page.locator(f"{PART} summary").bounding_box()  # the link scrolled to it
    assert 0 <= heading["y"] <= 1500, heading  # it sits some 2,500 px down the page
    page.screenshot(path=ARTIFACTS / "practice.png", full_page=True)


def test_a_dial_moves_its_charts_in_the_browser_and_tells_python_on_release(page):
    open_part(page)
    dial = page.locator(DISTIL_DIAL)
    bars = page.locator(f"{PART} {CHART}").nth(2)
    before = bars.locator("svg").first.inner_html()
    readouts = page.locator(".tv-practice-dial .tv-dial-readouts b")
    readouts.nth(3).wait_for()
    loss = readouts.nth(3).text_content()
    page.evaluate(f"document.querySelectorAll('{PART} {CHART} svg')"
                  ".forEach(svg => svg.dataset.drawn = 'before')")
    dial.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")  # 4 → 4.5 → 5 → 5.5 → 6 → 7
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{PART} {CHART} .role-title-text text')]"
        ".some(t => t.textContent === 'Soft targets at T = 7')", timeout=10_000)
    settle(page)
    assert chart_titles(page)[2] == "Soft targets at T = 7"
    assert bars.locator("svg").first.inner_html() != before
    assert readouts.nth(3).text_content() != loss
    # the run the release started left every chart as it was: none was embedded anew
    assert page.evaluate(f"[...document.querySelectorAll('{PART} {CHART} svg')]"
                         ".every(svg => svg.dataset.drawn === 'before')")
    # the release reached Python: the downloads are named for T = 7
    with page.expect_download() as download:
        pngs = page.locator(f'{PART} [data-testid="stDownloadButton"]', has_text="PNG")
        assert pngs.count() == 4  # one under each chart
        pngs.nth(2).click()
    assert download.value.suggested_filename == "soft_targets_T7.png"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_part_fits_a_phone(browser, server, lang):
    with tab_at(browser, server, 390, 844, is_mobile=True, has_touch=True,
                locale=f"{lang}-{lang.upper()}") as tab:
        open_part(tab, f"?part=practice&lang={lang}")
        assert tab.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
        charts = tab.locator(f"{PART} {CHART}")
        assert charts.count() == 4
        for i in range(4):
            box = charts.nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (i, box)
            assert box["height"] > 250, (i, box)
        for dial in (FIT_DIAL, DISTIL_DIAL):
            box = tab.locator(dial).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        tab.screenshot(path=ARTIFACTS / f"practice_phone_{lang}.png", full_page=True)

"""What only a real browser shows: the page in headless Chromium, driven by Playwright."""

from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import numpy as np
import pytest

from tests.conftest import ARTIFACTS, CHART, open_app, settle

pytestmark = pytest.mark.browser


THUMB = '[data-testid="stSlider"] [data-testid="stSliderThumbValue"]'  # the T slider's value


def chart_titles(tab) -> list[str]:
    return tab.locator(f"{CHART} .role-title-text text").all_text_contents()


def url_parameter(tab, name: str) -> str:
    return parse_qs(urlparse(tab.url).query)[name][0]


def test_link_renders_every_chart_with_real_size(page):
    open_app(page, "?logits=1,2,5&T=0.1")
    charts = page.locator(CHART)
    assert charts.count() == 3  # the live pair, then samples and classes
    for i in range(3):
        box = charts.nth(i).locator("svg").first.bounding_box()
        assert box["width"] > 400 and box["height"] > 250, box
    assert chart_titles(page) == ["softmax(z / T) at T = 0.1", "Entropy grows with temperature",
                                  "1,000 samples drawn at T = 0.1",
                                  "Each class across temperatures"]
    page.screenshot(path=ARTIFACTS / "page_T0.1.png", full_page=True)


def test_keyboard_on_the_temperature_slider_changes_the_bars_and_the_url(page):
    open_app(page, "?logits=1,2,5&T=1")
    bars = page.locator(CHART).first
    before = bars.screenshot()
    slider = page.locator('[data-testid="stSlider"] input[type="range"]').first
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => new URL(location.href).searchParams.get('T') === '1.1'")
    settle(page)
    assert chart_titles(page)[0] == "softmax(z / T) at T = 1.1"
    assert bars.screenshot() != before
    page.keyboard.press("End")  # the far end of the slider is the T → ∞ limit
    page.wait_for_function("() => new URL(location.href).searchParams.get('T') === 'inf'")
    settle(page)
    assert chart_titles(page)[0] == "softmax(z / T) at T → ∞"


def test_a_preset_changes_the_charts_and_the_url(page):
    open_app(page)
    before = page.locator(CHART).first.screenshot()
    page.get_by_role("button", name="Chatbot replies").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('logits')"
                           ".includes('Banana')")
    settle(page)
    assert page.locator(CHART).first.screenshot() != before
    assert page.locator(CHART).first.locator("svg text", has_text="Banana.").count() >= 1
    assert "Banana." in url_parameter(page, "logits")


def test_bad_logits_show_the_error_not_a_traceback(page):
    open_app(page)
    box = page.locator('[data-testid="stTextArea"] textarea')
    box.fill("1, two, 5")
    box.press("Control+Enter")
    error = page.locator('[data-testid="stAlertContentError"]')
    error.wait_for(timeout=15_000)
    settle(page)
    assert 'item 2 ("two") is not a number' in error.text_content()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert box.input_value() == "1, two, 5"
    assert page.locator(CHART).count() == 3  # the last readable logits stay on the charts


def test_quick_temperature_buttons_follow_the_url(page):
    open_app(page)
    page.get_by_role("button", name="T → 0").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('T') === '0'")
    settle(page)
    assert chart_titles(page)[0] == "softmax(z / T) at T → 0"


def test_download_gives_a_png_file(page):
    open_app(page, "?logits=1,2,5&T=0.1")
    with page.expect_download() as download:
        page.locator('[data-testid="stDownloadButton"] button', has_text="PNG").first.click()
    assert download.value.suggested_filename == "probabilities_T0.1.png"
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_markup_in_a_label_never_renders_or_runs(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    label = "<img src=x onerror=alert(1)>"
    open_app(page, "?logits=" + quote(f"{label}: 2\n**bold**: 1") + "&T=inf")
    svg_texts = page.locator(CHART).first.locator("svg text").all_text_contents()
    assert label in svg_texts and "**bold**" in svg_texts
    replies = page.get_by_text(label, exact=True)
    assert replies.count() >= 1  # shown as text in the replies list
    assert page.locator("img[src='x']").count() == 0
    assert not dialogs


def test_uploading_a_large_vocabulary(page, tmp_path):
    values = np.random.default_rng(1).normal(0, 3, 50_000)
    np.save(tmp_path / "vocabulary.npy", values)
    open_app(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        tmp_path / "vocabulary.npy")
    page.get_by_text("Showing 50,000 logits from vocabulary.npy").wait_for(timeout=30_000)
    settle(page)
    texts = page.locator(CHART).first.locator("svg text").all_text_contents()
    assert "49,980 others" in texts
    page.screenshot(path=ARTIFACTS / "upload_50000.png", full_page=True)


def test_a_broken_upload_is_reported_next_to_the_uploader(page, tmp_path):
    (tmp_path / "broken.json").write_text("[1, 2,")
    open_app(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        tmp_path / "broken.json")
    error = page.locator('[data-testid="stAlertContentError"]')
    error.wait_for(timeout=30_000)
    assert "the JSON is not valid" in error.text_content()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_russian_browser_gets_the_russian_page(browser, server):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1400, "height": 1500})
    tab = context.new_page()
    tab.base_url = server
    try:
        open_app(tab, "?logits=1,2,5&T=0.1")
        assert tab.get_by_text("Как температура меняет softmax").count() == 1
        assert "Энтропия растёт с температурой" in chart_titles(tab)
        assert url_parameter(tab, "lang") == "ru"
        tab.screenshot(path=ARTIFACTS / "page_ru.png", full_page=True)
    finally:
        context.close()


def test_the_in_chart_slider_works_from_the_keyboard_and_every_chart_has_a_label(page):
    open_app(page, "?logits=1,2,5&T=1")
    live = page.locator(f"{CHART} .vega-bind input").first
    assert live.bounding_box()["width"] >= 300  # our style beat Streamlit's 12em: 91 stops fit
    live.focus()
    page.keyboard.press("ArrowRight")
    # a key press is a release: the page's own slider, the URL and the text alternatives follow
    page.wait_for_function("() => new URL(location.href).searchParams.get('T') === '1.1'")
    settle(page)
    assert chart_titles(page)[0] == "softmax(z / T) at T = 1.1"
    assert page.locator(THUMB).first.text_content() == "1.1"
    labels = [page.locator(CHART).nth(i).get_attribute("aria-label") for i in range(3)]
    assert labels[0].startswith("Bar chart of probabilities at T = 1.1:")
    assert all(labels)


def test_only_a_person_letting_go_of_the_in_chart_slider_moves_the_page(page):
    open_app(page, "?logits=1,2,5&T=1")
    page.locator(f"{CHART} .vega-bind input").first.evaluate(
        "input => { input.value = 80; input.dispatchEvent(new Event('change', {bubbles: true})) }")
    page.wait_for_timeout(1500)
    settle(page)
    assert url_parameter(page, "T") == "1"  # a script's event is not a release
    assert page.locator(THUMB).first.text_content() == "1"


def test_dragging_the_in_chart_slider_redraws_the_bars_and_the_marker(page):
    open_app(page, "?logits=1,2,5&T=1")
    live = page.locator(f"{CHART} .vega-bind input").first
    live.scroll_into_view_if_needed()
    box = live.bounding_box()
    y = box["y"] + box["height"] / 2
    seen, script_states = set(), set()
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(box["x"] + box["width"] * step / 10, y)
        page.wait_for_timeout(30)
        seen.add(page.locator(f"{CHART} .role-title-text text").first.text_content())
        script_states.add(page.locator('[data-testid="stApp"]').get_attribute(
            "data-test-script-state"))
    marker = page.locator(f"{CHART} text", has_text="H = 1.585 bits")
    assert marker.count() >= 1  # the entropy marker reached the T → ∞ end too
    page.mouse.up()
    assert len(seen) >= 5, seen  # the title followed the mouse while it was held down
    assert script_states == {"notRunning"}  # ... in the browser alone, with no rerun
    # letting go moves the page's own slider there: the table and the URL follow
    page.wait_for_function("() => new URL(location.href).searchParams.get('T') === 'inf'")
    settle(page)
    assert page.locator(THUMB).first.text_content() == "∞"
    assert chart_titles(page)[2] == "1,000 samples drawn at T → ∞"

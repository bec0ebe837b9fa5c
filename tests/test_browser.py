"""What only a real browser shows: the page in headless Chromium, driven by Playwright."""

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import tempviz as tv
from tempviz.i18n import text
from tempviz.presets import presets
from tests.conftest import ARTIFACTS, CHART, open_app, settle, type_mistake

pytestmark = pytest.mark.browser

CONTROL = "#tempviz-stop"  # the stage's one temperature control
READOUTS = ".tv-stage .tv-readouts b"
SCREENS = [(1280, 720), (1440, 900), (1920, 1080)]  # projector, laptop, desktop


def chart_titles(tab) -> list[str]:
    return tab.locator(f"{CHART} .role-title-text text").all_text_contents()


def wait_for_title(tab, expected: str) -> None:
    """Wait until the first chart's title reads ``expected``: the page's run may end
    before Vega has drawn the chart it re-embedded; a title that never gets there fails."""
    try:
        tab.wait_for_function(
            f"expected => document.querySelector('{CHART} .role-title-text text')"
            "?.textContent === expected", arg=expected, timeout=10_000)
    except PlaywrightTimeout:
        pass  # the assertion below says what the title reads instead
    assert chart_titles(tab)[0] == expected


def url_parameter(tab, name: str) -> str:
    return parse_qs(urlparse(tab.url).query)[name][0]


def wait_for_url(tab, name: str, value: str) -> None:
    tab.wait_for_function(f"() => new URL(location.href).searchParams.get({name!r}) === "
                          f"{value!r}", timeout=15_000)
    settle(tab)


@contextmanager
def tab_at(browser, server, width: int, height: int, **options) -> Iterator:
    """A tab of its own browser context at ``width`` × ``height``, closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    try:
        tab = context.new_page()
        tab.base_url = server
        yield tab
    finally:
        context.close()


def test_link_renders_every_chart_with_real_size(page):
    open_app(page, "?logits=1,2,5&T=0.1")
    charts = page.locator(CHART)
    assert charts.count() == 4
    for i in range(4):
        box = charts.nth(i).locator("svg").first.bounding_box()
        assert box["width"] > 400 and box["height"] > 250, box
    assert chart_titles(page)[:4] == [
        "softmax(z / T) at T = 0.1", "Entropy grows with temperature",
        "1,000 samples drawn at T = 0.1", "Each class across temperatures, marked at T = 0.1"]
    page.screenshot(path=ARTIFACTS / "page_T0.1.png", full_page=True)


def test_keyboard_on_the_temperature_control_changes_the_bars_and_the_url(page):
    open_app(page, "?logits=1,2,5&T=1")
    bars = page.locator(CHART).first
    before = bars.screenshot()
    page.locator(CONTROL).focus()
    page.keyboard.press("ArrowRight")
    wait_for_url(page, "T", "1.1")
    assert chart_titles(page)[0] == "softmax(z / T) at T = 1.1"
    assert bars.screenshot() != before
    page.keyboard.press("End")  # the far end of the control is the T → ∞ limit
    wait_for_url(page, "T", "inf")
    assert chart_titles(page)[0] == "softmax(z / T) at T → ∞"
    labels = [page.locator(CHART).nth(i).get_attribute("aria-label") for i in range(4)]
    assert all(labels)
    described = page.locator(".tv-described").text_content()
    assert described.startswith("Bar chart of probabilities at T → ∞: z1 0.333")


def test_quick_temperature_buttons_move_the_charts_and_the_url(page):
    open_app(page)
    page.locator(".tv-quick button", has_text="T → 0").click()
    wait_for_url(page, "T", "0")
    assert chart_titles(page)[0] == "softmax(z / T) at T → 0"
    assert page.locator(CONTROL).input_value() == "0"


def test_a_preset_changes_the_charts_and_the_url(page):
    open_app(page)
    before = page.locator(CHART).first.screenshot()
    page.get_by_role("button", name="Chatbot replies").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('logits')"
                           ".includes('Banana')")
    settle(page)
    assert page.locator(CHART).first.screenshot() != before
    assert page.locator(CHART).first.locator("svg text", has_text="Banana.").count() >= 1


def test_bad_logits_show_the_error_not_a_traceback(page):
    open_app(page)
    error = type_mistake(page, "1, two, 5")
    assert 'item 2 ("two") is not a number' in error.text_content()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stTextArea"] textarea').input_value() == "1, two, 5"
    assert page.locator(CHART).count() == 4  # the last readable logits stay on the charts


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
    open_app(page, "?logits=" + quote(f"{label}: 2\n**bold**: 1") + "&T=1")
    svg_texts = page.locator(CHART).first.locator("svg text").all_text_contents()
    assert label in svg_texts and "**bold**" in svg_texts
    assert page.locator(READOUTS).nth(2).text_content() == f"0.731 ({label})"
    assert page.get_by_text(label, exact=True).count() >= 1  # as text in the replies list
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
    with tab_at(browser, server, 1400, 1500, locale="ru-RU") as tab:
        open_app(tab, "?logits=1,2,5&T=0.1")
        assert tab.get_by_text("Как температура меняет softmax").count() == 1
        assert "Энтропия растёт с температурой" in chart_titles(tab)
        assert url_parameter(tab, "lang") == "ru"
        tab.screenshot(path=ARTIFACTS / "page_ru.png", full_page=True)


def test_only_a_person_letting_go_of_the_control_moves_the_page(page):
    open_app(page, "?logits=1,2,5&T=1")
    page.locator(CONTROL).evaluate(
        "input => { input.value = 80; input.dispatchEvent(new Event('change', {bubbles: true})) }")
    page.wait_for_timeout(1500)
    settle(page)
    assert url_parameter(page, "T") == "1"  # a script's event is not a release


def test_dragging_the_control_redraws_every_part_of_the_stage_without_python(page):
    open_app(page, "?logits=1,2,5&T=1")
    control = page.locator(CONTROL)
    box = control.bounding_box()
    y = box["y"] + box["height"] / 2
    parts = {
        "bars": f"{CHART} >> nth=0",
        "entropy marker": f"{CHART} >> nth=1",
        "samples": f"{CHART} >> nth=2",
        "class marker": f"{CHART} >> nth=3",
    }
    seen = {name: set() for name in [*parts, "readouts"]}
    script_states = set()
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(box["x"] + box["width"] * step / 10, y)
        page.wait_for_timeout(40)
        for name, selector in parts.items():
            seen[name].add(page.locator(selector).locator("svg").first.inner_html())
        seen["readouts"].add(page.locator(READOUTS).first.text_content())
        script_states.add(page.locator('[data-testid="stApp"]').get_attribute(
            "data-test-script-state"))
    page.mouse.up()
    for name, drawn in seen.items():
        assert len(drawn) >= 5, (name, len(drawn))  # it followed the mouse while held down
    assert script_states == {"notRunning"}  # ... in the browser alone, with no rerun
    # letting go moves the page there: the formula, the table and the link follow
    wait_for_url(page, "T", "inf")
    assert page.locator(READOUTS).first.text_content() == "1.585 bits"
    assert chart_titles(page)[2] == "1,000 samples drawn at T → ∞"
    table = page.locator('[data-testid="stDataFrame"]').first
    assert table.is_visible()


def drawn_counts(tab) -> list[str]:
    """What the samples chart's bars say they are (Vega labels each bar for screen readers)."""
    bars = tab.locator(CHART).nth(2).locator(".mark-rect path")
    return bars.evaluate_all("paths => paths.map(p => p.getAttribute('aria-label'))")


def test_returning_to_a_temperature_shows_the_same_samples(page):
    open_app(page, "?logits=1,2,5&T=10")
    first = drawn_counts(page)
    assert len(first) == 6 and all(first)
    page.locator(CONTROL).focus()
    page.keyboard.press("ArrowRight")
    wait_for_url(page, "T", "11")
    settle(page)  # the run that followed may draw the charts again
    assert drawn_counts(page) != first
    page.keyboard.press("ArrowLeft")
    wait_for_url(page, "T", "10")
    settle(page)
    assert drawn_counts(page) == first  # drawn from the seed: the same draws at T = 10


@pytest.mark.parametrize("width, height", SCREENS)
def test_the_control_and_both_charts_fit_the_first_screen(browser, server, width, height):
    with tab_at(browser, server, width, height) as tab:
        open_app(tab)
        boxes = [tab.locator(CONTROL).bounding_box(),
                 *(tab.locator(CHART).nth(i).bounding_box() for i in (0, 1))]
        for box in boxes:
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, (width, height, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, height, box)
        quick = tab.locator(".tv-quick").bounding_box()
        assert quick["y"] + quick["height"] <= height  # the quick picks sit with the control
        tab.screenshot(path=ARTIFACTS / f"stage_{width}x{height}.png")


@pytest.mark.parametrize("style", ["screen", "slide"])
@pytest.mark.parametrize("width", [360, 390, 768, 1280, 2560])
def test_nothing_is_wider_than_the_screen(browser, server, width, style):
    with tab_at(browser, server, width, 900) as tab:
        open_app(tab, f"?style={style}")
        overflow = tab.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0
        for i in range(4):
            box = tab.locator(CHART).nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (i, box)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_phone_shows_the_whole_stage_on_its_first_screen(browser, server, lang):
    with tab_at(browser, server, 390, 844, is_mobile=True, has_touch=True,
                locale=f"{lang}-{lang.upper()}") as tab:
        open_app(tab, f"?lang={lang}")
        for part in (tab.locator(CONTROL), tab.locator(".tv-quick"), tab.locator(".tv-readouts"),
                     tab.locator(CHART).nth(0), tab.locator(CHART).nth(1)):
            box = part.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= 844, box
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        buttons = tab.locator(".st-key-toolbar button:visible").all()
        assert len({round(button.bounding_box()["y"]) for button in buttons}) == 1  # one row
        for key in ("options.heading", "present.open", "poll.open"):  # words kept for
            name = text(key, lang)                                       # screen readers
            assert tab.get_by_role("button", name=name).bounding_box()["width"] < 80, name
        tab.screenshot(path=ARTIFACTS / f"phone_first_screen_{lang}.png")


def test_on_a_phone_every_bar_and_the_whole_entropy_curve_are_visible(browser, server):
    with tab_at(browser, server, 390, 844, is_mobile=True, has_touch=True) as tab:
        open_app(tab)
        bars, entropy = tab.locator(CHART).nth(0), tab.locator(CHART).nth(1)
        for label in ("z1", "z2", "z3"):
            box = bars.locator("svg text", has_text=label).first.bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= 390, (label, box)
        curve = entropy.locator("svg").first.bounding_box()
        assert 0 <= curve["x"] and curve["x"] + curve["width"] <= 390
        assert entropy.bounding_box()["y"] >= bars.bounding_box()["y"] + \
            bars.bounding_box()["height"] - 1  # the pair stacks on a phone
        tab.screenshot(path=ARTIFACTS / "phone.png")


def test_the_presenter_view_fits_a_projector_and_the_keyboard_drives_it(browser, server):
    with tab_at(browser, server, 1280, 720) as tab:
        open_app(tab, "?present=1&T=1")
        height = tab.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollHeight')
        assert height <= 720  # no scrolling on a 1280×720 projector
        assert tab.locator(CHART).count() == 2
        title = tab.locator(f"{CHART} .role-title-text text").first
        assert float(title.evaluate("t => getComputedStyle(t).fontSize")[:-2]) >= 24
        tab.mouse.click(5, 400)  # a click on the page, off every control
        tab.keyboard.press("9")
        wait_for_url(tab, "T", "inf")
        tab.keyboard.press("ArrowLeft")
        wait_for_url(tab, "T", "100")
        tab.keyboard.press("0")
        wait_for_url(tab, "T", "0")
        wait_for_title(tab, "softmax(z / T) at T → 0")
        tab.screenshot(path=ARTIFACTS / "presenter_1280x720.png")


def luminance(rgb: tuple[int, int, int]) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


COLOURS = """(elements) => elements.map(e => {
    const c = document.createElement('canvas').getContext('2d');
    c.fillStyle = getComputedStyle(e).fill; return c.fillStyle; })"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_word_on_the_charts_reads_in_light_and_dark(browser, server, scheme):
    with tab_at(browser, server, 1440, 1500, color_scheme=scheme) as tab:
        open_app(tab, "?T=0.1")
        background = tab.evaluate("""() => getComputedStyle(
            document.querySelector('[data-testid="stApp"]')).backgroundColor""")
        rgb = tuple(int(x) for x in background[background.index("(") + 1:-1].split(",")[:3])
        assert (sum(rgb) < 150) == (scheme == "dark")
        fills = tab.locator(f"{CHART} svg text").evaluate_all(COLOURS)
        assert len(fills) > 40
        for fill in set(fills):
            colour = tuple(int(fill[i:i + 2], 16) for i in (1, 3, 5))
            assert contrast(colour, rgb) >= 4.5, (scheme, fill, background)
        tab.screenshot(path=ARTIFACTS / f"page_{scheme}.png")



@pytest.mark.parametrize(("query", "slide"), [("", True), ("&size=1920", False)])
def test_a_download_fills_a_16_9_slide_unless_asked_otherwise(browser, server, query, slide):
    with tab_at(browser, server, 1440, 900, color_scheme="dark") as tab:
        open_app(tab, "?logits=1,2,5&T=0.1" + query)
        button = tab.locator('[data-testid="stDownloadButton"] button', has_text="PNG").first
        with tab.expect_download() as download:
            button.click()
        png = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "probabilities_T0.1.png"
    size = (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big"))
    assert size[0] == 1920 and (size[1] == 1080) == slide
    assert mean_luminance(png) > 0.6  # slide style, white, even from a dark page


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_long_labels_name_every_class_and_keep_the_legend_whole_on_a_projector(
        browser, server, lang):
    # the chatbot's replies as labels: Vega dropped every other crowded name on the
    # projector, and the legend ran past the chart's edge, cut off
    replies = tv.parse_logits(presets(lang)[-1].text)
    with tab_at(browser, server, 1280, 720) as tab:
        open_app(tab, f"?lang={lang}&logits={quote(presets(lang)[-1].text)}")
        for index in (0, 2):  # the bars and the samples
            chart = tab.locator(CHART).nth(index)
            chart.scroll_into_view_if_needed()
            # the class axis's names Vega draws (it hides those it drops for crowding)
            names = chart.locator('.role-axis[aria-label^="Y-axis"] .role-axis-label text')
            shown = [text for text in names.all() if text.evaluate(
                "t => t.getAttribute('opacity') !== '0'")]
            drawn = [text.text_content() for text in shown]
            unnamed = [label for label in replies.labels if not any(
                word == label or (word.endswith("…") and label.startswith(word[:-1]))
                for word in drawn)]
            assert not unnamed, (index, unnamed, drawn)
            rows = sorted((box["y"], box["y"] + box["height"])
                          for box in (text.bounding_box() for text in shown))
            assert all(top >= bottom - 1 for (_, bottom), (top, _) in itertools.pairwise(rows)), (
                index, rows)  # and no two names overlap
            edge = chart.locator("svg").first.bounding_box()
            for entry in chart.locator(".role-legend-label text").all():
                box = entry.bounding_box()
                assert box["x"] + box["width"] <= edge["x"] + edge["width"], (
                    index, entry.text_content())
        classes = tab.locator(CHART).nth(3)  # its legend in two columns, of 8 names
        edge = classes.locator("svg").first.bounding_box()
        entries = classes.locator(".role-legend-label text").all()
        assert len(entries) == 8 and all(
            box["x"] + box["width"] <= edge["x"] + edge["width"]
            for box in (entry.bounding_box() for entry in entries))
        tab.screenshot(path=ARTIFACTS / f"chatbot_{lang}_1280x720.png")


def test_on_a_phone_no_toolbar_covers_a_download_button(browser, server):
    # on a touch screen the charts' and the table's toolbars show without a hover, above
    # their element: the table's covered the class chart's SVG and PDF buttons, to be
    # tapped instead of them
    with tab_at(browser, server, 390, 844, is_mobile=True, has_touch=True) as tab:
        open_app(tab)
        tab.locator('[data-testid="stDataFrame"]').first.scroll_into_view_if_needed()
        toolbars = tab.locator('[data-testid="stElementToolbar"]:visible').all()
        buttons = tab.locator('[data-testid="stDownloadButton"] button:visible').all()
        assert len(toolbars) == 5 and len(buttons) == 13  # 4 charts and the table
        for button, toolbar in itertools.product(buttons, toolbars):
            box, tools = button.bounding_box(), toolbar.bounding_box()
            apart = (box["y"] + box["height"] <= tools["y"]
                     or tools["y"] + tools["height"] <= box["y"]
                     or box["x"] + box["width"] <= tools["x"]
                     or tools["x"] + tools["width"] <= box["x"])
            assert apart, (button.text_content(), box, tools)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_chart_on_a_phone_names_its_t_in_full_and_keeps_its_legend_whole(
        browser, server, lang):
    # the Russian class chart's title was cut on a phone, "отмечена …", losing its T; the
    # samples chart's legend, "математическое ожидание n·p", ran off the screen
    with tab_at(browser, server, 390, 844, is_mobile=True, has_touch=True) as tab:
        open_app(tab, f"?lang={lang}&T=0.1&n=100000")  # the longest count in the legend
        titles = chart_titles(tab)
        assert len(titles) == 4 and not [title for title in titles if title.endswith("…")]
        assert sum(title.endswith("T = 0.1" if lang == "en" else "T = 0,1")
                   for title in titles) == 3, titles  # the entropy chart marks T on its curve
        for chart in tab.locator(CHART).all():
            chart.scroll_into_view_if_needed()
            edge = chart.locator("svg").first.bounding_box()
            right = min(edge["x"] + edge["width"], 390)
            for entry in chart.locator(".role-legend-label text").all():
                box = entry.bounding_box()
                assert box["x"] + box["width"] <= right, entry.text_content()


def stop_shown(tab) -> int:
    return int(tab.locator(CONTROL).input_value())


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_no_key_press_is_lost_at_any_rate_a_key_repeats(browser, server, width, height):
    # eight presses 50 ms apart once moved the control 5, 7 or 6 stops: a run that
    # started before the last press moved it back
    stops = tv.state.STOPS
    with tab_at(browser, server, width, height) as tab:
        open_app(tab, "?logits=1,2,5&T=10")
        start = stop_shown(tab)
        tab.locator(CONTROL).focus()
        for _ in range(8):
            tab.keyboard.press("ArrowLeft")
            tab.wait_for_timeout(50)
        assert stop_shown(tab) == start - 8
        wait_for_url(tab, "T", tv.state.format_temperature(stops[start - 8]))
        for _ in range(30):  # a held key repeats some 30 times a second
            tab.keyboard.press("PageUp")
            tab.wait_for_timeout(33)
        assert stop_shown(tab) == start + 22
        wait_for_url(tab, "T", tv.state.format_temperature(stops[start + 22]))
        settle(tab)
        assert stop_shown(tab) == start + 22  # and no run moves it back afterwards


def test_a_clicker_and_home_and_end_drive_the_presenter_view(browser, server):
    with tab_at(browser, server, 1280, 720) as tab:
        open_app(tab, "?present=1&T=1")
        one = stop_shown(tab)
        tab.mouse.click(5, 400)  # a click on the page, off every control
        tab.keyboard.press("PageDown")
        assert stop_shown(tab) == one - 1
        tab.keyboard.press("PageUp")
        tab.keyboard.press("PageUp")
        assert stop_shown(tab) == one + 1
        tab.keyboard.press("End")
        wait_for_url(tab, "T", "inf")
        tab.keyboard.press("Home")
        wait_for_url(tab, "T", "0")
        assert "PageUp" in tab.locator(".tv-keys").text_content()


def mean_luminance(png: bytes) -> float:
    """The mean relative luminance of a screenshot, 0 for black to 1 for white."""
    from io import BytesIO

    from PIL import Image  # Streamlit's own dependency
    small = Image.open(BytesIO(png)).convert("RGB").resize((64, 64))
    pixels = [small.getpixel((x, y)) for x in range(64) for y in range(64)]
    return sum(luminance(pixel) for pixel in pixels) / len(pixels)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_presenter_view_belongs_on_a_projector(browser, server, scheme, lang):
    # charts on the page's own background (once a white box in dark mode), every word
    # at 18 px or more, nothing cut short, all of it on one 1280×720 screen
    with tab_at(browser, server, 1280, 720, color_scheme=scheme) as tab:
        open_app(tab, f"?present=1&T=10&lang={lang}")
        height = tab.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollHeight')
        assert height <= 720
        for index in (0, 1):
            chart = tab.locator(CHART).nth(index)
            box = chart.bounding_box()
            assert box["y"] + box["height"] <= 720
            shade = mean_luminance(chart.screenshot())
            assert shade < 0.15 if scheme == "dark" else shade > 0.6, (index, shade)
        texts = tab.locator(f"{CHART} svg text").evaluate_all(
            "ts => ts.filter(t => t.getBoundingClientRect().width > 0).map(t => "
            "[t.textContent, parseFloat(getComputedStyle(t).fontSize)])")
        assert texts and all(size >= 18 for _, size in texts), [t for t in texts if t[1] < 18]
        assert not [text for text, _ in texts if "…" in text]
        words = ".tv-stage label, .tv-stage span, .tv-stage b, .tv-keys"
        sizes = tab.locator(words).evaluate_all(
            "es => es.map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert min(sizes) >= 18
        tab.screenshot(path=ARTIFACTS / f"presenter_{scheme}_{lang}.png")


WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("width", "height", "query"), [
    (1440, 900, "?T=1&top_k=2"), (390, 844, "?T=1&top_k=2"), (1280, 720, "?T=1&present=1")])
def test_axe_core_finds_nothing_against_wcag_2_1_aa(browser, server, width, height, query,
                                                    scheme):
    from axe_playwright_python.sync_playwright import Axe  # test-only: bundles axe-core
    with tab_at(browser, server, width, height, color_scheme=scheme) as tab:
        open_app(tab, query)
        # the whole page in view: axe leaves what is scrolled out of sight unjudged
        whole = tab.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollHeight')
        tab.set_viewport_size({"width": width, "height": whole})
        settle(tab)
        found = Axe().run(tab, options=WCAG_AA).response["violations"]
        assert not found, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found]

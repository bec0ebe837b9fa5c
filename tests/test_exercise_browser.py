"""The guided exercise and the work shown step by step in headless Chromium: Enter checks,
the history grows, the stage scrolls into view, the work follows the temperature control,
and every part fits a laptop and a phone in both languages."""

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS, CHART, open_app, settle

pytestmark = pytest.mark.browser

CONTROL = "#tempviz-stop"
TEXTS = {
    "en": {"guided": "Guided exercise", "predict": "Your prediction of p(z1), p(z2), p(z3) at ",
           "hint": "Give me a hint", "answer": "Show the answer", "work": "Show the work",
           "tabs": ["(a) T = 10, 1, 0.1", "(b) T → 0 and T → ∞", "(c) The chatbot"],
           "phrases": ["T = 10", "T = 1", "T = 0.1", "T → 0", "T → ∞"]},
    "ru": {"guided": "Задача по шагам", "predict": "Ваш прогноз p(z1), p(z2), p(z3) при ",
           "hint": "Подсказка", "answer": "Показать ответ", "work": "Решение: softmax",
           "tabs": ["(а) T = 10; 1; 0,1", "(б) T → 0 и T → ∞", "(в) Чат-бот"],
           "phrases": ["T = 10", "T = 1", "T = 0,1", "T → 0", "T → ∞"]},
}


def open_exercise(tab, query: str = "?lang=en", lang: str = "en") -> None:
    open_app(tab, query)
    switch = tab.get_by_role("switch", name=TEXTS[lang]["guided"])
    for _ in range(3):  # a click that lands while the page is still settling can be lost
        tab.get_by_text(TEXTS[lang]["guided"], exact=True).click()
        settle(tab)
        if switch.is_checked():
            break
    tab.get_by_label(TEXTS[lang]["predict"] + TEXTS[lang]["phrases"][0], exact=True).wait_for()
    settle(tab)


def check(tab, phrase: str, typed: str, lang: str = "en") -> None:
    """Type a prediction and press Enter, as a student would."""
    box = tab.get_by_label(TEXTS[lang]["predict"] + phrase, exact=True)
    box.fill(typed)
    assert_no_enter_hint(tab)
    box.press("Enter")
    settle(tab)


def assert_no_enter_hint(tab) -> None:
    """Streamlit's "Press Enter to submit form", English on every page and, on a phone,
    running into the typed text, is there for a form's box being typed in, but hidden."""
    hints = tab.locator('[data-testid="InputInstructions"]')
    hints.first.wait_for(state="attached")
    expect(hints.filter(visible=True)).to_have_count(0)


def history(tab, temperature: str) -> list[list[str]]:
    """The rows of a prediction's history table, cell by cell."""
    rows = tab.locator(f'[class~="st-key-step_prediction_{temperature}"] '
                       '[data-testid="stTable"] tbody tr')
    return [row.locator("td").all_text_contents() for row in rows.all()]


def test_enter_checks_and_every_check_stays_in_the_history(page):
    open_exercise(page)
    check(page, "T = 10", "0.39, 0.36, 0.25")  # the printed key, the logits 5, 4, 1
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    assert "probabilities of the logits 5, 4, 1, not 1, 2, 5" in warning.first.text_content()
    check(page, "T = 10", "0,28 0,31 0,41")
    assert "Right: every probability is within 0.02" in page.locator(
        '[data-testid="stAlertContentSuccess"]').first.text_content()
    check(page, "T = 1", "0.2, 0.3, 0.5")
    assert history(page, "10") == [["1", "0.390, 0.360, 0.250", "the key of logits 5, 4, 1"],
                                         ["2", "0.280, 0.310, 0.410", "right"]]
    assert history(page, "1") == []  # one check: its verdict alone, no table yet
    check(page, "T = 1", "0.02, 0.05, 0.93")
    assert [row[2] for row in history(page, "1")] == ["p(z3) off by 0.436", "right"]
    assert len(history(page, "10")) == 2  # the other step's history is untouched


def test_showing_a_step_on_the_charts_scrolls_the_stage_into_view(page):
    open_exercise(page, "?lang=en&logits=0,4,5&T=3")
    check(page, "T = 0.1", "1, 0, 0")
    button = page.get_by_role("button", name="Show T = 0.1 on the charts")
    button.scroll_into_view_if_needed()
    assert page.locator(CONTROL).bounding_box()["y"] < 0  # the stage is far above
    button.click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('T') === '0.1'")
    settle(page)
    page.wait_for_function(f"""() => {{
        const box = document.querySelector('{CONTROL}').getBoundingClientRect();
        return box.top >= 0 && box.bottom <= innerHeight; }}""", timeout=10_000)
    box = page.locator(CONTROL).bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]
    assert page.locator(CONTROL).input_value() == "23"  # the stop of T = 0.1
    notice = "The charts above now show the logits 1, 2, 5 at T = 0.1."
    assert notice in page.locator('[data-testid="stToast"]').first.text_content()
    # the feedback is still there, and so is the notice, under the button
    assert "right numbers in reverse order" in page.locator(
        '[data-testid="stAlertContentWarning"]').first.text_content()
    assert page.get_by_text(notice).count() >= 2  # the toast and the notice below the button
    page.screenshot(path=ARTIFACTS / "exercise_scrolled_to_stage.png")


def work_texts(tab) -> list[str]:
    work = tab.locator('[data-testid="stExpander"]').filter(
        has_text="Show the work").locator(CHART).first
    return work.locator("svg text").all_text_contents()


def test_the_work_follows_the_temperature_control_without_python(page):
    open_app(page, "?lang=en&T=0.1")
    page.get_by_text("Show the work", exact=False).first.click()
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stExpander\"] "
                           "svg text')].some(t => t.textContent === '1 + 9.4×10⁻¹⁴')")
    settle(page)
    texts = work_texts(page)
    assert "Step by step at T = 0.1" in texts
    assert {"10", "20", "50", "−40", "−30", "4.2×10⁻¹⁸", "9.4×10⁻¹⁴", "1 − 9.4×10⁻¹⁴",
            "max = 50", "1 + 9.4×10⁻¹⁴"} <= set(texts)
    # moving the control as dragging does ("input" only, no release): the work follows
    page.locator(CONTROL).evaluate(
        "input => { input.value = 67; input.dispatchEvent(new Event('input')) }")  # T = 10
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stExpander\"] "
                           "svg text')].some(t => t.textContent === 'max = 0.5')")
    texts = work_texts(page)
    assert "Step by step at T = 10" in texts
    assert {"0.1", "0.2", "0.5", "0.670", "0.741", "2.411", "0.278", "0.307", "0.415"} <= set(
        texts)  # e^-0.4, e^-0.3 and their sum with e^0, by hand
    assert page.locator('[data-testid="stApp"]').get_attribute(
        "data-test-script-state") == "notRunning"
    assert "T=0.1" in page.url  # Python was not asked: the link still says 0.1


def fill_every_part(tab, lang: str) -> None:
    """Check predictions in every step (one step settled by asking for its hint, then its
    answer), and choose both temperatures of part (c)."""
    texts = TEXTS[lang]
    for phrase, typed in [(texts["phrases"][0], "0.39, 0.36, 0.25"),
                          (texts["phrases"][0], "0,28 0,31 0,41"),
                          (texts["phrases"][1], "0.017, 0.047, 0.936"),
                          (texts["phrases"][2], "1, 0, 0")]:
        check(tab, phrase, typed, lang)
    tab.get_by_role("button", name=texts["hint"], exact=True).first.click()
    settle(tab)
    tab.get_by_role("button", name=texts["answer"], exact=True).first.click()
    settle(tab)
    tab.get_by_role("tab", name=texts["tabs"][1]).click()
    for phrase, typed in zip(texts["phrases"][3:], ["1/3, 1/3, 1/3", "33%, 33%, 34%"]):
        check(tab, phrase, typed, lang)
    tab.get_by_role("tab", name=texts["tabs"][2]).click()
    panel = tab.locator('[data-testid="stTabPanel"]').filter(visible=True).first
    decimal = "0,5" if lang == "ru" else "0.5"
    panel.get_by_role("radio", name=decimal, exact=True).first.click()
    settle(tab)
    panel.get_by_role("radio", name="10", exact=True).last.click()
    settle(tab)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_every_part_fits_a_laptop_and_a_phone(browser, server, lang, width, height):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  is_mobile=width < 500, has_touch=width < 500)
    tab = context.new_page()
    tab.base_url = server
    problems = []
    tab.on("pageerror", lambda error: problems.append(str(error)))
    try:
        open_exercise(tab, f"?lang={lang}", lang)
        fill_every_part(tab, lang)
        for number, name in enumerate(TEXTS[lang]["tabs"]):
            tab.get_by_role("tab", name=name).click()
            settle(tab)
            assert tab.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0, name
            panel = tab.locator('[data-testid="stTabPanel"]').filter(visible=True).first
            for chart in panel.locator(CHART).all():
                box = chart.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box)
            whole = tab.evaluate(
                'document.querySelector(\'[data-testid="stMain"]\').scrollHeight')
            tab.set_viewport_size({"width": width, "height": whole})
            tab.wait_for_timeout(500)
            tab.screenshot(path=ARTIFACTS / f"exercise_{lang}_{width}_part{number}.png")
            tab.set_viewport_size({"width": width, "height": height})
        # part (a) ended: its three predictions side by side with the answers
        tab.get_by_role("tab", name=TEXTS[lang]["tabs"][0]).click()
        settle(tab)
        panel = tab.locator('[data-testid="stTabPanel"]').filter(visible=True).first
        titles = panel.locator(f"{CHART} .role-title-text text").all_text_contents()
        assert titles[-3:] == TEXTS[lang]["phrases"][:3]
        assert not problems
    finally:
        context.close()

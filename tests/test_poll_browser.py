"""The class poll in real Chromium pages: an instructor opens a poll, ten phones answer,
the projector counts them by itself, the reveal reaches every phone, and no student's
page ever receives the instructor's key."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlparse

import pytest

from tempviz import poll
from tempviz.logits import parse_logits
from tempviz.state import View
from tests import reference
from tests.conftest import ARTIFACTS, CHART, IDLE, open_app, settle
from tests.test_browser import contrast
from tests.test_exercise_browser import assert_no_enter_hint

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 720}
STUDENTS = 10
METRIC = '[data-testid="stMetricValue"]'
# Eleven Chromium pages and the server may share two cores (with other tests, too): a
# wait is for a page to get there at all, so it is generous
WAIT = 180_000
TRUTH = reference.softmax([1, 2, 5], 10)  # 0.278, 0.307, 0.415, by mpmath
# every other student types the answer to two decimals (within 0.02 of each probability);
# the others are 0.165 off at z3
GUESSES = ["0.28, 0.31, 0.41" if i % 2 == 0 else f"0.{i}; 0,3; 0,25" for i in range(STUDENTS)]
WITHIN = STUDENTS // 2


class Tabs:
    """The tabs a test opens, each in a browser context of its own (a phone of its own),
    with the errors their pages log in ``problems``."""

    def __init__(self, browser, server: str):
        self.browser, self.server = browser, server
        self.contexts: list = []
        self.problems: list[str] = []

    def open(self, viewport: dict, **options):
        context = self.browser.new_context(viewport=viewport, **options)
        self.contexts.append(context)
        return self.watched(context.new_page())

    def watched(self, tab):
        tab.base_url = self.server
        tab.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda error: self.problems.append(str(error)))
        return tab

    def keep_what_each_shows(self) -> None:
        """A screenshot and the first words of every tab, for the reader of a failure."""
        for number, context in enumerate(self.contexts):
            for tab_number, tab in enumerate(context.pages):
                tab.screenshot(path=ARTIFACTS / f"poll_failure_{number}_{tab_number}.png",
                               full_page=True)
                shown = tab.evaluate("(document.querySelector('[data-testid=\"stMain\"]')"
                                     " || document.body).innerText.slice(0, 600)")
                print(f"tab {number}.{tab_number} at {tab.url}: {shown!r}")


@contextmanager
def tabs(browser, server: str) -> Iterator[Tabs]:
    """Tabs that are all closed at the end, and kept for the reader when the test fails."""
    opened = Tabs(browser, server)
    try:
        yield opened
    except BaseException:
        opened.keep_what_each_shows()
        raise
    finally:
        for context in opened.contexts:
            context.close()


def received_frames(tab) -> list[bytes]:
    """Every WebSocket message the tab receives from now on (Streamlit's protobufs)."""
    frames: list[bytes] = []

    def listen(socket) -> None:
        socket.on("framereceived", lambda payload: frames.append(
            payload if isinstance(payload, bytes) else payload.encode()))
    tab.on("websocket", listen)
    return frames


def open_poll(tab, button: str = "Class poll") -> tuple[str, str]:
    """Press the main page's poll button: the students' link and the instructor's."""
    tab.get_by_role("button", name=button).click()
    dialog = tab.get_by_role("dialog")
    dialog.locator('[data-testid="stCode"] code').nth(1).wait_for(timeout=WAIT)
    student, instructor = (code.inner_text().strip() for code in
                           dialog.locator('[data-testid="stCode"] code').all())
    return student, instructor


def wait_for_metric(tab, value: str, timeout: float = WAIT) -> None:
    tab.wait_for_function(
        "([selector, value]) => [...document.querySelectorAll(selector)]"
        ".some(e => e.textContent.trim() === value)", arg=[METRIC, value], timeout=timeout)


def no_overflow(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0


def test_ten_phones_answer_and_the_reveal_reaches_each_of_them(browser, server):
    with tabs(browser, server) as opened:
        main = opened.open(PROJECTOR)
        open_app(main, "?logits=1,2,5&T=10")
        student_link, instructor_link = open_poll(main)
        code = parse_qs(urlparse(student_link).query)["room"][0]
        key = parse_qs(urlparse(instructor_link).query)["key"][0]
        assert student_link == f"{server}/?room={code}" and "key" not in student_link

        projector = opened.watched(main.context.new_page())
        projector.goto(instructor_link)
        wait_for_metric(projector, "0")
        assert projector.locator(".tv-room-code").inner_text() == code
        assert projector.locator('[data-testid="stImage"] img').first.bounding_box()["width"] > 150

        phones = []
        for i in range(STUDENTS):
            tab = opened.open(PHONE, is_mobile=True, has_touch=True)
            phones.append((tab, received_frames(tab)))
            tab.goto(student_link)
            tab.get_by_text("Predict the probability of each class at T = 10.").wait_for(
                timeout=WAIT)
        for i, (tab, _) in enumerate(phones):
            tab.bring_to_front()
            box = tab.get_by_role("textbox")
            box.fill(GUESSES[i])
            box.press("Enter")
        for tab, _ in phones:
            tab.bring_to_front()  # Chromium may hold back a window in the background
            tab.get_by_text("Received:").wait_for(timeout=WAIT)
            assert "token=" in tab.url  # kept in the link, so a reload keeps the answer
            # one count, where it belongs: a fragment run overlapping a whole run once
            # wrote its count over "Received" and left two of them
            assert tab.get_by_text("Answers so far:").count() == 1
            assert no_overflow(tab)
            assert tab.locator(CHART).count() == 0
        phones[0][0].screenshot(path=ARTIFACTS / "poll_student_390.png", full_page=True)

        # the projector counts them by itself, without a reload
        projector.bring_to_front()
        wait_for_metric(projector, str(STUDENTS))
        first, _ = phones[0]
        first.bring_to_front()
        first.reload()
        first.get_by_text("Your answer: p(z1) = 0.28, p(z2) = 0.31, p(z3) = 0.41.").wait_for(
            timeout=WAIT)

        projector.bring_to_front()
        projector.get_by_role("button", name="Reveal the answer").click()
        projector.locator(f"{CHART} svg").first.wait_for(timeout=WAIT)
        settle(projector)
        wait_for_metric(projector, str(STUDENTS))
        wait_for_metric(projector, str(WITHIN))
        projector.screenshot(path=ARTIFACTS / "poll_projector_1280x720.png")

        answer = f"The answer at T = 10: p(z1) = {TRUTH[0]:.3f}, p(z2) = {TRUTH[1]:.3f}, " \
                 f"p(z3) = {TRUTH[2]:.3f}."
        for i, (tab, frames) in enumerate(phones):
            tab.bring_to_front()
            tab.get_by_text(answer).wait_for(timeout=WAIT)  # by the page's own refresh
            verdict = ("Your prediction is within 0.02" if i % 2 == 0
                       else "Your prediction of p(z")
            assert tab.get_by_text(verdict).count() == 1
            # the key is nowhere a student's browser could see it
            assert key not in tab.content() and key not in tab.url
            assert frames and not any(key.encode() in frame for frame in frames)
        phones[1][0].screenshot(path=ARTIFACTS / "poll_student_revealed_390.png",
                                full_page=True)
        assert not opened.problems, opened.problems


def test_the_students_page_in_russian_on_a_phone(browser, server):
    with tabs(browser, server) as opened:
        main = opened.open(PROJECTOR)
        open_app(main, "?logits=1,2,5&T=0.5&lang=ru")
        student_link, _ = open_poll(main, "Опрос аудитории")
        code = parse_qs(urlparse(student_link).query)["room"][0]
        phone = opened.open(PHONE, locale="ru-RU", is_mobile=True, has_touch=True)
        # a student who types the code from the projector may type it in lower case
        phone.goto(f"{opened.server}/?room={code[:3].lower()}-{code[3:].lower()}")
        phone.get_by_text("Предскажите вероятность каждого класса при T = 0,5.").wait_for(
            timeout=WAIT)
        assert phone.title() == f"Опрос {code}"
        box = phone.get_by_role("textbox")
        box.fill("0,1; 0,2; 0,7")
        assert_no_enter_hint(phone)
        box.press("Enter")
        phone.get_by_text("Принято:").wait_for(timeout=WAIT)
        phone.wait_for_selector(IDLE)
        assert no_overflow(phone)
        phone.screenshot(path=ARTIFACTS / "poll_student_ru_390.png", full_page=True)
        assert not opened.problems, opened.problems


def rgb(css: str) -> tuple[int, int, int]:
    """A computed colour, "rgb(86, 180, 233)", as its three channels."""
    return tuple(int(channel) for channel in re.findall(r"\d+", css)[:3])


def revealed_room(poll_folder, guesses: list[str]) -> tuple[str, str, list[str]]:
    """A room on logits 1, 2, 5 at T = 10 in the test server's store, answered with
    ``guesses`` and revealed: its code, key and each student's token."""
    store = poll.PollStore(poll.default_database_url({"TEMPVIZ_DATA_DIR": str(poll_folder)}))
    question = poll.Question.from_view(parse_logits("1, 2, 5"), View.from_query({"T": "10"})[0])
    code, key = store.open_room(question)
    tokens = [poll.new_token() for _ in guesses]
    for token, guess in zip(tokens, guesses):
        store.submit(code, token, guess)
    store.reveal(code, key)
    return code, key, tokens


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_revealed_poll_reads_from_the_back_row_of_a_1280x720_hall(
        browser, server, poll_folder, scheme):
    guesses = ["0.28, 0.31, 0.41"] * 12 + ["1/3, 1/3, 1/3"] * 9 + ["0.1, 0.2, 0.7"] * 9
    code, key, _ = revealed_room(poll_folder, guesses)
    with tabs(browser, server) as opened:
        projector = opened.open(PROJECTOR, color_scheme=scheme)
        projector.goto(f"{server}/?room={code}&key={key}")
        projector.locator(f"{CHART} svg").first.wait_for(timeout=WAIT)
        settle(projector)
        wait_for_metric(projector, "30")  # the count of answers, beside the picture
        chart = projector.locator(CHART).first
        box = chart.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 720, box  # all on one screen
        assert projector.locator(METRIC).first.bounding_box()["y"] >= 0
        sizes = chart.evaluate("c => [...c.querySelectorAll('svg text')].map("
                               "t => parseFloat(getComputedStyle(t).fontSize))")
        assert sizes and min(sizes) >= 18, sizes  # every word read from the back row
        # the guesses are solid bars, every bar in a colour 3:1 or more against the page
        fills = chart.evaluate("c => [...c.querySelectorAll('.layer_0_marks path')].map("
                               "p => getComputedStyle(p).fill)")
        page = projector.evaluate("getComputedStyle(document.querySelector("
                                  "'[data-testid=\"stApp\"]')).backgroundColor")
        # three bins a class: 0.28 / 0.31 / 0.41, 1/3 each, and 0.1 / 0.2 / 0.7
        assert len(fills) == 9, fills
        assert all(contrast(rgb(fill), rgb(page)) >= 3 for fill in fills), (fills, page)
        projector.screenshot(path=ARTIFACTS / f"poll_revealed_1280x720_{scheme}.png")
        assert not opened.problems, opened.problems


def test_each_phone_sees_its_guess_against_the_answer_and_why_it_was_off(
        browser, server, poll_folder):
    code, _, tokens = revealed_room(poll_folder, ["1/3, 1/3, 1/3", "0.28, 0.31, 0.41"])
    with tabs(browser, server) as opened:
        phone = opened.open(PHONE, is_mobile=True, has_touch=True)
        phone.goto(f"{server}/?room={code}&token={tokens[0]}")
        phone.locator(f"{CHART} svg").first.wait_for(timeout=WAIT)
        settle(phone)
        # the uniform guess is the T → ∞ limit, the guided exercise's "uniform" mistake
        phone.get_by_text("Why: that is the T → ∞ limit").wait_for(timeout=WAIT)
        words = phone.locator(f"{CHART} svg text").evaluate_all("ts => ts.map(t => t.textContent)")
        # the differences guess − answer above each pair: 1/3 − 0.27801, 1/3 − 0.30725,
        # 1/3 − 0.41474 (softmax of 0.1, 0.2, 0.5 by hand), to three decimals
        assert {"+0.055", "+0.026", "−0.081"} <= set(words), words
        assert no_overflow(phone)
        phone.screenshot(path=ARTIFACTS / "poll_student_reason_390.png", full_page=True)
        right = opened.open(PHONE, is_mobile=True, has_touch=True)
        right.goto(f"{server}/?room={code}&token={tokens[1]}")
        right.locator(f"{CHART} svg").first.wait_for(timeout=WAIT)
        settle(right)
        assert right.get_by_text("Why:").count() == 0  # a right guess needs no reason
        assert not opened.problems, opened.problems

"""Hardening for a public class link (issue 15), as only a real browser shows it: what
Streamlit's Markdown really draws for user text, and what its server really answers to
a long link."""

import csv
import io
from urllib.parse import urlencode

import pytest

from tempviz.state import MAX_URL_CHARS, link_length
from tests.conftest import CHART, open_app, settle, type_mistake

pytestmark = pytest.mark.browser

UPLOADER = '[data-testid="stFileUploader"] input[type="file"]'
# every form Streamlit's Markdown once turned into a link, an icon, an emoji or an arrow
LABEL = ("www.example.com https://example.com/x name@example.com :material/home: :smile: "
         ":streamlit: :red[red] &amp; a -> b")


def upload(tab, tmp_path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    tab.locator(UPLOADER).set_input_files(path)


def test_a_label_of_links_icons_and_entities_shows_as_typed(page, tmp_path):
    written = io.StringIO()
    csv.writer(written).writerows([[LABEL, 1], ["unused", "-inf"]])
    open_app(page)
    upload(page, tmp_path, "labels.csv", written.getvalue().encode())
    page.get_by_text("Showing 2 logits from labels.csv").wait_for(timeout=30_000)
    settle(page)
    items = page.locator('[data-testid="stMarkdownContainer"] ol li')
    assert items.count() == 20
    for text in items.all_text_contents():
        assert text.replace("\u2060", "") == LABEL
    main = page.locator('[data-testid="stMain"]')
    assert main.locator('a[href*="example.com"], a[href^="mailto:"]').count() == 0
    assert main.locator('ol [data-testid="stIconMaterial"], ol img, ol span[role="img"]'
                        ).count() == 0


def test_a_mistake_quoting_a_link_shows_it_as_text(page):
    open_app(page)
    error = type_mistake(page, "1, www.example.com, name@example.com")
    assert 'item 2 ("www.example.com") is not a number' in error.text_content().replace(
        "\u2060", "")
    assert error.locator("a").count() == 0


def test_a_link_too_long_for_the_app_opens_with_a_notice_not_an_http_error(page):
    # a 128,000-character link once got HTTP 400 from the server, with no word from the
    # app; the app now refuses logits past MAX_URL_CHARS, far below what the server takes
    logits = "1, " * 2_400  # 12,000 characters in a link: "1%2C+" each
    assert MAX_URL_CHARS < link_length(logits) < 16_384 - 2_000  # h11's limit, with headers
    response = page.goto(f"{page.base_url}/?{urlencode({'lang': 'en', 'logits': logits})}")
    assert response.status == 200
    page.wait_for_selector(f"{CHART} svg", timeout=30_000)
    settle(page)
    notice = page.locator('[data-testid="stAlertContentWarning"]').first
    assert ("The link's logits was ignored: it takes 12,000 characters in a link, and a link "
            "holds at most 8,000.") in notice.text_content()
    assert page.locator('[data-testid="stTextArea"] textarea').input_value() == "1, 2, 5"


def test_a_broken_upload_leaves_the_page_working(page, tmp_path):
    open_app(page)
    upload(page, tmp_path, "cell.csv", b"x" * 200_000 + b",1\n")
    error = page.locator('[data-testid="stAlertContentError"]')
    error.wait_for(timeout=30_000)
    settle(page)
    assert "line 1 holds a cell longer than 131,072 characters" in error.text_content()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(CHART).count() == 4  # the last logits that could be read


# Streamlit's own words (hidden) and the page's words written in their place (::after)
STREAMLIT_WORDS = ("button p, [data-testid='stFileUploaderDropzoneInstructions'] span, "
                   "[data-testid='stFileChipName'] + div, [role='alert']")
OUR_WORDS = ("button p, "
             "[data-testid='stFileUploaderDropzoneInstructions'] > div, "
             "[data-testid='stFileChip']")
SHOWN_WORDS = f"""(zone) => ({{
    texts: [...zone.querySelectorAll("{STREAMLIT_WORDS}")]
        .filter((element) => element.checkVisibility()
                && parseFloat(getComputedStyle(element).fontSize) > 0)
        .map((element) => element.textContent),
    written: [...zone.querySelectorAll("{OUR_WORDS}")]
        .map((element) => getComputedStyle(element, "::after").content)
        .filter((content) => content !== "none"),
}})"""


@pytest.mark.parametrize("lang, words", [
    ("ru", ['"Выбрать файл"', '"До 10 МБ · CSV, NPY, JSON, TXT"', '"Выбрать файл"',
            '"До 10 МБ · CSV, NPZ"', '"Здесь читаются только файлы CSV, NPY, JSON, TXT"']),
    ("en", ['"Choose a file"', '"Up to 10 MB · CSV, NPY, JSON, TXT"', '"Choose a file"',
            '"Up to 10 MB · CSV, NPZ"', '"Only CSV, NPY, JSON, TXT files are read here"'])])
def test_the_uploaders_speak_the_page_s_language_not_streamlit_s_english(page, tmp_path, lang,
                                                                          words):
    # Streamlit writes "Upload", "10MB per file • CSV, NPY", a file's "6.0B" and "Error:
    # application/x-msdownload files are not allowed." in English, whatever the page's language
    open_app(page, f"?lang={lang}&part=practice")
    page.locator('[data-testid="stFileUploaderDropzone"]').nth(1).wait_for(timeout=30_000)
    zones = page.locator('[data-testid="stFileUploader"]')
    found = [zones.nth(i).evaluate(SHOWN_WORDS) for i in range(2)]
    assert [found[0]["texts"], found[1]["texts"]] == [[], []]
    assert found[0]["written"] + found[1]["written"] == words[:4]
    (tmp_path / "program.exe").write_bytes(b"MZ")  # refused by Streamlit, in the browser
    page.locator(UPLOADER).first.set_input_files(tmp_path / "program.exe")
    page.locator('[data-testid="stFileChip"][aria-invalid="true"]').wait_for(timeout=30_000)
    refused = zones.first.evaluate(SHOWN_WORDS)
    assert refused["texts"] == [] and words[4] in refused["written"]

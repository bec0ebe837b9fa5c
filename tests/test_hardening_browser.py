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

"""The whole page read as a student reads it, in each language (issue 23): numbers as a
textbook writes them, and a Russian page in Russian.

Read twice: by AppTest (every text element Python sends) and in a browser (what is drawn,
charts included, Material icons left out), with the cuts switched on, the work, the
exercise, the stability lesson and *Temperature in practice* open, at T = 0.1 where
powers of ten appear."""

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tempviz.i18n import text as t
from tests.conftest import open_app, settle
from tests.test_app import APP
from tests.test_state import LATIN_ALLOWED

QUERY = {"T": "0.1", "top_k": "2", "top_p": "0.9", "min_p": "0.05", "part": "practice"}
E_NOTATION = re.compile(r"\d[eE][-+−]?\d")
DECIMAL_POINT = re.compile(r"\d\.\d")
COMMA_SPLIT = re.compile(r"\d,\d+, \d")  # "0,1, 0,2": six numbers or three?
BARE_PERCENT = re.compile(r"\d%")  # Russian sets the sign apart: 50 %
LATIN_WORD = re.compile(r"[A-Za-z]+")
# names a Russian page shows beside LATIN_ALLOWED's: the language switch's "English",
# and T as the language model writes it (lower-case, as it writes every word)
NAMES = LATIN_ALLOWED | {"English", "t"}
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")


def misprints(text: str, lang: str) -> dict[str, list[str]]:
    """What a textbook in the language would not print, each with a little context."""
    text = TEX_COMMAND.sub(" ", text)  # \frac is a formula's, not an English word

    def around(pattern: re.Pattern) -> list[str]:
        return [text[max(0, m.start() - 25):m.end() + 25] for m in pattern.finditer(text)]

    found = {"e-notation": around(E_NOTATION)}
    if lang == "ru":
        found |= {"decimal point": around(DECIMAL_POINT), "comma-split list": around(COMMA_SPLIT),
                  "percent sign": around(BARE_PERCENT),
                  "English": sorted(set(LATIN_WORD.findall(text)) - NAMES)}
    return {kind: where for kind, where in found.items() if where}


FIELDS = ("label", "value", "body", "options", "help", "placeholder", "caption")
SKIPPED = ("Html", "UnknownElement")  # style sheets, and charts (read in the browser)


def app_texts(page: AppTest) -> str:
    """Every text an element of the page carries: labels, values, options, help, cells."""
    texts: list[str] = []

    def add(value) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, (list, tuple)):
            texts.extend(str(item) for item in value)
        elif isinstance(value, pd.DataFrame):
            texts.extend(str(cell) for cell in [*value.columns, *value.to_numpy().ravel()])

    def walk(node) -> None:
        if type(node).__name__ in SKIPPED:
            return
        # a choice's value is the program's (corpus=bundled), its options are what is shown
        for name in FIELDS[:1] + FIELDS[2:] if hasattr(node, "options") else FIELDS:
            try:
                add(getattr(node, name))
            except (AttributeError, KeyError, ValueError, TypeError):
                pass
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(page._tree)
    return "\n".join(texts)


def opened_page(lang: str) -> AppTest:
    page = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in (QUERY | {"lang": lang}).items():
        page.query_params[key] = value
    page.run()
    page.toggle(key="guided").set_value(True).run()
    assert not page.exception
    return page


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_text_python_sends_is_written_as_a_textbook_in_the_language_writes_it(lang):
    text = app_texts(opened_page(lang))
    assert "10⁻" in text  # the page at T = 0.1 does write powers of ten
    assert misprints(text, lang) == {}


# the text drawn: HTML without Material icons (ligatures: "content_cut") or words shrunk
# to nothing, and SVG text
DRAWN_TEXT = """() => {
    const parts = [];
    for (const root of document.querySelectorAll('[data-testid="stMain"], '
                                                 + '[data-testid="stSidebar"]')) {
        // words shrunk to nothing (Streamlit's "Upload", ours written over it) are unseen
        root.querySelectorAll("*").forEach((element) => {
            if (getComputedStyle(element).fontSize === "0px") element.dataset.tvUnseen = "";
        });
        const copy = root.cloneNode(true);
        copy.querySelectorAll("[data-tv-unseen]").forEach((element) => element.remove());
        copy.querySelectorAll('[data-testid="stIconMaterial"], [data-testid="stExpanderIcon"], '
                              + 'svg, style, script')
            .forEach((icon) => icon.remove());
        document.body.append(copy);  // innerText needs a rendered element
        parts.push(copy.innerText);
        copy.remove();
    }
    document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text')
        .forEach((text) => parts.push(text.textContent));
    return parts.join("\\n");
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_text_the_browser_draws_is_written_as_a_textbook_in_the_language_writes_it(
        page, lang):
    query = "&".join(f"{key}={value}" for key, value in (QUERY | {"lang": lang}).items())
    open_app(page, f"?{query}")
    page.locator(".st-key-work summary").click()
    page.locator(".st-key-guided label").click()
    settle(page)
    page.locator('[data-testid="stExpander"] summary').filter(
        has_text=t("stability.heading", lang)).click()
    settle(page)
    text = page.evaluate(DRAWN_TEXT)
    assert "10⁻" in text and ("Дистилляция" in text if lang == "ru" else "Distillation" in text)
    assert misprints(text, lang) == {}

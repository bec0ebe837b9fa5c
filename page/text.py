"""Words on the page: the reader's language, user text made literal, readouts written out."""

from __future__ import annotations

import re

from page.session import view
from tempviz import frames, views
from tempviz.i18n import text
from tempviz.state import View

# CommonMark lets a backslash keep any ASCII punctuation mark from acting as Markdown
ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
# Streamlit's Markdown also rewrites plain text once it is parsed, where a backslash no
# longer counts: it links www.…, http(s)://… and name@host, turns :shortcode: into an
# emoji or an icon, and -> or <= into arrows. A word joiner (U+2060), which draws
# nothing, inside each such pattern keeps it from matching.
REWRITTEN = re.compile(r"(?<=:)(?=[\w/+-])|(?<=[wW]{3})(?=\.)|(?=@)|(?<=[<>=~-])(?=[<>=~-])")
WORD_JOINER = "\u2060"
# Streamlit writes "Press Enter to submit form" inside a form's text box: in English on
# every page, and on a phone it runs into what was typed; each form's button says what
# Enter does, so the hint is hidden
NO_ENTER_HINT = '[data-testid="stForm"] [data-testid="InputInstructions"] { display: none; }'
LINE_BREAK = re.compile(r"\r\n|\r|\n")
LEADING_SPACE = re.compile(r"^[ \t]+")


def literal(typed: str) -> str:
    r"""User text made safe for Markdown: it shows as typed and never renders or runs.
    Every ASCII punctuation mark gets a backslash (so no emphasis, link, HTML, entity,
    directive or formula), a word joiner breaks what Streamlit would rewrite after
    parsing, and each line break is a hard break, so blank lines and indents stay
    within the paragraph or list item the text sits in.

    >>> print(literal("**x** &amp; [y](z)"))
    \*\*x\*\* \&amp\; \[y\]\(z\)
    >>> print(literal("www.a.org :smile:, a@b.c").replace(WORD_JOINER, "^"))
    www^\.a\.org \:^smile\:\, a^\@b\.c
    >>> print(literal("one\n\n  two").replace("\xa0", "~"))
    one\
    ~\
    ~~two
    """
    return "\\\n".join(_literal_line(line) for line in LINE_BREAK.split(typed))


def _literal_line(line: str) -> str:
    # leading spaces as no-break spaces: four would start a code block, and a line of
    # spaces alone would end the paragraph
    line = LEADING_SPACE.sub(lambda spaces: "\xa0" * len(spaces.group()), line) or "\xa0"
    return ASCII_PUNCTUATION.sub(r"\\\g<0>", REWRITTEN.sub(WORD_JOINER, line))


def t(key: str, **values: object) -> str:
    """A text in the reader's language."""
    return text(key, view().lang, **values)


def named(prefix: str):
    """A widget's format_func naming each option by the text ``prefix + option``, in the
    language of this run: Streamlit may call it later, outside the run."""
    lang = view().lang
    return lambda option: text(f"{prefix}{option}", lang)


def readout_texts(readout: views.Readout, look: View) -> list[str]:
    """The three readouts as the stage shows them: entropy with its unit, the effective
    number of choices, the largest probability with its class."""
    lang = look.lang
    return [f"{frames.format_measure(readout.entropy, lang)} {text(f'unit.{look.unit}', lang)}",
            frames.format_bounded(readout.perplexity, readout.classes, readout.excess, lang),
            views.top_classes(readout, frames.format_probability(
                readout.top_probability, readout.top_complement, lang), lang)]

"""Words on the page: the reader's language, user text made literal, readouts written out."""

from __future__ import annotations

import math
import re

from page.session import view
from tempviz import frames, views
from tempviz.i18n import text
from tempviz.state import View
from tempviz.temperature import format_temperature

MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~$:]")


def literal(typed: str) -> str:
    """User text made safe for Markdown: it shows as typed and never renders or runs.
    Every punctuation mark Markdown or Streamlit could act on gets a backslash."""
    return MARKDOWN_SPECIAL.sub(r"\\\g<0>", typed)


def t(key: str, **values: object) -> str:
    """A text in the reader's language."""
    return text(key, view().lang, **values)


def slider_label(temperature: float) -> str:
    return "∞" if math.isinf(temperature) else format_temperature(temperature)


def readout_texts(readout: views.Readout, look: View) -> list[str]:
    """The three readouts as the stage shows them: entropy with its unit, the effective
    number of choices, the largest probability with its class."""
    lang = look.lang
    return [f"{frames.format_measure(readout.entropy, lang)} {text(f'unit.{look.unit}', lang)}",
            frames.format_bounded(readout.perplexity, readout.classes, readout.excess, lang),
            text("readout.top_value", lang,
                 value=frames.format_probability(readout.top_probability,
                                                 readout.top_complement, lang),
                 label=readout.top_label)]

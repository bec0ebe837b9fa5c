"""Words on the page: the reader's language, user text made literal, translated choices."""

from __future__ import annotations

import math
import re

import streamlit as st

from tempviz.i18n import text
from tempviz.temperature import format_temperature

MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~$:]")


def literal(typed: str) -> str:
    """User text made safe for Markdown: it shows as typed and never renders or runs.
    Every punctuation mark Markdown or Streamlit could act on gets a backslash."""
    return MARKDOWN_SPECIAL.sub(r"\\\g<0>", typed)


def t(key: str, **values: object) -> str:
    """A text in the reader's language."""
    return text(key, st.session_state.lang, **values)


def choice(label: str, options: dict[str, str], state: str, **radio_options) -> str:
    """A radio over translated labels that keeps its choice, a plain value, in
    ``st.session_state[state]`` across languages: each language has its own widget."""
    values, labels = list(options), list(options.values())
    picked = st.radio(label, labels, index=values.index(st.session_state[state]),
                      key=f"{state}_{st.session_state.lang}", **radio_options)
    st.session_state[state] = values[labels.index(picked)]
    return st.session_state[state]


def slider_label(temperature: float) -> str:
    return "∞" if math.isinf(temperature) else format_temperature(temperature)

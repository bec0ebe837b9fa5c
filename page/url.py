"""The state a link carries: read once per session from the URL, written back every run."""

from __future__ import annotations

import streamlit as st

import tempviz as tv
from page.data import STOPS
from page.text import literal, t
from tempviz.i18n import LANGUAGES, language_of
from tempviz.logits import LogitsLimitError
from tempviz.presets import DEFAULT_TEXT
from tempviz.sampling import Filters, as_fraction, as_top_k
from tempviz.temperature import format_temperature, nearest_stop, parse_temperature

MAX_URL_CHARS = 8_000
FILTER_DEFAULTS = {"top_k": 2, "top_p": 0.9, "min_p": 0.1}
ORDERS = ("first", "last")  # where temperature goes in the chain


def load_url_state() -> None:
    """Once per session: open the logits and T the URL names, saying what was ignored."""
    if "url_loaded" in st.session_state:
        return
    st.session_state.url_loaded = True
    st.session_state.url_notices = []
    wanted = st.query_params.get("lang")
    st.session_state.lang = wanted if wanted in LANGUAGES else language_of(st.context.locale)
    st.session_state.logits = logits_from_url(st.query_params.get("logits", DEFAULT_TEXT))
    st.session_state.T = 1.0
    if "T" in st.query_params:
        st.session_state.T = temperature_from_url(st.query_params["T"])
    st.session_state.update(FILTER_DEFAULTS)
    for name in FILTER_DEFAULTS:
        if name in st.query_params:
            filter_from_url(name, st.query_params[name])
    st.session_state.order = ORDERS[st.query_params.get("order") == "last"]
    st.session_state.update(unit="bits", corpus="bundled")
    if wanted is not None and wanted not in LANGUAGES:
        st.session_state.url_notices.append(t("url.lang_ignored", value=literal(wanted)))


def filter_from_url(name: str, text: str) -> None:
    """Switch on the cut the URL names, or say why it stays off."""
    read = {"top_k": lambda: as_top_k(int(text)), "top_p": lambda: as_fraction(name, float(text)),
            "min_p": lambda: as_fraction(name, float(text))}[name]
    try:
        st.session_state[name] = read()
    except ValueError:
        rule = t("url.rule_whole" if name == "top_k" else "url.rule_fraction")
        st.session_state.url_notices.append(
            t("url.filter_ignored", name=name, rule=rule, value=literal(repr(text))))
        return
    st.session_state[f"{name}_on"] = True


def logits_from_url(text: str) -> str:
    """The URL's logits text, kept even when it has a mistake (the box shows it), unless
    it is beyond the size limits: then the default, with a notice."""
    try:
        tv.parse_logits(text)
    except LogitsLimitError as error:
        st.session_state.url_notices.append(
            t("url.logits_too_large", error=literal(error.localized(st.session_state.lang))))
        return DEFAULT_TEXT
    except tv.LogitsError:
        pass  # shown next to the box, where it can be corrected
    return text


def temperature_from_url(text: str) -> float:
    """The slider stop the URL's T names, falling back to T = 1 with a notice."""
    try:
        wanted = parse_temperature(text)
    except ValueError:
        rule = t("url.temperature_rule", value=literal(repr(text)))
        st.session_state.url_notices.append(t("url.temperature_ignored", error=rule))
        return 1.0
    stop = nearest_stop(wanted, STOPS)
    if stop != wanted:
        st.session_state.url_notices.append(
            t("url.temperature_snapped", asked=literal(text), shown=format_temperature(stop)))
    return stop


def save_url_state(filters: Filters) -> None:
    """Keep the URL in step with the inputs, so the link always reopens this view."""
    if len(st.session_state.logits) <= MAX_URL_CHARS:
        st.query_params["logits"] = st.session_state.logits
    else:  # too long for a link that people can paste around
        st.query_params.pop("logits", None)
    st.query_params["T"] = format_temperature(st.session_state.T)
    st.query_params["lang"] = st.session_state.lang
    for name in FILTER_DEFAULTS:
        value = getattr(filters, name)
        if value is None:
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = f"{value:g}"
    if filters.temperature_first:
        st.query_params.pop("order", None)
    else:
        st.query_params["order"] = "last"

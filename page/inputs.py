"""The page's inputs: logits, temperature, the sampling cuts, the chart options."""

from __future__ import annotations

import math

import streamlit as st

import tempviz as tv
from page.data import STOPS, load_logits
from page.text import choice, literal, slider_label, t
from page.url import MAX_URL_CHARS, ORDERS
from tempviz import charts
from tempviz.charts import SCREEN, SLIDE
from tempviz.files import READERS
from tempviz.i18n import NAMES
from tempviz.logits import MAX_CHARS, MAX_LOGITS
from tempviz.presets import DEFAULT_TEXT, preset_typed, presets
from tempviz.sampling import Filters, describe_chain
from tempviz.views import UNITS, Settings

QUICK_TEMPERATURES = (0.0, 0.1, 1.0, 10.0, math.inf)
SAMPLE_SIZES = (10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
BAR_COUNTS = (5, 10, 20, 30, 50)


def use_preset(text: str) -> None:
    st.session_state.logits = text


def set_temperature(temperature: float) -> None:
    st.session_state.T = temperature


def draw_again() -> None:
    st.session_state.seed += 1


def logits_input() -> tv.Logits:
    """The logits box with its presets, and a file upload that takes over while present.
    Returns the logits typed or uploaded, or while those can't be read, the last ones
    that could, so the page never goes blank."""
    st.text_area(t("logits.label"), key="logits", height=120, max_chars=MAX_CHARS,
                 help=t("logits.help"))
    chosen = preset_typed(st.session_state.logits, st.session_state.lang)
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.markdown(f"**{t('presets.label')}**")
        for preset in presets(st.session_state.lang):
            st.button(preset.name, help=preset.lesson, on_click=use_preset, args=(preset.text,),
                      type="primary" if preset == chosen else "secondary")
    upload = st.file_uploader(t("upload.label"), type=list(READERS), key="upload",
                              help=t("upload.help", limit=MAX_LOGITS))
    if len(st.session_state.logits) > MAX_URL_CHARS:
        st.caption(t("logits.too_long_for_link", limit=MAX_URL_CHARS))
    source = ("text", st.session_state.logits)
    if upload is not None:
        source = (upload.name, upload.getvalue())
    try:
        logits = load_logits(source)
    except tv.LogitsError as error:
        what = t("logits.file_error" if upload else "logits.error")
        st.error(f"**{what}:** {literal(error.localized(st.session_state.lang))}",
                 icon=":material/edit:")
        st.caption(t("logits.keep_last"))
        return load_logits(st.session_state.get("last_valid_source", ("text", DEFAULT_TEXT)))
    for note in logits.notes:
        st.info(literal(note.localized(st.session_state.lang)), icon=":material/info:")
    if upload is not None:
        st.success(t("upload.showing", count=len(logits), name=literal(upload.name)),
                   icon=":material/upload_file:")
    elif chosen is not None:  # what the preset in the box is there to show
        st.markdown(f"**{chosen.name}.** {chosen.lesson}")
    st.session_state.last_valid_source = source
    return logits


def fraction_cut(label: str, key: str, help: str) -> bool:
    """A cut with a parameter in [0, 1]: a switch, and a slider used while it is on."""
    on = st.toggle(label, key=f"{key}_on", help=help)
    st.slider(label, 0.0, 1.0, step=0.01, key=key, disabled=not on, label_visibility="collapsed")
    return on


def filters_input(temperature: float) -> Filters:
    """Top-k, top-p and min-p, each on or off, where temperature goes, and the chain
    written out."""
    with st.container(border=True):
        st.markdown(t("cuts.heading"))
        k_column, p_column, m_column, order_column = st.columns([1, 1, 1, 1.4])
        with k_column:
            k_on = st.toggle("top-k", key="top_k_on", help=t("cuts.top_k_help"))
            st.number_input("k", min_value=1, max_value=MAX_LOGITS, step=1, key="top_k",
                            disabled=not k_on, label_visibility="collapsed")
        with p_column:
            p_on = fraction_cut("top-p", "top_p", t("cuts.top_p_help"))
        with m_column:
            m_on = fraction_cut("min-p", "min_p", t("cuts.min_p_help"))
        with order_column:
            order = choice(t("cuts.order"), {o: t(f"cuts.order_{o}") for o in ORDERS}, "order")
        filters = Filters(top_k=st.session_state.top_k if k_on else None,
                          top_p=st.session_state.top_p if p_on else None,
                          min_p=st.session_state.min_p if m_on else None,
                          temperature_first=order == ORDERS[0])
        st.markdown(t("cuts.chain", chain=describe_chain(filters.steps(temperature))))
    return filters


def temperature_input() -> float:
    """The log-scale temperature slider, with its two limits at the ends, and quick picks."""
    st.select_slider(t("temperature.label"), options=STOPS, key="T", format_func=slider_label)
    with st.container(horizontal=True, gap="small"):
        for quick in QUICK_TEMPERATURES:
            st.button(charts.temperature_phrase(quick), key=f"quick_T_{quick}",
                      on_click=set_temperature, args=(quick,),
                      type="primary" if quick == st.session_state.T else "secondary")
    return st.session_state.T


def choose_language() -> None:
    """English or Russian; the choice is kept in the URL as lang=en or lang=ru."""
    picked = st.radio(t("page.language"), list(NAMES.values()), horizontal=True,
                      index=list(NAMES).index(st.session_state.lang), key="language")
    chosen = list(NAMES)[list(NAMES.values()).index(picked)]
    if chosen != st.session_state.lang:
        st.session_state.lang = chosen
        st.rerun()  # every text above this point was written in the other language


def chart_settings(filters: Filters) -> Settings:
    """The options row above the charts."""
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        log_scale = st.toggle(t("options.log_axis"), key="log_axis",
                              help=t("options.log_axis_help"))
        unit = choice(t("options.unit"), {u: t(f"unit.{u}") for u in UNITS}, "unit",
                      horizontal=True)
        samples = st.select_slider(t("options.samples"), options=SAMPLE_SIZES, value=1_000,
                                   key="n", format_func="{:,}".format, width=220)
        seed = st.number_input(t("options.seed"), min_value=0, max_value=2**32 - 1, value=0,
                               step=1, key="seed", width=150)
        st.button(t("options.draw_again"), icon=":material/casino:", on_click=draw_again)
        bars = st.select_slider(t("options.bars"), options=BAR_COUNTS, value=20, key="bars",
                                help=t("options.bars_help"), width=160)
        slide = st.toggle(t("options.slide"), key="slide_style", help=t("options.slide_help"))
    return Settings(unit=unit, samples=samples, seed=seed, log_scale=log_scale,
                    style=SLIDE if slide else SCREEN, filters=filters, bars=bars,
                    lang=st.session_state.lang)

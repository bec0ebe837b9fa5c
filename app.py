"""tempviz: the page. It reads the inputs, asks tempviz for numbers and charts, shows them.

Each part of the page is a function in ``page/``; this file says in what order they come.
The stage (the temperature control, the bars, the entropy curve, then the samples and
each class's curve) comes first, so that it fits the first screen; inputs live in the
sidebar, cuts and settings one click away above the charts.
"""

from __future__ import annotations

import streamlit as st

from page.data import look_key, stage
from page.generation import show_generated_text, show_replies
from page.inputs import (
    choose_language,
    cuts_input,
    cuts_summary,
    logits_input,
    present_button,
    settings_input,
)
from page.lessons import guided_exercise, show_stability_lesson, show_work
from page.poll import poll_button, show_poll_page
from page.practice import practice_part
from page.session import save_link, view
from page.stage import show_chart, show_formula, show_table, temperature_control
from page.text import literal, t

current = view()
st.set_page_config(page_title="tempviz: temperature and softmax", page_icon="🌡️",
                   layout="wide",
                   initial_sidebar_state="collapsed" if current.present else "auto")
if show_poll_page():  # ?room=…: a class poll's page, not the stage
    st.stop()

with st.sidebar:
    choose_language()
    logits = logits_input()

with st.container(horizontal=True, horizontal_alignment="right", gap="small",
                  key="toolbar"):
    with st.popover(cuts_summary(), icon=":material/content_cut:"):
        cuts_input()
    with st.popover(t("options.heading"), icon=":material/tune:"):
        settings_input()
    present_button()
    poll_button(logits)
if not current.present:
    st.title(t("page.title"))
for notice in st.session_state.link_notices:
    st.warning(literal(notice.localized(current.lang)), icon=":material/link:")
numbers = stage(logits, look_key(current), dark=st.context.theme.type == "dark")
temperature_control(numbers)

with st.container(key="stage_charts"):
    bars_column, entropy_column = st.columns(2, gap="medium")
    with bars_column:
        show_chart(numbers, "probabilities")
    with entropy_column:
        show_chart(numbers, "entropy")

if not current.present:
    show_formula(numbers)
    work = st.expander(t("work.heading"), key="work", on_change="rerun",
                       icon=":material/calculate:")
    if work.open:  # drawn only once opened, then it follows T with the stage
        with work:
            show_work(numbers)
    samples_column, classes_column = st.columns(2, gap="medium")
    with samples_column:
        show_chart(numbers, "samples")
    with classes_column:
        show_chart(numbers, "classes")
    show_table(numbers)

    if st.toggle(t("exercise.toggle"), key="guided", help=t("exercise.toggle_help")):
        guided_exercise()
    st.subheader(t("generation.heading"))
    replies_tab, text_tab = st.tabs([t("generation.replies_tab"), t("generation.text_tab")])
    with replies_tab:
        show_replies(logits)
    with text_tab:
        show_generated_text()
    with st.expander(t("notice.heading"), expanded=True):
        st.markdown(t("notice.body"))
    with st.expander(t("stability.heading")):
        show_stability_lesson(logits, current.temperature)
    practice_part()  # temperature scaling and distillation, drawn once opened

save_link()

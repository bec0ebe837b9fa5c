"""tempviz: the page. It reads the widgets, asks tempviz for numbers and charts, shows them.

Each part of the page is a function in ``page/``; this file says in what order they come.
"""

from __future__ import annotations

import streamlit as st

from page.data import STOPS, classes_text, entropy_limits, shown_specs
from page.inputs import (
    chart_settings,
    choose_language,
    filters_input,
    logits_input,
    temperature_input,
)
from page.lessons import guided_exercise, show_stability_lesson
from page.outputs import (
    show_chart,
    show_generated_text,
    show_live_pair,
    show_readouts,
    show_replies,
    show_table,
)
from page.text import t
from page.url import load_url_state, save_url_state
from tempviz.formula import softmax_latex
from tempviz.views import alt_texts, numbers_at

st.set_page_config(page_title="tempviz: temperature and softmax", page_icon="🌡️",
                   layout="wide")
load_url_state()

title_column, language_column = st.columns([5, 1], vertical_alignment="bottom")
with language_column:
    choose_language()
with title_column:
    st.title(t("page.title"))
st.caption(t("page.caption"))
for notice in st.session_state.url_notices:
    st.warning(notice, icon=":material/link:")
if st.toggle(t("exercise.toggle"), key="guided", help=t("exercise.toggle_help")):
    guided_exercise()

logits_column, temperature_column = st.columns([5, 6], gap="large")
with logits_column:
    logits = logits_input()
with temperature_column:
    temperature = temperature_input()
    st.latex(softmax_latex(temperature))
    readouts = st.container()
filters = filters_input(temperature)
save_url_state(filters)

settings = chart_settings(filters)
numbers = numbers_at(logits, temperature, settings, entropy_limits(logits, settings))
shown = shown_specs(logits, settings)
index = STOPS.index(temperature)
texts = alt_texts(numbers, settings) | {"classes": classes_text(logits, settings.lang)}

with readouts:
    show_readouts(numbers.summary, settings.unit)
show_live_pair(logits, shown, index, texts, settings)
samples_column, classes_column = st.columns(2, gap="large")
with samples_column:
    show_chart(logits, shown, "samples", index, texts, settings)
with classes_column:
    show_chart(logits, shown, "classes", index, texts, settings)
show_table(numbers, len(logits))

st.subheader(t("generation.heading"))
replies_tab, text_tab = st.tabs([t("generation.replies_tab"), t("generation.text_tab")])
with replies_tab:
    show_replies(logits, numbers.distribution, settings.seed)
with text_tab:
    show_generated_text(filters.steps(temperature), settings.seed)

with st.expander(t("notice.heading"), expanded=True):
    st.markdown(t("notice.body"))
with st.expander(t("stability.heading")):
    show_stability_lesson(logits, temperature)

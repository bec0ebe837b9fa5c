"""tempviz: the page. It reads the widgets, asks tempviz for numbers and charts, shows them."""

from __future__ import annotations

import math
import re
from functools import partial

import streamlit as st

import tempviz as tv
from tempviz import charts, export, frames
from tempviz.charts import SCREEN, SLIDE
from tempviz.formula import softmax_latex
from tempviz.presets import DEFAULT, PRESETS, WHAT_TO_NOTICE
from tempviz.temperature import (format_temperature, log_grid, nearest_stop, parse_temperature,
                                 slider_stops)
from tempviz.views import UNITS, Settings, build_views

STOPS = slider_stops()
QUICK_TEMPERATURES = (0.0, 0.1, 1.0, 10.0, math.inf)
SAMPLE_SIZES = (10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~$:]")


def literal(text: str) -> str:
    """User text made safe for Markdown: it shows as typed and never renders or runs.
    Every punctuation mark Markdown or Streamlit could act on gets a backslash."""
    return MARKDOWN_SPECIAL.sub(r"\\\g<0>", text)


# ---- state shared with the URL ------------------------------------------------------------

def load_url_state() -> None:
    """Once per session: open the logits and T the URL names, saying what was ignored."""
    if "url_loaded" in st.session_state:
        return
    st.session_state.url_loaded = True
    st.session_state.url_notices = []
    st.session_state.logits = st.query_params.get("logits", DEFAULT.text)
    st.session_state.T = 1.0
    if "T" in st.query_params:
        st.session_state.T = temperature_from_url(st.query_params["T"])


def temperature_from_url(text: str) -> float:
    """The slider stop the URL's T names, falling back to T = 1 with a notice."""
    try:
        wanted = parse_temperature(text)
    except ValueError as error:
        st.session_state.url_notices.append(f"The link's temperature was ignored: "
                                            f"{literal(str(error))}. Showing T = 1.")
        return 1.0
    stop = nearest_stop(wanted, STOPS)
    if stop != wanted:
        st.session_state.url_notices.append(
            f"The link asks for T = {literal(text)}, which is not a slider stop; "
            f"showing the nearest, T = {format_temperature(stop)}.")
    return stop


def save_url_state() -> None:
    """Keep the URL in step with the inputs, so the link always reopens this view."""
    st.query_params["logits"] = st.session_state.logits
    st.query_params["T"] = format_temperature(st.session_state.T)


# ---- cached work, keyed by input ------------------------------------------------------------

@st.cache_data(max_entries=64, show_spinner=False)
def parsed_logits(text: str) -> tv.Logits:
    return tv.parse_logits(text)


@st.cache_data(max_entries=64, show_spinner=False)
def entropy_curve(text: str, base: float | None):
    return frames.entropy_frame(parsed_logits(text), log_grid(), base=base)


# ---- inputs ---------------------------------------------------------------------------------

def use_preset(text: str) -> None:
    st.session_state.logits = text


def set_temperature(temperature: float) -> None:
    st.session_state.T = temperature


def same_text(a: str, b: str) -> bool:
    """Whether two logits texts differ only in spacing, as "1,2,5" and "1, 2, 5" do."""
    return "".join(a.split()) == "".join(b.split())


def draw_again() -> None:
    st.session_state.seed += 1


def slider_label(temperature: float) -> str:
    return "∞" if math.isinf(temperature) else format_temperature(temperature)


def logits_input() -> str:
    """The logits box with its presets. Returns the text the charts show: what was typed,
    or while that can't be read, the last text that could, so the page never goes blank."""
    st.text_area("Logits", key="logits", height=120,
                 help="Numbers separated by commas, spaces, semicolons or new lines, "
                      "optionally labelled as label: value. -inf marks a token that can "
                      "never be chosen. Decimal commas work between semicolons: 1,5; 2,5.")
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.markdown("**Presets**")
        for preset in PRESETS:
            chosen = same_text(preset.text, st.session_state.logits)
            st.button(preset.name, help=preset.lesson, on_click=use_preset, args=(preset.text,),
                      type="primary" if chosen else "secondary")
    try:
        notes = parsed_logits(st.session_state.logits).notes
    except tv.LogitsError as error:
        st.error(f"**These logits can't be read:** {literal(str(error))}", icon=":material/edit:")
        st.caption("The charts keep showing the last logits that could be read.")
        return st.session_state.get("last_valid_logits", DEFAULT.text)
    for note in notes:
        st.info(note, icon=":material/info:")
    st.session_state.last_valid_logits = st.session_state.logits
    return st.session_state.logits


def preset_lesson() -> None:
    """What the chosen preset is there to show."""
    for preset in PRESETS:
        if same_text(preset.text, st.session_state.logits):
            st.markdown(f"**{preset.name}.** {preset.lesson}")


def temperature_input() -> float:
    """The log-scale temperature slider, with its two limits at the ends, and quick picks."""
    st.select_slider("Temperature T (log scale; the ends are the limits T → 0 and T → ∞)",
                     options=STOPS, key="T", format_func=slider_label)
    with st.container(horizontal=True, gap="small"):
        for t in QUICK_TEMPERATURES:
            st.button(charts.temperature_phrase(t), key=f"quick_T_{t}", on_click=set_temperature,
                      args=(t,), type="primary" if t == st.session_state.T else "secondary")
    return st.session_state.T


# ---- outputs --------------------------------------------------------------------------------

def chart_settings() -> Settings:
    """The options row above the charts."""
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        log_scale = st.toggle("Log-scale probability axis", key="log_axis",
                              help="Shows tiny probabilities such as 4·10⁻¹⁸ as bars.")
        unit = st.radio("Entropy unit", list(UNITS), key="unit", horizontal=True)
        samples = st.select_slider("Samples N", options=SAMPLE_SIZES, value=1_000, key="n",
                                   format_func="{:,}".format, width=220)
        seed = st.number_input("Seed", min_value=0, max_value=2**32 - 1, value=0, step=1,
                               key="seed", width=150)
        st.button("Draw again", icon=":material/casino:", on_click=draw_again)
        slide = st.toggle("Slide style", key="slide_style",
                          help="Large fonts, thick lines and high contrast, as in the "
                               "downloaded images: for projecting and for lecture slides.")
    return Settings(unit=unit, samples=samples, seed=seed, log_scale=log_scale,
                    style=SLIDE if slide else SCREEN)


def show_readouts(summary, unit: str) -> None:
    entropy_metric, perplexity_metric, top_metric = st.columns(3)
    entropy_metric.metric("Entropy H", f"{frames.format_measure(summary.entropy)} {unit}")
    perplexity_metric.metric("Effective number of choices", f"{summary.perplexity:.2f}",
                             help="Perplexity exp(H): as uncertain as a fair choice among "
                                  "this many options.")
    top_metric.metric("Largest probability",
                      frames.format_probability(summary.top_probability, summary.top_complement),
                      help=f"Class {literal(summary.top_label)}")


def show_chart(views, name: str, temperature: float, settings: Settings) -> None:
    """One chart, drawn as it will be exported, with its download buttons below it."""
    chart = views.charts[name]
    st.altair_chart(chart, width="stretch", alt=views.alt_texts[name],
                    theme=None if settings.style is SLIDE else "streamlit")
    with st.container(horizontal=True, gap="small"):
        for fmt, mime in export.FORMATS.items():
            st.download_button(fmt.upper(), data=partial(export.render, chart, fmt),
                               file_name=export.file_name(name, temperature, fmt), mime=mime,
                               on_click="ignore", icon=":material/download:", type="tertiary",
                               key=f"download_{name}_{fmt}",
                               help=f"Download this chart as {fmt.upper()} for slides")


# ---- the page -------------------------------------------------------------------------------

st.set_page_config(page_title="tempviz: temperature and softmax", page_icon="🌡️",
                   layout="wide")
load_url_state()

st.title("How temperature reshapes softmax")
st.caption("Type the logits a network outputs, move the temperature, and watch the "
           "distribution, its entropy and its samples change together.")
for notice in st.session_state.url_notices:
    st.warning(notice, icon=":material/link:")

logits_column, temperature_column = st.columns([5, 6], gap="large")
with logits_column:
    logits_text = logits_input()
    preset_lesson()
with temperature_column:
    temperature = temperature_input()
    st.latex(softmax_latex(temperature))
    readouts = st.container()
save_url_state()

settings = chart_settings()
views = build_views(parsed_logits(logits_text), temperature, settings,
                    curve=entropy_curve(logits_text, settings.base))

with readouts:
    show_readouts(views.summary, settings.unit)
bars_column, entropy_column = st.columns(2, gap="large")
with bars_column:
    show_chart(views, "probabilities", temperature, settings)
with entropy_column:
    show_chart(views, "entropy", temperature, settings)
samples_column, table_column = st.columns(2, gap="large")
with samples_column:
    show_chart(views, "samples", temperature, settings)
with table_column:
    st.dataframe(views.table, hide_index=True, width="stretch")

with st.expander("What to notice", expanded=True):
    st.markdown(WHAT_TO_NOTICE)

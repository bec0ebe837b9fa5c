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
from tempviz.stability import FLOAT_TYPES, comparison_frame, overflow_threshold
from tempviz.temperature import (format_temperature, log_grid, nearest_stop, parse_temperature,
                                 slider_stops)
from tempviz.language_model import (NgramModel, bundled_text, detokenize, generate, repetition,
                                    train)
from tempviz.files import READERS, read_logits_file
from tempviz.logits import MAX_CHARS, MAX_LOGITS, LogitsLimitError, default_label
from tempviz.sampling import Filters, as_fraction, as_top_k, describe_chain
from tempviz.views import (TABLE_ROWS, UNITS, Numbers, Settings, alt_texts, build_charts,
                           numbers_at)

STOPS = slider_stops()
QUICK_TEMPERATURES = (0.0, 0.1, 1.0, 10.0, math.inf)
SAMPLE_SIZES = (10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
Source = tuple[str, str | bytes]  # ("text", what was typed) or (file name, its bytes)
REPLIES = 20
LIVE_WIDTH = {False: 470, True: 620}  # each of the two live panels, on screen and as slides
LIVE_SLIDER_STYLE = """<style>
[data-testid="stVegaLiteChart"] .vega-bind { font-weight: 600; margin-top: 0.5rem; }
[data-testid="stVegaLiteChart"] .vega-bind input[type="range"] { width: min(520px, 60vw); }
/* the value beside the slider is the stop's index; the chart titles say its T */
[data-testid="stVegaLiteChart"] .vega-bind label > span:not(.vega-bind-name) { display: none; }
</style>"""
CHART_NAMES = {"probabilities": "Probabilities", "entropy": "Entropy", "samples": "Samples",
               "classes": "Classes"}
MAX_URL_CHARS = 8_000
BAR_COUNTS = (5, 10, 20, 30, 50)
GENERATED_WORDS = 100
CORPORA = {"Python's documentation (bundled)": bundled_text, "Text I paste": None}
FILTER_DEFAULTS = {"top_k": 2, "top_p": 0.9, "min_p": 0.1}
ORDERS = ("temperature first (Hugging Face)", "temperature last (llama.cpp)")
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
    st.session_state.logits = logits_from_url(st.query_params.get("logits", DEFAULT.text))
    st.session_state.T = 1.0
    if "T" in st.query_params:
        st.session_state.T = temperature_from_url(st.query_params["T"])
    st.session_state.update(FILTER_DEFAULTS)
    for name in FILTER_DEFAULTS:
        if name in st.query_params:
            filter_from_url(name, st.query_params[name])
    st.session_state.order = ORDERS[st.query_params.get("order") == "last"]


def filter_from_url(name: str, text: str) -> None:
    """Switch on the cut the URL names, or say why it stays off."""
    read = {"top_k": lambda: as_top_k(int(text)), "top_p": lambda: as_fraction(name, float(text)),
            "min_p": lambda: as_fraction(name, float(text))}[name]
    try:
        st.session_state[name] = read()
    except ValueError:
        rule = "a whole number ≥ 1" if name == "top_k" else "a number in [0, 1]"
        st.session_state.url_notices.append(
            f"The link's {name} was ignored: it must be {rule}, but {literal(repr(text))} was "
            "given. It stays off.")
        return
    st.session_state[f"{name}_on"] = True


def logits_from_url(text: str) -> str:
    """The URL's logits text, kept even when it has a mistake (the box shows it), unless
    it is beyond the size limits: then the default, with a notice."""
    try:
        tv.parse_logits(text)
    except LogitsLimitError as error:
        st.session_state.url_notices.append(
            f"The link's logits were too large to open: {literal(str(error))}. Showing the "
            "default logits.")
        return DEFAULT.text
    except tv.LogitsError:
        pass  # shown next to the box, where it can be corrected
    return text


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


def save_url_state(filters: Filters) -> None:
    """Keep the URL in step with the inputs, so the link always reopens this view."""
    if len(st.session_state.logits) <= MAX_URL_CHARS:
        st.query_params["logits"] = st.session_state.logits
    else:  # too long for a link that people can paste around
        st.query_params.pop("logits", None)
    st.query_params["T"] = format_temperature(st.session_state.T)
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


# ---- cached work, keyed by input ------------------------------------------------------------

@st.cache_data(max_entries=16, show_spinner=False)
def load_logits(source: Source) -> tv.Logits:
    """Logits typed, as ("text", text), or uploaded, as (file name, bytes)."""
    kind, content = source
    return tv.parse_logits(content) if kind == "text" else read_logits_file(kind, content)


@st.cache_data(max_entries=64, show_spinner=False)
def entropy_curve(source: Source, base: float | None, filters: Filters):
    return frames.entropy_frame(load_logits(source), log_grid(), base, filters)


@st.cache_data(max_entries=16, show_spinner="Drawing the charts at every temperature…")
def chart_specs(source: Source, settings: Settings) -> dict[str, dict]:
    """Every chart's Vega-Lite spec with data at every slider stop: built once per input,
    then each move of the slider only changes which stop the specs show."""
    built = build_charts(load_logits(source), STOPS, 0, settings,
                         curve=entropy_curve(source, settings.base, settings.filters),
                         sweep=class_sweep(source))
    return {name: chart.to_dict() for name, chart in built.items()}


@st.cache_resource(max_entries=4, show_spinner="Counting word triples…")
def language_model(text: str) -> NgramModel:
    return train(text)


@st.cache_data(max_entries=256, show_spinner=False)
def generated_words(text: str, steps: tuple[tuple[str, float], ...], seed: int) -> list[str]:
    return generate(language_model(text), steps, words=GENERATED_WORDS, seed=seed)


@st.cache_data(max_entries=64, show_spinner=False)
def class_sweep(source: Source):
    return frames.class_sweep_frame(load_logits(source), log_grid())


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


def logits_input() -> Source:
    """The logits box with its presets, and a file upload that takes over while present.
    Returns where the charts' logits come from: what was typed or uploaded, or while
    that can't be read, the last source that could, so the page never goes blank."""
    st.text_area("Logits", key="logits", height=120, max_chars=MAX_CHARS,
                 help="Numbers separated by commas, spaces, semicolons or new lines, "
                      "optionally labelled as label: value. -inf marks a token that can "
                      "never be chosen. Decimal commas work between semicolons: 1,5; 2,5.")
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.markdown("**Presets**")
        for preset in PRESETS:
            chosen = same_text(preset.text, st.session_state.logits)
            st.button(preset.name, help=preset.lesson, on_click=use_preset, args=(preset.text,),
                      type="primary" if chosen else "secondary")
    upload = st.file_uploader(
        "Or upload logits", type=list(READERS), key="upload",
        help=f"CSV (one column, or label and logit), .npy, or JSON (a list, or an object "
             f"of label: logit); up to {MAX_LOGITS:,} logits. While a file is here, the "
             "charts use it instead of the box.")
    if len(st.session_state.logits) > MAX_URL_CHARS:
        st.caption(f"This text is longer than {MAX_URL_CHARS:,} characters, too long for a "
                   "link: the URL keeps only the temperature and the cuts.")
    source = ("text", st.session_state.logits)
    if upload is not None:
        source = (upload.name, upload.getvalue())
    try:
        logits = load_logits(source)
    except tv.LogitsError as error:
        what = "This file can't be read" if upload else "These logits can't be read"
        st.error(f"**{what}:** {literal(str(error))}", icon=":material/edit:")
        st.caption("The charts keep showing the last logits that could be read.")
        return st.session_state.get("last_valid_source", ("text", DEFAULT.text))
    for note in logits.notes:
        st.info(literal(note), icon=":material/info:")
    if upload is not None:
        st.success(f"Showing {len(logits):,} logits from {literal(upload.name)}. A link "
                   "can't carry a file: remove it to share the box's logits instead.",
                   icon=":material/upload_file:")
    st.session_state.last_valid_source = source
    return source


def preset_lesson(source: Source) -> None:
    """What the chosen preset is there to show, while the box's logits are in use."""
    if source[0] != "text":
        return
    for preset in PRESETS:
        if same_text(preset.text, st.session_state.logits):
            st.markdown(f"**{preset.name}.** {preset.lesson}")


def fraction_cut(label: str, key: str, help: str) -> bool:
    """A cut with a parameter in [0, 1]: a switch, and a slider used while it is on."""
    on = st.toggle(label, key=f"{key}_on", help=help)
    st.slider(label, 0.0, 1.0, step=0.01, key=key, disabled=not on, label_visibility="collapsed")
    return on


def filters_input(temperature: float) -> Filters:
    """Top-k, top-p and min-p, each on or off, where temperature goes, and the chain
    written out."""
    with st.container(border=True):
        st.markdown("**Cut the tail**, as language models do before they sample")
        k_column, p_column, m_column, order_column = st.columns([1, 1, 1, 1.4])
        with k_column:
            k_on = st.toggle("top-k", key="top_k_on",
                             help="Keep the k most probable tokens (ties with the k-th stay). "
                                  "Language models use 20 to 100.")
            st.number_input("k", min_value=1, max_value=MAX_LOGITS, step=1, key="top_k",
                            disabled=not k_on, label_visibility="collapsed")
        with p_column:
            p_on = fraction_cut("top-p", "top_p", "Keep the fewest most probable tokens whose "
                                "probabilities add up to p (nucleus sampling). Usually 0.9 "
                                "to 0.95.")
        with m_column:
            m_on = fraction_cut("min-p", "min_p", "Keep tokens at least p times as probable "
                                "as the most probable one. Usually 0.05 to 0.1.")
        with order_column:
            order = st.radio("Where temperature goes", ORDERS, key="order")
        filters = Filters(top_k=st.session_state.top_k if k_on else None,
                          top_p=st.session_state.top_p if p_on else None,
                          min_p=st.session_state.min_p if m_on else None,
                          temperature_first=order == ORDERS[0])
        st.markdown(f"Chain: `{describe_chain(filters.steps(temperature))}`")
    return filters


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

def chart_settings(filters: Filters) -> Settings:
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
        bars = st.select_slider("Bars shown", options=BAR_COUNTS, value=20, key="bars",
                                help="With more classes than this, the most probable are "
                                     "shown and one bar sums all the others.", width=160)
        slide = st.toggle("Slide style", key="slide_style",
                          help="Large fonts, thick lines and high contrast, as in the "
                               "downloaded images: for projecting and for lecture slides.")
    return Settings(unit=unit, samples=samples, seed=seed, log_scale=log_scale,
                    style=SLIDE if slide else SCREEN, filters=filters, bars=bars)


def show_readouts(summary: frames.Summary, unit: str) -> None:
    entropy_metric, perplexity_metric, top_metric = st.columns(3)
    entropy_metric.metric("Entropy H", f"{frames.format_measure(summary.entropy)} {unit}")
    perplexity_metric.metric("Effective number of choices", f"{summary.perplexity:.2f}",
                             help="Perplexity exp(H): as uncertain as a fair choice among "
                                  "this many options.")
    top_metric.metric("Largest probability",
                      frames.format_probability(summary.top_probability, summary.top_complement),
                      help=f"Class {literal(summary.top_label)}")


def show_live_pair(specs: dict[str, dict], index: int, texts: dict[str, str],
                   settings: Settings) -> None:
    """The bars and the entropy curve side by side, with a slider inside the chart that
    redraws both while it is dragged, in the browser, from data for every stop."""
    width = LIVE_WIDTH[settings.style is SLIDE]
    st.html(LIVE_SLIDER_STYLE)
    st.vega_lite_chart(charts.live_spec(specs["probabilities"], specs["entropy"],
                                        charts.Stops(STOPS, index), width),
                       width="content", theme=chart_theme(settings),
                       alt=f"{texts['probabilities']} {texts['entropy']}")
    with st.container(horizontal=True, gap="large"):
        for name in ("probabilities", "entropy"):
            downloads(specs, name, index)


def show_chart(specs: dict[str, dict], name: str, index: int, texts: dict[str, str],
               settings: Settings) -> None:
    """One chart, drawn as it will be exported, with its download buttons below it."""
    st.vega_lite_chart(charts.at_stop(specs[name], index), width="stretch", alt=texts[name],
                       theme=chart_theme(settings))
    downloads(specs, name, index)


def downloads(specs: dict[str, dict], name: str, index: int) -> None:
    """PNG, SVG and PDF of one chart at the chosen T, rendered only when clicked."""
    with st.container(horizontal=True, gap="small"):
        st.caption(CHART_NAMES[name])
        for fmt, mime in export.FORMATS.items():
            st.download_button(fmt.upper(), data=partial(export.render, charts.at_stop(
                specs[name], index), fmt), file_name=export.file_name(name, STOPS[index], fmt),
                mime=mime, on_click="ignore", icon=":material/download:", type="tertiary",
                key=f"download_{name}_{fmt}",
                help=f"Download this chart as {fmt.upper()} for slides")


def chart_theme(settings: Settings) -> str | None:
    """Slides keep their own high-contrast look on screen, exactly as exported."""
    return None if settings.style is SLIDE else "streamlit"


def show_table(numbers: Numbers, classes: int) -> None:
    """Every number, for the most probable classes; all of them as a CSV download."""
    st.dataframe(numbers.table, hide_index=True, width="stretch")
    with st.container(horizontal=True, vertical_alignment="center"):
        if classes > TABLE_ROWS:
            st.caption(f"The {TABLE_ROWS} most probable of {classes:,} classes, and the "
                       "rest summed in the last row.")
        st.download_button("All classes as CSV", data=numbers.csv,
                           file_name="probabilities.csv", mime="text/csv", on_click="ignore",
                           icon=":material/download:", type="tertiary")


def show_replies(logits: tv.Logits, distribution, seed: int) -> None:
    """Twenty draws in a row, as a chatbot answering the same question twenty times."""
    replies = frames.reply_sequence(logits, distribution["probability"].to_numpy(),
                                    REPLIES, seed)
    distinct = len(set(replies))
    st.metric(f"Different replies among {REPLIES}", distinct,
              help="Low T: the same reply again and again. High T: many replies, "
                   "unlikely ones included.")
    if all(label == default_label(i) for i, label in enumerate(logits.labels, 1)):
        st.caption("Tip: the *Chatbot replies* preset gives every class a reply to say.")
    halves = st.columns(2)
    for half, start in zip(halves, (0, REPLIES // 2)):
        half.markdown("\n".join(f"{i}. {literal(reply)}" for i, reply in
                                enumerate(replies[start:start + REPLIES // 2], start + 1)))


def show_generated_text(steps: list[tuple[str, float]], seed: int) -> None:
    """A paragraph from the trigram model, drawn through the same sampling chain."""
    source = st.radio("Learn from", list(CORPORA), key="corpus", horizontal=True)
    text = (st.text_area("Text to learn from", key="corpus_text", height=120,
                         placeholder="Paste a few paragraphs of any text.")
            if CORPORA[source] is None else CORPORA[source]())
    try:
        words = generated_words(text, tuple(steps), seed)
    except ValueError as error:
        st.error(literal(str(error)), icon=":material/edit:")
        return
    st.metric("Repeated three-word phrases", f"{repetition(words):.0%}",
              help="High when generation loops, as it does at low T.")
    st.markdown(f"> {literal(detokenize(words))}")


def show_stability_lesson(logits: tv.Logits, temperature: float) -> None:
    """The naive formula beside the stable one, in a float type the student picks."""
    st.markdown("Computed as written, exp(z/T) / Σ exp(z/T) overflows once some z/T "
                "passes log of the largest float; tempviz subtracts the largest logit "
                "first, so its largest term is exp(0) = 1.")
    naive = st.toggle("Also compute it the naive way", key="naive")
    if not naive:
        return
    dtype = st.radio("Float type", list(FLOAT_TYPES), key="dtype", horizontal=True, index=0)
    if not 0 < temperature < math.inf:
        st.info("Pick a temperature between the limits: T → 0 and T → ∞ have no naive form.")
        return
    threshold = overflow_threshold(dtype)
    st.dataframe(comparison_frame(logits, temperature, dtype), hide_index=True)
    largest = float(max(logits.values) / temperature)
    if largest > threshold:
        st.error(f"The largest z/T is {largest:.4g}, past {threshold:.2f} = log(largest "
                 f"{dtype}): exp overflows to inf, and inf / inf is NaN.",
                 icon=":material/warning:")
    else:
        st.success(f"The largest z/T is {largest:.4g}, under {threshold:.2f}: no overflow "
                   f"in {dtype} yet. Lower T to push it past.", icon=":material/check:")


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
    source = logits_input()
    preset_lesson(source)
with temperature_column:
    temperature = temperature_input()
    st.latex(softmax_latex(temperature))
    readouts = st.container()
filters = filters_input(temperature)
save_url_state(filters)

settings = chart_settings(filters)
logits = load_logits(source)
numbers = numbers_at(logits, temperature, settings)
specs = chart_specs(source, settings)
index = STOPS.index(temperature)
texts = alt_texts(numbers, class_sweep(source), settings)

with readouts:
    show_readouts(numbers.summary, settings.unit)
show_live_pair(specs, index, texts, settings)
samples_column, classes_column = st.columns(2, gap="large")
with samples_column:
    show_chart(specs, "samples", index, texts, settings)
with classes_column:
    show_chart(specs, "classes", index, texts, settings)
show_table(numbers, len(logits))

st.subheader("Generation at this temperature")
replies_tab, text_tab = st.tabs(["A chatbot's replies", "Text from a small language model"])
with replies_tab:
    show_replies(logits, numbers.distribution, settings.seed)
with text_tab:
    show_generated_text(filters.steps(temperature), settings.seed)

with st.expander("What to notice", expanded=True):
    st.markdown(WHAT_TO_NOTICE)
with st.expander("Why subtract the largest logit? The stability lesson"):
    show_stability_lesson(logits, temperature)

"""tempviz: the page. It reads the widgets, asks tempviz for numbers and charts, shows them."""

from __future__ import annotations

import math
import re
from functools import partial

import pandas as pd
import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

import tempviz as tv
from tempviz import charts, exercise, export, frames
from tempviz.charts import SCREEN, SLIDE
from tempviz.files import READERS, read_logits_file
from tempviz.formula import softmax_latex
from tempviz.i18n import LANGUAGES, NAMES, language_of, text
from tempviz.language_model import (
    MIN_TOKENS,
    NgramModel,
    TextTooShort,
    bundled_text,
    detokenize,
    generate,
    repetition,
    train,
)
from tempviz.logits import MAX_CHARS, MAX_LOGITS, LogitsLimitError, default_label
from tempviz.presets import DEFAULT_TEXT, presets
from tempviz.sampling import Filters, as_fraction, as_top_k, describe_chain
from tempviz.stability import FLOAT_TYPES, comparison_frame, largest_scaled, overflow_threshold
from tempviz.temperature import (
    format_temperature,
    log_grid,
    nearest_stop,
    parse_temperature,
    slider_stops,
)
from tempviz.views import (
    TABLE_ROWS,
    UNITS,
    Numbers,
    Settings,
    alt_texts,
    build_charts,
    limit_entropies,
    numbers_at,
)

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
MAX_URL_CHARS = 8_000
BAR_COUNTS = (5, 10, 20, 30, 50)
GENERATED_WORDS = 100
CORPORA = {"bundled": bundled_text, "paste": None}
FILTER_DEFAULTS = {"top_k": 2, "top_p": 0.9, "min_p": 0.1}
ORDERS = ("first", "last")  # where temperature goes in the chain
MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~$:]")


def literal(typed: str) -> str:
    """User text made safe for Markdown: it shows as typed and never renders or runs.
    Every punctuation mark Markdown or Streamlit could act on gets a backslash."""
    return MARKDOWN_SPECIAL.sub(r"\\\g<0>", typed)


def t(key: str, **values: object) -> str:
    """A text in the reader's language."""
    return text(key, st.session_state.lang, **values)


# ---- state shared with the URL ------------------------------------------------------------

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


# ---- cached work, keyed by input ------------------------------------------------------------

@st.cache_resource(max_entries=16, show_spinner=False)
def load_logits(source: Source) -> tv.Logits:
    """Logits typed, as ("text", text), or uploaded, as (file name, bytes). Shared, not
    copied, between reruns and sessions: nothing ever modifies a Logits."""
    kind, content = source
    return tv.parse_logits(content) if kind == "text" else read_logits_file(kind, content)


@st.cache_data(max_entries=64, show_spinner=False)
def entropy_curve(source: Source, base: float | None, filters: Filters):
    return frames.entropy_frame(load_logits(source), log_grid(), base, filters)


@st.cache_data(max_entries=16, show_spinner=False)
def chart_specs(source: Source, settings: Settings) -> dict[str, dict]:
    """Every chart's Vega-Lite spec with data at every slider stop: built once per input,
    then each move of the slider only changes which stop the specs show."""
    built = build_charts(load_logits(source), STOPS, 0, settings,
                         curve=entropy_curve(source, settings.base, settings.filters),
                         sweep=class_sweep(source))
    return {name: chart.to_dict() for name, chart in built.items()}


@st.cache_data(max_entries=64, show_spinner=False)
def entropy_limits(source: Source, settings: Settings) -> tuple[float, float]:
    return limit_entropies(load_logits(source), settings)


@st.cache_data(max_entries=16, show_spinner=False)
def shown_specs(source: Source, settings: Settings) -> dict[str, dict]:
    """The same specs with their data already in the Arrow form Streamlit sends, so a
    rerun passes the bytes on instead of converting every dataset again."""
    return {name: spec | {"datasets": {key: convert_anything_to_arrow_bytes(pd.DataFrame(rows))
                                       for key, rows in spec["datasets"].items()}}
            for name, spec in chart_specs(source, settings).items()}


@st.cache_resource(max_entries=4, show_spinner=False)
def language_model(text: str) -> NgramModel:
    return train(text)


@st.cache_data(max_entries=256, show_spinner=False)
def generated_words(corpus: str, pasted: str, steps: tuple[tuple[str, float], ...],
                    seed: int) -> list[str]:
    """Words from the model of a corpus: the bundled one by name, or the pasted text."""
    text = pasted if CORPORA[corpus] is None else CORPORA[corpus]()
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


def choice(label: str, options: dict[str, str], state: str, **radio_options) -> str:
    """A radio over translated labels that keeps its choice, a plain value, in
    ``st.session_state[state]`` across languages: each language has its own widget."""
    values, labels = list(options), list(options.values())
    picked = st.radio(label, labels, index=values.index(st.session_state[state]),
                      key=f"{state}_{st.session_state.lang}", **radio_options)
    st.session_state[state] = values[labels.index(picked)]
    return st.session_state[state]


def draw_again() -> None:
    st.session_state.seed += 1


def slider_label(temperature: float) -> str:
    return "∞" if math.isinf(temperature) else format_temperature(temperature)


def logits_input() -> Source:
    """The logits box with its presets, and a file upload that takes over while present.
    Returns where the charts' logits come from: what was typed or uploaded, or while
    that can't be read, the last source that could, so the page never goes blank."""
    st.text_area(t("logits.label"), key="logits", height=120, max_chars=MAX_CHARS,
                 help=t("logits.help"))
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.markdown(f"**{t('presets.label')}**")
        for preset in presets(st.session_state.lang):
            chosen = same_text(preset.text, st.session_state.logits)
            st.button(preset.name, help=preset.lesson, on_click=use_preset, args=(preset.text,),
                      type="primary" if chosen else "secondary")
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
        return st.session_state.get("last_valid_source", ("text", DEFAULT_TEXT))
    for note in logits.notes:
        st.info(literal(note.localized(st.session_state.lang)), icon=":material/info:")
    if upload is not None:
        st.success(t("upload.showing", count=len(logits), name=literal(upload.name)),
                   icon=":material/upload_file:")
    st.session_state.last_valid_source = source
    return source


def preset_lesson(source: Source) -> None:
    """What the chosen preset is there to show, while the box's logits are in use."""
    if source[0] != "text":
        return
    for preset in presets(st.session_state.lang):
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


def guided_exercise() -> None:
    """Parts (a), (b) and (c) of the exercise: predict, check, then show it on the charts."""
    with st.container(border=True):
        st.markdown(t("exercise.intro"))
        part_a, part_b, part_c = st.tabs([t("exercise.part_a"), t("exercise.part_b"),
                                          t("exercise.part_c")])
        with part_a:
            for temperature in exercise.PART_A:
                prediction_step(temperature)
        with part_b:
            for temperature in exercise.PART_B:
                prediction_step(temperature)
        with part_c:
            chatbot_step()


def prediction_step(temperature: float) -> None:
    """One prediction: three probabilities typed, checked, explained, shown on the charts."""
    phrase = charts.temperature_phrase(temperature)
    key = f"prediction_{format_temperature(temperature)}"
    typed_column, check_column, show_column = st.columns([3, 1, 2],
                                                          vertical_alignment="bottom")
    typed = typed_column.text_input(t("exercise.predict", phrase=phrase), key=key,
                                    placeholder=t("exercise.placeholder"))
    checked = check_column.button(t("exercise.check"), key=f"check_{key}")
    show_column.button(t("exercise.show", phrase=phrase), key=f"show_{key}",
                       on_click=show_state, args=(exercise.LOGITS, temperature))
    if not checked:
        return
    try:
        verdict = exercise.check(typed, temperature)
    except tv.LogitsError as error:
        st.error(literal(error.localized(st.session_state.lang)), icon=":material/edit:")
        return
    answer = ", ".join(frames.format_probability(p) for p in verdict.answer)
    why = t(f"exercise.why_{format_temperature(temperature)}")
    if verdict.correct:
        st.success(f"{t('exercise.correct', tolerance=exercise.TOLERANCE, answer=answer)} {why}",
                   icon=":material/check:")
    else:
        st.warning(t("exercise.wrong", label=f"p(z{verdict.worst + 1})", error=verdict.error,
                     answer=answer, why=why), icon=":material/school:")


def chatbot_step() -> None:
    """Part (c): temperatures for a monotonous and an incoherent chatbot, judged by entropy."""
    st.markdown(t("exercise.chatbot_intro"))
    chatbot = presets(st.session_state.lang)[-1].text
    for mood in ("monotonous", "incoherent"):
        column, load_column = st.columns([3, 2], vertical_alignment="bottom")
        temperature = column.select_slider(t(f"exercise.{mood}"), options=STOPS[1:-1],
                                           value=0.1 if mood == "monotonous" else 10.0,
                                           key=f"exercise_{mood}", format_func=slider_label)
        load_column.button(t("exercise.load_chatbot", temperature=slider_label(temperature)),
                           key=f"load_{mood}", on_click=show_state, args=(chatbot, temperature))
        felt, share = exercise.chatbot_mood(chatbot, temperature)
        message = t("exercise.mood", temperature=slider_label(temperature), share=share,
                    mood=t(f"mood.{felt}"))
        (st.success if felt == mood else st.warning)(message)


def show_state(logits: str, temperature: float) -> None:
    use_preset(logits)
    set_temperature(temperature)


# ---- outputs --------------------------------------------------------------------------------

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


def show_readouts(summary: frames.Summary, unit: str) -> None:
    entropy_metric, perplexity_metric, top_metric = st.columns(3)
    entropy_metric.metric(t("readout.entropy"),
                          f"{frames.format_measure(summary.entropy)} {t(f'unit.{unit}')}")
    perplexity_metric.metric(t("readout.effective"), f"{summary.perplexity:.2f}",
                             help=t("readout.effective_help"))
    top_metric.metric(t("readout.top"),
                      frames.format_probability(summary.top_probability, summary.top_complement),
                      help=t("readout.top_help", label=literal(summary.top_label)))


def show_live_pair(source: Source, shown: dict[str, dict], index: int,
                   texts: dict[str, str], settings: Settings) -> None:
    """The bars and the entropy curve side by side, with a slider inside the chart that
    redraws both while it is dragged, in the browser, from data for every stop."""
    width = LIVE_WIDTH[settings.style is SLIDE]
    st.html(LIVE_SLIDER_STYLE)
    st.vega_lite_chart(charts.live_spec(shown["probabilities"], shown["entropy"],
                                        charts.Stops(STOPS, index), width, settings.lang),
                       width="content", theme=chart_theme(settings),
                       alt=f"{texts['probabilities']} {texts['entropy']}")
    with st.container(horizontal=True, gap="large"):
        for name in ("probabilities", "entropy"):
            downloads(source, settings, name, index)


def show_chart(source: Source, shown: dict[str, dict], name: str, index: int,
               texts: dict[str, str], settings: Settings) -> None:
    """One chart, drawn as it will be exported, with its download buttons below it."""
    st.vega_lite_chart(charts.at_stop(shown[name], index), width="stretch", alt=texts[name],
                       theme=chart_theme(settings))
    downloads(source, settings, name, index)


def downloads(source: Source, settings: Settings, name: str, index: int) -> None:
    """PNG, SVG and PDF of one chart at the chosen T, rendered only when clicked."""
    with st.container(horizontal=True, gap="small"):
        st.caption(t(f"view.{name}"))
        for fmt, mime in export.FORMATS.items():
            st.download_button(fmt.upper(), data=partial(chart_file, source, settings, name,
                                                         index, fmt),
                               file_name=export.file_name(name, STOPS[index], fmt),
                mime=mime, on_click="ignore", icon=":material/download:", type="tertiary",
                key=f"download_{name}_{fmt}",
                help=t("download.help", fmt=fmt.upper()))


def chart_file(source: Source, settings: Settings, name: str, index: int, fmt: str) -> bytes:
    """The file a download button hands over: the page's own chart spec, rendered."""
    return export.render(charts.at_stop(chart_specs(source, settings)[name], index), fmt)


def chart_theme(settings: Settings) -> str | None:
    """Slides keep their own high-contrast look on screen, exactly as exported."""
    return None if settings.style is SLIDE else "streamlit"


def show_table(numbers: Numbers, classes: int) -> None:
    """Every number, for the most probable classes; all of them as a CSV download."""
    st.dataframe(numbers.table, hide_index=True, width="stretch")
    with st.container(horizontal=True, vertical_alignment="center"):
        if classes > TABLE_ROWS:
            st.caption(t("table.caption", rows=TABLE_ROWS, classes=classes))
        st.download_button(t("download.csv"), data=numbers.csv,
                           file_name="probabilities.csv", mime="text/csv", on_click="ignore",
                           icon=":material/download:", type="tertiary")


def show_replies(logits: tv.Logits, distribution, seed: int) -> None:
    """Twenty draws in a row, as a chatbot answering the same question twenty times."""
    replies = frames.reply_sequence(logits, distribution["probability"].to_numpy(),
                                    REPLIES, seed)
    distinct = len(set(replies))
    st.metric(t("replies.metric", count=REPLIES), distinct, help=t("replies.help"))
    if all(label == default_label(i) for i, label in enumerate(logits.labels, 1)):
        st.caption(t("replies.tip"))
    halves = st.columns(2)
    for half, start in zip(halves, (0, REPLIES // 2)):
        half.markdown("\n".join(f"{i}. {literal(reply)}" for i, reply in
                                enumerate(replies[start:start + REPLIES // 2], start + 1)))


def show_generated_text(steps: list[tuple[str, float]], seed: int) -> None:
    """A paragraph from the trigram model, drawn through the same sampling chain."""
    source = choice(t("corpus.label"), {c: t(f"corpus.{c}") for c in CORPORA}, "corpus",
                    horizontal=True)
    pasted = (st.text_area(t("corpus.text"), key="corpus_text", height=120,
                           placeholder=t("corpus.placeholder"))
              if CORPORA[source] is None else "")
    try:
        words = generated_words(source, pasted, tuple(steps), seed)
    except TextTooShort as error:
        st.error(t("corpus.too_short", minimum=MIN_TOKENS, count=error.count),
                 icon=":material/edit:")
        return
    st.metric(t("text.repeated"), f"{repetition(words):.0%}", help=t("text.repeated_help"))
    st.markdown(f"> {literal(detokenize(words))}")


def show_stability_lesson(logits: tv.Logits, temperature: float) -> None:
    """The naive formula beside the stable one, in a float type the student picks."""
    st.markdown(t("stability.intro"))
    naive = st.toggle(t("stability.toggle"), key="naive")
    if not naive:
        return
    dtype = st.radio(t("stability.dtype"), list(FLOAT_TYPES), key="dtype", horizontal=True)
    if not 0 < temperature < math.inf:
        st.info(t("stability.limits"))
        return
    threshold = overflow_threshold(dtype)
    st.dataframe(comparison_frame(logits, temperature, dtype, st.session_state.lang),
                 hide_index=True)
    largest = largest_scaled(logits, temperature)
    verdict = "stability.overflow" if largest > threshold else "stability.fine"
    message = t(verdict, largest=largest, threshold=threshold, dtype=dtype)
    if largest > threshold:
        st.error(message, icon=":material/warning:")
    else:
        st.success(message, icon=":material/check:")


# ---- the page -------------------------------------------------------------------------------

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
numbers = numbers_at(logits, temperature, settings, entropy_limits(source, settings))
shown = shown_specs(source, settings)
index = STOPS.index(temperature)
texts = alt_texts(numbers, class_sweep(source), settings)

with readouts:
    show_readouts(numbers.summary, settings.unit)
show_live_pair(source, shown, index, texts, settings)
samples_column, classes_column = st.columns(2, gap="large")
with samples_column:
    show_chart(source, shown, "samples", index, texts, settings)
with classes_column:
    show_chart(source, shown, "classes", index, texts, settings)
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

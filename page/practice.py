"""Temperature in practice: calibrating a classifier with one T, and distillation at T.

A part below the stage, drawn only once opened (``?part=practice`` opens it). Each half
has a log-scale dial of its own, a range input drawn by a small component, with the
readouts at every position; its charts are bound to it as the stage's charts are bound to
the stage's control, so dragging it redraws them in the browser. On release the dial
tells Python its position, which the downloads use. Every number comes from
:mod:`tempviz.practice`, computed once per set, teacher and student, and shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import streamlit as st

import tempviz as tv
from page import data
from page.inputs import file_input
from page.lessons import SCROLLER
from page.session import change, view
from page.stage import READOUT_CELLS_JS
from page.text import literal, named, t
from tempviz import export
from tempviz.charts import (
    SCREEN,
    SCREEN_DARK,
    SLIDE,
    about,
    at_stop,
    bound_to,
    class_names,
    logits_subject,
)
from tempviz.charts import calibration as charts
from tempviz.files import (
    MAX_FILE_MB,
    MAX_SET_CELLS,
    MAX_SET_CLASSES,
    SET_READERS,
    read_labelled_set,
)
from tempviz.i18n import number
from tempviz.practice import Calibration, Distillation, LabelledSet, calibrate, distil

KEY = "practice"  # the expander's key, and the link's part=practice
SCROLLED = "practice_scrolled"  # the link's part=practice has scrolled the part into view
DIALS = {"fit": "tempviz-fit-stop", "distil": "tempviz-distil-stop"}
TEACHERS = ("row", "typed")
DIAL_CSS = """
.tv-practice-dial { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 1rem;
                    font-family: inherit; color: inherit; }
.tv-practice-dial label { font-weight: 600; }
.tv-practice-dial output { font-weight: 700; font-size: 1.2rem; min-width: 6.5em;
                           font-variant-numeric: tabular-nums; }
.tv-practice-dial input[type="range"] { flex: 1 1 12rem; min-width: 0; max-width: 100%;
                                        height: 2rem; accent-color: #0072B2; cursor: pointer; }
.tv-practice-dial .tv-dial-readouts { display: flex; flex-wrap: wrap; gap: 0.2rem 1.4rem;
                                      flex: 1 1 100%; }
.tv-practice-dial .tv-dial-readouts div { display: flex; gap: 0.4rem; align-items: baseline; }
.tv-practice-dial .tv-dial-readouts span { opacity: 0.8; font-size: 0.9rem; }
.tv-practice-dial .tv-dial-readouts b { font-size: 1.05rem; font-variant-numeric: tabular-nums; }
"""
DIAL_HTML = """
<div class="tv-practice-dial">
  <label for="{id}"></label>
  <output for="{id}" aria-live="polite"></output>
  <input type="range" id="{id}" min="0" step="1">
  <div class="tv-dial-readouts"></div>
</div>
"""
# A dial starts where Python says (T* for a newly fitted set, T = 4 for a new teacher),
# then keeps its place across runs until its token (what it measures) changes; each
# release is sent to Python. Streamlit calls this again on every run without always
# calling the function returned last time: the last run's listeners are dropped first.
DIAL_JS = READOUT_CELLS_JS + """
export default function ({ parentElement, data, setStateValue }) {
    const root = parentElement.querySelector(".tv-practice-dial");
    root.tvForget?.();
    const input = root.querySelector("input");
    const output = root.querySelector("output");
    const readouts = root.querySelector(".tv-dial-readouts");
    root.querySelector("label").textContent = data.label;
    input.setAttribute("aria-label", data.label);
    input.max = String(data.phrases.length - 1);
    readouts.replaceChildren(...readoutCells(data.readout_names));
    const show = () => {
        const stop = Number(input.value);
        output.textContent = data.phrases[stop];
        input.setAttribute("aria-valuetext", data.phrases[stop]);
        data.readouts[stop].forEach((value, i) => {
            readouts.children[i].querySelector("b").textContent = value;
        });
    };
    const released = (event) => {
        if (event.isTrusted) setStateValue("stop", Number(input.value));
    };
    if (input.dataset.token !== data.token) {  // a new set or teacher: start afresh
        input.dataset.token = data.token;
        input.value = String(data.stop);
        input.dispatchEvent(new Event("input"));  // the charts bound to it follow
    }
    input.addEventListener("input", show);
    input.addEventListener("change", released);
    show();
    root.tvForget = () => {
        input.removeEventListener("input", show);
        input.removeEventListener("change", released);
    };
    return root.tvForget;
}
"""
DIAL = {name: st.components.v2.component(f"tempviz.practice_{name}",
                                         html=DIAL_HTML.replace("{id}", element),
                                         css=DIAL_CSS, js=DIAL_JS, isolate_styles=False)
        for name, element in DIALS.items()}


@dataclass(frozen=True, eq=False)
class Drawn:
    """One half of the part for one input and look: its charts' specs (data already in
    Arrow form), their text alternatives, the dial's phrases and readouts, and where the
    dial starts; shared, never modified."""

    specs: dict[str, dict]
    alts: dict[str, str]
    phrases: list[str]
    readouts: list[list[str]]
    stop: int
    temperatures: np.ndarray


def practice_part() -> None:
    """The part, in an expander that ``?part=practice`` opens and scrolls into view."""
    current = view()
    wanted = current.part == KEY
    if st.session_state.get(KEY) != wanted:
        st.session_state[KEY] = wanted
    panel = st.expander(t("practice.heading"), key=KEY, on_change=toggled,
                        icon=":material/model_training:")
    if not panel.open:
        st.session_state.pop(SCROLLED, None)
        return
    with panel:
        # the scroller in a slot of its own on every run, drawn on the first only: were it
        # there on one run and not the next, every element after it would move one place
        # in the page's tree, and Streamlit would embed every chart below anew
        slot = st.empty()
        if not st.session_state.get(SCROLLED):
            st.session_state[SCROLLED] = True
            with slot:
                SCROLLER(key="scroll_to_practice",
                         data={"token": 1, "target": f".st-key-{KEY} summary"}, height=0)
        st.markdown(t("practice.intro"))
        held_out = calibration_half()
        distillation_half(held_out)


def toggled() -> None:
    """The expander opened or closed: the link follows (part=practice, or nothing)."""
    change(part=KEY if st.session_state[KEY] else "")


# Calibration

def calibration_half() -> LabelledSet:
    """The set (bundled or uploaded), T* and the four numbers before and after, the NLL
    across T and the reliability diagram, both following the dial. Returns the set, for
    the teacher's rows."""
    current = view()
    st.markdown(f"#### {t('practice.calibration_heading')}")
    st.markdown(t("practice.calibration_intro"))
    held_out, name = set_input()
    fit = fitted(held_out)
    if isinstance(fit, tv.TempvizError):
        st.error(f"**{t('practice.fit_error')}:** {literal(fit.localized(current.lang))}",
                 icon=":material/warning:")
        return held_out
    measures_table(fit)
    drawn = calibration_drawn(held_out, current.lang, dark())
    show_dial("fit", drawn, held_out.fingerprint,
              [t("practice.readout_nll"), t("practice.readout_ece")])
    left, right = st.columns(2, gap="medium")
    for column, chart in zip((left, right), charts.CALIBRATION_CHARTS, strict=True):
        with column:
            show_chart(drawn, chart, "fit")
            downloads(chart, "fit", drawn, partial(calibration_files, held_out, name))
    st.markdown(t("practice.explain_calibration"))
    return held_out


def set_input() -> tuple[LabelledSet, str]:
    """The uploaded set while one is there and can be read, else the bundled one; a file
    that can't be read is explained next to the uploader."""
    current = view()
    upload = file_input(t("practice.upload_label"), SET_READERS, key="practice_upload",
                        help=t("practice.upload_help", cells=MAX_SET_CELLS,
                               classes=MAX_SET_CLASSES, limit=MAX_FILE_MB))
    if upload is not None:
        read = read_set((upload.name, upload.getvalue()))
        if isinstance(read, LabelledSet):
            st.success(t("practice.upload_showing", rows=read.rows, classes=read.classes,
                         name=literal(upload.name)), icon=":material/upload_file:")
            return read, upload.name
        st.error(f"**{t('logits.file_error')}:** {literal(read.localized(current.lang))}",
                 icon=":material/edit:")
        st.caption(t("practice.upload_fallback"))
    bundled = LabelledSet.bundled()
    st.caption(t("practice.bundled", rows=bundled.rows))
    return bundled, t("practice.bundled_name")


def _set_size(read: LabelledSet | tv.TempvizError) -> int:
    return read.logits.nbytes + read.labels.nbytes if isinstance(read, LabelledSet) else 1_000


@data.shared(16 * data.MB, entries=16, key=data.source_key, size_of=_set_size)
def read_set(source: data.Source) -> LabelledSet | tv.TempvizError:
    """An uploaded set, read once per content, or why it can't be read."""
    try:
        return LabelledSet(*read_labelled_set(*source))
    except tv.TempvizError as error:
        return error


by_set = partial(st.cache_resource, show_spinner=False,
                 hash_funcs={LabelledSet: lambda held_out: held_out.fingerprint})


@by_set(max_entries=16)
def fitted(held_out: LabelledSet) -> Calibration | tv.TempvizError:
    """T* and the set measured at every dial position, or why no T > 0 calibrates it."""
    try:
        return calibrate(held_out)
    except tv.TempvizError as error:
        return error


def measures_table(fit: Calibration) -> None:
    """T*, then NLL, ECE and accuracy before (T = 1) and after (T*), and why accuracy
    stays."""
    lang = view().lang
    st.metric(t("practice.fitted_metric"), number(fit.fitted, ".3g", lang),
              help=t("practice.fitted_help"))
    before, after = t("practice.column_before"), t("practice.column_after",
                                                   phrase=charts.fitted_phrase(fit.fitted, lang))
    st.table([{t("practice.column_measure"): t(f"practice.row_{name}"),
               before: written(getattr(fit.before, name), name),
               after: written(getattr(fit.after, name), name)}
              for name in ("nll", "ece", "accuracy")], hide_index=True)
    st.caption(t("practice.accuracy_same"))


def written(value: float, measure: str) -> str:
    lang = view().lang
    return charts.share(value, lang) if measure == "accuracy" else charts.plain(value, lang)


@by_set(max_entries=32)
def calibration_drawn(held_out: LabelledSet, lang: str, dark: bool) -> Drawn:
    fit = fitted(held_out)
    style = SCREEN_DARK if dark else SCREEN
    built = charts.calibration_charts(fit, style=style, lang=lang)
    return Drawn(specs=arrow_specs(built), alts=charts.describe_calibration(fit, lang),
                 phrases=charts.dial_phrases(fit.temperatures, fit.fitted, lang),
                 readouts=charts.calibration_readouts(fit, lang), stop=fit.fitted_stop,
                 temperatures=fit.temperatures)


def calibration_files(held_out: LabelledSet, name: str, stop: int, lang: str) -> dict:
    """The calibration charts in slide style at a dial position, naming the set."""
    built = charts.calibration_charts(fitted(held_out), style=SLIDE, lang=lang)
    subject = t("practice.subject_set", name=name, rows=held_out.rows)
    return {chart: at_stop(about(spec, subject).to_dict(), stop) for chart, spec in built.items()}


# Distillation

def distillation_half(held_out: LabelledSet) -> None:
    """A teacher (a row of the set, or typed), a student typed, the soft targets and the
    dark knowledge at the dial's T, the loss T² · KL in its readouts."""
    current = view()
    st.markdown(f"#### {t('practice.distillation_heading')}")
    st.markdown(t("practice.distillation_intro"))
    if "practice_teacher" not in st.session_state:
        st.session_state.practice_teacher = "row"
    source = st.radio(t("practice.teacher_source"), TEACHERS, key="practice_teacher",
                      horizontal=True, format_func=named("practice.teacher_"))
    teacher = teacher_input(held_out, source)
    if teacher is None:
        return
    values, names, subject = teacher
    typed = st.text_input(t("practice.student_label"), key="practice_student",
                          placeholder=t("practice.student_placeholder"),
                          help=t("practice.student_help"))
    student = np.zeros(len(values))
    if typed.strip():
        try:
            student = tv.parse_logits(typed).values
        except tv.TempvizError as error:
            st.error(f"**{t('practice.student_error')}:** "
                     f"{literal(error.localized(current.lang))}", icon=":material/edit:")
            return
        if len(student) != len(values) or not np.isfinite(student).all():
            st.error(t("practice.student_mismatch", count=len(student), classes=len(values)),
                     icon=":material/edit:")
            return
    drawn = distillation_drawn(tuple(values), tuple(student), tuple(names), current.lang,
                               dark())
    show_dial("distil", drawn, repr((tuple(values), tuple(student))),
              [t("practice.readout_dark"), t("practice.readout_loss")])
    left, right = st.columns(2, gap="medium")
    for column, chart in zip((left, right), charts.DISTILLATION_CHARTS, strict=True):
        with column:
            show_chart(drawn, chart, "distil")
            downloads(chart, "distil", drawn, partial(distillation_files, tuple(values),
                                                      tuple(student), tuple(names), subject))
    st.markdown(t("practice.explain_distillation"))


def teacher_input(held_out: LabelledSet, source: str
                  ) -> tuple[np.ndarray, list[str], str] | None:
    """The teacher's logits, its classes' names and a line naming it on slides; None
    while typed logits can't be used (the reason shown)."""
    current = view()
    if source == "row":
        row = st.number_input(t("practice.row_label", rows=held_out.rows), min_value=1,
                              max_value=held_out.rows, value=1, step=1, key="practice_row")
        values = np.asarray(held_out.logits[row - 1])
        predicted = int(np.argmax(values))
        st.caption(t("practice.row_caption", row=row, label=int(held_out.labels[row - 1]),
                     predicted=predicted))
        names = [str(k) for k in range(held_out.classes)]
        return values, names, t("practice.subject_row", row=row)
    if "practice_typed" not in st.session_state:
        st.session_state.practice_typed = t("practice.teacher_default")
    typed = st.text_input(t("practice.teacher_label"), key="practice_typed",
                          help=t("practice.teacher_help"))
    try:
        logits = tv.parse_logits(typed)
    except tv.TempvizError as error:
        st.error(f"**{t('practice.teacher_error')}:** {literal(error.localized(current.lang))}",
                 icon=":material/edit:")
        return None
    if not np.isfinite(logits.values).all() or len(logits) > MAX_SET_CLASSES:
        st.error(t("practice.teacher_rule", limit=MAX_SET_CLASSES), icon=":material/edit:")
        return None
    subject = logits_subject(logits.labels, logits.values, logits.labelled, current.lang)
    return logits.values, class_names(logits.labels, 0), subject


@st.cache_resource(max_entries=64, show_spinner=False)
def distillation_drawn(teacher: tuple, student: tuple, names: tuple, lang: str,
                       dark: bool) -> Drawn:
    distilled = distilled_at(teacher, student)
    style = SCREEN_DARK if dark else SCREEN
    built = charts.distillation_charts(distilled, list(names), style=style, lang=lang)
    return Drawn(specs=arrow_specs(built),
                 alts=charts.describe_distillation(distilled, list(names), lang),
                 phrases=charts.dial_phrases(distilled.temperatures, lang=lang),
                 readouts=charts.distillation_readouts(distilled, lang), stop=distilled.stop,
                 temperatures=distilled.temperatures)


@st.cache_resource(max_entries=64, show_spinner=False)
def distilled_at(teacher: tuple, student: tuple) -> Distillation:
    return distil(teacher, student)


def distillation_files(teacher: tuple, student: tuple, names: tuple, subject: str, stop: int,
                       lang: str) -> dict:
    built = charts.distillation_charts(distilled_at(teacher, student), list(names),
                                       style=SLIDE, lang=lang)
    return {chart: at_stop(about(spec, subject).to_dict(), stop) for chart, spec in built.items()}


# Shared by both halves

def dark() -> bool:
    return st.context.theme.type == "dark"


def arrow_specs(built: dict) -> dict[str, dict]:
    """Chart specs with their data in the Arrow form Streamlit sends."""
    specs = {name: chart.to_dict() for name, chart in built.items()}
    return {name: spec | {"datasets": {key: data.arrow_bytes(rows)
                                       for key, rows in spec["datasets"].items()}}
            for name, spec in specs.items()}


def show_dial(name: str, drawn: Drawn, token: str, readout_names: list[str]) -> None:
    DIAL[name](key=f"dial_{name}", data={
        "label": t(f"practice.dial_{name}"), "phrases": drawn.phrases,
        "readout_names": readout_names, "readouts": drawn.readouts, "stop": drawn.stop,
        "token": token}, on_stop_change=lambda: None, height="content")


def dial_stop(name: str, drawn: Drawn) -> int:
    """Where the dial was last let go, while it measures the same thing; else its start."""
    state = st.session_state.get(f"dial_{name}")
    stop = getattr(state, "stop", None) if state is not None else None
    if isinstance(stop, int) and 0 <= stop < len(drawn.phrases):
        return stop
    return drawn.stop


def show_chart(drawn: Drawn, chart: str, dial_name: str) -> None:
    with st.container(key=f"practice_chart_{chart}"):
        st.vega_lite_chart(bound_to(drawn.specs[chart], f"#{DIALS[dial_name]}"),
                           width="stretch", alt=drawn.alts[chart])


def downloads(chart: str, dial_name: str, drawn: Drawn, files) -> None:
    """PNG, SVG and PDF of one chart at the dial's T, in slide style, made when clicked."""
    current = view()
    stop = dial_stop(dial_name, drawn)
    temperature = float(drawn.temperatures[stop])
    with st.container(horizontal=True, gap="small"):
        st.caption(t(f"practice.view_{chart}"))
        for fmt, mime in export.FORMATS.items():
            st.download_button(
                fmt.upper(), data=partial(chart_file, files, chart, stop, fmt, current.lang,
                                          current.wide),
                file_name=export.file_name(chart, temperature, fmt), mime=mime,
                on_click="ignore", icon=":material/download:", type="tertiary",
                key=f"download_{chart}_{fmt}", help=t("download.help", fmt=fmt.upper()))


def chart_file(files, chart: str, stop: int, fmt: str, lang: str, wide: bool) -> bytes:
    return export.render(files(stop, lang)[chart], fmt, "1920x1080" if wide else "1920")

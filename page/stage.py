"""The stage: one temperature control and everything it moves, on one screen.

The control is a range input drawn by a small component. Every chart's ``stop``
parameter is bound to that input, so dragging it (or pressing an arrow key on it)
redraws the bars, the entropy marker, the samples and the class marker in the browser,
and the component rewrites the readouts from numbers it holds for every stop; no
Python runs until the input is let go. Then the component sends the stop to Python,
which moves the view there, so the formula, the table and the link follow. The other
way, every run hands the component the view's stop.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import numpy as np
import streamlit as st

import tempviz as tv
from page import data
from page.session import move_to_stop, view
from page.text import literal, t
from tempviz import charts, export, views
from tempviz.charts import bound_to
from tempviz.formula import softmax_latex
from tempviz.i18n import listed
from tempviz.sampling import describe_chain
from tempviz.state import STOPS
from tempviz.temperature import format_temperature
from tempviz.views import NAMED_TIES

CONTROL_ID = "tempviz-stop"
# Below Streamlit's own breakpoint its columns stack, and the stage must still fit a
# 390×844 screen: the two stage charts are drawn this tall there (titles, legend, axes
# included). The box's height comes from CSS: Streamlit's own wins without !important.
PHONE_WIDTH = 640
PHONE_HEIGHT = 224
PHONE_CHARTS = ("probabilities", "entropy")
FRAME = '.st-key-chart_{name} [data-testid="stVegaLiteChart"]'

QUICK = (0.0, 0.1, 1.0, 10.0, float("inf"))
STAGE_CSS = """
/* the chain printed as code in a caption: Streamlit's green code ink on the caption's
   dimmed text read 2.98:1 (light) and 4.36:1 (dark); the caption's own ink reads 4.5:1 */
[data-testid="stCaptionContainer"] code { color: inherit; }
/* room for the stage on the first screen: Streamlit's own top padding is 6rem */
[data-testid="stMainBlockContainer"] { padding-top: 3.4rem; padding-bottom: 2rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 1.7rem; padding: 0 0 0.2rem 0; }
.tv-stage { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1.2rem;
            font-family: inherit; color: inherit; }
.tv-stage .tv-dial { display: flex; flex-wrap: wrap; align-items: center; gap: 0.2rem 0.8rem;
                     flex: 1 1 22rem; min-width: 0; }
.tv-stage label { font-weight: 600; white-space: nowrap; }
.tv-stage output { font-weight: 700; font-size: 1.35rem; min-width: 5.5em;
                   font-variant-numeric: tabular-nums; }
.tv-stage input[type="range"] { flex: 1 1 12rem; min-width: 0; max-width: 100%; height: 2rem;
                                accent-color: #0072B2; cursor: pointer; }
.tv-stage .tv-quick { display: flex; flex-wrap: wrap; gap: 0.3rem; }
.tv-stage button { font: inherit; font-size: 0.9rem; padding: 0.15rem 0.6rem;
                   border-radius: 0.5rem; border: 1px solid rgba(128, 128, 128, 0.55);
                   background: transparent; color: inherit; cursor: pointer; }
.tv-stage button[aria-pressed="true"] { background: #0072B2; border-color: #0072B2;
                                        color: #FFFFFF; }
.tv-stage .tv-readouts { display: flex; flex-wrap: wrap; gap: 0.2rem 1.4rem; flex: 1 1 100%; }
.tv-stage .tv-readouts div { display: flex; gap: 0.4rem; align-items: baseline; }
.tv-stage .tv-readouts span { opacity: 0.8; font-size: 0.9rem; }
.tv-stage .tv-readouts b { font-size: 1.1rem; font-variant-numeric: tabular-nums; }
.tv-stage .tv-keys { flex: 1 1 100%; font-size: 0.85rem; opacity: 0.8; }
/* a phone has no keys to press: its first screen keeps the room for the charts */
@media (pointer: coarse) { .tv-stage .tv-keys { display: none; } }
/* a phone's first screen holds the control, the bars and the entropy curve: the toolbar
   on one row of icons (their words stay for screen readers), a one-line title and the
   readouts side by side, each name above its value */
@media (max-width: {PHONE_WIDTH}px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.2rem; padding: 0; }
  .st-key-toolbar button [data-testid="stMarkdownContainer"] {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
    white-space: nowrap; }
  /* 1rem apart, not 2: still room for the entropy chart's touch toolbar (44 px above it)
     clear of the bars' download buttons */
  .st-key-stage_charts [data-testid="stHorizontalBlock"] { gap: 1rem; }
  .tv-stage { gap: 0.3rem 1rem; }
  .tv-stage .tv-readouts { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr));
                           gap: 0 0.6rem; }
  .tv-stage .tv-readouts div { flex-direction: column; gap: 0; align-items: flex-start; }
  .tv-stage .tv-readouts span { font-size: 0.8rem; line-height: 1.2; }
  .tv-stage .tv-readouts b { overflow-wrap: anywhere; }
}
/* read out by screen readers, not drawn: the charts show the same */
.tv-stage .tv-described { position: absolute; width: 1px; height: 1px; overflow: hidden;
                          clip-path: inset(50%); white-space: nowrap; margin: 0; }
.tv-present .tv-stage output { font-size: 2rem; }
.tv-present .tv-stage label, .tv-present .tv-stage button { font-size: 1.15rem; }
.tv-present .tv-stage .tv-readouts b { font-size: 1.5rem; }
.tv-present .tv-stage .tv-readouts span, .tv-present .tv-stage .tv-keys { font-size: 1.15rem; }
"""
STAGE_HTML = f"""
<div class="tv-stage">
  <div class="tv-dial">
    <label for="{CONTROL_ID}"></label>
    <output for="{CONTROL_ID}" aria-live="polite"></output>
    <input type="range" id="{CONTROL_ID}" min="0" max="{len(STOPS) - 1}" step="1">
  </div>
  <div class="tv-quick"></div>
  <div class="tv-readouts"></div>
  <div class="tv-keys"></div>
  <p class="tv-described" aria-live="polite"></p>
</div>
"""
SETTLE_MS = 150  # a key's stop reaches Python once the keys rest this long (see STAGE_JS)
# A readout's name above its value, for each name: built from text only, so no name
# becomes markup. The stage and the practice part's dials share it.
READOUT_CELLS_JS = """
function readoutCells(names) {
    return names.map((name) => {
        const cell = document.createElement("div");
        const title = document.createElement("span");
        title.textContent = name;
        cell.append(title, document.createElement("b"));
        return cell;
    });
}
"""
STAGE_JS = READOUT_CELLS_JS + """
const SETTLE_MS = {SETTLE_MS};
export default function ({ parentElement, data, setStateValue }) {
    const root = parentElement.querySelector(".tv-stage");
    // Streamlit calls this again with new data on every run, without always calling
    // the function returned last time: drop the last run's listeners first
    root.tvForget?.();
    const input = root.querySelector("input");
    const output = root.querySelector("output");
    const quick = root.querySelector(".tv-quick");
    const readouts = root.querySelector(".tv-readouts");
    root.querySelector("label").textContent = data.label;
    input.setAttribute("aria-label", data.label);
    document.body.classList.toggle("tv-present", data.present);

    // built from text only: a class label is user text and must never become markup
    quick.replaceChildren(...data.quick.map(([stop, name]) => {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = name;
        button.dataset.stop = stop;
        button.addEventListener("click", () => go(stop));
        return button;
    }));
    readouts.replaceChildren(...readoutCells(data.readout_names));
    root.querySelector(".tv-keys").textContent = data.keys;

    const show = () => {
        const stop = Number(input.value);
        output.textContent = data.phrases[stop];
        root.querySelector(".tv-described").textContent = data.described[stop];
        input.setAttribute("aria-valuetext", data.phrases[stop]);
        data.readouts[stop].forEach((value, i) => {
            readouts.children[i].querySelector("b").textContent = value;
        });
        for (const button of quick.children) {
            button.setAttribute("aria-pressed", String(Number(button.dataset.stop) === stop));
        }
    };
    // moving the input redraws every chart bound to it; "input" is what they listen to
    const moveTo = (stop) => {
        input.value = stop;
        input.dispatchEvent(new Event("input"));
    };
    // Python hears of a move once the keys rest for a moment: a held key repeats some
    // 30 times a second, and every message starts a run. Until a run carries the stop
    // sent last, a run's stop is older than the control's and must not move it back.
    const send = (stop, wait) => {
        root.tvSent = stop;
        clearTimeout(root.tvTimer);
        root.tvTimer = setTimeout(() => setStateValue("stop", stop), wait);
    };
    const go = (stop, wait = 0) => {
        moveTo(stop);
        send(stop, wait);
    };
    const released = (event) => {  // a drag let go, or the range's own Home and End
        if (event.isTrusted) send(Number(input.value), 0);
    };
    // PageDown / PageUp are what a presentation clicker sends: one stop, as the arrows
    const STEPS = { ArrowRight: 1, ArrowUp: 1, PageUp: 1, ArrowLeft: -1, ArrowDown: -1,
                    PageDown: -1 };
    const onControl = (event) => {  // the range's own keys, but PageUp/PageDown one stop
        if (!(event.key in STEPS) || event.altKey || event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        event.stopPropagation();
        const stop = Number(input.value) + STEPS[event.key];
        go(Math.min(Math.max(stop, 0), data.last), SETTLE_MS);
    };
    const keys = (event) => {
        if (!data.present || event.altKey || event.ctrlKey || event.metaKey
            || event.target.closest("input, textarea, select, [contenteditable]")) return;
        const stop = Number(input.value);
        const jump = event.key in STEPS ? stop + STEPS[event.key]
            : { Home: 0, End: data.last, "0": 0, "1": data.one, "9": data.last }[event.key];
        if (jump === undefined) return;
        event.preventDefault();
        go(Math.min(Math.max(jump, 0), data.last), SETTLE_MS);
    };
    input.addEventListener("input", show);
    input.addEventListener("change", released);
    input.addEventListener("keydown", onControl);
    document.addEventListener("keydown", keys);
    const behind = root.tvSent !== undefined && root.tvSent !== data.stop;
    if (root.tvSent === data.stop) root.tvSent = undefined;  // Python has caught up
    if (!behind && (Number(input.value) !== data.stop || input.dataset.ready !== "1")) {
        input.dataset.ready = "1";
        moveTo(data.stop);
    }
    show();
    root.tvForget = () => {
        input.removeEventListener("input", show);
        input.removeEventListener("change", released);
        input.removeEventListener("keydown", onControl);
        document.removeEventListener("keydown", keys);
    };
    return root.tvForget;
}
""".replace("{SETTLE_MS}", str(SETTLE_MS))
CONTROL = st.components.v2.component("tempviz.stage", html=STAGE_HTML,
                                     css=STAGE_CSS.replace("{PHONE_WIDTH}", str(PHONE_WIDTH)),
                                     js=STAGE_JS, isolate_styles=False)


def temperature_control(stage: data.Stage) -> None:
    """The one temperature control, its quick picks and the readouts at every stop."""
    current = view()
    CONTROL(key="stage", data={
        "stop": current.stop, "last": len(STOPS) - 1, "one": STOPS.index(1.0),
        "label": t("temperature.label"),
        "phrases": [charts.temperature_phrase(x, current.lang, applied)
                    for x, applied in zip(STOPS, stage.scene.applied, strict=True)],
        "quick": [[STOPS.index(x), charts.temperature_phrase(x, current.lang)] for x in QUICK],
        "readout_names": [t("readout.entropy"), t("readout.effective"), t("readout.top")],
        "readouts": stage.readouts,
        "described": stage.described,
        "present": current.present,
        "keys": t("present.keys" if current.present else "stage.keys"),
    }, on_stop_change=released, height="content")


def released() -> None:
    move_to_stop(st.session_state.stage.stop)


def show_chart(stage: data.Stage, name: str) -> None:
    """One chart, bound to the temperature control, with its downloads below it."""
    current = view()
    spec = bound_to(stage.specs[name], f"#{CONTROL_ID}")
    with st.container(key=f"chart_{name}"):
        if not current.present:  # the presenter view keeps its projector's fixed size
            spec = fitted(spec, name)
        st.vega_lite_chart(spec, width="stretch", alt=stage.alts[name],
                           theme="streamlit" if views.style_of(stage.look).themed else None)
    if not current.present:
        downloads(stage, name)


def fitted(spec: dict, name: str) -> dict:
    """The spec drawn as tall as its box, and the box's height: the spec's own, or on a
    phone ``PHONE_HEIGHT`` for the two charts of the stage, so that the control, the bars
    and the entropy curve share its first screen. Python never learns the screen's width
    (the browser's media query decides), and the spec stays the same at every width, so
    a turned phone redraws in place."""
    height = spec["height"]
    css = f"{FRAME.format(name=name)} {{ height: {height}px !important; }}"
    if name in PHONE_CHARTS and height <= charts.SCREEN.height:  # a long class list's
        css += (f" @media (max-width: {PHONE_WIDTH}px) {{ {FRAME.format(name=name)} "  # bars
                f"{{ height: {PHONE_HEIGHT}px !important; }} }}")               # keep room
    st.html(f"<style>{css}</style>")
    return spec | {"height": "container", "autosize": {"type": "fit", "contains": "padding"}}


def downloads(stage: data.Stage, name: str) -> None:
    """PNG, SVG and PDF of one chart at the chosen T, rendered only when clicked."""
    current = view()
    with st.container(horizontal=True, gap="small"):
        st.caption(t(f"view.{name}"))
        for fmt, mime in export.FORMATS.items():
            st.download_button(
                fmt.upper(),
                data=partial(chart_file, stage, current.stop, name, fmt, current.wide),
                file_name=export.file_name(name, current.temperature, fmt), mime=mime,
                on_click="ignore", icon=":material/download:", type="tertiary",
                key=f"download_{name}_{fmt}", help=t("download.help", fmt=fmt.upper()))


def chart_file(stage: data.Stage, stop: int, name: str, fmt: str, wide: bool) -> bytes:
    """The file a download button hands over: the page's chart at the view's T in slide
    style, filling a 16:9 slide (or, if asked, 1,920 px wide and as tall as it needs)."""
    slide = replace(stage.look, slide=True, present=False)
    built = views.chart_set(stage.logits, stage.scene, stop, slide)
    return export.render(built[name], fmt, "1920x1080" if wide else "1920")


def show_formula(stage: data.Stage) -> None:
    """The formula with T written in (at a limit, over the classes the chain keeps), and
    the sampling chain in the order it runs."""
    current = view()
    kept = None
    if current.filters.cuts:
        kept = int(np.count_nonzero(tv.chain(stage.logits.values, current.steps())))
    st.latex(softmax_latex(current.temperature, current.lang, kept))
    if sigma := current.filters.cut("top_n_sigma"):  # a teaching point: T changes nothing here
        z = np.asarray(stage.logits.values)
        bar = sigma.bar(z)
        labels = [label for label, value in zip(stage.logits.labels, z, strict=True)
                  if value >= bar]
        named = listed(labels[:NAMED_TIES], current.lang)
        if len(labels) > NAMED_TIES:
            named = t("readout.more_tied", labels=named, rest=len(labels) - NAMED_TIES)
        st.caption(t("cuts.top_n_sigma_note", bar=bar, labels=literal(named)))
    st.caption(t("cuts.chain", chain=describe_chain(current.steps(), current.lang)))


def show_table(stage: data.Stage) -> None:
    """Every number for the most probable classes; all of them as a CSV download."""
    current, logits = view(), stage.logits
    # the heading also keeps the table's toolbar, which a phone shows above the table
    # without a hover, off the class chart's download buttons
    phrase = charts.temperature_phrase(current.temperature, current.lang)
    st.markdown(f"**{t('table.heading', phrase=phrase)}**")
    st.dataframe(stage.table_at(current.stop), hide_index=True, width="stretch")
    with st.container(horizontal=True, vertical_alignment="center"):
        if len(logits) > views.TABLE_ROWS:
            st.caption(t("table.caption", rows=views.TABLE_ROWS, classes=len(logits)))
        st.download_button(t("download.csv"), data=partial(views.all_classes_csv, logits,
                                                           current),
                           file_name=f"probabilities_T{format_temperature(current.temperature)}"
                                     ".csv",
                           mime="text/csv", on_click="ignore", icon=":material/download:",
                           type="tertiary")

"""The page's inputs: the logits (typed, a preset or a file), the cuts, the settings."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import partial

import streamlit as st

import tempviz as tv
from page import data
from page.session import bound, change, view
from page.text import literal, named, t
from tempviz.files import MAX_FILE_MB, READERS
from tempviz.i18n import NAMES, listed, number
from tempviz.logits import MAX_CHARS, MAX_LOGITS
from tempviz.presets import DEFAULT_TEXT, preset_typed, presets
from tempviz.sampling import CUTS, Filters
from tempviz.state import (
    BAR_COUNTS,
    MAX_SEED,
    MAX_URL_CHARS,
    SAMPLE_SIZES,
    UNITS,
    link_length,
)


def choose_language() -> None:
    """English or Russian; the choice is kept in the link as lang=en or lang=ru."""
    bound(st.radio, "lang", t("page.language"), options=list(NAMES), format_func=NAMES.get,
          horizontal=True, label_visibility="collapsed")


def logits_input() -> tv.Logits:
    """The logits box with its presets, and a file upload that takes over while present.
    Returns the logits typed or uploaded, or while those can't be read, the last ones
    that could, so the page never goes blank."""
    current = view()
    bound(st.text_area, "logits", t("logits.label"), height=110, max_chars=MAX_CHARS,
          help=t("logits.help"))
    chosen = preset_typed(current.logits, current.lang)
    with st.container(horizontal=True, gap="small"):
        for preset in presets(current.lang):
            st.button(preset.name, help=preset.lesson, on_click=change,
                      kwargs={"logits": preset.text},
                      type="primary" if preset == chosen else "secondary")
    upload = file_input(t("upload.label"), READERS, key="upload",
                        help=t("upload.help", limit=MAX_LOGITS))
    if (length := link_length(current.logits)) > MAX_URL_CHARS:
        st.caption(t("logits.too_long_for_link", length=length, limit=MAX_URL_CHARS))
    source = ("text", current.logits) if upload is None else (upload.name, upload.getvalue())
    try:
        logits = data.load_logits(source)
    except tv.TempvizError as error:
        what = t("logits.file_error" if upload else "logits.error")
        st.error(f"**{what}:** {literal(error.localized(current.lang))}", icon=":material/edit:")
        st.caption(t("logits.keep_last"))
        return data.load_logits(st.session_state.get("last_valid_source", ("text", DEFAULT_TEXT)))
    for note in logits.notes:
        st.info(literal(note.localized(current.lang)), icon=":material/info:")
    if upload is not None:
        st.success(t("upload.showing", count=len(logits), name=literal(upload.name)),
                   icon=":material/upload_file:")
    elif chosen is not None:  # what the preset in the box is there to show
        st.markdown(f"**{chosen.name}.** {chosen.lesson}")
    st.session_state.last_valid_source = source
    return logits


# Streamlit writes an uploader's button ("Upload"), its limits ("10MB per file • CSV"), a
# file's size ("6.0B") and a refused file's reason in English, with no setting to change
# them: the rules hide those words and write the page's own in their place. The button's
# word is shrunk to nothing rather than removed, so that the button keeps a name.
UPLOADER_CSS = """
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] > div > span,
.st-key-{key} [data-testid="stFileChipName"] + div,
.st-key-{key} [data-testid="stFileChip"] [role="alert"] {{ display: none; }}
.st-key-{key} [data-testid="stFileUploaderDropzone"] button p {{ font-size: 0; }}
.st-key-{key} [data-testid="stFileUploaderDropzone"] button p::after
    {{ content: {button}; font-size: 0.875rem; }}
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] > div::after
    {{ content: {limits}; }}
.st-key-{key} [data-testid="stFileChip"][aria-invalid="true"] {{ flex-wrap: wrap; }}
.st-key-{key} [data-testid="stFileChip"][aria-invalid="true"]::after
    {{ content: {refused}; flex-basis: 100%; font-size: 0.875rem; }}
"""


def file_input(label: str, kinds: Sequence[str], key: str, help: str):
    """``st.file_uploader`` for files of these kinds, up to the files' size limit, with
    every word it shows in the page's language (see ``UPLOADER_CSS``)."""
    kinds_text = ", ".join(kind.upper() for kind in kinds)
    words = {"button": t("upload.button"),
             "limits": t("upload.limits", limit=MAX_FILE_MB, kinds=kinds_text),
             "refused": t("upload.refused", kinds=kinds_text)}
    css = UPLOADER_CSS.format(key=f"{key}_zone", **{
        name: json.dumps(text, ensure_ascii=False) for name, text in words.items()})
    with st.container(key=f"{key}_zone"):
        st.html(f"<style>{css}</style>")
        return st.file_uploader(label, type=list(kinds), key=key, max_upload_size=MAX_FILE_MB,
                                help=help)


def cuts_input() -> None:
    """Each registered step, on or off with its value (and its second setting, if it
    has one), then the chain's order, which the reader rearranges."""
    current = view()
    for key, cut in CUTS.items():
        chosen = current.filters.cut(key)
        on_key = f"{key}_on"
        if st.session_state.get(on_key) != (chosen is not None):
            st.session_state[on_key] = chosen is not None
        settings = [(key, cut.default, cut.smallest, cut.largest, cut.stride, "value")]
        if cut.second:
            second = cut.second
            settings.append((second.link, second.default, second.smallest, second.largest,
                             0.01, second.name))
        for value_key, default, *_, name in settings:
            if chosen is not None and st.session_state.get(value_key) != getattr(chosen, name):
                st.session_state[value_key] = getattr(chosen, name)
            elif value_key not in st.session_state:
                st.session_state[value_key] = default
        on = st.toggle(key.replace("_", "-"), key=on_key, help=t(f"cuts.{key}_help"),
                       on_change=take_cuts)
        if not on:  # its values wait in the session for the next switch on
            continue
        for value_key, _, smallest, largest, stride, name in settings:
            label = key if name == "value" else t(f"cuts.{value_key}")
            hidden = "collapsed" if name == "value" else "visible"
            if cut.whole:
                st.number_input(label, min_value=1, max_value=MAX_LOGITS, step=1,
                                key=value_key, label_visibility=hidden, on_change=take_cuts)
            else:
                # a select slider, since st.slider writes its numbers with printf ("0.90")
                # where a Russian page writes "0,90"
                stops = slider_stops(smallest, largest, stride, st.session_state[value_key])
                st.select_slider(label, stops, key=value_key, label_visibility=hidden,
                                 on_change=take_cuts,
                                 format_func=partial(stop_text, stride=stride, lang=current.lang))
    chain_order_input()


def slider_stops(smallest: float, largest: float, stride: float, current: float
                 ) -> list[float]:
    """The values a cut's slider offers: ``smallest`` to ``largest`` every ``stride``,
    and the current value wherever it lies between (a link may give 0.925).

    >>> slider_stops(0, 0.05, 0.01, 0.025)
    [0.0, 0.01, 0.02, 0.025, 0.03, 0.04, 0.05]
    """
    decimals = _decimals(stride)
    count = round((largest - smallest) / stride)
    stops = {round(smallest + i * stride, decimals) for i in range(count + 1)}
    return sorted(stops | {float(current)})


def stop_text(value: float, stride: float, lang: str) -> str:
    """A slider's value with the stride's decimals (more if it has more), in the
    language's symbols.

    >>> stop_text(0.9, 0.01, "ru"), stop_text(0.925, 0.01, "en"), stop_text(1.5, 0.05, "en")
    ('0,90', '0.925', '1.50')
    """
    decimals = _decimals(stride)
    return number(value, f".{decimals}f" if round(value, decimals) == value else "g", lang)


def _decimals(stride: float) -> int:
    """How many decimals a stride such as 0.05 has."""
    return max(0, -math.floor(math.log10(stride) + 1e-9)) if stride < 1 else 0


def chain_order_input() -> None:
    """The chain's steps in their order, each but the first with a button that moves it
    one place earlier, and the two orders the runtimes use, a click away."""
    current = view()
    st.markdown(f"**{t('cuts.order')}**")
    with st.container(horizontal=True, gap="small"):
        for name, first in (("first", True), ("last", False)):
            chosen = current.filters.named_order() == name
            st.button(t(f"cuts.order_{name}"), key=f"order_{name}",
                      type="primary" if chosen else "secondary", on_click=change,
                      kwargs={"filters": Filters(*current.filters.cuts, temperature_first=first)})
    steps = current.steps()
    for position, (key, step) in enumerate(zip(current.filters.order, steps, strict=True)):
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            st.markdown(f"**{position + 1}** `{step.describe(current.lang)}`")
            if position:
                st.button("", key=f"earlier_{key}", icon=":material/arrow_upward:",
                          help=t("cuts.earlier"), on_click=move_earlier, args=(position,))


def move_earlier(position: int) -> None:
    """Swap the step at ``position`` with the one before it."""
    filters = view().filters
    order = list(filters.order)
    order[position - 1], order[position] = order[position], order[position - 1]
    change(filters=Filters(*filters.cuts, order=order))


def take_cuts() -> None:
    """Read the step widgets into the view, keeping the order."""
    chosen = []
    for key, cut in CUTS.items():
        if not st.session_state[f"{key}_on"]:
            continue
        second = cut.second
        extra = {second.name: st.session_state.get(second.link, second.default)} if second else {}
        value = st.session_state.get(key, cut.default)
        chosen.append(cut(int(value) if cut.whole else value, **extra))
    change(filters=Filters(*chosen, order=view().filters.order))


def cuts_summary() -> str:
    """The cuts switched on, for the button that opens them."""
    current = view()
    if not current.filters.cuts:
        return t("cuts.button_off")
    written = [step.describe(current.lang) for step in current.steps()
               if not isinstance(step, tv.Temperature)]
    return t("cuts.button", cuts=listed(written, current.lang))


def settings_input() -> None:
    """How the charts look and how many samples they draw."""
    bound(st.toggle, "log_scale", t("options.log_axis"), help=t("options.log_axis_help"))
    bound(st.radio, "unit", t("options.unit"), options=list(UNITS),
          format_func=named("unit."), horizontal=True)
    bound(st.select_slider, "samples", t("options.samples"), options=SAMPLE_SIZES,
          format_func=partial(number, spec=",", lang=view().lang))
    with st.container(horizontal=True, vertical_alignment="bottom"):
        bound(st.number_input, "seed", t("options.seed"), min_value=0, max_value=MAX_SEED,
              step=1, help=t("options.seed_help"))
        st.button(t("options.draw_again"), icon=":material/casino:",
                  on_click=lambda: change(seed=(view().seed + 1) % (MAX_SEED + 1)))
    bound(st.select_slider, "bars", t("options.bars"), options=BAR_COUNTS,
          help=t("options.bars_help"))
    bound(st.toggle, "slide", t("options.slide"), help=t("options.slide_help"))
    bound(st.toggle, "wide", t("options.wide"), help=t("options.wide_help"))


def present_button() -> None:
    """Open or leave the presenter view."""
    present = view().present
    st.button(t("present.leave" if present else "present.open"), key="present",
              icon=":material/co_present:", on_click=change, kwargs={"present": not present})


"""The page's outputs: readouts, charts with their downloads, the table, generated text."""

from __future__ import annotations

from functools import partial

import streamlit as st

import tempviz as tv
from page.data import CORPORA, STOPS, chart_specs, generated_words
from page.live_slider import follow_live_slider_release
from page.text import choice, literal, t
from tempviz import charts, export, frames
from tempviz.charts import SLIDE
from tempviz.language_model import MIN_TOKENS, TextTooShort, detokenize, repetition
from tempviz.views import TABLE_ROWS, Numbers, Settings

REPLIES = 20
LIVE_WIDTH = {False: 470, True: 620}  # each of the two live panels, on screen and as slides


def show_readouts(summary: frames.Summary, unit: str) -> None:
    entropy_metric, perplexity_metric, top_metric = st.columns(3)
    entropy_metric.metric(t("readout.entropy"),
                          f"{frames.format_measure(summary.entropy)} {t(f'unit.{unit}')}")
    perplexity_metric.metric(t("readout.effective"), f"{summary.perplexity:.2f}",
                             help=t("readout.effective_help"))
    top_metric.metric(t("readout.top"),
                      frames.format_probability(summary.top_probability, summary.top_complement),
                      help=t("readout.top_help", label=literal(summary.top_label)))


def show_live_pair(logits: tv.Logits, shown: dict[str, dict], index: int,
                   texts: dict[str, str], settings: Settings) -> None:
    """The bars and the entropy curve side by side, with a slider inside the chart that
    redraws both while it is dragged, in the browser, from data for every stop."""
    width = LIVE_WIDTH[settings.style is SLIDE]
    st.vega_lite_chart(charts.live_spec(shown["probabilities"], shown["entropy"], index,
                                        len(STOPS), width, settings.lang),
                       width="content", theme=chart_theme(settings),
                       alt=f"{texts['probabilities']} {texts['entropy']}")
    follow_live_slider_release()
    with st.container(horizontal=True, gap="large"):
        for name in ("probabilities", "entropy"):
            downloads(logits, settings, name, index)


def show_chart(logits: tv.Logits, shown: dict[str, dict], name: str, index: int,
               texts: dict[str, str], settings: Settings) -> None:
    """One chart, drawn as it will be exported, with its download buttons below it."""
    st.vega_lite_chart(charts.at_stop(shown[name], index), width="stretch", alt=texts[name],
                       theme=chart_theme(settings))
    downloads(logits, settings, name, index)


def downloads(logits: tv.Logits, settings: Settings, name: str, index: int) -> None:
    """PNG, SVG and PDF of one chart at the chosen T, rendered only when clicked."""
    with st.container(horizontal=True, gap="small"):
        st.caption(t(f"view.{name}"))
        for fmt, mime in export.FORMATS.items():
            st.download_button(fmt.upper(), data=partial(chart_file, logits, settings, name,
                                                         index, fmt),
                               file_name=export.file_name(name, STOPS[index], fmt),
                mime=mime, on_click="ignore", icon=":material/download:", type="tertiary",
                key=f"download_{name}_{fmt}",
                help=t("download.help", fmt=fmt.upper()))


def chart_file(logits: tv.Logits, settings: Settings, name: str, index: int, fmt: str
               ) -> bytes:
    """The file a download button hands over: the page's own chart spec, rendered."""
    return export.render(charts.at_stop(chart_specs(logits, settings)[name], index), fmt)


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
    if not logits.labelled:
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

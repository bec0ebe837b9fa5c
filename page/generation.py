"""Generation at the view's temperature: a chatbot's replies and a small model's text."""

from __future__ import annotations

import streamlit as st

import tempviz as tv
from page.data import CORPORA, MAX_CORPUS_CHARS, generated_words
from page.session import kept, view
from page.text import literal, named, t
from tempviz import frames
from tempviz.i18n import number
from tempviz.language_model import TextTooShort, detokenize, repetition

REPLIES = 20


def show_replies(logits: tv.Logits) -> None:
    """Twenty draws in a row, as a chatbot answering the same question twenty times."""
    current = view()
    replies = frames.reply_sequence(logits, tv.chain(logits, current.steps()), REPLIES,
                                    current.seed)
    st.metric(t("replies.metric", count=REPLIES), len(set(replies)), help=t("replies.help"))
    if not logits.labelled:
        st.caption(t("replies.tip"))
    halves = st.columns(2)
    for half, start in zip(halves, (0, REPLIES // 2)):
        half.markdown("\n".join(f"{i}. {literal(reply)}" for i, reply in
                                enumerate(replies[start:start + REPLIES // 2], start + 1)))


def show_generated_text() -> None:
    """A paragraph from the trigram model, drawn through the same sampling chain."""
    current = view()
    if "corpus" not in st.session_state:
        st.session_state.corpus = "bundled"
    source = st.radio(t("corpus.label"), list(CORPORA), key="corpus", horizontal=True,
                      format_func=named("corpus."))
    pasted = pasted_text() if CORPORA[source] is None else ""
    try:
        words = generated_words(source, pasted, tuple(current.steps()), current.seed,
                                current.lang)
    except TextTooShort as error:
        st.error(error.localized(current.lang), icon=":material/edit:")
        return
    st.metric(t("text.repeated"), number(repetition(words), ".0%", current.lang),
              help=t("text.repeated_help"))
    st.markdown(f"> {literal(detokenize(words))}")


def pasted_text() -> str:
    """The box for a text of one's own to learn from, at most ``MAX_CORPUS_CHARS`` long
    (Streamlit holds a box to its limit in the browser and on the server). What was
    pasted stays while the bundled text is chosen."""
    return st.text_area(t("corpus.text"), key=kept("corpus_text"), height=120,
                        max_chars=MAX_CORPUS_CHARS, placeholder=t("corpus.placeholder"))

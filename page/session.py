"""The session's one view: read from the link once, changed through :func:`change`,
written back to the link after every run.

Every control (the stage's temperature, its quick picks, the exercise, the inputs and
settings) changes the :class:`tempviz.state.View` through :func:`change`, and each
widget shows the view's value, so no two controls can disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from tempviz.errors import TempvizError
from tempviz.i18n import language_of
from tempviz.state import View


def view() -> View:
    """This session's view: on its first run, the one the link names, with notices
    for what the link asked but could not have."""
    if "view" not in st.session_state:
        query = {key: st.query_params.get_all(key) for key in st.query_params}
        st.session_state.view, st.session_state.link_notices = View.from_query(
            query, lang=language_of(st.context.locale))
    return st.session_state.view


def change(**fields: object) -> None:
    """Change the view: the one way every control moves the page."""
    st.session_state.view = replace(view(), **fields)


def move_to_stop(stop: object) -> None:
    """Move T to a slider stop a browser sent; anything else is ignored, as a page that
    sends it can only be a tampered one."""
    try:
        st.session_state.view = view().at_stop(stop)
    except TempvizError:
        pass


def bound(widget: Callable, field: str, label: str, *, to_view: Callable = lambda v: v,
          from_view: Callable = lambda v: v, **options) -> object:
    """A widget that shows the view's ``field`` and changes it: its value is set from
    the view before it is drawn, and a reader's change goes through :func:`change`."""
    key, shown = field, from_view(getattr(view(), field))
    if st.session_state.get(key) != shown:  # a write costs more than a read
        st.session_state[key] = shown
    return widget(label, key=key, on_change=lambda: change(
        **{field: to_view(st.session_state[key])}), **options)


def kept(key: str) -> str:
    """A widget key whose value outlives the widget: Streamlit forgets a widget's value
    as soon as a run does not draw it (the exercise switched off, the bundled text chosen
    instead of a pasted one), so the last value is also kept under a key of its own and
    put back when the widget returns. Call it just before drawing the widget.

    >>> st.text_area("Text", key=kept("corpus_text"))  # doctest: +SKIP
    """
    saved = st.session_state.setdefault("kept_values", {})
    if key in st.session_state:
        saved[key] = st.session_state[key]
    elif key in saved:
        st.session_state[key] = saved[key]
    return key


def save_link() -> None:
    """Keep the URL in step with the view, so the link always reopens it."""
    wanted = view().to_query()
    if {key: st.query_params.get(key) for key in st.query_params} != wanted:
        st.query_params.from_dict(wanted)

"""The class poll's pages: the instructor's button, the students' page, the projector.

``?room=CODE`` is a student's page: the logits and T (no chart, no probability), a box
for a prediction, and the answer once the instructor reveals it. ``?room=CODE&key=KEY``
is the projector page: the code, a QR code and the link for students, the number of
answers as they come, the controls, and after the reveal the class's guesses against
the answer. Both look at the room again by themselves (``st.fragment(run_every=…)``).

Which database holds the polls is decided here, since tempviz never reads Streamlit's
secrets: TEMPVIZ_DATABASE_URL from the environment or else from the secrets, else an
SQLite file in TEMPVIZ_DATA_DIR or ~/.tempviz (:func:`tempviz.poll.default_database_url`).
"""

from __future__ import annotations

import io
import logging
import math
import os
from collections.abc import Callable
from functools import partial
from urllib.parse import urlencode

import segno
import streamlit as st

from page.inputs import choose_language
from page.session import view
from page.text import NO_ENTER_HINT, literal, t
from tempviz import charts, export, poll
from tempviz.charts import poll as poll_chart
from tempviz.errors import TempvizError
from tempviz.exercise import TOLERANCE
from tempviz.frames import format_probability
from tempviz.i18n import listed, number
from tempviz.logits import Logits

PROJECTOR_REFRESH = 2  # seconds between the projector's looks at the room
STUDENT_REFRESH = 5    # seconds between a student page's looks, for the reveal: 200
                       # phones make 40 small reruns a second
PHASE_TEXTS = {"open": "poll.phase_open", "closed": "poll.phase_closed",
               "revealed": "poll.phase_revealed"}
CONTROLS = ("reveal", "close", "clear")  # what the key allows, each a PollStore method
LOG = logging.getLogger(__name__)
POLL_CSS = """<style>
.tv-room-code { font-size: 4.5rem; font-weight: 800; letter-spacing: 0.14em; line-height: 1.1;
                margin: 0; font-variant-numeric: tabular-nums; }
.st-key-poll_logits p { font-size: 1.3rem; line-height: 1.6; }
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; padding-bottom: 2rem; }
""" + NO_ENTER_HINT + "</style>"


def database_url() -> str:
    """The database the polls go to: TEMPVIZ_DATABASE_URL in the environment, else in
    Streamlit's secrets (``.streamlit/secrets.toml`` or Community Cloud's secrets), else
    the SQLite file in the data directory."""
    url = os.environ.get("TEMPVIZ_DATABASE_URL")
    if not url:
        try:
            url = st.secrets.get("TEMPVIZ_DATABASE_URL")
        except FileNotFoundError:  # no secrets file at all: the usual case
            url = None
    return url or poll.default_database_url()


@st.cache_resource(max_entries=4, show_spinner=False)
def _store(url: str) -> poll.Store:
    """One store, with its pool of connections, per database and process."""
    return poll.PollStore(url)


def store() -> poll.Store:
    return _store(database_url())


@st.cache_resource(max_entries=64, show_spinner=False)
def _question(url: str, code: str, opened_at: float) -> poll.Question:
    """A room's question, which never changes: read once per process. ``opened_at``
    tells a room from a later one that reuses its code after it expired."""
    return _store(url).question(code)


def question_of(room: poll.Room) -> poll.Question:
    return _question(database_url(), room.code, room.opened_at)


def ask(action: Callable[[], object], prefix: str | None = None) -> tuple[bool, object]:
    """Do ``action`` (a store call); a refusal shows as a message where it was asked
    (after ``prefix`` in bold, if given), a database failure as a plain one, never as a
    traceback. Returns whether it worked, and what it returned."""
    try:
        return True, action()
    except poll.StoreUnavailable:
        LOG.exception("the poll database failed")
        st.error(t("poll.database"), icon=":material/cloud_off:")
    except TempvizError as error:
        message = literal(error.localized(view().lang))
        st.error(f"**{t(prefix)}:** {message}" if prefix else message, icon=":material/error:")
    return False, None


def app_link(**params: str) -> str:
    """A link to this app with ``params``: absolute when the browser told Streamlit
    its URL (always, except under AppTest)."""
    base = (st.context.url or "").split("?")[0].split("#")[0]
    query = urlencode(params)
    return f"{base.rstrip('/')}/?{query}" if base else f"?{query}"


@st.cache_data(max_entries=64, show_spinner=False)
def qr_png(link: str) -> bytes:
    """The link as a QR code, a PNG with a quiet zone, black on white for any theme."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()


def phrase(question: poll.Question) -> str:
    """How the page names the question's T, never broken across lines: "T = 10"."""
    return question.phrase(view().lang).replace(" ", "\u00a0")


def values_text(question: poll.Question, values: tuple[float, ...] | list[float]) -> str:
    """A student's numbers with the names of what they predict, as Markdown."""
    lang = view().lang
    return listed((f"{literal(name)} = {number(value, '.4g', lang)}"
                   for name, value in zip(question.names(), values)), lang)


# the instructor's button on the main page

def poll_button(logits: Logits) -> None:
    """Open a poll on the current view (its T and cuts) with the ``logits`` the charts
    show, and show its links."""
    if st.button(t("poll.open"), key="poll_open", icon=":material/how_to_vote:",
                 help=t("poll.open_help")):
        st.dialog(t("poll.opened_title"), width="large")(opened_dialog)(open_poll(logits))


def open_poll(logits: Logits) -> tuple[poll.Question, str, str] | str:
    """A new room on the view with ``logits`` (typed or uploaded, the last that could be
    read): its question, code and key; or the message saying why not."""
    current = view()
    try:
        question = poll.Question.from_view(logits, current)
        return (question, *store().open_room(question))
    except poll.StoreUnavailable:
        LOG.exception("the poll database failed")
        return t("poll.database")
    except TempvizError as error:
        return literal(error.localized(current.lang))


def opened_dialog(opened: tuple[poll.Question, str, str] | str) -> None:
    """The new room: its code, the question, the students' link and the instructor's
    (with the key, shown this once)."""
    if isinstance(opened, str):
        st.error(opened, icon=":material/error:")
        return
    question, code, key = opened
    st.markdown(t("poll.opened", code=code))
    show_question(question)
    st.markdown(t("poll.student_link"))
    st.code(app_link(room=code), language=None, wrap_lines=True)
    st.markdown(t("poll.instructor_link"))
    instructor = app_link(room=code, key=key, lang=view().lang)
    st.code(instructor, language=None, wrap_lines=True)
    st.caption(t("poll.key_warning"))
    st.link_button(t("poll.open_projector"), instructor, type="primary",
                   icon=":material/co_present:")


# the poll's own pages

def show_poll_page() -> bool:
    """The student's or the projector's page when the link names a room; False (and
    nothing drawn) otherwise."""
    if "room" not in st.query_params:
        return False
    codes = st.query_params.get_all("room")
    code = codes[-1]
    st.set_page_config(page_title=t("poll.page_title",
                                    code=poll.normal_code(code) or poll.shown_code(code)))
    st.html(POLL_CSS)
    st.subheader(t("poll.heading"), anchor=False)
    if len(codes) > 1:
        st.warning(literal(t("url.repeated", name="room", value=poll.shown_code(code))),
                   icon=":material/link:")
    key = st.query_params.get("key")
    if key is None:
        student_page(code)
    else:
        projector_page(code, key)
    st.divider()
    choose_language()  # last: the browser's language is usually right
    st.query_params["lang"] = view().lang  # so a reload keeps the language chosen
    return True


def show_question(question: poll.Question, *, folded: bool = False, asked: bool = True) -> None:
    """The logits and T (and the cuts, when on), then what to predict (unless not
    ``asked``); ``folded`` puts the logits in an expander (on the projector, once the
    chart needs the room)."""
    lang = view().lang
    pairs = [(literal(label), literal(value)) for label, value in question.logit_pairs(lang)]
    title = t("poll.logits") if question.each else t(
        "poll.logits_top", shown=len(pairs), classes=question.classes)
    if max(map(len, question.labels)) > 12:  # replies: one per line
        logits = "".join(f"  \n{label}: **{value}**" for label, value in pairs)
    else:
        logits = " · ".join(f"{label} = {value}" for label, value in pairs)
    with st.expander(title) if folded else st.container():
        # the container's key gives it the class the stylesheet enlarges
        st.container(key="poll_logits").markdown(
            f"**{title}:** {logits}  \n**{t('poll.temperature')}:** {phrase(question)}")
    chain = question.chain_text(lang)
    if chain:
        st.caption(t("cuts.chain", chain=chain))
    if not asked:
        return
    if question.each:
        st.markdown(t("poll.question_each", phrase=phrase(question)))
    else:
        st.markdown(t("poll.question_top", name=literal(question.asked_labels[0]),
                      phrase=phrase(question)))


def browser_token() -> str:
    """This browser's token: the one in the link (so a reload keeps it), else this
    session's, made when first needed."""
    linked = st.query_params.get("token")
    if poll.valid_token(linked):
        st.session_state.poll_token = linked
    elif not poll.valid_token(st.session_state.get("poll_token")):
        st.session_state.poll_token = poll.new_token()
    return st.session_state.poll_token


def student_page(code: str) -> None:
    """What a student sees: the question, the box, and the answer after the reveal."""
    found, room = ask(lambda: store().room(code))
    if not found:
        return
    found, question = ask(lambda: question_of(room))
    if not found:
        return
    show_question(question)
    # The fragment comes before anything whose number of elements varies: a fragment
    # run still under way when a whole run starts writes where it stood, and below the
    # box it would overwrite "Received" with its count
    student_watch(room.code, room.phase)
    token = browser_token()
    mine: tuple[float, ...] | None = None
    if room.phase == "open":
        mine = answer_box(room, question, token)
    else:
        _, mine = ask(lambda: store().answer(room.code, token))
        if mine is not None:
            st.markdown(t("poll.yours", values=values_text(question, mine)))
    if room.phase == "closed":
        st.info(t("poll.closed_student"), icon=":material/hourglass_top:")
    if room.revealed:
        show_truth(question, room, mine)


def answer_box(room: poll.Room, question: poll.Question, token: str) -> tuple | None:
    """The prediction box and its messages; the student's answer, if any."""
    names = ", ".join(question.names())
    with st.form("poll_form", border=False, enter_to_submit=True):
        typed = st.text_input(
            # no max_chars: the browser would drop a longer paste without a word, where
            # the store says what the limit is
            t("poll.answer_label", names=literal(names)), key="poll_answer",
            help=t("poll.answer_help"),
            placeholder=t("poll.placeholder_each" if question.each else "poll.placeholder_top"))
        sent = st.form_submit_button(t("poll.send"), type="primary", icon=":material/send:")
    if sent:
        stored, received = ask(lambda: store().submit(room.code, token, typed),
                               prefix="poll.not_sent")
        if stored:
            st.query_params["token"] = token  # a reload keeps this browser's answer
            shown = values_text(question, received.values)
            st.success(t("poll.replaced" if received.replaced else "poll.received",
                         values=shown), icon=":material/check_circle:")
            if received.note is not None:
                st.info(received.note.localized(view().lang), icon=":material/functions:")
            return received.values
    _, mine = ask(lambda: store().answer(room.code, token))
    if mine is not None and not sent:
        st.markdown(t("poll.yours", values=values_text(question, mine)))
    return mine


def show_truth(question: poll.Question, room: poll.Room, mine: tuple | None) -> None:
    """The answer, how far the student's guess was, and how the class did."""
    lang = view().lang
    pairs = listed((f"{literal(name)} = {format_probability(p, lang=lang)}"
                    for name, p in zip(question.names(), question.truth)), lang)
    st.success(t("poll.truth", phrase=phrase(question), pairs=pairs),
               icon=":material/lightbulb:")
    if mine is None:
        st.markdown(t("poll.you_none"))
    else:
        closeness = poll.verdict(question.truth, mine)
        st.markdown(t("poll.you_within", tolerance=TOLERANCE) if closeness.correct else t(
            "poll.you_off", name=literal(question.names()[closeness.worst]),
            error=closeness.error))
        mistake = None if closeness.correct else question.mistake(mine)
        if mistake:
            other = charts.temperature_phrase(0.0 if question.temperature else math.inf, lang)
            st.info(t(f"poll.reason_{mistake}", phrase=phrase(question), other=other,
                      total=number(sum(mine), ".3g", lang)), icon=":material/school:")
        style = charts.SCREEN_DARK if st.context.theme.type == "dark" else charts.SCREEN
        st.altair_chart(poll_chart.own_guess_chart(question, mine, style=style, lang=lang),
                        width="stretch", theme="streamlit", alt=t("poll.own_chart"))
    found, summary = ask(lambda: store().summary(room.code, question))
    if found:
        st.caption(t("poll.class_result", count=summary.count, tolerance=TOLERANCE,
                     within=summary.within))


@st.fragment(run_every=STUDENT_REFRESH)
def student_watch(code: str, phase: str) -> None:
    """Looks at the room every few seconds: when the instructor reveals, closes or
    clears it, the whole page runs again to show it."""
    found, room = ask(lambda: store().room(code))
    if not found:
        return
    if room.phase != phase:
        st.rerun()
    if room.phase == "open":
        st.caption(t("poll.so_far", count=room.answers))


def projector_page(code: str, key: str) -> None:
    """The instructor's page: how to join, the count, the controls, then the results."""
    found, room = ask(lambda: store().room(code))
    if not found:
        return
    checked, controls = ask(lambda: store().controls(room.code, key))
    if not checked:
        return
    if not controls:
        st.error(t("poll.wrong_key"), icon=":material/lock:")
        st.markdown(t("poll.wrong_key_hint", link=app_link(room=room.code)))
        return
    found, question = ask(lambda: question_of(room))
    if not found:
        return
    if room.revealed:  # the answers are in: the class's picture takes the whole screen
        show_question(question, folded=True, asked=False)  # the chart's title asks it
        count_column, controls_column = st.columns(2, vertical_alignment="center")
        with count_column:
            projector_watch(room.code, room.phase, question)
        with controls_column:
            control_buttons(room, key)
        results(question, room)
        return
    link = app_link(room=room.code)
    join_column, main_column = st.columns([1, 2], gap="large")
    with join_column:
        # the code is CODE_ALPHABET letters only (checked by the store): safe as HTML
        st.html(f'<p class="tv-room-code">{room.code}</p>')
        st.image(qr_png(link), width=230)
        st.caption(t("poll.scan"))
        st.code(link, language=None, wrap_lines=True)
    with main_column:
        show_question(question)
        projector_watch(room.code, room.phase, question)
        control_buttons(room, key)


@st.fragment(run_every=PROJECTOR_REFRESH)
def projector_watch(code: str, phase: str, question: poll.Question) -> None:
    """The number of answers, looked up every couple of seconds, and once the answer
    is revealed, how many were right; a change of phase (from another tab) runs the
    whole page again."""
    found, room = ask(lambda: store().room(code))
    if not found:
        return
    if room.phase != phase:
        st.rerun()
    within = None
    if room.revealed:
        found, summary = ask(lambda: store().summary(code, question))
        within = summary.within if found else None
    with st.container(horizontal=True, gap="large", vertical_alignment="center"):
        st.metric(t("poll.answers"), room.answers)
        if within is not None:
            st.metric(t("poll.within", tolerance=TOLERANCE), within)
        st.markdown(f"**{t(PHASE_TEXTS[room.phase])}**")


def control_buttons(room: poll.Room, key: str) -> None:
    """Reveal, stop taking answers, clear (after a confirmation)."""
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.button(t("poll.reveal"), key="poll_reveal", type="primary",
                  icon=":material/visibility:", disabled=room.revealed,
                  on_click=control, args=("reveal", room.code, key))
        st.button(t("poll.close"), key="poll_close", icon=":material/block:",
                  disabled=room.phase != "open", on_click=control,
                  args=("close", room.code, key))
        with st.popover(t("poll.clear"), icon=":material/delete:"):
            st.markdown(t("poll.clear_warning", count=room.answers))
            st.button(t("poll.clear_confirm"), key="poll_clear", on_click=control,
                      args=("clear", room.code, key))
    failure = st.session_state.pop("poll_control_failure", None)
    if failure:
        st.error(failure, icon=":material/error:")


def control(action: str, code: str, key: str) -> None:
    """Reveal, close or clear the room, as a button's callback; a refusal is shown on
    the run that follows."""
    if action not in CONTROLS:
        return
    try:
        getattr(store(), action)(code, key)
    except poll.StoreUnavailable:
        LOG.exception("the poll database failed")
        st.session_state.poll_control_failure = t("poll.database")
    except TempvizError as error:
        st.session_state.poll_control_failure = literal(error.localized(view().lang))


def results(question: poll.Question, room: poll.Room) -> None:
    """After the reveal: the class's guesses against the answer, and the slide files."""
    found, summary = ask(lambda: store().summary(room.code, question))
    if not found:
        return
    lang = view().lang
    # a projector's sizes (every word 18 px or more) on the page's own background
    style = charts.PROJECTOR_DARK if st.context.theme.type == "dark" else charts.PROJECTOR
    st.altair_chart(poll_chart.guesses_chart(question, summary, style=style, lang=lang),
                    width="stretch", theme="streamlit",
                    alt=poll_chart.describe_guesses(question, summary, lang))
    with st.container(horizontal=True, gap="small"):
        st.caption(t("poll.slide"))
        for fmt, mime in export.FORMATS.items():
            st.download_button(
                fmt.upper(), data=partial(slide_file, question, summary, lang, fmt),
                file_name=export.file_name(f"poll_{room.code}", question.temperature, fmt),
                mime=mime, on_click="ignore", icon=":material/download:", type="tertiary",
                key=f"poll_download_{fmt}", help=t("download.help", fmt=fmt.upper()))


def slide_file(question: poll.Question, summary: poll.Summary, lang: str, fmt: str) -> bytes:
    """The results chart in slide style, as a download button hands it over."""
    return export.render(poll_chart.guesses_chart(question, summary, style=charts.SLIDE,
                                            lang=lang), fmt)

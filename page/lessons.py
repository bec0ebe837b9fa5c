"""The guided exercise, the work shown step by step, and the numerical-stability lesson.

The exercise keeps what a student did in the session under keys of its own, never in
the view: every prediction checked, per part (:data:`ATTEMPTS`), and how much help each
part was given (:data:`HELP`). So bringing a state onto the charts, switching the
language or leaving the exercise and coming back loses nothing; verdicts are worked
out again from the typed text on every run, in the reader's language.
"""

from __future__ import annotations

import math
from functools import partial

import streamlit as st

import tempviz as tv
from page import data
from page.session import change, kept, view
from page.stage import CONTROL_ID
from page.text import NO_ENTER_HINT, literal, t
from tempviz import charts, exercise, frames, stability, work
from tempviz.charts import Stops, at_stop, bound_to
from tempviz.charts import exercise as exercise_chart
from tempviz.charts import work as work_chart
from tempviz.i18n import number, number_list
from tempviz.presets import presets
from tempviz.state import STOPS
from tempviz.temperature import format_temperature, nearest_stop

ATTEMPTS = "exercise_attempts"  # {part: [each prediction as typed, oldest first]}
HELP = "exercise_help"          # {part: 1 once its hint is shown, 2 once its answer is}
LOADED = "exercise_loaded"      # (part, what, logits, stop) last brought onto the charts
SCROLLS = "exercise_scrolls"    # how many states were brought onto the charts
SCROLLED = "exercise_scrolled"  # ... and how many of them have scrolled the stage into view
REPLIES = 10                    # chatbot replies drawn at each chosen temperature
# Each kind of mistake (tempviz.exercise.MISTAKES), in full and in a few words
MISTAKE_TEXTS = {
    "scaled": ("exercise.mistake_scaled", "exercise.short_scaled"),
    "reversed": ("exercise.mistake_reversed", "exercise.short_reversed"),
    "key": ("exercise.mistake_key", "exercise.short_key"),
    "no_temperature": ("exercise.mistake_no_temperature", "exercise.short_no_temperature"),
    "swapped": ("exercise.mistake_swapped", "exercise.short_swapped"),
    "uniform": ("exercise.mistake_uniform", "exercise.short_uniform"),
    "one_hot": ("exercise.mistake_one_hot", "exercise.short_one_hot"),
    "sum": ("exercise.mistake_sum", "exercise.short_sum"),
    None: ("exercise.wrong", "exercise.short_wrong"),
}
FAILURES = {"overflow": "stability.overflow", "underflow": "stability.underflow",
            "sum": "stability.sum_overflow"}

# Scrolls the stage's temperature control into view, once for each token it is handed:
# mounted only on the run after a state was brought onto the charts, so it never
# scrolls again by itself.
SCROLL_JS = """
export default function ({ parentElement, data }) {
    if (parentElement.dataset.token === String(data.token)) return;
    parentElement.dataset.token = String(data.token);
    let tries = 0;
    const scroll = () => {
        const control = document.querySelector(data.target);
        if (control) control.scrollIntoView({ block: "center" });
        else if (++tries < 100) requestAnimationFrame(scroll);  // the stage not drawn yet
    };
    scroll();
}
"""
SCROLLER = st.components.v2.component("tempviz.scroll_to_stage", js=SCROLL_JS,
                                      isolate_styles=False)


def guided_exercise() -> None:
    """Parts (a), (b) and (c): predict, check, compare, then see it on the charts."""
    for store in (ATTEMPTS, HELP):
        st.session_state.setdefault(store, {})
    scroll_to_stage()
    st.html(f"<style>{NO_ENTER_HINT}</style>")
    with st.container(border=True):
        st.markdown(t("exercise.intro"))
        part_a, part_b, part_c = st.tabs([t("exercise.part_a"), t("exercise.part_b"),
                                          t("exercise.part_c")])
        with part_a:
            for temperature in exercise.PART_A:
                prediction_step(temperature)
            comparison(exercise.PART_A)
        with part_b:
            for temperature in exercise.PART_B:
                prediction_step(temperature)
        with part_c:
            chatbot_step()


def phrase_of(temperature: float) -> str:
    """T as titles name it, in the reader's language: "T = 0,1" in Russian."""
    return charts.temperature_phrase(temperature, view().lang)


def part_key(temperature: float) -> str:
    """The key of a prediction's text box, and of its part in the stores."""
    return f"prediction_{format_temperature(temperature)}"


def prediction_step(temperature: float) -> None:
    """One prediction: typed and checked (Enter or the button), every check kept with its
    verdict, then help in steps: the kind of mistake, a hint, the answer and its work."""
    phrase = phrase_of(temperature)
    key = part_key(temperature)
    with st.container(border=True, key=f"step_{key}"):
        with st.form(f"form_{key}", border=False, enter_to_submit=True), st.container(
                horizontal=True, vertical_alignment="bottom", gap="small"):
            st.text_input(t("exercise.predict", phrase=phrase), key=kept(key),
                          placeholder=t("exercise.placeholder"))
            st.form_submit_button(t("exercise.check"), key=f"check_{key}", on_click=record,
                                  args=(key,))
        attempts = st.session_state[ATTEMPTS].get(key, [])
        verdicts = verdicts_of(temperature)
        if len(attempts) > 1:
            history(attempts, verdicts)
        if attempts:
            feedback(verdicts[-1], temperature)
        help_steps(temperature, verdicts)
        loaded_notice(key)
        if done(temperature):
            work_panel = st.expander(t("exercise.work", phrase=phrase), key=f"work_{key}",
                                     on_change="rerun")
            if work_panel.open:
                with work_panel:
                    show_work_at(tv.parse_logits(exercise.LOGITS), temperature)


def help_steps(temperature: float, verdicts: list) -> None:
    """While no prediction is right: a hint, then the answer, each on request; and the
    button that shows this T on the charts."""
    phrase = phrase_of(temperature)
    key = part_key(temperature)
    helped = st.session_state[HELP].get(key, 0)
    readable = [v for v in verdicts if isinstance(v, exercise.Verdict)]
    wrong = bool(readable) and not any(v.correct for v in readable)
    if wrong and helped >= 1:
        st.info(t("exercise.hint", why=why(temperature)), icon=":material/lightbulb:")
    if wrong and helped >= 2:
        st.info(t("exercise.answer", phrase=phrase, answer=exercise.written(
            exercise.answer(temperature), view().lang)), icon=":material/key:")
    with st.container(horizontal=True, gap="small"):
        if wrong and helped < 2:
            st.button(t("exercise.hint_button" if helped == 0 else "exercise.answer_button"),
                      key=f"help_{key}", on_click=more_help, args=(key,),
                      icon=":material/lightbulb:" if helped == 0 else ":material/key:")
        show_button(t("exercise.show", phrase=phrase), key=f"show_{key}", part=key,
                    what="exercise.loaded_logits", logits=exercise.LOGITS,
                    temperature=temperature)


def record(key: str) -> None:
    """Keep a prediction checked with Enter or the button, with every earlier one."""
    typed = st.session_state[key]
    st.session_state[ATTEMPTS].setdefault(key, []).append(typed)


def more_help(key: str) -> None:
    st.session_state[HELP][key] = st.session_state[HELP].get(key, 0) + 1


def verdicts_of(temperature: float) -> list[exercise.Verdict | tv.TempvizError]:
    """Every prediction checked in a part, oldest first: its verdict, or why it can't
    be read."""
    return [judged(typed, temperature)
            for typed in st.session_state[ATTEMPTS].get(part_key(temperature), [])]


def judged(typed: str, temperature: float) -> exercise.Verdict | tv.TempvizError:
    try:
        return exercise.check(typed, temperature)
    except tv.TempvizError as error:
        return error


def done(temperature: float) -> bool:
    """Whether a part is settled: predicted right, or its answer shown."""
    right = any(isinstance(v, exercise.Verdict) and v.correct
                for v in verdicts_of(temperature))
    return right or st.session_state[HELP].get(part_key(temperature), 0) >= 2


def why(temperature: float) -> str:
    """Why the answer at this T looks as it does, with the logits divided by T written in."""
    finite = 0 < temperature < math.inf  # the limits' texts have no numbers in them
    scaled = tv.parse_logits(exercise.LOGITS).values / temperature if finite else []
    return t(f"exercise.why_{format_temperature(temperature)}",
             scaled=number_list(scaled, ".3g", view().lang))


def history(attempts: list[str], verdicts: list) -> None:
    """Every prediction checked in this part, as read, with its verdict in a few words: a
    static table, whose text wraps on a phone."""
    rows = [{r"\#": number,  # the table renders Markdown: "#" alone is a heading
             t("exercise.history_prediction"): shown_prediction(typed, verdict),
             t("exercise.history_verdict"): short_verdict(verdict)}
            for number, (typed, verdict) in enumerate(zip(attempts, verdicts), 1)]
    st.table(rows, hide_index=True)


def shown_prediction(typed: str, verdict: exercise.Verdict | tv.TempvizError) -> str:
    """A prediction as read, or as typed when it can't be: literally, since the table
    renders Markdown."""
    if isinstance(verdict, exercise.Verdict):
        return exercise.written(verdict.prediction, view().lang)
    return literal(typed)


def short_verdict(verdict: exercise.Verdict | tv.TempvizError) -> str:
    if isinstance(verdict, tv.TempvizError):
        return t("exercise.short_unreadable")
    if verdict.correct:
        return t("exercise.short_right")
    return t(MISTAKE_TEXTS[verdict.mistake][1], **mistake_values(verdict))


def mistake_values(verdict: exercise.Verdict) -> dict[str, object]:
    """Everything a verdict's message may name: the numbers are written as the table
    writes them, 1 − ε from the exact complement."""
    lang = view().lang
    logits = tv.parse_logits(exercise.LOGITS)
    top = int(logits.ranking[0])
    return {"label": f"p(z{verdict.worst + 1})",
            "error": frames.format_measure(verdict.error, lang),
            "tolerance": number(exercise.TOLERANCE, "g", lang),
            "total": number(verdict.total, ".3g", lang),
            "answer": exercise.written(verdict.answer, lang),
            "mistaken": "" if verdict.mistaken is None else exercise.written(verdict.mistaken,
                                                                             lang),
            "logits": exercise.LOGITS, "key_logits": exercise.KEY_LOGITS,
            "top": logits.labels[top], "top_value": frames.format_number(logits.values[top],
                                                                         lang)}


def feedback(verdict: exercise.Verdict | tv.TempvizError, temperature: float) -> None:
    """The latest verdict in full: right, the kind of mistake, or why it can't be read."""
    if isinstance(verdict, tv.TempvizError):
        st.error(f"**{t('exercise.unreadable')}:** {literal(verdict.localized(view().lang))}",
                 icon=":material/edit:")
        return
    phrase = phrase_of(temperature)
    values = mistake_values(verdict) | {"phrase": phrase, "other": phrase_of(
        math.inf if temperature == 0 else 0.0)}
    if verdict.correct:
        st.success(f"{t('exercise.correct', **values)} {why(temperature)}",
                   icon=":material/check:")
    else:
        st.warning(t(MISTAKE_TEXTS[verdict.mistake][0], **values), icon=":material/school:")


def comparison(temperatures: tuple[float, ...]) -> None:
    """Once every temperature of the part is settled: the last guess at each beside its
    answer, as small multiples on the same axis."""
    guesses = {}
    for temperature in temperatures:
        readable = [v for v in verdicts_of(temperature) if isinstance(v, exercise.Verdict)]
        if readable and done(temperature):
            guesses[temperature] = readable[-1].prediction
    if len(guesses) < len(temperatures):
        st.caption(t("exercise.compare_waiting"))
        return
    st.markdown(f"**{t('exercise.compare_heading')}**")
    frame = exercise.comparison_frame(guesses)
    style = screen_style()
    for column, temperature in zip(st.columns(len(temperatures)), temperatures):
        chart = exercise_chart.comparison_chart(frame, temperature, style=style, lang=view().lang)
        column.vega_lite_chart(chart.to_dict(), width="stretch",
                               alt=exercise.describe_comparison(frame, temperature,
                                                                view().lang))


def chatbot_step() -> None:
    """Part (c) as a question: which temperatures make the chatbot monotonous and which
    unpredictable? Nothing is chosen at first; each choice shows the replies drawn there,
    side by side, and a verdict by the entropy share, explained."""
    st.markdown(t("exercise.chatbot_intro"))
    chatbot = presets(view().lang)[-1].text
    parsed = tv.parse_logits(chatbot)
    for column, mood in zip(st.columns(2, gap="medium"), ("monotonous", "unpredictable")):
        with column:
            temperature = st.pills(t(f"exercise.{mood}"), exercise.CHATBOT_TEMPERATURES,
                                   key=kept(f"exercise_{mood}"),
                                   format_func=partial(number, spec="g", lang=view().lang))
            if temperature is not None:
                chatbot_verdict(chatbot, parsed, mood, temperature)
    st.caption(t("exercise.mood_rule", count=len(parsed), low=exercise.MONOTONOUS,
                 high=exercise.UNPREDICTABLE))


def chatbot_verdict(chatbot: str, parsed: tv.Logits, mood: str, temperature: float) -> None:
    """The replies drawn at the chosen T and whether they sound as the student said."""
    phrase = phrase_of(temperature)
    replies = frames.reply_sequence(parsed, tv.softmax(parsed, temperature), REPLIES,
                                    view().seed)
    st.markdown(f"**{t('exercise.chatbot_replies', count=REPLIES, phrase=phrase)}**")
    st.markdown("\n".join(f"{i}. {literal(reply)}" for i, reply in enumerate(replies, 1)))
    felt, share = exercise.chatbot_mood(chatbot, temperature)
    message = t("exercise.mood", phrase=phrase, share=share, mood=t(f"mood.{felt}"))
    if felt == mood:
        why = f" {t('exercise.why_incoherent')}" if mood == "unpredictable" else ""
        st.success(f"{message} {t('exercise.mood_right')}{why}", icon=":material/check:")
    else:
        advice = "exercise.mood_lower" if mood == "monotonous" else "exercise.mood_higher"
        st.warning(f"{message} {t(advice)}", icon=":material/school:")
    key = f"load_{mood}"
    show_button(t("exercise.load_chatbot", phrase=phrase), key=key, part=key,
                what="exercise.loaded_chatbot", logits=chatbot, temperature=temperature)
    loaded_notice(key)


def file_shown() -> bool:
    """Whether an uploaded file is on the charts, so that logits put in the box would not be."""
    return st.session_state.get("upload") is not None


def show_button(label: str, *, key: str, part: str, what: str, logits: str,
                temperature: float) -> None:
    """A button bringing logits and T onto the charts; disabled while a file is shown."""
    shown = file_shown()
    st.button(label, key=key, on_click=bring_to_charts, args=(part, what, logits, temperature),
              icon=":material/arrow_upward:", disabled=shown,
              help=t("exercise.file_shown") if shown else None)


def bring_to_charts(part: str, what: str, logits: str, temperature: float) -> None:
    """Put logits and T on the stage, keep the exercise as it is, and ask for a notice
    and for the stage to be scrolled into view."""
    stop = STOPS.index(nearest_stop(temperature, STOPS))
    change(logits=logits, stop=stop)
    st.session_state[LOADED] = (part, what, logits, stop)
    st.session_state[SCROLLS] = st.session_state.get(SCROLLS, 0) + 1


def loaded_notice(part: str) -> None:
    """Under the button that did it: which logits and T are on the charts now, while they
    still are. On the run right after, a toast says so beside the stage as well."""
    message = loaded_message()
    if message is not None and st.session_state[LOADED][0] == part:
        st.info(message, icon=":material/arrow_upward:")


def loaded_message() -> str | None:
    """Which logits and T were brought onto the charts, while the charts still show them."""
    loaded = st.session_state.get(LOADED)
    if loaded is None:
        return None
    _, what, logits, stop = loaded
    current = view()
    if (current.logits, current.stop) != (logits, stop) or file_shown():
        return None
    return t("exercise.loaded", what=t(what, logits=literal(logits)),
             phrase=phrase_of(STOPS[stop]))


def scroll_to_stage() -> None:
    """On the run after a state was brought onto the charts: scroll the stage into view
    and say beside it, in a toast, what it now shows."""
    token = st.session_state.get(SCROLLS, 0)
    if st.session_state.get(SCROLLED, 0) == token:
        return
    st.session_state[SCROLLED] = token
    message = loaded_message()
    if message is None:
        return
    SCROLLER(key="scroll_to_stage", data={"token": token, "target": f"#{CONTROL_ID}"},
             height=0)
    st.toast(message, icon=":material/arrow_upward:")


def screen_style() -> charts.Style:
    """The charts' screen style, for a light or a dark page."""
    return charts.SCREEN_DARK if st.context.theme.type == "dark" else charts.SCREEN


@data.by_logits(max_entries=16)
def work_spec(logits: tv.Logits, lang: str, dark: bool) -> dict:
    """The work chart at every stop, its data already in Arrow form; shared, never
    modified (the page binds or moves a copy)."""
    style = charts.SCREEN_DARK if dark else charts.SCREEN
    chart = work_chart.work_chart(work.work_cells(logits, STOPS, lang),
                            Stops(STOPS, STOPS.index(1.0), lang), classes=len(logits),
                            style=style, lang=lang)
    spec = chart.to_dict()
    return spec | {"datasets": {key: data.arrow_bytes(rows)
                                for key, rows in spec["datasets"].items()}}


def show_work(stage: data.Stage) -> None:
    """The work at the stage's T, following its temperature control in the browser."""
    current = view()
    spec = work_spec(stage.logits, stage.look.lang, stage.dark)
    st.vega_lite_chart(bound_to(spec, f"#{CONTROL_ID}"), width="stretch",
                       alt=work.describe_work(stage.logits, work.work(
                           stage.logits, current.temperature), current.lang))
    st.caption(t("work.shift"))


def show_work_at(logits: tv.Logits, temperature: float) -> None:
    """The work at one T, not bound to the stage: the exercise's own."""
    current = view()
    spec = work_spec(logits, current.lang, st.context.theme.type == "dark")
    st.vega_lite_chart(at_stop(spec, STOPS.index(temperature)), width="stretch",
                       alt=work.describe_work(logits, work.work(logits, temperature),
                                              current.lang))
    st.caption(t("work.shift"))


@data.by_logits(max_entries=64)
def breaking_point(logits: tv.Logits, temperature: float, dtype: str
                   ) -> tuple[float | None, int | None]:
    """The slider stop nearest T where the naive formula fails in the float type, and if
    there is none, the smallest scale of the logits that gives one."""
    nearest = stability.nearest_failure(logits, temperature, dtype, STOPS)
    return nearest, None if nearest else stability.scale_factor(logits, dtype, STOPS)


def show_stability_lesson(logits: tv.Logits, temperature: float) -> None:
    """The naive formula beside the stable one, in a float type the student picks; every
    instruction it gives comes with the button that follows it."""
    st.markdown(t("stability.intro"))
    naive = st.toggle(t("stability.toggle"), key="naive")
    if not naive:
        return
    dtype = st.radio(t("stability.dtype"), list(stability.FLOAT_TYPES), key="dtype",
                     horizontal=True)
    if not 0 < temperature < math.inf:
        st.info(t("stability.limits", phrase=phrase_of(temperature)))
        go_button(1.0)
        return
    st.dataframe(stability.comparison_frame(logits, temperature, dtype, view().lang),
                 hide_index=True)
    largest = stability.largest_scaled(logits, temperature)
    values = {"largest": largest, "threshold": stability.overflow_threshold(dtype),
              "dtype": dtype, "count": len(logits)}
    failure = stability.naive_failure(logits, temperature, dtype)
    factor = None
    if failure:
        st.error(t(FAILURES[failure], **values), icon=":material/warning:")
    else:
        st.success(t("stability.fine", **values), icon=":material/check:")
        nearest, factor = breaking_point(logits, temperature, dtype)
        if nearest is not None:
            st.info(t("stability.breaks_at", phrase=phrase_of(nearest), dtype=dtype))
            go_button(nearest)
        elif factor is not None:
            st.info(t("stability.scale", factor=factor, dtype=dtype,
                      lowest=stability.largest_scaled(logits, STOPS[1])))
        else:
            st.info(t("stability.unbreakable", dtype=dtype, factor=stability.SCALES[-1]))
    scale_buttons(logits, suggested=factor)


def go_button(temperature: float) -> None:
    st.button(t("stability.go", phrase=phrase_of(temperature)),
              key="stability_go", icon=":material/thermostat:", on_click=change,
              kwargs={"stop": STOPS.index(temperature)})


def scale_buttons(logits: tv.Logits, suggested: int | None) -> None:
    """Larger logits in one click: ×10 and ×100, the one that makes the naive formula fail
    highlighted. Disabled while a file is shown, or where a logit would leave the float
    range."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.caption(t("stability.scale_caption"), width="content")
        for factor in stability.SCALES:
            st.button(t("stability.scale_button", factor=factor),
                      key=f"stability_scale_{factor}",
                      type="primary" if factor == suggested else "secondary",
                      disabled=file_shown() or not stability.can_scale(logits, factor),
                      help=t("stability.file" if file_shown() else "stability.scale_help",
                             factor=factor),
                      on_click=scale, args=(logits, factor))


def scale(logits: tv.Logits, factor: int) -> None:
    change(logits=stability.scaled_text(logits, factor))

"""The guided exercise and the numerical-stability lesson."""

from __future__ import annotations

import math

import streamlit as st

import tempviz as tv
from page.session import change, view
from page.text import literal, slider_label, t
from tempviz import charts, exercise, frames
from tempviz.presets import presets
from tempviz.stability import FLOAT_TYPES, comparison_frame, largest_scaled, overflow_threshold
from tempviz.state import STOPS
from tempviz.temperature import format_temperature, nearest_stop


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
    except tv.TempvizError as error:
        st.error(literal(error.localized(view().lang)), icon=":material/edit:")
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
    chatbot = presets(view().lang)[-1].text
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
    change(logits=logits, stop=STOPS.index(nearest_stop(temperature, STOPS)))


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
    st.dataframe(comparison_frame(logits, temperature, dtype, view().lang),
                 hide_index=True)
    largest = largest_scaled(logits, temperature)
    verdict = "stability.overflow" if largest > threshold else "stability.fine"
    message = t(verdict, largest=largest, threshold=threshold, dtype=dtype)
    if largest > threshold:
        st.error(message, icon=":material/warning:")
    else:
        st.success(message, icon=":material/check:")

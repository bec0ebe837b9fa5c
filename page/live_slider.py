"""The slider inside the live chart, kept in step with the page's own temperature slider.

While it is dragged, Vega-Lite redraws the bars and the entropy curve in the browser from
data for every stop, with no rerun. When it is let go (a range input's "change" event),
a few lines of JavaScript send its stop to Python, which moves the page's slider there,
so the table, the samples and the URL follow. The other way needs nothing: every rerun
writes the page's T into the chart's spec.
"""

from __future__ import annotations

import streamlit as st

from page.data import STOPS

LIVE_SLIDER = '[data-testid="stVegaLiteChart"] .vega-bind input[type="range"][name="stop"]'
RELEASE = st.components.v2.component(
    "tempviz.live_slider_release",
    isolate_styles=False,  # the style below is for the chart's slider, outside this element
    css="""
[data-testid="stVegaLiteChart"] .vega-bind { font-weight: 600; margin-top: 0.5rem; }
/* wider than Streamlit's 12em, so each of the 91 stops gets a few pixels */
[data-testid="stVegaLiteChart"] form.vega-bindings .vega-bind input[type="range"] {
    width: min(520px, 60vw);
}
/* the value beside the slider is the stop's index; the chart titles say its T */
[data-testid="stVegaLiteChart"] .vega-bind label > span:not(.vega-bind-name) { display: none; }
""",
    js=f"""
export default function ({{ setTriggerValue }}) {{
    const released = (event) => {{
        // only a person's release counts, never an event a script dispatched
        if (event.isTrusted && event.target.matches('{LIVE_SLIDER}')) {{
            setTriggerValue("stop", Number(event.target.value));
        }}
    }};
    document.addEventListener("change", released);
    return () => document.removeEventListener("change", released);
}}
""")


def follow_live_slider_release() -> None:
    """Listen for the chart's slider being let go; draws nothing but the slider's style."""
    RELEASE(key="live_slider", on_stop_change=move_to_released_stop, height=0)


def move_to_released_stop() -> None:
    """Move the page's temperature to the stop the chart's slider was let go at."""
    stop = st.session_state.live_slider.stop
    if stop in range(len(STOPS)):  # what a browser sends is checked like any input
        st.session_state.T = STOPS[int(stop)]

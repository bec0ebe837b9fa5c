"""Work cached by input, so that moving the temperature only looks things up.

Logits are read once per source (what was typed, or a file) and shared; everything
else is keyed by the logits' fingerprint and the reader's settings, never by T: the
charts hold data for every slider stop. Keying by the fingerprint hashes a few bytes
where the source would hash up to 20 MB on every call.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

import tempviz as tv
from tempviz import charts, frames
from tempviz.files import read_logits_file
from tempviz.language_model import NgramModel, bundled_text, generate, train
from tempviz.sampling import Filters
from tempviz.temperature import log_grid, slider_stops
from tempviz.views import Settings, build_charts, limit_entropies

STOPS = slider_stops()
Source = tuple[str, str | bytes]  # ("text", what was typed) or (file name, its bytes)
GENERATED_WORDS = 100
CORPORA = {"bundled": bundled_text, "paste": None}
# st.cache_data for work on parsed logits, keyed by their fingerprint (see above)
by_logits = partial(st.cache_data, show_spinner=False,
                    hash_funcs={tv.Logits: lambda logits: logits.fingerprint})


@st.cache_resource(max_entries=16, show_spinner=False)
def load_logits(source: Source) -> tv.Logits:
    """Logits typed, as ("text", text), or uploaded, as (file name, bytes). Shared, not
    copied, between reruns and sessions: nothing ever modifies a Logits."""
    kind, content = source
    return tv.parse_logits(content) if kind == "text" else read_logits_file(kind, content)


@by_logits(max_entries=64)
def entropy_curve(logits: tv.Logits, base: float | None, filters: Filters):
    return frames.entropy_frame(logits, log_grid(), base, filters)


@by_logits(max_entries=16)
def chart_specs(logits: tv.Logits, settings: Settings) -> dict[str, dict]:
    """Every chart's Vega-Lite spec with data at every slider stop: built once per input,
    then each move of the slider only changes which stop the specs show."""
    built = build_charts(logits, STOPS, 0, settings,
                         curve=entropy_curve(logits, settings.base, settings.filters),
                         sweep=class_sweep(logits))
    return {name: chart.to_dict() for name, chart in built.items()}


@by_logits(max_entries=64)
def entropy_limits(logits: tv.Logits, settings: Settings) -> tuple[float, float]:
    return limit_entropies(logits, settings)


@by_logits(max_entries=16)
def shown_specs(logits: tv.Logits, settings: Settings) -> dict[str, dict]:
    """The same specs with their data already in the Arrow form Streamlit sends, so a
    rerun passes the bytes on instead of converting every dataset again."""
    return {name: spec | {"datasets": {key: convert_anything_to_arrow_bytes(pd.DataFrame(rows))
                                       for key, rows in spec["datasets"].items()}}
            for name, spec in chart_specs(logits, settings).items()}


@by_logits(max_entries=64)
def class_sweep(logits: tv.Logits):
    return frames.class_sweep_frame(logits, log_grid())


@by_logits(max_entries=64)
def classes_text(logits: tv.Logits, lang: str) -> str:
    """The class chart's text alternative: its lines do not move with T."""
    return charts.describe_classes(class_sweep(logits), lang)


@st.cache_resource(max_entries=4, show_spinner=False)
def language_model(text: str) -> NgramModel:
    return train(text)


@st.cache_data(max_entries=256, show_spinner=False)
def generated_words(corpus: str, pasted: str, steps: tuple[tuple[str, float], ...],
                    seed: int) -> list[str]:
    """Words from the model of a corpus: the bundled one by name, or the pasted text."""
    text = pasted if CORPORA[corpus] is None else CORPORA[corpus]()
    return generate(language_model(text), steps, words=GENERATED_WORDS, seed=seed)

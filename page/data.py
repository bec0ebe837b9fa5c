"""Work cached by input, so that moving the temperature only looks things up.

Logits are read once per source (what was typed, or a file) and shared; the scene (every
number at every stop) is keyed by the logits' fingerprint and the settings that change
numbers; chart specs add the language and the look. None is keyed by T: the scene and
the charts hold every stop. Keying by the fingerprint hashes a few bytes where the
source would hash up to 20 MB on every call.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial

import pandas as pd
import pyarrow as pa
import streamlit as st

import tempviz as tv
from page.text import readout_texts
from tempviz import views
from tempviz.files import read_logits_file
from tempviz.language_model import NgramModel, bundled_text, generate, train
from tempviz.scene import Scene
from tempviz.state import STOPS, View

Source = tuple[str, str | bytes]  # ("text", what was typed) or (file name, its bytes)
GENERATED_WORDS = 100
CORPORA = {"bundled": bundled_text, "paste": None}
# Shared results (never modified, so never copied) of work on parsed logits, keyed by
# their fingerprint and by a view's repr: these views never carry the logits text (see
# numbers_key), so their repr is short, and hashing it is far cheaper than pickling
by_logits = partial(st.cache_resource, show_spinner=False,
                    hash_funcs={tv.Logits: lambda logits: logits.fingerprint, View: repr})


@st.cache_resource(max_entries=16, show_spinner=False)
def load_logits(source: Source) -> tv.Logits:
    """Logits typed, as ("text", text), or uploaded, as (file name, bytes). Shared, not
    copied, between reruns and sessions: nothing ever modifies a Logits."""
    kind, content = source
    return tv.parse_logits(content) if kind == "text" else read_logits_file(kind, content)


def numbers_key(view: View) -> View:
    """The part of a view that changes numbers (cuts, samples, seed): views equal here
    share one scene, whatever their T, language or look."""
    return View(filters=view.filters, samples=view.samples, seed=view.seed)


@by_logits(max_entries=16)
def scene(logits: tv.Logits, key: View) -> Scene:
    """Every number at every slider stop; shared between sessions, never modified."""
    return views.scene_for(logits, STOPS, key)


def look_key(view: View) -> View:
    """The part of a view that changes the charts but not the numbers. The presenter
    view is always in slide style."""
    return replace(numbers_key(view), unit=view.unit, log_scale=view.log_scale,
                   slide=view.slide or view.present, bars=view.bars, lang=view.lang)


@dataclass(eq=False)
class Stage:
    """What the stage shows for one input and look, at every stop: the scene's numbers,
    every chart's spec (its datasets already in the Arrow form Streamlit sends, so a
    rerun passes bytes on instead of converting them) and the readouts as written.
    The table is written for a stop the first time it is shown; the same stage serves
    every session with this input and look."""

    logits: tv.Logits
    look: View
    dark: bool
    scene: Scene
    specs: dict[str, dict]
    alts: dict[str, str]
    readouts: list[list[str]]
    described: list[str]
    _at: dict[tuple[str, int], object] = field(default_factory=dict)

    def table_at(self, stop: int) -> pd.DataFrame:
        """The table at a stop, written for reading."""
        return self._once("table", stop, lambda logits, scene, stop, look: views.table(
            logits, scene, stop, look.lang))

    def _once(self, what: str, stop: int, make) -> object:
        if (what, stop) not in self._at:  # a race only makes it twice, the same
            self._at[what, stop] = make(self.logits, self.scene, stop, self.look)
        return self._at[what, stop]


@by_logits(max_entries=32)
def stage(logits: tv.Logits, look: View, dark: bool) -> Stage:
    """The stage for the logits and a look (:func:`look_key`) on a light or ``dark``
    page, built once and shared."""
    numbers = scene(logits, numbers_key(look))
    built = views.chart_set(logits, numbers, STOPS.index(1.0), look, dark=dark)
    specs = {name: chart.to_dict() for name, chart in built.items()}
    specs = {name: spec | {"datasets": {key: arrow_bytes(rows)
                                        for key, rows in spec["datasets"].items()}}
             for name, spec in specs.items()}
    every_stop = range(len(STOPS))
    readouts = [readout_texts(views.readout(logits, numbers, stop, look.base), look)
                for stop in every_stop]
    described = [views.described_at(logits, numbers, stop, look) for stop in every_stop]
    return Stage(logits, look, dark, numbers, specs, views.chart_alts(logits, numbers, look),
                 readouts, described)


def arrow_bytes(rows: list[dict]) -> bytes:
    """Rows as an Arrow IPC stream, the form Streamlit sends a chart's data in."""
    table = pa.Table.from_pandas(pd.DataFrame(rows))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


@st.cache_resource(max_entries=4, show_spinner=False)
def language_model(text: str) -> NgramModel:
    return train(text)


@st.cache_data(max_entries=256, show_spinner=False)
def generated_words(corpus: str, pasted: str, steps: tuple, seed: int) -> list[str]:
    """Words from the model of a corpus: the bundled one by name, or the pasted text."""
    text = pasted if CORPORA[corpus] is None else CORPORA[corpus]()
    return generate(language_model(text), steps, words=GENERATED_WORDS, seed=seed)

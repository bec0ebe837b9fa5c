"""Work cached by input, so that moving the temperature only looks things up.

Logits are read once per source (what was typed, or a file) and shared; the scene (every
number at every stop) is keyed by the logits' fingerprint and the settings that change
numbers; chart specs add the language and the look. None is keyed by T: the scene and
the charts hold every stop. Keying by the fingerprint hashes a few bytes where the
source would hash up to 10 MB on every call.

Those three caches are bounded by the bytes they hold, not only by their number of
entries: a classroom's many small inputs share them freely, while a few of the largest
inputs the limits allow (a 10 MB file of 200-character labels) take the room of many
small ones. Together they hold at most ``CACHE_BUDGET`` bytes, as their entries count
them: a stage counts the logits it keeps alive, so nothing held goes uncounted.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from functools import partial, wraps

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

import tempviz as tv
from page.text import readout_texts
from tempviz import views
from tempviz.files import read_logits_file
from tempviz.language_model import BUNDLED_ORDER, NgramModel, bundled_text, generate, train
from tempviz.scene import Scene
from tempviz.state import STOPS, View

Source = tuple[str, str | bytes]  # ("text", what was typed) or (file name, its bytes)
GENERATED_WORDS = 100
CORPORA = {"bundled": bundled_text, "paste": None}
# A pasted text to learn from: some 15,000 words, learnt in half a second into a model
# of about 4 MB; the box holding it is sent with every rerun
MAX_CORPUS_CHARS = 100_000
# Shared results (never modified, so never copied) of work on parsed logits, keyed by
# their fingerprint and by a view's repr: these views never carry the logits text (see
# numbers_key), so their repr is short, and hashing it is far cheaper than pickling
by_logits = partial(st.cache_resource, show_spinner=False,
                    hash_funcs={tv.Logits: lambda logits: logits.fingerprint, View: repr})
MB = 2**20
# The largest Logits the input limits allow holds about 50 MB (a 10 MB file of 100,000
# labels with an emoji each, which Python stores at four bytes a character, and pandas'
# copy) and its stage a few MB more: each budget holds at least two of the largest
LOGITS_BUDGET, SCENE_BUDGET, STAGE_BUDGET = 128 * MB, 32 * MB, 160 * MB
CACHE_BUDGET = LOGITS_BUDGET + SCENE_BUDGET + STAGE_BUDGET


class SharedCache:
    """Results shared by every session, the least recently used dropped first once the
    entries together hold more than ``budget`` bytes (as ``size_of`` counts them) or
    number more than ``entries``. The newest entry always stays, so the largest input
    costs one computation, not one per rerun; a budget is chosen to hold it.

    Sessions asking for the same key at once wait for one computation rather than each
    making its own, as a class opening the same link does.

    Not cachetools' ``LRUCache(maxsize, getsizeof=)``: it refuses a value larger than its
    whole budget (and ``cached`` then recomputes it on every call), where the largest
    input must be computed once; it has no count limit beside the byte budget; and it
    leaves sessions asking at once to compute the same entry each.

    >>> cache = SharedCache(budget=10, entries=8, size_of=len)
    >>> cache.get("a", lambda: "aaaaaa"), cache.get("b", lambda: "bbbbbb")
    ('aaaaaa', 'bbbbbb')
    >>> list(cache.held), cache.bytes  # "a" made room: 12 bytes is over the budget
    (['b'], 6)
    """

    def __init__(self, budget: int, entries: int, size_of: Callable[[object], int]):
        self.budget, self.entries, self.size_of = budget, entries, size_of
        self.held: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self.bytes = 0
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, make: Callable[[], object]) -> object:
        """The entry for ``key``, made by ``make()`` if it is not held."""
        with self._lock:
            if key in self.held:
                self.held.move_to_end(key)
                return self.held[key][0]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self.held:  # made by the session this one waited for
                    return self.held[key][0]
            try:
                value = make()
            finally:
                with self._lock:
                    self._making.pop(key, None)
            size = self.size_of(value)
            with self._lock:
                self.held[key] = (value, size)
                self.bytes += size
                while len(self.held) > 1 and (self.bytes > self.budget
                                              or len(self.held) > self.entries):
                    _, (_, dropped) = self.held.popitem(last=False)
                    self.bytes -= dropped
            return value

    def clear(self) -> None:
        with self._lock:
            self.held.clear()
            self.bytes = 0


def shared(budget: int, entries: int, key: Callable[..., Hashable],
           size_of: Callable[[object], int]) -> Callable:
    """A function's results kept in a :class:`SharedCache` under ``key(*arguments)``,
    which names the arguments in a few bytes (a fingerprint, a digest)."""
    def decorate(function: Callable) -> Callable:
        cache = SharedCache(budget, entries, size_of)

        @wraps(function)
        def cached(*arguments, **keywords):
            return cache.get(key(*arguments, **keywords),
                             lambda: function(*arguments, **keywords))
        cached.cache = cache
        return cached
    return decorate


def load_logits(source: Source) -> tv.Logits:
    """Logits typed, as ("text", text), or uploaded, as (file name, bytes). Shared, not
    copied, between reruns and sessions: nothing ever modifies a Logits. A source that
    cannot be read raises its error on every call but is read only once."""
    read = _read(source)
    if isinstance(read, tv.TempvizError):
        raise read.with_traceback(None)  # a shared error: no traceback may pile up on it
    return read


def source_key(source: Source) -> tuple[str, bytes]:
    """A source's kind and a digest of its content: a 10 MB upload hashes in
    milliseconds and is not kept as the key."""
    kind, content = source
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return kind, hashlib.blake2b(data, digest_size=16).digest()


def _read_size(read: tv.Logits | tv.TempvizError) -> int:
    return read.nbytes if isinstance(read, tv.Logits) else 1_000  # an error: a message


@shared(LOGITS_BUDGET, entries=64, key=source_key, size_of=_read_size)
def _read(source: Source) -> tv.Logits | tv.TempvizError:
    kind, content = source
    try:
        return tv.parse_logits(content) if kind == "text" else read_logits_file(kind, content)
    except tv.TempvizError as error:
        return error


def numbers_key(view: View) -> View:
    """The part of a view that changes numbers (cuts, samples, seed): views equal here
    share one scene, whatever their T, language or look."""
    return View(filters=view.filters, samples=view.samples, seed=view.seed)


def scene_bytes(numbers: Scene) -> int:
    """The memory a scene's arrays hold."""
    return sum(value.nbytes for value in vars(numbers).values()
               if isinstance(value, np.ndarray))


@shared(SCENE_BUDGET, entries=64, key=lambda logits, key: (logits.fingerprint, repr(key)),
        size_of=scene_bytes)
def scene(logits: tv.Logits, key: View) -> Scene:
    """Every number at every slider stop; shared between sessions, never modified."""
    return views.scene_for(logits, STOPS, key)


def look_key(view: View) -> View:
    """The part of a view that changes the charts but not the numbers."""
    return replace(numbers_key(view), unit=view.unit, log_scale=view.log_scale,
                   slide=view.slide, present=view.present, bars=view.bars, lang=view.lang)


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


def stage_bytes(built: Stage) -> int:
    """What a stage holds at most: its logits (which it keeps alive even when the logits'
    own cache has dropped them), its scene, its specs and texts, and a table at every
    stop, each about the size of the first."""
    specs = sum(len(rows) for spec in built.specs.values() for rows in spec["datasets"].values())
    texts = sum(map(sys.getsizeof, [*built.described, *built.alts.values(),
                                    *(text for row in built.readouts for text in row)]))
    table = int(built.table_at(built.look.stop).memory_usage(deep=True).sum())
    return built.logits.nbytes + scene_bytes(built.scene) + specs + texts + len(STOPS) * table


@shared(STAGE_BUDGET, entries=32,
        key=lambda logits, look, dark: (logits.fingerprint, repr(look), dark),
        size_of=stage_bytes)
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
def language_model(text: str, order: int) -> NgramModel:
    return train(text, order)


@st.cache_data(max_entries=256, show_spinner=False)
def generated_words(corpus: str, pasted: str, steps: tuple, seed: int, lang: str) -> list[str]:
    """Words from the model of a corpus: the bundled one of the page's language (see
    :mod:`tempviz.language_model`), or the pasted text."""
    if CORPORA[corpus] is None:
        text, order = pasted, 3
    else:
        text, order = CORPORA[corpus](lang), BUNDLED_ORDER[lang]
    return generate(language_model(text, order), steps, words=GENERATED_WORDS, seed=seed)

"""The view a link carries: what the page shows, as one frozen value.

A :class:`View` holds the logits as typed, the temperature (as a slider stop), the cuts
and their order, the chart settings and the language. It is read from a query-string
mapping and written back to one, in pure Python, so a link's meaning is tested without
a browser and the page, the exercise and the stage's slider all change the same value.

>>> view, notices = View.from_query({"logits": "1, 2, 5", "T": "0.1", "top_p": "0.9"})
>>> view.temperature, view.filters.value("top_p"), notices
(0.1, 0.9, [])
>>> view.to_query()["T"]
'0.1'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar
from urllib.parse import quote_plus

from tempviz.errors import Phrase, TempvizError, invalid, whole_number
from tempviz.i18n import DEFAULT_LANGUAGE, LANGUAGES
from tempviz.logits import LogitsLimitError, parse_logits
from tempviz.presets import DEFAULT_TEXT
from tempviz.sampling import CUTS, NAMED_ORDERS, Filters
from tempviz.temperature import format_temperature, nearest_stop, parse_temperature, slider_stops

STOPS = slider_stops()
# The most characters a link's logits take, percent-encoded as Streamlit writes them.
# Streamlit's server (uvicorn with h11) answers HTTP 400 to a request whose line and
# headers pass 16 KiB once it arrives in pieces, as it does over a network, before the
# app can say a word; this leaves room for the rest of the link and a browser's headers.
MAX_URL_CHARS = 8_000
SAMPLE_SIZES = (10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
BAR_COUNTS = (5, 10, 20, 30, 50)
UNITS = {"bits": 2, "nats": None}
ORDERS = tuple(NAMED_ORDERS)  # the orders a link names in a word
MAX_SEED = 2**32 - 1
PARTS = ("practice",)  # the parts a link opens by name (part=practice), beside the stage
_NONZERO_DIGIT = re.compile(r"[1-9]")

Query = Mapping[str, str | Sequence[str]]


@dataclass(frozen=True)
class View:
    """Everything one view of tempviz shows, as a link carries it.

    The temperature has one form, the slider stop; T is read from it.

    >>> View(stop=STOPS.index(10.0)).temperature
    10.0
    >>> View().with_temperature(float("inf")).stop == len(STOPS) - 1
    True
    """

    logits: str = DEFAULT_TEXT
    stop: int = STOPS.index(1.0)
    filters: Filters = field(default_factory=Filters)
    unit: str = "bits"
    samples: int = 1_000
    seed: int = 0
    log_scale: bool = False
    slide: bool = False
    bars: int = 20
    lang: str = DEFAULT_LANGUAGE
    present: bool = False
    wide: bool = True  # downloads fill a 16:9 slide (1920×1080); off, 1,920 px wide
    part: str = ""  # a part of the page opened below the stage: one of PARTS, or none

    # what each link parameter sets, read and written by the functions named here
    SETTINGS: ClassVar[dict[str, str]] = {"unit": "unit", "n": "samples", "seed": "seed",
                                          "log": "log_scale", "style": "slide", "bars": "bars",
                                          "present": "present", "size": "wide",
                                          "part": "part"}

    def __post_init__(self) -> None:
        if not isinstance(self.stop, int) or self.stop not in range(len(STOPS)):
            raise invalid("stop", "rule.whole_between", self.stop, least=0, most=len(STOPS) - 1)

    @property
    def temperature(self) -> float:
        return STOPS[self.stop]

    @property
    def base(self) -> float | None:
        """The logarithm's base for the entropy unit: 2 for bits, None (e) for nats."""
        return UNITS[self.unit]

    def at_stop(self, stop: object) -> View:
        """The view at a slider stop sent from outside (a browser): anything but the
        index of an existing stop is refused.

        >>> View().at_stop(0).temperature
        0.0
        >>> View().at_stop(91)
        Traceback (most recent call last):
        ...
        tempviz.errors.TempvizError: stop must be a whole number from 0 to 90, but 91 was given
        """
        whole = isinstance(stop, (int, float)) and not isinstance(stop, bool) and (
            math.isfinite(stop) and stop == int(stop))
        if not whole:
            raise invalid("stop", "rule.whole_between", stop, least=0, most=len(STOPS) - 1)
        return replace(self, stop=int(stop))  # which checks the range

    def with_temperature(self, temperature: float) -> View:
        """The view at the slider stop nearest T on the log scale (limits exactly)."""
        return replace(self, stop=STOPS.index(nearest_stop(temperature, STOPS)))

    def steps(self) -> list:
        """The sampling chain at this view's temperature."""
        return self.filters.steps(self.temperature)

    @classmethod
    def from_query(cls, params: Query, lang: str = DEFAULT_LANGUAGE
                   ) -> tuple[View, list[Phrase]]:
        """The view a link names, and a notice for every parameter that was not used
        as given. ``lang`` is the language to use when the link names none (the
        browser's). A value given twice counts once, the last, as browsers send it.

        >>> View.from_query({"T": "abc", "top_k": "0"})[1][0].key
        'url.ignored'
        >>> View.from_query({"T": "0.33"})[0].temperature
        0.35
        """
        notices: list[Phrase] = []
        query = {}
        for key, value in params.items():
            values = [value] if isinstance(value, str) else list(value)
            if len(values) > 1:
                notices.append(Phrase("url.repeated", {"name": key, "value": values[-1]}))
            if values:
                query[key] = values[-1]
        view = cls(lang=lang)
        for key, read in _READERS.items():
            if key not in query:
                continue
            try:
                view = read(view, query[key], notices)
            except TempvizError as error:
                notices.append(Phrase("url.ignored", {"name": key, "error": error}))
        cuts = _cuts_in(query, notices)
        order: tuple[str, ...] | bool = True
        if "order" in query:
            try:
                order = Filters.order_from_text(query["order"])
            except TempvizError as error:
                notices.append(Phrase("url.ignored", {"name": "order", "error": error}))
        if isinstance(order, bool):
            view = replace(view, filters=Filters(*cuts, temperature_first=order))
        else:
            view = replace(view, filters=Filters(*cuts, order=order))
        return view, notices

    def to_query(self) -> dict[str, str]:
        """The link's parameters for this view: the logits (when short enough for a
        link), T and the language always, everything else when it is not the default.

        >>> View(filters=Filters(top_k=2, temperature_first=False)).to_query()
        {'logits': '1, 2, 5', 'T': '1', 'lang': 'en', 'top_k': '2', 'order': 'last'}
        """
        query = {"logits": self.logits} if link_length(self.logits) <= MAX_URL_CHARS else {}
        query |= {"T": format_temperature(self.temperature), "lang": self.lang}
        for cut in self.filters.cuts:
            query |= cut.to_link()
        if (order := self.filters.named_order()) != "first":
            query["order"] = order
        default = View()
        for key, name in self.SETTINGS.items():
            value = getattr(self, name)
            if value != getattr(default, name):
                query[key] = _WRITERS.get(name, str)(value)
        return query


def _read_lang(view: View, value: str, notices: list[Phrase]) -> View:
    if value not in LANGUAGES:
        raise invalid("lang", "rule.one_of", value, choices=", ".join(LANGUAGES))
    return replace(view, lang=value)


def _read_logits(view: View, value: str, notices: list[Phrase]) -> View:
    """The text as given, even with a mistake (the page shows it next to the box, to be
    corrected); only text beyond the size limits, or longer than a link may carry, is
    refused."""
    try:
        parse_logits(value)
    except LogitsLimitError:
        raise
    except TempvizError:
        pass
    if link_length(value) > MAX_URL_CHARS:
        raise TempvizError("err.link_too_long", length=link_length(value), limit=MAX_URL_CHARS)
    return replace(view, logits=value)


def link_length(text: str) -> int:
    """How many characters a text takes in a link, percent-encoded as Streamlit writes
    it: a comma and a space take four (%2C+), a Cyrillic letter six.

    >>> link_length("1, 2, 5"), link_length("кот: 2")
    (11, 23)
    """
    return len(quote_plus(text))


def _read_temperature(view: View, value: str, notices: list[Phrase]) -> View:
    wanted = parse_temperature(value)
    if wanted == 0 and _NONZERO_DIGIT.search(value.split("e")[0].split("E")[0]):
        notices.append(Phrase("url.temperature_underflow", {"asked": value}))
    moved = view.with_temperature(wanted)
    if moved.temperature != wanted:
        notices.append(Phrase("url.temperature_snapped", {
            "asked": value, "shown": format_temperature(moved.temperature)}))
    return moved


def _cuts_in(query: Mapping[str, str], notices: list[Phrase]) -> list:
    """The cuts a link switches on, each checked by its own step."""
    cuts = []
    for key, cut in CUTS.items():
        if key not in query:
            continue
        try:
            cuts.append(cut.from_link(query))
        except TempvizError as error:
            notices.append(Phrase("url.ignored", {"name": key, "error": error}))
    return cuts


def sample_size(typed: str, name: str = "n") -> int:
    """A number of samples as a link (``n``) or the command line (``--samples``) writes
    it: one of the page's ``SAMPLE_SIZES``, the one rule for both.

    >>> sample_size("1000"), sample_size("7", "--samples")
    Traceback (most recent call last):
    ...
    tempviz.errors.TempvizError: --samples must be one of 10, 20, 50, 100, 200, 500, 1000, \
2000, 5000, 10000, 20000, 50000, 100000, but '7' was given
    """
    return _choice(name, SAMPLE_SIZES)(typed)


def _choice(name: str, options: Sequence) -> Callable[[str], object]:
    def read(value: str) -> object:
        for option in options:
            if str(option) == value:
                return option
        raise invalid(name, "rule.one_of", value, choices=", ".join(map(str, options)))
    return read


def _whole(name: str, least: int, most: int) -> Callable[[str], int]:
    def read(value: str) -> int:
        number = whole_number(value, least, most)
        if number is None:
            raise invalid(name, "rule.whole_between", value, least=least, most=most)
        return number
    return read


_FLAG = {"1": True, "0": False}
_SETTING_READERS: dict[str, Callable[[str], object]] = {
    "unit": _choice("unit", list(UNITS)),
    "samples": lambda value: sample_size(value),
    "seed": _whole("seed", 0, MAX_SEED),
    "log_scale": lambda value: _FLAG[_choice("log", list(_FLAG))(value)],
    "slide": lambda value: _choice("style", ["screen", "slide"])(value) == "slide",
    "bars": _choice("bars", BAR_COUNTS),
    "present": lambda value: _FLAG[_choice("present", list(_FLAG))(value)],
    "wide": lambda value: _choice("size", ["1920", "1920x1080"])(value) == "1920x1080",
    "part": _choice("part", PARTS),
}
_WRITERS: dict[str, Callable[[object], str]] = {
    "log_scale": lambda on: "1" if on else "0", "present": lambda on: "1" if on else "0",
    "slide": lambda on: "slide" if on else "screen",
    "wide": lambda on: "1920x1080" if on else "1920",
}


def _setting(name: str) -> Callable[[View, str, list[Phrase]], View]:
    def read(view: View, value: str, notices: list[Phrase]) -> View:
        return replace(view, **{name: _SETTING_READERS[name](value)})
    return read


_READERS: dict[str, Callable[[View, str, list[Phrase]], View]] = {
    "lang": _read_lang, "logits": _read_logits, "T": _read_temperature,
    **{key: _setting(name) for key, name in View.SETTINGS.items()},
}

"""Charts to files for slides: PNG, SVG and PDF rendered offline by vl-convert.

No browser is needed: vl-convert runs Vega itself, with its own fonts.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import altair as alt
import numpy as np
import vl_convert

from tempviz.charts import SLIDE, about, at_stop
from tempviz.charts.calibration import calibration_charts, distillation_charts
from tempviz.errors import TempvizError, invalid
from tempviz.frames import sweep_frame
from tempviz.i18n import DEFAULT_LANGUAGE
from tempviz.logits import Logits
from tempviz.practice import LabelledSet, calibrate, distil
from tempviz.state import View
from tempviz.temperature import format_temperature
from tempviz.views import build_charts, chart_names

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
SIZES = {"1920": (1920, None), "1920x1080": (1920, 1080)}  # pixels of a PNG; 16:9 for slides
PNG_SCALE = 2    # a PNG has two pixels per CSS pixel: sharp on a full-HD projector
TITLE_PADDING = 5  # Vega's padding around a chart, in CSS pixels
# PNGs take a few tenths of a second each: 500 files are a few minutes' work, far more
# than a lecture needs (ten temperatures in three formats are 121)
MAX_FILES = 500
# the slides' font (charts.SLIDE_FONT), cut to the characters charts write
# (tools/make_slide_font.py): found wherever tempviz is installed, whatever the host has
FONTS = Path(__file__).parent / "fonts"
vl_convert.register_font_directory(str(FONTS))


def render(chart: alt.TopLevelMixin | dict, fmt: str, size: str = "1920") -> bytes:
    """The chart (an Altair chart or its Vega-Lite spec) as a PNG, SVG or PDF file of
    one of the ``SIZES``: a PNG exactly that many pixels (1,920 wide; 1920x1080 fills a
    16:9 slide), an SVG or PDF half that in CSS pixels, the same picture.

    >>> render(alt.Chart().mark_point(), "svg")[:4]
    b'<svg'
    """
    if fmt not in FORMATS:
        raise invalid("fmt", "rule.one_of", fmt, choices=", ".join(FORMATS))
    if size not in SIZES:
        raise invalid("size", "rule.one_of", size, choices=", ".join(SIZES))
    width, height = SIZES[size]
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    # "fit" makes width and height the whole picture's, titles and legends included
    spec = spec | {"width": width // PNG_SCALE,
                   "autosize": {"type": "fit", "contains": "padding"}}
    # a title line past the width (a long logits line) would be cut at the picture's edge
    # and, counted by "fit", squeeze the plot: cut it with an ellipsis at the width
    config = spec.get("config", {})
    spec["config"] = config | {"title": config.get("title", {}) | {
        "limit": width // PNG_SCALE - 2 * TITLE_PADDING}}
    if height is not None:
        spec["height"] = height // PNG_SCALE
    if fmt == "png":
        return vl_convert.vegalite_to_png(spec, scale=PNG_SCALE)
    if fmt == "svg":
        return vl_convert.vegalite_to_svg(spec).encode()
    return vl_convert.vegalite_to_pdf(spec)


def file_name(view: str, temperature: float, fmt: str, *, written: str | None = None) -> str:
    """A file name that says what is in the file; ``written`` is the temperature as
    :func:`temperature_names` writes it, when close temperatures must be told apart.

    >>> file_name("probabilities", 0.1, "png"), file_name("entropy", float("inf"), "svg")
    ('probabilities_T0.1.png', 'entropy_Tinf.svg')
    """
    return f"{view}_T{written or format_temperature(temperature)}.{fmt}"


def temperature_names(temperatures: Sequence[float]) -> list[str]:
    """The temperatures as file names and CSV columns write them: as the page does,
    with three significant digits, or with as many more as it takes to tell them apart.

    >>> temperature_names([0.1, 1, 10]), temperature_names([0.5, 0.5001, math.inf])
    (['0.1', '1', '10'], ['0.5', '0.5001', 'inf'])
    """
    digits = 3
    while len(set(names := [_written(t, digits) for t in temperatures])) < len(
            set(temperatures)):
        digits += 1  # 17 significant digits tell any two floats apart
    return names


def _written(temperature: float, digits: int) -> str:
    """A temperature with ``digits`` significant digits, as format_temperature writes
    it with three: ∞ as inf, never an exponent for a large T."""
    if math.isinf(temperature):
        return "inf"
    text = f"{temperature:.{digits}g}"
    return f"{temperature:.0f}" if "e+" in text else text


class PartialExport(Exception):
    """An export that stopped while moving its files into place: ``written`` lists the
    ones that got there; the cause is chained."""

    def __init__(self, written: list[Path]):
        super().__init__(f"{len(written)} files written before the export stopped")
        self.written = written


def export_lecture(logits: Logits, temperatures: Sequence[float], out_dir: Path,
                   formats: Sequence[str] = ("png", "svg"), view: View = View(slide=True),
                   size: str = "1920x1080", progress: Callable[[int, int], None] | None = None
                   ) -> list[Path]:
    """Write every chart at every temperature in every format and PNG ``size``, plus
    probabilities.csv, calling ``progress(done, total)`` after each file. Returns the
    paths written.

    A run writes everything or nothing: the files are made in a hidden folder inside
    ``out_dir`` and moved into it only once all are made, so a failure or an interrupt
    part-way leaves ``out_dir`` as it was. Should a move itself fail, PartialExport says
    which files got there. At most ``MAX_FILES`` files, and each temperature once.
    """
    temperatures = list(temperatures)
    if len(set(temperatures)) < len(temperatures):
        twice = next(t for t in temperatures if temperatures.count(t) > 1)
        raise TempvizError("export.repeated_temperature", value=format_temperature(twice))
    total = len(temperatures) * len(chart_names()) * len(formats) + 1
    if total > MAX_FILES:
        raise TempvizError("export.too_many_files", count=total, temperatures=len(temperatures),
                           charts=len(chart_names()), formats=len(formats), limit=MAX_FILES)
    names = temperature_names(temperatures)
    files: list[tuple[str, Callable[[], bytes]]] = []
    for temperature, written in zip(temperatures, names):
        for name, chart in build_charts(logits, [temperature], 0, view).items():
            files += [(file_name(name, temperature, fmt, written=written),
                       partial(render, chart, fmt, size)) for fmt in formats]
    # CSV's own line ends (RFC 4180), which also quote a label holding a carriage return
    files.append(("probabilities.csv", lambda: sweep_frame(logits, temperatures, names).to_csv(
        index=False, lineterminator="\r\n").encode()))
    return write_all(out_dir, files, progress)


def write_all(out_dir: Path, files: Sequence[tuple[str, Callable[[], bytes]]],
              progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Make every file (its name, and what makes its bytes) and put them all in
    ``out_dir``, or none: they are made in a hidden folder inside it and moved in only
    once all are made. Should a move itself fail, PartialExport says which got there."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tempviz-export-", dir=out_dir))
    try:
        made = []
        for name, make in files:
            path = staging / name
            path.write_bytes(make())
            made.append(path)
            if progress:
                progress(len(made), len(files))
        moved: list[Path] = []
        try:
            for path in made:
                moved.append(path.replace(out_dir / path.name))
        except BaseException as error:
            raise PartialExport(moved) from error
        return moved
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def export_practice(held_out: LabelledSet, teacher: Sequence[float], student: Sequence[float],
                    names: Sequence[str], out_dir: Path, *, temperature: float | None = None,
                    formats: Sequence[str] = ("png", "svg"), size: str = "1920x1080",
                    lang: str = DEFAULT_LANGUAGE, subjects: tuple[str, str] = ("", ""),
                    progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Write the charts of "Temperature in practice" for slides: the reliability diagram
    and the NLL across T at T* (or at the dial position nearest ``temperature``), the
    soft targets and the dark knowledge at ``temperature`` (4 if not given). ``subjects``
    name the set and the teacher in the subtitles. Everything or nothing, as
    :func:`export_lecture`.
    """
    fit = calibrate(held_out)
    distilled = distil(teacher, student)
    fit_stop, distil_stop = fit.fitted_stop, distilled.stop
    if temperature is not None:
        fit_stop = nearest_position(fit.temperatures, temperature)
        distil_stop = nearest_position(distilled.temperatures, temperature)
    built = [(chart, fit, fit_stop, subjects[0]) for chart in calibration_charts(
        fit, style=SLIDE, lang=lang).items()]
    built += [(chart, distilled, distil_stop, subjects[1]) for chart in distillation_charts(
        distilled, list(names), style=SLIDE, lang=lang).items()]
    files = []
    for (name, chart), numbers, stop, subject in built:
        spec = at_stop((about(chart, subject) if subject else chart).to_dict(), stop)
        files += [(file_name(name, float(numbers.temperatures[stop]), fmt),
                   partial(render, spec, fmt, size)) for fmt in formats]
    return write_all(out_dir, files, progress)


def nearest_position(temperatures: np.ndarray, temperature: float) -> int:
    """The dial position nearest T on the log scale (T clipped to the dial's range).

    >>> nearest_position(np.array([0.5, 1.0, 2.0]), 1.3), nearest_position(np.array([1.0]), 0)
    (1, 0)
    """
    wanted = min(max(temperature, float(temperatures[0])), float(temperatures[-1]))
    return int(np.argmin(np.abs(np.log(temperatures / wanted))))

"""Charts to files for slides: PNG, SVG and PDF rendered offline by vl-convert.

No browser is needed: vl-convert runs Vega itself, with its own fonts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import altair as alt
import vl_convert

from tempviz.errors import invalid
from tempviz.frames import sweep_frame
from tempviz.logits import Logits
from tempviz.state import View
from tempviz.temperature import format_temperature
from tempviz.views import build_charts

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
SIZES = {"1920": (1920, None), "1920x1080": (1920, 1080)}  # pixels of a PNG; 16:9 for slides
PNG_SCALE = 2    # a PNG has two pixels per CSS pixel: sharp on a full-HD projector


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
    if height is not None:
        spec["height"] = height // PNG_SCALE
    if fmt == "png":
        return vl_convert.vegalite_to_png(spec, scale=PNG_SCALE)
    if fmt == "svg":
        return vl_convert.vegalite_to_svg(spec).encode()
    return vl_convert.vegalite_to_pdf(spec)


def file_name(view: str, temperature: float, fmt: str) -> str:
    """A file name that says what is in the file.

    >>> file_name("probabilities", 0.1, "png"), file_name("entropy", float("inf"), "svg")
    ('probabilities_T0.1.png', 'entropy_Tinf.svg')
    """
    return f"{view}_T{format_temperature(temperature)}.{fmt}"


def export_lecture(logits: Logits, temperatures: Sequence[float], out_dir: Path,
                   formats: Sequence[str] = ("png", "svg"),
                   view: View = View(slide=True), size: str = "1920") -> list[Path]:
    """Write every chart at every temperature in every format, plus probabilities.csv.

    Returns the paths written, in order.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for temperature in temperatures:
        for name, chart in build_charts(logits, [temperature], 0, view).items():
            for fmt in formats:
                path = out_dir / file_name(name, temperature, fmt)
                path.write_bytes(render(chart, fmt, size))
                written.append(path)
    table = out_dir / "probabilities.csv"
    sweep_frame(logits, list(temperatures)).to_csv(table, index=False)
    return [*written, table]

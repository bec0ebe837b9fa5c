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
WIDTH = 960      # the chart's width in CSS pixels
PNG_SCALE = 2    # so a PNG is 1920 pixels wide, full HD for a projector


def render(chart: alt.TopLevelMixin | dict, fmt: str) -> bytes:
    """The chart (an Altair chart or its Vega-Lite spec) as a PNG, SVG or PDF file,
    WIDTH pixels wide (PNG: twice that).

    >>> render(alt.Chart().mark_point(), "svg")[:4]
    b'<svg'
    """
    if fmt not in FORMATS:
        raise invalid("fmt", "rule.one_of", fmt, choices=", ".join(FORMATS))
    spec = chart | {"width": WIDTH} if isinstance(chart, dict) else chart.properties(
        width=WIDTH).to_dict()
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
                   view: View = View(slide=True)) -> list[Path]:
    """Write every chart at every temperature in every format, plus probabilities.csv.

    Returns the paths written, in order.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for temperature in temperatures:
        for name, chart in build_charts(logits, [temperature], 0, view).items():
            for fmt in formats:
                path = out_dir / file_name(name, temperature, fmt)
                path.write_bytes(render(chart, fmt))
                written.append(path)
    table = out_dir / "probabilities.csv"
    sweep_frame(logits, list(temperatures)).to_csv(table, index=False)
    return [*written, table]

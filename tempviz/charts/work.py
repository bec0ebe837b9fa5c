"""The work table as a chart: :func:`tempviz.work.work_cells` drawn by Vega-Lite, so it
follows the page's temperature control in the browser like the stage."""

from __future__ import annotations

import altair as alt
import pandas as pd

from tempviz.charts import SCREEN, Stops, Style, rows, styled
from tempviz.i18n import DEFAULT_LANGUAGE, text
from tempviz.work import COLUMNS, work_cells  # noqa: F401 (the example uses work_cells)


def work_chart(cells: pd.DataFrame, stops: Stops, *, classes: int, style: Style = SCREEN,
               lang: str = DEFAULT_LANGUAGE) -> alt.LayerChart:
    """The work as a table drawn by Vega-Lite, showing the stop ``stops`` names: bound
    to the page's temperature control, it follows T in the browser like the stage.

    ``cells`` is :func:`work_cells`; ``classes`` is how many classes Σ runs over.

    >>> from tempviz import parse_logits
    >>> cells = work_cells(parse_logits("1, 2, 5"), [0.1])
    >>> title = work_chart(cells, Stops([0.1], 0), classes=3).to_dict()["title"]["text"]
    >>> title["expr"].startswith('"Step by step at " + ["T = 0.1"][stop]')
    True
    """
    size = style.font_size
    # a phone's columns are narrow: the same table in a smaller font
    look = {"fontSize": alt.expr(f"width < 480 ? {size - 2} : {size}"),
            "color": style.ink.text, "baseline": "middle", "lineBreak": "\n"}
    last = int(cells["row"].max())  # the sum's row; the headers take two lines above row 0
    x = alt.X("column:O", axis=None)
    y = alt.Y("row:Q", axis=None, scale=alt.Scale(domain=[-2.6, last + 0.6], reverse=True))
    headers = pd.DataFrame({"column": range(len(COLUMNS)), "row": -1.4,
                            "text": [text(key, lang) for key in COLUMNS]})
    body = stops.shown(alt.Chart(rows(cells))).encode(x=x, y=y, text="text:N")
    table = alt.layer(  # the column headers and the sum's row in bold
        alt.Chart(headers).mark_text(fontWeight="bold", **look).encode(x=x, y=y, text="text:N"),
        body.transform_filter("!datum.sum").mark_text(**look),
        body.transform_filter("datum.sum").mark_text(fontWeight="bold", **look))
    subtitle = text("work.subtitle", lang, count=classes)
    return styled(table.add_params(stops.param).properties(
        title=stops.title(text("work.title", lang), subtitle),
        # Streamlit fits the whole chart, its title too, into the height
        height=round((last + 3) * size * 2.2 + 4 * size)), style, lang).configure_view(stroke=None)

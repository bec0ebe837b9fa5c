"""The softmax formula in LaTeX, written out for the chosen temperature."""

from __future__ import annotations

import math

from tempviz.i18n import DEFAULT_LANGUAGE, decimal_sign, text
from tempviz.temperature import format_temperature


def softmax_latex(temperature: float, lang: str = DEFAULT_LANGUAGE,
                  kept: int | None = None) -> str:
    r"""The formula the page shows, with T replaced by its value, limits included, in
    the language's decimal sign (a comma in braces, so TeX sets no space after it).
    ``kept`` is how many classes a chain of cuts leaves with a probability at the limit
    (None without cuts): the limits then hold over those classes, not every class.

    >>> softmax_latex(0.1)
    'p_i = \\frac{e^{z_i / 0.1}}{\\sum_j e^{z_j / 0.1}}'
    >>> softmax_latex(0.1, "ru")
    'p_i = \\frac{e^{z_i / 0{,}1}}{\\sum_j e^{z_j / 0{,}1}}'
    >>> softmax_latex(math.inf)
    'p_i \\xrightarrow{T \\to \\infty} \\frac{1}{K} \\text{ for every finite } z_i'
    >>> softmax_latex(math.inf, "en", kept=2).split("text")[1]
    '{ for each of the 2 classes left with a probability}'
    """
    if kept is not None and temperature in (0, math.inf):
        arrow = r"T \to 0" if temperature == 0 else r"T \to \infty"
        if kept == 1:
            return rf"p_i \xrightarrow{{{arrow}}} 1 \text{{ {text('formula.kept_one', lang)}}}"
        words = text("formula.kept", lang, count=kept)
        return rf"p_i \xrightarrow{{{arrow}}} \frac{{1}}{{{kept}}} \text{{ {words}}}"
    if temperature == 0:
        return (r"p_i \xrightarrow{T \to 0} \frac{[\,z_i = \max_j z_j\,]}"
                r"{\#\{\,j : z_j = \max_k z_k\,\}}")
    if math.isinf(temperature):
        finite = text("formula.finite", lang)
        return rf"p_i \xrightarrow{{T \to \infty}} \frac{{1}}{{K}} \text{{ {finite} }} z_i"
    t = format_temperature(temperature).replace(".", decimal_sign(lang))
    t = t.replace(",", "{,}")
    return rf"p_i = \frac{{e^{{z_i / {t}}}}}{{\sum_j e^{{z_j / {t}}}}}"

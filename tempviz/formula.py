"""The softmax formula in LaTeX, written out for the chosen temperature."""

from __future__ import annotations

import math

from tempviz.i18n import DEFAULT_LANGUAGE, number
from tempviz.temperature import format_temperature


def softmax_latex(temperature: float, lang: str = DEFAULT_LANGUAGE) -> str:
    r"""The formula the page shows, with T replaced by its value, limits included, in
    the language's decimal sign (a comma in braces, so TeX sets no space after it).

    >>> softmax_latex(0.1)
    'p_i = \\frac{e^{z_i / 0.1}}{\\sum_j e^{z_j / 0.1}}'
    >>> softmax_latex(0.1, "ru")
    'p_i = \\frac{e^{z_i / 0{,}1}}{\\sum_j e^{z_j / 0{,}1}}'
    >>> softmax_latex(math.inf)
    'p_i \\xrightarrow{T \\to \\infty} \\frac{1}{K} \\text{ for every finite } z_i'
    """
    if temperature == 0:
        return (r"p_i \xrightarrow{T \to 0} \frac{[\,z_i = \max_j z_j\,]}"
                r"{\#\{\,j : z_j = \max_k z_k\,\}}")
    if math.isinf(temperature):
        return r"p_i \xrightarrow{T \to \infty} \frac{1}{K} \text{ for every finite } z_i"
    t = format_temperature(temperature).replace(".", number(0.5, ".1f", lang)[1])
    t = t.replace(",", "{,}")
    return rf"p_i = \frac{{e^{{z_i / {t}}}}}{{\sum_j e^{{z_j / {t}}}}}"

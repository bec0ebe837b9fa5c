"""tempviz: see how temperature reshapes a softmax distribution.

>>> import tempviz as tv
>>> tv.softmax([1, 2, 5], temperature=10).round(3)
array([0.278, 0.307, 0.415])
"""

from tempviz.logits import Logits, LogitsError, parse_logits
from tempviz.softmax import entropy, sample_counts, softmax, softmax_sweep

__all__ = ["Logits", "LogitsError", "entropy", "parse_logits", "sample_counts", "softmax",
           "softmax_sweep"]

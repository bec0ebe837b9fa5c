"""tempviz: see how temperature reshapes a softmax distribution.

>>> import tempviz as tv
>>> tv.softmax([1, 2, 5], temperature=10).round(3)
array([0.278, 0.307, 0.415])
>>> tv.chain([1, 2, 5], [tv.Temperature(10), tv.TopK(2)]).round(3)
array([0.   , 0.426, 0.574])
"""

from tempviz.errors import TempvizError
from tempviz.logits import Logits, LogitsError, parse_logits
from tempviz.sampling import (
    CUTS,
    Filters,
    MinP,
    Temperature,
    TopK,
    TopP,
    TypicalP,
    chain,
    describe_chain,
    min_p,
    top_k,
    top_p,
    typical_p,
)
from tempviz.softmax import entropy, log_softmax, sample_counts, softmax, softmax_sweep
from tempviz.state import View

__all__ = ["CUTS", "Filters", "Logits", "LogitsError", "MinP", "Temperature", "TempvizError",
           "TopK", "TopP", "TypicalP", "View", "chain", "describe_chain", "entropy",
           "log_softmax", "min_p", "parse_logits", "sample_counts", "softmax", "softmax_sweep",
           "top_k", "top_p", "typical_p"]

"""tempviz: see how temperature reshapes a softmax distribution.

>>> import tempviz as tv
>>> tv.softmax([1, 2, 5], temperature=10).round(3)
array([0.278, 0.307, 0.415])
>>> tv.chain([1, 2, 5], [tv.Temperature(10), tv.TopK(2)]).round(3)
array([0.   , 0.426, 0.574])
"""

from tempviz.calibration import calibration_error, distillation_loss, fit_temperature
from tempviz.errors import TempvizError
from tempviz.logits import Logits, LogitsError, parse_logits
from tempviz.sampling import (
    CUTS,
    XTC,
    DynamicTemperature,
    Filters,
    MinP,
    Temperature,
    TopA,
    TopK,
    TopNSigma,
    TopP,
    TypicalP,
    chain,
    chain_temperature,
    describe_chain,
    min_p,
    top_a,
    top_k,
    top_n_sigma,
    top_p,
    typical_p,
)
from tempviz.softmax import entropy, log_softmax, sample_counts, softmax, softmax_sweep
from tempviz.state import View

__all__ = ["CUTS", "XTC", "DynamicTemperature", "Filters", "Logits", "LogitsError", "MinP",
           "Temperature", "TempvizError", "TopA", "TopK", "TopNSigma", "TopP", "TypicalP",
           "View", "calibration_error", "chain", "chain_temperature", "describe_chain",
           "distillation_loss", "entropy", "fit_temperature", "log_softmax", "min_p",
           "parse_logits", "sample_counts", "softmax", "softmax_sweep", "top_a", "top_k",
           "top_n_sigma", "top_p", "typical_p"]

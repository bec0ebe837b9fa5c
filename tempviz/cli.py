"""The command line: ``python -m tempviz export`` writes a lecture's charts at once.

Every mistake ends in one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tempviz.charts import SCREEN, SLIDE
from tempviz.export import FORMATS, export_lecture
from tempviz.logits import LogitsError, parse_logits
from tempviz.temperature import parse_temperature
from tempviz.views import UNITS, Settings

EXAMPLE = 'python -m tempviz export --logits "1, 2, 5" --temperatures 0.1 1 10 --out slides/'


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, without the usage block."""

    def error(self, message: str) -> None:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def temperature_argument(text: str) -> float:
    try:
        return parse_temperature(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def positive_count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 10_000_000:
        raise argparse.ArgumentTypeError(
            f"the number of samples must be a whole number from 1 to 10,000,000, "
            f"but {text!r} was given")
    return int(text)


def seed_argument(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"the seed must be a whole number ≥ 0, but {text!r} "
                                         "was given")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="python -m tempviz",
                           description="See how temperature reshapes a softmax distribution.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    export = commands.add_parser(
        "export", help="write every chart at each temperature, for slides",
        description="Write the probability, entropy and samples charts at each temperature, "
                    "plus probabilities.csv with one column per temperature.",
        epilog=f"example: {EXAMPLE}")
    export.add_argument("--logits", required=True,
                        help='the logits as typed on the page, e.g. "1, 2, 5" or '
                             '"cat: 2, dog: 1"; -inf marks a token that can never be chosen')
    export.add_argument("--temperatures", nargs="+", type=temperature_argument,
                        default=[0.1, 1.0, 10.0], metavar="T",
                        help="temperatures to draw, each a number ≥ 0; 0 and inf are the "
                             "limits (default: 0.1 1 10)")
    export.add_argument("--out", type=Path, default=Path("slides"),
                        help="folder for the files, created if missing (default: slides)")
    export.add_argument("--formats", nargs="+", choices=list(FORMATS), default=["png", "svg"],
                        help="file formats (default: png svg)")
    export.add_argument("--style", choices=["slide", "screen"], default="slide",
                        help="slide: large fonts and thick lines for projection (default); "
                             "screen: as on the page")
    export.add_argument("--unit", choices=list(UNITS), default="bits",
                        help="entropy unit (default: bits)")
    export.add_argument("--samples", type=positive_count, default=1_000, metavar="N",
                        help="samples drawn for the samples chart (default: 1000)")
    export.add_argument("--seed", type=seed_argument, default=0,
                        help="random seed for the samples, for reproducible slides (default: 0)")
    export.add_argument("--log-scale", action="store_true",
                        help="draw the probability axis on a log scale")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        logits = parse_logits(args.logits)
    except LogitsError as error:
        parser.exit(2, f"{parser.prog} export: error: --logits: {error}\n")
    settings = Settings(unit=args.unit, samples=args.samples, seed=args.seed,
                        log_scale=args.log_scale, style=SLIDE if args.style == "slide" else SCREEN)
    try:
        written = export_lecture(logits, args.temperatures, args.out, args.formats, settings)
    except OSError as error:
        parser.exit(1, f"{parser.prog} export: error: cannot write to {args.out}: "
                       f"{error.strerror or error}\n")
    print(f"wrote {len(written)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

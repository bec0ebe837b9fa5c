"""The command line: ``python -m tempviz export`` writes a lecture's charts at once.

Every mistake ends in one line on stderr and a non-zero exit, never a traceback.
Charts and messages follow ``--lang``, or else the LANG environment variable.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import numpy as np

from tempviz.charts import logits_subject
from tempviz.errors import TempvizError, describe, whole_number
from tempviz.export import FORMATS, SIZES, PartialExport, export_lecture, export_practice
from tempviz.files import MAX_FILE_MB, MAX_SET_CELLS, MAX_SET_CLASSES, read_labelled_set
from tempviz.i18n import LANGUAGES, language_of, text
from tempviz.logits import parse_logits
from tempviz.practice import LabelledSet, calibrate
from tempviz.state import MAX_SEED, UNITS, View, sample_size
from tempviz.temperature import parse_temperature

EXAMPLE = 'python -m tempviz export --logits "1, 2, 5" --temperatures 0.1 1 10 --out slides/'
PRACTICE_EXAMPLE = ("python -m tempviz practice --set held_out.npz --teacher-row 3 "
                    "--temperature 4 --out slides/")
PROG = "python -m tempviz"


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, without the usage block."""

    lang = "en"

    def error(self, message: str) -> None:
        self.exit(2, f"{self.prog}: {text('cli.error', self.lang)}: {message} "
                     f"({text('cli.see_help', self.lang)})\n")


def language(argv: Sequence[str]) -> str:
    """The language asked for with --lang, or else the one LANG names (ru_RU.UTF-8 → ru).

    >>> language(["export", "--lang", "ru"]), language(["--lang=en"])
    ('ru', 'en')
    """
    for position, argument in enumerate(argv):
        if argument == "--lang" and position + 1 < len(argv) and argv[position + 1] in LANGUAGES:
            return argv[position + 1]
        if argument.startswith("--lang=") and argument[7:] in LANGUAGES:
            return argument[7:]
    return language_of(os.environ.get("LANG", "").replace("_", "-"))


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    def say(key: str, **values: object) -> str:
        return text(key, lang, **values)

    def temperature_argument(typed: str) -> float:
        try:
            return parse_temperature(typed)
        except TempvizError as error:
            raise argparse.ArgumentTypeError(error.localized(lang)) from None

    def samples_argument(typed: str) -> int:
        try:
            return sample_size(typed, "--samples")
        except TempvizError as error:
            raise argparse.ArgumentTypeError(error.localized(lang)) from None

    def seed_argument(typed: str) -> int:
        seed = whole_number(typed, 0, MAX_SEED)
        if seed is None:
            raise argparse.ArgumentTypeError(say("cli.seed_rule", value=describe(typed),
                                                 most=MAX_SEED))
        return seed

    def row_argument(typed: str) -> int:
        row = whole_number(typed, 1, MAX_SET_CELLS)
        if row is None:
            raise argparse.ArgumentTypeError(say("cli.row_rule", value=describe(typed)))
        return row

    OneLineParser.lang = lang
    parser = OneLineParser(prog=PROG, description=say("cli.description"))
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    export = commands.add_parser("export", help=say("cli.export_help"),
                                 description=say("cli.export_description"),
                                 epilog=say("cli.example", example=EXAMPLE))
    export.add_argument("--logits", required=True, help=say("cli.logits"))
    export.add_argument("--temperatures", nargs="+", type=temperature_argument,
                        default=[0.1, 1.0, 10.0], metavar="T", help=say("cli.temperatures"))
    export.add_argument("--out", type=Path, default=Path("slides"), help=say("cli.out"))
    export.add_argument("--formats", nargs="+", choices=list(FORMATS), default=["png", "svg"],
                        help=say("cli.formats"))
    export.add_argument("--style", choices=["slide", "screen"], default="slide",
                        help=say("cli.style"))
    export.add_argument("--unit", choices=list(UNITS), default="bits", help=say("cli.unit"))
    export.add_argument("--samples", type=samples_argument, default=1_000, metavar="N",
                        help=say("cli.samples"))
    export.add_argument("--seed", type=seed_argument, default=0, help=say("cli.seed"))
    export.add_argument("--log-scale", action="store_true", help=say("cli.log_scale"))
    export.add_argument("--size", choices=list(SIZES), default="1920x1080", help=say("cli.size"))
    export.add_argument("--lang", choices=list(LANGUAGES), default=lang, help=say("cli.lang"))
    practice = commands.add_parser("practice", help=say("cli.practice_help"),
                                   description=say("cli.practice_description"),
                                   epilog=say("cli.example", example=PRACTICE_EXAMPLE))
    practice.add_argument("--set", type=Path, default=None, metavar="FILE",
                          help=say("cli.set", cells=MAX_SET_CELLS, classes=MAX_SET_CLASSES,
                                   limit=MAX_FILE_MB))
    teacher = practice.add_mutually_exclusive_group()
    teacher.add_argument("--teacher-row", type=row_argument, default=1, metavar="N",
                         help=say("cli.teacher_row"))
    teacher.add_argument("--teacher", default=None, metavar="LOGITS", help=say("cli.teacher"))
    practice.add_argument("--student", default="", metavar="LOGITS", help=say("cli.student"))
    practice.add_argument("--temperature", type=temperature_argument, default=None,
                          metavar="T", help=say("cli.temperature"))
    practice.add_argument("--out", type=Path, default=Path("slides"), help=say("cli.out"))
    practice.add_argument("--formats", nargs="+", choices=list(FORMATS),
                          default=["png", "svg"], help=say("cli.formats"))
    practice.add_argument("--size", choices=list(SIZES), default="1920x1080",
                          help=say("cli.size"))
    practice.add_argument("--lang", choices=list(LANGUAGES), default=lang, help=say("cli.lang"))
    return parser


@contextmanager
def argparse_speaks(lang: str) -> Iterator[None]:
    """argparse's own messages ("the following arguments are required", …) in ``lang``,
    for the parser built and run inside this block only: argparse looks its messages up
    through its module's gettext hook, which is put back as it was on the way out.

    Not gettext's own route: argparse asks the process-wide "argparse" text domain,
    which would need compiled .mo catalogs on disk and a global switch of language that
    every other thread would see; this hook is local to the block and needs no files."""
    messages = LANGUAGES[lang]["argparse.messages"]
    original = argparse._
    argparse._ = lambda message: messages.get(message, original(message))
    try:
        yield
    finally:
        argparse._ = original


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = language(argv)
    with argparse_speaks(lang):
        parser = build_parser(lang)
        args = parser.parse_args(argv)
    failed = f"{PROG} {args.command}: {text('cli.error', lang)}"
    write = lecture if args.command == "export" else practice_charts
    try:
        export = write(args, lang)
    except TempvizError as error:  # the input, before anything is made
        parser.exit(2, f"{failed}: {error.localized(lang)}\n")
    progress = Progress(lang)
    try:
        written = export(progress)
    except TempvizError as error:  # refused before anything is made
        parser.exit(2, f"{failed}: {error.localized(lang)}\n")
    except KeyboardInterrupt:
        progress.close()
        parser.exit(130, f"{failed}: {text('cli.interrupted', lang, out=args.out)}\n")
    except PartialExport as stopped:
        progress.close()
        got_there = text("cli.wrote_only", lang, count=len(stopped.written), out=args.out,
                         files=", ".join(path.name for path in stopped.written))
        parser.exit(1, f"{failed}: {reason(stopped.__cause__, args.out, lang)}; {got_there}\n")
    except Exception as error:  # vl-convert, or the disk, part-way: nothing was moved in
        progress.close()
        parser.exit(1, f"{failed}: {reason(error, args.out, lang)}; "
                       f"{text('cli.wrote_nothing', lang, out=args.out)}\n")
    progress.close()
    print(text("cli.wrote", lang, count=len(written), out=args.out))
    return 0


Export = Callable[[Callable[[int, int], None]], list[Path]]


def lecture(args: argparse.Namespace, lang: str) -> Export:
    """``export``: the stage's charts at each temperature; the logits read first."""
    try:
        logits = parse_logits(args.logits)
    except TempvizError as error:
        raise TempvizError("cli.argument", name="--logits", error=error) from None
    view = View(logits=args.logits, unit=args.unit, samples=args.samples, seed=args.seed,
                log_scale=args.log_scale, slide=args.style == "slide", lang=lang)
    return lambda progress: export_lecture(logits, args.temperatures, args.out, args.formats,
                                           view, args.size, progress=progress)


def practice_charts(args: argparse.Namespace, lang: str) -> Export:
    """``practice``: calibration and distillation for slides; the set, the teacher and
    the student read and checked first, as the page checks them."""
    if args.set is None:
        held_out, set_name = LabelledSet.bundled(), text("practice.bundled_name", lang)
    else:
        try:
            data = args.set.read_bytes()
        except OSError as error:
            raise TempvizError("cli.cannot_read", path=args.set,
                               reason=error.strerror or str(error)) from None
        try:
            held_out = LabelledSet(*read_labelled_set(args.set.name, data))
        except TempvizError as error:
            raise TempvizError("cli.argument", name="--set", error=error) from None
        set_name = args.set.name
    if args.teacher is None:
        if args.teacher_row > held_out.rows:
            raise TempvizError("cli.row_beyond", row=args.teacher_row, rows=held_out.rows)
        teacher = held_out.logits[args.teacher_row - 1]
        names = [str(k) for k in range(held_out.classes)]
        teacher_subject = text("practice.subject_row", lang, row=args.teacher_row)
    else:
        try:
            typed = parse_logits(args.teacher)
        except TempvizError as error:
            raise TempvizError("cli.argument", name="--teacher", error=error) from None
        if not np.isfinite(typed.values).all() or len(typed) > MAX_SET_CLASSES:
            raise TempvizError("practice.teacher_rule", limit=MAX_SET_CLASSES)
        teacher, names = typed.values, typed.labels
        teacher_subject = logits_subject(typed.labels, typed.values, typed.labelled, lang)
    student = np.zeros(len(teacher))
    if args.student.strip():
        try:
            student = parse_logits(args.student).values
        except TempvizError as error:
            raise TempvizError("cli.argument", name="--student", error=error) from None
        if len(student) != len(teacher) or not np.isfinite(student).all():
            raise TempvizError("practice.student_mismatch", count=len(student),
                               classes=len(teacher))
    if args.temperature is not None and not 0 < args.temperature < math.inf:
        raise TempvizError("cli.practice_temperature")
    calibrate(held_out)  # no T* is an input error, said before anything is made
    subjects = (text("practice.subject_set", lang, name=set_name, rows=held_out.rows),
                teacher_subject)
    return lambda progress: export_practice(
        held_out, teacher, student, names, args.out, temperature=args.temperature,
        formats=args.formats, size=args.size, lang=lang, subjects=subjects, progress=progress)


def reason(error: BaseException, out: Path, lang: str) -> str:
    """Why an export stopped, in one phrase."""
    if isinstance(error, OSError):
        return text("cli.cannot_write", lang, out=out, reason=error.strerror or str(error))
    if isinstance(error, TempvizError):
        return error.localized(lang)
    return str(error) or type(error).__name__


class Progress:
    r"""A tqdm-style progress line on stderr, redrawn in place at most ten times a second:
    "12/41 files [29%], 0:05 so far, about 0:12 left". It appears only once a run has
    taken longer than ``after`` seconds, so short runs print nothing but their result.

    >>> import io
    >>> clock = iter([0.0, 0.2, 2.0, 4.0, 4.05]).__next__
    >>> stream = io.StringIO()
    >>> progress = Progress("en", stream=stream, clock=clock)
    >>> for done in (1, 2, 3, 4):
    ...     progress(done, 8)
    >>> progress.close()
    >>> print(stream.getvalue().replace("\r", "|"))
    |2/8 files [25%], 0:02 so far, about 0:06 left|3/8 files [38%], 0:04 so far, about 0:07 left
    <BLANKLINE>
    """

    def __init__(self, lang: str, stream: TextIO | None = None, after: float = 0.5,
                 clock: Callable[[], float] = time.monotonic):
        self.lang, self.stream, self.after, self.clock = lang, stream or sys.stderr, after, clock
        self.start = clock()
        self.drawn = None  # when the line was last drawn

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        elapsed = now - self.start
        if elapsed < self.after or (self.drawn is not None and now - self.drawn < 0.1):
            return
        left = elapsed * (total - done) / done
        self.stream.write("\r" + text("cli.progress", self.lang, done=done, total=total,
                                       share=done / total, elapsed=_minutes(elapsed),
                                       left=_minutes(left)))
        self.stream.flush()
        self.drawn = now

    def close(self) -> None:
        """End the line, if one was drawn."""
        if self.drawn is not None:
            self.stream.write("\n")
            self.drawn = None


def _minutes(seconds: float) -> str:
    """A duration as m:ss.

    >>> _minutes(5.4), _minutes(3725)
    ('0:05', '62:05')
    """
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


if __name__ == "__main__":
    sys.exit(main())

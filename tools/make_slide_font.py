"""Write tempviz/fonts/: DejaVu Sans (Book and Bold), cut to the scripts tempviz's charts
write, for vl-convert to draw exported slides in.

vl-convert's own font, Liberation Sans, has no superscript minus (U+207B), so a slide's
"4,2·10⁻¹⁸" would fall back to a serif face for the whole text; DejaVu Sans has every
character the charts use, and its licence (Bitstream Vera's, copied beside the fonts)
lets it ship. Cut to Latin, Greek, Cyrillic, punctuation, super- and subscripts and
mathematical signs, the two faces weigh about a fifth of the originals.

    python tools/make_slide_font.py /usr/share/fonts/truetype/dejavu   # Debian's fonts-dejavu-core
"""

import argparse
import shutil
from pathlib import Path

from fontTools import subset

FACES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
KEPT = ("U+0020-024F,U+0300-036F,U+0370-03FF,U+0400-04FF,U+2000-206F,U+2070-209F,"
        "U+20AC,U+2100-214F,U+2190-21FF,U+2200-22FF,U+2500-257F,U+25A0-25FF")
OUT = Path(__file__).resolve().parents[1] / "tempviz" / "fonts"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fonts", type=Path, help="the folder holding DejaVuSans.ttf")
    parser.add_argument("--licence", type=Path,
                        default=Path("/usr/share/doc/fonts-dejavu-core/copyright"))
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    for face in FACES:
        subset.main([str(args.fonts / face), f"--unicodes={KEPT}", "--layout-features=*",
                     "--no-hinting", f"--output-file={OUT / face}"])
    shutil.copyfile(args.licence, OUT / "LICENSE")


if __name__ == "__main__":
    main()

"""Abuse at a public link: the worst inputs the limits allow, and the server's memory.

One server and headless Chromium sessions that send, one kind after another, what a
hostile or careless class could: long labels (21 labels of 100,000 characters typed into
the box, in each of three sessions), large pastes (five distinct texts as long as the
box takes, to learn from, and one of 5 MB, which the box refuses) and large uploads (50
distinct files of 100,000 logits across five sessions, every fifth one the largest a file
may be: labels of 200 characters with an emoji, which makes Python store each character
in four bytes); then one more session with the longest text the box takes and the
largest file, to show what a session adds. It reports the server's resident memory (the
streamlit process with its children, from /proc) at rest, after each kind, at its peak,
and after the class has left and Streamlit has dropped its sessions; it fails if any of
them reaches 1 GB.

    python bench/abuse.py                      # the whole run, about 15 minutes
    python bench/abuse.py --uploads 10         # shorter

Traffic goes to 127.0.0.1 only, on a port from 8630 to 8639; every wait is bounded.
"""

from __future__ import annotations

import argparse
import csv
import io
import socket
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.classroom import MemoryWatch, start_server  # noqa: E402
from page.data import MAX_CORPUS_CHARS  # noqa: E402
from tempviz.files import MAX_FILE_BYTES  # noqa: E402
from tempviz.logits import MAX_CHARS, MAX_LABEL_CHARS, MAX_LOGITS  # noqa: E402
from tests.conftest import CHROMIUM_FLAGS, DEBIAN_CHROMIUM, IDLE  # noqa: E402

LIMIT_MB = 1024
PORTS = range(8630, 8640)
LEAVE_TTL = 5  # seconds Streamlit keeps a closed session (120 by default)
WAIT_MS = 300_000
BOX = '[data-testid="stTextArea"] textarea'
UPLOADER = '[data-testid="stFileUploader"] input[type="file"]'


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"abuse: no free port from {PORTS.start} to {PORTS.stop - 1}")


def idle(page) -> None:
    """Wait for the rerun an action started to finish."""
    page.wait_for_timeout(500)
    page.wait_for_selector(IDLE, timeout=WAIT_MS)


def long_labels(session: int) -> str:
    """21 labels of 100,000 characters: the issue's 59-second, 5.5 GB input."""
    return "\n".join(f"{session}-{i:02d}{'x' * 100_000}: {i % 5}" for i in range(21))


def upload_file(number: int, folder: Path) -> Path:
    """The number-th of the distinct 100,000-logit uploads: every fifth the largest file
    the limits allow (200-character labels with an emoji), the others NumPy arrays."""
    values = np.random.default_rng(number).normal(0, 3, MAX_LOGITS)
    if number % 5:
        path = folder / f"vocabulary{number}.npy"
        np.save(path, values)
        return path
    written = io.StringIO()
    room = MAX_LABEL_CHARS - 12
    csv.writer(written).writerows(
        (f"😀{number:03d}{i:06d}{'a' * room}"[:MAX_LABEL_CHARS], f"{value:.2f}")
        for i, value in enumerate(values))
    data = written.getvalue().encode()[:MAX_FILE_BYTES]
    path = folder / f"vocabulary{number}.csv"
    path.write_bytes(data[:data.rfind(b"\n") + 1])
    return path


def report(watch: MemoryWatch, what: str, figures: dict[str, float]) -> None:
    figures[what] = watch.resident_mb()
    print(f"{what}: {figures[what]:.0f} MB (peak so far {watch.peak:.0f} MB)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--sessions", type=int, default=5, help="sessions sharing the uploads")
    args = parser.parse_args()
    port = free_port()
    server = start_server(port, "--server.disconnectedSessionTTL", str(LEAVE_TTL))
    watch = MemoryWatch(server.pid)
    url = f"http://127.0.0.1:{port}/?lang=en"
    figures: dict[str, float] = {}
    try:
        with sync_playwright() as playwright, TemporaryDirectory() as folder:
            executable = str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None
            browser = playwright.chromium.launch(executable_path=executable,
                                                 args=CHROMIUM_FLAGS)
            contexts = []

            def session():
                context = browser.new_context(viewport={"width": 1280, "height": 1000})
                contexts.append(context)
                page = context.new_page()
                page.set_default_timeout(WAIT_MS)
                page.goto(url)
                idle(page)
                return page

            first = session()
            report(watch, "one session open, default logits", figures)

            started = time.monotonic()
            for number in range(3):
                page = first if number == 0 else session()
                page.locator(BOX).fill(long_labels(number))
                page.locator(BOX).press("Control+Enter")
                page.get_by_text("Labels longer than").first.wait_for(timeout=WAIT_MS)
                idle(page)
            print(f"  three sessions of long labels drawn in {time.monotonic() - started:.0f} s")
            report(watch, "after long labels", figures)

            page = first
            page.get_by_role("tab", name="Text from a small language model").click()
            page.get_by_text("Text I paste").click()
            idle(page)
            paste = page.get_by_label("Text to learn from")
            for number in range(5):  # the longest texts the box takes, each its own model
                words = f"paste {number} the cat sat on the mat and ran off " * 3_000
                paste.fill(words[:MAX_CORPUS_CHARS])
                paste.press("Control+Enter")
                idle(page)
            paste.fill("the cat sat on the mat and ran off " * 150_000)  # 5 MB: refused
            paste.press("Control+Enter")
            idle(page)
            kept = len(paste.input_value())
            print(f"  five pastes of {MAX_CORPUS_CHARS:,} characters learnt from; a 5 MB "
                  f"paste leaves {kept:,} in the box")
            report(watch, "after large pastes", figures)

            started = time.monotonic()
            pages = [first, *(session() for _ in range(args.sessions - 1))]
            for number in range(args.uploads):
                page = pages[number % len(pages)]
                path = upload_file(number, Path(folder))
                page.locator(UPLOADER).set_input_files(path)
                page.get_by_text(f"logits from {path.name}").wait_for(timeout=WAIT_MS)
                idle(page)
                if number % 10 == 9:
                    print(f"  {number + 1} uploads in {time.monotonic() - started:.0f} s, "
                          f"server {watch.resident_mb():.0f} MB", flush=True)
            report(watch, f"after {args.uploads} large uploads", figures)

            before = watch.resident_mb()  # the caches are full: a new input only replaces
            page = session()
            page.locator(BOX).fill("😀" + "x" * (MAX_CHARS - 10) + ": 1")  # 16 MB in Python
            page.locator(BOX).press("Control+Enter")
            page.get_by_text("Labels longer than").first.wait_for(timeout=WAIT_MS)
            idle(page)
            path = upload_file(args.uploads + (5 - args.uploads % 5), Path(folder))
            page.locator(UPLOADER).set_input_files(path)
            page.get_by_text(f"logits from {path.name}").wait_for(timeout=WAIT_MS)
            idle(page)
            report(watch, "one more session, with the largest box and file", figures)
            added = watch.resident_mb() - before
            print(f"  that session added {added:.0f} MB")

            for context in contexts:
                context.close()
            browser.close()
        time.sleep(LEAVE_TTL + 60)  # Streamlit drops closed sessions on its next sweep
        report(watch, "after the class left", figures)
        figures["peak"] = watch.peak
    finally:
        watch.stop()
        server.terminate()
        server.wait(timeout=20)
    over = {what: mb for what, mb in figures.items() if mb >= LIMIT_MB}
    print(f"peak: {figures.get('peak', float('nan')):.0f} MB; "
          + (f"OVER {LIMIT_MB} MB: {over}" if over else f"all under {LIMIT_MB} MB"))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

"""Fixtures for the browser tests (one Streamlit server, headless Chromium pages on it)
and for the PostgreSQL tests (one database server).

Chromium is Debian's /usr/bin/chromium, or else a Playwright-managed one. Without
either the browser tests skip with the reason, unless TEMPVIZ_REQUIRE_BROWSER is set
(as .ci/run sets it): then a missing browser is a failure.

PostgreSQL is the server TEMPVIZ_TEST_DATABASE_URL names, or else a throwaway cluster
of Debian's postgresql package that the test session starts and deletes. Without
either the PostgreSQL tests skip with one line that says how to run them, unless
TEMPVIZ_REQUIRE_POSTGRES is set (as .ci/run sets it): then they fail.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
POSTGRES_HOWTO = ("install Debian's server (apt-get install postgresql) and the tests start "
                  "their own, or set TEMPVIZ_TEST_DATABASE_URL=postgresql+psycopg://USER@HOST/DB "
                  "(its poll tables are dropped)")
CHART = '[data-testid="stVegaLiteChart"]'


def missing_browser(reason: str) -> None:
    if os.environ.get("TEMPVIZ_REQUIRE_BROWSER"):
        pytest.fail(f"browser required here but {reason}")
    pytest.skip(f"browser test skipped: {reason}")


def missing_postgres(reason: str) -> None:
    if os.environ.get("TEMPVIZ_REQUIRE_POSTGRES"):
        pytest.fail(f"PostgreSQL required here but {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}; to run them, {POSTGRES_HOWTO}")


def debian_postgres() -> Path | None:
    """The newest of Debian's PostgreSQL server folders, if one is installed."""
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                     key=lambda path: int(path.parent.parent.name))
    return folders[-1].parent if folders else None


def as_server_user(*command: object) -> list[str]:
    """A command as the user Debian's server runs as: postgres refuses to run as root."""
    written = [str(part) for part in command]
    if os.geteuid() != 0:
        return written
    return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(written)]


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL database for the poll store's tests: TEMPVIZ_TEST_DATABASE_URL's, or
    a throwaway cluster on a free local port, stopped and deleted after the session."""
    given = os.environ.get("TEMPVIZ_TEST_DATABASE_URL")
    if given:
        yield given
        return
    binaries = debian_postgres()
    if binaries is None:
        missing_postgres("TEMPVIZ_TEST_DATABASE_URL is not set and no server is installed")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            missing_postgres("running as root, and there is no postgres user to run it as")
    # not under pytest's temporary folder, which only root may enter
    folder = Path(tempfile.mkdtemp(prefix="tempviz-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    try:
        subprocess.run(as_server_user(binaries / "initdb", "-D", data, "-U", "postgres",
                                      "-A", "trust", "--no-sync"),
                       check=True, capture_output=True, text=True)
        subprocess.run(as_server_user(
            binaries / "pg_ctl", "-D", data, "-l", folder / "server.log", "-w", "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"),
            check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as failed:
        shutil.rmtree(folder, ignore_errors=True)
        missing_postgres(f"Debian's server did not start ({failed.stderr.strip()[-300:]})")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(as_server_user(binaries / "pg_ctl", "-D", data, "-m", "fast", "-w",
                                      "stop"), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def poll_folder(tmp_path_factory) -> Path:
    """Where the test server's class polls go (TEMPVIZ_DATA_DIR), never ~/.tempviz: a
    test may open and fill a room there itself."""
    return tmp_path_factory.mktemp("polls")


@pytest.fixture(scope="session")
def server(poll_folder) -> str:
    """`streamlit run app.py` on a free local port, stopped after the tests; its class
    polls go to :func:`poll_folder`."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "streamlit.log", "w")  # a file, so a chatty server never blocks
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "TEMPVIZ_DATA_DIR": str(poll_folder)})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            if process.poll() is not None:
                log.close()
                pytest.fail(f"streamlit exited: {(ARTIFACTS / 'streamlit.log').read_text()}")
            time.sleep(0.3)
    else:
        process.kill()
        log.close()
        pytest.fail("streamlit did not answer on its health endpoint within 60 s")
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("Playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        if DEBIAN_CHROMIUM.exists():
            executable = str(DEBIAN_CHROMIUM)
        elif Path(playwright.chromium.executable_path).exists():
            executable = playwright.chromium.executable_path
        else:
            missing_browser("no Chromium found: install Debian's chromium, "
                            "or run `playwright install chromium`")
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server, request):
    """A fresh tab on the app; any console error or page error fails the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1500})
    tab = context.new_page()
    tab.base_url = server
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    context.close()
    assert not problems, f"the browser console reported errors: {problems}"


def open_app(tab, query: str = "") -> None:
    """Load the app and wait until its charts are drawn and its script is idle."""
    tab.goto(f"{tab.base_url}/{query}")
    tab.wait_for_selector(f"{CHART} svg", timeout=30_000)
    tab.wait_for_selector(IDLE, timeout=30_000)
    # the run after the first knows the browser's theme and may draw the charts again
    settle(tab)


def type_mistake(tab, logits: str):
    """Type ``logits`` into the box as a person does (Ctrl+Enter applies them) and wait
    for the error they make; returns the error's locator."""
    tab.locator('[data-testid="stTextArea"] textarea').fill(logits)
    tab.locator('[data-testid="stTextArea"] textarea').press("Control+Enter")
    error = tab.locator('[data-testid="stAlertContentError"]')
    error.wait_for(timeout=15_000)
    settle(tab)
    return error


def settle(tab) -> None:
    """Wait for the rerun an action started to finish."""
    tab.wait_for_timeout(300)
    tab.wait_for_selector(IDLE, timeout=30_000)


@pytest.fixture
def render_texts():
    """The texts vl-convert draws in the bars chart of some logits at one temperature."""
    import html
    import re

    import vl_convert

    import tempviz as tv
    from tempviz.views import build_charts

    def texts(logits: str, temperature: float) -> list[str]:
        spec = build_charts(tv.parse_logits(logits), [temperature], 0)["probabilities"]
        svg = vl_convert.vegalite_to_svg(spec.to_dict())
        return [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return texts

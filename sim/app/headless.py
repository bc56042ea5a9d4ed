"""The app served in a subprocess and looked at by headless Chromium: one place for the browser
tests, the browser and server benchmarks and the screenshots (not used by the app itself).

Debian's `chromium` is driven through Playwright; nothing is downloaded, and `block_network`
aborts every request that leaves this machine, since the app must work offline.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# every chart widget drawn (none still waiting) and none mid-render
DRAWN = """least => {
  const charts = Array.from(document.querySelectorAll('.govsim-chart'));
  return charts.length >= least && charts.every(c => c.dataset.drawn
    && getComputedStyle(c.querySelector('.govsim-chart-wait')).display === 'none');
}"""


class ServerDidNotStart(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(
    root: Path,
    *,
    lang: str | None = None,
    env: dict | None = None,
    timeout: float = 180,
    capture: bool = False,
) -> tuple[subprocess.Popen, str]:
    """Start `govsim serve ROOT` on a free port; return the process and its URL once it
    answers. Raises ServerDidNotStart (with its output, when `capture`) otherwise."""
    port = free_port()
    argv = [sys.executable, "-m", "sim.cli.main", "serve", str(root), "--port", str(port)]
    process = subprocess.Popen(
        argv + (["--lang", lang] if lang else []),
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.STDOUT if capture else subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5)
            return process, url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stdout.read() if capture else ""
                raise ServerDidNotStart(f"govsim serve did not start: {output}") from None
            time.sleep(0.5)


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()


def block_network(context) -> None:
    """Abort every request that leaves this machine (the app must work offline)."""

    def route(r):
        host = r.request.url.split("/")[2] if "://" in r.request.url else ""
        if r.request.url.startswith(("file:", "data:", "blob:")) or host.startswith(
            ("127.0.0.1", "localhost")
        ):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)


def wait_drawn(page, at_least: int = 1, timeout: float = 120_000) -> None:
    """Wait until at least `at_least` charts are on the page and every chart is drawn."""
    page.wait_for_function(DRAWN, arg=at_least, timeout=timeout)

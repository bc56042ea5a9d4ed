"""The process `govsim serve` becomes: Solara's own server (`solara run ...`), configured for
many sessions on a small machine, in ways Solara's command line does not offer.

1. Plotly's widget code is served once, as a file the browser caches. Every Plotly
   FigureWidget (each chart of every page) otherwise carries Plotly's 5 MB JavaScript bundle
   in its state: 20 MB over the websocket for one Compare page, serialized by the server and
   evaluated anew by the browser for each chart. Under load (ten sessions at once) that
   starved the server and the browsers, and charts stayed blank. The widgets now name the
   bundle by its URL (anywidget imports an http URL once per page).
2. Uvicorn's websocket keepalive: with its default (a ping every 20 s that must be answered
   within 20 s) a server busy rendering pages closed connections whose pong came late, and
   those pages stayed on "Loading app" for good. The server binds 127.0.0.1 only, so a
   vanished browser closes its socket at once; the keepalive is kept only to notice a peer
   that hangs, within 5 minutes. Per-message compression, CPU spent for nothing on a local
   connection, is off.
3. Memory returns when a session ends: sessions whose browser is gone are culled after
   SOLARA_KERNEL_CULL_TIMEOUT (1 minute, set by `govsim serve`), and after a session is
   closed the garbage collector runs and the C library gives freed memory back to the
   system (malloc_trim), so the server does not keep the high-water mark of a busy hour.

Usage (what `govsim serve` runs): python -m sim.app.server run sim.app.main --port N ...
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import sys
import threading

WEBSOCKET = {
    "ws_ping_interval": 20.0,
    "ws_ping_timeout": 300.0,
    "ws_per_message_deflate": False,
}
SOLARA_APP = "solara.server.starlette:app"
PLOTLY_WIDGET_PATH = "/_govsim/plotly-widget.js"


class App:
    """Solara's ASGI app, plus one route: Plotly's widget bundle, cacheable, readable from
    any origin (the page may be opened as localhost or 127.0.0.1)."""

    def __init__(self, bundle: str):
        self.bundle = bundle.encode("utf-8")
        self.app = None

    async def __call__(self, scope, receive, send):
        if self.app is None:
            from solara.server.starlette import app

            self.app = app
        if scope["type"] == "http" and scope.get("path") == PLOTLY_WIDGET_PATH:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"text/javascript; charset=utf-8"),
                        (b"content-length", str(len(self.bundle)).encode()),
                        (b"cache-control", b"public, max-age=86400"),
                        (b"access-control-allow-origin", b"*"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": self.bundle})
            return
        await self.app(scope, receive, send)


def serve_plotly_widget_by_url(host: str, port: int) -> str:
    """Make every Plotly FigureWidget name its JavaScript by URL; returns the JavaScript."""
    from plotly.basewidget import BaseFigureWidget

    bundle = str(BaseFigureWidget._esm)  # anywidget's FileContents: the file's text
    BaseFigureWidget._esm = f"http://{host}:{port}{PLOTLY_WIDGET_PATH}"
    return bundle


def configure_uvicorn() -> None:
    """Give every uvicorn.Config Solara creates the WEBSOCKET settings and the App."""
    import uvicorn

    if getattr(uvicorn.Config.__init__, "_govsim", False):
        return
    original = uvicorn.Config.__init__

    @functools.wraps(original)
    def init(self, *args, **kwargs):
        for key, value in WEBSOCKET.items():
            kwargs.setdefault(key, value)
        if kwargs.get("app") == SOLARA_APP:
            host = kwargs.get("host") or "127.0.0.1"
            port = int(kwargs.get("port") or 8765)
            kwargs["app"] = App(serve_plotly_widget_by_url(host, port))
        original(self, *args, **kwargs)

    init._govsim = True
    uvicorn.Config.__init__ = init


_trim_lock = threading.Lock()
_trim_timer: threading.Timer | None = None


def release_memory() -> None:
    """Collect garbage and hand freed memory back to the system (glibc's malloc_trim)."""
    gc.collect()
    # not glibc: the memory is reused, just not given back
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _release_soon() -> None:
    """One release a few seconds after sessions close (several closes, one release)."""
    global _trim_timer
    with _trim_lock:
        if _trim_timer is not None:
            _trim_timer.cancel()
        _trim_timer = threading.Timer(3.0, release_memory)
        _trim_timer.daemon = True
        _trim_timer.start()


def _on_kernel_start():
    return _release_soon  # called when the session's kernel closes


def main() -> None:
    from solara.lifecycle import on_kernel_start

    on_kernel_start(_on_kernel_start)
    configure_uvicorn()
    from solara.__main__ import cli

    cli(sys.argv[1:], prog_name="solara")


if __name__ == "__main__":
    main()

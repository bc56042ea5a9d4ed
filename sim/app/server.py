"""The process `govsim serve` becomes: Solara's own server (`solara run ...`), with the
websocket settings of uvicorn that Solara's command line does not expose.

Why: under load (ten browser sessions building their pages at once on a small machine) the
server's event loop can be held for many seconds by the sessions' rendering threads. With
uvicorn's default keepalive (a ping every 20 s that must be answered within 20 s) a late
pong closed the connection, and the page stayed on "Loading app" for good: 3-6 of 10 pages
blank. The server binds 127.0.0.1 only, so a vanished browser closes its socket at once;
the keepalive is kept only to notice a peer that hangs, within 5 minutes. Compressing each
websocket message is CPU spent for nothing on a local connection, so it is off.

Usage (what `govsim serve` runs): python -m sim.app.server run sim.app.main --host ...
"""

from __future__ import annotations

import functools
import sys

WEBSOCKET = {
    "ws_ping_interval": 20.0,
    "ws_ping_timeout": 300.0,
    "ws_per_message_deflate": False,
}


def configure_uvicorn() -> None:
    """Make WEBSOCKET the defaults of every uvicorn.Config Solara creates."""
    import uvicorn

    if getattr(uvicorn.Config.__init__, "_govsim", False):
        return
    original = uvicorn.Config.__init__

    @functools.wraps(original)
    def init(self, *args, **kwargs):
        for key, value in WEBSOCKET.items():
            kwargs.setdefault(key, value)
        original(self, *args, **kwargs)

    init._govsim = True
    uvicorn.Config.__init__ = init


def main() -> None:
    configure_uvicorn()
    from solara.__main__ import cli

    cli(sys.argv[1:], prog_name="solara")


if __name__ == "__main__":
    main()

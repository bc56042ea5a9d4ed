"""`govsim` entry point: subcommands, and the one place where errors become exit statuses.

- a GovsimError (bad input: a file, a name, a value, a limit) is one paragraph on stderr,
  exit status 2;
- any other exception is a bug: "internal error, please report it", exit status 1, with the
  traceback only under `--debug` (or GOVSIM_DEBUG=1);
- Ctrl-C is "interrupted", exit status 130, whatever form the interruption takes on its way
  out (a library may turn it into its own error, e.g. Dask's cancelled futures, or cleanup
  may fail after it); a closed pipe (`govsim summarize R | head`) ends
  quietly, like other Unix tools, with exit status 141 (128 + SIGPIPE).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import traceback

from sim.errors import GovsimError


class Parser(argparse.ArgumentParser):
    """argparse with its errors as one paragraph, like govsim's own (no usage block)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}; see `{self.prog} --help`\n")


def build_parser() -> argparse.ArgumentParser:
    from sim.cli import commands

    parser = Parser(
        prog="govsim", description="Agent-based simulation of urban community governance policies."
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=False,
        help="on an internal error, print the Python traceback",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in commands.REGISTRY:
        register(sub)
    for command in sub.choices.values():  # `govsim run X --debug` works too
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    _tolerant_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = args.debug or os.environ.get("GOVSIM_DEBUG", "") not in ("", "0")
    ctrl_c = _CtrlC()
    try:
        with ctrl_c:
            status = args.handler(args) or 0
            sys.stdout.flush()  # a closed pipe shows here, while it is still handled
        return status
    except BaseException as exc:
        # Ctrl-C first: a cancelled Dask future, or a close that failed after it, is still it
        if ctrl_c.seen or isinstance(exc, KeyboardInterrupt):
            return _interrupted(args.command)
        if isinstance(exc, GovsimError):
            print(f"govsim {args.command}: error: {_paragraph(exc)}", file=sys.stderr)
            return 2
        if isinstance(exc, BrokenPipeError):
            _silence_stdout()
            return 141
        if not isinstance(exc, Exception):
            raise  # SystemExit and the like keep their meaning
        if debug:
            traceback.print_exc()
        print(
            f"govsim {args.command}: internal error ({type(exc).__name__}: "
            f"{_paragraph(exc)}). This is a bug in govsim, not in your input; please report "
            "it to the govsim maintainers with the command you ran"
            + (" and the traceback above." if debug else " and its output with --debug."),
            file=sys.stderr,
        )
        return 1


class _CtrlC:
    """Notes that Ctrl-C was pressed (then raises KeyboardInterrupt as Python does), so that
    whatever the interruption becomes on its way out still ends as "interrupted"."""

    def __init__(self):
        self.seen = False
        self._previous = None

    def _handler(self, signum, frame):
        self.seen = True
        raise KeyboardInterrupt

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handler)
        return self

    def __exit__(self, *exc):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
        return False


def _interrupted(command: str) -> int:
    _quiet_dask_logs()
    print(f"govsim {command}: interrupted", file=sys.stderr)
    return 130


def _quiet_dask_logs() -> None:
    """After Ctrl-C, Dask may still log from its threads while closing: not the reader's
    business (the one line says what happened)."""
    import logging

    for name in ("distributed", "tornado", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _paragraph(exc: BaseException) -> str:
    """The message on one paragraph: no blank lines, at most a few thousand characters."""
    text = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    return text if len(text) <= 4000 else text[:3997] + "..."


def _tolerant_output() -> None:
    """Names that cannot be encoded (odd bytes in a file name, Chinese under LANG=C) are
    escaped rather than ending the command."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that Python's final flush does not
    fail again (https://docs.python.org/3/library/signal.html#note-on-sigpipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())

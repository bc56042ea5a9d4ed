"""`govsim` entry point: subcommands, and the one place user errors become exit status 2."""

from __future__ import annotations

import argparse
import sys

from sim.errors import GovsimError


def build_parser() -> argparse.ArgumentParser:
    from sim.cli import commands

    parser = argparse.ArgumentParser(
        prog="govsim", description="Agent-based simulation of urban community governance policies."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in commands.REGISTRY:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args) or 0
    except GovsimError as exc:
        print(f"govsim {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"govsim {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""The ``unison`` command line: ``unison info`` (more commands join as features land).

Run as ``unison info`` or ``python -m unison info``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from unison.cli.info import run_info

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unison", description="unison: one Keras 3 API over JAX, PyTorch and TensorFlow."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    info = commands.add_parser("info", help="installed backends, devices and every setting")
    info.add_argument(
        "--no-devices",
        action="store_true",
        help="do not import frameworks to list versions and devices",
    )
    info.set_defaults(handler=lambda args: run_info(list_devices=not args.no_devices))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args = _parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

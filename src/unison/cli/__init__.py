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

    check = commands.add_parser(
        "check", help="run a .keras model on every backend and compare the outputs"
    )
    check.add_argument("model", help="path to a .keras file")
    check.add_argument("--backends", help="comma-separated backends (default: all installed)")
    check.add_argument("--reference", help="backend the others are compared with")
    check.add_argument("--tolerance", type=float, default=1e-4, help="max relative difference")
    check.add_argument("--batch-size", type=int, default=4, help="rows of random input")
    check.add_argument("--inputs", nargs="*", help=".npy files to use as the model inputs")
    check.set_defaults(handler=_run_check)
    return parser


def _run_check(args: argparse.Namespace) -> int:
    import numpy as np

    from unison import parity

    inputs = None
    if args.inputs:
        arrays = [np.load(path) for path in args.inputs]
        inputs = arrays[0] if len(arrays) == 1 else arrays
    report = parity.check(
        args.model,
        inputs=inputs,
        backends=args.backends.split(",") if args.backends else None,
        reference=args.reference,
        tolerance=args.tolerance,
        batch_size=args.batch_size,
    )
    parity.print_report(report)
    return 0 if report.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args = _parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

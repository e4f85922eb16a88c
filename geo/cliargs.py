"""Command-line pieces shared by ``python -m geo`` and ``python -m geo store``: reading events files and
what a run that dropped rows exits with."""

from __future__ import annotations

import argparse
import sys

from .io.values import FORMATS

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def input_args(parser: argparse.ArgumentParser, skip_invalid: bool = True) -> None:
    """--format for files read like ``validate`` reads them, and --skip-invalid for commands that go on."""
    parser.add_argument("--format", choices=FORMATS, default="auto", help="input format (default: detected)")
    if skip_invalid:
        parser.add_argument("--skip-invalid", action="store_true",
                            help="exit 0 even if rows were dropped (the report is printed either way)")


def dropped_exit(dropped: int, skip_invalid: bool, done: str = "written") -> int:
    """Exit 1 when rows were dropped (unless --skip-invalid), saying so; the valid rows were still ``done``."""
    if dropped and not skip_invalid:
        print(f"{dropped:,} rows dropped: exit 1 (the valid rows were {done}; --skip-invalid exits 0)",
              file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK

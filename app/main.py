"""Entry point of `sasaeai`: a command when one is given, otherwise the window."""

from __future__ import annotations

import sys

from app.cli import build_parser, run_command


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command:
        return run_command(args)
    from app.ui.app import run_gui  # Qt is loaded only when a window is wanted

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())

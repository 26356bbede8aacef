"""Run a benchmark: `python -m bench ocr [--pages N]`."""

from __future__ import annotations

import argparse

from bench import ocr


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("which", nargs="?", default="ocr", choices=["ocr"])
    parser.add_argument("--pages", type=int, default=8, help="pages in the generated corpus")
    args = parser.parse_args()
    if args.which == "ocr":
        ocr.run(args.pages)


if __name__ == "__main__":
    main()

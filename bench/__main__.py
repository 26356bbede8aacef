"""Run a benchmark: `python -m bench ocr [--pages N] [--envelopes N]`, `python -m bench
envelopes [--envelopes N]` (tuning and held-out envelopes only), `python -m bench speed
[--envelopes N] [--rounds N]` (the held-out pages timed only) or `python -m bench mail`."""

from __future__ import annotations

import argparse

from bench import envelopes, mail, ocr


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("which", nargs="?", default="ocr",
                        choices=["ocr", "envelopes", "speed", "mail"])
    parser.add_argument("--pages", type=int, default=0,
                        help="ocr: pages to time (0: the whole clean + degraded corpus)")
    parser.add_argument("--envelopes", type=int, default=30,
                        help="envelopes: per set (tuning and held-out)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="speed: readings of ours, each between two raw ones")
    parser.add_argument("--messages", type=int, default=2000, help="mail: messages loaded")
    parser.add_argument("--rss-messages", type=int, default=10000,
                        help="mail: messages for the peak-RSS run (0 to skip)")
    args = parser.parse_args()
    if args.which == "ocr":
        ocr.run(args.pages)
        print()
        envelopes.run(args.envelopes)
    elif args.which == "envelopes":
        envelopes.run(args.envelopes)
    elif args.which == "speed":
        envelopes.speed_only(args.envelopes, args.rounds)
    else:
        mail.run(args.messages, args.rss_messages)


if __name__ == "__main__":
    main()

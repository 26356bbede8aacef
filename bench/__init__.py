"""Benchmarks with their own runner: `python -m bench [ocr]` (figures, never assertions)."""

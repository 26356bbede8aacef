"""The source interface: something that hands raw envelopes to the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from intake.models import Envelope
from intake.pipeline import Incoming

# Commits the envelopes (raw bytes fsync'd first) and returns each with is_new.
Ingest = Callable[[list[Incoming]], list[tuple[Envelope, bool]]]


class Source(Protocol):
    name: str

    def poll(self, ingest: Ingest) -> list[int]:
        """Take what is new, ingest each item, acknowledge it only after the commit."""
        ...

    def settle(self, envelope: Envelope) -> None:
        """Called after processing (e.g. move a file to failed/ when quarantined)."""
        ...

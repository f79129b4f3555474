"""The progress bar of long commands: a tqdm bar, or nothing when the caller asked for quiet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def progress_bar(show: bool, **options: Any) -> Iterator[Any]:
    """A ``tqdm`` bar made with ``options`` (total, unit, desc, ...), or None if not ``show``; closed on exit."""
    if not show:
        yield None
        return
    from tqdm import tqdm  # imported only when a bar is drawn

    with tqdm(**options) as bar:
        yield bar

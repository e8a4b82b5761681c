"""Helpers for building many small objects at once, as the overview and exports do."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a block builds many objects.

    While thousands of rows pile up, the collector would otherwise run many
    times and scan them again in its older generations. Reference counting
    still frees memory as usual. Nested and concurrent blocks share one pause, and the collector
    runs again when the last of them ends, if it was running before the first.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()

"""Work around a reference-count bug in PySide6 6.12 on Python 3.11.

There, every call of a Qt method that returns nothing (``setVisible``, ``setPosition``,
``update``…) releases one reference to ``None`` that it never took, and bool-returning methods
do the same to ``True``/``False``. Python 3.12+ makes ``None``
immortal, so nothing happens; on 3.11 the count reaches zero after some thousands of calls and
the interpreter aborts with "none_dealloc: deallocating None". We detect the bug at start-up and,
only when present, give ``None`` a reference count no session can use up (what 3.12 does).
"""

from __future__ import annotations

import ctypes
import sys

#: References added to None when the bug is present: 2**40 void calls before it could matter.
_HEADROOM = 1 << 40


def none_refcount_leaks() -> bool:
    """True if a void Qt call releases a reference to None (measured, not guessed)."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject

    probe = QObject()
    probe.setObjectName("probe")
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 4


def protect_none() -> bool:
    """Apply the workaround if needed; returns whether it was applied."""
    # The same binding bug releases True/False when bool signals are emitted: protect all three.
    leaking = [None, False, True] if none_refcount_leaks() else []
    for value in leaking:
        refcount = ctypes.c_ssize_t.from_address(id(value))
        if refcount.value < _HEADROOM:
            refcount.value += _HEADROOM
    return bool(leaking)

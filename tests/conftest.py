"""Shared fixtures. Qt runs offscreen; the detection engine is built once per test session."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

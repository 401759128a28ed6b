"""Shared fixtures. Qt runs offscreen; the detection engine is built once per test session.

Package-specific fixtures live in the conftest.py of each tests/ subfolder.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests: "ci" replays the same examples every run (a red CI run is a real regression,
# not a newly drawn example) and has no per-example deadline, since a loaded 2-core machine can
# take seconds over one example. "dev" draws new examples each run to keep looking for bugs.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

if TYPE_CHECKING:
    from faker import Faker

    from redaction.detection import Detector


@pytest.fixture(scope="session")
def detector() -> Detector:
    """One Presidio/spaCy engine for the whole session (loading it takes seconds)."""
    from redaction.detection import Detector

    return Detector()


@pytest.fixture
def fake() -> Faker:
    """A Faker with a fixed seed, en_GB, for synthetic CVs and letters."""
    from faker import Faker

    faker = Faker("en_GB")
    faker.seed_instance(1234)
    return faker

"""Where the annotation database lives unless the user says otherwise (CLI and GUI alike)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

#: Environment variable that overrides the default database file.
DB_ENV_VAR = "REDACT_DB"
APP_NAME = "redact-studio"


def default_db_path() -> Path:
    """``$REDACT_DB`` if set, else ``redact-studio.db`` in the user's data directory."""
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / f"{APP_NAME}.db"

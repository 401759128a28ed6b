"""Writing an export atomically: a temporary file next to the target, renamed when complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from redaction.errors import RedactError


class ExportError(RedactError):
    """The export cannot be written (missing directory, permissions, disk full...)."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@contextlib.contextmanager
def atomic_writer(
    path: Path, *, binary: bool = False, discard_if: Callable[[], bool] | None = None
) -> Iterator[IO]:  # type: ignore[type-arg]
    """Yield a file to write; ``path`` appears only once everything was written and flushed.

    A failed or interrupted export leaves any previous file at ``path`` untouched, and so does
    one for which ``discard_if()`` is true once written (an export that selected nothing).
    """
    path = Path(path)
    if path.is_dir():
        raise ExportError(path, "is a directory")
    if not path.parent.is_dir():
        raise ExportError(path, "output directory does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(path, f"cannot write: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        mode = "wb" if binary else "w"
        encoding = None if binary else "utf-8"
        with open(fd, mode, encoding=encoding, newline=None if binary else "\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if discard_if is not None and discard_if():
            tmp.unlink(missing_ok=True)
        else:
            os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(path, f"cannot write: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

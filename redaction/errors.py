"""Typed errors whose str() is one line meant for users: "<file>: <problem>"."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class RedactError(Exception):
    """Base of every error the CLI and GUI report as one line instead of a traceback.

    It survives pickling whatever its subclass's constructor takes (an error raised in a worker
    process reaches the app as itself), because it is rebuilt from the arguments it was made
    with, not from its message."""

    _made_with: tuple[tuple[Any, ...], dict[str, Any]]

    def __new__(cls, *args: Any, **kwargs: Any) -> RedactError:
        self = super().__new__(cls, *args)
        self._made_with = (args, kwargs)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        args, kwargs = getattr(self, "_made_with", (self.args, {}))
        return (_rebuild, (type(self), args, kwargs), self.__dict__)


def _rebuild(cls: type[RedactError], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return cls(*args, **kwargs)


def portable(exc: Exception) -> Exception:
    """``exc`` if it survives the trip from a worker process to its parent, else an error that
    does and says the same (a library's error whose arguments do not pickle)."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        if isinstance(exc, RedactError):
            return RedactError(str(exc))
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


class OutputExistsError(RedactError):
    """The output is there already and replacing it was not asked for. Each front names its
    own way to ask (``--overwrite``, a checkbox) after the message."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class ConfigError(RedactError):
    """A settings file in resources/ (or given by the user) is missing or invalid."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class DocumentError(RedactError):
    """A document cannot be loaded or written. Subclasses name the cause."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class MissingFileError(DocumentError):
    pass


class NotAFileError(DocumentError):
    pass


class EmptyFileError(DocumentError):
    pass


class UnsupportedFormatError(DocumentError):
    pass


class BinaryFileError(DocumentError):
    pass


class CorruptFileError(DocumentError):
    pass


class EncryptedFileError(DocumentError):
    pass


class FileTooLargeError(DocumentError):
    pass


class OcrUnavailableError(DocumentError):
    """A scanned page or image needs OCR and the OCR engine is not installed."""

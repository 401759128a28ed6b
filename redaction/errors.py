"""Typed errors whose str() is one line meant for users: "<file>: <problem>"."""

from __future__ import annotations

from pathlib import Path


class RedactError(Exception):
    """Base of every error the CLI and GUI report as one line instead of a traceback."""


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

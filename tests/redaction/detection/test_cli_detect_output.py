"""`redact detect`: document warnings, the size limit, no files, and output that fails."""

from __future__ import annotations

import errno
import io
import json
from pathlib import Path
from typing import Any

import pytest

from annotations.cli import main
from redaction.detection import load_detection_settings
from redaction.documents import load_document
from redaction.errors import ConfigError, FileTooLargeError
from tests.factories import make_pdf


@pytest.fixture(autouse=True)
def _shared(detector: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user settings; the command reuses the session detector for the default settings."""
    import redaction.detection.engine as engine

    monkeypatch.setenv("REDACT_DETECTION_SETTINGS", str(tmp_path / "absent.yaml"))
    monkeypatch.delenv("REDACT_MAX_FILE_MB", raising=False)
    real = engine.Detector

    def build(settings: Any = None) -> Any:
        same = settings is not None and settings.model == detector.settings.model
        if same and settings.extra_models == detector.settings.extra_models:
            return detector
        return real(settings)

    monkeypatch.setattr(engine, "Detector", build)


def cv(tmp_path: Path, name: str = "cv.txt") -> Path:
    path = tmp_path / name
    path.write_text("Jane Smith\nEmail: jane.smith@example.com\nLeeds\n", encoding="utf-8")
    return path


def test_a_scanned_pdf_warns_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    blank = make_pdf(tmp_path / "scan.pdf", [""])
    code = main(["detect", str(blank)])
    out, err = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["text"] == ""
    assert f"redact: warning: {blank}: no text layer found" in err
    assert err.count("no text layer") == 1


def test_no_supported_files_is_a_warning_and_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.rtf").write_text("x")
    assert main(["detect", str(empty)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == f"redact: warning: no supported files found in {empty}"


def test_max_size_flag_and_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    small, big = cv(tmp_path, "small.txt"), tmp_path / "big.txt"
    big.write_text("Jane Smith lives in Leeds.\n" * 100, encoding="utf-8")  # 2.7 KB
    assert main(["detect", "--max-size", "0.002", str(small), str(big)]) == 1
    out, err = capsys.readouterr()
    assert [json.loads(line)["path"] for line in out.splitlines()] == [str(small)]
    assert f"redact: error: {big}: file too large (0.0026 MB, limit 0.002 MB)" in err
    monkeypatch.setenv("REDACT_MAX_FILE_MB", "0.002")
    assert main(["detect", str(big)]) == 1
    assert "limit 0.002 MB" in capsys.readouterr().err
    assert main(["detect", "--max-size", "1", str(big)]) == 0  # the flag beats the environment


def test_max_file_mb_setting_is_validated(tmp_path: Path, monkeypatch) -> None:
    assert load_detection_settings().max_file_mb == 50
    bad = tmp_path / "bad.yaml"
    bad.write_text("max_file_mb: 0\n")
    with pytest.raises(ConfigError, match="max_file_mb"):
        load_detection_settings(bad)
    monkeypatch.setenv("REDACT_MAX_FILE_MB", "lots")
    with pytest.raises(ConfigError, match="REDACT_MAX_FILE_MB"):
        load_detection_settings()


def test_the_size_limit_message_uses_one_unit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: nothing is written or read
    with pytest.raises(FileTooLargeError) as exc:
        load_document(path)
    assert str(exc.value).endswith("file too large (51.0 MB, limit 50 MB)")


class FailingOutput(io.StringIO):
    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 1, "No space left on device"),
        (BrokenPipeError(errno.EPIPE, "Broken pipe"), 141, None),
    ],
)
def test_output_that_cannot_be_written_is_one_line_not_a_traceback(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    error: OSError,
    code: int,
    message: str | None,
) -> None:
    paths = [str(cv(tmp_path, f"cv{i}.txt")) for i in range(2)]
    monkeypatch.setattr("sys.stdout", FailingOutput(error))
    assert main(["detect", *paths]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("redact:")]
    if message is None:
        assert lines == []  # a closed pipe is the reader's choice: stop quietly
    else:
        assert lines == [f"redact: error: cannot write the output: {message}"]

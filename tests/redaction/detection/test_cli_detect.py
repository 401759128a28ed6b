"""`redact detect`: the JSON Lines contract, bad files, filters and usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from annotations.cli import main

if TYPE_CHECKING:
    from faker import Faker

    from redaction.detection import DetectionSettings, Detector

SPAN_KEYS = {"start", "end", "label", "score", "source"}


@pytest.fixture(autouse=True)
def _no_user_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the user's settings file at a path of this test (absent unless a test writes it)."""
    path = tmp_path / "user-detection.yaml"
    monkeypatch.setenv("REDACT_DETECTION_SETTINGS", str(path))
    return path


@pytest.fixture
def shared_detector(detector: Detector, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Let the command reuse the session detector when it asks for the default settings."""
    import redaction.detection.engine as engine

    real = engine.Detector
    asked: list[Any] = []

    def build(settings: DetectionSettings | None = None) -> Detector:
        asked.append(settings)
        if settings == detector.settings:
            return detector
        return real(settings)

    monkeypatch.setattr(engine, "Detector", build)
    return asked


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]], str]:
    code = main(["detect", *args])
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    return code, records, captured.err


def write_cvs(tmp_path: Path, fake: Faker, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = tmp_path / f"cv-{i}.txt"
        path.write_text(
            f"{fake.name()}\nEmail: {fake.email()}\nPhone: 07700 900{100 + i}\n"
            f"Engineer at Microsoft, {fake.city()}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.mark.usefixtures("shared_detector")
def test_jsonl_contract(tmp_path: Path, fake: Faker, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write_cvs(tmp_path, fake, 2)
    code, records, err = run(capsys, *map(str, paths))
    assert code == 0, err
    assert [r["path"] for r in records] == [str(p) for p in paths]
    for record, path in zip(records, paths, strict=True):
        assert set(record) == {"path", "text", "spans"}
        assert record["text"] == path.read_text(encoding="utf-8")
        assert record["spans"], record
        for span in record["spans"]:
            assert set(span) == SPAN_KEYS
            assert isinstance(span["start"], int) and isinstance(span["end"], int)
            assert 0 <= span["start"] < span["end"] <= len(record["text"])
            assert isinstance(span["score"], float) and 0 <= span["score"] <= 1
            assert span["label"].isupper() and span["source"]
        labels = {s["label"] for s in record["spans"]}
        assert {"EMAIL_ADDRESS", "PHONE_NUMBER"} <= labels
        emails = [
            record["text"][s["start"] : s["end"]]
            for s in record["spans"]
            if s["label"] == "EMAIL_ADDRESS"
        ]
        assert emails == [record["text"].split("Email: ")[1].split("\n")[0]]


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "spawned"])
def test_jobs_two_gives_the_output_of_one_process(
    fork: bool,
    shared_detector: list[Any],
    tmp_path: Path,
    fake: Faker,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import redaction.detection.batch as batch

    folder = tmp_path / "cvs"
    folder.mkdir()
    for i in range(24):  # over two units of work, so the worker takes a share
        (folder / f"cv-{i:02d}.txt").write_text(
            "\n".join([fake.name(), fake.email(), *fake.paragraphs(nb=16)]), encoding="utf-8"
        )
    (folder / "cv-05.txt").write_text("", encoding="utf-8")  # a bad file in the worker's share
    assert sum(p.stat().st_size for p in folder.iterdir()) > batch.CHUNK_CHARS
    methods: list[str] = []

    class Recorded(batch.WorkerPool):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            methods.append(self.start_method)

    monkeypatch.setattr(batch, "WorkerPool", Recorded)
    monkeypatch.setattr(batch, "fork_is_safe", lambda: fork)  # under pytest Qt is loaded
    one = run(capsys, str(folder))
    two = run(capsys, str(folder), "--jobs", "2")
    assert methods == ["fork" if fork else "spawn"]
    assert one[0] == two[0] == 1 and "cv-05.txt" in two[2]
    assert two[1] == one[1] and len(one[1]) == 23


@pytest.mark.usefixtures("shared_detector")
def test_directory_recursion_order_and_unicode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("Zoë 😀 writes to zoe@example.com\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Mail ana@example.org\n", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")  # unsupported: skipped in directories
    code, records, _ = run(capsys, str(tmp_path), "--entities", "EMAIL_ADDRESS")
    assert code == 0
    assert [Path(r["path"]).name for r in records] == ["a.txt", "z.md"]
    text = records[1]["text"]
    span = records[1]["spans"][0]
    assert text[span["start"] : span["end"]] == "zoe@example.com"  # code-point offsets


@pytest.mark.usefixtures("shared_detector")
def test_bad_file_among_good_ones(
    tmp_path: Path, fake: Faker, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_cvs(tmp_path, fake, 2)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    corrupt = tmp_path / "broken.docx"
    corrupt.write_bytes(b"this is not a zip file")
    missing = tmp_path / "missing.pdf"
    args = [str(good[0]), str(empty), str(corrupt), str(missing), str(good[1])]
    code, records, err = run(capsys, *args)
    assert code == 1
    assert [r["path"] for r in records] == [str(good[0]), str(good[1])]
    errors = [line for line in err.splitlines() if line.startswith("redact: error:")]
    assert len(errors) == 3
    for path, line in zip([empty, corrupt, missing], errors, strict=True):
        assert str(path) in line
    assert "Traceback" not in err


@pytest.mark.usefixtures("shared_detector")
def test_entities_and_threshold(
    tmp_path: Path, fake: Faker, capsys: pytest.CaptureFixture[str]
) -> None:
    (path,) = write_cvs(tmp_path, fake, 1)
    _, (everything,), _ = run(capsys, str(path), "--threshold", "0")
    _, (phones,), _ = run(capsys, str(path), "--entities", "PHONE_NUMBER", "--threshold", "0")
    assert phones["spans"] and {s["label"] for s in phones["spans"]} == {"PHONE_NUMBER"}
    scores = sorted(s["score"] for s in everything["spans"])
    limit = scores[len(scores) // 2]
    _, (strict,), _ = run(capsys, str(path), "--threshold", str(limit))
    assert all(s["score"] >= limit for s in strict["spans"])
    assert len(strict["spans"]) < len(everything["spans"])


@pytest.mark.usefixtures("shared_detector")
def test_unknown_entity(tmp_path: Path, fake: Faker, capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = write_cvs(tmp_path, fake, 1)
    code, records, err = run(capsys, str(path), "--entities", "EMAIL_ADDRESS,SHOE_SIZE")
    assert code == 0 and records
    assert "no recognizer for entity SHOE_SIZE" in err
    code, records, err = run(capsys, str(path), "--entities", "SHOE_SIZE")
    assert code == 2 and not records
    assert err.startswith("redact: error: --entities: no recognizer for SHOE_SIZE")


@pytest.mark.parametrize(
    "args",
    [
        ["--threshold", "1.5"],
        ["--threshold", "x"],
        ["--jobs", "0"],
        ["--entities", "person"],
        ["--entities", ","],
        [],
    ],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["detect", *args, *([] if not args else ["x.txt"])])
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err


@pytest.mark.usefixtures("shared_detector")
def test_user_settings_apply_unless_config_is_given(
    tmp_path: Path, fake: Faker, capsys: pytest.CaptureFixture[str], _no_user_settings: Path
) -> None:
    (path,) = write_cvs(tmp_path, fake, 1)
    _no_user_settings.write_text("entities: [EMAIL_ADDRESS]\n", encoding="utf-8")
    _, (record,), _ = run(capsys, str(path))
    assert {s["label"] for s in record["spans"]} == {"EMAIL_ADDRESS"}
    base = tmp_path / "base.yaml"
    base.write_text("entities: [PHONE_NUMBER]\n", encoding="utf-8")
    _, (record,), _ = run(capsys, str(path), "--config", str(base))
    assert {s["label"] for s in record["spans"]} == {"PHONE_NUMBER"}


def test_bad_settings_file_and_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("threshold: 7\n", encoding="utf-8")
    assert main(["detect", "x.txt", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"redact: error: {config}: threshold") and "Traceback" not in err
    assert main(["detect", "x.txt", "--model", "xx_no_such_model"]) == 2
    assert "xx_no_such_model" in capsys.readouterr().err


def test_help_lists_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["detect", "--help"])
    out = capsys.readouterr().out
    for option in ("--jobs", "--entities", "--threshold", "--model", "--extra-model", "--config"):
        assert option in out
    assert '"spans"' in out and "exit status" in out


def test_end_to_end_in_a_subprocess(tmp_path: Path, fake: Faker) -> None:
    paths = write_cvs(tmp_path, fake, 5)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "annotations.cli", "detect", str(tmp_path), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["path"] for r in records] == [str(p) for p in sorted(paths)]
    assert all(any(s["label"] == "EMAIL_ADDRESS" for s in r["spans"]) for r in records)
    assert "empty.txt" in result.stderr and "Traceback" not in result.stderr
    assert "detect: 6/6" in result.stderr  # progress line for more than a few files

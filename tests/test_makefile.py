"""`make install` on a machine whose python3 lacks the venv module (Debian without
python3-venv): the half-made .venv is removed and the apt hint printed, every time."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Like `python3 -m venv DIR` without ensurepip: leaves DIR/bin/python (with no pip) and fails.
BROKEN_PYTHON = """#!/bin/sh
mkdir -p "$3/bin"
printf '#!/bin/sh\\necho "No module named pip" >&2\\nexit 1\\n' > "$3/bin/python"
chmod +x "$3/bin/python"
echo "ensurepip is not available" >&2
exit 1
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_a_failed_venv_is_removed_and_explained(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("")
    fake = tmp_path / "python3"
    fake.write_text(BROKEN_PYTHON)
    fake.chmod(0o755)
    for _ in range(2):  # the second run fails the same way, not with "No module named pip"
        run = subprocess.run(
            ["make", "install", f"PYTHON={fake}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode != 0
        assert "sudo apt-get install python3-venv" in run.stderr
        assert not (tmp_path / ".venv").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_a_working_venv_is_kept(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text('#!/bin/sh\necho "pip 24.0"\n')  # answers `-m pip --version`
    python.chmod(0o755)
    run = subprocess.run(
        ["make", ".venv/.venv-ok", "PYTHON=false"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert python.exists()
    assert (tmp_path / ".venv" / ".venv-ok").exists()

"""The core must import and work with Qt absent (napari's rule)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_core_imports_with_qt_blocked() -> None:
    # A meta path hook makes any PySide6 import fail, as if Qt were not installed.
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name.split('.')[0] in {'PySide6', 'PyQt5', 'PyQt6', 'shiboken6'}:
                    raise ImportError('Qt is blocked in this test')
        sys.meta_path.insert(0, BlockQt())
        import redaction, annotations
        for pkg in (redaction, annotations):
            for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):
                if not m.name.endswith('__main__'):
                    importlib.import_module(m.name)
        from annotations.cli import build_parser
        build_parser()
        print('ok')
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_project_layer_imports_each_use_case_on_first_use() -> None:
    """The app's export process imports the project layer for a training-data export: it must
    not pay for importing the anonymiser (seconds) it does not use."""
    import subprocess
    import sys

    code = (
        "import sys; from annotations.project import Project, TrainingExportOptions; "
        "print('redaction.anonymization.engine' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

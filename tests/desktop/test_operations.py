"""The background helper, the engine's states and the PySide6 reference-count workaround."""

from __future__ import annotations

import sys
import threading

import pytest

from desktop.operations import Operations


def test_store_work_runs_on_one_thread_in_order_and_calls_back_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    ops = Operations()
    try:
        seen: list[tuple[str, int]] = []
        ops.open_store(lambda: {"items": []}).result(timeout=30)
        for i in range(20):
            ops.store(
                lambda s, i=i: (s["items"].append(i), threading.current_thread().name)[1],
                lambda name, i=i: seen.append((name, i)),
            )
        qtbot.waitUntil(lambda: len(seen) == 20)
        assert [i for _, i in seen] == list(range(20))
        assert {name for name, _ in seen} == {"redact-store_0"}
        assert ops.store(lambda s: list(s["items"])).result(timeout=30) == list(range(20))
        qtbot.waitUntil(lambda: ops.pending == 0)
    finally:
        ops.shutdown()


def test_failures_reach_on_error_or_the_failed_signal(qtbot) -> None:  # type: ignore[no-untyped-def]
    ops = Operations()
    try:
        errors: list[BaseException] = []
        ops.run(lambda: 1 / 0, on_error=errors.append)
        qtbot.waitUntil(lambda: bool(errors))
        assert isinstance(errors[0], ZeroDivisionError)
        with qtbot.waitSignal(ops.failed) as blocker:
            ops.store(lambda s: None)  # no store open
        assert "no database is open" in str(blocker.args[0])
    finally:
        ops.shutdown()
    # after shutdown nothing runs and nothing raises
    assert ops.store(lambda s: None).cancelled()


def test_call_store_refuses_the_gui_thread() -> None:
    ops = Operations()
    try:
        ops.open_store(lambda: object()).result(timeout=30)
        with pytest.raises(RuntimeError):
            ops.call_store(lambda s: s)
    finally:
        ops.shutdown()


def test_engine_that_fails_to_load_leaves_imports_working(open_studio, tmp_path, cv_files) -> None:  # type: ignore[no-untyped-def]
    def broken() -> object:
        raise OSError("model en_core_web_xx not installed")

    studio = open_studio(tmp_path / "e.db", cv_files[:1], detector_factory=broken)
    assert "failed: model en_core_web_xx not installed" in studio.window.engine_label.text()
    assert [r.spans_total for r in studio.import_result.added] == [0]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_cannot_exhaust_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QObject

    import desktop  # noqa: F401  (applies the workaround on import)
    from desktop.qt_compat import none_refcount_leaks

    probe = QObject()
    for _ in range(20_000):
        probe.setObjectName("x")
    # with the binding bug present, None must have been given headroom (else we'd have crashed)
    assert not none_refcount_leaks() or sys.getrefcount(None) > 1 << 30


def test_engine_reloads_with_another_factory(studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    engine = studio.window.engine
    marker = object()
    with qtbot.waitSignal(studio.window.engine_ready, timeout=15000):
        engine.load(lambda: marker)
    assert engine.detector(timeout=1) is marker
    assert studio.window.engine_label.text() == "Detection engine: ready"

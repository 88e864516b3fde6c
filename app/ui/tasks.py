"""Run slow work off the GUI thread and hand the result back on it (Anki's QueryOp pattern)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the GUI thread, which decides what to show
            log.exception("background work failed")
            self._signals.failed.emit(error)
        else:
            self._signals.done.emit(result)


_live: set[_Signals] = set()  # keeps signal objects alive until their job reports back


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
    receiver: QObject,
) -> None:
    """Call `work()` on the thread pool; `on_done(result)` or `on_failed(error)` on the GUI.

    `work` must not touch widgets. The callbacks are dropped when `receiver` (the page that
    asked) has been deleted meanwhile.
    """
    signals = _Signals()
    _live.add(signals)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _live.discard(signals)
        if shiboken6.isValid(receiver):
            callback(value)

    signals.done.connect(lambda result: finish(on_done, result))
    signals.failed.connect(lambda error: finish(on_failed, error))
    QThreadPool.globalInstance().start(_Job(work, signals))


def wait_for_background_work(timeout_ms: int = 10_000) -> bool:
    """Let running jobs finish before the program ends (a write is never cut off)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)

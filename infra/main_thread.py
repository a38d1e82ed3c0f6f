"""Work that must be done in the main thread, asked for from a background run.

Some QGIS objects are only safe to make in the main thread: in QGIS 3.22 every
layout label makes a QtWebKit page as it is built (later versions skip it off
the main thread), and QtWebKit is not thread-safe - labels made in an export's
run crashed QGIS now and then. :func:`call_on_main_thread` runs a function
there and hands back its result (or raises its error) in the calling thread,
which waits without holding the interpreter; in the main thread it is a plain
call.
"""

import threading
import time
from typing import Callable, Optional, TypeVar

from qgis.PyQt.QtCore import QCoreApplication, QObject, QThread, pyqtSignal, pyqtSlot

from .i18n import tr

T = TypeVar("T")

WAIT_STEP_S = 0.05
DEFAULT_TIMEOUT_S = 120.0


class MainThreadTimeout(RuntimeError):
    """The main thread did not run the work in time (busy or closing)."""


class _Job:
    def __init__(self, function):
        self.function = function
        self.result = None
        self.error: Optional[BaseException] = None
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.abandoned = False

    def run(self):
        with self.lock:
            if self.abandoned:  # the caller gave up: nobody wants the result
                return
        try:
            self.result = self.function()
        except BaseException as error:  # noqa: B902 - handed to the caller, which raises it
            self.error = error
        finally:
            self.done.set()

    def abandon(self) -> bool:
        """True when the job will not run now (False: it ran or is running)."""
        with self.lock:
            if self.done.is_set():
                return False
            self.abandoned = True
            return True


class _Dispatcher(QObject):
    """Lives in the main thread: a job emitted from another thread is queued to it."""

    submit = pyqtSignal(object)

    def __init__(self):
        super().__init__()
        self.submit.connect(self._run)

    @pyqtSlot(object)
    def _run(self, job):  # a slot of this object: run in its thread, whichever made it
        job.run()


_DISPATCHER: Optional[_Dispatcher] = None
_DISPATCHER_LOCK = threading.Lock()


def _dispatcher() -> _Dispatcher:
    global _DISPATCHER
    with _DISPATCHER_LOCK:
        if _DISPATCHER is None:
            dispatcher = _Dispatcher()
            main = QCoreApplication.instance().thread()
            if dispatcher.thread() != main:
                dispatcher.moveToThread(main)  # made here, pushed to the main thread
            _DISPATCHER = dispatcher
        return _DISPATCHER


def is_main_thread() -> bool:
    app = QCoreApplication.instance()
    return app is None or QThread.currentThread() == app.thread()


def call_on_main_thread(function: Callable[[], T], timeout_s: float = DEFAULT_TIMEOUT_S,
                        is_canceled: Optional[Callable[[], bool]] = None) -> T:
    """``function()`` run in the main thread: its result, or its error raised here.

    The calling thread waits (the main thread must be running its event loop:
    a run's thread never waits on a main thread waiting on it). Raises
    :class:`MainThreadTimeout` after ``timeout_s`` seconds, when QGIS is closing,
    or when ``is_canceled()`` turns true before the work started."""
    if is_main_thread():
        return function()
    job = _Job(function)
    _dispatcher().submit.emit(job)
    started = time.monotonic()
    while not job.done.wait(WAIT_STEP_S):
        gone = QCoreApplication.closingDown() or (is_canceled is not None and is_canceled())
        if (gone or time.monotonic() - started > timeout_s) and job.abandon():
            raise MainThreadTimeout(tr(
                "The map product needs QGIS's main thread, which did not answer within {} s "
                "(busy or closing): try the export again.").format(int(timeout_s)))
    if job.error is not None:
        raise job.error
    return job.result

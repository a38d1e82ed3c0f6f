"""The GUI's share of the interpreter while the plugin works in the background.

Python threads take turns on one interpreter lock. A worker busy in Python
code keeps it for the interpreter's switch interval (5 ms by default) each time
the main thread lets it go, and the main thread lets it go at every call into
QGIS (PyQGIS releases the lock around each call): a dock that makes a few dozen
calls to show a result waits 5 ms at each, and the GUI freezes for a tenth of a
second or more.

While at least one of the plugin's background jobs runs, the switch interval is
:data:`SWITCH_INTERVAL_S` (0.5 ms: the main thread waits ten times less at each
turn; the workers lose well under 1 % to the extra switches); it is set back to
what it was when the last job ends. An interval someone set lower than ours is
left as it is.

The collector is kept off the objects that were there before the first job
started (``gc.freeze``): a full collection in a worker holds the interpreter
lock while it walks every object QGIS and its plugins made (some 150,000 in a
desktop with matplotlib loaded: 40-60 ms, the main thread waiting all along);
frozen, it walks only what the jobs made. The objects are handed back to the
collector (``gc.unfreeze``) when the last job ends - unless someone else froze
objects first, then freezing is left to them.

Threads the plugin starts for a job (a chart's render, the import's file
readers, the corridor's solvers ahead) run at a lower CPU priority
(:func:`lower_thread_priority`, nice :data:`BACKGROUND_NICE` on Linux): on a
machine with fewer cores than busy threads, the main thread, woken for its
turn on the interpreter or an event, otherwise waited in the kernel's run
queue behind them (29-36 ms of a 94-123 ms stall, measured on two cores). These
threads end with their job, so the priority is never given back. The threads
of QGIS's task manager, which run other plugins' and QGIS's own tasks after
ours, are left as they are: a priority lowered cannot be raised again without
privileges.

``hold = background_work()`` when a job starts, ``hold.release()`` when it
ends (once is enough; again does nothing), or ``with background_work(): ...``
around the work in the thread that does it.
"""

import gc
import os
import sys
import threading

SWITCH_INTERVAL_S = 0.0005
BACKGROUND_NICE = 10  # the nice value of the plugin's own worker threads (0 normal, 19 lowest)

_lock = threading.Lock()
_holds = 0
_previous = None  # the interval before the first hold, set back after the last
_froze = False  # whether the first hold froze the collector's objects


class BackgroundWork:
    """One running job's hold on the short switch interval."""

    def __init__(self):
        self._held = False
        _take()
        self._held = True

    def release(self) -> None:
        """The job ended: the interval goes back once no job holds it."""
        if self._held:
            self._held = False
            _give_back()

    @property
    def held(self) -> bool:
        return self._held

    def __enter__(self):
        return self

    def __exit__(self, *_exception):
        self.release()
        return False


def background_work() -> BackgroundWork:
    """A hold on the short switch interval for one background job."""
    return BackgroundWork()


def _take() -> None:
    global _holds, _previous, _froze
    with _lock:
        if _holds == 0:
            current = sys.getswitchinterval()
            _previous = current
            if current > SWITCH_INTERVAL_S:
                sys.setswitchinterval(SWITCH_INTERVAL_S)
            _froze = gc.get_freeze_count() == 0
            if _froze:
                gc.freeze()
        _holds += 1


def _give_back() -> None:
    global _holds, _previous, _froze
    with _lock:
        _holds = max(0, _holds - 1)
        if _holds == 0 and _previous is not None:
            # set back only what we set: someone who changed it meanwhile keeps theirs
            if abs(sys.getswitchinterval() - SWITCH_INTERVAL_S) < 1e-9:
                sys.setswitchinterval(_previous)
            _previous = None
        if _holds == 0 and _froze:
            gc.unfreeze()
            _froze = False


def holds() -> int:
    """How many jobs hold the short interval now."""
    with _lock:
        return _holds


def lower_thread_priority() -> bool:
    """Lower the calling thread's CPU priority to nice :data:`BACKGROUND_NICE`
    (Linux, where the nice value is a thread's own; elsewhere nothing is done).
    Only for a thread the plugin started for one job (a ThreadPoolExecutor's
    ``initializer``, a render thread's first step): never the main thread, nor
    a thread of QGIS's pools. True when the thread runs at that priority or lower now."""
    if not sys.platform.startswith("linux") or not hasattr(os, "setpriority"):
        return False
    if threading.current_thread() is threading.main_thread():
        return False
    thread_id = threading.get_native_id()
    try:
        if os.getpriority(os.PRIO_PROCESS, thread_id) < BACKGROUND_NICE:
            os.setpriority(os.PRIO_PROCESS, thread_id, BACKGROUND_NICE)
    except OSError:
        return False
    return True

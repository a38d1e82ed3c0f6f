"""One writer at a time on a GeoPackage store, across processes: an exclusive
operating-system lock on a small file beside the store (``<store>.lock``).

Every write of the store file (an import, an upgrade, copystore into it, the
drawings tables, a drawings save from the panel) holds it from reading the store
to replacing it, so a second writer waits for the first and then works on top
of its result, instead of replacing the file with a copy made before it.

The lock is ``fcntl.flock`` (POSIX) or ``msvcrt.locking`` (Windows): the
operating system drops it when its holder exits, even when killed, so a crash
never leaves a store locked. The lock file exists only while a store is being
written (POSIX): its holder removes it before unlocking, and a waiter that then
gets the lock on the removed file tries again on the file now there. A killed
writer leaves an empty, unlocked lock file, which the next writer takes over.
Within one process other threads wait as another process would; the thread
holding it is refused a second hold (a writer inside a writer would be
replaced by the outer one's result).
"""

import os
import threading
import time
from contextlib import contextmanager
from typing import Callable, Dict, Optional

from ...infra.i18n import tr
from ...infra.log import log
from ..types import StoreError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
    import msvcrt

DEFAULT_TIMEOUT_S = 600.0
"""How long a writer waits for another one by default (seconds): an import of
years of daily snapshots can take minutes."""

_POLL_S = 0.05


def lock_path(path: str) -> str:
    """The lock file of the store at ``path``: ``<store>.lock`` beside it."""
    return os.path.abspath(path) + ".lock"


def _key(path: str) -> str:
    return os.path.normcase(os.path.realpath(os.path.abspath(path)))


class _Held:
    """The process's hold on one store's lock: the file, the thread lock, the depth."""

    def __init__(self):
        self.thread_lock = threading.Lock()
        self.handle = None
        self.owner = None  # the thread holding it


_HELD: Dict[str, _Held] = {}
_REGISTRY = threading.Lock()


def _held_for(path: str) -> _Held:
    with _REGISTRY:
        return _HELD.setdefault(_key(path), _Held())


def held_by_this_thread(path: str) -> bool:
    """True when the calling thread holds the writer lock of the store at ``path``."""
    return _held_for(path).owner == threading.get_ident()


def _try_os_lock(handle) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    except (BlockingIOError, PermissionError):
        return False
    except OSError as error:
        if error.errno in (11, 13, 35, 36):  # EAGAIN, EACCES, EWOULDBLOCK (BSD), EDEADLOCK (Windows)
            return False
        raise
    return True


def _os_unlock(handle) -> None:
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    else:  # pragma: no cover - Windows
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


def _busy_error(path: str, waited: float) -> StoreError:
    return StoreError(tr("The store '{}' is being written by another import or save (waited {:.0f} s); "
                         "nothing was written. Try again when it has finished.").format(path, waited))


def acquire(path: str, timeout: Optional[float] = None,
            cancelled: Optional[Callable[[], bool]] = None) -> None:
    """Take the writer lock of the store at ``path``, waiting up to ``timeout``
    seconds (:data:`DEFAULT_TIMEOUT_S` when None) for another writer.

    Raises StoreError naming the store when another writer holds it longer, or
    when ``cancelled()`` turns true while waiting. Pair with :func:`release`."""
    timeout = DEFAULT_TIMEOUT_S if timeout is None else timeout
    held = _held_for(path)
    if held.owner == threading.get_ident():
        # a second writer inside the first would be overwritten by it when it finishes
        raise StoreError(tr("The store '{}' is already being written by this task; nothing "
                            "more was written.").format(path))
    started = time.monotonic()
    while not held.thread_lock.acquire(timeout=_POLL_S):  # another thread of this process writes
        if cancelled is not None and cancelled():
            raise StoreError(tr("Cancelled while waiting for another writer of '{}'; nothing "
                                "was written.").format(path))
        if time.monotonic() - started > timeout:
            raise _busy_error(path, time.monotonic() - started)
    try:
        handle = _locked_file(path, started, timeout, cancelled)
    except BaseException:
        held.thread_lock.release()
        raise
    held.handle = handle
    held.owner = threading.get_ident()


def _same_file(handle, name: str) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(name))
    except FileNotFoundError:
        return False


def _locked_file(path: str, started: float, timeout: float, cancelled) -> object:
    """The lock file of ``path``, open and locked by this process."""
    name = lock_path(path)
    logged = False
    while True:
        try:
            handle = open(name, "a+b")
        except OSError as error:
            raise StoreError(tr("Cannot write the store '{}': its lock file '{}' cannot be opened "
                                "({}).").format(path, name, error.strerror or error)) from error
        try:
            while not _try_os_lock(handle):
                if not logged:
                    log.info("store %s: waiting for another writer", path)
                    logged = True
                if cancelled is not None and cancelled():
                    raise StoreError(tr("Cancelled while waiting for another writer of '{}'; nothing "
                                        "was written.").format(path))
                if time.monotonic() - started > timeout:
                    raise _busy_error(path, time.monotonic() - started)
                time.sleep(_POLL_S)
        except BaseException:
            handle.close()
            raise
        if fcntl is None or _same_file(handle, name):
            return handle
        # the previous writer removed the file it locked: lock the one there now
        handle.close()


def release(path: str) -> None:
    """Give back the lock an :func:`acquire` took (once)."""
    held = _held_for(path)
    handle, held.handle, held.owner = held.handle, None, None
    if handle is None:
        return
    if fcntl is not None:  # removed while still locked: a waiter on it re-opens the new one
        try:
            os.remove(lock_path(path))
        except OSError:
            pass
    try:
        _os_unlock(handle)
    except OSError as error:  # closing the file drops the lock anyway
        log.warning("store %s: unlocking failed: %s", path, error)
    handle.close()
    held.thread_lock.release()


def is_held(path: str) -> bool:
    """True when the calling thread holds the writer lock of ``path``."""
    return _held_for(path).owner == threading.get_ident()


@contextmanager
def writer_lock(path: str, timeout: Optional[float] = None,
                cancelled: Optional[Callable[[], bool]] = None):
    """``with writer_lock(path):`` the block is the only writer of the store."""
    acquire(path, timeout, cancelled)
    try:
        yield
    finally:
        release(path)

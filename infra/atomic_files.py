"""Atomic file writes: the one way the plugin writes a file a user keeps.

A file is written to a temporary file in its destination folder and moved over
the destination with ``os.replace`` only when complete, so a failure or a cancel
leaves no partial file and any earlier version intact.
"""

import contextlib
import os
import tempfile
from typing import Iterator, List

from .i18n import tr


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Written files get the permissions of an ordinary new file, not mkstemp's private 0600.
FILE_MODE = 0o666 & ~_current_umask()


class AtomicWriteError(RuntimeError):
    """A file could not be written; the message names the file and why."""


def check_writable_folder(path: str) -> None:
    """Raise AtomicWriteError unless a file can be created next to ``path``."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(folder):
        raise AtomicWriteError(tr("Cannot write '{}': the folder '{}' does not exist.").format(path, folder))
    try:
        handle, probe = tempfile.mkstemp(prefix=".situation_probe_", dir=folder)
    except OSError as error:
        raise AtomicWriteError(tr("Cannot write '{}': {}.").format(path, error.strerror or error)) from error
    os.close(handle)
    os.remove(probe)


def temporary_beside(final_path: str, prefix: str = ".situation_") -> str:
    """A new empty temporary file in the folder of ``final_path``, with its extension."""
    check_writable_folder(final_path)
    folder = os.path.dirname(os.path.abspath(final_path))
    extension = os.path.splitext(final_path)[1]
    handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=extension, dir=folder)
    os.close(handle)
    return temporary


def publish(temporary: str, final_path: str) -> None:
    """Give ``temporary`` ordinary file permissions and move it over ``final_path``."""
    os.chmod(temporary, FILE_MODE)
    os.replace(temporary, final_path)


class AtomicFiles:
    """Temporary files in the destination folders, moved into place together by
    :meth:`commit`; :meth:`discard` (or leaving the ``with`` block on an error)
    removes them."""

    def __init__(self):
        self.pending: List[tuple] = []  # (temporary path, final path)

    def temporary_for(self, final_path: str) -> str:
        temporary = temporary_beside(final_path)
        self.pending.append((temporary, final_path))
        return temporary

    def commit(self) -> List[str]:
        """Move every temporary file into place; refuse if one of them is empty."""
        for temporary, final_path in self.pending:
            if not os.path.isfile(temporary) or os.path.getsize(temporary) == 0:
                raise AtomicWriteError(tr("Writing '{}' produced no data.").format(final_path))
        written = []
        for temporary, final_path in self.pending:
            publish(temporary, final_path)
            written.append(final_path)
        self.pending = []
        return written

    def discard(self):
        for temporary, _final in self.pending:
            with contextlib.suppress(OSError):
                os.remove(temporary)
        self.pending = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None:
            self.discard()
        return False


@contextlib.contextmanager
def atomic_path(final_path: str) -> Iterator[str]:
    """``with atomic_path(path) as temporary:`` write ``temporary``; on a clean exit
    it replaces ``path``, on an exception it is removed and ``path`` is untouched."""
    with AtomicFiles() as files:
        temporary = files.temporary_for(final_path)
        yield temporary
        files.commit()

"""The Situation panel's choices saved in the project file, so that a saved
project reopens on the same store, date and sources.

Entries live under the project scope ``situation_mapper``: ``store`` (path,
relative to the project file when the project stores relative paths, or a
PostGIS store location without any password),
``date`` (ISO day, empty when none) and ``visible_sources`` (list of source
names; absent when every source is visible); the "Compare with" row:
``compare_date`` (ISO day, empty when none) and ``compare_on`` (its box checked).
"""

import datetime
from dataclasses import dataclass, field
from typing import Callable, List, Optional

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QObject, pyqtSlot

from ..infra.log import log
from ..store import is_team_store, public_location

SCOPE = "situation_mapper"
KEY_STORE = "store"
KEY_DATE = "date"
KEY_VISIBLE_SOURCES = "visible_sources"
KEY_ALL_SOURCES_VISIBLE = "all_sources_visible"
KEY_COMPARE_DATE = "compare_date"
KEY_COMPARE_ON = "compare_on"


@dataclass
class SituationState:
    """What the Situation panel shows: a store, a day and the visible sources
    (``None``: every source)."""

    store_path: str = ""
    current_date: Optional[datetime.date] = None
    visible_sources: Optional[List[str]] = field(default=None)


def write_state(project: QgsProject, state: SituationState) -> None:
    """Store ``state`` in ``project`` (marks the project dirty only when a value changes)."""
    store = state.store_path or ""
    if is_team_store(store):
        store = public_location(store)  # never a password in the project file
    elif store:
        store = project.writePath(store)
    project.writeEntry(SCOPE, KEY_STORE, store)
    project.writeEntry(SCOPE, KEY_DATE, state.current_date.isoformat() if state.current_date else "")
    project.writeEntry(SCOPE, KEY_ALL_SOURCES_VISIBLE, state.visible_sources is None)
    project.writeEntry(SCOPE, KEY_VISIBLE_SOURCES, list(state.visible_sources or []))


def read_state(project: QgsProject) -> SituationState:
    """The state saved in ``project``; an empty state for a project without one.

    A malformed date is logged and read as no date rather than failing.
    """
    store, _ok = project.readEntry(SCOPE, KEY_STORE, "")
    date_text, _ok = project.readEntry(SCOPE, KEY_DATE, "")
    all_visible, _ok = project.readBoolEntry(SCOPE, KEY_ALL_SOURCES_VISIBLE, True)
    sources, _ok = project.readListEntry(SCOPE, KEY_VISIBLE_SOURCES, [])
    day = None
    if date_text:
        try:
            day = datetime.date.fromisoformat(date_text)
        except ValueError:
            log.warning("The project's Situation Mapper date '%s' is not a date; ignored.", date_text)
    return SituationState(
        store_path=(store if is_team_store(store) else project.readPath(store)) if store else "",
        current_date=day,
        visible_sources=None if all_visible else [str(s) for s in sources])


@dataclass
class CompareState:
    """The Situation tab's "Compare with" row: its date and whether it is on."""

    day: Optional[datetime.date] = None
    on: bool = False


def write_compare_state(project: QgsProject, state: CompareState) -> None:
    """Store the "Compare with" row in ``project``."""
    project.writeEntry(SCOPE, KEY_COMPARE_DATE, state.day.isoformat() if state.day else "")
    project.writeEntry(SCOPE, KEY_COMPARE_ON, bool(state.on and state.day))


def read_compare_state(project: QgsProject) -> CompareState:
    """The "Compare with" row saved in ``project`` (off, no date, for a project
    without one); a malformed date is logged and read as none (and the row off)."""
    text, _ok = project.readEntry(SCOPE, KEY_COMPARE_DATE, "")
    on, _ok = project.readBoolEntry(SCOPE, KEY_COMPARE_ON, False)
    day = None
    if text:
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            log.warning("The project's Situation Mapper compare date '%s' is not a date; ignored.", text)
    return CompareState(day, bool(on and day is not None))


def _disconnect_pairs(connections: list, *_args) -> None:
    """Disconnect and forget ``(signal, slot)`` pairs, newest first."""
    for signal, slot in reversed(connections):
        try:
            signal.disconnect(slot)
        except (TypeError, RuntimeError):  # already gone with its object
            pass
    connections.clear()


class ProjectStateWatcher(QObject):
    """Calls ``on_read(state)`` when a project is read and ``on_cleared()`` when
    it is closed; writes ``current_state()`` into the project as it is saved.
    Every connection is recorded; :meth:`disconnect_all` removes
    them (plugin unload), and Qt removes them when the watcher is deleted.
    """

    def __init__(self, on_read: Callable[[SituationState], None],
                 on_cleared: Optional[Callable[[], None]] = None,
                 project: Optional[QgsProject] = None, parent: Optional[QObject] = None,
                 current_state: Optional[Callable[[], SituationState]] = None,
                 read: Callable = read_state, write: Callable = write_state):
        """``read(project)`` and ``write(project, state)`` default to the Situation
        panel's state; another state (the "Compare with" row) gives its own pair."""
        super().__init__(parent)
        self._read, self._write = read, write
        self.project = project or QgsProject.instance()
        self._on_read = on_read
        self._on_cleared = on_cleared
        self._current_state = current_state
        self.connections = []  # (signal, slot) pairs, as in plugin.py
        self._connect(self.project.readProject, self._project_read)
        if on_cleared is not None:
            self._connect(self.project.cleared, self._project_cleared)
        if current_state is not None:
            self._connect(self.project.writeProject, self._project_writing)

    def _connect(self, signal, slot):
        signal.connect(slot)
        self.connections.append((signal, slot))

    def disconnect_all(self):
        """Disconnect every signal this watcher connected; safe to call twice."""
        _disconnect_pairs(self.connections)

    # Qt slots (not plain Python callables): Qt itself drops these connections
    # when the watcher is deleted with its parent, e.g. the dock on plugin unload.
    @pyqtSlot()
    def _project_read(self):
        self._on_read(self._read(self.project))

    @pyqtSlot()
    def _project_cleared(self):
        self._on_cleared()

    @pyqtSlot()
    def _project_writing(self):
        # the project knows its file name now: the store path is written relative
        self._write(self.project, self._current_state())

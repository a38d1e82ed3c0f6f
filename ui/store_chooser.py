"""The store chooser's typing pause, one for every tab with a store field.

A GeoPackage path is read as soon as it changes; a PostGIS location typed key by
key is read once the typing pauses (each incomplete location would otherwise
ask the database, or for a login), or at once when the user presses Enter or
leaves the field.
"""

from typing import Callable, Optional

from qgis.PyQt.QtCore import QObject, QTimer

from ..store import is_team_store
from .postgis_store_dialog import STORE_TYPING_PAUSE_MS


class StoreTypingPause(QObject):
    """Calls ``on_settled()`` when the location given by ``location()`` settles.

    Connect the field's change signal to :meth:`changed` and its editing-finished
    signal to :meth:`settle_if_waiting`; :attr:`timer` is the typing pause.
    """

    def __init__(self, location: Callable[[], str], on_settled: Callable[[], None],
                 parent: Optional[QObject] = None, pause_ms: int = STORE_TYPING_PAUSE_MS):
        super().__init__(parent)
        self._location = location
        self._on_settled = on_settled
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(pause_ms)
        self.timer.timeout.connect(self._on_settled)

    def changed(self, *_args) -> None:
        """The field changed: read a file path now, a PostGIS location after the pause."""
        if is_team_store(self._location() or ""):
            self.timer.start()
        else:
            self.settle()

    def settle(self) -> None:
        """Read the location now."""
        self.timer.stop()
        self._on_settled()

    def settle_if_waiting(self) -> bool:
        """Enter or leaving the field: read a location still waiting for the pause; True if one was."""
        if not self.timer.isActive():
            return False
        self.settle()
        return True

    def stop(self) -> None:
        self.timer.stop()

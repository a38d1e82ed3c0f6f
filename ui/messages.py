"""The plugin's messages in the QGIS message bar: one place that shows them.

The message bar keeps a stack: a message pushed while another is shown hides
it, and the hidden one comes back when the newer one times out. For the
plugin that replayed stale news ("the first import creates it" after the
import had run), so each new message of the plugin replaces the plugin's
message still in the bar instead of stacking on it.
"""

from typing import Dict

from qgis.core import Qgis
from qgis.gui import QgsMessageBarItem

from ..infra.i18n import tr

try:
    from qgis.PyQt import sip
except ImportError:  # pragma: no cover - older PyQt packaging
    import sip

TITLE = "Situation Mapper"
# seconds a message stays: errors longer, so that they can be read
DURATION_S = {Qgis.Info: 6, Qgis.Success: 6, Qgis.Warning: 10, Qgis.Critical: 15}

_shown: Dict[int, QgsMessageBarItem] = {}  # the plugin's message in each bar


def show_message(bar, text: str, level=Qgis.Info, duration_s=None) -> None:
    """Show ``text`` in the message bar ``bar`` (nothing when None), in
    place of the plugin's previous message there."""
    if bar is None:
        return
    previous = _shown.pop(id(bar), None)
    if previous is not None and not sip.isdeleted(previous):
        bar.popWidget(previous)
    item = QgsMessageBarItem(tr(TITLE), text, level,
                             DURATION_S.get(level, 10) if duration_s is None else duration_s)
    bar.pushItem(item)
    _shown[id(bar)] = item

"""SVG icons of the plugin, loaded by path through one helper."""

import os

from qgis.PyQt.QtGui import QIcon

ICON_DIR = os.path.dirname(__file__)


def icon_path(name: str) -> str:
    """Absolute path of ``icons/<name>.svg``."""
    return os.path.join(ICON_DIR, f"{name}.svg")


def icon(name: str) -> QIcon:
    """The QIcon of ``icons/<name>.svg``."""
    return QIcon(icon_path(name))

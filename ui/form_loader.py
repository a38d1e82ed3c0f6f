"""Load Qt Designer forms from ``ui/*.ui`` once, through one helper."""

import os
from functools import lru_cache

from qgis.PyQt import uic

UI_DIR = os.path.dirname(__file__)


@lru_cache(maxsize=None)
def load_ui(name: str):
    """The generated form class of ``ui/<name>.ui`` (compiled once per session)."""
    form_class, _base_class = uic.loadUiType(os.path.join(UI_DIR, f"{name}.ui"))
    return form_class

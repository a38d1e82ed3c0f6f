"""Translation of user-visible strings under one context."""

from qgis.PyQt.QtCore import QCoreApplication

# pylupdate5 files module-level tr() calls under "@default": the .ts and the code agree.
TRANSLATION_CONTEXT = "@default"


def tr(text: str) -> str:
    """Translate ``text`` in the plugin's context (falls back to ``text``)."""
    return QCoreApplication.translate(TRANSLATION_CONTEXT, text)

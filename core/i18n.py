"""Translation of user-visible strings under one context."""

from qgis.PyQt.QtCore import QCoreApplication

TRANSLATION_CONTEXT = "SituationMapper"


def tr(text: str) -> str:
    """Translate ``text`` in the plugin's context (falls back to ``text``)."""
    return QCoreApplication.translate(TRANSLATION_CONTEXT, text)

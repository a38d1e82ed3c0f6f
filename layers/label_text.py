"""The text of the plugin's map labels: plain text (never HTML: names and counts
come from data) with a white halo, so it reads on any ground."""

from typing import Optional

from qgis.core import QgsTextBufferSettings, QgsTextFormat
from qgis.PyQt.QtGui import QColor, QFont


def haloed_text(size_pt: float, colour: Optional[str] = None, family: Optional[str] = None,
                bold: bool = False, halo_mm: float = 0.8) -> QgsTextFormat:
    """A label text format of ``size_pt`` points in ``colour`` (None: QGIS's
    default) and font ``family`` (None: the default font), with a white halo
    ``halo_mm`` wide."""
    text = QgsTextFormat()
    if family is not None:
        font = QFont(family)
        font.setBold(bold)
        text.setFont(font)
    text.setSize(size_pt)
    if colour is not None:
        text.setColor(QColor(colour))
    text.setAllowHtmlFormatting(False)
    halo = QgsTextBufferSettings()
    halo.setEnabled(True)
    halo.setSize(halo_mm)
    halo.setColor(QColor("#ffffff"))
    text.setBuffer(halo)
    return text

"""Text QGIS draws in whole pixels: the scale bar's words and the overview's map
labels.

A layout's labels and tables are drawn at any size, but the scale bar's words and
map labels are drawn with a font of a whole number of pixels at the export's
resolution (QGIS 3.22 rounds the size): 7 pt at 200 dpi is 19.4 px, drawn at
19 px, i.e. 6.84 pt - under the product's 7 pt minimum. Such a text gets the
smallest size that is drawn at the minimum or more at the resolution exported.
"""

import math
from typing import Sequence

from qgis.core import QgsLayoutItemScaleBar, QgsUnitTypes, QgsVectorLayerSimpleLabeling

from .legend import MIN_TEXT_PT

POINTS_PER_INCH = 72.0


def drawn_size_pt(size_pt: float, dpi: float) -> float:
    """The size (points) a text of ``size_pt`` points is drawn at ``dpi``: a whole
    number of pixels, the nearest."""
    if dpi <= 0:
        return size_pt
    pixels_per_point = dpi / POINTS_PER_INCH
    return math.floor(size_pt * pixels_per_point + 0.5) / pixels_per_point


def readable_size_pt(size_pt: float, dpi: float, minimum_pt: float = MIN_TEXT_PT) -> float:
    """``size_pt`` when it is drawn at ``minimum_pt`` or more at ``dpi``, else the
    smallest size that is (a whole number of pixels at ``dpi``)."""
    if dpi <= 0:
        return max(size_pt, minimum_pt)
    if drawn_size_pt(size_pt, dpi) >= minimum_pt - 1e-9:
        return size_pt
    pixels_per_point = dpi / POINTS_PER_INCH
    return math.ceil(minimum_pt * pixels_per_point - 1e-9) / pixels_per_point


def _readable_format(text_format, dpi: float, minimum_pt: float):
    """``text_format`` with a readable size, or None when it already is (or is not
    sized in points)."""
    if text_format.sizeUnit() != QgsUnitTypes.RenderPoints:
        return None
    size = readable_size_pt(text_format.size(), dpi, minimum_pt)
    if size == text_format.size():
        return None
    text_format.setSize(size)
    return text_format


def keep_drawn_text_readable(layout, label_layers: Sequence, dpi: float,
                             minimum_pt: float = MIN_TEXT_PT) -> None:
    """The scale bars of ``layout`` and the labels of ``label_layers`` (the
    overview's context, which the product made) drawn at ``minimum_pt`` or
    more at ``dpi``."""
    for item in layout.items():
        if isinstance(item, QgsLayoutItemScaleBar):
            text_format = _readable_format(item.textFormat(), dpi, minimum_pt)
            if text_format is not None:
                item.setTextFormat(text_format)
    for layer in label_layers:
        labeling = layer.labeling() if hasattr(layer, "labeling") else None
        if not isinstance(labeling, QgsVectorLayerSimpleLabeling):
            continue
        settings = labeling.settings()
        text_format = _readable_format(settings.format(), dpi, minimum_pt)
        if text_format is not None:
            settings.setFormat(text_format)
            layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))

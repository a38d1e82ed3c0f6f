"""A comparison product's two maps: the same frame on an earlier day (left)
beside the day shown (right), each captioned with its day.

Mixed into :class:`~.layout_builder.SituationLayout`, which provides
``layout``, ``items``, ``map``, ``compare_map`` and ``compare_labels``.
"""

import datetime

from qgis.core import (
    QgsLayoutItemLabel,
    QgsLayoutItemMap,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

from ..infra.i18n import tr
from .content import day_instant

COMPARE_MAP_ID = "comparison_map"  # made for a comparison product: the earlier day
SCALE_BAR_ID = "scale_bar"
NORTH_ARROW_ID = "north_arrow"


class ComparisonMaps:
    """Splits the main map for a comparison and shows the earlier day."""

    def split_for_comparison(self, gap_mm: float = 3.0):
        """Make room for a comparison: the main map takes the right half of its
        frame; a second map, the same frame on the earlier day, the left half."""
        main = self.map
        if main is None or self.compare_map is not None:
            return
        position = self.layout.convertToLayoutUnits(main.positionWithUnits())
        size = self.layout.convertToLayoutUnits(main.sizeWithUnits())
        half = (size.width() - gap_mm) / 2
        other = QgsLayoutItemMap(self.layout)
        other.setId(COMPARE_MAP_ID)
        other.setFrameEnabled(main.frameEnabled())
        other.setFrameStrokeWidth(main.frameStrokeWidth())
        self.layout.addLayoutItem(other)
        other.attemptMove(QgsLayoutPoint(position.x(), position.y(), QgsUnitTypes.LayoutMillimeters),
                          useReferencePoint=False)
        other.attemptResize(QgsLayoutSize(half, size.height(), QgsUnitTypes.LayoutMillimeters))
        main.attemptMove(QgsLayoutPoint(position.x() + half + gap_mm, position.y(),
                                        QgsUnitTypes.LayoutMillimeters), useReferencePoint=False)
        main.attemptResize(QgsLayoutSize(half, size.height(), QgsUnitTypes.LayoutMillimeters))
        self.compare_map = other
        for item_id in (SCALE_BAR_ID, NORTH_ARROW_ID):  # drawn over the maps, as before
            if self.items.get(item_id) is not None:
                self.layout.moveItemToTop(self.items[item_id])
        self.compare_labels = [self._map_caption(position.x() + 1.5, position.y() + 1.5, half - 20),
                               self._map_caption(position.x() + half + gap_mm + 1.5, position.y() + 1.5,
                                                 half - 20)]

    def _map_caption(self, x: float, y: float, width: float) -> QgsLayoutItemLabel:
        label = QgsLayoutItemLabel(self.layout)
        font = label.font()
        font.setFamily("DejaVu Sans")
        font.setBold(True)
        font.setPointSizeF(9.0)
        label.setFont(font)
        label.setBackgroundEnabled(True)
        label.setBackgroundColor(QColor(255, 255, 255, 220))
        label.setMarginX(1.0)
        label.setMarginY(0.8)
        label.setHAlign(Qt.AlignLeft)
        self.layout.addLayoutItem(label)
        label.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters), useReferencePoint=False)
        label.attemptResize(QgsLayoutSize(width, 9.0, QgsUnitTypes.LayoutMillimeters))
        return label

    def _show_compared_day(self, content, day: datetime.date):
        if self.compare_map is None or content.compare_day is None:
            return
        first = content.compare_day
        self.compare_map.setLayers(content.layers_of_the_day())
        self.compare_map.setKeepLayerSet(True)
        self.compare_map.setIsTemporal(True)
        self.compare_map.setTemporalRange(day_instant(first))
        self.compare_labels[0].setText(tr("A: as of {}").format(first.isoformat()))
        self.compare_labels[1].setText(tr("B: as of {}, gained and lost since A").format(
            day.isoformat()))

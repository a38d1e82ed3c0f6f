"""Draw the shipped layout templates (``export/templates/standard_*.qpt``).

The templates are committed source files, edited like any layout in the QGIS
designer; this script is how their first version was drawn and how to redraw
them after changing the design below. Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_templates.py

(with build/plugins on sys.path, see ``__main__`` below).
"""

import os
import sys

from qgis.core import (
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutMeasurement,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTableColumn,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont

FONT_FAMILY = "DejaVu Sans"

# Item boxes in millimetres (x, y, width, height) on A4, per orientation.
BOXES = {
    "landscape": {
        "page": (297, 210),
        "title": (8, 7, 190, 10),
        "subtitle": (8, 17, 190, 6),
        "situation_date": (200, 7, 89, 10),
        "situation_map": (8, 24, 190, 166),
        "north_arrow": (187, 26, 9, 13),
        "scale_bar": (10, 178, 70, 10),
        "basis": (8, 191, 190, 8),
        "overview_map": (202, 24, 87, 50),
        "legend": (202, 77, 87, 40),
        "figures_table": (202, 120, 87, 46),
        "sources": (202, 169, 87, 30),
        "handling": (8, 201, 281, 6),
        "columns": (13, 17, 16, 9, 11, 10),
    },
    "portrait": {
        "page": (210, 297),
        "title": (8, 7, 124, 10),
        "subtitle": (8, 17, 124, 6),
        "situation_date": (132, 7, 70, 10),
        "situation_map": (8, 24, 194, 170),
        "north_arrow": (191, 26, 9, 13),
        "scale_bar": (10, 182, 70, 10),
        "basis": (8, 195, 194, 7),
        "overview_map": (8, 203, 62, 48),
        "legend": (74, 203, 128, 48),
        "figures_table": (8, 254, 118, 34),
        "sources": (130, 254, 72, 34),
        "handling": (8, 290, 194, 5),
        "columns": (20, 18, 24, 14, 16, 16),
    },
}


def _mm(value):
    return QgsLayoutMeasurement(value, QgsUnitTypes.LayoutMillimeters)


def _text_format(size_pt, bold=False, colour="#202020"):
    font = QFont(FONT_FAMILY)
    font.setBold(bold)
    text_format = QgsTextFormat()
    text_format.setFont(font)
    text_format.setSize(size_pt)
    text_format.setSizeUnit(QgsUnitTypes.RenderPoints)
    text_format.setColor(QColor(colour))
    return text_format


def _place(item, box):
    x, y, width, height = box
    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(width, height, QgsUnitTypes.LayoutMillimeters))


def _label(layout, item_id, box, text, size_pt, bold=False, align=Qt.AlignLeft, colour="#202020"):
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    label.setText(text)
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    label.setFont(font)
    label.setFontColor(QColor(colour))
    label.setHAlign(align)
    label.setVAlign(Qt.AlignTop)
    label.setMarginX(0.5)
    label.setMarginY(0.3)
    layout.addLayoutItem(label)
    _place(label, box)
    return label


def draw_standard(orientation: str) -> QgsPrintLayout:
    """The standard situation product: map, overview, legend, figures, sources."""
    from situation_mapper.export.figures import TABLE_COLUMNS
    from situation_mapper.export.layout_builder import DATE_EXPRESSION, NORTH_ARROW_SVG

    boxes = BOXES[orientation]
    layout = QgsPrintLayout(QgsProject.instance())
    layout.initializeDefaults()
    layout.setName(f"Situation map ({orientation})")
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(*boxes["page"], QgsUnitTypes.LayoutMillimeters))

    _label(layout, "title", boxes["title"], "Situation map", 17, bold=True)
    _label(layout, "subtitle", boxes["subtitle"], "", 9, colour="#404040")
    _label(layout, "situation_date", boxes["situation_date"], "as of " + DATE_EXPRESSION, 14,
           bold=True, align=Qt.AlignRight)

    main_map = QgsLayoutItemMap(layout)
    main_map.setId("situation_map")
    main_map.setFrameEnabled(True)
    main_map.setFrameStrokeWidth(_mm(0.4))
    layout.addLayoutItem(main_map)
    _place(main_map, boxes["situation_map"])

    overview = QgsLayoutItemMap(layout)
    overview.setId("overview_map")
    overview.setFrameEnabled(True)
    overview.setFrameStrokeWidth(_mm(0.3))
    layout.addLayoutItem(overview)
    _place(overview, boxes["overview_map"])
    overview.overview().setLinkedMap(main_map)

    arrow = QgsLayoutItemPicture(layout)
    arrow.setId("north_arrow")
    arrow.setPicturePath(NORTH_ARROW_SVG)
    arrow.setBackgroundEnabled(False)
    layout.addLayoutItem(arrow)
    _place(arrow, boxes["north_arrow"])
    arrow.setLinkedMap(main_map)
    arrow.setNorthMode(QgsLayoutItemPicture.TrueNorth)

    scale_bar = QgsLayoutItemScaleBar(layout)
    scale_bar.setId("scale_bar")
    scale_bar.setStyle("Single Box")
    scale_bar.setLinkedMap(main_map)
    scale_bar.setUnits(QgsUnitTypes.DistanceKilometers)
    scale_bar.setUnitLabel("km")
    scale_bar.setTextFormat(_text_format(7))
    scale_bar.setBackgroundEnabled(True)
    scale_bar.setBackgroundColor(QColor(255, 255, 255, 210))
    layout.addLayoutItem(scale_bar)
    _place(scale_bar, boxes["scale_bar"])

    legend = QgsLayoutItemLegend(layout)
    legend.setId("legend")
    legend.setTitle("Legend")
    legend.setLinkedMap(main_map)
    legend.setLegendFilterByMapEnabled(True)
    legend.setResizeToContents(False)
    legend.setFrameEnabled(True)
    legend.setFrameStrokeWidth(_mm(0.2))
    for style, size, bold in ((QgsLegendStyle.Title, 9, True), (QgsLegendStyle.Group, 7.5, True),
                              (QgsLegendStyle.Subgroup, 7.5, True),
                              (QgsLegendStyle.SymbolLabel, 7, False)):
        font = QFont(FONT_FAMILY)
        font.setPointSizeF(size)
        font.setBold(bold)
        legend.setStyleFont(style, font)
    legend.setSymbolHeight(3.5)
    legend.setSymbolWidth(6)
    layout.addLayoutItem(legend)
    _place(legend, boxes["legend"])

    table = QgsLayoutItemManualTable.create(layout)
    layout.addMultiFrame(table)
    table.setResizeMode(QgsLayoutMultiFrame.UseExistingFrames)
    columns = []
    for title, width in zip(TABLE_COLUMNS, boxes["columns"]):
        column = QgsLayoutTableColumn(title)
        column.setWidth(width)
        columns.append(column)
    table.setHeaders(columns)
    table.setIncludeTableHeader(True)
    table.setColumnWidths([c.width() for c in columns])
    table.setHeaderTextFormat(_text_format(6, bold=True))
    table.setContentTextFormat(_text_format(6.5))
    table.setCellMargin(0.8)
    table.setGridStrokeWidth(0.15)
    table.setWrapBehavior(1)  # QgsLayoutTable.WrapText
    frame = QgsLayoutFrame(layout, table)
    frame.setId("figures_table")
    _place(frame, boxes["figures_table"])
    table.addFrame(frame)

    _label(layout, "sources", boxes["sources"], "Sources and licences:", 6)
    _label(layout, "basis", boxes["basis"], "", 6.5, colour="#404040")
    _label(layout, "handling", boxes["handling"], "", 8, bold=True, align=Qt.AlignHCenter,
           colour="#a00000")
    return layout


def save_template(layout, path):
    from situation_mapper.export.layout_builder import NORTH_ARROW_SVG

    if not layout.saveAsTemplate(path, QgsReadWriteContext()):
        raise OSError(f"cannot write {path}")
    # pictures are named relative to the template folder, not by this machine's path
    with open(path, "r", encoding="utf-8") as handle:
        text = handle.read()
    for spelling in {NORTH_ARROW_SVG, os.path.realpath(NORTH_ARROW_SVG)}:
        text = text.replace(f'file="{spelling}"', f'file="{os.path.basename(NORTH_ARROW_SVG)}"')
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def main():
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from situation_mapper.export.layout_builder import TEMPLATE_DIR

    for orientation in BOXES:
        path = os.path.join(TEMPLATE_DIR, f"standard_{orientation}.qpt")
        save_template(draw_standard(orientation), path)
        sys.stdout.write(path + "\n")


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                    "build", "plugins"))
    main()

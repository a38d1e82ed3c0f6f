"""The product's chart in the print layout (exportmap's CHART): a
QgsLayoutItemPicture showing the SVG drawn for each page's day.

Where: in the template's item with id ``chart`` when it has one (its frame,
on the page); else on a second page of the same size, under a heading (the
product's title, the chart's and the day) with the chart's notes and the
handling line, as searchable text. Only a PDF writes a second page: for the
other formats the chart is left out with a warning (the receipt says so).
"""

import datetime
import shutil
import tempfile
import weakref
from typing import Optional

from qgis.core import (
    QgsLayoutItemLabel,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt

from ..infra.i18n import tr
from ..infra.log import log
from .charts_product import ProductChartFigures, caption, render_svg

CHART_ID = "chart"
PAGE_MARGIN_MM = 8.0
HEADING_MM = 14.0
CAPTION_MM = 22.0
HANDLING_MM = 6.0
MM = QgsUnitTypes.LayoutMillimeters


def _label(layout, item_id: str, size_pt: float, bold: bool = False) -> QgsLayoutItemLabel:
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    font = label.font()
    font.setFamily("DejaVu Sans")
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    label.setFont(font)
    label.setHAlign(Qt.AlignLeft)
    label.setVAlign(Qt.AlignTop)
    layout.addLayoutItem(label)
    return label


def _place(item, page: int, x: float, y: float, width: float, height: float):
    """``item`` at (x, y) mm from the top left of page ``page`` (0-based), sized."""
    item.attemptMove(QgsLayoutPoint(x, y, MM), False, False, page)
    item.attemptResize(QgsLayoutSize(width, height, MM))


class ChartPlacement:
    """The chart of ``chart`` in ``layout``; :meth:`show_day` draws each page's."""

    def __init__(self, layout, chart: ProductChartFigures, title: str = "", handling: str = ""):
        self.layout, self.chart, self.title = layout, chart, title
        # the SVGs of the pages, removed with this placement (the layout's)
        self.folder = tempfile.mkdtemp(prefix="situation_mapper_chart_")
        self._remove_folder = weakref.finalize(self, shutil.rmtree, self.folder, True)
        self.picture: Optional[QgsLayoutItemPicture] = None
        self.heading = self.notes = None
        self.size_mm = (0.0, 0.0)
        self.with_title = True
        spot = layout.itemById(CHART_ID)
        if spot is not None:
            self._in_template_spot(spot)
        elif chart.second_page:
            self._on_a_second_page(handling)
        else:
            chart.placed = tr("not placed: only a PDF has a second page for it (give the template an item "
                              "with id 'chart' to have it on the page)")
            log.warning("%s: %s", chart.name, chart.placed)

    def _picture(self) -> QgsLayoutItemPicture:
        picture = QgsLayoutItemPicture(self.layout)
        picture.setId(CHART_ID + "_picture")
        picture.setResizeMode(QgsLayoutItemPicture.Zoom)
        self.layout.addLayoutItem(picture)
        return picture

    def _in_template_spot(self, spot):
        position = self.layout.convertToLayoutUnits(spot.pagePositionWithUnits())
        size = self.layout.convertToLayoutUnits(spot.sizeWithUnits())
        if isinstance(spot, QgsLayoutItemPicture):
            self.picture = spot
        else:  # a frame, a label, a shape: the picture takes its place
            self.picture = self._picture()
            _place(self.picture, spot.page(), position.x(), position.y(), size.width(), size.height())
            spot.setVisibility(False)
        self.size_mm = (size.width(), size.height())
        self.chart.placed = tr("in the template's item '{}'").format(CHART_ID)

    def _on_a_second_page(self, handling: str):
        pages = self.layout.pageCollection()
        first = pages.page(0)
        size = self.layout.convertToLayoutUnits(first.pageSize())
        page = QgsLayoutItemPage(self.layout)
        page.setPageSize(QgsLayoutSize(size.width(), size.height(), MM))
        pages.addPage(page)
        index = pages.pageCount() - 1
        width = size.width() - 2 * PAGE_MARGIN_MM
        bottom = size.height() - PAGE_MARGIN_MM - (HANDLING_MM if handling else 0.0)
        self.heading = _label(self.layout, CHART_ID + "_heading", 14.0, bold=True)
        _place(self.heading, index, PAGE_MARGIN_MM, PAGE_MARGIN_MM, width, HEADING_MM)
        top = PAGE_MARGIN_MM + HEADING_MM
        height = bottom - CAPTION_MM - top
        self.picture = self._picture()
        _place(self.picture, index, PAGE_MARGIN_MM, top, width, height)
        self.notes = _label(self.layout, CHART_ID + "_notes", 8.0)
        _place(self.notes, index, PAGE_MARGIN_MM, bottom - CAPTION_MM + 2.0, width, CAPTION_MM - 2.0)
        if handling:
            label = _label(self.layout, CHART_ID + "_handling", 8.0, bold=True)
            label.setText(handling)
            _place(label, index, PAGE_MARGIN_MM, bottom, width, HANDLING_MM)
        self.size_mm = (width, height)
        self.with_title = False  # the heading says it, as text a reader can search
        self.chart.placed = tr("on page {}").format(index + 1)

    def show_day(self, day: datetime.date) -> str:
        """Draw the chart of ``day`` into the picture; a warning, or ""."""
        if self.picture is None:  # said once: where it is not, and why
            said, self._said = getattr(self, "_said", False), True
            return "" if said else tr("the chart ({}) is {}").format(tr(self.chart.name), self.chart.placed)
        try:
            path, drawing = render_svg(self.chart, day, self.folder, self.size_mm, self.with_title)
        except ImportError:
            self.chart.placed = tr("not drawn: matplotlib is missing")
            return tr("the chart needs matplotlib (Debian: apt install python3-matplotlib)")
        self.picture.setPicturePath(path, QgsLayoutItemPicture.FormatSVG)
        if self.heading is not None:
            self.heading.setText(" — ".join(part for part in (self.title, tr("{}, as of {}").format(
                drawing.title or tr(self.chart.name), day.isoformat())) if part))
        if self.notes is not None:
            self.notes.setText("\n".join(caption(self.chart, drawing, day).split("\n")[1:] + [drawing.source]))
        return tr("no figures for the chart ({})").format(tr(self.chart.name)) if drawing.empty else ""

    def release(self):
        """Remove the SVGs now (they are removed with the placement otherwise)."""
        self._remove_folder()

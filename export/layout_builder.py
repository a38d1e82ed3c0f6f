"""A situation map product as a print layout, built from a ``.qpt`` template.

A template is an ordinary QGIS layout template whose items carry these ids
(any may be missing; the product then simply lacks that part):

``situation_map``   the main map (its temporal range is the situation day)
``overview_map``    the overview inset, showing the main map's extent
``title``, ``subtitle``, ``handling``   text labels
``situation_date``  a label; the shipped templates read the day from the main
                    map's temporal range: ``as of [% format_date(...map_start_time...) %]``
``legend``          the legend, filtered to what the main map shows
``scale_bar``, ``north_arrow``
``figures_table``   the frame of a manual table: occupied share, enclosed
                    degrees, corridor width, change since the previous snapshot
``sources``         a label: every layer's source and licence
``basis``           a label: which source said what (status, assessed / claimed)

Shipped templates live in ``export/templates/<style>_<landscape|portrait>.qpt``;
they are drawn for A4 and scaled to the page chosen (A3: every position and size
times sqrt(2)). Sizes are in millimetres.
"""

import datetime
import glob
import os
from typing import Dict, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDateTimeRange,
    QgsGeometry,
    QgsLayerTreeGroup,
    QgsLayerTreeLayer,
    QgsLayerTreeUtils,
    QgsLayoutFrame,
    QgsLayoutItem,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutUtils,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsReadWriteContext,
    QgsRectangle,
    QgsTableCell,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QSizeF, QTime
from qgis.PyQt.QtXml import QDomDocument

from ..infra.i18n import tr

TEMPLATE_DIR = os.path.join(os.path.dirname(__file__), "templates")
NORTH_ARROW_SVG = os.path.join(TEMPLATE_DIR, "north_arrow.svg")

MAP_ID = "situation_map"
OVERVIEW_ID = "overview_map"
TITLE_ID = "title"
SUBTITLE_ID = "subtitle"
DATE_ID = "situation_date"
LEGEND_ID = "legend"
SCALE_BAR_ID = "scale_bar"
NORTH_ARROW_ID = "north_arrow"
FIGURES_ID = "figures_table"
SOURCES_ID = "sources"
HANDLING_ID = "handling"
BASIS_ID = "basis"
ITEM_IDS = (MAP_ID, OVERVIEW_ID, TITLE_ID, SUBTITLE_ID, DATE_ID, LEGEND_ID, SCALE_BAR_ID,
            NORTH_ARROW_ID, FIGURES_ID, SOURCES_ID, HANDLING_ID, BASIS_ID)

# The day shown is read back from the main map's temporal range, so the label
# is right whoever sets the range (this builder, the atlas, a user in the designer).
DATE_EXPRESSION = ("[% format_date(map_get(item_variables('situation_map'), "
                   "'map_start_time'), 'yyyy-MM-dd') %]")

# page name -> (width mm, height mm)
PAGE_SIZES_MM = {
    "A4 landscape": (297.0, 210.0),
    "A4 portrait": (210.0, 297.0),
    "A3 landscape": (420.0, 297.0),
    "A3 portrait": (297.0, 420.0),
}
PAGE_NAMES = tuple(PAGE_SIZES_MM)

# The overview inset shows this many times the main map's width and height.
OVERVIEW_ZOOM_OUT = 6.0
# Margin added around an area of interest when it gives the extent: a share of its size.
AREA_MARGIN_SHARE = 0.15
# The legend is fitted into its frame by shrinking text, symbols and spacing down
# to this share of the template's sizes, in one then two columns.
LEGEND_SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)
LEGEND_STYLES = (QgsLegendStyle.Title, QgsLegendStyle.Group, QgsLegendStyle.Subgroup,
                 QgsLegendStyle.SymbolLabel)
# The figures table: the smallest text size (points) before rows are moved to a note.
TABLE_MIN_FONT_PT = 4.5



class TemplateError(ValueError):
    """A template file cannot be read as a layout template."""


def shipped_template_styles() -> List[str]:
    """Styles of the templates shipped in ``export/templates`` (``standard``, ...)."""
    styles = set()
    for path in glob.glob(os.path.join(TEMPLATE_DIR, "*_landscape.qpt")):
        styles.add(os.path.basename(path)[:-len("_landscape.qpt")])
    return sorted(styles)


def page_orientation(page_name: str) -> str:
    """``landscape`` or ``portrait`` for a page name of :data:`PAGE_SIZES_MM`."""
    width, height = PAGE_SIZES_MM[page_name]
    return "landscape" if width >= height else "portrait"


def shipped_template_path(style: str, page_name: str) -> str:
    """The shipped template of ``style`` drawn for the orientation of ``page_name``."""
    path = os.path.join(TEMPLATE_DIR, f"{style}_{page_orientation(page_name)}.qpt")
    if not os.path.exists(path):
        raise TemplateError(tr("No shipped template '{}' for {}.").format(style, page_name))
    return path


def load_template(project, template_path: str, page_size_mm: Tuple[float, float]) -> QgsPrintLayout:
    """A print layout of ``project`` from a ``.qpt`` file, fitted to ``page_size_mm``.

    Items are scaled with the page (x by the width ratio, y by the height ratio).
    Raises TemplateError naming the file when it is missing or not a template.
    """
    try:
        with open(template_path, "r", encoding="utf-8") as handle:
            content = handle.read()
    except OSError as error:
        raise TemplateError(tr("Cannot read the template '{}': {}").format(template_path, error)) from error
    document = QDomDocument()
    if not document.setContent(content)[0] or document.documentElement().tagName() != "Layout":
        raise TemplateError(tr("'{}' is not a QGIS layout template (.qpt).").format(template_path))
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    _items, ok = layout.loadFromTemplate(document, QgsReadWriteContext(), True)
    if not ok or layout.pageCollection().pageCount() == 0:
        raise TemplateError(tr("The template '{}' could not be loaded.").format(template_path))
    _fit_to_page(layout, page_size_mm)
    _resolve_pictures(layout)
    return layout


def _fit_to_page(layout, page_size_mm):
    pages = layout.pageCollection()
    while pages.pageCount() > 1:
        pages.deletePage(pages.pageCount() - 1)
    page = pages.page(0)
    current = layout.convertToLayoutUnits(page.pageSize())
    width, height = page_size_mm
    if abs(current.width() - width) < 0.01 and abs(current.height() - height) < 0.01:
        return
    scale_x, scale_y = width / current.width(), height / current.height()
    page.setPageSize(QgsLayoutSize(width, height, QgsUnitTypes.LayoutMillimeters))
    for item in layout.items():
        if not isinstance(item, QgsLayoutItem) or isinstance(item, QgsLayoutItemPage):
            continue
        position = layout.convertToLayoutUnits(item.positionWithUnits())
        size = layout.convertToLayoutUnits(item.sizeWithUnits())
        item.attemptMove(QgsLayoutPoint(position.x() * scale_x, position.y() * scale_y,
                                        QgsUnitTypes.LayoutMillimeters), useReferencePoint=False)
        item.attemptResize(QgsLayoutSize(size.width() * scale_x, size.height() * scale_y,
                                         QgsUnitTypes.LayoutMillimeters))


def _resolve_pictures(layout):
    picture = layout.itemById(NORTH_ARROW_ID)
    if isinstance(picture, QgsLayoutItemPicture) and not os.path.isabs(picture.picturePath() or ""):
        # shipped templates name their pictures relative to export/templates
        relative = os.path.join(TEMPLATE_DIR, os.path.basename(picture.picturePath() or ""))
        picture.setPicturePath(relative if os.path.isfile(relative) else NORTH_ARROW_SVG)


def local_map_crs(centre_lon: float, centre_lat: float) -> QgsCoordinateReferenceSystem:
    """A transverse Mercator on WGS84 centred on the map: true scale and true north
    at the centre, for display only (figures are measured ellipsoidally elsewhere)."""
    return QgsCoordinateReferenceSystem.fromProj(
        f"+proj=tmerc +lat_0={centre_lat:.6f} +lon_0={centre_lon:.6f} +k=1 +x_0=0 +y_0=0 "
        "+ellps=WGS84 +units=m +no_defs +type=crs")


def day_instant(day: datetime.date) -> QgsDateTimeRange:
    """The temporal range that shows the situation of ``day``: the instant at its noon.

    Snapshots valid from D (inclusive) to the next date (exclusive) then show on D
    whatever the layer's begin/end inclusion settings.
    """
    noon = QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0, 0))
    return QgsDateTimeRange(noon, noon)


class SituationLayout:
    """A print layout with the situation product's items found by id."""

    def __init__(self, layout: QgsPrintLayout):
        self.layout = layout
        self.items = {item_id: layout.itemById(item_id) for item_id in ITEM_IDS}
        frame = self.items.get(FIGURES_ID)
        self.figures_table = frame.multiFrame() if isinstance(frame, QgsLayoutFrame) else None
        if not isinstance(self.figures_table, QgsLayoutItemManualTable):
            self.figures_table = None
        self.map_crs = None

    @property
    def map(self) -> Optional[QgsLayoutItemMap]:
        item = self.items.get(MAP_ID)
        return item if isinstance(item, QgsLayoutItemMap) else None

    def missing_items(self) -> List[str]:
        """Ids of the product's items the template does not have."""
        return [item_id for item_id, item in self.items.items() if item is None]

    # -- texts ---------------------------------------------------------------------
    def set_label(self, item_id: str, text: str, hide_when_empty: bool = True):
        label = self.items.get(item_id)
        if isinstance(label, QgsLayoutItemLabel):
            label.setText(text or "")
            if hide_when_empty:
                label.setVisibility(bool(text))

    def set_texts(self, title: str, subtitle: str = "", handling: str = ""):
        """Title, subtitle and the handling / classification line (hidden when empty)."""
        self.set_label(TITLE_ID, title)
        self.set_label(SUBTITLE_ID, subtitle)
        self.set_label(HANDLING_ID, handling)
        date_label = self.items.get(DATE_ID)
        if isinstance(date_label, QgsLayoutItemLabel):
            text = date_label.text()
            if "map_start_time" not in text:
                text = "as of " + DATE_EXPRESSION
            date_label.setText(text.replace("as of", tr("as of"), 1))

    def set_sources(self, lines: Sequence[str]):
        self.set_label(SOURCES_ID, "\n".join([tr("Sources and licences:")] + list(lines)))

    def set_basis(self, text: str):
        self.set_label(BASIS_ID, text)

    # -- map -----------------------------------------------------------------------
    def set_extent(self, extent_wgs84: QgsRectangle, project_crs: QgsCoordinateReferenceSystem):
        """Show ``extent_wgs84`` (degrees) in the main map, in the project's CRS or,
        when that is geographic, a transverse Mercator centred on the extent."""
        main_map = self.map
        if main_map is None:
            return
        centre = extent_wgs84.center()
        if project_crs.isValid() and not project_crs.isGeographic():
            crs = project_crs
        else:
            crs = local_map_crs(centre.x(), centre.y())
        self.map_crs = crs
        transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs,
                                           self.layout.project().transformContext())
        outline = QgsGeometry.fromRect(extent_wgs84)
        outline = outline.densifyByCount(20)
        outline.transform(transform)
        box = outline.boundingBox()
        main_map.setCrs(crs)
        _show_extent(main_map, box)
        overview = self.items.get(OVERVIEW_ID)
        if isinstance(overview, QgsLayoutItemMap):
            overview.setCrs(crs)
            wide = QgsRectangle(box)
            wide.scale(OVERVIEW_ZOOM_OUT)
            _show_extent(overview, wide)
            overview.overview().setLinkedMap(main_map)
        scale_bar = self.items.get(SCALE_BAR_ID)
        if isinstance(scale_bar, QgsLayoutItemScaleBar):
            scale_bar.setLinkedMap(main_map)
            scale_bar.applyDefaultSize(QgsUnitTypes.DistanceKilometers)
            scale_bar.setUnitLabel(tr("km"))
        arrow = self.items.get(NORTH_ARROW_ID)
        if isinstance(arrow, QgsLayoutItemPicture):
            arrow.setLinkedMap(main_map)
            arrow.setNorthMode(QgsLayoutItemPicture.TrueNorth)
        legend = self.items.get(LEGEND_ID)
        if isinstance(legend, QgsLayoutItemLegend):
            legend.setLinkedMap(main_map)
            legend.setLegendFilterByMapEnabled(True)

    def set_day(self, day: datetime.date):
        """Show the situation of ``day`` in the main map and the overview."""
        for item_id in (MAP_ID, OVERVIEW_ID):
            item = self.items.get(item_id)
            if isinstance(item, QgsLayoutItemMap):
                item.setIsTemporal(True)
                item.setTemporalRange(day_instant(day))
        self._filter_legend_by_time(day_instant(day))
        legend = self.items.get(LEGEND_ID)
        if isinstance(legend, QgsLayoutItemLegend):
            legend.setLegendFilterByMapEnabled(True)
            legend.updateFilterByMap(False)
        self.layout.refresh()

    def _filter_legend_by_time(self, time_range: QgsDateTimeRange):
        # The legend's filter by map content ignores the temporal range (QGIS 3.22):
        # each temporal layer's legend also gets the layer's own time filter as
        # an expression, so the legend lists only what the map shows that day.
        legend = self.items.get(LEGEND_ID)
        if not isinstance(legend, QgsLayoutItemLegend):
            return
        if legend.autoUpdateModel():
            # the legend's own copy of the layer tree: filters set below never touch
            # the project's layer tree (the user's legend in the main window)
            legend.setAutoUpdateModel(False)
        root = legend.model().rootGroup()
        for node in root.findLayers():
            layer = node.layer()
            if not isinstance(layer, QgsVectorLayer) or not layer.temporalProperties().isActive():
                continue
            temporal_context = QgsVectorLayerTemporalContext()
            temporal_context.setLayer(layer)
            expression = layer.temporalProperties().createFilterString(temporal_context, time_range)
            if expression:
                QgsLayerTreeUtils.setLegendFilterByExpression(node, expression, True)

    # -- legend --------------------------------------------------------------------
    def order_legend(self, first_layer_ids: Sequence[str]):
        """Put the legend entries of ``first_layer_ids`` (the situation's control
        layers, or the groups holding them) at the top of the legend, in their
        drawing order."""
        legend = self.items.get(LEGEND_ID)
        if not isinstance(legend, QgsLayoutItemLegend):
            return
        if legend.autoUpdateModel():
            legend.setAutoUpdateModel(False)  # the legend's own tree, not the project's
        root = legend.model().rootGroup()
        wanted = set(first_layer_ids)
        # top-level entries holding a control layer: the layer, or its group
        nodes = [node for node in root.children()
                 if (isinstance(node, QgsLayerTreeLayer) and node.layerId() in wanted)
                 or (isinstance(node, QgsLayerTreeGroup)
                     and any(layer.layerId() in wanted for layer in node.findLayers()))]
        for index, node in enumerate(nodes):
            root.insertChildNode(index, node.clone())
            root.removeChildNode(node)

    def fit_legend(self) -> str:
        """Make every legend entry fit the legend's frame: smaller text, symbols and
        spacing, then two columns; when even that is too big the frame grows to its
        content. Returns a warning when the frame had to grow, else ""."""
        legend = self.items.get(LEGEND_ID)
        if not isinstance(legend, QgsLayoutItemLegend):
            return ""
        if not hasattr(self, "_legend_base"):
            # the template's sizes, kept so that each day is fitted from them afresh
            self._legend_base = (
                self.layout.convertToLayoutUnits(legend.sizeWithUnits()),
                {style: legend.styleFont(style) for style in LEGEND_STYLES},
                {style: (legend.rstyle(style).margin(QgsLegendStyle.Top),
                         legend.rstyle(style).margin(QgsLegendStyle.Bottom))
                 for style in LEGEND_STYLES + (QgsLegendStyle.Symbol,)},
                (legend.symbolWidth(), legend.symbolHeight()))
        frame, fonts, margins, symbol = self._legend_base
        self._filter_legend_now(legend)
        for columns in (1, 2):
            for scale in LEGEND_SCALES:
                self._scale_legend(legend, scale, columns, fonts, margins, symbol)
                size = self._legend_content_size(legend)
                if size.width() <= frame.width() + 0.01 and size.height() <= frame.height() + 0.01:
                    legend.setResizeToContents(False)
                    legend.attemptResize(QgsLayoutSize(frame.width(), frame.height(),
                                                       QgsUnitTypes.LayoutMillimeters))
                    return ""
        size = self._legend_content_size(legend)
        legend.setResizeToContents(False)
        legend.attemptResize(QgsLayoutSize(max(frame.width(), size.width()), size.height(),
                                           QgsUnitTypes.LayoutMillimeters))
        return tr("The legend is larger than its frame in the template: the frame grew to show "
                  "every entry.")

    def _filter_legend_now(self, legend):
        """Apply the legend's filter by map content (and by the day's time filter
        expressions) now, as its next drawing will, so that what is measured is
        what is drawn."""
        main_map = self.map
        if main_map is None or not legend.legendFilterByMapEnabled():
            return
        dpi = self.layout.renderContext().dpi()
        extent = main_map.extent()
        size_mm = self.layout.convertToLayoutUnits(main_map.sizeWithUnits())
        pixels = QSizeF(size_mm.width() * dpi / 25.4, size_mm.height() * dpi / 25.4)
        settings = main_map.mapSettings(extent, pixels, dpi, True)
        legend.model().setLegendFilter(settings, True, QgsGeometry(), True)

    @staticmethod
    def _scale_legend(legend, scale, columns, fonts, margins, symbol):
        for style, font in fonts.items():
            scaled = type(font)(font)
            scaled.setPointSizeF(font.pointSizeF() * scale)
            legend.setStyleFont(style, scaled)
        for style, (top, bottom) in margins.items():
            legend.rstyle(style).setMargin(QgsLegendStyle.Top, top * scale)
            legend.rstyle(style).setMargin(QgsLegendStyle.Bottom, bottom * scale)
        legend.setSymbolWidth(symbol[0] * scale)
        legend.setSymbolHeight(symbol[1] * scale)
        legend.setColumnCount(columns)
        legend.setSplitLayer(columns > 1)

    def _legend_content_size(self, legend):
        """The size (mm) the legend needs for all its entries."""
        context = QgsLayoutUtils.createRenderContextForLayout(self.layout, None)
        return QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize(context)

    # -- figures -------------------------------------------------------------------
    def set_figures(self, rows: Sequence[Sequence[str]], headers: Sequence[str] = ()):
        """Rows of text (area, source, occupied, change, enclosed, corridor) into the
        figures table, with new column titles when ``headers`` are given."""
        table = self.figures_table
        if table is None:
            return
        columns = table.headers()
        if headers and len(columns) == len(headers):
            for column, title in zip(columns, headers):
                column.setHeading(title)
            table.setHeaders(columns)
        if not rows:
            rows = [[tr("no figure areas given"), "", "", "", "", ""]]
        frame = self.items.get(FIGURES_ID)
        if not hasattr(self, "_table_formats"):
            self._table_formats = (table.contentTextFormat(), table.headerTextFormat())
        content, header = (type(f)(f) for f in self._table_formats)
        limit = self.layout.convertToLayoutUnits(frame.sizeWithUnits()).height() if frame else 0
        base = content.size()
        size = base
        while True:
            content.setSize(size)
            header.setSize(min(self._table_formats[1].size(), size + 0.5))
            table.setContentTextFormat(content)
            table.setHeaderTextFormat(header)
            self._fill_table(table, rows)
            if not limit or table.totalHeight() <= limit + 0.01 or size <= TABLE_MIN_FONT_PT:
                break
            size = max(TABLE_MIN_FONT_PT, size - 0.5)
        if limit and table.totalHeight() > limit + 0.01:
            # even the smallest text is too tall: the rows that do not fit become a note
            for shown in range(len(rows) - 1, 0, -1):
                hidden = rows[shown:]
                areas = list(dict.fromkeys(str(row[0]) for row in hidden))
                note = tr("… {} more areas (see the Analysis panel)").format(len(areas)) \
                    if len(areas) > 1 else tr("… {} more rows (see the Analysis panel)").format(len(hidden))
                self._fill_table(table, list(rows[:shown]) + [[note] + [""] * (len(rows[0]) - 1)])
                if table.totalHeight() <= limit + 0.01:
                    break

    @staticmethod
    def _fill_table(table, rows):
        table.setTableContents([[QgsTableCell(str(value)) for value in row] for row in rows])
        table.refresh()
        table.recalculateTableSize()


def _show_extent(map_item: QgsLayoutItemMap, box: QgsRectangle):
    """Show at least ``box`` (map CRS units), grown to the item's width/height ratio."""
    size = map_item.rect()
    if size.width() <= 0 or size.height() <= 0 or box.width() <= 0 or box.height() <= 0:
        map_item.setExtent(box)
        return
    item_ratio = size.width() / size.height()
    width, height = box.width(), box.height()
    if width / height < item_ratio:
        width = height * item_ratio
    else:
        height = width / item_ratio
    centre = box.center()
    map_item.setExtent(QgsRectangle(centre.x() - width / 2, centre.y() - height / 2,
                                    centre.x() + width / 2, centre.y() + height / 2))


def area_extent(layer, margin_share: float = AREA_MARGIN_SHARE) -> QgsRectangle:
    """The extent of ``layer`` in EPSG:4326 degrees, grown by ``margin_share`` of its size."""
    transform = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem("EPSG:4326"),
                                       layer.transformContext())
    outline = QgsGeometry.fromRect(layer.extent()).densifyByCount(20)
    outline.transform(transform)
    box = outline.boundingBox()
    box.grow(max(box.width(), box.height()) * margin_share)
    return box


def label_texts(layout) -> Dict[str, str]:
    """Every label's text after expression evaluation, by item id (for checks)."""
    texts = {}
    for item in layout.items():
        if isinstance(item, QgsLayoutItemLabel):
            texts[item.id()] = item.currentText()
    return texts

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
    QgsGeometry,
    QgsLayoutFrame,
    QgsLayoutItem,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsFillSymbol,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPrintLayout,
    QgsReadWriteContext,
    QgsRectangle,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from qgis.PyQt.QtXml import QDomDocument

from ..infra.i18n import tr
from . import legend as legend_parts
from .framing import MARGIN_SHARE, MapFrame, frame_subject, local_map_crs  # noqa: F401 (re-exported)
from .content import day_instant  # noqa: F401 (re-exported)
from .comparison_maps import COMPARE_MAP_ID, ComparisonMaps  # noqa: F401
from .events_box import EVENTS_ID, EventsBox  # noqa: F401
from .figures_block import CLAIMS_ID, FIGURES_ID, SOURCES_ID, FiguresBlock  # noqa: F401
from .charts_layout import ChartPlacement
from .legend import MIN_TEXT_PT
from .legend_block import LEGEND_ID, LegendBlock

TEMPLATE_DIR = os.path.join(os.path.dirname(__file__), "templates")
NORTH_ARROW_SVG = os.path.join(TEMPLATE_DIR, "north_arrow.svg")

MAP_ID = "situation_map"
OVERVIEW_ID = "overview_map"
TITLE_ID = "title"
SUBTITLE_ID = "subtitle"
DATE_ID = "situation_date"
SCALE_BAR_ID = "scale_bar"
NORTH_ARROW_ID = "north_arrow"
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

# The overview inset shows at least this many times the main map's width and
# height, and at least OVERVIEW_MIN_WIDTH_M across: the country and its regions.
OVERVIEW_ZOOM_OUT = 6.0
OVERVIEW_MIN_WIDTH_M = 500000.0
# Margin added around an area of interest when it gives the extent: a share of its size.
AREA_MARGIN_SHARE = MARGIN_SHARE


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
    # no initializeDefaults(): its page would only be deleted later (deleteLater), and a
    # page deleted while a page is drawn (an XYZ basemap's tiles run an event loop) crashes
    _items, ok = layout.loadFromTemplate(document, QgsReadWriteContext(), True)
    if not ok or layout.pageCollection().pageCount() == 0:
        raise TemplateError(tr("The template '{}' could not be loaded.").format(template_path))
    _fit_to_page(layout, page_size_mm)
    _resolve_pictures(layout)
    return layout


def _fit_to_page(layout, page_size_mm):
    pages = layout.pageCollection()
    if pages.pageCount() > 1:
        while pages.pageCount() > 1:
            pages.deletePage(pages.pageCount() - 1)
        # the pages go now, not while a page is drawn (see load_template)
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
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


class SituationLayout(ComparisonMaps, FiguresBlock, EventsBox, LegendBlock):
    """A print layout with the situation product's items found by id."""

    def __init__(self, layout: QgsPrintLayout):
        self.layout = layout
        self.items = {item_id: layout.itemById(item_id) for item_id in ITEM_IDS}
        frame = self.items.get(FIGURES_ID)
        self.figures_table = frame.multiFrame() if isinstance(frame, QgsLayoutFrame) else None
        if not isinstance(self.figures_table, QgsLayoutItemManualTable):
            self.figures_table = None
        self.map_crs = None
        self.content = None
        self._legend_fitter = None
        self._legend_filter = None  # the day's legend entries (export/legend_block.py)
        self._shown_day = None
        self._claims_label = None
        self.compare_map: Optional[QgsLayoutItemMap] = None
        self.compare_labels: List[QgsLayoutItemLabel] = []
        self.chart: Optional[ChartPlacement] = None  # the product's chart (CHART), when it has one
        self._events_labels: List[QgsLayoutItemLabel] = []

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
        """The sources block; a line too long for the label's width is broken after
        the layer's name, so that what a source says stays on one line."""
        label = self.items.get(SOURCES_ID)
        width = self.layout.convertToLayoutUnits(label.sizeWithUnits()).width() \
            if isinstance(label, QgsLayoutItemLabel) else 0.0
        per_line = int(width / 1.45) if width else 0  # DejaVu Sans at 7 pt: ~1.45 mm a character
        # layers that say the same are named together, so the block stays short
        grouped = {}
        for line in lines:
            name, colon, said = line.partition(": ")
            key = said if colon else line
            grouped.setdefault(key, []).append(name if colon else "")
        lines = [", ".join(names) + ": " + said if any(names) else said
                 for said, names in grouped.items()]
        shown = []
        for line in lines:
            name, colon, said = line.partition(": ")
            if per_line and len(line) > per_line and colon and len(said) <= per_line - 2:
                shown.extend([name + ":", "  " + said])
            else:
                shown.append(line)
        self.set_label(SOURCES_ID, "\n".join([tr("Sources and licences:")] + shown))

    def set_basis(self, text: str):
        self.set_label(BASIS_ID, text)

    # -- the whole product, in one pass ------------------------------------------------
    def build(self, content) -> List[str]:
        """Lay out ``content`` (export/content.py): texts, frame, overview, legend
        order, sources; the pages are shown with :meth:`show_day`. Reads the
        content only; returns warnings for the log."""
        self.content = content
        self.set_texts(content.title, content.subtitle, content.handling)
        self.place_events_box(content.events_box_mm)  # the maps' size first: the frame fits them
        self.set_frame(content.frame)
        if content.basemap_layers() and self.map is not None:
            # the layer tree does not hold the basemap (no legend entry): the map is told
            self.map.setLayers(list(content.layers) + content.basemap_layers())
            self.map.setKeepLayerSet(True)
        self.set_overview_layers(content.overview_layers, content.control_layers)
        self.set_sources(content.sources)
        self.order_legend([layer.id() for layer in content.control_layers])
        self.raise_small_text()
        chart = getattr(content.figures, "chart", None)
        if chart is not None:  # in the template's 'chart' item, else on a second page
            self.chart = ChartPlacement(self.layout, chart, content.title, content.handling)
        return []

    def show_day(self, day: datetime.date) -> str:
        """Show the page of ``day`` from the content given to :meth:`build`: the
        map's and the overview's day, the legend's words, the figures, claims,
        events and basis. Returns a warning when the legend outgrew its frame, else ""."""
        page = self.content_page = self.content.page(day)
        self.set_day(day)
        self._show_compared_day(self.content, day)
        legend = self.items.get(LEGEND_ID)
        if isinstance(legend, QgsLayoutItemLegend) and page.legend_names:
            legend_parts.set_entry_names(legend, page.legend_names)
        warning = self.fit_legend()  # what the legend lists depends on the day
        self._keep_figures_below_legend()
        lines = [claim.text() for claim in page.claims] + list(page.notes)
        cut = self._place_text_column(lines)
        self.show_events(page.events)  # under the map, in the room it gave up (export/events_box.py)
        if cut and not warning:
            warning = tr("the sources block is longer than the room under the figures; its end is cut")
        self.set_basis(page.basis)
        chart_warning = self.chart.show_day(day) if self.chart is not None else ""
        return warning or chart_warning

    def _place_text_column(self, lines) -> bool:
        """Figures table, then ``lines`` (claims, notes, events) under it, then the
        sources; True when they do not all fit (the sources' end is cut)."""
        grown = self._grow_sources_upwards()
        self.set_figures(self.content_page.figure_rows, self.content_page.figure_headers,
                         self.claims_reserve_mm(lines) + grown)
        self.set_claims(lines, grown)
        return self.keep_sources_below_table(self.claims_reserve_mm(lines) if lines else 0.0)

    def raise_small_text(self, minimum_pt: float = MIN_TEXT_PT):
        """No label text below ``minimum_pt`` (it must read on A4)."""
        for item in self.layout.items():
            if isinstance(item, QgsLayoutItemLabel) and hasattr(item, "textFormat"):
                text_format = item.textFormat()
                if text_format.size() < minimum_pt:
                    text_format.setSize(minimum_pt)
                    item.setTextFormat(text_format)
            elif isinstance(item, QgsLayoutItemLabel):
                font = item.font()
                if font.pointSizeF() < minimum_pt:
                    font.setPointSizeF(minimum_pt)
                    item.setFont(font)

    # -- map -----------------------------------------------------------------------
    def set_extent(self, extent_wgs84: QgsRectangle, project_crs: QgsCoordinateReferenceSystem):
        """Show at least ``extent_wgs84`` (degrees) in the main map, in the project's
        CRS or, when that is geographic, a transverse Mercator centred on the extent."""
        main_map = self.map
        if main_map is None:
            return
        size = self.layout.convertToLayoutUnits(main_map.sizeWithUnits())
        self.set_frame(frame_subject(extent_wgs84, (size.width(), size.height()), margin_share=0.0,
                                     round_scale=False, crs=project_crs))

    def set_frame(self, frame: MapFrame):
        """The main map shows ``frame`` (its CRS, extent and scale); the overview
        the country around it with a frame of the main map; scale bar, north
        arrow and legend follow the main map."""
        main_map = self.map
        if main_map is None:
            return
        self.map_crs = frame.crs
        main_map.setCrs(frame.crs)
        _show_extent(main_map, frame.extent)
        if self.compare_map is not None:
            self.compare_map.setCrs(frame.crs)
            _show_extent(self.compare_map, frame.extent)
        overview = self.items.get(OVERVIEW_ID)
        if isinstance(overview, QgsLayoutItemMap):
            overview.setCrs(frame.crs)
            wide = QgsRectangle(frame.extent)
            wide.scale(OVERVIEW_ZOOM_OUT)
            if wide.width() < OVERVIEW_MIN_WIDTH_M:
                wide.scale(OVERVIEW_MIN_WIDTH_M / wide.width())
            _show_extent(overview, wide)
            overview.overview().setLinkedMap(main_map)
            overview.overview().setFrameSymbol(QgsFillSymbol.createSimple(
                {"style": "no", "outline_color": "0,0,0", "outline_width": "0.8"}))
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

    def set_overview_layers(self, context_layers: Sequence, situation_layers: Sequence = ()):
        """The overview inset draws ``situation_layers`` over ``context_layers``
        (the country and its regions); nothing given: the project's layers."""
        overview = self.items.get(OVERVIEW_ID)
        if not isinstance(overview, QgsLayoutItemMap) or not context_layers:
            return
        overview.setLayers(list(situation_layers) + list(context_layers))
        overview.setKeepLayerSet(True)

    def map_scale(self) -> float:
        """The main map's scale denominator (0 without a main map)."""
        return self.map.scale() if self.map is not None else 0.0

    def set_day(self, day: datetime.date):
        """Show the situation of ``day`` in the main map and the overview."""
        for item_id in (MAP_ID, OVERVIEW_ID):
            item = self.items.get(item_id)
            if isinstance(item, QgsLayoutItemMap):
                item.setIsTemporal(True)
                item.setTemporalRange(day_instant(day))
        self.show_legend_of_day(day)
        self._refresh_for_day()

    def _refresh_for_day(self):
        """Refresh what reads the day: the labels with expressions (e.g. the date;
        the others are given their words) and any item with data-defined
        properties; the maps' drawings are made afresh (their extent stays) - not
        the scale bar, north arrow or legend (they follow the map, whose frame
        stays; the legend was filtered in :meth:`set_day`), nor the figures table,
        which :meth:`set_figures` fills afresh. Cheaper than a whole layout refresh."""
        for item in self.layout.items():
            if not isinstance(item, QgsLayoutItem) or isinstance(item, QgsLayoutItemPage):
                continue
            if item.dataDefinedProperties().hasActiveProperties() \
                    or (isinstance(item, QgsLayoutItemLabel) and "[%" in item.text()):
                item.refresh()
            elif isinstance(item, QgsLayoutItemMap):
                # a map's refresh says its extent changed (it did not), and the legend
                # would filter itself again by QGIS's costly hit test at the next drawing
                item.invalidateCache()
        for multi_frame in self.layout.multiFrames():
            if multi_frame is not self.figures_table:
                multi_frame.refresh()


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

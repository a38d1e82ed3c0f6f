"""The Analysis tab's results around the table: the columns fitted to a narrow
dock, the extent of a row's area, and the last result kept in the project
(scope ``situation_mapper``, keys ``analysis/...``)."""

import heapq
import json
from typing import Dict, List, Optional, Tuple

from qgis.core import QgsCoordinateTransform, QgsExpression, QgsFeatureRequest, QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QHeaderView, QStyledItemDelegate

from ..infra.log import log
from .share_table import AREA_COLUMN, COLUMNS, ROW_KEYS, SOURCE_COLUMN

PROJECT_SCOPE = "situation_mapper"
KEY_ROWS = "analysis/rows"
KEY_AREAS_LAYER = "analysis/areas_layer"
KEY_NAME_FIELD = "analysis/name_field"


WIDEST_CANDIDATES = 8  # rows measured per column: those of the longest texts
# hidden in this order when the area's names do not fit (each row's tooltip gives their values)
GIVE_WAY_COLUMNS = (4, 5)  # km², Δ pts


def _display_length(value, key, decimals) -> int:
    """Characters of the table's text for ``value`` (as ShareTableModel shows it)."""
    if value is None:
        return 3 if key == "occupied_pct" else 0  # "n/a"
    try:
        return len(f"{value:.{decimals}f}") if decimals is not None else len(str(value))
    except (TypeError, ValueError):
        return len(str(value))


def _longest_rows(model, rows, column) -> List[int]:
    """The rows of the longest texts of ``column``, kept with the model's rows (a
    resized dock fits the columns again without reading the rows again)."""
    cached_rows, by_column = getattr(model, "_longest_rows_cache", (None, {}))
    if cached_rows is not rows:
        by_column = {}
        model._longest_rows_cache = (rows, by_column)  # noqa: SLF001 - a cache of this module's
    if column not in by_column:
        by_column[column] = _longest_of(rows, column)
    return by_column[column]


def _longest_of(rows, column) -> List[int]:
    key, _header, decimals = COLUMNS[column]
    return [number for _length, number in heapq.nlargest(
        WIDEST_CANDIDATES, ((_display_length(row.get(key), key, decimals), number)
                            for number, row in enumerate(rows)))]


def longest_rows(rows) -> Dict[int, List[int]]:
    """Per column, the rows of its longest texts: what fitting the columns
    measures, found in any thread (no Qt) - e.g. where the rows are read, so
    that the GUI does not go through every row when they arrive."""
    return {column: _longest_of(rows, column) for column in range(len(COLUMNS))}


def keep_longest_rows(model, by_column: Dict[int, List[int]]) -> None:
    """Give the model's rows (the same rows, in the same order) their
    :func:`longest_rows`, found elsewhere."""
    model._longest_rows_cache = (model.rows, dict(by_column))  # noqa: SLF001 - this module's cache


def _values_width(view, model, column) -> int:
    """Pixels for the widest value of ``column``: Qt's size hint of the cells with
    the longest texts. Qt's own column hint asks the (Python) model for up to a
    thousand rows, or all of a hidden table's: half a second for 10,000 rows."""
    rows = getattr(model, "rows", None)
    if rows is None:
        return view.sizeHintForColumn(column)
    longest = _longest_rows(model, rows, column)
    proxy = view.model()
    width = 0
    for number in longest:
        index = model.index(number, column)
        if proxy is not model:
            index = proxy.mapFromSource(index)
        width = max(width, view.sizeHintForIndex(index).width())
    if not longest:
        return view.sizeHintForColumn(column)
    return width + (1 if view.showGrid() else 0)


def _column_width(view, model, column, title_metrics, padding) -> int:
    """Pixels for the widest value of ``column`` or its title, whichever is wider
    (the title with room for the sort arrow in the sorted column)."""
    title = model.headerData(column, Qt.Horizontal)
    header = view.horizontalHeader()
    if header.isSortIndicatorShown() and header.sortIndicatorSection() == column:
        style = view.style()
        padding += style.pixelMetric(style.PM_HeaderMarkSize) + style.pixelMetric(style.PM_HeaderMargin)
    return max(_values_width(view, model, column), title_metrics.horizontalAdvance(title) + padding)


def shared_endings(names) -> set:
    """The last words that end more than one of ``names`` ("hromada" of
    "Pokrovsk hromada" and "Myrnohrad hromada"): words that tell no name apart."""
    seen, shared = set(), set()
    for name in {str(name) for name in names if name not in (None, "")}:
        words = name.split()
        if len(words) < 2:
            continue
        (shared if words[-1] in seen else seen).add(words[-1])
    return shared


def elide_mode(name, endings) -> int:
    """How a name too long for its cell is elided: on the right when its last
    word ends other names too ("Pokrovsk hrom…": its start is what tells it
    apart), else in the middle ("Kostia…raion": both ends readable)."""
    words = str(name or "").split()
    return Qt.ElideRight if len(words) > 1 and words[-1] in endings else Qt.ElideMiddle


class MiddleElide(QStyledItemDelegate):
    """Area cells elided in the middle ("Kostia…raion"), both ends of a name
    readable, or on the right when the name ends as others do (see
    :func:`elide_mode`; ``endings``: the rows' :func:`shared_endings`)."""

    endings = frozenset()

    def initStyleOption(self, option, index):  # noqa: N802 (Qt's name)
        super().initStyleOption(option, index)
        option.textElideMode = elide_mode(option.text, self.endings)


def _name_widths(view, model) -> List[int]:
    """Pixels of a cell showing each area name of the rows (text, margins, grid)."""
    rows = getattr(model, "rows", None) or []
    metrics = view.fontMetrics()
    margins = 2 * (view.style().pixelMetric(view.style().PM_FocusFrameHMargin, None, view) + 1) + \
        (1 if view.showGrid() else 0)
    return [metrics.horizontalAdvance(str(name)) + margins
            for name in {row.get("area") for row in rows if row.get("area") not in (None, "")}]


def _one_source(model) -> bool:
    rows = getattr(model, "rows", None) or []
    return len({row.get("source") for row in rows}) <= 1


def fit_share_columns(view, model) -> None:
    """Dates and numbers at the width of their values (and titles); then the
    area at the width of its longest name, the source at the width of its
    values in what is left (narrower when the area needs it) and any room
    over to the area. When the names do not fit (the longest for which room
    can be made: a longer one is elided in any case) and the rows have one
    source, columns whose values every row's tooltip gives make room: the
    source, then km², then Δ pts. Rows of several sources are compared source
    by source: the source is narrowed (elided) and km² and Δ pts give way only
    when not even the narrowest area and source columns fit. The area
    is elided only when it still does not fit (in full in the tooltip): in the
    middle, or on the right when names end alike ("… hromada"). Sized by the values rather than by Qt's header hint, which
    keeps room for a sort arrow in every column and pushed Share % and km²
    out of a 400 px dock."""
    header = view.horizontalHeader()
    delegate = view.itemDelegateForColumn(AREA_COLUMN)
    if not isinstance(delegate, MiddleElide):
        delegate = MiddleElide(view)
        view.setItemDelegateForColumn(AREA_COLUMN, delegate)
    rows = getattr(model, "rows", None) or []
    cached = getattr(model, "_endings_cache", (None, frozenset()))
    if cached[0] is not rows:  # the rows' endings once, not at each resize of the dock
        cached = (rows, frozenset(shared_endings({row.get("area") for row in rows})))
        model._endings_cache = cached  # noqa: SLF001 - a cache of this module's
    delegate.endings = cached[1]
    header.setSectionResizeMode(AREA_COLUMN, QHeaderView.Interactive)  # sized here, not stretched
    if not getattr(header, "_share_columns_fitted", False):  # a sort arrow moved: room for it
        header._share_columns_fitted = True  # noqa: SLF001 - this module's mark
        header.sortIndicatorChanged.connect(lambda *_args: fit_share_columns(view, model))
    title_metrics = header.fontMetrics()
    padding = 2 * view.style().pixelMetric(view.style().PM_HeaderMargin)  # the header's text margins
    widths = {}
    for column in range(len(COLUMNS)):
        if column not in (AREA_COLUMN, SOURCE_COLUMN):
            widths[column] = _column_width(view, model, column, title_metrics, padding)
            header.resizeSection(column, widths[column])
    smallest = header.minimumSectionSize()
    area = _column_width(view, model, AREA_COLUMN, title_metrics, padding)
    source = _column_width(view, model, SOURCE_COLUMN, title_metrics, padding)
    hidden = set()
    left = max(view.viewport().width() - sum(widths.values()), 0)
    # the longest name that room can be made for; longer ones are elided in any case
    most = left + sum(widths[column] for column in GIVE_WAY_COLUMNS)
    area = max((width for width in _name_widths(view, model) if width <= most), default=min(area, most))
    if area + min(source, smallest) > left and _one_source(model):
        hidden.add(SOURCE_COLUMN)
        for column in GIVE_WAY_COLUMNS:
            if area <= left:
                break
            hidden.add(column)
            left += widths[column]
    for column in GIVE_WAY_COLUMNS:  # not even the narrowest area and source fit: no column cut off
        if column in hidden or left >= smallest * (1 if SOURCE_COLUMN in hidden else 2):
            continue
        hidden.add(column)
        left += widths[column]
    for column in range(len(COLUMNS)):
        header.setSectionHidden(column, column in hidden)
    if SOURCE_COLUMN in hidden:
        header.resizeSection(AREA_COLUMN, max(left, smallest))
        return
    source = max(min(source, left - area), smallest)
    header.resizeSection(SOURCE_COLUMN, source)
    header.resizeSection(AREA_COLUMN, max(left - source, smallest))


def area_extent(project: QgsProject, layer_id: str, name_field: str, name, crs):
    """The extent (in ``crs``, 10 % larger) of the area called ``name`` in the
    layer ``layer_id`` (by feature id without a name field); None when not found."""
    layer = project.mapLayer(layer_id) if layer_id else None
    if layer is None:
        return None
    if name_field:
        expression = "{} = {}".format(
            QgsExpression.quotedColumnRef(name_field), QgsExpression.quotedValue(name))
        request = QgsFeatureRequest().setFilterExpression(expression)
    else:
        try:
            request = QgsFeatureRequest(int(name))
        except ValueError:
            return None
    for feature in layer.getFeatures(request):
        geometry = feature.geometry()
        if geometry.isNull():
            return None
        if crs.isValid() and crs != layer.crs():
            geometry.transform(QgsCoordinateTransform(layer.crs(), crs, project))
        extent = geometry.boundingBox()
        extent.scale(1.1)
        return extent
    return None


def result_entry(rows: List[Dict]) -> str:
    """The project entry text of ``rows`` (plain Python: it can be made in a background task)."""
    # columns once, then value lists: half the size of a list of dicts
    table = {"columns": list(ROW_KEYS), "rows": [[row.get(k) for k in ROW_KEYS] for row in rows]}
    return json.dumps(table, separators=(",", ":"))


def write_result(project: QgsProject, rows: List[Dict], areas_layer_id: str, name_field: str,
                 entry: Optional[str] = None) -> None:
    """Keep ``rows`` (``entry``: their :func:`result_entry`, when made already)
    and the areas they measure in ``project``."""
    project.writeEntry(PROJECT_SCOPE, KEY_ROWS, result_entry(rows) if entry is None else entry)
    project.writeEntry(PROJECT_SCOPE, KEY_AREAS_LAYER, areas_layer_id)
    project.writeEntry(PROJECT_SCOPE, KEY_NAME_FIELD, name_field)


def read_result(project: QgsProject) -> Tuple[List[Dict], str, str]:
    """``(rows, areas layer id, name field)`` kept in ``project``; no rows when
    there are none or the entry is unreadable (logged)."""
    text, found = project.readEntry(PROJECT_SCOPE, KEY_ROWS, "")
    rows = []
    if found and text:
        try:
            table = json.loads(text)
            columns = table["columns"]
            rows = [dict(zip(columns, values)) for values in table["rows"]]
        except (ValueError, KeyError, TypeError):
            log.warning("The project's analysis/rows entry is not readable; ignored.")
            rows = []
    return (rows, project.readEntry(PROJECT_SCOPE, KEY_AREAS_LAYER, "")[0],
            project.readEntry(PROJECT_SCOPE, KEY_NAME_FIELD, "")[0])

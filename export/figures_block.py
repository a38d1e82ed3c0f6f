"""The figures block of a map product's layout: the figures table, the claims
and notes under it, and the sources block below, stacked so none overlaps.

Mixed into :class:`~.layout_builder.SituationLayout`, which provides
``layout``, ``items`` (by id) and ``figures_table``.
"""

from typing import Sequence

from qgis.core import (
    QgsLayoutItemLabel,
    QgsLayoutUtils,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsTableCell,
    QgsUnitTypes,
)

from qgis.PyQt.QtCore import Qt

from ..infra.i18n import tr
from .legend import MIN_TEXT_PT

FIGURES_ID = "figures_table"
SOURCES_ID = "sources"
# Item made under the figures table when the template has none: claims and notes.
CLAIMS_ID = "claims"
# The figures table: the smallest text size (points) before rows are moved to a note.
TABLE_MIN_FONT_PT = MIN_TEXT_PT
# The shipped templates' figures columns (mm): the product fits them to the words shown.
SHIPPED_COLUMN_WIDTHS_MM = (13.0, 17.0, 16.0, 9.0, 11.0, 10.0)
COLUMN_WIDTHS_MM = (12.5, 16.5, 15.5, 9.0, 11.0, 11.5)  # earlier fixed widths (kept for templates made with them)
# The cell margin (mm) may shrink down to this so that the longest word of every column fits.
MIN_CELL_MARGIN_MM = 0.4
# Measured text widths get this much more (mm): rendering and measuring differ by a hair.
TEXT_SLACK_MM = 0.4


def _format_font(text_format, bold=None):
    font = text_format.font()
    font.setPointSizeF(text_format.size())
    if bold or (hasattr(text_format, "forcedBold") and text_format.forcedBold()):
        font.setBold(True)
    return font


def fitted_column_widths(headers, rows, content_font, header_font, frame_width_mm: float,
                         margin_mm: float, grid_mm: float):
    """``(widths, margin)``: column widths (mm) within ``frame_width_mm`` in which
    the longest word of every cell and heading fits (cells wrap between words,
    never inside one), the room left given to the columns whose text wraps most;
    the cell margin shrinks (to :data:`MIN_CELL_MARGIN_MM`) when the words need it."""
    count = len(headers)

    def width(font, text):
        return QgsLayoutUtils.textWidthMM(font, text) + TEXT_SLACK_MM if text else 0.0

    least, whole = [], []
    for index in range(count):
        cells = [(header_font, str(headers[index]))] + \
            [(content_font, str(row[index])) for row in rows if index < len(row)]
        least.append(max([width(font, word) for font, text in cells for word in text.split()] or [1.0]))
        whole.append(max([width(font, line) for font, text in cells for line in text.split("\n")] or [1.0]))
    grids = (count + 1) * grid_mm
    if sum(least) + grids + 2 * count * margin_mm > frame_width_mm:
        margin_mm = max(MIN_CELL_MARGIN_MM, (frame_width_mm - sum(least) - grids) / (2 * count))
    room = frame_width_mm - grids - 2 * count * margin_mm
    if sum(least) >= room:  # even one word a line does not fit: share the room by the words' widths
        return [room * w / sum(least) for w in least], margin_mm
    widths = list(least)
    spare = room - sum(least)
    wanted = [max(0.0, full - low) for full, low in zip(whole, least)]
    if sum(wanted) > 0:
        share = min(1.0, spare / sum(wanted))
        widths = [w + want * share for w, want in zip(widths, wanted)]
        spare = room - sum(widths)
    return [w + spare / count for w in widths], margin_mm


class FiguresBlock:
    """Figures table, claims and sources of a situation layout."""

    def set_figures(self, rows: Sequence[Sequence[str]], headers: Sequence[str] = (),
                    reserve_mm: float = 0.0):
        """Rows of text (area, source, occupied, change, enclosed, corridor) into the
        figures table, with new column titles when ``headers`` are given; the
        table keeps ``reserve_mm`` free at the bottom of its frame (for the claims)."""
        table = self.figures_table
        if table is None:
            return
        if not rows:
            rows = [[tr("no figure areas given"), "", "", "", "", ""]]
        frame = self.items.get(FIGURES_ID)
        room = self.table_room_mm() if frame is not None else 0.0
        # an atlas's days often show the same figures in the same room: the table
        # already shows them then (only this method fills it)
        key = (tuple(tuple(str(value) for value in row) for row in rows), tuple(headers),
               round(reserve_mm, 6), round(room, 6),
               tuple(round(v, 6) for v in (frame.rect().width(), frame.rect().height()))
               if frame is not None else ())
        if getattr(self, "_figures_shown", None) == key:
            return
        self._figures_shown = None
        columns = table.headers()
        if headers and len(columns) == len(headers) \
                and [column.heading() for column in columns] != list(headers):
            for column, title in zip(columns, headers):
                column.setHeading(title)
            table.setHeaders(columns)
        if not hasattr(self, "_fit_columns"):
            widths = list(table.columnWidths()) if hasattr(table, "columnWidths") else []
            # the shipped template's widths (or automatic ones): fitted to the words shown
            self._fit_columns = (widths in (list(SHIPPED_COLUMN_WIDTHS_MM), list(COLUMN_WIDTHS_MM))
                                 or (widths and not any(widths)))
            self._cell_margin = table.cellMargin()
        if not hasattr(self, "_table_formats"):
            self._table_formats = (table.contentTextFormat(), table.headerTextFormat())
        content, header = (type(f)(f) for f in self._table_formats)
        limit = self.layout.convertToLayoutUnits(frame.sizeWithUnits()).height() if frame else 0
        if limit:
            limit = max(limit / 3.0, limit - reserve_mm)
        base = max(content.size(), TABLE_MIN_FONT_PT)
        size = base
        while True:
            content.setSize(size)
            header.setSize(max(TABLE_MIN_FONT_PT, min(self._table_formats[1].size(), size + 0.5)))
            # the formats are only ever set here, from the template's: equal sizes, equal formats
            if table.contentTextFormat().size() != content.size():
                table.setContentTextFormat(content)
            if table.headerTextFormat().size() != header.size():
                table.setHeaderTextFormat(header)
            self._fit_columns_to(table, rows, room)
            self._fill_table(table, rows)
            height = table.totalHeight()
            if not limit or height <= limit + 0.01 or size <= TABLE_MIN_FONT_PT:
                break
            size = max(TABLE_MIN_FONT_PT, size - 0.5)
        if limit and height > limit + 0.01:
            # even the smallest text is too tall: the rows that do not fit become a note
            for shown in range(len(rows) - 1, 0, -1):
                hidden = rows[shown:]
                areas = list(dict.fromkeys(str(row[0]) for row in hidden))
                note = tr("… {} more areas").format(len(areas)) \
                    if len(areas) > 1 else tr("… {} more rows").format(len(hidden))
                # read across the row: the area column is narrow, the source column beside it free
                note_row = [note, tr("in the Analysis panel")][:len(rows[0])]
                kept = list(rows[:shown]) + [note_row + [""] * (len(rows[0]) - len(note_row))]
                self._fit_columns_to(table, kept, room)
                self._fill_table(table, kept)
                if table.totalHeight() <= limit + 0.01:
                    break
        self._figures_shown = key

    def claims_reserve_mm(self, lines: Sequence[str]) -> float:
        """The height (mm) the claims and notes below the table take: lines of
        :data:`MIN_TEXT_PT` text, wrapped at the frame's width (about 2 mm a character)."""
        frame = self.items.get(FIGURES_ID)
        if frame is None or not lines:
            return 0.0
        width = self.layout.convertToLayoutUnits(frame.sizeWithUnits()).width()
        per_line = max(20, int(width / 1.45))  # DejaVu Sans at 7 pt: ~1.45 mm a character
        rows = sum(1 + len(line) // per_line for line in lines)
        return rows * MIN_TEXT_PT * 0.3528 * 1.3 + 2.0

    def _text_height_mm(self, lines: Sequence[str], width_mm: float) -> float:
        per_line = max(20, int(width_mm / 1.45))  # DejaVu Sans at 7 pt: ~1.45 mm a character
        rows = sum(1 + len(line) // per_line for line in lines)
        return rows * MIN_TEXT_PT * 0.3528 * 1.3 + 1.0

    def _grow_sources_upwards(self) -> float:
        """When the sources block needs more height than its frame, it grows upwards
        (its bottom stays), into the room below the figures; returns by how much (mm)
        it reaches into the figures' frame."""
        label, frame = self.items.get(SOURCES_ID), self.items.get(FIGURES_ID)
        if not isinstance(label, QgsLayoutItemLabel) or frame is None or not label.isVisible() \
                or self._beside_table(label):
            return 0.0
        if not hasattr(self, "_sources_base"):
            self._sources_base = (self.layout.convertToLayoutUnits(label.positionWithUnits()),
                                  self.layout.convertToLayoutUnits(label.sizeWithUnits()))
        position, size = self._sources_base
        bottom = position.y() + size.height()
        frame_top = self.layout.convertToLayoutUnits(frame.positionWithUnits()).y()
        frame_bottom = frame_top + self.layout.convertToLayoutUnits(frame.sizeWithUnits()).height()
        needed = self._text_height_mm(label.text().split("\n"), size.width())
        top = max(frame_top + 15.0, min(position.y(), bottom - needed))
        label.attemptMove(QgsLayoutPoint(position.x(), top, QgsUnitTypes.LayoutMillimeters),
                          useReferencePoint=False)
        label.attemptResize(QgsLayoutSize(size.width(), bottom - top, QgsUnitTypes.LayoutMillimeters))
        return max(0.0, frame_bottom - top + 1.0)

    def keep_sources_below_table(self, claims_mm: float = 0.0, gap_mm: float = 1.0) -> bool:
        """The sources block never covers the figures table (and the claims under
        it): its top moves below them, its bottom stays. True when its text then
        needs more room than is left (the end of the sources is cut)."""
        label, frame, table = self.items.get(SOURCES_ID), self.items.get(FIGURES_ID), self.figures_table
        if not isinstance(label, QgsLayoutItemLabel) or frame is None or table is None or not label.isVisible():
            return False
        if self._beside_table(label):
            return self._sources_below_legend(label)
        position = self.layout.convertToLayoutUnits(label.positionWithUnits())
        size = self.layout.convertToLayoutUnits(label.sizeWithUnits())
        bottom = position.y() + size.height()
        table_bottom = (self.layout.convertToLayoutUnits(frame.positionWithUnits()).y()
                        + max(table.totalHeight(), self.estimated_table_height_mm()) + claims_mm + gap_mm)
        if position.y() >= table_bottom:
            return False
        needed = self._text_height_mm(label.text().split("\n"), size.width())
        if table_bottom + needed > bottom:  # below its frame, the room down to the page's margin
            page = self.layout.pageCollection().page(0)
            page_bottom = self.layout.convertToLayoutUnits(page.sizeWithUnits()).height() - 6.0 if page else bottom
            bottom = max(bottom, min(page_bottom, table_bottom + needed))
        if table_bottom >= bottom - 5.0:
            return True  # no room left under the table and its notes
        label.attemptMove(QgsLayoutPoint(position.x(), table_bottom, QgsUnitTypes.LayoutMillimeters),
                          useReferencePoint=False)
        label.attemptResize(QgsLayoutSize(size.width(), bottom - table_bottom, QgsUnitTypes.LayoutMillimeters))
        return needed > bottom - table_bottom + 0.5

    def set_claims(self, lines: Sequence[str], above_bottom_mm: float = 0.0):
        """The claims beside the figures and notes on them, in a label under the
        figures table (the template's ``claims`` item, else one made there)."""
        frame = self.items.get(FIGURES_ID)
        label = self.items.get(CLAIMS_ID) or self._claims_label
        if label is None and frame is not None and lines:
            label = QgsLayoutItemLabel(self.layout)
            label.setId(CLAIMS_ID)
            font = label.font()
            font.setFamily("DejaVu Sans")
            font.setPointSizeF(MIN_TEXT_PT)
            label.setFont(font)
            label.setHAlign(Qt.AlignLeft)
            self.layout.addLayoutItem(label)
            self._claims_label = label
        if not isinstance(label, QgsLayoutItemLabel):
            return
        label.setText("\n".join(lines))
        label.setVisibility(bool(lines))
        if label is self._claims_label and frame is not None:
            # at the bottom of the table's frame, in the room the table left free
            position = self.layout.convertToLayoutUnits(frame.positionWithUnits())
            size = self.layout.convertToLayoutUnits(frame.sizeWithUnits())
            height = min(size.height(), self.claims_reserve_mm(lines))
            # never over the table: under its rows when they reach further down
            top = max(position.y() + size.height() - above_bottom_mm - height,
                      position.y() + self.estimated_table_height_mm() + 1.5)
            label.attemptMove(QgsLayoutPoint(position.x(), top, QgsUnitTypes.LayoutMillimeters),
                              useReferencePoint=False)
            label.attemptResize(QgsLayoutSize(size.width(), height, QgsUnitTypes.LayoutMillimeters))

    def estimated_table_height_mm(self) -> float:
        """The figures table's drawn height (mm), estimated from its cells' words
        wrapped at the column widths (7 pt text: ~1.35 mm a character, 1.5 bold)."""
        table = self.figures_table
        if table is None:
            return 0.0
        widths = list(table.columnWidths()) if hasattr(table, "columnWidths") else []
        margin = table.cellMargin() if hasattr(table, "cellMargin") else 0.8
        line_mm = MIN_TEXT_PT * 0.3528 * 1.25

        def lines(text, width, per_char):
            count, used = 1, 0.0
            for word in str(text).split():
                size = len(word) * per_char
                if used and used + per_char + size > width:
                    count, used = count + 1, size
                else:
                    used += (per_char if used else 0.0) + size
            return count

        rows = [[column.heading() for column in table.headers()]] + \
            [[cell.content() for cell in row] for row in table.tableContents()]
        total = 0.0
        for index, row in enumerate(rows):
            per_char = 1.5 if index == 0 else 1.35
            most = max((lines(text, widths[i] if i < len(widths) else 15.0, per_char)
                        for i, text in enumerate(row)), default=1)
            total += most * line_mm + 2 * margin
        return total

    def _fit_columns_to(self, table, rows, room=None):
        """The shipped template's columns fitted to ``rows`` and the headings in
        the table's current text sizes (:func:`fitted_column_widths`)."""
        frame = self.items.get(FIGURES_ID)
        headers = [column.heading() for column in table.headers()]
        if not self._fit_columns or frame is None or not rows or len(rows[0]) != len(headers):
            return
        grid = table.gridStrokeWidth() if table.showGrid() and table.verticalGrid() else 0.0
        widths, margin = fitted_column_widths(
            headers, rows, _format_font(table.contentTextFormat()), _format_font(table.headerTextFormat()),
            (self.table_room_mm() if room is None else room) - 0.2, self._cell_margin, grid)
        if table.cellMargin() != margin:
            table.setCellMargin(margin)
        if list(table.columnWidths()) != list(widths):
            table.setColumnWidths(widths)

    def _sources_below_legend(self, label, gap_mm: float = 1.5) -> bool:
        """The sources beside the figures start under a legend that grew over
        them and may reach down to the handling line (or the page's margin);
        True when their text needs more room than that (its end is cut)."""
        if not hasattr(self, "_sources_base"):
            self._sources_base = (self.layout.convertToLayoutUnits(label.positionWithUnits()),
                                  self.layout.convertToLayoutUnits(label.sizeWithUnits()))
        position, size = self._sources_base
        top, bottom = position.y(), position.y() + size.height()
        legend = self.items.get("legend")
        if legend is not None and legend.isVisible():
            where = self.layout.convertToLayoutUnits(legend.positionWithUnits())
            extent = self.layout.convertToLayoutUnits(legend.sizeWithUnits())
            if where.x() < position.x() + size.width() and where.x() + extent.width() > position.x() \
                    and where.y() < top:
                top = max(top, where.y() + extent.height() + gap_mm)
        needed = self._text_height_mm(label.text().split("\n"), size.width())
        if top + needed > bottom:
            page = self.layout.pageCollection().page(0)
            limit = self.layout.convertToLayoutUnits(page.sizeWithUnits()).height() - 6.0
            handling = self.items.get("handling")
            if handling is not None and handling.isVisible():
                limit = min(limit, self.layout.convertToLayoutUnits(handling.positionWithUnits()).y() - 0.5)
            bottom = max(bottom, min(limit, top + needed))
        label.attemptMove(QgsLayoutPoint(position.x(), top, QgsUnitTypes.LayoutMillimeters), useReferencePoint=False)
        label.attemptResize(QgsLayoutSize(size.width(), max(bottom - top, 3.0), QgsUnitTypes.LayoutMillimeters))
        return needed > bottom - top + 0.5

    def _beside_table(self, label) -> bool:
        """True when ``label`` stands beside the figures (the portrait template's
        sources), not under them: then neither needs to give way to the other."""
        frame = self.items.get(FIGURES_ID)
        left = self.layout.convertToLayoutUnits(frame.positionWithUnits()).x()
        return self.layout.convertToLayoutUnits(label.positionWithUnits()).x() >= left + self.table_room_mm()

    def table_room_mm(self, gap_mm: float = 2.0) -> float:
        """The width (mm) the figures table may take: from its frame's left edge to
        the next item beside it (the portrait template's sources) or to the page's
        right margin (as wide as the main map's left one). A table frame's own
        width follows its table, so it says nothing."""
        frame = self.items.get(FIGURES_ID)
        position = self.layout.convertToLayoutUnits(frame.positionWithUnits())
        height = self.layout.convertToLayoutUnits(frame.sizeWithUnits()).height()
        page = self.layout.pageCollection().page(0)
        maps = [item for item in (self.items.get("situation_map"), getattr(self, "compare_map", None)) if item]
        # the left margin: the left edge of the maps (a comparison's main map is its right half)
        margin = min((self.layout.convertToLayoutUnits(item.positionWithUnits()).x() for item in maps), default=8.0)
        right = self.layout.convertToLayoutUnits(page.sizeWithUnits()).width() - margin
        for item in self.layout.items():
            if not isinstance(item, QgsLayoutItemLabel) or item is self._claims_label or not item.isVisible():
                continue
            other = self.layout.convertToLayoutUnits(item.positionWithUnits())
            other_height = self.layout.convertToLayoutUnits(item.sizeWithUnits()).height()
            if other.x() > position.x() + 1.0 and other.y() < position.y() + height \
                    and other.y() + other_height > position.y():
                right = min(right, other.x() - gap_mm)
        return max(right - position.x(), 20.0)

    @staticmethod
    def _fill_table(table, rows):
        table.setTableContents([[QgsTableCell(str(value)) for value in row] for row in rows])
        table.refresh()
        table.recalculateTableSize()

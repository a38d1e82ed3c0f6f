"""The events of the period under the map: a compact box of at most
:data:`EVENTS_MAX_LINES` lines (time, type, verification, source), newest
first, then "… K more", in one or two columns across the map's width.

The box always has its room when the period has events: the map gives up the
height the box needs (:func:`events_box_height_mm`, the same figure when the
frame is computed and when the layout is built), so nothing overlaps and the
figures and sources beside the map keep their room. A template with its own
label ``events`` gets the lines there instead.

Mixed into :class:`~.layout_builder.SituationLayout`, which provides
``layout``, ``items``, ``map`` and ``compare_map``.
"""

import datetime
import math
from typing import List, Sequence

from qgis.core import (
    QgsFeatureRequest,
    QgsLayoutItemLabel,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutUtils,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QFont

from ..infra.i18n import tr
from ..layers.events import display_days, type_label, verification_label
from .legend import MIN_TEXT_PT

EVENTS_ID = "events"  # a template's own label for the list (no box is made then)
EVENTS_HEADING_ID = "events_heading"  # the items of the box made under the map
EVENTS_COLUMN_ID = "events_{}"
# At most this many lines of events (the last says how many more when they do not fit).
EVENTS_MAX_LINES = 6
EVENTS_TEXT_PT = MIN_TEXT_PT
LINE_MM = 3.2  # one line of 7 pt DejaVu Sans, with its leading
GAP_MM = 1.2  # between the map's frame and the box
COLUMN_GAP_MM = 4.0
MIN_COLUMN_MM = 80.0  # two columns from twice this width: an event's line is ~75 mm at 7 pt
SCALE_BAR_ID = "scale_bar"


def event_lines(layer, day: datetime.date, limit: int = EVENTS_MAX_LINES) -> List[str]:
    """The events the map shows on ``day`` (its display window), newest first:
    a heading, then a line each, "20 Nov 08:00 · Force estimate, unverified · ISW"
    (plain text); at most ``limit`` lines, the last "… K more events" when there
    are more. [] without a layer or when the window has none
    (:func:`no_event_heading` says so on a page)."""
    if layer is None:
        return []
    first = day - datetime.timedelta(days=display_days() - 1)
    request = QgsFeatureRequest().setFilterExpression(
        "\"event_day\" >= to_date('{}') AND \"event_day\" <= to_date('{}')".format(first.isoformat(),
                                                                                   day.isoformat()))
    features = sorted(layer.getFeatures(request), reverse=True,
                      key=lambda f: f["event_time"].toUTC().toString("yyyy-MM-ddTHH:mm") if f["event_time"] else "")
    if not features:
        return []
    lines = [tr("{} event(s) on the map, {} to {} (UTC), latest:").format(
        len(features), first.strftime("%d %b"), day.strftime("%d %b"))]
    shown = features if len(features) <= limit else features[:max(0, limit - 1)]
    for feature in shown:
        when = feature["event_time"].toUTC().toString("dd MMM HH:mm") if feature["event_time"] else ""
        lines.append("{} · {}, {} · {}".format(when, type_label(feature["type"] or ""),
                                               verification_label(feature["verification"] or ""),
                                               feature["source"] or ""))
    if len(shown) < len(features):
        lines.append(tr("… {} more events (the Events panel lists them)").format(len(features) - len(shown)))
    return lines


def no_event_heading(day: datetime.date) -> str:
    """The box's heading on a page whose window has no event (another page has some)."""
    first = day - datetime.timedelta(days=display_days() - 1)
    return tr("No event on the map, {} to {} (UTC)").format(first.strftime("%d %b"), day.strftime("%d %b"))


def events_columns(width_mm: float) -> int:
    """Columns of the box across ``width_mm``: two from twice :data:`MIN_COLUMN_MM`."""
    return 2 if width_mm >= 2 * MIN_COLUMN_MM + COLUMN_GAP_MM else 1


def events_box_height_mm(pages_lines: Sequence[Sequence[str]], width_mm: float) -> float:
    """The height (mm) the box under the map takes for the pages' events (the
    tallest page: one frame for every page), 0 when no page has an event."""
    if width_mm <= 0 or not any(len(lines) > 1 for lines in pages_lines):
        return 0.0
    columns = events_columns(width_mm)
    rows = max(math.ceil((len(lines) - 1) / columns) for lines in pages_lines)
    return GAP_MM + (1 + rows) * LINE_MM + 0.6


def _font(bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(EVENTS_TEXT_PT)
    font.setBold(bold)
    return font


def elided(text: str, font: QFont, width_mm: float) -> str:
    """``text`` cut with "…" to fit ``width_mm`` in ``font`` (never wider)."""
    if QgsLayoutUtils.textWidthMM(font, text) <= width_mm:
        return text
    while text and QgsLayoutUtils.textWidthMM(font, text + "…") > width_mm:
        text = text[:-1]
    return text.rstrip() + "…"


class EventsBox:
    """The box of the period's events under the map."""

    def _maps(self):
        return [item for item in (self.map, self.compare_map) if item is not None]

    def events_box_width_mm(self) -> float:
        """The width (mm) of a box under the map (the maps' width); 0 when the
        template has its own ``events`` label or no map."""
        if isinstance(self.layout.itemById(EVENTS_ID), QgsLayoutItemLabel) or not self._maps():
            return 0.0
        left, right = self._maps_span()
        return right - left

    def _maps_span(self):
        boxes = [(self.layout.convertToLayoutUnits(item.positionWithUnits()).x(),
                  self.layout.convertToLayoutUnits(item.sizeWithUnits()).width()) for item in self._maps()]
        return min(x for x, _ in boxes), max(x + w for x, w in boxes)

    def place_events_box(self, height_mm: float):
        """Take ``height_mm`` from the bottom of the maps (the scale bar moves up
        with them) and make the box's labels there: a heading across, the lines
        in columns below it."""
        self._events_labels = []
        if height_mm <= 0 or not self._maps():
            return
        bottom = 0.0
        for item in self._maps():
            size = self.layout.convertToLayoutUnits(item.sizeWithUnits())
            position = self.layout.convertToLayoutUnits(item.positionWithUnits())
            bottom = max(bottom, position.y() + size.height())
            item.attemptResize(QgsLayoutSize(size.width(), size.height() - height_mm,
                                             QgsUnitTypes.LayoutMillimeters))
        bar = self.items.get(SCALE_BAR_ID)
        if bar is not None:
            position = self.layout.convertToLayoutUnits(bar.positionWithUnits())
            bar.attemptMove(QgsLayoutPoint(position.x(), position.y() - height_mm, QgsUnitTypes.LayoutMillimeters),
                            useReferencePoint=False)
        left, right = self._maps_span()
        width = right - left
        top = bottom - height_mm + GAP_MM
        columns = events_columns(width)
        column_width = (width - COLUMN_GAP_MM * (columns - 1)) / columns
        rows_height = height_mm - GAP_MM - LINE_MM
        self._events_labels.append(self._events_label(EVENTS_HEADING_ID, left, top, width, LINE_MM, bold=True))
        for column in range(columns):
            self._events_labels.append(self._events_label(
                EVENTS_COLUMN_ID.format(column + 1), left + column * (column_width + COLUMN_GAP_MM),
                top + LINE_MM, column_width, rows_height))

    def _events_label(self, item_id, x, y, width, height, bold=False) -> QgsLayoutItemLabel:
        label = QgsLayoutItemLabel(self.layout)
        label.setId(item_id)
        label.setFont(_font(bold))
        label.setMarginX(0.0)
        label.setMarginY(0.0)
        label.setHAlign(Qt.AlignLeft)
        label.setVAlign(Qt.AlignTop)
        self.layout.addLayoutItem(label)
        label.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters), useReferencePoint=False)
        label.attemptResize(QgsLayoutSize(width, height, QgsUnitTypes.LayoutMillimeters))
        return label

    def show_events(self, lines: Sequence[str]):
        """The page's events (heading first) in the box, or in the template's own
        ``events`` label; each line cut with "…" to its column's width."""
        own = self.layout.itemById(EVENTS_ID)
        if isinstance(own, QgsLayoutItemLabel):
            own.setText("\n".join(lines))
            own.setVisibility(bool(lines))
            return
        if not getattr(self, "_events_labels", None):
            return
        heading, columns = self._events_labels[0], self._events_labels[1:]
        width = self.layout.convertToLayoutUnits(heading.sizeWithUnits()).width()
        heading.setText(elided(lines[0], _font(True), width) if lines else "")
        entries = list(lines[1:])
        per_column = math.ceil(len(entries) / len(columns)) if entries else 0
        for index, label in enumerate(columns):
            width = self.layout.convertToLayoutUnits(label.sizeWithUnits()).width()
            part = entries[index * per_column:(index + 1) * per_column]
            label.setText("\n".join(elided(line, _font(), width) for line in part))

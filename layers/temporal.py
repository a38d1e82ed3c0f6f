"""The one time-aware set-up of every dated layer (situation snapshots, drawings,
export copies of control layers), and the one-day range the map shows.

A dated feature is valid from a start date (inclusive) to an end date
(exclusive); an empty end means still valid (open end). A feature with a single
day (a drawing) is valid from that day to the next. QGIS compares a *date*
field with the Temporal Controller's date-times as text, which shows a feature
one day early, so the layer gets virtual date-time fields (the dates at 00:00)
and its temporal properties use them: on the range ``[D 00:00, D+1 00:00)`` a
layer draws exactly the features valid on D. A layer whose table already has
fields of those names (a situation store's control table: store/schema.py
CONTROL_TIME_COLUMNS) uses them as they are, and its provider can then run the
day's filter in the database.
"""

import datetime
from typing import Optional

from qgis.core import (
    QgsDateTimeRange,
    QgsExpression,
    QgsField,
    QgsVectorLayer,
    QgsVectorLayerTemporalProperties,
)
from qgis.PyQt.QtCore import QDateTime, QTime, QVariant

from ..core.day_values import as_date, as_qdate  # noqa: F401 (the day helpers layers use)

VALID_FROM_FIELD = "valid_from"
VALID_TO_FIELD = "valid_to"
# date-time views of the validity dates of control tables (virtual unless the table has them)
START_TIME_FIELD = "valid_from_time"
END_TIME_FIELD = "valid_to_time"


def day_range(day) -> QgsDateTimeRange:
    """The temporal range of one calendar day: ``[day 00:00, day+1 00:00)``.

    ``day`` is a ``datetime.date`` or a ``QDate``.
    """
    qday = as_qdate(day)
    return QgsDateTimeRange(QDateTime(qday, QTime(0, 0)), QDateTime(qday.addDays(1), QTime(0, 0)),
                            True, False)


def range_day(time_range: QgsDateTimeRange) -> Optional[datetime.date]:
    """The day a temporal range starts on; None for an unset range (navigation off)."""
    begin = time_range.begin() if time_range is not None else None
    if begin is None or not begin.isValid():
        return None
    return begin.date().toPyDate()


def configure_validity_time(layer: QgsVectorLayer, start_field: str = VALID_FROM_FIELD,
                            end_field: Optional[str] = VALID_TO_FIELD,
                            start_time_field: str = START_TIME_FIELD,
                            end_time_field: str = END_TIME_FIELD) -> bool:
    """Make ``layer`` draw, for any temporal range, the features whose validity
    ``[start_field, end_field)`` overlaps it (an empty end: open). Without an
    ``end_field`` a feature is valid on its start day only ``[start, start+1 day)``.

    The virtual date-time fields are added once (set up twice, the layer keeps
    one pair). False (nothing changed) when the layer lacks ``start_field``
    (or ``end_field``).
    """
    names = layer.fields().names()
    if start_field not in names or (end_field is not None and end_field not in names):
        return False
    start = QgsExpression.quotedColumnRef(start_field)
    if end_field is None:
        end_expression = "to_datetime({}) + to_interval('1 day')".format(start)
    else:
        end_expression = "to_datetime({})".format(QgsExpression.quotedColumnRef(end_field))
    for name, expression in ((start_time_field, "to_datetime({})".format(start)),
                             (end_time_field, end_expression)):
        if name not in names:
            layer.addExpressionField(expression, QgsField(name, QVariant.DateTime))
    properties = layer.temporalProperties()
    properties.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
    properties.setStartField(start_time_field)
    properties.setEndField(end_time_field)
    properties.setIsActive(True)
    return True


# virtual date-time views of an event's display window
SHOWN_FROM_FIELD = "shown_from_time"
SHOWN_TO_FIELD = "shown_to_time"


def configure_window_time(layer: QgsVectorLayer, day_field: str, days: int,
                          start_time_field: str = SHOWN_FROM_FIELD,
                          end_time_field: str = SHOWN_TO_FIELD) -> bool:
    """Make ``layer`` draw a feature from its day (``day_field``, a date) for
    ``days`` days: on ``[day, day + days)``, so with 3 days an event of the 20th
    shows on the 20th, 21st and 22nd. Set up again with another ``days``, the
    window changes. False when the layer lacks ``day_field``."""
    names = layer.fields().names()
    if day_field not in names:
        return False
    days = max(1, int(days))
    start = "to_datetime({})".format(QgsExpression.quotedColumnRef(day_field))
    expressions = ((start_time_field, start),
                   (end_time_field, "{} + to_interval('{} days')".format(start, days)))
    for name, expression in expressions:
        index = layer.fields().indexOf(name)
        if index < 0:
            layer.addExpressionField(expression, QgsField(name, QVariant.DateTime))
        else:
            layer.updateExpressionField(index, expression)
    properties = layer.temporalProperties()
    properties.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
    properties.setStartField(start_time_field)
    properties.setEndField(end_time_field)
    properties.setIsActive(True)
    return True


def has_validity_time(layer: QgsVectorLayer, start_time_field: str = START_TIME_FIELD,
                      end_time_field: str = END_TIME_FIELD) -> bool:
    """True when ``layer`` is set up by :func:`configure_validity_time` (active,
    start/end from the virtual fields, which it has)."""
    properties = layer.temporalProperties()
    return (properties.isActive()
            and properties.mode() == QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields
            and properties.startField() == start_time_field and properties.endField() == end_time_field
            and {start_time_field, end_time_field} <= set(layer.fields().names()))

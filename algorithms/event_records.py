"""Reading events (domain: Events) for the event algorithms: the EVENTS input
(an events layer, a store's ``.gpkg`` or a PostGIS store location) and its
features as plain records, filtered by day, type and verification."""

import datetime
from dataclasses import dataclass
from typing import Iterable, List, Optional, Set

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QVariant, Qt

from ..core.periods import utc_day
from ..core.geodesy import WGS84_CRS
from ..core.local_projection import local_centroid
from ..infra.i18n import tr
from ..store import is_store_location, open_table, public_location, store_exists, to_day
from ..store.schema import EVENTS_TABLE

EVENTS = "EVENTS"
DEFAULT_TYPE = "other"
DEFAULT_VERIFICATION = "unverified"


@dataclass
class EventRecord:
    """One event: ``fid`` in its layer, ``point`` (in the CRS asked for; None
    without geometry), ``day`` (its UTC day), ``time`` (the event_time value
    as read, or None) and its words (type and verification never empty)."""

    fid: int
    point: Optional[QgsPointXY]
    day: datetime.date
    time: object
    type: str
    verification: str
    side: str = ""
    source: str = ""
    url: str = ""
    strength: Optional[int] = None
    description: str = ""


def events_parameter(name: str = EVENTS) -> QgsProcessingParameterVectorLayer:
    """The EVENTS input: an events layer (a point layer with the store's event
    fields), a store's .gpkg path or a PostGIS store location."""
    return QgsProcessingParameterVectorLayer(
        name, tr("Events layer or situation store"), [QgsProcessing.TypeVectorAnyGeometry])


def events_layer_of(value, algorithm, parameters, name, context):
    """The events layer an EVENTS value names: a store's events table, or the
    layer itself; a QgsProcessingException saying what is wrong otherwise."""
    if is_store_location(value):
        location = value.strip()
        shown = public_location(location)
        if not store_exists(location):
            raise QgsProcessingException(tr("{}: there is no situation store at '{}'.").format(name, shown))
        layer = open_table(location, EVENTS_TABLE)
        if layer is None:
            raise QgsProcessingException(tr(
                "{}: the situation store '{}' has no events table (import events into it first).").format(
                    name, shown))
        return layer
    layer = algorithm.parameterAsVectorLayer(parameters, name, context)
    if layer is None:
        raise QgsProcessingException(tr("No events layer given in {}.").format(name))
    return layer


def check_events_value(parameters, name=EVENTS):
    """``(parameters with a store location for ``name`` opened as its events
    layer, "")``, or ``(parameters, why it cannot be opened)``."""
    value = parameters.get(name)
    if not is_store_location(value):
        return parameters, ""
    location = value.strip()
    layer = open_table(location, EVENTS_TABLE) if store_exists(location) else None
    if layer is None:
        return parameters, tr("{}: '{}' is no situation store with an events table.").format(
            name, public_location(location))
    checked = dict(parameters)
    checked[name] = layer
    return checked, ""


def is_null(value) -> bool:
    """NULL as QGIS gives it (None, a null QVariant, an invalid QDate/QDateTime)."""
    if value is None:
        return True
    if isinstance(value, QVariant):
        return value.isNull()
    if isinstance(value, (QDate, QDateTime)):
        return not value.isValid()
    return False


def _text(value) -> str:
    return "" if is_null(value) else str(value).strip()


def _strength(value) -> Optional[int]:
    if is_null(value) or str(value).strip() == "":
        return None
    try:
        return int(round(float(value)))
    except (TypeError, ValueError):
        return None


def event_utc_day(time_value, day_value) -> Optional[datetime.date]:
    """The UTC day of an event: its event_day when given, else the UTC day of
    its event_time. A QDateTime with a time zone or offset is converted to UTC;
    one without (as the store gives it back) already holds UTC; text is an ISO
    date or date-time (a Z or offset converted to UTC). None when neither says."""
    day = None
    if not is_null(day_value):
        try:
            day = to_day(day_value)
        except ValueError:
            day = None
    if day is not None:
        return day
    if is_null(time_value):
        return None
    if isinstance(time_value, QDateTime):
        if time_value.timeSpec() != Qt.LocalTime:
            time_value = time_value.toUTC()
        return time_value.date().toPyDate()
    if isinstance(time_value, (datetime.date, datetime.datetime)):
        return utc_day(time_value)
    text = str(time_value).strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return utc_day(datetime.datetime.fromisoformat(text))
    except ValueError:
        return None


def _point(geometry: QgsGeometry) -> Optional[QgsPointXY]:
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    if geometry.type() == QgsWkbTypes.PointGeometry:
        return QgsPointXY(geometry.centroid().asPoint())
    return local_centroid(geometry)  # a small polygon or a line: its centre


def read_events(layer, context, feedback, crs: Optional[QgsCoordinateReferenceSystem] = None,
                days: Optional[Set[datetime.date]] = None, types: Iterable[str] = (),
                verifications: Iterable[str] = (), progress=(0.0, 100.0)) -> List[EventRecord]:
    """The events of ``layer`` as records with their point in ``crs`` (default
    EPSG:4326; a polygon event by its centre): only those whose UTC day is in
    ``days`` (None: every day), whose type and verification are among ``types``
    and ``verifications`` (compared without case; empty: all). An event with
    no day is reported by its feature id and left out; an event without
    geometry is kept with ``point`` None."""
    names = layer.fields().names()
    if "event_day" not in names and "event_time" not in names:
        raise QgsProcessingException(tr(
            "Events layer '{}' has neither an event_day nor an event_time field.").format(layer.name()))
    wanted_types = {t.lower() for t in types}
    wanted_verifications = {v.lower() for v in verifications}
    target = crs or QgsCoordinateReferenceSystem(WGS84_CRS)
    transform = QgsCoordinateTransform(layer.crs(), target, context.transformContext())

    def value(feature, field):
        return feature[field] if field in names else None

    records = []
    total = max(1, layer.featureCount())
    start, span = progress
    for index, feature in enumerate(layer.getFeatures()):
        if feedback.isCanceled():
            break
        day = event_utc_day(value(feature, "event_time"), value(feature, "event_day"))
        if day is None:
            feedback.reportError(tr("Event {} of '{}' has no date (event_day or event_time): left out.").format(
                feature.id(), layer.name()))
            continue
        if days is not None and day not in days:
            continue
        event_type = _text(value(feature, "type")) or DEFAULT_TYPE
        verification = _text(value(feature, "verification")) or DEFAULT_VERIFICATION
        if wanted_types and event_type.lower() not in wanted_types:
            continue
        if wanted_verifications and verification.lower() not in wanted_verifications:
            continue
        point = _point(QgsGeometry(feature.geometry()))
        if point is not None:
            try:
                point = transform.transform(point)
            except Exception:  # noqa: BLE001 (a point the transform cannot take)
                feedback.reportError(tr("Event {} of '{}' cannot be placed in {}: counted without a "
                                        "place.").format(feature.id(), layer.name(), target.authid()))
                point = None
        time_value = value(feature, "event_time")
        records.append(EventRecord(
            fid=feature.id(), point=point, day=day, time=None if is_null(time_value) else time_value,
            type=event_type, verification=verification, side=_text(value(feature, "side")),
            source=_text(value(feature, "source")), url=_text(value(feature, "url")),
            strength=_strength(value(feature, "strength")),
            description=_text(value(feature, "description"))))
        if index % 200 == 0:
            feedback.setProgress(start + span * index / total)
    return records

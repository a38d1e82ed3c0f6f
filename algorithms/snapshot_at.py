"""``situationmapper:snapshotat``: the control polygons valid on a date."""

from typing import Dict, List, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QVariant

from ..core.geodesy import WGS84_CRS
from ..infra.i18n import tr
from ..core import control_geometry
from ..store import ControlRecord, fetch_geometries, read_records, select_records
from .base import SituationMapperAlgorithm, qdate


def to_wgs84_transform(layer, context):
    """A transform from the layer's CRS to EPSG:4326, or None when it is already lon/lat."""
    wgs84 = QgsCoordinateReferenceSystem(WGS84_CRS)
    if not layer.crs().isValid() or layer.crs() == wgs84:
        return None
    return QgsCoordinateTransform(layer.crs(), wgs84, context.transformContext())


def report_shown_dates(records: List[ControlRecord], day, feedback) -> None:
    """pushInfo which snapshot date each (source, status) shows on ``day``."""
    by_series: Dict[Tuple[str, str], set] = {}
    for record in records:
        by_series.setdefault((record.source, record.status), set()).add(record.valid_from)
    for (source, status), days in sorted(by_series.items()):
        shown = ", ".join(d.isoformat() for d in sorted(days))
        if days == {day}:
            feedback.pushInfo(tr("{} / {}: the snapshot of {}.").format(source, status, shown))
        else:
            feedback.pushInfo(tr("{} / {}: no snapshot on {}; showing the latest earlier one, "
                                 "of {}.").format(source, status, day.isoformat(), shown))


class SnapshotAtAlgorithm(SituationMapperAlgorithm):
    """Every control polygon valid on DATE, with the date of the snapshot shown."""

    NAME = "snapshotat"
    DISPLAY_NAME = "Control polygons on a date"
    GROUP = "Situation layers"
    GROUP_ID = "situationlayers"
    HELP = (
        "The control polygons valid on a date: for each source and status, the "
        "snapshot whose validity interval [valid_from, valid_to) contains the date. A "
        "date without a snapshot of its own shows the latest earlier snapshot (the log "
        "says which date is shown for each source and status).\n\n"
        "<b>Control layer</b> (CONTROL): a situation store (.gpkg path) or any polygon "
        "layer with the store's fields (valid_from, valid_to, status, source).\n"
        "<b>Date</b> (DATE): the day to show (YYYY-MM-DD).\n"
        "<b>Statuses</b> (STATUSES, optional): comma-separated statuses to keep (e.g. "
        "'occupied,contested'); empty keeps all.\n"
        "<b>Sources</b> (SOURCES, optional): comma-separated sources to keep; empty keeps all.\n\n"
        "Output (OUTPUT): the polygons in EPSG:4326 with every attribute of the control "
        "layer plus shown_date, the date of the snapshot shown (it is valid_from)."
    )

    CONTROL = "CONTROL"
    DATE = "DATE"
    STATUSES = "STATUSES"
    SOURCES = "SOURCES"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addControlParameters(
            tr("Statuses (comma separated; empty: all)"), statuses_default=None, dates=False,
            sources_label=tr("Sources (comma separated; empty: all)"),
            after_control=(QgsProcessingParameterDateTime(
                self.DATE, tr("Date"), QgsProcessingParameterDateTime.Date,
                defaultValue=QDate.currentDate()),))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Control polygons on the date"), QgsProcessing.TypeVectorPolygon))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsControlLayer(parameters, self.CONTROL, context)
        day = self.parameterAsDay(parameters, self.DATE, context)
        if day is None:
            raise QgsProcessingException(tr("No date (DATE) given."))
        statuses = self.parameterAsWords(parameters, self.STATUSES, context)
        sources = self.parameterAsWords(parameters, self.SOURCES, context)

        records = select_records(read_records(layer), day, statuses, sources)
        if not records:
            feedback.pushWarning(tr("No control polygon of {} is valid on {}{}{}.").format(
                layer.name(), day.isoformat(),
                tr("; statuses: {}").format(", ".join(statuses)) if statuses else "",
                tr("; sources: {}").format(", ".join(sources)) if sources else ""))
        else:
            report_shown_dates(records, day, feedback)

        fields = QgsFields(layer.fields())
        fields.append(QgsField("shown_date", QVariant.Date))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
            QgsCoordinateReferenceSystem(WGS84_CRS))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))

        transform = to_wgs84_transform(layer, context)
        by_fid = {r.fid: r for r in records}
        request_fields = layer.fields()
        request = QgsFeatureRequest().setFilterFids(list(by_fid))
        for index, source_feature in enumerate(layer.getFeatures(request) if by_fid else []):
            if feedback.isCanceled():
                break
            feature = QgsFeature(fields)
            geometry = QgsGeometry(source_feature.geometry())
            if transform is not None:
                geometry.transform(transform)
            geometry.convertToMultiType()
            feature.setGeometry(geometry)
            record = by_fid[source_feature.id()]
            attributes = [source_feature[name] for name in request_fields.names()]
            feature.setAttributes(attributes + [qdate(record.valid_from)])
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
            feedback.setProgress(100.0 * (index + 1) / len(by_fid))
        return {self.OUTPUT: dest_id}


def union_by_series(layer, records: List[ControlRecord], context, feedback=None,
                    key=lambda record: (record.source, record.status)):
    """The union (lon/lat 2D MultiPolygon) of the records' geometries per ``key``
    (default: (source, status)); invalid geometries are repaired first."""
    transform = to_wgs84_transform(layer, context)
    geometries = fetch_geometries(layer, (r.fid for r in records))
    grouped: Dict[object, list] = {}
    for record in records:
        geometry = geometries.get(record.fid)
        if geometry is None or geometry.isEmpty():
            continue
        if transform is not None:
            geometry = QgsGeometry(geometry)
            geometry.transform(transform)
        grouped.setdefault(key(record), []).append(control_geometry.repaired(geometry).geometry)
        if feedback is not None and feedback.isCanceled():
            break
    return {k: control_geometry.union_polygons(parts) for k, parts in grouped.items()}

"""``situationmapper:frontline``: the edge of the held ground on a date (or on each
date of DATES), as lines with their ellipsoidal length."""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QVariant

from ..core import control_geometry
from ..core.date_selection import DateSelectionError, select_days
from ..core.geodesy import WGS84_CRS
from ..infra.i18n import tr
from ..store import read_records, select_records, snapshot_days
from .base import SituationMapperAlgorithm, fields_from, qdate
from .snapshot_at import report_shown_dates, to_wgs84_transform, union_by_series


class FrontLineAlgorithm(SituationMapperAlgorithm):
    """The boundary of the union of the selected control polygons on DATE, per
    source, without the parts that follow a mask's edge (border, coastline)."""

    NAME = "frontline"
    DISPLAY_NAME = "Front line on a date or dates"
    GROUP = "Situation layers"
    GROUP_ID = "situationlayers"
    HELP = (
        "The front line on a date: the boundary of the ground held on that date (the "
        "union of the control polygons of the chosen statuses valid on the date), as "
        "lines, one feature per source.\n\n"
        "<b>Control layer</b> (CONTROL): a situation store (.gpkg path) or a layer with "
        "the store's fields.\n"
        "<b>Date</b> (DATE): the day (a day without a snapshot shows the latest earlier one).\n"
        "<b>Dates</b> (DATES, optional): a date selection (2025-11-20, "
        "2025-10-01..2025-12-31, 2025-10-01/7, all) instead of DATE: one line per date and "
        "source, so the front-line length reads as a series. A date on which a source has "
        "no valid snapshot still gets its row, without geometry and with an empty length.\n"
        "<b>Statuses</b> (STATUSES, default 'occupied'): comma-separated statuses whose "
        "polygons are joined.\n"
        "<b>Sources</b> (SOURCES, optional): comma-separated sources; empty: every source, "
        "each giving its own line.\n"
        "<b>Mask</b> (MASK, optional): polygons of the ground where a front can run, such "
        "as the country outline or land. Only the boundary inside the mask and more than "
        "MASK_TOLERANCE_M from the mask's edge is kept, so the parts of the boundary that "
        "follow the national border or the coastline drop out.\n"
        "<b>Mask tolerance</b> (MASK_TOLERANCE_M, metres, default 100): how far from the "
        "mask's edge a boundary part must be to count as front line (measured in a local "
        "azimuthal equidistant projection on WGS84).\n\n"
        "Output (OUTPUT): MultiLineString features in EPSG:4326 with source, statuses, "
        "date (the day asked), shown_date (the snapshot date shown; the latest if several) "
        "and length_km, the ellipsoidal length on WGS84 in kilometres. Written to a .csv "
        "file, it is the length table (ISO dates)."
    )

    CONTROL = "CONTROL"
    DATE = "DATE"
    STATUSES = "STATUSES"
    SOURCES = "SOURCES"
    DATES = "DATES"
    MASK = "MASK"
    MASK_TOLERANCE_M = "MASK_TOLERANCE_M"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addControlParameters(
            tr("Statuses (comma separated)"),
            after_control=(QgsProcessingParameterDateTime(
                self.DATE, tr("Date"), QgsProcessingParameterDateTime.Date,
                defaultValue=QDate.currentDate()),))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.MASK, tr("Mask (country outline, land)"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MASK_TOLERANCE_M, tr("Mask tolerance (metres)"), QgsProcessingParameterNumber.Double,
            defaultValue=100.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Front line"), QgsProcessing.TypeVectorLine))

    def _mask_geometry(self, parameters, context, feedback):
        mask_layer = self.parameterAsVectorLayer(parameters, self.MASK, context)
        if mask_layer is None:
            return None
        if mask_layer.geometryType() != QgsWkbTypes.PolygonGeometry:
            raise QgsProcessingException(tr("The mask '{}' is not a polygon layer.").format(mask_layer.name()))
        transform = to_wgs84_transform(mask_layer, context)
        parts = []
        for feature in mask_layer.getFeatures():
            if not feature.hasGeometry():
                continue
            geometry = QgsGeometry(feature.geometry())
            if transform is not None:
                geometry.transform(transform)
            parts.append(control_geometry.repaired(geometry).geometry)
        mask = control_geometry.union_polygons(parts)
        if mask.isEmpty():
            raise QgsProcessingException(tr("The mask '{}' has no polygon.").format(mask_layer.name()))
        feedback.pushInfo(tr("Mask: {} polygon(s) of '{}', tolerance applied along its edge.").format(
            len(parts), mask_layer.name()))
        return mask

    def _days(self, parameters, context, records):
        """The days asked: DATES when given (a series), else DATE; and whether it is a series."""
        text = (self.parameterAsString(parameters, self.DATES, context) or "").strip()
        if text:
            try:
                days = select_days(text, snapshot_days(records))
            except DateSelectionError as error:
                raise QgsProcessingException(tr("DATES: {}").format(error)) from error
            if not days:
                raise QgsProcessingException(tr("DATES selects no day with a snapshot."))
            return days, True
        day = self.parameterAsDay(parameters, self.DATE, context)
        if day is None:
            raise QgsProcessingException(tr("No date (DATE) given."))
        return [day], False

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsControlLayer(parameters, self.CONTROL, context)
        statuses = self.parameterAsWords(parameters, self.STATUSES, context)
        if not statuses:
            raise QgsProcessingException(tr("Give at least one status (STATUSES), e.g. occupied."))
        sources = self.parameterAsWords(parameters, self.SOURCES, context)
        tolerance = self.parameterAsDouble(parameters, self.MASK_TOLERANCE_M, context)
        all_records = [r for r in read_records(layer) if r.status in statuses
                       and (not sources or r.source in sources)]
        days, series = self._days(parameters, context, all_records)
        mask = self._mask_geometry(parameters, context, feedback)

        fields = fields_from((("source", QVariant.String, "", 80), ("statuses", QVariant.String, "", 200),
                              ("date", QVariant.Date), ("shown_date", QVariant.Date),
                              ("length_km", QVariant.Double)))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiLineString,
            QgsCoordinateReferenceSystem(WGS84_CRS))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))

        every_source = sorted({r.source for r in all_records})
        for step, day in enumerate(days):
            if feedback.isCanceled():
                break
            records = select_records(all_records, day, statuses, sources)
            if not records and not series:
                feedback.pushWarning(tr("No control polygon with status {} is valid on {}.").format(
                    ", ".join(statuses), day.isoformat()))
            elif not series:
                report_shown_dates(records, day, feedback)
            shown = {}
            for record in records:
                shown[record.source] = max(record.valid_from, shown.get(record.source, record.valid_from))
            unions = union_by_series(layer, records, context, feedback, key=lambda r: r.source)
            for source in (every_source if series else sorted(unions)):
                feature = QgsFeature(fields)
                length_km = None
                if source in unions:
                    lines = control_geometry.front_line(unions[source], mask, tolerance)
                    if lines.isEmpty():
                        feedback.pushInfo(tr("{} on {}: no front line left (all of the boundary "
                                             "follows the mask's edge).").format(source, day.isoformat()))
                        if not series:
                            continue
                    else:
                        length_km = control_geometry.ellipsoidal_length_m(lines) / 1000.0
                        feature.setGeometry(lines)
                    if not series:
                        feedback.pushInfo(tr("{}: front line {:.1f} km.").format(source, length_km))
                elif series:
                    feedback.pushInfo(tr("{} on {}: no snapshot valid on that day.").format(
                        source, day.isoformat()))
                feature.setAttributes([source, ",".join(statuses), qdate(day), qdate(shown.get(source)),
                                       length_km])
                if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                    raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
            feedback.setProgress(100.0 * (step + 1) / len(days))
        return {self.OUTPUT: dest_id}

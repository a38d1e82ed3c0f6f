"""``situationmapper:routebuffer``: geodesic corridor buffers of supply routes."""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import geodesy
from ..infra.i18n import tr
from ..core.local_projection import BUFFER_QUADRANT_SEGMENTS, LocalProjection
from .base import SituationMapperAlgorithm, fields_from, no_snapshot_note, qdate


class RouteBufferAlgorithm(SituationMapperAlgorithm):
    """Geodesic buffer of each route, its friendly part and threatened length per date."""

    NAME = "routebuffer"
    DISPLAY_NAME = "Route corridor buffer"
    GROUP = "Figures"
    GROUP_ID = "figures"
    HELP = (
        "Which supply routes are threatened? For each route line: its geodesic "
        "buffer by HALF_WIDTH_M metres (WGS84 ellipsoid, built in a local "
        "azimuthal equidistant projection centred on the route) and, per date, "
        "the part of that buffer not under hostile control.\n\n"
        "ROUTE: line layer (roads, railways; any CRS). ROUTE_NAME_FIELD (optional) "
        "names each route; otherwise the feature id.\n"
        "HALF_WIDTH_M: buffer distance on each side, metres (default 2000).\n"
        "CONTROL, STATUSES, SOURCES, DATES: as for the other figures (DATES may be "
        "a single day); each source is computed separately. A day before a "
        "source's first snapshot gets a TABLE row with NULL figures.\n\n"
        "Outputs (BUFFER and FRIENDLY are optional: only the ones given a "
        "destination are written):\n"
        "BUFFER: one polygon per route: route, half_width_m, length_km (ellipsoidal "
        "route length, km), area_km2, first_cut_date (first date in DATES on which "
        "the route line touches hostile ground; NULL if never).\n"
        "FRIENDLY: per route, source and date, the part of the buffer not under "
        "hostile control, with area_km2 and friendly_pct (percent of the buffer).\n"
        "TABLE: per route, source and date: length_km, threatened_km (length of the "
        "route within HALF_WIDTH_M of hostile ground, km), threatened_pct (percent "
        "of the route length), cut (true when the route touches hostile ground), "
        "first_cut_date, snapshot_date."
    )

    ROUTE = "ROUTE"
    ROUTE_NAME_FIELD = "ROUTE_NAME_FIELD"
    HALF_WIDTH_M = "HALF_WIDTH_M"
    CONTROL = "CONTROL"
    STATUSES = "STATUSES"
    SOURCES = "SOURCES"
    DATES = "DATES"
    BUFFER = "BUFFER"
    FRIENDLY = "FRIENDLY"
    TABLE = "TABLE"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ROUTE, tr("Routes (lines)"), [QgsProcessing.TypeVectorLine]))
        self.addParameter(QgsProcessingParameterField(
            self.ROUTE_NAME_FIELD, tr("Route name field"), parentLayerParameterName=self.ROUTE,
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.HALF_WIDTH_M, tr("Half width (metres on each side)"),
            QgsProcessingParameterNumber.Double, defaultValue=2000.0, minValue=0.001))
        self.addHostileGroundParameters()
        self.addParameter(self.optionalSink(
            self.BUFFER, tr("Route buffers"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(self.optionalSink(
            self.FRIENDLY, tr("Route buffers, friendly part"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.TABLE, tr("Route threat table"), QgsProcessing.TypeVector))

    def buffer_fields(self):
        return fields_from((("route", QVariant.String), ("half_width_m", QVariant.Double),
                             ("length_km", QVariant.Double), ("area_km2", QVariant.Double),
                             ("first_cut_date", QVariant.Date)))

    def friendly_fields(self):
        return fields_from((("route", QVariant.String), ("source", QVariant.String),
                             ("date", QVariant.Date), ("area_km2", QVariant.Double),
                             ("friendly_pct", QVariant.Double), ("snapshot_date", QVariant.Date)))

    def table_fields(self):
        return fields_from((("route", QVariant.String), ("source", QVariant.String),
                             ("date", QVariant.Date), ("length_km", QVariant.Double),
                             ("threatened_km", QVariant.Double), ("threatened_pct", QVariant.Double),
                             ("cut", QVariant.Bool), ("first_cut_date", QVariant.Date),
                             ("snapshot_date", QVariant.Date)))

    def _routes(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.ROUTE, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.ROUTE))
        name_field = self.parameterAsString(parameters, self.ROUTE_NAME_FIELD, context)
        transform = QgsCoordinateTransform(source.sourceCrs(),
                                           QgsCoordinateReferenceSystem(geodesy.WGS84_CRS),
                                           context.transformContext())
        routes = []
        for feature in source.getFeatures():
            name = str(feature[name_field]) if name_field else str(feature.id())
            geometry = QgsGeometry(feature.geometry())
            if geometry.isEmpty():
                feedback.reportError(tr("Route '{}' has no geometry; skipped.").format(name))
                continue
            geometry.transform(transform)
            routes.append((name, geometry))
        if not routes:
            raise QgsProcessingException(tr("The route layer has no line with a geometry."))
        return routes

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        wgs84 = QgsCoordinateReferenceSystem(geodesy.WGS84_CRS)
        half_width = self.parameterAsDouble(parameters, self.HALF_WIDTH_M, context)
        routes = self._routes(parameters, context, feedback)
        hostile, days = self.hostileGroundAndDays(parameters, context)

        sinks = self.parameterAsSinks(parameters, context, (
                (self.BUFFER, self.buffer_fields(), QgsWkbTypes.MultiPolygon),
                (self.FRIENDLY, self.friendly_fields(), QgsWkbTypes.MultiPolygon),
                (self.TABLE, self.table_fields(), QgsWkbTypes.NoGeometry)), wgs84)

        da = geodesy.wgs84_distance_area()
        total = len(routes) * len(days) * len(hostile.sources)
        done = 0
        for name, route in routes:
            projection = LocalProjection(route.boundingBox().center())
            local_route = projection.to_local(route)
            local_buffer = local_route.buffer(half_width, BUFFER_QUADRANT_SEGMENTS)
            buffer = projection.to_wgs84(local_buffer)
            length_km = da.measureLength(route) / 1000.0
            buffer_km2 = da.measureArea(buffer) / 1e6
            window = buffer.boundingBox().buffered(0.05)
            first_cut = None
            rows = []
            for source in hostile.sources:
                for day in days:
                    if feedback.isCanceled():
                        return self.sinkResults(sinks)
                    done += 1
                    ground, snapshot, _fids = hostile.on(day, source, window)
                    if ground is None:  # a row all the same: NULL figures
                        feedback.pushInfo(tr("{}: {}.").format(
                            day.isoformat(), no_snapshot_note(hostile.records, day, source)))
                        rows.append((source, day, None, None, None, None))
                        continue
                    local_ground = projection.to_local(ground) if not ground.isEmpty() else ground
                    if local_ground.isEmpty():
                        threatened_km, cut, friendly = 0.0, False, buffer
                    else:
                        near = local_ground.buffer(half_width, BUFFER_QUADRANT_SEGMENTS)
                        threatened = local_route.intersection(near)
                        threatened_km = (da.measureLength(projection.to_wgs84(threatened)) / 1000.0
                                         if not threatened.isEmpty() else 0.0)
                        cut = local_route.intersects(local_ground)
                        friendly = projection.to_wgs84(local_buffer.difference(local_ground))
                    if cut and (first_cut is None or day < first_cut):
                        first_cut = day
                    rows.append((source, day, snapshot, threatened_km, cut, friendly))
                    feedback.setProgress(100.0 * done / total)
            for source, day, snapshot, threatened_km, cut, friendly in rows:
                if friendly is None:
                    row = QgsFeature(self.table_fields())
                    row.setAttributes([name, source, qdate(day), length_km, None, None, None,
                                       qdate(first_cut) if first_cut else None, None])
                    self._add(sinks[self.TABLE][0], row)
                    continue
                row = QgsFeature(self.table_fields())
                row.setAttributes([name, source, qdate(day), length_km, threatened_km,
                                   100.0 * threatened_km / length_km if length_km else None, cut,
                                   qdate(first_cut) if first_cut else None, qdate(snapshot)])
                self._add(sinks[self.TABLE][0], row)
                part = QgsFeature(self.friendly_fields())
                geometry = QgsGeometry(friendly)
                friendly_km2 = da.measureArea(geometry) / 1e6 if not geometry.isEmpty() else 0.0
                if not geometry.isEmpty():
                    geometry.convertToMultiType()
                    part.setGeometry(geometry)
                part.setAttributes([name, source, qdate(day), friendly_km2,
                                    100.0 * friendly_km2 / buffer_km2 if buffer_km2 else None,
                                    qdate(snapshot)])
                self._add(sinks[self.FRIENDLY][0], part)
            feature = QgsFeature(self.buffer_fields())
            geometry = QgsGeometry(buffer)
            geometry.convertToMultiType()
            feature.setGeometry(geometry)
            feature.setAttributes([name, half_width, length_km, buffer_km2,
                                   qdate(first_cut) if first_cut else None])
            self._add(sinks[self.BUFFER][0], feature)
        return self.sinkResults(sinks)

    @staticmethod
    def _add(sink, feature):
        if sink is not None and not sink.addFeature(feature, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(tr("Cannot write a route buffer output feature."))

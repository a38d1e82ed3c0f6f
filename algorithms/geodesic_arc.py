"""``situationmapper:geodesicarc``: a geodesic circle arc around a point."""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterPoint,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import geodesy
from ..infra.i18n import tr
from .base import SituationMapperAlgorithm


class GeodesicArcAlgorithm(SituationMapperAlgorithm):
    """Build a line along the geodesic circle of RADIUS_M around CENTER."""

    NAME = "geodesicarc"
    DISPLAY_NAME = "Geodesic arc"
    ICON = "geodesic_arc"
    HELP = (
        "Draws an arc of a geodesic circle on the WGS84 ellipsoid: every vertex "
        "lies at exactly RADIUS_M metres (geodesic distance) from the centre.\n\n"
        "Azimuths are in degrees clockwise from north; the arc runs clockwise from "
        "the start to the end azimuth (300 to 60 passes through north; 0 to 360 "
        "is a full circle).\n\n"
        "Vertices: SEGMENTS equal bearing steps when it is above 0; otherwise as "
        "many as needed so that no segment is longer than MAX_SEGMENT_M metres nor "
        "spans more than 1 degree of bearing.\n\n"
        "The output is a line layer in EPSG:4326 with the radius, azimuths, sweep "
        "(degrees) and the ellipsoidal length (metres) of the drawn line."
    )

    CENTER = "CENTER"
    RADIUS_M = "RADIUS_M"
    START_AZIMUTH = "START_AZIMUTH"
    END_AZIMUTH = "END_AZIMUTH"
    SEGMENTS = "SEGMENTS"
    MAX_SEGMENT_M = "MAX_SEGMENT_M"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterPoint(self.CENTER, tr("Centre")))
        self.addParameter(QgsProcessingParameterNumber(
            self.RADIUS_M, tr("Radius (metres)"), QgsProcessingParameterNumber.Double,
            defaultValue=5000.0, minValue=0.001))
        self.addParameter(QgsProcessingParameterNumber(
            self.START_AZIMUTH, tr("Start azimuth (degrees clockwise from north)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0,
            minValue=-360.0, maxValue=720.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.END_AZIMUTH, tr("End azimuth (degrees clockwise from north)"),
            QgsProcessingParameterNumber.Double, defaultValue=90.0,
            minValue=-360.0, maxValue=720.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEGMENTS, tr("Segments (0: from the maximum segment length)"),
            QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0,
            maxValue=1000000))
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_SEGMENT_M, tr("Maximum segment length (metres)"),
            QgsProcessingParameterNumber.Double, defaultValue=50.0, minValue=0.001))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Geodesic arc"), QgsProcessing.TypeVectorLine))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        wgs84 = QgsCoordinateReferenceSystem(geodesy.WGS84_CRS)
        centre = self.parameterAsPoint(parameters, self.CENTER, context, wgs84)
        if not -90.0 <= centre.y() <= 90.0 or not -180.0 <= centre.x() <= 180.0:
            raise QgsProcessingException(
                tr("The centre {} is not a valid longitude/latitude.").format(centre.asWkt()))
        radius = self.parameterAsDouble(parameters, self.RADIUS_M, context)
        start = self.parameterAsDouble(parameters, self.START_AZIMUTH, context)
        end = self.parameterAsDouble(parameters, self.END_AZIMUTH, context)
        segments = self.parameterAsInt(parameters, self.SEGMENTS, context)
        max_segment = self.parameterAsDouble(parameters, self.MAX_SEGMENT_M, context)
        try:
            sweep = geodesy.sweep_degrees(start, end)
        except ValueError as error:
            raise QgsProcessingException(tr("Start and end azimuth are both {}: the arc would be empty.").format(start)) from error
        if segments <= 0:
            segments = geodesy.arc_segment_count(radius, sweep, max_segment)
        feedback.pushInfo(tr("Arc of {:.3f} degrees, radius {:.3f} m, {} segments.").format(
            sweep, radius, segments))

        points = geodesy.geodesic_arc_points(centre, radius, start, end, segments)
        geometry = QgsGeometry.fromPolylineXY(points)
        length = geodesy.wgs84_distance_area().measureLength(geometry)

        fields = QgsFields()
        for name in ("radius_m", "start_az", "end_az", "sweep_deg", "length_m"):
            fields.append(QgsField(name, QVariant.Double))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.LineString, wgs84)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        feature = QgsFeature(fields)
        feature.setGeometry(geometry)
        feature.setAttributes([radius, start, end, sweep, length])
        if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
        feedback.setProgress(100)
        return {self.OUTPUT: dest_id}

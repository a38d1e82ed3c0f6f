"""``situationmapper:changes``: ground gained and lost between two dates."""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QVariant

from ..core import control_geometry
from ..core.geodesy import WGS84_CRS
from ..infra.i18n import tr
from ..store import read_records, select_records
from .base import SituationMapperAlgorithm, fields_from, qdate
from .snapshot_at import report_shown_dates, union_by_series

EMPTY = "MultiPolygon EMPTY"


class ChangesAlgorithm(SituationMapperAlgorithm):
    """Per status and source: the polygons in B not in A (gained) and in A not in
    B (lost), with their ellipsoidal areas."""

    NAME = "changes"
    DISPLAY_NAME = "Changes between two dates"
    GROUP = "Situation layers"
    GROUP_ID = "situationlayers"
    HELP = (
        "What changed between two dates, for each status and source: the ground "
        "gained (under the status on DATE_B, not on DATE_A) and lost (on DATE_A, not "
        "on DATE_B). Each date shows the snapshot valid on it (the latest earlier one "
        "when the day has none).\n\n"
        "<b>Control layer</b> (CONTROL): a situation store (.gpkg path) or a layer with "
        "the store's fields.\n"
        "<b>First date</b> (DATE_A) and <b>second date</b> (DATE_B).\n"
        "<b>Statuses</b> (STATUSES, optional): comma-separated statuses; empty: all.\n"
        "<b>Sources</b> (SOURCES, optional): comma-separated sources; empty: all.\n\n"
        "Output (OUTPUT): MultiPolygon features in EPSG:4326, one per change, status and "
        "source that is not empty, with change ('gained' or 'lost'), status, source, "
        "date_a, date_b and area_km2 (ellipsoidal area on WGS84, km2).\n"
        "GAINED_KM2 and LOST_KM2: the total gained and lost areas (km2), summed over the "
        "statuses and sources chosen (choose one source to read them as one source's "
        "figures). The log gives the figures per status and source."
    )

    CONTROL = "CONTROL"
    DATE_A = "DATE_A"
    DATE_B = "DATE_B"
    STATUSES = "STATUSES"
    SOURCES = "SOURCES"
    OUTPUT = "OUTPUT"
    GAINED_KM2 = "GAINED_KM2"
    LOST_KM2 = "LOST_KM2"

    def addChangeParameters(self):  # noqa: N802
        """CONTROL, the two dates, STATUSES and SOURCES: what a change between two
        dates is measured on (also changeevidence's, which runs this algorithm)."""
        self.addControlParameters(
            tr("Statuses (comma separated; empty: all)"), statuses_default=None, dates=False,
            after_control=(
                QgsProcessingParameterDateTime(
                    self.DATE_A, tr("First date"), QgsProcessingParameterDateTime.Date,
                    defaultValue=QDate.currentDate().addDays(-1)),
                QgsProcessingParameterDateTime(
                    self.DATE_B, tr("Second date"), QgsProcessingParameterDateTime.Date,
                    defaultValue=QDate.currentDate())))

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addChangeParameters()
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Changes"), QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputNumber(self.GAINED_KM2, tr("Area gained (km2)")))
        self.addOutput(QgsProcessingOutputNumber(self.LOST_KM2, tr("Area lost (km2)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsControlLayer(parameters, self.CONTROL, context)
        day_a = self.parameterAsDay(parameters, self.DATE_A, context)
        day_b = self.parameterAsDay(parameters, self.DATE_B, context)
        if day_a is None or day_b is None:
            raise QgsProcessingException(tr("Both dates (DATE_A and DATE_B) are needed."))
        statuses = self.parameterAsWords(parameters, self.STATUSES, context)
        sources = self.parameterAsWords(parameters, self.SOURCES, context)

        all_records = read_records(layer)
        records_a = select_records(all_records, day_a, statuses, sources)
        records_b = select_records(all_records, day_b, statuses, sources)
        for day, records in ((day_a, records_a), (day_b, records_b)):
            if records:
                report_shown_dates(records, day, feedback)
            else:
                feedback.pushWarning(tr("No control polygon is valid on {}: everything there counts "
                                        "as not held.").format(day.isoformat()))
        feedback.setProgress(10)
        union_a = union_by_series(layer, records_a, context, feedback)
        feedback.setProgress(40)
        union_b = union_by_series(layer, records_b, context, feedback)
        feedback.setProgress(70)

        fields = fields_from((("change", QVariant.String, "", 10), ("status", QVariant.String, "", 40),
                              ("source", QVariant.String, "", 80), ("date_a", QVariant.Date),
                              ("date_b", QVariant.Date), ("area_km2", QVariant.Double)))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
            QgsCoordinateReferenceSystem(WGS84_CRS))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))

        totals = {"gained": 0.0, "lost": 0.0}
        series = sorted(set(union_a) | set(union_b))
        for index, (source, status) in enumerate(series):
            if feedback.isCanceled():
                break
            before = union_a.get((source, status), QgsGeometry.fromWkt(EMPTY))
            after = union_b.get((source, status), QgsGeometry.fromWkt(EMPTY))
            changes = (("gained", self._difference(after, before)),
                       ("lost", self._difference(before, after)))
            figures = []
            for change, geometry in changes:
                area_km2 = control_geometry.ellipsoidal_area_km2(geometry)
                figures.append(area_km2)
                if geometry.isEmpty():
                    continue
                totals[change] += area_km2
                feature = QgsFeature(fields)
                feature.setGeometry(geometry)
                feature.setAttributes([change, status, source, qdate(day_a), qdate(day_b), area_km2])
                if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                    raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
            feedback.pushInfo(tr("{} / {}: gained {:.2f} km2, lost {:.2f} km2, net {:+.2f} km2 "
                                 "from {} to {}.").format(source, status, figures[0], figures[1],
                                                          figures[0] - figures[1], day_a.isoformat(),
                                                          day_b.isoformat()))
            feedback.setProgress(70 + 30.0 * (index + 1) / len(series))
        feedback.pushInfo(tr("In all: gained {:.2f} km2, lost {:.2f} km2.").format(
            totals["gained"], totals["lost"]))
        return {self.OUTPUT: dest_id, self.GAINED_KM2: totals["gained"], self.LOST_KM2: totals["lost"]}

    @staticmethod
    def _difference(geometry: QgsGeometry, minus: QgsGeometry) -> QgsGeometry:
        """``geometry`` minus ``minus`` as polygons only (may be empty)."""
        if geometry.isEmpty():
            return QgsGeometry.fromWkt(EMPTY)
        if minus.isEmpty():
            return control_geometry.polygons_only(geometry)
        return control_geometry.polygons_only(geometry.difference(minus))

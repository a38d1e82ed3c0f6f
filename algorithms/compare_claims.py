"""``situationmapper:compareclaims``: published claims ("60 % of the city is
occupied") beside the share each source's control polygons give that day."""

from typing import Dict, List, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..infra.i18n import tr
from ..core.occupied_share import km2
from ..store import to_day
from .base import fields_from, qdate
from .occupied_share import OccupiedShareAlgorithm
from .share_series import ShareRow

OUTPUT_FIELDS = (
    ("date", QVariant.Date), ("area", QVariant.String), ("who", QVariant.String),
    ("claimed_pct", QVariant.Double), ("source", QVariant.String),
    ("measured_pct", QVariant.Double), ("measured_km2", QVariant.Double),
    ("difference_pts", QVariant.Double), ("snapshot_date", QVariant.Date),
    ("note", QVariant.String),
)


def _number(value) -> Optional[float]:
    if value is None or str(value).strip() in ("", "NULL"):
        return None
    return float(str(value).strip().rstrip("%").replace(",", "."))


class CompareClaimsAlgorithm(OccupiedShareAlgorithm):
    """Each claim beside the measured occupied share of each source that day."""

    NAME = "compareclaims"
    DISPLAY_NAME = "Compare claims"
    HELP = (
        "Puts published claims beside what the control polygons measure.\n\n"
        "<b>CLAIMS</b>: a table (any layer, geometry ignored) with one claim per "
        "row: the date of the claim, the area it is about, the claimed occupied "
        "share in percent and who claimed it. Field names are set with "
        "<b>CLAIM_DATE_FIELD</b> (default date; a date or YYYY-MM-DD text), "
        "<b>CLAIM_AREA_FIELD</b> (default area; must match an area name), "
        "<b>CLAIM_PCT_FIELD</b> (default claimed_pct; percent, '60' or '60 %') and "
        "<b>CLAIM_WHO_FIELD</b> (default who; may be absent).\n"
        "<b>AREAS</b>, <b>AREA_NAME_FIELD</b>: the area polygons and the field "
        "whose values the claims name (empty: the feature id).\n"
        "<b>CONTROL</b>: a control layer or a store's .gpkg path.\n"
        "<b>STATUSES</b>: statuses counted as occupied (comma separated, default "
        "occupied). <b>SOURCES</b>: sources to compare with (empty: all).\n\n"
        "The measured share is the Occupied share algorithm's (ellipsoidal WGS84 "
        "areas); a date without a snapshot uses the latest earlier one "
        "(snapshot_date).\n\n"
        "<b>OUTPUT</b>: one row per claim and source: date, area, who, "
        "claimed_pct, source, measured_pct (percent), measured_km2, "
        "difference_pts = claimed_pct − measured_pct (percentage points; positive: "
        "the claim says more is occupied than the source shows), snapshot_date, "
        "note (unknown area, bad date or value, no snapshot)."
    )

    CLAIMS = "CLAIMS"
    CLAIM_DATE_FIELD = "CLAIM_DATE_FIELD"
    CLAIM_AREA_FIELD = "CLAIM_AREA_FIELD"
    CLAIM_PCT_FIELD = "CLAIM_PCT_FIELD"
    CLAIM_WHO_FIELD = "CLAIM_WHO_FIELD"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.CLAIMS, tr("Claims table"), [QgsProcessing.TypeVector]))
        for name, label, default in (
                (self.CLAIM_DATE_FIELD, tr("Claim date field"), "date"),
                (self.CLAIM_AREA_FIELD, tr("Claimed area name field"), "area"),
                (self.CLAIM_PCT_FIELD, tr("Claimed share field (percent)"), "claimed_pct"),
                (self.CLAIM_WHO_FIELD, tr("Who claimed field"), "who")):
            # optional so that the default name applies when the field is not given
            self.addParameter(QgsProcessingParameterField(
                name, label, defaultValue=default, parentLayerParameterName=self.CLAIMS,
                optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREAS, tr("Areas (polygons)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.AREA_NAME_FIELD, tr("Area name field (empty: feature id)"),
            parentLayerParameterName=self.AREAS, optional=True))
        self.addControlParameters(tr("Statuses counted as occupied (comma separated)"), dates=False)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Claims compared"), QgsProcessing.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        claims = self.parameterAsSource(parameters, self.CLAIMS, context)
        if claims is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.CLAIMS))
        names = {}
        for key, default in ((self.CLAIM_DATE_FIELD, "date"), (self.CLAIM_AREA_FIELD, "area"),
                             (self.CLAIM_PCT_FIELD, "claimed_pct"), (self.CLAIM_WHO_FIELD, "who")):
            names[key] = self.parameterAsString(parameters, key, context) or default
            if claims.fields().indexOf(names[key]) < 0:
                if key == self.CLAIM_WHO_FIELD and not parameters.get(key):
                    names[key] = ""  # who is optional
                    continue
                raise QgsProcessingException(
                    tr("The claims table has no field '{}' ({}).").format(names[key], key))

        series, _days = self.prepare_series(parameters, context, feedback, with_days=False)
        by_name: Dict[str, int] = {}
        for index, area in enumerate(series.areas):
            by_name.setdefault(area.name, index)
            by_name.setdefault(area.name.strip().casefold(), index)

        fields = fields_from(OUTPUT_FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields,
                                             QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))

        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        total = max(1, claims.featureCount())
        measured: Dict[Tuple, Tuple[List[ShareRow], Optional[str]]] = {}
        series.prefetch(feedback)
        for number, claim in enumerate(claims.getFeatures(request)):
            if feedback.isCanceled():
                break
            who = str(claim[names[self.CLAIM_WHO_FIELD]]) if names[self.CLAIM_WHO_FIELD] else ""
            who = "" if who == "NULL" else who
            area_name = str(claim[names[self.CLAIM_AREA_FIELD]] or "")
            problems = []
            try:
                day = to_day(claim[names[self.CLAIM_DATE_FIELD]])
            except ValueError:
                day = None
            if day is None:
                problems.append(tr("claim {}: '{}' is not a date").format(
                    claim.id(), claim[names[self.CLAIM_DATE_FIELD]]))
            try:
                claimed = _number(claim[names[self.CLAIM_PCT_FIELD]])
            except ValueError:
                claimed = None
                problems.append(tr("claim {}: '{}' is not a percentage").format(
                    claim.id(), claim[names[self.CLAIM_PCT_FIELD]]))
            index = by_name.get(area_name, by_name.get(area_name.strip().casefold()))
            if index is None:
                problems.append(tr("claim {}: no area named '{}'").format(claim.id(), area_name))
            if problems:
                for problem in problems:
                    feedback.pushWarning(problem)
                self._add(sink, fields, [qdate(day), area_name, who, claimed, None, None, None,
                                         None, None, "; ".join(problems)], parameters)
                continue
            for source in series.sources:
                if (day, source) not in measured:
                    measured[(day, source)] = series.rows_for(day, source)
                    if measured[(day, source)][1]:
                        feedback.pushInfo(measured[(day, source)][1])
                row = measured[(day, source)][0][index]
                difference = claimed - row.occupied_pct if (
                    claimed is not None and row.occupied_pct is not None) else None
                self._add(sink, fields, [
                    qdate(day), series.areas[index].name, who, claimed, source, row.occupied_pct,
                    km2(row.occupied_m2), difference, qdate(row.snapshot_day), row.note or None],
                    parameters)
            feedback.setProgress(100.0 * (number + 1) / total)
        return {self.OUTPUT: dest_id}

    def _add(self, sink, fields, attributes, parameters):
        feature = QgsFeature(fields)
        feature.setAttributes(attributes)
        if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))

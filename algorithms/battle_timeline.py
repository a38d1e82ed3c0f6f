"""``situationmapper:battletimeline``: days since first entry per area, beside
the occupied share (see docs/domain.md, "battle timeline"), from the very
shares occupiedshare measures (its series and calculator)."""

import datetime
from typing import Dict, Tuple

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core.occupied_share import share_percent
from ..infra.i18n import tr
from .base import fields_from, qdate
from .occupied_share import OccupiedShareAlgorithm

Day = datetime.date

TABLE_FIELDS = (
    ("date", QVariant.Date), ("area", QVariant.String), ("source", QVariant.String),
    ("share_pct", QVariant.Double), ("days_since_entry", QVariant.Int), ("entry_date", QVariant.Date),
    ("snapshot_date", QVariant.Date), ("note", QVariant.String),
)


def has_entered(share_pct, threshold_pct: float) -> bool:
    """Whether a share counts as entry: at least ``threshold_pct`` percent, or
    above 0 when the threshold is 0."""
    if share_pct is None:
        return False
    return share_pct > 0.0 if threshold_pct <= 0.0 else share_pct >= threshold_pct


class BattleTimelineAlgorithm(OccupiedShareAlgorithm):
    """Occupied share and days since first entry, per area, date and source."""

    NAME = "battletimeline"
    DISPLAY_NAME = "Battle timeline (days since first entry)"
    GROUP = "Figures"
    GROUP_ID = "figures"
    HELP = (
        "Lays several battles side by side: for each area (town), date and source, "
        "its occupied share and the days since its first entry, the first day its "
        "occupied share reached THRESHOLD_PCT (the share as occupiedshare measures "
        "it: ellipsoidal, WGS84).\n\n"
        "<b>AREAS</b>: polygons (towns, districts), any CRS; <b>AREA_NAME_FIELD</b>: "
        "the field naming them (empty: the feature id).\n"
        "<b>CONTROL</b>, <b>STATUSES</b> (default occupied), <b>SOURCES</b> (each "
        "source on its own rows): as for the occupied share.\n"
        "<b>DATES</b>: the dates of the rows (empty or all: every snapshot date). The "
        "entry is looked for over the whole series, whichever dates are asked.\n"
        "<b>THRESHOLD_PCT</b>: the share (percent) that counts as entry (default 1; "
        "0: any occupied ground in the area).\n\n"
        "<b>TABLE</b>: date, area, source, share_pct, days_since_entry (date - "
        "entry_date in days; negative before the entry; NULL when the area was never "
        "entered), entry_date (the first snapshot date with the share at the "
        "threshold), snapshot_date (the snapshot used), note."
    )

    THRESHOLD_PCT = "THRESHOLD_PCT"
    TABLE = "TABLE"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREAS, tr("Areas (polygons)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.AREA_NAME_FIELD, tr("Area name field (empty: feature id)"),
            parentLayerParameterName=self.AREAS, optional=True))
        self.addControlParameters(tr("Statuses counted as occupied (comma separated)"))
        self.addParameter(QgsProcessingParameterNumber(
            self.THRESHOLD_PCT, tr("Share counted as entry (percent)"), QgsProcessingParameterNumber.Double,
            defaultValue=1.0, minValue=0.0, maxValue=100.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.TABLE, tr("Battle timeline"), QgsProcessing.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        threshold = self.parameterAsDouble(parameters, self.THRESHOLD_PCT, context)
        series, days = self.prepare_series(parameters, context, feedback)
        sink, dest_id = self.parameterAsSink(parameters, self.TABLE, context, fields_from(TABLE_FIELDS),
                                             QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.TABLE))
        every_day = sorted(set(series.snapshot_days()) | set(days))
        feedback.setProgress(5)
        series.prefetch(feedback)
        series.measure_days(every_day, feedback)
        if feedback.isCanceled():
            return {self.TABLE: dest_id}
        feedback.setProgress(70)
        areas = series.areas
        # the first entry of each area and source, over the whole series
        entries: Dict[Tuple[int, str], Day] = {}
        for day in series.snapshot_days():
            if feedback.isCanceled():
                return {self.TABLE: dest_id}
            for source in series.sources:
                measure = series.measure(day, source)
                for index, area in enumerate(areas):
                    if (index, source) not in entries and has_entered(
                            share_percent(measure.occupied_m2[index], area.area_m2), threshold):
                        entries[(index, source)] = day
        feedback.setProgress(85)
        features = []
        for day in days:
            for source in series.sources:
                measure = series.measure(day, source)
                for index, area in enumerate(areas):
                    share = share_percent(measure.occupied_m2[index], area.area_m2)
                    entry = entries.get((index, source))
                    note = series.area_note(index, measure.note) or None
                    if entry is None and not note:
                        note = tr("never reached {} % in the series").format(threshold)
                    feature = QgsFeature()
                    feature.setAttributes([
                        qdate(day), area.name, source, share, (day - entry).days if entry else None,
                        qdate(entry), qdate(measure.snapshot_day), note])
                    features.append(feature)
        features.sort(key=lambda f: (f.attributes()[1], f.attributes()[2], f.attributes()[0]))
        if not sink.addFeatures(features, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.TABLE))
        for (index, source), entry in sorted(entries.items(), key=lambda item: item[1]):
            feedback.pushInfo(tr("{} ({}): first entry on {}.").format(areas[index].name, source, entry.isoformat()))
        feedback.setProgress(100)
        return {self.TABLE: dest_id}

"""The key figures of a map product, computed by the plugin's own algorithms.

Nothing is computed here: ``situationmapper:occupiedshare``,
``situationmapper:encirclement`` and ``situationmapper:corridor`` are run as
child algorithms for all the product's days at once, and their output tables
are turned into text rows (figure, area, source, value) per day. An algorithm
that is not installed or fails gives a row saying
"not available" and why - never a made-up number.
"""

import datetime
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

from qgis.core import (
    QgsApplication,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)

from ..infra.i18n import tr
from ..infra.log import log
from ..core.validity import latest_on_or_before
from ..store import ControlLayerError, read_records, snapshot_days, to_day

OCCUPIED_SHARE_ID = "situationmapper:occupiedshare"
ENCIRCLEMENT_ID = "situationmapper:encirclement"
CORRIDOR_ID = "situationmapper:corridor"
NOT_AVAILABLE = "not available"
# The figures table: area, source, then one column per figure (display names).
FIGURE_COLUMNS = ("Occupied share", "Change since previous snapshot", "Enclosed degrees",
                  "Corridor width")
TABLE_COLUMNS = ("Area", "Source", "Occupied", "Change", "Enclosed", "Corridor")


@dataclass
class FigureRow:
    """One line of the figures table; ``day`` None means every day."""

    figure: str
    area: str
    source: str
    value: str
    day: Optional[datetime.date] = None

    def cells(self) -> List[str]:
        return [self.figure, self.area, self.source, self.value]


@dataclass
class FigureInputs:
    """What the figures are computed from (layers already in the export's project)."""

    control_layer: object = None
    areas_layer: object = None
    area_name_field: str = ""
    rear_point: object = None  # QgsPointXY in EPSG:4326 or None
    radius_m: float = 5000.0
    statuses: Sequence[str] = ()


def _number(value) -> Optional[float]:
    try:
        if value is None or str(value) in ("", "NULL"):
            return None
        return float(value)
    except (TypeError, ValueError):
        return None


class FigureComputation:
    """Runs the figure algorithms once for all ``days`` and keeps rows per day."""

    def __init__(self, inputs: FigureInputs, days: Sequence[datetime.date], context, feedback):
        self.inputs = inputs
        self.days = sorted(days)
        self.context = context
        self.feedback = feedback
        self.rows: List[FigureRow] = []
        self.unavailable: List[str] = []  # "figure: why", for the product's notes

    def run(self) -> "FigureComputation":
        """Compute every figure the inputs allow; return self."""
        steps = []
        if self.inputs.control_layer is not None and self.inputs.areas_layer is not None:
            steps.append(self._occupied_share)
            steps.append(self._encirclement)
            if self.inputs.rear_point is not None:
                steps.append(self._corridor)
        if not steps:
            return self
        multi = QgsProcessingMultiStepFeedback(len(steps), self.feedback)
        for index, step in enumerate(steps):
            if self.feedback.isCanceled():
                break
            multi.setCurrentStep(index)
            step(multi)
        return self

    def rows_for(self, day: datetime.date) -> List[FigureRow]:
        """Rows for ``day``, then rows valid on every day (such as "not available")."""
        return [r for r in self.rows if r.day == day] + [r for r in self.rows if r.day is None]

    def headers(self) -> List[str]:
        """Column titles of :meth:`table_for`, the radius of enclosed degrees included."""
        names = [tr(name) for name in TABLE_COLUMNS]
        names[4] = tr("Enclosed at {:g} km").format(self.inputs.radius_m / 1000.0)
        return names

    def table_for(self, day: datetime.date) -> List[List[str]]:
        """The figures of ``day`` as a compact table: one row per area and source,
        columns :data:`TABLE_COLUMNS`; a figure not available reads so in its column."""
        columns = {tr(name): index for index, name in enumerate(FIGURE_COLUMNS)}
        unavailable = [r.figure for r in self.rows if r.day is None]
        if tr("Occupied share") in unavailable:  # the change comes with the share
            unavailable.append(tr("Change since previous snapshot"))
        table: Dict[tuple, List[str]] = {}
        for row in self.rows_for(day):
            if row.day is None:
                continue
            cells = table.setdefault((row.area, row.source), [row.area, row.source] + [""] * len(columns))
            cells[2 + columns[row.figure]] = row.value
        for cells in table.values():
            for figure in unavailable:
                cells[2 + columns[figure]] = tr("n/a")
            cells[2:] = [cell or "–" for cell in cells[2:]]  # computed, but no value that day
        if not table and unavailable:
            return [[tr("all areas"), ""] + [tr("n/a") if name in unavailable else ""
                                             for name in columns]]
        return list(table.values())

    # -- running a child algorithm -------------------------------------------------
    def _run(self, algorithm_id: str, feedback, values: Dict) -> Optional[List[Dict]]:
        """The rows of the algorithm's first table output, or None after adding a
        "not available" row saying why."""
        label = algorithm_id.split(":")[-1]
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
        if algorithm is None:
            self._unavailable(algorithm_id, tr("{} not installed").format(label))
            return None
        parameters = {}
        areas_parameter = None
        for definition in algorithm.parameterDefinitions():
            name = definition.name()
            if name not in values or values[name] is None:
                continue
            value = values[name]
            if isinstance(definition, QgsProcessingParameterString):
                # text parameters take lists comma-separated and numbers as written
                if isinstance(value, (list, tuple)):
                    value = ",".join(str(v) for v in value)
                elif isinstance(value, float):
                    value = f"{value:g}"
            parameters[name] = value
            if name in ("AREA", "AREAS"):
                areas_parameter = name
        for definition in algorithm.parameterDefinitions():
            # the area name field, whatever the algorithm calls it
            if (isinstance(definition, QgsProcessingParameterField) and areas_parameter
                    and definition.parentLayerParameterName() == areas_parameter
                    and self.inputs.area_name_field):
                parameters[definition.name()] = self.inputs.area_name_field
        for definition in algorithm.destinationParameterDefinitions():
            parameters[definition.name()] = QgsProcessing.TEMPORARY_OUTPUT
        try:
            import processing  # QGIS's Processing plugin, present wherever algorithms run

            results = processing.run(algorithm_id, parameters, context=self.context,
                                     feedback=feedback, is_child_algorithm=True)
        except QgsProcessingException as error:
            self._unavailable(algorithm_id, tr("{} failed: {}").format(label, error))
            return None
        names = [d.name() for d in algorithm.outputDefinitions()]
        # the table of figures: TABLE, else OUTPUT, else the first output
        names.sort(key=lambda n: (n != "TABLE", n != "OUTPUT"))
        for name in names:
            value = results.get(name)
            if not isinstance(value, str):
                continue
            layer = QgsProcessingUtils.mapLayerFromString(value, self.context)
            if layer is not None and hasattr(layer, "getFeatures"):
                names = layer.fields().names()
                return [dict(zip(names, f.attributes())) for f in layer.getFeatures()]
        self._unavailable(algorithm_id, tr("{} gave no table").format(label))
        return None

    def _common_values(self) -> Dict:
        dates = ",".join(d.isoformat() for d in self.days)
        values = {"CONTROL": self.inputs.control_layer, "AREA": self.inputs.areas_layer,
                  "AREAS": self.inputs.areas_layer, "DATES": dates, "RADIUS_M": self.inputs.radius_m}
        if self.inputs.statuses:
            values["STATUSES"] = list(self.inputs.statuses)
        if self.inputs.rear_point is not None:
            point = self.inputs.rear_point
            values["REAR"] = f"{point.x()},{point.y()} [EPSG:4326]"
        return values

    def _unavailable(self, algorithm_id: str, reason: str):
        figure = {OCCUPIED_SHARE_ID: tr("Occupied share"), ENCIRCLEMENT_ID: tr("Enclosed degrees"),
                  CORRIDOR_ID: tr("Corridor width")}[algorithm_id]
        log.warning(f"{figure}: {reason}")
        self.feedback.pushWarning(tr("{}: {} ({}).").format(figure, tr(NOT_AVAILABLE), reason))
        self.unavailable.append(f"{figure}: {reason}")
        self.rows.append(FigureRow(figure, "", "", tr(NOT_AVAILABLE)))

    # -- each figure -----------------------------------------------------------------
    def _days_with_previous_snapshots(self) -> List[datetime.date]:
        """The product's days plus, for each, the snapshot date before the one it
        shows, so that the share's change since the previous snapshot is known."""
        layer = self.inputs.control_layer
        try:
            snapshots = snapshot_days(read_records(layer)) if hasattr(layer, "getFeatures") else []
        except ControlLayerError:
            snapshots = []
        days = set(self.days)
        for day in self.days:
            shown = latest_on_or_before(snapshots, day)
            previous = shown and latest_on_or_before(snapshots, shown - datetime.timedelta(days=1))
            if previous:
                days.add(previous)
        return sorted(days)

    def _occupied_share(self, feedback):
        values = self._common_values()
        values["DATES"] = ",".join(d.isoformat() for d in self._days_with_previous_snapshots())
        rows = self._run(OCCUPIED_SHARE_ID, feedback, values)
        for row in rows or []:
            day = to_day(row.get("date"))
            pct, km2 = _number(row.get("occupied_pct")), _number(row.get("occupied_km2"))
            area_km2, upper = _number(row.get("area_km2")), _number(row.get("upper_pct"))
            if pct is None:
                value = tr(NOT_AVAILABLE) + (f" ({row.get('note')})" if row.get("note") else "")
            else:
                value = f"{pct:.1f} %"
                if upper is not None and abs(upper - pct) >= 0.05:
                    value = f"{pct:.1f}-{upper:.1f} %"
                if km2 is not None and area_km2 is not None:
                    value += tr(" ({:.1f} of {:.1f} km²)").format(km2, area_km2)
            area, source = str(row.get("area") or ""), str(row.get("source") or "")
            self.rows.append(FigureRow(tr("Occupied share"), area, source, value, day))
            change = _number(row.get("change_pct"))
            if change is not None:
                self.rows.append(FigureRow(tr("Change since previous snapshot"), area, source,
                                           tr("{:+.1f} points").format(change), day))

    def _encirclement(self, feedback):
        rows = self._run(ENCIRCLEMENT_ID, feedback, self._common_values())
        for row in rows or []:
            degrees, radius = _number(row.get("enclosed_deg")), _number(row.get("radius_m"))
            value = tr(NOT_AVAILABLE) if degrees is None else f"{degrees:.0f}°"
            if degrees is not None and radius is not None and abs(radius - self.inputs.radius_m) > 0.5:
                value += tr(" at {:g} km").format(radius / 1000.0)
            self.rows.append(FigureRow(tr("Enclosed degrees"), str(row.get("area") or ""),
                                       str(row.get("source") or ""), value, to_day(row.get("date"))))

    def _corridor(self, feedback):
        # the corridor runs from the first area to the rear (the others may hold the rear)
        first = self.inputs.areas_layer.materialize(QgsFeatureRequest().setLimit(1))
        features = list(first.getFeatures())
        name_field = self.inputs.area_name_field
        area_name = str(features[0][name_field]) if features and name_field else ""
        values = self._common_values()
        values["AREA"] = values["AREAS"] = first
        rows = self._run(CORRIDOR_ID, feedback, values)
        for row in rows or []:
            width = _number(row.get("width_m"))
            status = str(row.get("status") or "")
            if width is None:
                value = status or tr(NOT_AVAILABLE)
            else:
                value = tr("{:.2f} km").format(width / 1000.0) + (f" ({status})" if status else "")
            self.rows.append(FigureRow(tr("Corridor width"), str(row.get("area") or area_name or tr("(to rear)")),
                                       str(row.get("source") or ""), value, to_day(row.get("date"))))

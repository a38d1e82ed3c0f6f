"""The key figures of a map product, measured by the figure algorithms' own code.

The occupied share, encirclement and corridor algorithms are run directly (their
classes, not looked up by id) for all the product's days at once, and their
output tables are turned into the rows export/ lays out (:class:`Figures`). A
figure that fails gives a row saying "not available" and why - never a made-up
number.
"""

import datetime
from typing import Dict, List, Optional, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDistanceArea,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)

from ..core.validity import latest_on_or_before
from ..export.figures import NOT_AVAILABLE, FigureInputs, FigureRow, Figures
from ..export.product import MapProduct, ProductSpec, figures_control_layer
from ..infra.i18n import tr
from ..store import ControlLayerError, read_records, snapshot_days, to_day
from ..export.content import COMPARES_TWO_DAYS, ClaimLine
from .compare_claims import CompareClaimsAlgorithm
from .changes import ChangesAlgorithm
from .corridor import CorridorAlgorithm
from .encirclement import EncirclementAlgorithm
from .occupied_share import OccupiedShareAlgorithm


def _number(value) -> Optional[float]:
    try:
        if value is None or str(value) in ("", "NULL"):
            return None
        return float(value)
    except (TypeError, ValueError):
        return None


def _text(value) -> str:
    if value is None or str(value) == "NULL":
        return ""
    return str(value)


def compute_figures(inputs: FigureInputs, days: Sequence[datetime.date], context, feedback) -> Figures:
    """Every figure ``inputs`` allow, for ``days``."""
    return FigureComputation(inputs, days, context, feedback).run()


def product_figures(project, spec: ProductSpec, context, feedback) -> Figures:
    """The figures of ``spec`` over ``project`` (its control layer, when the
    spec names none, chosen as the export chooses it)."""
    inputs = spec.figures
    if inputs.control_layer is None:
        inputs.control_layer = figures_control_layer(project)
    return compute_figures(inputs, spec.days, context, feedback)


def build_first_page(project, spec: ProductSpec, context, feedback, adjust_layers: bool = True) -> MapProduct:
    """A prepared product showing ``spec.days[0]``, its figures computed (when
    ``spec.figures`` names areas): for previews and the layout designer."""
    figures = product_figures(project, spec, context, feedback)
    product = MapProduct(project, spec, context, feedback, adjust_layers, figures=figures)
    product.prepare()
    product.show_day(spec.days[0])
    product.layout.leave_legend_to_qgis()  # a preview or the designer: the legend follows the map
    return product


class FigureComputation:
    """Runs the figure algorithms once for all ``days`` and keeps rows per day."""

    FIGURES = {"occupiedshare": "Occupied share", "encirclement": "Enclosed degrees",
               "corridor": "Corridor width", "compareclaims": "Claims",
               "changes": "Change between the two dates"}

    def __init__(self, inputs: FigureInputs, days: Sequence[datetime.date], context, feedback):
        self.inputs = inputs
        # a comparison product shows the earlier day too: its figures and arcs are computed
        self.days = sorted(set(days) | ({inputs.compare_day} if inputs.compare_day else set()))
        self.context = context
        self.feedback = feedback
        self.figures = Figures(inputs.radius_m)
        self.figures.claim_window_days = inputs.claim_window_days
        self.outputs: Dict[str, object] = {}

    def run(self) -> Figures:
        """Compute every figure the inputs allow."""
        steps = []
        if self.inputs.control_layer is not None and self.inputs.areas_layer is not None:
            steps.append(self._occupied_share)
            steps.append(self._encirclement)
            if self.inputs.rear_point is not None:
                steps.append(self._corridor)
            if self.inputs.claims_layer is not None:
                steps.append(self._claims)
        if self.inputs.control_layer is not None and self.inputs.compare_day is not None:
            steps.append(self._changes)
        if not steps:
            return self.figures
        multi = QgsProcessingMultiStepFeedback(len(steps), self.feedback)
        for index, step in enumerate(steps):
            if self.feedback.isCanceled():
                break
            multi.setCurrentStep(index)
            step(multi)
        return self.figures

    # -- running a figure algorithm ------------------------------------------------
    def _run(self, algorithm_class, feedback, values: Dict, layers: Sequence[str] = ()) -> Optional[List[Dict]]:
        """The rows of the algorithm's table output, or None after adding a
        "not available" row saying why. The optional outputs named in ``layers``
        are written too and kept in :attr:`outputs` (name -> layer, still owned by the
        context's temporary layer store)."""
        algorithm = algorithm_class().create()
        label = algorithm.name()
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
        table = "TABLE" if algorithm.parameterDefinition("TABLE") is not None else "OUTPUT"
        parameters[table] = QgsProcessing.TEMPORARY_OUTPUT  # the table, and only the layers asked for
        for name in layers:
            parameters[name] = QgsProcessing.TEMPORARY_OUTPUT
        ok, message = algorithm.checkParameterValues(parameters, self.context)
        if not ok:
            self._unavailable(label, tr("{} failed: {}").format(label, message))
            return None
        try:
            results, ok = algorithm.run(parameters, self.context, feedback, catchExceptions=False)
        except QgsProcessingException as error:
            self._unavailable(label, tr("{} failed: {}").format(label, error))
            return None
        value = results.get(table) if ok else None
        layer = QgsProcessingUtils.mapLayerFromString(value, self.context) if isinstance(value, str) else None
        if layer is None or not hasattr(layer, "getFeatures"):
            self._unavailable(label, tr("{} gave no table").format(label))
            return None
        for name in layers:
            output = results.get(name)
            if isinstance(output, str):
                # left in the run's temporary store (which deletes it) until a project takes it
                layer_out = QgsProcessingUtils.mapLayerFromString(output, self.context)
                if layer_out is not None:
                    self.outputs[name] = layer_out
        names = layer.fields().names()
        return [dict(zip(names, f.attributes())) for f in layer.getFeatures()]

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

    def _unavailable(self, label: str, reason: str):
        figure = tr(self.FIGURES[label])
        if label in ("compareclaims", "changes"):  # no column of the table: a note only
            self.feedback.pushWarning(tr("{}: {} ({}).").format(figure, tr(NOT_AVAILABLE), reason))
            self.figures.unavailable.append(f"{figure}: {reason}")
            return
        self.feedback.pushWarning(tr("{}: {} ({}).").format(figure, tr(NOT_AVAILABLE), reason))
        self.figures.add_unavailable(figure, reason)

    def _add(self, *row):
        self.figures.rows.append(FigureRow(*row))

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
        rows = self._run(OccupiedShareAlgorithm, feedback, values)
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
            self._add(tr("Occupied share"), area, source, value, day)
            change = _number(row.get("change_pct"))
            if change is not None:
                self._add(tr("Change since previous snapshot"), area, source,
                          tr("{:+.1f} points").format(change), day)

    def _encirclement(self, feedback):
        rows = self._run(EncirclementAlgorithm, feedback, self._common_values(),
                         ("ARCS",) if self.inputs.map_layers else ())
        self._keep_layer("ARCS", tr("Encirclement arcs at {:g} km,\n{{day}}").format(
            self.inputs.radius_m / 1000.0))
        for row in rows or []:
            if to_day(row.get("snapshot_date")) is None:
                continue  # before the source's first snapshot: nothing to show that day
            degrees, radius = _number(row.get("enclosed_deg")), _number(row.get("radius_m"))
            value = tr(NOT_AVAILABLE) if degrees is None else f"{degrees:.0f}°"
            if degrees is not None and radius is not None and abs(radius - self.inputs.radius_m) > 0.5:
                value += tr(" at {:g} km").format(radius / 1000.0)
            self._add(tr("Enclosed degrees"), str(row.get("area") or ""),
                      str(row.get("source") or ""), value, to_day(row.get("date")))

    def _corridor(self, feedback):
        # the corridor runs from the first area to the rear (the others may hold the rear)
        first = self.inputs.areas_layer.materialize(QgsFeatureRequest().setLimit(1))
        features = list(first.getFeatures())
        name_field = self.inputs.area_name_field
        area_name = str(features[0][name_field]) if features and name_field else ""
        values = self._common_values()
        values["AREA"] = values["AREAS"] = first
        rows = self._run(CorridorAlgorithm, feedback, values,
                         ("PASSAGE", "THROAT") if self.inputs.map_layers else ())
        self._keep_layer("THROAT", tr("Corridor throat,\n{day} (shortest\nsegment across)"))
        self._keep_layer("PASSAGE", tr("Friendly passage to\nthe rear, {day}"))
        for row in rows or []:
            if to_day(row.get("snapshot_date")) is None:
                continue  # before the source's first snapshot: nothing to show that day
            width = _number(row.get("width_m"))
            status = str(row.get("status") or "")
            if width is None:
                value = status or tr(NOT_AVAILABLE)
            else:
                value = tr("{:.2f} km").format(width / 1000.0) + (f" ({status})" if status else "")
                throat = _number(row.get("throat_length_m"))
                # two different figures: said apart so they are not read as a contradiction
                note = tr("Corridor {:.2f} km wide (the widest disc that passes)").format(width / 1000.0)
                if throat is not None and width > 0:
                    note += tr("; throat {:.2f} km across (the shortest segment at the narrowest)").format(
                        throat / 1000.0)
                self.figures.notes.setdefault(to_day(row.get("date")), []).append(note)
            self._add(tr("Corridor width"), str(row.get("area") or area_name or tr("(to rear)")),
                      str(row.get("source") or ""), value, to_day(row.get("date")))

    def _keep_layer(self, name: str, legend_words: str):
        """Hand the computed layer ``name`` over for the map: its legend words
        (with ``{day}``) and the day it belongs to (its date field)."""
        layer = self.outputs.pop(name, None)
        if layer is None:
            return
        layer.setName(" ".join(legend_words.split()).replace(", {day}", "").replace(" {day}", "")
                      .replace("{day}", "").rstrip(","))
        layer.setCustomProperty("situation_mapper/legend_words", legend_words)
        self.figures.map_layers.append((name.lower(), layer))

    def _claims(self, feedback):
        """Each published claim beside the share each source measured that day."""
        values = self._common_values()
        values["CLAIMS"] = self.inputs.claims_layer
        rows = self._run(CompareClaimsAlgorithm, feedback, values)
        for row in rows or []:
            day, claimed = to_day(row.get("date")), _number(row.get("claimed_pct"))
            if day is None or claimed is None or _text(row.get("source")) == "":
                continue  # a claim of another place, or unreadable: the run warned of it
            self.figures.claims.append(ClaimLine(
                claim_day=day, area=_text(row.get("area")), who=_text(row.get("who")),
                claimed_pct=claimed, source=_text(row.get("source")),
                measured_pct=_number(row.get("measured_pct"))))

    def _changes(self, feedback):
        """Ground gained and lost between the compared day and each day of the
        product: a layer to draw, and per area the km² gained and lost (ellipsoidal)."""
        day_a = self.inputs.compare_day
        statuses = list(self.inputs.statuses) or ["occupied"]
        for day in [d for d in self.days if d != day_a]:
            values = {"CONTROL": self.inputs.control_layer, "DATE_A": day_a.isoformat(),
                      "DATE_B": day.isoformat(), "STATUSES": statuses}
            rows = self._run(ChangesAlgorithm, feedback, values, ("OUTPUT",))
            layer = self.outputs.pop("OUTPUT", None)
            if rows is None:
                continue
            if layer is not None:
                layer.setCustomProperty("situation_mapper/legend_words", tr(
                    "Ground gained and lost,\n{} to {}").format(day_a.isoformat(), day.isoformat()))
                layer.setName(tr("Ground gained and lost"))
                layer.setCustomProperty(COMPARES_TWO_DAYS, True)
                self.figures.map_layers.append(("changes", layer))
            self._change_notes(rows, layer, day_a, day)

    def _change_notes(self, rows, layer, day_a, day):
        areas = self.inputs.areas_layer
        if areas is None or layer is None:
            return
        measure = QgsDistanceArea()
        measure.setEllipsoid("WGS84")
        to_wgs84 = QgsCoordinateTransform(areas.crs(), QgsCoordinateReferenceSystem("EPSG:4326"),
                                          self.context.transformContext())
        field = self.inputs.area_name_field
        for area in areas.getFeatures():
            if not area.hasGeometry():
                continue
            shape = QgsGeometry(area.geometry())
            shape.transform(to_wgs84)
            totals = {}
            for change in layer.getFeatures():
                part = change.geometry().intersection(shape)
                key = (str(change["source"]), str(change["change"]))
                totals[key] = totals.get(key, 0.0) + (measure.measureArea(part) / 1e6 if not part.isEmpty() else 0.0)
            name = str(area[field]) if field else str(area.id())
            for source in sorted({key[0] for key in totals}):
                gained, lost = totals.get((source, "gained"), 0.0), totals.get((source, "lost"), 0.0)
                self.figures.change_notes.setdefault(day, []).append(tr(
                    "{}, {} since {}: {:.2f} km² gained, {:.2f} km² lost ({})").format(
                        name, ", ".join(self.inputs.statuses or ["occupied"]), day_a.isoformat(),
                        gained, lost, source))

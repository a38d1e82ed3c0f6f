"""The figures of a map product's chart (exportmap's CHART), measured by the
figure algorithms' own code (their classes run directly, as algorithms/figures.py
does) and handed to export/ as a :class:`~..export.charts_product.ProductChartFigures`.

The series each chart shows ends on the product's last day, and each page's
chart shows no figure of a day after that page's day: ground gained and lost
per month over the year before it (the page's own month up to its day); the occupied share on every snapshot
date of the half year before it; the distance to the targets and the corridor
width weekly over the half year and the twelve weeks before it (and on every
day exported). A chart that cannot be measured is left out, and the product's
notes say why.
"""

import datetime
from typing import Dict, List, Optional, Sequence

from qgis.core import QgsFeatureRequest, QgsProcessing, QgsProcessingException, QgsProcessingUtils

from ..export.charts_product import (
    CHART_CORRIDOR,
    CHART_DISTANCE,
    CHART_GROUND,
    CHART_NONE,
    CHART_OPTIONS,  # noqa: F401 (exportmap's options)
    CHART_SHARE,
    ProductChartFigures,
)
from ..core.territory_change import PERIOD_DATES, PERIOD_MONTH
from ..export.charts_front import DEFAULT_WINDOW_DAYS
from ..infra.i18n import tr
from ..store import ControlLayerError, read_records, snapshot_days
from .corridor import CorridorAlgorithm
from .front_distance import FrontDistanceAlgorithm
from .occupied_share import OccupiedShareAlgorithm
from .territory_change import TerritoryChangeAlgorithm

HELP = (
    "CHART: a chart of front dynamics with the map: none (default), ground gained and lost "
    "per month (the focus area's, else all ground; the year before the last day), occupied "
    "share (AREAS, the half year before), distance to targets (AREAS' centroids, weekly over "
    "the half year before) or corridor width (the first of AREAS to REAR, weekly over the twelve "
    "weeks before, its trend and the closure estimate dashed, labelled as an extrapolation at "
    "the trend of the last 28 days). Each page's chart marks its day and shows only what was "
    "known on it (its month's ground up to that day, no later figure). It goes in the template's "
    "item with id 'chart' when there is one, else on a second page (PDF only); the receipt "
    "lists it.\n"
)

GROUND_SPAN_DAYS = 365
SHARE_SPAN_DAYS = 182
DISTANCE_SPAN_DAYS = 182
CORRIDOR_SPAN_DAYS = 84
STEP_DAYS = 7


def weekly_days(last: datetime.date, span_days: int, days: Sequence[datetime.date],
                first: Optional[datetime.date] = None) -> List[datetime.date]:
    """Every ``STEP_DAYS``-th day back from ``last`` over ``span_days`` (none
    before ``first``, the series' first snapshot), and ``days``."""
    weekly = {last - datetime.timedelta(days=offset) for offset in range(0, span_days + 1, STEP_DAYS)}
    return sorted({d for d in weekly if first is None or d >= first} | set(days))


def _table_rows(algorithm_class, parameters: Dict, context, feedback, table: str = "TABLE") -> List[Dict]:
    """The rows of the algorithm's table output ``table``; QgsProcessingException saying why not."""
    algorithm = algorithm_class().create()
    parameters = dict(parameters, **{table: QgsProcessing.TEMPORARY_OUTPUT})
    ok, message = algorithm.checkParameterValues(parameters, context)
    if not ok:
        raise QgsProcessingException(message)
    results, ok = algorithm.run(parameters, context, feedback, catchExceptions=False)
    layer = QgsProcessingUtils.mapLayerFromString(results.get(table) or "", context) if ok else None
    if layer is None:
        raise QgsProcessingException(tr("no table"))
    names = layer.fields().names()
    return [dict(zip(names, feature.attributes())) for feature in layer.getFeatures()]


def _snapshots(control) -> List[datetime.date]:
    try:
        return snapshot_days(read_records(control))
    except ControlLayerError as error:
        raise QgsProcessingException(str(error)) from error


def _first_area(layer, name_field: str):
    first = layer.materialize(QgsFeatureRequest().setLimit(1))
    features = list(first.getFeatures())
    return first, (str(features[0][name_field]) if features and name_field else "")


def product_chart(kind: int, inputs, days: Sequence[datetime.date], file_format: str, focus_area: str,
                  context, feedback, unavailable: Optional[List[str]] = None) -> Optional[ProductChartFigures]:
    """The chart ``kind`` (a CHART_* value) of a product of ``days`` from the
    figure ``inputs`` (export/figures.py's FigureInputs: control layer, areas,
    name field, rear point, statuses); None for CHART_NONE or when it cannot be
    measured (the reason is added to ``unavailable`` and pushed as a warning)."""
    if kind == CHART_NONE or not days:
        return None
    label = tr(CHART_OPTIONS[kind])
    last = max(days)
    control, areas, field = inputs.control_layer, inputs.areas_layer, inputs.area_name_field or ""
    statuses = ",".join(inputs.statuses) if inputs.statuses else "occupied"
    chart = ProductChartFigures(kind, area=focus_area or "", second_page=file_format == "pdf",
                                window_days=DEFAULT_WINDOW_DAYS)
    try:
        if control is None:
            raise QgsProcessingException(tr("no control layer"))
        common = {"CONTROL": control, "STATUSES": statuses}
        if kind == CHART_GROUND:
            # from the series' first snapshot at the earliest: no empty months before the data
            first = max([last - datetime.timedelta(days=GROUND_SPAN_DAYS)] + _snapshots(control)[:1])
            common_ground = dict(common)
            if focus_area and areas is not None:  # the focus area's ground; else all ground
                common_ground.update(AREAS=areas, AREA_NAME_FIELD=field)
            chart.algorithm, chart.dates = "situationmapper:territorychange", [first, last]
            # the whole months before the last day's month; each page's own month up to
            # its day, measured on its own: a page never shows ground taken after its day
            before = last.replace(day=1) - datetime.timedelta(days=1)
            chart.rows = _table_rows(TerritoryChangeAlgorithm, dict(
                common_ground, PERIOD=PERIOD_MONTH, DATES=f"{first.isoformat()},{before.isoformat()}"),
                context, feedback) if first <= before else []
            for day in sorted(set(days)):
                if day.day > 1 and day >= first:
                    start = max(day.replace(day=1), first)
                    chart.month_rows[day] = _table_rows(TerritoryChangeAlgorithm, dict(
                        common_ground, PERIOD=PERIOD_DATES, DATES=f"{start.isoformat()},{day.isoformat()}"),
                        context, feedback) if start < day else []
        elif kind == CHART_SHARE:
            if areas is None:
                raise QgsProcessingException(tr("no areas (AREAS)"))
            first = last - datetime.timedelta(days=SHARE_SPAN_DAYS)
            snapshots = [d for d in _snapshots(control) if first <= d <= last]
            chart.algorithm, chart.dates = "situationmapper:occupiedshare", sorted(set(snapshots) | set(days))
            chart.rows = _table_rows(OccupiedShareAlgorithm, dict(
                common, AREAS=areas, AREA_NAME_FIELD=field, DATES=",".join(d.isoformat() for d in chart.dates)),
                context, feedback, table="OUTPUT")
        elif kind == CHART_DISTANCE:
            if areas is None:
                raise QgsProcessingException(tr("no targets (AREAS)"))
            chart.algorithm = "situationmapper:frontdistance"
            chart.dates = weekly_days(last, DISTANCE_SPAN_DAYS, days, (_snapshots(control) or [None])[0])
            chart.rows = _table_rows(FrontDistanceAlgorithm, dict(
                common, TARGETS=areas, TARGET_NAME_FIELD=field,
                DATES=",".join(d.isoformat() for d in chart.dates)), context, feedback)
        elif kind == CHART_CORRIDOR:
            if areas is None or inputs.rear_point is None:
                raise QgsProcessingException(tr("it needs AREAS and REAR"))
            area, name = _first_area(areas, field)
            chart.area = focus_area or name
            chart.algorithm = "situationmapper:corridor"
            chart.dates = weekly_days(last, CORRIDOR_SPAN_DAYS, days, (_snapshots(control) or [None])[0])
            point = inputs.rear_point
            chart.rows = _table_rows(CorridorAlgorithm, dict(
                common, AREA=area, REAR=f"{point.x()},{point.y()} [EPSG:4326]", WINDOW_DAYS=chart.window_days,
                DATES=",".join(d.isoformat() for d in chart.dates)), context, feedback)
    except QgsProcessingException as error:
        reason = tr("Chart ({}): not drawn, {}").format(label, error)
        feedback.pushWarning(reason)
        if unavailable is not None:
            unavailable.append(reason)
        return None
    feedback.pushInfo(tr("Chart ({}): {} row(s) of {} over {} date(s).").format(
        label, len(chart.rows) + sum(len(rows) for rows in chart.month_rows.values()), chart.algorithm,
        len(chart.dates)))
    return chart


"""Charts of how close the front is, drawn once for the Analysis panel and for
map products (pure matplotlib, see export/charts.py): the distance from each
target to hostile ground over dates (``frontdistance``) and the corridor width
with its trend and the closure estimate (``corridor``), the closure drawn
dashed and labelled as what it is: an extrapolation at the trend of the last
N days, not a forecast."""

import datetime
import re
from typing import Dict, List, Optional, Sequence, Tuple

from ..core.day_values import as_date
from ..infra.i18n import tr
from .charts import ChartDrawing, finish, first_source, format_date_axis, mark_shown_date, nothing_to_draw
from .charts import number, text_of

WIDTH_COLOUR = "#1f4e79"
TREND_COLOUR = "#d35400"
DEFAULT_WINDOW_DAYS = 28
# the distance chart draws at most this many targets (the nearest), so that it reads
MAX_TARGETS = 8
# a closure further than this many times the series' span is not drawn to scale
FAR_CLOSURE_SPANS = 2.0


def latest_on_or_before(points: Sequence[Tuple[datetime.date, object]], day: Optional[datetime.date]):
    """The last ``(date, value)`` on or before ``day`` (None: the last of all), or None."""
    chosen = [p for p in points if day is None or p[0] <= day]
    return chosen[-1] if chosen else None


# -- distance to targets ------------------------------------------------------------------
def distance_series(rows: Sequence[Dict], source: Optional[str] = None
                    ) -> Dict[str, List[Tuple[datetime.date, float]]]:
    """``{target: [(date, km to hostile ground), ...]}`` of one source (None:
    the rows' first), sorted by date; days without a distance left out."""
    source = source if source is not None else first_source(rows)
    series: Dict[str, List[Tuple[datetime.date, float]]] = {}
    for row in rows:
        day, km = as_date(row.get("date")), number(row.get("distance_km"))
        if day is None or km is None or text_of(row.get("source")) != (source or ""):
            continue
        series.setdefault(text_of(row.get("target")), []).append((day, km))
    return {target: sorted(points) for target, points in sorted(series.items())}


def _approach_on(rows, target, source, day) -> Optional[float]:
    for row in rows:
        if (text_of(row.get("target")) == target and text_of(row.get("source")) == source
                and as_date(row.get("date")) == day):
            return number(row.get("approach_km_per_week"))
    return None


def draw_distance(figure, rows: Sequence[Dict], shown_date: Optional[datetime.date] = None,
                  source: Optional[str] = None, with_title: bool = True) -> ChartDrawing:
    """One line per target: the geodesic distance (km) to the nearest hostile
    ground against date, of one source; each target's distance on the day shown
    in the legend; ``shown_date`` dashed."""
    source = source if source is not None else first_source(rows)
    series = distance_series(rows, source)
    if not series:
        return nothing_to_draw(figure, tr("No result yet"))
    notes = []
    if len(series) > MAX_TARGETS:  # a legible chart: the targets nearest the front on the day shown
        def nearest(item):
            latest = latest_on_or_before(item[1], shown_date)
            return latest[1] if latest is not None else float("inf")

        kept = sorted(sorted(series.items(), key=nearest)[:MAX_TARGETS])
        notes.append(tr("The {} of {} targets nearest the front on the day shown.").format(MAX_TARGETS, len(series)))
        series = dict(kept)
    figure.clear()
    axes = figure.add_subplot(111)
    for index, (target, points) in enumerate(series.items()):
        latest = latest_on_or_before(points, shown_date)
        label = target
        if latest is not None:
            label = tr("{}: {:.1f} km on {}").format(target, latest[1], latest[0].isoformat())
            approach = _approach_on(rows, target, source, latest[0])
            note = label
            if approach is not None and abs(approach) >= 0.05:
                note += tr(", closing at {:.1f} km a week").format(approach) if approach > 0 else \
                    tr(", receding at {:.1f} km a week").format(-approach)
            notes.append(note)
        # a distance holds until the next snapshot: steps, a mark on each date measured
        axes.plot([d for d, _km in points], [km for _d, km in points], marker="o", markersize=2.5,
                  linewidth=1.4, color=f"C{index % 10}", label=label, drawstyle="steps-post")
    mark_shown_date(axes, shown_date)
    axes.set_ylabel(tr("km to hostile ground"))
    axes.set_ylim(bottom=0.0, top=axes.get_ylim()[1] * 1.08)  # room above the highest line
    axes.grid(True, alpha=0.3)
    # below the plot: a line near 0 km (a town reached) would hide behind a legend inside
    axes.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False,
                ncol=2 if len(series) > 3 else 1)
    format_date_axis(axes)
    drawing = ChartDrawing(
        title=tr("Distance to the front"),
        source=tr("Source: {}; geodesic distance to the nearest hostile ground (0: inside it)").format(source),
        notes=notes, series=dict(series))
    return finish(figure, axes, drawing, with_title)


# -- corridor width -------------------------------------------------------------------------
def corridor_series(rows: Sequence[Dict], source: Optional[str] = None) -> List[Tuple[datetime.date, float]]:
    """``[(date, width km), ...]`` of one source (None: the rows' first), sorted by
    date; a cut-off corridor is 0 km; days without a width left out."""
    source = source if source is not None else first_source(rows)
    points = []
    for row in rows:
        day, width = as_date(row.get("date")), number(row.get("width_m"))
        if day is not None and width is not None and text_of(row.get("source")) == (source or ""):
            points.append((day, width / 1000.0))
    return sorted(points)


def trend_row(rows: Sequence[Dict], source: Optional[str], shown_date: Optional[datetime.date]) -> Optional[Dict]:
    """The corridor row whose trend the chart draws: the last with a width on or
    before ``shown_date`` (None: the last of all), of ``source``."""
    chosen = sorted((r for r in rows if as_date(r.get("date")) is not None and number(r.get("width_m")) is not None
                     and text_of(r.get("source")) == (source or "")
                     and (shown_date is None or as_date(r.get("date")) <= shown_date)),
                    key=lambda r: as_date(r.get("date")))
    return chosen[-1] if chosen else None


def window_of(row: Dict, default: int = DEFAULT_WINDOW_DAYS) -> int:
    """The trend's window in days, as the row's closure basis names it ("... the last 28 days")."""
    found = re.search(r"(\d+)", text_of(row.get("closure_basis")))
    return int(found.group(1)) if found else default


def draw_corridor(figure, rows: Sequence[Dict], shown_date: Optional[datetime.date] = None,
                  source: Optional[str] = None, window_days: int = DEFAULT_WINDOW_DAYS,
                  area: str = "", with_title: bool = True) -> ChartDrawing:
    """The corridor width (km) against date, of one source; the trend of the
    last ``window_days`` days before the day shown (the row's trend_m_per_day)
    as a line over that window, and while narrowing its extrapolation dashed
    down to zero width at the row's closure_estimate, labelled as an
    extrapolation; ``shown_date`` dashed."""
    source = source if source is not None else first_source(rows)
    points = corridor_series(rows, source)
    if not points:
        return nothing_to_draw(figure, tr("No result yet"))
    figure.clear()
    axes = figure.add_subplot(111)
    # a width holds until the next snapshot: steps, a mark on each date measured
    axes.plot([d for d, _w in points], [w for _d, w in points], marker="o", markersize=2.5, linewidth=1.6,
              color=WIDTH_COLOUR, label=tr("corridor width"), drawstyle="steps-post")
    drawing = ChartDrawing(
        title=tr("Corridor width to the rear{}").format(tr(", {}").format(area) if area else ""),
        source=tr("Source: {}; the widest disc that passes from the area to the rear point").format(source),
        series={"width_km": points})
    row = trend_row(rows, source, shown_date)
    trend = number(row.get("trend_m_per_day")) if row is not None else None
    if row is not None and trend is not None:
        window = window_of(row, window_days)
        day, width = as_date(row.get("date")), number(row.get("width_m")) / 1000.0
        start = day - datetime.timedelta(days=window)
        axes.plot([start, day], [width - trend * window / 1000.0, width], color=TREND_COLOUR, linewidth=2.2,
                  alpha=0.8, label=tr("trend of the last {} days: {:+.0f} m a day").format(window, trend))
        drawing.series["trend"] = [(start, width - trend * window / 1000.0), (day, width)]
        closure = as_date(row.get("closure_estimate"))
        if closure is not None:
            basis = text_of(row.get("closure_basis")) or \
                tr("extrapolation at the trend of the last {} days").format(window)
            label = tr("{}: zero width around {}").format(basis, closure.isoformat())
            span = max(1, (points[-1][0] - points[0][0]).days, window)
            if (closure - day).days <= FAR_CLOSURE_SPANS * span:
                axes.plot([day, closure], [width, 0.0], color=TREND_COLOUR, linestyle="--", linewidth=1.4,
                          label=label)
                axes.plot([closure], [0.0], marker="x", color=TREND_COLOUR, markersize=7, clip_on=False)
                axes.set_xlim(right=closure + datetime.timedelta(days=max(2, span // 20)))
            else:  # far off: towards it, the date in words, not a squashed series
                edge = day + datetime.timedelta(days=int(FAR_CLOSURE_SPANS * span))
                axes.plot([day, edge], [width, width * (1 - (edge - day).days / (closure - day).days)],
                          color=TREND_COLOUR, linestyle="--", linewidth=1.4, label=label)
            drawing.series["closure"] = [(day, width), (closure, 0.0)]
            drawing.notes.append(tr("Corridor {:.2f} km wide on {}; {}: zero width around {} (not a "
                                    "forecast).").format(width, day.isoformat(), basis, closure.isoformat()))
        elif width <= 0.0:
            drawing.notes.append(tr("Corridor cut off on {}.").format(day.isoformat()))
        else:
            drawing.notes.append(tr("Corridor {:.2f} km wide on {}, {} over the last {} days ({:+.0f} m a day): "
                                    "no closure at this trend.").format(
                width, day.isoformat(), tr("widening") if trend > 0 else tr("steady"), window, trend))
    elif row is not None and text_of(row.get("trend_note")):
        drawing.notes.append(text_of(row.get("trend_note")))
    mark_shown_date(axes, shown_date)
    axes.set_ylabel(tr("width (km)"))
    axes.set_ylim(bottom=0.0, top=axes.get_ylim()[1] * 1.08)  # room above the highest line
    axes.grid(True, alpha=0.3)
    # below the plot: the lines fill the axes from corner to corner
    axes.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False)
    format_date_axis(axes)
    return finish(figure, axes, drawing, with_title)

"""The charts of front dynamics, drawn once for the Analysis panel and for map
products: pure matplotlib drawing on a ``matplotlib.figure.Figure`` it is given
(no Qt, no QGIS layers), from the rows of the figure algorithms' tables.

One drawing function per figure: :func:`draw_ground` (ground gained and lost
per period, ``territorychange``), :func:`draw_share` (occupied share over time,
``occupiedshare``); export/charts_front.py has the distance to targets
(``frontdistance``) and the corridor width (``corridor``). Each marks the day
shown, names its source and returns a :class:`ChartDrawing`: its title, source
line, notes and the numbers it drew (what tests and receipts read back).
"""

import datetime
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from ..core.day_values import as_date
from ..infra.i18n import tr
from .charts_fit import SHOWN_DATE_GID, SOURCE_GID, chart_fit_engine

GAINED_COLOUR = "#c0392b"
LOST_COLOUR = "#2471a3"
SHOWN_DATE_STYLE = {"color": "black", "linestyle": "--", "linewidth": 0.9}
# room at the bottom of the figure for the source line (a share of its height)
FOOTER_SHARE = 0.05


@dataclass
class ChartDrawing:
    """What a chart shows: ``title``, ``source`` (the footer line), ``notes``
    (sentences a product prints with it, e.g. the closure extrapolation) and
    ``series`` (name -> the points drawn, for checks and receipts)."""

    title: str = ""
    source: str = ""
    notes: List[str] = field(default_factory=list)
    series: Dict[str, list] = field(default_factory=dict)
    empty: bool = False


def number(value) -> Optional[float]:
    """A float of an attribute value; None for NULL, empty or not a number."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    try:
        text = str(value)
        if text in ("", "NULL"):
            return None
        return float(value)
    except (TypeError, ValueError):
        return None


def text_of(value) -> str:
    if value is None or (hasattr(value, "isNull") and value.isNull()) or str(value) == "NULL":
        return ""
    return str(value)


def first_source(rows: Sequence[Dict]) -> Optional[str]:
    """The source of the first row that has one (the chart's default source)."""
    return next((text_of(r.get("source")) for r in rows if text_of(r.get("source"))), None)


# -- the parts every chart shares -------------------------------------------------------
def format_date_axis(axes, maxticks: int = 6) -> None:
    """Few, short date ticks ("Nov", "05", "10"... with the year once), so that
    labels never overlap, however narrow the dock or long the series."""
    try:
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    except ImportError:  # matplotlib older than 3.1
        axes.figure.autofmt_xdate()
        return
    locator = AutoDateLocator(minticks=3, maxticks=maxticks)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))




def shown_date_label(shown_date: datetime.date) -> str:
    return tr("shown: {}").format(shown_date.isoformat())


def mark_shown_date(axes, shown_date: Optional[datetime.date]) -> None:
    """The day the map shows as a dashed vertical line, named in the legend."""
    if shown_date is not None:
        axes.axvline(shown_date, label=shown_date_label(shown_date), gid=SHOWN_DATE_GID, **SHOWN_DATE_STYLE)


def move_shown_date(figure, shown_date: Optional[datetime.date]) -> bool:
    """Move the day-shown line of a drawn chart to ``shown_date`` and rename
    its legend entry, in place (no layout or lines drawn again); False when the
    chart has no such line or the day is outside its time axis (draw it again)."""
    if shown_date is None:
        return False
    from matplotlib.dates import date2num
    for axes in figure.axes:
        for line in axes.get_lines():
            if line.get_gid() != SHOWN_DATE_GID:
                continue
            low, high = axes.get_xlim()
            if not low <= date2num(shown_date) <= high:
                return False
            old_label = line.get_label()
            line.set_xdata([shown_date, shown_date])
            line.set_label(shown_date_label(shown_date))
            legend = axes.get_legend()
            if legend is not None:
                for text in legend.get_texts():
                    if text.get_text() == old_label:
                        text.set_text(line.get_label())
            return True
    return False


def finish(figure, axes, drawing: ChartDrawing, with_title: bool = True) -> ChartDrawing:
    """Title and the source line at the foot of the figure (unless ``with_title``
    is False: a product prints both beside the chart, as text), and a layout
    that keeps them clear of the axes: export/charts_fit.py's, which wraps the
    title and source and puts the legend below the axes, fitted to the
    figure's width at each draw (a narrow dock, a print figure)."""
    footer = with_title and bool(drawing.source)
    if with_title and drawing.title:
        axes.set_title(drawing.title, fontsize="medium")
    engine = chart_fit_engine() if hasattr(figure, "set_layout_engine") else None  # matplotlib 3.6+
    if footer:
        figure.text(0.01, 0.01, drawing.source, fontsize="x-small", ha="left", va="bottom", gid=SOURCE_GID,
                    wrap=engine is None)
    if engine is not None:  # title, source and legend fitted to the figure's width at each draw
        figure.set_layout_engine(engine)
        return drawing
    rect = (0.0, FOOTER_SHARE if footer else 0.0, 1.0, 1.0)
    figure.set_tight_layout({"rect": rect})
    return drawing


def nothing_to_draw(figure, message: str) -> ChartDrawing:
    figure.clear()
    axes = figure.add_subplot(111)
    axes.text(0.5, 0.5, message, ha="center", va="center", transform=axes.transAxes)
    axes.set_xticks([])
    axes.set_yticks([])
    return ChartDrawing(title="", empty=True)


# -- ground gained and lost ---------------------------------------------------------------
def bar_series(rows: Sequence[Dict], area: Optional[str] = None, source: Optional[str] = None):
    """``(periods, gained, lost)`` of one area (None: the rows' first; all ground
    has area None) and one source (None: the rows' first): period starts and
    end (dates), km² gained and lost (0 for a period without figures)."""
    chosen = [r for r in rows if as_date(r.get("period_start")) is not None]
    if not chosen:
        return [], [], []
    area = area if area is not None else chosen[0].get("area")
    source = source if source is not None else chosen[0].get("source")
    chosen = sorted((r for r in chosen if r.get("area") == area and r.get("source") == source),
                    key=lambda r: as_date(r["period_start"]))
    periods = [(as_date(r["period_start"]), as_date(r["period_end"])) for r in chosen]
    return (periods, [number(r.get("gained_km2")) or 0.0 for r in chosen],
            [number(r.get("lost_km2")) or 0.0 for r in chosen])


def draw_ground(figure, rows: Sequence[Dict], area: Optional[str] = None, source: Optional[str] = None,
                shown_date: Optional[datetime.date] = None, with_title: bool = True) -> ChartDrawing:
    """Bars of one area and source (see :func:`bar_series`), from territorychange
    rows: gained above zero, lost below (km²), each as wide as its period; a
    title naming the area, the source line, ``shown_date`` dashed."""
    periods, gained, lost = bar_series(rows, area, source)
    if not periods:
        return nothing_to_draw(figure, tr("No result yet"))
    figure.clear()
    axes = figure.add_subplot(111)
    chosen = [r for r in rows if as_date(r.get("period_start")) == periods[0][0]]
    area = area if area is not None else chosen[0].get("area")
    source = source if source is not None else chosen[0].get("source")
    starts = [start for start, _end in periods]
    widths = [max(1, (end - start).days) * 0.85 for start, end in periods]
    axes.bar(starts, gained, width=widths, align="edge", color=GAINED_COLOUR, label=tr("gained"))
    axes.bar(starts, [-value for value in lost], width=widths, align="edge", color=LOST_COLOUR,
             label=tr("lost"))
    # a period without figures (no snapshot valid at one of its ends) is not a zero: shaded, said
    chosen_rows = sorted((r for r in rows if as_date(r.get("period_start")) is not None and r.get("area") == area
                          and r.get("source") == source), key=lambda r: as_date(r["period_start"]))
    measured = [number(r.get("gained_km2")) is not None or number(r.get("lost_km2")) is not None
                for r in chosen_rows]
    labelled = False
    for (start, end), known in zip(periods, measured):
        if not known:
            # a collection, not a patch: the axes' patches are the bars
            axes.fill_between([start, end], 0, 1, transform=axes.get_xaxis_transform(), color="0.85",
                              alpha=0.6, linewidth=0, label=None if labelled else tr("no figures"))
            labelled = True
    axes.axhline(0.0, color="black", linewidth=0.6)
    mark_shown_date(axes, shown_date)
    axes.set_ylabel(tr("km² (lost below zero)"))
    axes.grid(True, axis="y", alpha=0.3)
    axes.legend(fontsize="x-small")
    format_date_axis(axes, maxticks=8)
    drawing = ChartDrawing(
        title=tr("Ground gained and lost, {}").format(area or tr("all ground")),
        source=tr("Source: {}; held ground compared snapshot to snapshot").format(source),
        series={"periods": periods, "gained_km2": gained, "lost_km2": lost})
    known = [period for period, ok in zip(periods, measured) if ok]
    if known:
        drawing.notes.append(tr("{:.1f} km² gained, {:.1f} km² lost from {} to {}").format(
            sum(gained), sum(lost), known[0][0].isoformat(), known[-1][1].isoformat()))
    else:
        drawing.notes.append(next((text_of(r.get("note")) for r in chosen_rows if text_of(r.get("note"))),
                                  tr("No figures in these periods.")))
    if known and len(known) < len(periods):
        drawing.notes.append(tr("Shaded: {} period(s) without figures (no snapshot valid at one end).").format(
            len(periods) - len(known)))
    return finish(figure, axes, drawing, with_title)


# -- occupied share ---------------------------------------------------------------------------
def share_series(rows: Sequence[Dict]) -> Dict[Tuple[str, str], List[Tuple[datetime.date, float]]]:
    """``{(area, source): [(date, occupied %), ...]}`` sorted by date, from
    occupiedshare rows (rows without a share left out)."""
    series: Dict[Tuple[str, str], List[Tuple[datetime.date, float]]] = {}
    for row in rows:
        day, share = as_date(row.get("date")), number(row.get("occupied_pct"))
        if day is not None and share is not None:
            series.setdefault((text_of(row.get("area")), text_of(row.get("source"))), []).append((day, share))
    return {key: sorted(points) for key, points in sorted(series.items())}


def run_ends(points: Sequence[Tuple]) -> List[Tuple]:
    """The points a line through ``points`` (x, y) needs: of each run of
    consecutive equal y values only its first and last point (the segments
    between are one horizontal line, so the picture is the same); most days an
    area's share does not change, so the chart draws far fewer points."""
    kept = []
    count = len(points)
    for index, point in enumerate(points):
        if 0 < index < count - 1 and points[index - 1][1] == point[1] == points[index + 1][1]:
            continue
        kept.append(point)
    return kept


def _palette(count: int) -> List[str]:
    palette = [f"C{i}" for i in range(10)] if count <= 10 else \
        [f"tab:{c}" for c in ("blue", "orange", "green", "red", "purple", "brown", "pink",
                              "gray", "olive", "cyan")] + \
        ["navy", "gold", "lime", "maroon", "teal", "magenta", "black", "salmon", "khaki", "indigo"]
    return [palette[i % len(palette)] for i in range(count)]


def draw_share(figure, rows: Sequence[Dict], shown_date: Optional[datetime.date] = None,
               with_title: bool = True) -> ChartDrawing:
    """One line per area and source: occupied share (percent) against date, one
    colour per area and one line style per source; ``shown_date`` dashed."""
    series = share_series(rows)
    if not series:
        return nothing_to_draw(figure, tr("No result yet"))
    figure.clear()
    axes = figure.add_subplot(111)
    sources = sorted({source for _area, source in series})
    areas = sorted({area for area, _source in series})
    colours = _palette(len(areas))
    dashes = ["-", "--", ":", "-."]
    for (area, source), points in series.items():
        label = f"{area} ({source})" if len(sources) > 1 else area
        style = dashes[sources.index(source) % len(dashes)] if len(points) > 1 else "o"
        drawn = run_ends(points)
        axes.plot([p[0] for p in drawn], [p[1] for p in drawn], style, label=label,
                  color=colours[areas.index(area)], linewidth=1.2)
    mark_shown_date(axes, shown_date)
    axes.set_ylabel(tr("occupied share (%)"))
    axes.set_ylim(-2, 102)
    axes.grid(True, alpha=0.3)
    if len(series) <= 6:
        axes.legend(fontsize="x-small")
    else:  # below the plot, so that no line is hidden
        axes.legend(fontsize="x-small", ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.22), frameon=False)
    format_date_axis(axes)
    drawing = ChartDrawing(title=tr("Occupied share"),
                           source=tr("Source: {}; share of each area's ellipsoidal area").format(
                               ", ".join(sources)),
                           series={f"{area} ({source})": points for (area, source), points in series.items()})
    return finish(figure, axes, drawing, with_title)

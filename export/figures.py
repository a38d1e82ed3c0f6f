"""The key figures of a map product, as the layout shows them.

Nothing is computed here: algorithms/figures.py measures the figures (through
the occupied share, encirclement and corridor algorithms' own code) and hands
them over as a :class:`Figures` object: text rows (figure, area, source,
value) per day. A figure that could not be computed is a row saying
"not available" and why - never a made-up number.
"""

import datetime
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

from .content import ClaimLine

from ..infra.i18n import tr
from ..infra.log import log

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
    claims_layer: object = None  # a table: date, area, claimed_pct, who
    claim_window_days: int = 14  # claims shown: within this many days before the day
    map_layers: bool = False  # also compute the arcs, throat and passage to draw
    compare_day: Optional[datetime.date] = None  # a comparison product: the earlier day


class Figures:
    """The computed figures of a product: rows per day (``day`` None: every
    day, such as "not available"), and what could not be computed and why."""

    def __init__(self, radius_m: float = 5000.0):
        self.radius_m = radius_m
        self.rows: List[FigureRow] = []
        self.unavailable: List[str] = []  # "figure: why", for the product's notes
        self.claims: List[ClaimLine] = []  # every claim, with the share measured that day
        self.claim_window_days = 14
        self.notes: Dict[datetime.date, List[str]] = {}  # per day: what a figure means
        # per day: the change since the compared day, per area (under the map)
        self.change_notes: Dict[datetime.date, List[str]] = {}
        # computed layers to draw (arcs, throat, passage), when asked for
        self.map_layers: List = []
        # the product's chart (export/charts_product.py ProductChartFigures), when asked for
        self.chart = None

    def claims_for(self, day: datetime.date) -> List[ClaimLine]:
        """The claims made within :attr:`claim_window_days` before ``day`` (``day``
        included), newest first."""
        first = day - datetime.timedelta(days=self.claim_window_days)
        chosen = [c for c in self.claims if first < c.claim_day <= day]
        return sorted(chosen, key=lambda c: (c.claim_day, c.who, c.source), reverse=True)

    def notes_for(self, day: datetime.date) -> List[str]:
        return list(self.notes.get(day, []))

    def add_unavailable(self, figure: str, reason: str) -> None:
        """A figure that could not be computed: a "not available" row and a note."""
        log.warning(f"{figure}: {reason}")
        self.unavailable.append(f"{figure}: {reason}")
        self.rows.append(FigureRow(figure, "", "", tr(NOT_AVAILABLE)))

    def rows_for(self, day: datetime.date) -> List[FigureRow]:
        """Rows for ``day``, then rows valid on every day (such as "not available")."""
        return [r for r in self.rows if r.day == day] + [r for r in self.rows if r.day is None]

    def headers(self) -> List[str]:
        """Column titles of :meth:`table_for`, the radius of enclosed degrees included."""
        names = [tr(name) for name in TABLE_COLUMNS]
        names[4] = tr("Enclosed at {:g} km").format(self.radius_m / 1000.0)
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

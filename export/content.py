"""What a map product shows, gathered once before its layout is built.

The export gathers a product's content in one place (export/product.py,
:func:`~.product.gather_content`) and hands it to the layout in one pass
(:meth:`~.layout_builder.SituationLayout.build`); the layout reads this content
and never asks back. The panel preview, the designer, the atlas and the
animation read the same content, and so can a receipt written beside the
product.
"""

import datetime
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from qgis.core import QgsDateTimeRange
from qgis.PyQt.QtCore import QDate, QDateTime, QTime

from .framing import MapFrame

# Custom property of a layer that compares two days (ground gained and lost).
COMPARES_TWO_DAYS = "situation_mapper/compares_two_days"


def day_instant(day: datetime.date) -> QgsDateTimeRange:
    """The temporal range that shows the situation of ``day``: the instant at its noon.

    Snapshots valid from D (inclusive) to the next date (exclusive) then show on D
    whatever the layer's begin/end inclusion settings.
    """
    noon = QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0, 0))
    return QgsDateTimeRange(noon, noon)


@dataclass
class ClaimLine:
    """A published claim beside the measured share for the same place and day:
    ``ISW, 26 Nov: 66 % · DeepStateMap measured: 44.7 %``."""

    claim_day: datetime.date
    area: str
    who: str
    claimed_pct: float
    source: str = ""
    measured_pct: Optional[float] = None

    def text(self) -> str:
        from ..infra.i18n import tr

        when = f"{self.claim_day.day} {self.claim_day.strftime('%b')}"
        claimed = f"{self.claimed_pct:g} %"
        measured = tr("n/a") if self.measured_pct is None else f"{self.measured_pct:.1f} %"
        who = self.who or tr("unattributed")
        text = tr("{}, {}: {}").format(who, when, claimed)
        if self.source:
            text += " · " + tr("{} measured: {}").format(self.source, measured)
        return text


@dataclass
class PageContent:
    """What changes from day to day: the figures table, the "who said what" line,
    the claims beside the figures and the legend's words for each layer."""

    day: datetime.date
    figure_rows: List[List[str]] = field(default_factory=list)
    figure_headers: List[str] = field(default_factory=list)
    basis: str = ""
    claims: List[ClaimLine] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)  # under the figures: what a figure means
    # the events the map shows that day: a heading, then a line each (export/events_box.py)
    events: List[str] = field(default_factory=list)
    # layer id -> the legend's words for that layer on this day
    legend_names: Dict[str, str] = field(default_factory=dict)


@dataclass
class ProductContent:
    """A product's content: frame, layers as of each day, figures, claims,
    events (a slot: an optional layer), sources and texts.

    ``layers`` are the map's layers in drawing order (top first), all held by
    ``project``; ``control_layers`` and ``computed_layers`` are among them.
    ``overview_layers`` are drawn in the overview inset only.
    """

    project: object
    template_path: str
    page_size_mm: tuple
    days: Sequence[datetime.date]
    frame: MapFrame
    title: str = ""
    subtitle: str = ""
    handling: str = ""
    layers: List = field(default_factory=list)
    control_layers: List = field(default_factory=list)
    computed_layers: List = field(default_factory=list)
    area_layers: List = field(default_factory=list)
    route_layers: List = field(default_factory=list)
    events_layer: object = None  # an optional layer of the period's events, when given
    events_box_mm: float = 0.0  # the height the map gives up for the box of events under it
    overview_layers: List = field(default_factory=list)
    sources: List[str] = field(default_factory=list)
    pages: Dict[datetime.date, PageContent] = field(default_factory=dict)
    figures: object = None  # export.figures.Figures, as handed over
    notes: List[str] = field(default_factory=list)  # for the log (and a receipt)
    # a comparison product: the situation of this day is drawn beside each page's day
    compare_day: Optional[datetime.date] = None
    basemap_layer: object = None  # an optional XYZ basemap drawn under the map (export/basemap.py)

    def layers_of_the_day(self) -> List:
        """The layers a map of one day draws: all but those comparing two days,
        over the basemap when there is one."""
        return [layer for layer in self.layers if not layer.customProperty(COMPARES_TWO_DAYS)] + \
            self.basemap_layers()

    def basemap_layers(self) -> List:
        """[the basemap] or []: what the maps draw under the situation."""
        return [self.basemap_layer] if self.basemap_layer is not None else []

    def page(self, day: datetime.date) -> PageContent:
        """The page content of ``day`` (an empty page for a day not gathered)."""
        return self.pages.get(day) or PageContent(day)

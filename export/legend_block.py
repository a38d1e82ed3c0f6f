"""The legend block of a product's layout: each day's entries (export/legend_filter.py),
their order, their fit into the frame (export/legend.py), and the figures'
frame kept below a legend that grew. A part of
:class:`~.layout_builder.SituationLayout`, which holds ``items``, ``layout``
and ``map``."""

import datetime
from typing import Optional, Sequence

from qgis.core import QgsLayoutItemLegend, QgsLayoutPoint, QgsLayoutSize, QgsUnitTypes

from . import legend as legend_parts
from .content import day_instant
from .figures_block import FIGURES_ID
from .legend_filter import DayLegendFilter

LEGEND_ID = "legend"


class LegendBlock:
    """The legend's part of a product's layout."""

    _legend_fitter: Optional[legend_parts.LegendFitter] = None
    _legend_filter: Optional[DayLegendFilter] = None
    _shown_day: Optional[datetime.date] = None

    def show_legend_of_day(self, day: datetime.date):
        """The legend lists what the main map shows on ``day`` (the maps show it already)."""
        legend = self.items.get(LEGEND_ID)
        if isinstance(legend, QgsLayoutItemLegend):
            if self.map is not None:
                # what QGIS's filter by map content would list that day, from the data
                if self._legend_filter is None:
                    self._legend_filter = DayLegendFilter(legend, self.map)
                self._legend_filter.show(day_instant(day))
            else:
                legend_parts.filter_by_time(legend, day_instant(day))
                legend.setLegendFilterByMapEnabled(True)
                legend.updateFilterByMap(False)
        self._shown_day = day

    def leave_legend_to_qgis(self):
        """From now on the legend is filtered by QGIS as the map changes (a layout
        handed to the designer): :meth:`show_legend_of_day` filtered it for that day only."""
        if self._legend_filter is not None and self._shown_day is not None:
            self._legend_filter.release(day_instant(self._shown_day))
            self._legend_filter = None

    def order_legend(self, first_layer_ids: Sequence[str]):
        """Put the legend entries of ``first_layer_ids`` (the situation's control
        layers, or the groups holding them) at the top of the legend, in their
        drawing order."""
        legend = self.items.get(LEGEND_ID)
        if isinstance(legend, QgsLayoutItemLegend):
            legend_parts.order_first(legend, first_layer_ids)

    def fit_legend(self) -> str:
        """Make every legend entry fit the legend's frame (export/legend.py); a
        warning when the frame had to grow, else ""."""
        legend = self.items.get(LEGEND_ID)
        if not isinstance(legend, QgsLayoutItemLegend):
            return ""
        if self._legend_fitter is None:
            # the template's sizes, kept so that each day is fitted from them afresh
            self._legend_fitter = legend_parts.LegendFitter(self.layout, legend)
        return self._legend_fitter.fit()

    def _keep_figures_below_legend(self, gap_mm: float = 1.5):
        """A legend that outgrew its frame pushes the figures' frame's top down (its
        bottom stays), so they never overlap."""
        legend, frame = self.items.get(LEGEND_ID), self.items.get(FIGURES_ID)
        if legend is None or frame is None:
            return
        if not hasattr(self, "_figures_base"):
            self._figures_base = (self.layout.convertToLayoutUnits(frame.positionWithUnits()),
                                  self.layout.convertToLayoutUnits(frame.sizeWithUnits()))
        position, size = self._figures_base
        legend_bottom = (self.layout.convertToLayoutUnits(legend.positionWithUnits()).y()
                         + self.layout.convertToLayoutUnits(legend.sizeWithUnits()).height())
        top = max(position.y(), legend_bottom + gap_mm)
        top = min(top, position.y() + size.height() / 2)
        frame.attemptMove(QgsLayoutPoint(position.x(), top, QgsUnitTypes.LayoutMillimeters),
                          useReferencePoint=False)
        frame.attemptResize(QgsLayoutSize(size.width(), position.y() + size.height() - top,
                                          QgsUnitTypes.LayoutMillimeters))

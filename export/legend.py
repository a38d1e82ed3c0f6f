"""The product's legend: only what the map shows that day, the situation first,
entries in words a reader understands, fitted into the template's frame.

The legend keeps its own copy of the layer tree (``setAutoUpdateModel(False)``):
the filters, order and words set here never touch the project's layer tree
(the user's legend in the main window).
"""

from typing import Dict, Sequence

from qgis.core import (
    QgsDateTimeRange,
    QgsLayerTreeGroup,
    QgsLayerTreeLayer,
    QgsLayerTreeUtils,
    QgsLayoutItemLegend,
    QgsLayoutSize,
    QgsLayoutUtils,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsMapLayerLegendUtils,
    QgsUnitTypes,
)

from ..infra.i18n import tr
from .legend_filter import time_filter

# The legend is fitted into its frame by shrinking text, symbols and spacing down
# to this share of the template's sizes, in one then two columns ...
LEGEND_SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)
# ... but no text below this size (points): it must read on A4.
MIN_TEXT_PT = 7.0
# no legend symbol larger than this (mm) at full size: an event's ring or cross
# drawn at its map size would take the room of three entries
MAX_SYMBOL_MM = 6.0
LEGEND_STYLES = (QgsLegendStyle.Title, QgsLegendStyle.Group, QgsLegendStyle.Subgroup,
                 QgsLegendStyle.SymbolLabel)
# the legend's own title of a layer entry (QgsLegendModel reads it before the layer's name)
TITLE_LABEL = "legend/title-label"


def own_tree(legend: QgsLayoutItemLegend):
    """The legend's own layer tree root (made on first use)."""
    if legend.autoUpdateModel():
        legend.setAutoUpdateModel(False)
    return legend.model().rootGroup()


def filter_by_time(legend: QgsLayoutItemLegend, time_range: QgsDateTimeRange) -> None:
    """The legend's filter by map content ignores the temporal range (QGIS 3.22):
    each temporal layer's legend also gets the layer's own time filter as an
    expression, so the legend lists only what the map shows that day."""
    for node in own_tree(legend).findLayers():
        expression = time_filter(node.layer(), time_range)
        if expression:
            QgsLayerTreeUtils.setLegendFilterByExpression(node, expression, True)


def set_entry_names(legend: QgsLayoutItemLegend, names: Dict[str, str]) -> None:
    """Name the legend entries of the layers in ``names`` (layer id -> words), at
    once (not by a new filter by map content at the next drawing, which is what
    ``updateLegend`` would ask): a layer shown as one entry (its symbol beside its
    name) gets the words on that entry, as a new entry would read them; the
    entries of any other renamed layer are made afresh."""
    model = legend.model()
    for node in own_tree(legend).findLayers():
        text = names.get(node.layerId())
        if not text or node.customProperty(TITLE_LABEL) == text:
            continue
        node.setCustomProperty(TITLE_LABEL, text)
        entries = model.layerLegendNodes(node)  # the embedded one first, when there is one
        embedded = model.legendNodeEmbeddedInParent(node)
        if len(entries) == 1 and embedded is not None \
                and not QgsMapLayerLegendUtils.legendNodeUserLabel(node, 0):
            embedded.setUserLabel(text)  # an entry embedded in its layer reads the layer's title
        else:
            model.refreshLayerLegend(node)
    legend.adjustBoxSize()


def order_first(legend: QgsLayoutItemLegend, first_layer_ids: Sequence[str]) -> None:
    """Put the entries of ``first_layer_ids`` (or the groups holding them) at the
    top of the legend, in their drawing order."""
    root = own_tree(legend)
    wanted = set(first_layer_ids)
    nodes = [node for node in root.children()
             if (isinstance(node, QgsLayerTreeLayer) and node.layerId() in wanted)
             or (isinstance(node, QgsLayerTreeGroup)
                 and any(layer.layerId() in wanted for layer in node.findLayers()))]
    for index, node in enumerate(nodes):
        root.insertChildNode(index, node.clone())
        root.removeChildNode(node)


class LegendFitter:
    """Fits a legend into the template's frame, from the template's sizes each time."""

    def __init__(self, layout, legend: QgsLayoutItemLegend):
        self.layout = layout
        self.legend = legend
        self.frame = layout.convertToLayoutUnits(legend.sizeWithUnits())
        self.fonts = {style: legend.styleFont(style) for style in LEGEND_STYLES}
        self.margins = {style: (legend.rstyle(style).margin(QgsLegendStyle.Top),
                                legend.rstyle(style).margin(QgsLegendStyle.Bottom))
                        for style in LEGEND_STYLES + (QgsLegendStyle.Symbol,)}
        self.symbol = (legend.symbolWidth(), legend.symbolHeight())
        self.label_space = legend.rstyle(QgsLegendStyle.SymbolLabel).margin(QgsLegendStyle.Left)

    def fit(self) -> str:
        """Smaller text (not below :data:`MIN_TEXT_PT`), symbols and spacing, then
        two columns; when even that is too big the frame grows to its content.
        Returns a warning when the frame had to grow, else "".

        The choice is the first of :attr:`CHOICES` (one column at each scale, then
        two) whose content fits. An atlas's pages mostly make the same choice, so
        the previous page's choice is tried first and only its neighbours are
        checked: in one column a smaller scale never needs more room, so the
        choice stands when it fits and the next larger scale (in two columns: each
        larger scale, and one column at the smallest) does not."""
        legend, frame = self.legend, self.frame
        choice = self._previous_choice()
        if choice is None:
            choice = next((index for index in range(len(self.CHOICES)) if self._fits(index)), -1)
        self._last_choice = choice
        if choice >= 0:
            self._scale(*self.CHOICES[choice])
            legend.setResizeToContents(False)
            legend.attemptResize(QgsLayoutSize(frame.width(), frame.height(),
                                               QgsUnitTypes.LayoutMillimeters))
            return ""
        self._scale(*self.CHOICES[-1])
        size = self._content_size()
        legend.setResizeToContents(False)
        legend.attemptResize(QgsLayoutSize(max(frame.width(), size.width()), size.height(),
                                           QgsUnitTypes.LayoutMillimeters))
        return tr("The legend is larger than its frame in the template: the frame grew to show "
                  "every entry.")

    # (scale, columns) in the order they are tried
    CHOICES = tuple((scale, columns) for columns in (1, 2) for scale in LEGEND_SCALES)

    def _fits(self, index) -> bool:
        frame = self.frame
        self._scale(*self.CHOICES[index])
        size = self._content_size()
        return size.width() <= frame.width() + 0.01 and size.height() <= frame.height() + 0.01

    def _previous_choice(self):
        """The previous page's choice when it is still the first that fits (see
        :meth:`fit`), else None (then every choice is tried in order)."""
        previous = getattr(self, "_last_choice", None)
        if previous is None:
            return None
        per_column = len(LEGEND_SCALES)
        last_single = per_column - 1  # one column at the smallest scale
        if previous < 0:  # nothing fitted: two columns at each scale, one at the smallest
            must_fail, must_fit = [last_single] + list(range(per_column, len(self.CHOICES))), None
        elif previous < per_column:
            must_fail, must_fit = ([previous - 1] if previous > 0 else []), previous
        else:
            must_fail, must_fit = [last_single] + list(range(per_column, previous)), previous
        if must_fit is not None and not self._fits(must_fit):
            return None
        if any(self._fits(index) for index in must_fail):
            return None
        return previous

    def _scale(self, scale, columns):
        legend = self.legend
        for style, font in self.fonts.items():
            scaled = type(font)(font)
            scaled.setPointSizeF(max(min(MIN_TEXT_PT, font.pointSizeF()), font.pointSizeF() * scale))
            legend.setStyleFont(style, scaled)
        for style, (top, bottom) in self.margins.items():
            legend.rstyle(style).setMargin(QgsLegendStyle.Top, top * scale)
            legend.rstyle(style).setMargin(QgsLegendStyle.Bottom, bottom * scale)
        legend.setSymbolWidth(self.symbol[0] * scale)
        legend.setSymbolHeight(self.symbol[1] * scale)
        if hasattr(legend, "setMaximumSymbolSize"):  # QGIS 3.16+: big point symbols (events) shrink too
            legend.setMaximumSymbolSize(MAX_SYMBOL_MM * scale)
        # the room between a symbol and its words shrinks too (the columns keep theirs)
        legend.rstyle(QgsLegendStyle.SymbolLabel).setMargin(QgsLegendStyle.Left, self.label_space * scale)
        legend.setColumnCount(columns)
        legend.setSplitLayer(columns > 1)

    def _content_size(self):
        """The size (mm) the legend needs for all its entries."""
        context = QgsLayoutUtils.createRenderContextForLayout(self.layout, None)
        return QgsLegendRenderer(self.legend.model(), self.legend.legendSettings()).minimumSize(context)

"""The legend's entries of one day, found from the data instead of QGIS's filter
by map content on each page.

QGIS's filter by map content (QgsMapHitTest, QGIS 3.22) reads every feature of
every layer inside the map's extent, intersects each with the extent and only
then drops the features of other days (the legend's filter expressions): on a
store of 30 days of front lines it reads and intersects 30 large polygons a
page, for the one it shows. Here the day's features are picked first (the
layer's time filter, attributes only), and only they are read with their
geometry and intersected with the same extent, the same way
(``ExactIntersect``), until every legend key of the layer has been seen.

The result is handed to the legend as what QGIS's filter would have kept: QGIS
filters once, over all days (so that its own rules stay in force: a layer with
no entry is left out, layers off the map show nothing), and each page then
narrows each layer's entries to the legend keys hit that day (the layer node's
legend node order, as the legend editor's "remove item" does). The entries are
those QGIS's own filter lists (tests/test_legend_filter.py compares the two).

For the pages an export writes (a page, an atlas, an animation): a layout handed
to a preview or the designer gets QGIS's own filter back
(:meth:`DayLegendFilter.release`), so that it follows the map when the user
moves it.
"""

from typing import Dict, List, Optional, Sequence, Set, Tuple

from qgis.core import (
    NULL,
    QgsDateTimeRange,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsLayerTreeModelLegendNode,
    QgsLayerTreeUtils,
    QgsLayoutItemLegend,
    QgsMapLayerLegendUtils,
    QgsRenderContext,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt.QtCore import QSizeF
from qgis.PyQt.QtGui import QImage, QPainter

# the custom property QgsMapLayerLegendUtils keeps a layer node's legend node order in
NODE_ORDER = "legend/node-order"
# the resolution the legend's own filter asks the map for (QgsLayoutItemLegend, 3.22)
FILTER_DPI = 96.0
# a time filter is evaluated on attributes read once for layers of at most this many features
TIME_ATTRIBUTES_MAX = 2000


def time_filter(layer, time_range: QgsDateTimeRange) -> str:
    """The expression selecting the features ``layer`` shows in ``time_range``
    (its temporal properties), "" when the layer is not temporal."""
    if not isinstance(layer, QgsVectorLayer) or not layer.temporalProperties().isActive():
        return ""
    temporal_context = QgsVectorLayerTemporalContext()
    temporal_context.setLayer(layer)
    return layer.temporalProperties().createFilterString(temporal_context, time_range) or ""


def legend_map_settings(main_map):
    """The map settings the legend's filter by map content reads (its extent,
    layers, scale and CRS), as QgsLayoutItemLegend asks the map for them."""
    extent = main_map.requestedExtent()
    units = main_map.layout().convertFromLayoutUnits(main_map.mapUnitsToLayoutUnits(),
                                                     QgsUnitTypes.LayoutMillimeters).length()
    size = QSizeF(extent.width() * units * FILTER_DPI / 25.4, extent.height() * units * FILTER_DPI / 25.4)
    return main_map.mapSettings(extent, size, FILTER_DPI, True)


def shown_legend_keys(layer: QgsVectorLayer, map_settings, expression: str = "",
                      wanted: Optional[Set[str]] = None, fids: Optional[Sequence[int]] = None,
                      layer_extent=None, painter=None) -> Set[str]:
    """The legend keys of the features of ``layer`` the map of ``map_settings``
    draws: inside its extent (exact intersection, as QgsMapHitTest), passing
    ``expression`` ("" : all) or, when given, only those of ``fids`` (the
    features known to pass it). Stops once every key of ``wanted`` was seen.
    ``layer_extent`` (the map's extent in the layer's CRS) and ``painter`` may
    be given when known."""
    if not layer.isInScaleRange(map_settings.scale()) or layer.renderer() is None:
        return set()
    own_painter = painter is None
    if own_painter:
        image = QImage(1, 1, QImage.Format_ARGB32)
        painter = QPainter(image)  # nothing is drawn, but a renderer may want one
    context = QgsRenderContext.fromMapSettings(map_settings)
    context.setPainter(painter)
    context.setCoordinateTransform(map_settings.layerTransform(layer))
    if layer_extent is None:
        layer_extent = map_settings.outputExtentToLayerExtent(layer, map_settings.visibleExtent())
    context.setExtent(layer_extent)
    context.expressionContext().appendScope(QgsExpressionContextUtils.layerScope(layer))
    renderer = layer.renderer().clone()
    renderer.startRender(context, layer.fields())
    keys: Set[str] = set()
    try:
        request = QgsFeatureRequest()
        if fids is None and expression:
            fids = features_passing(layer, expression)
        if fids is not None:  # the day's features first, without geometry: few of many
            request.setFilterFids(list(fids))
        request.setFilterRect(layer_extent)
        request.setFlags(QgsFeatureRequest.ExactIntersect)
        request.setSubsetOfAttributes(list(renderer.usedAttributes(context)), layer.fields())
        for feature in layer.getFeatures(request):
            context.expressionContext().setFeature(feature)
            keys.update(renderer.legendKeysForFeature(feature, context))
            if wanted and wanted <= keys:
                break
    finally:
        renderer.stopRender(context)
        if own_painter:
            painter.end()
    return keys


def features_passing(layer: QgsVectorLayer, expression: str) -> List[int]:
    """The ids of the features of ``layer`` passing ``expression`` (read without geometry)."""
    request = QgsFeatureRequest().setFilterExpression(expression)
    request.setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes(list(request.filterExpression().referencedColumns()), layer.fields())
    return [feature.id() for feature in layer.getFeatures(request)]


class TimeAttributes:
    """The attributes a layer's time filter reads, read once for every feature:
    each day's filter is then evaluated on them (as the provider would, with the
    layer's expression context) instead of reading the layer again."""

    def __init__(self, layer: QgsVectorLayer, expression: str):
        self.layer = layer
        self.columns = frozenset(QgsExpression(expression).referencedColumns())
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes(list(self.columns), layer.fields())
        self.features = list(layer.getFeatures(request))
        self.context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))

    def passing(self, expression: str) -> Optional[List[int]]:
        """The ids of the features passing ``expression``; None when it reads
        other attributes than those read."""
        parsed = QgsExpression(expression)
        if parsed.hasParserError() or frozenset(parsed.referencedColumns()) != self.columns:
            return None
        parsed.prepare(self.context)
        fids = []
        for feature in self.features:
            self.context.setFeature(feature)
            value = parsed.evaluate(self.context)
            if parsed.hasEvalError():
                return None
            if value not in (None, NULL) and bool(value):
                fids.append(feature.id())
        return fids


def _paint_tiny(legend: QgsLayoutItemLegend) -> None:
    # the legend filters itself when drawn (QgsLayoutItemLegend::paint), and only then
    image = QImage(4, 4, QImage.Format_ARGB32)
    painter = QPainter(image)
    try:
        legend.paint(painter, None, None)
    finally:
        painter.end()


class DayLegendFilter:
    """Shows in ``legend`` the entries QGIS's filter by the content of
    ``main_map`` would list on a day, computed from the data (see the module)."""

    def __init__(self, legend: QgsLayoutItemLegend, main_map):
        self.legend = legend
        self.main_map = main_map
        self._keys: Dict[str, List[str]] = {}  # layer id -> legend key of each legend node
        self._orders: Dict[str, Optional[List[int]]] = {}  # layer id -> node order before ours
        self._shown: Dict[str, List[int]] = {}  # layer id -> node order shown now
        self._primed = False
        # read once per atlas: each layer's view of the map's extent, what a layer
        # without a time filter shows there, the attributes a time filter reads
        self._extents: Dict[Tuple, object] = {}
        self._constant: Dict[Tuple, Set[str]] = {}
        self._attributes: Dict[str, Optional[TimeAttributes]] = {}
        self._image = QImage(1, 1, QImage.Format_ARGB32)  # nothing is drawn, but a renderer may want one

    def _root(self):
        if self.legend.autoUpdateModel():
            self.legend.setAutoUpdateModel(False)
        return self.legend.model().rootGroup()

    def _prime(self):
        """QGIS's own filter once, over every day (no time expressions): it keeps
        its rules for what is off the map, and every entry any day can show."""
        for node in self._root().findLayers():
            layer = node.layer()
            if _is_temporal(layer):  # its day is narrowed to on each page
                QgsLayerTreeUtils.setLegendFilterByExpression(node, "", False)
            if node.layerId() not in self._orders:
                order = node.customProperty(NODE_ORDER)
                self._orders[node.layerId()] = (QgsMapLayerLegendUtils.legendNodeOrder(node)
                                                if order not in (None, "") else None)
            if layer is not None and layer.legend() is not None:
                created = layer.legend().createLayerTreeModelLegendNodes(node)
                self._keys[node.layerId()] = [
                    str(item.data(QgsLayerTreeModelLegendNode.RuleKeyRole) or "") for item in created]
        self.legend.setLegendFilterByMapEnabled(True)
        self.legend.updateFilterByMap(False)
        _paint_tiny(self.legend)
        self._primed = True

    def show(self, time_range: QgsDateTimeRange) -> None:
        """The entries of the features shown in ``time_range``."""
        if not self._primed:
            self._prime()
        settings = legend_map_settings(self.main_map)
        on_map = {layer.id() for layer in settings.layers()}
        frame = (settings.destinationCrs().authid(), settings.visibleExtent().toString(12),
                 round(settings.scale(), 3))
        model = self.legend.model()
        painter = QPainter(self._image)
        try:
            for node in self._root().findLayers():
                layer = node.layer()
                if not isinstance(layer, QgsVectorLayer) or layer.id() not in on_map \
                        or layer.id() not in self._keys:
                    continue  # QGIS's filter already keeps all or nothing of these
                keys = self._keys[layer.id()]
                hit = self._hits(node, layer, settings, frame, time_range, set(key for key in keys if key),
                                 painter)
                base = self._orders.get(layer.id())
                order = [index for index in (base if base is not None else range(len(keys)))
                         if 0 <= index < len(keys) and keys[index] in hit]
                if self._shown.get(layer.id()) != order:
                    self._shown[layer.id()] = order
                    QgsMapLayerLegendUtils.setLegendNodeOrder(node, order)
                    model.refreshLayerLegend(node)
        finally:
            painter.end()

    def _hits(self, node, layer, settings, frame, time_range, wanted, painter) -> Set[str]:
        """The legend keys of ``layer`` hit in ``time_range``; a layer without a
        time filter hits the same on every page of the same frame, and so do the
        days showing the same features of a layer (read once)."""
        extent_key = (layer.id(),) + frame
        if extent_key not in self._extents:
            self._extents[extent_key] = settings.outputExtentToLayerExtent(layer, settings.visibleExtent())
        layer_extent = self._extents[extent_key]
        expression = time_filter(layer, time_range)
        if not expression:
            user_expression, enabled = QgsLayerTreeUtils.legendFilterByExpression(node)
            expression = user_expression if enabled else ""
            constant_key = extent_key + (expression,)
            if constant_key not in self._constant:
                self._constant[constant_key] = shown_legend_keys(
                    layer, settings, expression, wanted, layer_extent=layer_extent, painter=painter)
            return self._constant[constant_key]
        if layer.id() not in self._attributes:
            # evaluated here feature by feature: for a few features only (a long
            # list is better filtered by its provider)
            self._attributes[layer.id()] = (TimeAttributes(layer, expression)
                                            if 0 <= layer.featureCount() <= TIME_ATTRIBUTES_MAX else None)
        attributes = self._attributes[layer.id()]
        fids = attributes.passing(expression) if attributes is not None else None
        if fids is None:
            return shown_legend_keys(layer, settings, expression, wanted, layer_extent=layer_extent,
                                     painter=painter)
        same_features = extent_key + (tuple(fids),)  # days showing the same features hit the same
        if same_features not in self._constant:
            self._constant[same_features] = shown_legend_keys(
                layer, settings, expression, wanted, fids=fids, layer_extent=layer_extent, painter=painter)
        return self._constant[same_features]

    def release(self, time_range: QgsDateTimeRange) -> None:
        """Hand the legend back to QGIS's own filter by map content, showing
        ``time_range``: the layer nodes' own orders back, each temporal layer's
        time filter as its legend filter expression (QGIS 3.22's filter ignores
        the map's time), so that it follows the map when the user moves it."""
        model = self.legend.model()
        for node in self._root().findLayers():
            if node.layerId() in self._shown:
                base = self._orders.get(node.layerId())
                if base is None:
                    node.removeCustomProperty(NODE_ORDER)
                else:
                    QgsMapLayerLegendUtils.setLegendNodeOrder(node, base)
                model.refreshLayerLegend(node)
            expression = time_filter(node.layer(), time_range)
            if expression:
                QgsLayerTreeUtils.setLegendFilterByExpression(node, expression, True)
        self._shown.clear()
        self._primed = False
        self.legend.setLegendFilterByMapEnabled(True)
        self.legend.updateFilterByMap(False)


def _is_temporal(layer) -> bool:
    return isinstance(layer, QgsVectorLayer) and layer.temporalProperties().isActive()

"""A project built for a product when there is none (``qgis_process``, a cron
job): the situation layers of CONTROL styled per status and as of each day,
the areas outlined and labelled with halos, the routes, and the computed
layers (encirclement arcs, corridor throat and passage) the figures gave.
"""

from typing import List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsRendererCategory,
    QgsLineSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor

from ..infra.i18n import tr
from ..layers.drawings import apply_style, configure_day_temporal
from ..layers.situation_layers import (
    PROPERTY_SOURCE,
    PROPERTY_STATUS,
    PROPERTY_STORE,
    apply_status_style,
    configure_temporal,
    filtered_layer,
    layer_name,
    normalized_store_path,
    series_subset,
    situation_group,
    store_series,
)
from ..store import ControlLayerError, StoreError, read_records, table_source
from .snapshot import own_layer
from .sources import store_path_of
from ..layers.label_text import haloed_text

# Map label size on the page (points): at least 7 so it reads on A4.
PLACE_LABEL_PT = 9.0
# The QML style of each computed layer (layers/styles), by output name.
COMPUTED_STYLES = {"arcs": "encirclement_arcs", "throat": "corridor_throat", "passage": "corridor_passage"}
# The throat's label says which figure it is (the corridor width is another one).
THROAT_LABEL = "concat('throat ', format_number(\"length_m\" / 1000, 2), ' km across')"


def place_labels(layer: QgsVectorLayer, field: str, size_pt: float = PLACE_LABEL_PT) -> None:
    """Label ``layer`` with ``field``: dark text with a white halo."""
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.setFormat(haloed_text(size_pt, "#191919", "DejaVu Sans", bold=True, halo_mm=1.0))
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def _series(control: QgsVectorLayer) -> List[Tuple[str, str]]:
    pairs = {(record.source or "", record.status or "") for record in read_records(control)}
    order = {"claimed": 0, "occupied": 1, "contested": 2, "liberated": 3}
    return sorted(pairs, key=lambda pair: (order.get(pair[1], 9), pair[0], pair[1]))


def store_situation_layers(store: str, project: QgsProject) -> List[QgsVectorLayer]:
    """One styled, temporal layer per series of the store ``store`` in the
    "Situation" group of ``project`` (a new project: none is there yet), each
    filtered when opened (:func:`filtered_layer`). Raises ControlLayerError."""
    try:
        uri, provider = table_source(store)
    except StoreError as error:
        raise ControlLayerError(str(error)) from error
    layers = []
    order = {"claimed": 0, "occupied": 1, "contested": 2, "liberated": 3}
    for source, status in sorted(store_series(store), key=lambda pair: (order.get(pair[1], 9), pair)):
        layer = filtered_layer(uri, provider, series_subset(source, status), layer_name(source, status))
        if not layer.isValid():
            raise ControlLayerError(tr("The store '{}' cannot be filtered to {}.").format(
                store, layer_name(source, status)))
        layer.setCustomProperty(PROPERTY_STORE, normalized_store_path(store))
        layer.setCustomProperty(PROPERTY_SOURCE, source)
        layer.setCustomProperty(PROPERTY_STATUS, status)
        apply_status_style(layer, status)  # the style first: loading a QML resets time settings
        configure_temporal(layer)
        project.addMapLayer(layer, False)
        situation_group(project).addLayer(layer)
        layers.append(layer)
    return layers


def situation_layers_of(control: QgsVectorLayer, project: QgsProject) -> List[QgsVectorLayer]:
    """One styled, temporal layer per source and status of ``control`` in ``project``:
    the store's own situation layers when ``control`` reads a store, else
    filtered copies of ``control``. Raises ControlLayerError when it is no
    control layer."""
    store = store_path_of(control)
    if store:
        try:
            return store_situation_layers(store, project)
        except ControlLayerError:
            pass  # not a store's table after all: filtered copies below
    layers = []
    group = project.layerTreeRoot().addGroup(tr("Situation"))
    base = control.subsetString()
    for source, status in _series(control):
        subset = series_subset(source, status)
        layer = filtered_layer(control.source(), control.providerType(),
                               f"({base}) AND {subset}" if base else subset, layer_name(source, status),
                               template=control)
        if not layer.isValid():
            raise ControlLayerError(tr("'{}' cannot be filtered to {}.").format(
                control.name(), layer_name(source, status)))
        apply_status_style(layer, status)  # the style first: loading a QML resets time settings
        configure_temporal(layer)
        layer.setMetadata(control.metadata())
        project.addMapLayer(layer, False)
        group.addLayer(layer)
        layers.append(layer)
    return layers


def standalone_project(control: QgsVectorLayer, areas: Optional[QgsVectorLayer] = None,
                       area_name_field: str = "", routes: Optional[QgsVectorLayer] = None,
                       title: str = "", events: Optional[QgsVectorLayer] = None) -> QgsProject:
    """A new project showing ``control`` (styled situation layers), ``routes``
    and ``areas`` (outlined, labelled with halos) and ``events`` (the store's
    events layer, as styled), top first: events, routes, areas, situation."""
    project = QgsProject()
    if events is not None:
        project.addMapLayer(events, False)  # owned by the project from here on
        project.layerTreeRoot().addLayer(events)
    project.setTitle(title)
    project.setEllipsoid("WGS84")
    for layer, kind in ((routes, "routes"), (areas, "areas")):
        if layer is None:
            continue
        copy = layer.clone()
        copy.setName((tr("Areas ({})") if kind == "areas" else tr("Routes ({})")).format(layer.name()))
        copy.setMetadata(layer.metadata())
        if kind == "areas":
            copy.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
                {"style": "no", "outline_color": "30,30,30", "outline_width": "0.5"})))
            if area_name_field:
                place_labels(copy, area_name_field)
        else:
            copy.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple(
                {"line_color": "120,70,20", "line_width": "0.7"})))
        project.addMapLayer(copy, False)
        project.layerTreeRoot().addLayer(copy)
    situation_layers_of(control, project)
    return project


def changes_renderer() -> QgsCategorizedSymbolRenderer:
    """Ground gained (red, hatched) and lost (green, hatched) by the status compared."""
    categories = []
    for value, label, colour in (("gained", tr("gained since the first date"), "200,0,0"),
                                 ("lost", tr("lost since the first date"), "0,140,60")):
        symbol = QgsFillSymbol.createSimple({"color": colour + ",70", "outline_color": colour,
                                             "outline_width": "0.5"})
        hatch = QgsLinePatternFillSymbolLayer()
        hatch.setLineAngle(45)
        hatch.setDistance(1.2)
        hatch.setColor(QColor(*[int(c) for c in colour.split(",")]))
        symbol.appendSymbolLayer(hatch)
        categories.append(QgsRendererCategory(value, symbol, label))
    return QgsCategorizedSymbolRenderer("change", categories)


def add_computed_layers(project: QgsProject, map_layers: Sequence[Tuple[str, QgsVectorLayer]]) -> List:
    """Add the computed layers (``(kind, layer)``, kind ``arcs``, ``throat`` or
    ``passage``; ``changes``, drawn on every day) at the top of ``project``, styled,
    each drawn on its day only."""
    added = []
    root = project.layerTreeRoot()
    order = {"arcs": 0, "throat": 1, "passage": 2, "changes": 3}
    for kind, layer in sorted(map_layers, key=lambda pair: order.get(pair[0], 9), reverse=True):
        words = layer.customProperty("situation_mapper/legend_words")
        if kind == "changes":
            layer.setRenderer(changes_renderer())
        else:
            apply_style(layer, COMPUTED_STYLES.get(kind, kind))
        if kind == "throat" and layer.labeling() is not None:
            settings = layer.labeling().settings()
            settings.fieldName = THROAT_LABEL
            settings.isExpression = True
            layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
        layer.setCustomProperty("situation_mapper/legend_words", words)
        configure_day_temporal(layer, "date")
        own_layer(project, layer)
        root.insertLayer(0, layer)
        added.append(layer)
    return added

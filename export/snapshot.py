"""The export's private copy of a project, in two steps: :func:`plan_snapshot`
records, in the main thread, what the copy holds (cheap: the project's
settings and each layer's project XML, no data source opened), and
:func:`build_snapshot` builds it, in whatever thread the export runs in (the
layers' data sources are opened there: most of the copy's cost).

A layer is rebuilt from its XML as a saved project would read it back (source,
name, style, metadata, temporal settings, custom properties), under a new id;
layers of other kinds (memory layers, rasters, databases) are cloned at once
in the main thread, as :meth:`QgsMapLayer.clone` does.
"""

import re
import uuid
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

from qgis.core import (
    QgsMapLayer,
    QgsPathResolver,
    QgsProject,
    QgsReadWriteContext,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QThread
from qgis.PyQt.QtXml import QDomDocument

from ..infra.log import log
from ..layers.change_style import PROPERTY_FOLLOWS_CANVAS_DAY

# vector layers of these providers are rebuilt from their XML where the copy is built
REBUILT_PROVIDERS = ("ogr",)


@dataclass
class LayerRecipe:
    """One layer of the copy: ``xml`` (its project XML, a new id in it) to
    rebuild it from, or ``clone`` (made at once); ``in_tree``: shown in the
    copy's layer tree (False: only owned by the copy, e.g. an input layer)."""

    source_id: str
    xml: str = ""
    clone: Optional[QgsMapLayer] = None
    in_tree: bool = True


@dataclass
class SnapshotPlan:
    """What :func:`build_snapshot` builds: the project's settings and its layers in drawing order."""

    crs: object = None
    ellipsoid: str = ""
    transform_context: object = None
    title: str = ""
    layers: List[LayerRecipe] = field(default_factory=list)

    def holds(self, layer_id: str) -> bool:
        return any(recipe.source_id == layer_id for recipe in self.layers)


def _context(transform_context=None) -> QgsReadWriteContext:
    context = QgsReadWriteContext()
    context.setPathResolver(QgsPathResolver())  # absolute paths
    if transform_context is not None:
        context.setTransformContext(transform_context)
    return context


def new_layer_id(name: str) -> str:
    """A fresh layer id in QGIS's manner: the name's word characters and a UUID."""
    return "{}_{}".format(re.sub(r"\W", "_", name or "layer"), str(uuid.uuid4()).replace("-", "_"))


def layer_recipe(layer, in_tree: bool = True) -> LayerRecipe:
    """The recipe of ``layer`` (main thread): its XML when it can be rebuilt elsewhere, else a clone."""
    provider = layer.providerType() if layer.type() == QgsMapLayer.VectorLayer else ""
    if provider not in REBUILT_PROVIDERS:
        clone = layer.clone()
        clone.setName(layer.name())
        clone.setMetadata(layer.metadata())
        copy_temporal_properties(layer, clone)
        clone.moveToThread(None)  # no thread's: the thread that builds the copy takes it
        return LayerRecipe(layer.id(), clone=clone, in_tree=in_tree)
    document = QDomDocument("qgis")
    element = document.createElement("maplayer")
    document.appendChild(element)
    layer.writeLayerXml(element, document, _context(layer.transformContext()))
    id_element = element.firstChildElement("id")
    if not id_element.isNull():
        element.removeChild(id_element)
    id_element = document.createElement("id")
    id_element.appendChild(document.createTextNode(new_layer_id(layer.name())))
    element.insertBefore(id_element, element.firstChild())
    return LayerRecipe(layer.id(), xml=document.toString(), in_tree=in_tree)


def plan_snapshot(source: QgsProject, extra_layers: Iterable = ()) -> SnapshotPlan:
    """Main thread, cheap: the plan of a copy of ``source`` holding its visible
    layers (drawing order) and ``extra_layers`` not among them (owned by the
    copy, not in its layer tree)."""
    plan = SnapshotPlan(crs=source.crs(), ellipsoid=source.ellipsoid(),
                        transform_context=source.transformContext(), title=source.title())
    root = source.layerTreeRoot()
    visible = {layer.id() for layer in root.checkedLayers()}
    for layer in root.layerOrder():
        if layer is None or layer.id() not in visible or not layer.isValid():
            continue
        if layer.customProperty(PROPERTY_FOLLOWS_CANVAS_DAY):
            continue  # measured for the map's day, not the product's
        plan.layers.append(layer_recipe(layer))
    for layer in extra_layers:
        if layer is not None and not plan.holds(layer.id()):
            plan.layers.append(layer_recipe(layer, in_tree=False))
    return plan


def _rebuilt(recipe: LayerRecipe, context: QgsReadWriteContext):
    document = QDomDocument("qgis")
    document.setContent(recipe.xml)
    layer = QgsVectorLayer()
    if not layer.readLayerXml(document.documentElement(), context):
        log.warning("The export's copy of layer %s could not be read back", recipe.source_id)
    return layer


def build_snapshot(plan: SnapshotPlan) -> Tuple[QgsProject, Dict[str, object]]:
    """The copy ``plan`` describes, built in the calling thread (the layers'
    sources opened here): the project and ``{source layer id: its copy}``."""
    copy = QgsProject()
    copy.setCrs(plan.crs)
    copy.setEllipsoid(plan.ellipsoid)
    copy.setTransformContext(plan.transform_context)
    copy.setTitle(plan.title)
    context = _context(plan.transform_context)
    clones = {}
    here = QThread.currentThread()
    for recipe in plan.layers:
        layer = recipe.clone if recipe.clone is not None else _rebuilt(recipe, context)
        recipe.clone = None  # owned by the copy from now on
        if layer.thread() is None:
            layer.moveToThread(here)  # a clone made in the main thread, pulled here
        copy.addMapLayer(layer, False)
        if recipe.in_tree:
            copy.layerTreeRoot().addLayer(layer)
        clones[recipe.source_id] = layer
    return copy, clones


def own_layer(project: QgsProject, layer: QgsMapLayer) -> QgsMapLayer:
    """Give ``layer`` to ``project`` (owned, not in its layer tree). A layer made
    in another thread than the project's (a project the run did not take over,
    see :func:`hand_over`) first moves to the project's thread, so that the
    project can own it and its signals reach the project directly: a layer left
    behind in the run's thread has no parent and is queued events after the run."""
    if layer.thread() != project.thread() and layer.thread() == QThread.currentThread():
        layer.moveToThread(project.thread())
    project.addMapLayer(layer, False)
    return layer


def _tree_nodes(project: QgsProject) -> list:
    """The project's layer tree, root first: its nodes are not the project's children."""
    nodes, pending = [], [project.layerTreeRoot()]
    while pending:
        node = pending.pop()
        nodes.append(node)
        pending.extend(node.children())
    return nodes


def _move_with_tree(project: QgsProject, thread) -> None:
    """``project`` and the nodes of its layer tree that are this thread's or no
    thread's (Qt moves only those) go to ``thread`` (None: no thread)."""
    here = QThread.currentThread()
    for node in _tree_nodes(project):
        if node.thread() is None or node.thread() == here:
            node.moveToThread(thread)
    project.moveToThread(thread)


def hand_over(project: QgsProject) -> None:
    """Main thread, the copy made: ``project`` (its layers, layer tree) leaves the
    main thread, for the export's run to take with :func:`take_over`.

    A project in the main thread that the run fills is a race: a layer the run
    adds reaches the project as a queued signal, and the main thread, handling it
    later, drops the project's expression scope while the run's layout copies it
    (QGIS 3.22 builds that scope lazily, unguarded: an export crashed now and then)."""
    if project.thread() == QThread.currentThread():
        _move_with_tree(project, None)


def take_over(project: QgsProject) -> bool:
    """The run's thread: ``project``, handed over, is this thread's now (its signals
    reach it directly). True when it was taken (to give back with :func:`give_back`)."""
    if project is None or project.thread() is not None:
        return False
    _move_with_tree(project, QThread.currentThread())
    return True


def give_back(project: QgsProject) -> None:
    """The run's thread, the export written: ``project`` taken over goes back to the
    main thread, which made it and deletes it."""
    main = QCoreApplication.instance().thread()
    if project is not None and project.thread() == QThread.currentThread() != main:
        _move_with_tree(project, main)


def copy_temporal_properties(source, target) -> None:
    """Give ``target`` the temporal settings of ``source``: ``QgsMapLayer.clone()``
    copies the fields of the settings but not whether they are active (QGIS 3.22)."""
    properties = source.temporalProperties()
    if properties is None or target.temporalProperties() is None:
        return
    document = QDomDocument()
    element = document.createElement("temporal")
    document.appendChild(element)
    context = QgsReadWriteContext()
    properties.writeXml(element, document, context)
    target.temporalProperties().readXml(element, context)
    target.temporalProperties().setIsActive(properties.isActive())


def snapshot_project(source: QgsProject) -> Tuple[QgsProject, Dict[str, object]]:
    """A new project holding copies of the visible layers of ``source`` (in drawing
    order, with styles, metadata and temporal settings); also ``{source layer id: copy}``.
    Both steps at once, in the calling thread."""
    return build_snapshot(plan_snapshot(source))

"""The export's private copy of the project: planned in the main thread (no
data source opened), built in the run's thread, holding the same layers as the
project shows them (source and subset, name, style, metadata, time settings)."""

import threading

from qgis.core import (
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsVectorLayerTemporalProperties,
    QgsWkbTypes,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsSingleSymbolRenderer,
    QgsFillSymbol,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QVariant


def geopackage_layer(tmp_path):
    fields = QgsFields()
    fields.append(QgsField("name", QVariant.String))
    fields.append(QgsField("valid_from", QVariant.Date))
    path = str(tmp_path / "areas.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "areas"
    writer = QgsVectorFileWriter.create(path, fields, QgsWkbTypes.Polygon, QgsCoordinateReferenceSystem("EPSG:4326"),
                                        QgsCoordinateTransformContext(), options)
    for index, name in enumerate(("north", "south", "east")):
        feature = QgsFeature(fields)
        feature.setAttributes([name, None])
        feature.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({index} 0,{index + 1} 0,{index + 1} 1,{index} 1,{index} 0))"))
        writer.addFeature(feature)
    del writer
    layer = QgsVectorLayer(f"{path}|layername=areas|subset=\"name\" <> 'east'", "Areas shown", "ogr")
    assert layer.isValid() and layer.featureCount() == 2
    layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple({"color": "12,34,56"})))
    metadata = layer.metadata()
    metadata.setTitle("The areas")
    layer.setMetadata(metadata)
    properties = layer.temporalProperties()
    properties.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
    properties.setStartField("valid_from")
    properties.setIsActive(True)
    layer.setCustomProperty("situation_mapper/role", "areas")
    return layer


def test_the_copy_is_planned_here_and_built_in_another_thread(qgis_new_project, tmp_path):
    from situation_mapper.export.snapshot import build_snapshot, plan_snapshot

    layer = geopackage_layer(tmp_path)
    hidden = QgsVectorLayer("Point?crs=EPSG:4326", "not shown", "memory")
    extra = QgsVectorLayer("Point?crs=EPSG:4326&field=n:integer", "an input", "memory")
    QgsProject.instance().addMapLayers([layer, hidden])
    QgsProject.instance().layerTreeRoot().findLayer(hidden.id()).setItemVisibilityChecked(False)
    plan = plan_snapshot(QgsProject.instance(), [extra, layer])
    # the visible layer as XML to read back where the copy is built, the input as a clone; nothing else
    assert [(r.source_id, bool(r.xml), r.in_tree) for r in plan.layers] == [(layer.id(), True, True),
                                                                           (extra.id(), False, False)]
    built, ready, checked = {}, threading.Event(), threading.Event()

    def work():
        # built here, and released here once checked, as exportmap releases the copy
        # it built in the run's thread (a QObject must die in its own thread)
        built["result"] = build_snapshot(plan)
        ready.set()
        checked.wait(60)
        made, _clones = built.pop("result")
        made.removeAllMapLayers()
        sip.delete(made)

    worker = threading.Thread(target=work)
    worker.start()
    assert ready.wait(60)
    copy, clones = built["result"]
    assert set(clones) == {layer.id(), extra.id()}
    twin = clones[layer.id()]
    assert twin.isValid() and twin.id() != layer.id()
    assert twin.name() == "Areas shown" and twin.providerType() == "ogr"
    assert twin.subsetString() == "\"name\" <> 'east'" and twin.featureCount() == 2
    assert sorted(f["name"] for f in twin.getFeatures()) == ["north", "south"]
    assert twin.renderer().symbol().color().name() == "#0c2238"
    assert twin.metadata().title() == "The areas"
    assert twin.temporalProperties().isActive() and twin.temporalProperties().startField() == "valid_from"
    assert twin.customProperty("situation_mapper/role") == "areas"
    assert [node.layer() for node in copy.layerTreeRoot().findLayers()] == [twin]  # the input: owned, not drawn
    assert copy.mapLayer(clones[extra.id()].id()) is clones[extra.id()]
    assert copy.crs() == QgsProject.instance().crs()
    # the user's project is untouched
    assert layer.id() in QgsProject.instance().mapLayers() and twin.id() not in QgsProject.instance().mapLayers()
    del copy, clones, twin
    checked.set()
    worker.join(60)
    assert not worker.is_alive()


def test_the_map_s_compare_with_layer_stays_out_of_a_product(qgis_new_project):
    """The Situation tab's "compare with" layer is measured for the map's day: a
    product of another day (with its own COMPARE_DATE) never copies it."""
    from situation_mapper.export.snapshot import plan_snapshot
    from situation_mapper.ui.compare_layers import PROPERTY_COMPARE

    kept = QgsVectorLayer("Polygon?crs=EPSG:4326", "Areas", "memory")
    compare = QgsVectorLayer("Polygon?crs=EPSG:4326", "Change 2025-11-05 → 2025-11-27", "memory")
    compare.setCustomProperty(PROPERTY_COMPARE, True)
    QgsProject.instance().addMapLayers([kept, compare])
    plan = plan_snapshot(QgsProject.instance())
    assert plan.holds(kept.id()) and not plan.holds(compare.id())


def test_the_run_takes_the_copy_made_here_and_gives_it_back(qgis_new_project, tmp_path):
    """The copy made in the main thread is handed to the run's thread while the run
    fills it: a layer the run adds reaches the project (and its layer tree) at once
    in that thread, not later as a signal queued to the main thread (which would
    drop the project's expression scope while the run's layout reads it)."""
    from qgis.PyQt.QtCore import QCoreApplication, QThread

    from situation_mapper.export.snapshot import build_snapshot, give_back, hand_over, plan_snapshot, take_over

    QgsProject.instance().addMapLayer(geopackage_layer(tmp_path))
    copy, _clones = build_snapshot(plan_snapshot(QgsProject.instance()))
    hand_over(copy)
    seen = {}

    def work():
        here = QThread.currentThread()
        seen["taken"] = take_over(copy)
        added = QgsVectorLayer("Point?crs=EPSG:4326", "computed", "memory")
        copy.addMapLayer(added)
        seen["in the tree at once"] = copy.layerTreeRoot().findLayer(added.id()) is not None
        seen["all here"] = all(obj.thread() == here for obj in
                               [copy, copy.layerTreeRoot(), added] + list(copy.mapLayers().values())
                               + copy.layerTreeRoot().findLayers())
        give_back(copy)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(60)
    assert seen == {"taken": True, "in the tree at once": True, "all here": True}
    main = QCoreApplication.instance().thread()
    assert copy.thread() == main and copy.layerTreeRoot().thread() == main
    assert all(layer.thread() == main for layer in copy.mapLayers().values())
    assert all(node.thread() == main for node in copy.layerTreeRoot().findLayers())
    assert len(copy.layerTreeRoot().findLayers()) == 2


def test_a_run_in_the_main_thread_takes_the_copy_in_place(qgis_new_project):
    from qgis.PyQt.QtCore import QCoreApplication

    from situation_mapper.export.snapshot import give_back, hand_over, take_over

    copy = QgsProject()
    hand_over(copy)
    assert copy.thread() is None
    assert take_over(copy) and not take_over(copy)  # taken once
    give_back(copy)
    assert copy.thread() == QCoreApplication.instance().thread()

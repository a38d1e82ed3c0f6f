"""Situation layers made in a background thread and added on the main thread:
the same layers (series filter given when the store is opened, style, time
settings) as made on the main thread; the store is not switched to WAL."""

import sqlite3
import threading

import pytest
from qgis.core import QgsProject, QgsSimpleFillSymbolLayer
from qgis.PyQt.QtCore import QCoreApplication, Qt

from test_situation_layers import write_store


@pytest.fixture()
def store(tmp_path):
    return write_store(tmp_path / "store.gpkg")


def journal_mode(path):
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA journal_mode").fetchone()[0].lower()
    finally:
        connection.close()


def test_layers_made_in_a_thread_are_added_on_the_main_thread(store, qgis_new_project):
    from situation_mapper.layers.situation_layers import (
        load_situation_layers,
        prepare_series_layers,
        series_subset,
    )

    before = journal_mode(store)
    series = [("Source A", "occupied"), ("Source B", "claimed"), ("Nobody", "occupied")]
    made = {}
    worker = threading.Thread(target=lambda: made.update(prepare_series_layers(store, series)))
    worker.start()
    worker.join()
    main = QCoreApplication.instance().thread()
    assert set(made) == set(series)
    assert all(layer.thread() == main for layer in made.values())
    project = QgsProject.instance()
    layers = load_situation_layers(store, project, series=series[:2], prepared=made)
    assert [layer.name() for layer in layers] == ["Claimed (Source B)", "Occupied (Source A)"]
    assert layers[0] is made[("Source B", "claimed")] and layers[1] is made[("Source A", "occupied")]
    assert [layer.featureCount() for layer in layers] == [2, 3]
    assert layers[1].subsetString() == series_subset("Source A", "occupied")
    assert all(layer.temporalProperties().isActive() for layer in layers)
    occupied = layers[1].renderer().symbol().symbolLayer(0)
    assert isinstance(occupied, QgsSimpleFillSymbolLayer) and occupied.brushStyle() == Qt.SolidPattern
    assert made[("Nobody", "occupied")].featureCount() == 0  # a series with no rows: an empty layer
    # a second load reuses the layers in the project, not the ones prepared again
    again = load_situation_layers(store, project, series=series[:2],
                                  prepared=prepare_series_layers(store, series[:2]))
    assert again == layers
    assert journal_mode(store) == before != "wal"


def _add_far_square(store):
    """One more Source A row, 1 degree east, written through a layer of its own."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QDate

    writer = QgsVectorLayer(f"{store}|layername=control", "writer", "ogr")
    feature = QgsFeature(writer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("MultiPolygon(((38 48.28,38.01 48.28,38.01 48.29,38 48.29,38 48.28)))"))
    feature["valid_from"] = QDate(2025, 11, 20)
    feature["status"] = "occupied"
    feature["source"] = "Source A"
    assert writer.dataProvider().addFeatures([feature])[0]
    del writer


def test_the_extent_is_computed_where_the_layers_are_made(store, qgis_new_project):
    """A filtered layer's extent is a scan of its features: made in the thread
    that prepares the layers, not left to the main thread; a series already
    shown takes the extent of its layer prepared again after an import."""
    from situation_mapper.layers.situation_layers import load_situation_layers, prepare_series_layers

    series = [("Source A", "occupied")]
    made = {}
    worker = threading.Thread(target=lambda: made.update(prepare_series_layers(store, series)))
    worker.start()
    worker.join()
    layer = made[series[0]]
    _add_far_square(store)
    # kept from the preparation (computed before the row was added): no scan since
    assert layer.extent().xMaximum() == pytest.approx(37.05)
    project = QgsProject.instance()
    assert load_situation_layers(store, project, series=series, prepared=made) == [layer]
    again = {}
    worker = threading.Thread(target=lambda: again.update(prepare_series_layers(store, series)))
    worker.start()
    worker.join()
    assert load_situation_layers(store, project, series=series, prepared=again) == [layer]
    assert layer.featureCount() == 4
    extent = layer.extent()  # the reloaded layer: the new row's square in its extent
    assert (extent.xMinimum(), extent.xMaximum()) == (pytest.approx(37.0), pytest.approx(38.01))
    assert (extent.yMinimum(), extent.yMaximum()) == (pytest.approx(48.28), pytest.approx(48.29))

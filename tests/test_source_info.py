"""Sources that are true: importsnapshots keeps SOURCE_LICENCE, SOURCE_URL and
SOURCE_ATTRIBUTION per source in the store (an empty value keeps the stored
one), the Situation tab asks for them and fills them for a source the store
knows, and the sources block of a product says them, names what computed
layers were computed from and says an unknown licence once."""

import datetime

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsLayerMetadata, QgsPointXY, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QDate, Qt
from qgis.PyQt.QtTest import QTest

from test_import_snapshots import run_import, square, write_geojson

D = datetime.date


def snapshots(folder, source_prefix="s", days=(10, 12)):
    folder.mkdir(exist_ok=True)
    return [str(write_geojson(folder / f"{source_prefix}_2025-11-{day}.geojson",
                              [[square(37.0, 48.0, 0.01 * day)]])) for day in days]


def test_import_keeps_licence_url_attribution_per_source(provider, tmp_path):
    from situation_mapper import store

    path = tmp_path / "store.gpkg"
    run_import(snapshots(tmp_path / "a"), path, SOURCE="DeepStateMap", SOURCE_LICENCE="CC BY-NC 4.0",
               SOURCE_URL="https://deepstatemap.live", SOURCE_ATTRIBUTION="DeepStateMap team")
    run_import(snapshots(tmp_path / "b", "b"), path, SOURCE="ISW", SOURCE_LICENCE="CC BY 4.0")
    assert store.source_info(str(path)) == {
        "DeepStateMap": store.SourceInfo("DeepStateMap", "CC BY-NC 4.0", "https://deepstatemap.live",
                                         "DeepStateMap team"),
        "ISW": store.SourceInfo("ISW", "CC BY 4.0"),
    }
    # a new day of DeepStateMap with only a new url: the licence and attribution stay
    result = run_import(snapshots(tmp_path / "c", days=(14,)), path, SOURCE="DeepStateMap",
                        SOURCE_URL="https://deepstatemap.live/en")
    assert result["IMPORTED"] == 1
    assert store.source_info(str(path))["DeepStateMap"] == store.SourceInfo(
        "DeepStateMap", "CC BY-NC 4.0", "https://deepstatemap.live/en", "DeepStateMap team")
    # every file already in the store: nothing imported, the licence still corrected
    result = run_import(snapshots(tmp_path / "a"), path, SOURCE="DeepStateMap", SOURCE_LICENCE="CC BY 4.0")
    assert result["IMPORTED"] == 0 and result["SKIPPED"] == 2
    assert store.source_info(str(path))["DeepStateMap"].licence == "CC BY 4.0"
    # without the parameters nothing changes
    run_import(snapshots(tmp_path / "d", days=(16,)), path, SOURCE="DeepStateMap")
    assert store.source_info(str(path))["DeepStateMap"] == store.SourceInfo(
        "DeepStateMap", "CC BY 4.0", "https://deepstatemap.live/en", "DeepStateMap team")
    assert store.source_info(str(path))["ISW"] == store.SourceInfo("ISW", "CC BY 4.0")


def test_import_details_need_quoting_never_break_the_store(provider, tmp_path):
    from situation_mapper import store

    path = tmp_path / "store.gpkg"
    odd = "O'Brien \"; DROP TABLE sources; --"
    run_import(snapshots(tmp_path / "a"), path, SOURCE="X", SOURCE_LICENCE=odd, SOURCE_ATTRIBUTION="<b>&</b>")
    assert store.source_info(str(path))["X"] == store.SourceInfo("X", odd, "", "<b>&</b>")


# -- the sources block ---------------------------------------------------------------------
def memory_layer(name, fields, geometry="Polygon", rows=()):
    layer = QgsVectorLayer(f"{geometry}?crs=EPSG:4326&" + "&".join(f"field={f}" for f in fields),
                           name, "memory")
    features = []
    for values in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes(list(values))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def test_sources_block_says_store_details_and_what_computed_layers_come_from(provider, tmp_path):
    from situation_mapper.export.sources import source_lines
    from situation_mapper.store import control_layer

    path = tmp_path / "store.gpkg"
    run_import(snapshots(tmp_path / "a"), path, SOURCE="DeepStateMap", SOURCE_LICENCE="CC BY-NC 4.0",
               SOURCE_URL="https://deepstatemap.live", SOURCE_ATTRIBUTION="DeepStateMap team")
    control = control_layer(str(path), "Occupied (DeepStateMap)")
    arcs = memory_layer("Encirclement arcs", ("date:date", "area:string", "source:string", "degrees:double"),
                        "LineString", [(QDate(2025, 11, 12), "Pokrovsk", "DeepStateMap", 180.0)])
    throat = memory_layer("Corridor throat", ("date:date", "source:string", "length_m:double"),
                          "LineString", [(QDate(2025, 11, 12), "DeepStateMap", 7560.0)])
    lines = source_lines([control, arcs, throat])
    assert lines == [
        "DeepStateMap: CC BY-NC 4.0 (DeepStateMap team, https://deepstatemap.live)",
        "Encirclement arcs, Corridor throat: computed by Situation Mapper from DeepStateMap",
    ]
    assert not any("not stated" in line for line in lines)


def test_an_unknown_licence_is_said_once(provider, tmp_path):
    from situation_mapper.export.sources import mark_computed, source_lines
    from situation_mapper.layers.situation_layers import load_situation_layers

    path = tmp_path / "store.gpkg"
    run_import(snapshots(tmp_path / "a"), path, SOURCE="DeepStateMap")
    run_import(snapshots(tmp_path / "b", "b"), path, SOURCE="DeepStateMap", STATUS="contested")
    project = QgsProject()
    layers = load_situation_layers(str(path), project)
    assert len(layers) == 2
    arcs = memory_layer("Encirclement arcs", ("date:date", "source:string"), "LineString",
                        [(QDate(2025, 11, 12), "DeepStateMap")])
    passage = memory_layer("Corridor passage", ("width_m:double",))
    mark_computed(passage, ["DeepStateMap"])
    drawn = memory_layer("My notes", ("text:string",))
    drawn_too = memory_layer("More notes", ("text:string",))
    lines = source_lines(layers + [arcs, passage, drawn, drawn_too])
    assert lines == [
        "Encirclement arcs, Corridor passage: computed by Situation Mapper from DeepStateMap",
        "Licence not stated: DeepStateMap",
        "Source and licence not stated: My notes, More notes",
    ]
    project.clear()


def test_a_layer_stating_its_own_licence_keeps_its_line(provider):
    from situation_mapper.export.sources import source_lines

    layer = memory_layer("Roads", ("name:string",), "LineString")
    metadata = QgsLayerMetadata()
    metadata.setRights(["(c) OpenStreetMap contributors"])
    metadata.setLicenses(["ODbL-1.0"])
    layer.setMetadata(metadata)
    assert source_lines([layer]) == ["Roads: (c) OpenStreetMap contributors; licence ODbL-1.0"]


# -- the Situation tab -----------------------------------------------------------------------
@pytest.fixture()
def panel(fake_iface, qgis_new_project, provider):
    from situation_mapper.ui.situation_panel import SituationPanel

    widget = SituationPanel(fake_iface, fake_iface.mainWindow())
    yield widget
    widget.unload()
    widget.deleteLater()


def test_situation_tab_asks_for_the_source_details_and_fills_known_ones(panel, tmp_path):
    from situation_mapper import store

    path = tmp_path / "store.gpkg"
    run_import(snapshots(tmp_path / "a"), path, SOURCE="ISW", SOURCE_LICENCE="CC BY 4.0",
               SOURCE_URL="https://understandingwar.org", SOURCE_ATTRIBUTION="ISW and CTP")
    panel.storeFileWidget.setFilePath(str(path))
    QCoreApplication.processEvents()
    panel.refresh_store()
    # a source the store knows: its details appear
    panel.sourceLineEdit.clear()
    QTest.keyClicks(panel.sourceLineEdit, "ISW")
    assert panel.sourceLicenceLineEdit.text() == "CC BY 4.0"
    assert panel.sourceUrlLineEdit.text() == "https://understandingwar.org"
    assert panel.sourceAttributionLineEdit.text() == "ISW and CTP"
    completer = panel.sourceLineEdit.completer()
    assert completer is not None and completer.model().rowCount() == 1
    # another source: the filled-in details go; typed ones are kept
    panel.sourceLineEdit.setText("DeepStateMap")
    assert panel.sourceLicenceLineEdit.text() == "" and panel.sourceUrlLineEdit.text() == ""
    QTest.keyClicks(panel.sourceLicenceLineEdit, "GPL-3.0")
    panel.sourceLineEdit.setText("DeepStateMa")
    assert panel.sourceLicenceLineEdit.text() == "GPL-3.0"
    panel.sourceLineEdit.setText("DeepStateMap")
    parameters = panel.import_parameters()
    assert parameters["SOURCE"] == "DeepStateMap"
    assert parameters["SOURCE_LICENCE"] == "GPL-3.0"
    assert parameters["SOURCE_URL"] == "" and parameters["SOURCE_ATTRIBUTION"] == ""
    for edit in (panel.sourceLicenceLineEdit, panel.sourceUrlLineEdit, panel.sourceAttributionLineEdit):
        assert edit.toolTip()

    # the import run from the tab keeps them in the store
    folder = tmp_path / "dsm"
    snapshots(folder, "deepstatemap", days=(11,))
    panel.importFolderWidget.setFilePath(str(folder))
    panel.statusComboBox.setEditText("occupied")
    QTest.mouseClick(panel.importButton, Qt.LeftButton)
    run = panel.import_run
    assert run is not None
    from test_situation_panel import wait_for

    assert wait_for(lambda: run.ok is not None) and run.ok
    QCoreApplication.processEvents()
    assert store.source_info(str(path))["DeepStateMap"] == store.SourceInfo("DeepStateMap", "GPL-3.0")
    assert store.source_info(str(path))["ISW"].licence == "CC BY 4.0"


def test_sources_with_the_same_terms_share_one_line(provider, tmp_path):
    from situation_mapper.export.sources import source_lines
    from situation_mapper.layers.situation_layers import load_situation_layers

    path = tmp_path / "store.gpkg"
    for folder, source, licence in (("a", "Source A", "CC-BY-4.0"), ("b", "Source B", "CC-BY-4.0"),
                                    ("c", "Source C", "ODbL-1.0")):
        run_import(snapshots(tmp_path / folder, folder), path, SOURCE=source, SOURCE_LICENCE=licence,
                   SOURCE_ATTRIBUTION="mapping team")
    project = QgsProject()
    layers = load_situation_layers(str(path), project)
    assert len(layers) == 3
    assert source_lines(layers) == ["Source A, Source B: CC-BY-4.0 (mapping team)",
                                    "Source C: ODbL-1.0 (mapping team)"]
    project.clear()

"""Bad input to situationmapper:importsnapshots: each gives a clear message naming
the file and the problem, and an existing store stays byte-for-byte unchanged."""

import os
import sys

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback

sys.path.insert(0, os.path.dirname(__file__))
from test_import_snapshots import (  # noqa: E402
    RecordingFeedback,
    file_hash,
    run_import,
    square,
    store_rows,
    write_geojson,
)


@pytest.fixture()
def existing_store(provider, tmp_path):
    """A store with one row (source 'snap', 2025-11-18), and its hash."""
    first = write_geojson(tmp_path / "snap_20251118.geojson", [[square(37.0, 48.0, 0.1)]])
    store = tmp_path / "store.gpkg"
    run_import([str(first)], store)
    return store, file_hash(store)


def assert_unchanged(store, digest):
    assert file_hash(store) == digest
    leftovers = [n for n in os.listdir(store.parent) if n.startswith(".store.gpkg")]
    assert leftovers == [], leftovers


def refused(inputs, store, match, **params):
    with pytest.raises(QgsProcessingException, match=match):
        run_import(inputs, store, **params)


def test_broken_geojson(existing_store, tmp_path):
    store, digest = existing_store
    good = write_geojson(tmp_path / "snap_20251119.geojson", [[square(37.0, 48.0, 0.1)]])
    broken = tmp_path / "snap_20251120.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {')
    refused([str(good), str(broken)], store, r"snap_20251120\.geojson: cannot be read")
    assert_unchanged(store, digest)


def test_file_without_a_date_in_its_name(existing_store, tmp_path):
    store, digest = existing_store
    undated = write_geojson(tmp_path / "front_latest.geojson", [[square(37.0, 48.0, 0.1)]])
    refused([str(undated)], store, r"front_latest\.geojson: no date")
    assert_unchanged(store, digest)


def test_two_files_for_the_same_date(existing_store, tmp_path):
    store, digest = existing_store
    a = write_geojson(tmp_path / "snap_20251120.geojson", [[square(37.0, 48.0, 0.1)]])
    b = write_geojson(tmp_path / "snap_2025-11-20.geojson", [[square(37.0, 48.0, 0.2)]])
    refused([str(a), str(b)], store,
            r"snap_20251120\.geojson and snap_2025-11-20\.geojson are both snapshots of 2025-11-20")
    assert_unchanged(store, digest)


def test_same_date_twice_from_a_date_field(existing_store, tmp_path):
    store, digest = existing_store
    a = write_geojson(tmp_path / "a.geojson", [[square(37.0, 48.0, 0.1)]], [{"day": "2025-11-20"}])
    b = write_geojson(tmp_path / "b.geojson", [[square(37.0, 48.0, 0.1)]], [{"day": "2025-11-20"}])
    refused([str(a), str(b)], store, r"a\.geojson and b\.geojson are both snapshots of 2025-11-20",
            DATE_SOURCE=1, DATE_FIELD="day", SOURCE="snap")
    assert_unchanged(store, digest)


def test_empty_geometries_are_skipped_with_a_warning(existing_store, tmp_path):
    store, _digest = existing_store
    path = tmp_path / "snap_20251119.geojson"
    path.write_text('{"type": "FeatureCollection", "features": ['
                    '{"type": "Feature", "properties": {}, "geometry": null},'
                    '{"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", '
                    '"coordinates": [[[[37,48],[37.1,48],[37.1,48.1],[37,48]]]]}}]}')
    feedback = RecordingFeedback()
    result = run_import([str(path)], store, feedback)
    assert result["IMPORTED"] == 1
    assert any("snap_20251119.geojson: feature 0 has an empty geometry; skipped" in w
               for w in feedback.warnings)

    only_empty = tmp_path / "snap_20251120.geojson"
    only_empty.write_text('{"type": "FeatureCollection", "features": ['
                          '{"type": "Feature", "properties": {}, "geometry": null}]}')
    feedback = RecordingFeedback()
    result = run_import([str(only_empty)], store, feedback)
    assert result["IMPORTED"] == 0
    assert any("snap_20251120.geojson: no polygon to import" in w for w in feedback.warnings)


def test_invalid_geometry_is_repaired_with_a_warning(provider, tmp_path):
    # a bow-tie: the repair keeps both triangles; the signed-area view of the
    # invalid ring (the two triangles cancel out) differs from it by far more than 0.1 %
    bowtie = [[37.0, 48.0], [37.2, 48.2], [37.2, 48.0], [37.0, 48.2], [37.0, 48.0]]
    # a ring with a spike back along itself: repair removes a zero-area spike only
    spiky = [[38.0, 48.0], [38.1, 48.0], [38.1, 48.1], [38.15, 48.1], [38.1, 48.1],
             [38.0, 48.1], [38.0, 48.0]]
    path = write_geojson(tmp_path / "snap_20251121.geojson", [[bowtie], [spiky]])
    store = tmp_path / "store.gpkg"
    feedback = RecordingFeedback()
    result = run_import([str(path)], store, feedback)
    assert result["IMPORTED"] == 1
    row = store_rows(store)[0]
    assert row["geometry"].isGeosValid()
    assert "repaired" in row["note"]
    messages = feedback.warnings + feedback.infos
    assert any("snap_20251121.geojson" in m and "2025-11-21" in m and "repaired" in m for m in messages)
    from test_import_snapshots import geod_area_km2

    triangles = (geod_area_km2([[[37.0, 48.0], [37.1, 48.1], [37.0, 48.2], [37.0, 48.0]]])
                 + geod_area_km2([[[37.1, 48.1], [37.2, 48.0], [37.2, 48.2], [37.1, 48.1]]]))
    expected = triangles + geod_area_km2([square(38.0, 48.0, 0.1)])
    assert row["area_km2"] == pytest.approx(expected, rel=1e-5)


def test_repair_area_warning_threshold():
    from qgis.core import QgsGeometry

    from situation_mapper.core.control_geometry import REPAIR_AREA_TOLERANCE, repaired

    # self-touching ring: invalid, the repair keeps all the area (change ~0)
    touching = QgsGeometry.fromWkt(
        "Polygon ((0 0, 2 0, 2 2, 1 2, 1 1, 1 2, 0 2, 0 0))")
    result = repaired(touching)
    assert result.repaired and result.area_change < REPAIR_AREA_TOLERANCE
    # a bow-tie whose two lobes differ: the area changes a lot
    bowtie = QgsGeometry.fromWkt("Polygon ((0 0, 2 2, 2 0, 0 1, 0 0))")
    result = repaired(bowtie)
    assert result.repaired and result.area_change > REPAIR_AREA_TOLERANCE
    assert result.geometry.isGeosValid()
    valid = repaired(QgsGeometry.fromWkt("Polygon ((0 0, 1 0, 1 1, 0 0))"))
    assert not valid.repaired and valid.area_change == 0


def test_non_polygon_geometries_are_refused(existing_store, tmp_path):
    store, digest = existing_store
    lines = write_geojson(tmp_path / "snap_20251119.geojson", [[[37.0, 48.0], [37.1, 48.1]]],
                          geometry_type="LineString")
    refused([str(lines)], store, r"snap_20251119\.geojson: .*Line ?String.*not polygons")
    assert_unchanged(store, digest)


def _shapefile_without_crs(path, ring):
    from osgeo import ogr

    dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    layer = dataset.CreateLayer(path.stem, None, ogr.wkbPolygon)
    feature = ogr.Feature(layer.GetLayerDefn())
    wkt = "POLYGON ((" + ", ".join(f"{x} {y}" for x, y in ring) + "))"
    feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
    layer.CreateFeature(feature)
    dataset = None
    assert not path.with_suffix(".prj").exists()
    return path


def test_missing_crs_with_lon_lat_coordinates_is_assumed_wgs84(provider, tmp_path):
    path = _shapefile_without_crs(tmp_path / "nocrs_20251120.shp", square(37.0, 48.0, 0.1))
    store = tmp_path / "store.gpkg"
    feedback = RecordingFeedback()
    result = run_import([str(path)], store, feedback)
    assert result["IMPORTED"] == 1
    assert any("nocrs_20251120.shp: the file has no CRS" in w and "EPSG:4326 is assumed" in w
               for w in feedback.warnings)


def test_missing_crs_with_projected_coordinates_is_refused(existing_store, tmp_path):
    store, digest = existing_store
    path = _shapefile_without_crs(tmp_path / "nocrs_20251120.shp", square(370000.0, 5350000.0, 1000.0))
    refused([str(path)], store, r"nocrs_20251120\.shp: the file has no CRS and its coordinates")
    assert_unchanged(store, digest)


def test_coordinates_out_of_range_are_refused(existing_store, tmp_path):
    store, digest = existing_store
    path = write_geojson(tmp_path / "snap_20251119.geojson", [[square(370.0, 48.0, 0.1)]])
    refused([str(path)], store, r"snap_20251119\.geojson: coordinates out of longitude/latitude range")
    assert_unchanged(store, digest)


def test_output_in_a_missing_folder(provider, tmp_path):
    path = write_geojson(tmp_path / "snap_20251119.geojson", [[square(37.0, 48.0, 0.1)]])
    refused([str(path)], tmp_path / "no" / "such" / "store.gpkg", r"folder .* does not exist")


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")
def test_output_in_a_folder_nobody_can_write(provider, tmp_path):
    # /proc/self refuses new files even to root (a chmod-ed folder would not)
    path = write_geojson(tmp_path / "snap_20251119.geojson", [[square(37.0, 48.0, 0.1)]])
    refused([str(path)], "/proc/self/store.gpkg", r"Cannot write the store '/proc/self/store\.gpkg'")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_output_in_a_read_only_folder(provider, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    path = write_geojson(tmp_path / "snap_20251119.geojson", [[square(37.0, 48.0, 0.1)]])
    folder.chmod(0o555)
    try:
        refused([str(path)], folder / "store.gpkg", r"not writable")
    finally:
        folder.chmod(0o755)


def test_output_that_is_not_a_store_is_left_alone(provider, tmp_path):
    path = write_geojson(tmp_path / "snap_20251119.geojson", [[square(37.0, 48.0, 0.1)]])
    other = tmp_path / "notes.gpkg"
    other.write_text("my notes, not a GeoPackage")
    digest = file_hash(other)
    refused([str(path)], other, r"notes\.gpkg' is not a GeoPackage")
    assert file_hash(other) == digest


class CancelAfterFirstFile(QgsProcessingFeedback):
    def setProgress(self, progress):  # noqa: N802
        super().setProgress(progress)
        if 0 < progress < 100:
            self.cancel()


def test_cancelled_import_changes_nothing(existing_store, tmp_path):
    store, digest = existing_store
    files = [write_geojson(tmp_path / f"snap_202511{day}.geojson", [[square(37.0, 48.0, 0.1)]])
             for day in range(19, 25)]
    feedback = CancelAfterFirstFile()
    with pytest.raises(QgsProcessingException, match="cancelled; the store was not changed"):
        run_import([str(f) for f in files], store, feedback)
    assert_unchanged(store, digest)


def test_a_new_store_is_not_left_behind_on_failure(provider, tmp_path):
    good = write_geojson(tmp_path / "snap_20251119.geojson", [[square(37.0, 48.0, 0.1)]])
    bad = write_geojson(tmp_path / "snap_20251120.geojson", [[square(370.0, 48.0, 0.1)]])
    store = tmp_path / "new.gpkg"
    refused([str(good), str(bad)], store, "out of longitude/latitude range")
    assert not store.exists()
    assert [n for n in os.listdir(tmp_path) if n.startswith(".new.gpkg")] == []


def test_store_being_edited_in_qgis_is_updated_in_place(existing_store, tmp_path):
    """With the store's layers in edit mode (its -wal file exists) the file is not
    replaced (that would cut the editing layer off); the import runs in one
    transaction in the store: a failure leaves it as it was, a success is seen by
    the open layer, whose own edits still save."""
    from qgis.core import QgsVectorLayer

    store, _digest = existing_store
    editing = QgsVectorLayer(f"{store}|layername=control", "control", "ogr")
    assert editing.startEditing()
    assert os.path.exists(str(store) + "-wal")
    digest = file_hash(store)  # QGIS switched the file to WAL mode: its header changed
    try:
        good = write_geojson(tmp_path / "snap_20251119.geojson", [[square(37.0, 48.0, 0.1)]])
        bad = write_geojson(tmp_path / "snap_20251120.geojson", [[square(370.0, 48.0, 0.1)]])
        refused([str(good), str(bad)], store, "out of longitude/latitude range")
        assert file_hash(store) == digest
        assert [r["valid_from"].isoformat() for r in store_rows(store)] == ["2025-11-18"]

        result = run_import([str(good)], store)
        assert result["IMPORTED"] == 1
        rows = store_rows(store)
        assert [(r["valid_from"].isoformat(), r["valid_to"] and r["valid_to"].isoformat())
                for r in rows] == [("2025-11-18", "2025-11-19"), ("2025-11-19", None)]
        first = next(f for f in editing.getFeatures() if f["imported_from"] == "snap_20251118.geojson")
        assert editing.changeAttributeValue(first.id(), editing.fields().indexOf("note"), "checked")
        assert editing.commitChanges(), editing.commitErrors()
    finally:
        if editing.isEditable():
            editing.rollBack()
        del editing
    notes = {r["imported_from"]: r["note"] for r in store_rows(store)}
    assert notes["snap_20251118.geojson"] == "checked" and len(notes) == 2
    assert [n for n in os.listdir(tmp_path) if n.startswith(".store.gpkg")] == []


def test_date_field_missing_or_unreadable(existing_store, tmp_path):
    store, digest = existing_store
    path = write_geojson(tmp_path / "a.geojson", [[square(37.0, 48.0, 0.1)]], [{"day": "soon"}])
    refused([str(path)], store, r"a\.geojson: feature 0 has no date in field 'day'",
            DATE_SOURCE=1, DATE_FIELD="day")
    refused([str(path)], store, r"a\.geojson: no field when", DATE_SOURCE=1, DATE_FIELD="when")
    assert_unchanged(store, digest)

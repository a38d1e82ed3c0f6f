"""The receipt beside every map product (``<output>.json``) and the PDF's
metadata, checked against values computed here: file hashes with hashlib, the
scale from the extent's geodesic width over the map frame's width, versions
read from metadata.txt, GDAL and pyproj; and no password ever in a receipt."""

import configparser
import datetime
import hashlib
import json
import re
import shutil
import uuid
import subprocess  # nosec B404 - runs poppler's pdfinfo
from pathlib import Path

import pytest
from pyproj import Geod
from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsProject, QgsVectorLayer

from test_export_map import MAP_FRAME_MM, export, square_area
from test_import_snapshots import run_import, square, write_geojson

D = datetime.date
GEOD = Geod(ellps="WGS84")
PLUGIN_ROOT = Path(__file__).resolve().parents[1]
needs_pdfinfo = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed")


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def pdf_info(path):
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)  # nosec B603 B607
    return {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in done.stdout.splitlines()
            if ":" in line}


@pytest.fixture()
def stored_project(provider, qgis_new_project, tmp_path):
    """A GeoPackage store with two days of a 10 km square (the west half, then
    all of it), its situation layers in the project, and the square as area."""
    from situation_mapper.layers.situation_layers import load_situation_layers

    folder = tmp_path / "snapshots"
    folder.mkdir()
    files = [str(write_geojson(folder / "dsm_2025-01-01.geojson", [[[[37, 48], [37.0675, 48], [37.0675, 48.09],
                                                                      [37, 48.09], [37, 48]]]])),
             str(write_geojson(folder / "dsm_2025-01-02.geojson", [[square(37.0, 48.0, 0.09)]]))]
    store = tmp_path / "store.gpkg"
    run_import(files, store, SOURCE="DeepStateMap", SOURCE_LICENCE="CC BY-NC 4.0",
               SOURCE_URL="https://deepstatemap.live")
    load_situation_layers(str(store), QgsProject.instance())
    area = square_area()
    QgsProject.instance().addMapLayer(area)
    yield {"store": store, "area": area, "files": files}
    QgsProject.instance().removeAllMapLayers()


@needs_pdfinfo
def test_receipt_beside_a_pdf_says_scale_extent_inputs_parameters_versions(stored_project, tmp_path):
    from osgeo import gdal
    import pyproj

    from situation_mapper.store import SCHEMA_VERSION

    output = tmp_path / "square.pdf"
    result = export(tmp_path, "square.pdf", DATE="2025-01-02", AREA=stored_project["area"],
                    AREAS=stored_project["area"], AREA_NAME_FIELD="name", TITLE="Square situation",
                    SUBTITLE="Test desk")
    assert result["OUTPUT"] == str(output)
    receipt_file = Path(str(output) + ".json")
    assert receipt_file.is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".situation_")]  # no temporary left
    receipt = json.loads(receipt_file.read_text(encoding="utf-8"))

    # the frame: the square inside the extent, the scale from the extent's width on paper
    xmin, ymin, xmax, ymax = receipt["extent_wgs84"]
    assert xmin < 37.0 and ymin < 48.0 and xmax > 37.09 and ymax > 48.09
    assert xmax - xmin < 1.0 and ymax - ymin < 1.0
    crs = (QgsCoordinateReferenceSystem.fromProj(receipt["crs"]) if receipt["crs"].startswith("+proj")
           else QgsCoordinateReferenceSystem(receipt["crs"]))
    assert crs.isValid() and not crs.isGeographic()
    assert QgsCoordinateReferenceSystem.fromWkt(receipt["crs_wkt"]).isValid()
    centre_lat = (ymin + ymax) / 2
    width_m = GEOD.inv(xmin, centre_lat, xmax, centre_lat)[2]
    height_m = GEOD.inv((xmin + xmax) / 2, ymin, (xmin + xmax) / 2, ymax)[2]
    frame_w_m, frame_h_m = MAP_FRAME_MM[2] / 1000.0, MAP_FRAME_MM[3] / 1000.0
    # the map fills its frame in one direction at least (the other has the extent's aspect)
    scale = receipt["map_scale"]
    assert isinstance(scale, int)
    assert scale == pytest.approx(max(width_m / frame_w_m, height_m / frame_h_m), rel=0.05)

    # figures shown that day
    rows = receipt["figures"]["days"]["2025-01-02"]
    assert any(row[0] == "Square" for row in rows)
    assert receipt["days"] == ["2025-01-02"] and receipt["title"] == "Square situation"

    # inputs: the store once, hashed, with its schema version and row counts
    stores = receipt["inputs"]["stores"]
    assert len(stores) == 1
    assert stores[0]["path"] == str(stored_project["store"])
    assert stores[0]["sha256"] == sha256(stored_project["store"])
    assert stores[0]["schema_version"] == SCHEMA_VERSION
    assert stores[0]["row_counts"]["control"] == 2
    assert stores[0]["row_counts"]["sources"] == 1
    names = [entry["name"] for entry in receipt["inputs"]["layers"]]
    assert "Occupied (DeepStateMap)" in names and "Square" in names
    square_entry = next(e for e in receipt["inputs"]["layers"] if e["name"] == "Square")
    assert square_entry["provider"] == "memory" and square_entry["features"] == 1

    # every parameter
    parameters = receipt["parameters"]
    assert parameters["DATE"] == "2025-01-02" and parameters["TITLE"] == "Square situation"
    assert parameters["OUTPUT"] == str(output)
    assert parameters["AREA"]["layer"] == "Square"

    # versions
    metadata = configparser.ConfigParser(interpolation=None)
    metadata.read(PLUGIN_ROOT / "metadata.txt", encoding="utf-8")
    assert receipt["versions"] == {
        "plugin": metadata["general"]["version"], "qgis": Qgis.QGIS_VERSION,
        "gdal": gdal.__version__, "proj": pyproj.proj_version_str}

    # the PDF's own metadata
    info = pdf_info(output)
    assert info["Title"] == "Square situation"
    assert info["Subject"] == "Situation as of 2025-01-02 - Test desk"
    assert "2025-01-02" in info["Keywords"] and "situation map" in info["Keywords"]


def test_receipt_hashes_every_input_file_and_keeps_an_earlier_receipt_on_failure(provider, tmp_path):
    from situation_mapper.export.receipt import write_receipt
    from situation_mapper.infra.atomic_files import AtomicWriteError

    snapshot = write_geojson(tmp_path / "dsm_2025-01-01.geojson", [[square(37.0, 48.0, 0.1)]])
    layer = QgsVectorLayer(str(snapshot), "Snapshot", "ogr")
    assert layer.isValid()
    template = tmp_path / "own.qpt"
    template.write_text("<Layout/>", encoding="utf-8")
    product = tmp_path / "map.png"
    product.write_bytes(b"png")
    path = write_receipt(str(product), parameters={"TEMPLATE_FILE": str(template), "OUTPUT": str(product),
                                                   "DPI": 96}, layers=[layer], days=[D(2025, 1, 1)])
    assert path == str(product) + ".json"
    receipt = json.loads(Path(path).read_text(encoding="utf-8"))
    (entry,) = receipt["inputs"]["layers"]
    assert entry["path"] == str(snapshot) and entry["sha256"] == sha256(snapshot)
    assert entry["features"] == 1
    (file_entry,) = receipt["inputs"]["files"]
    assert file_entry == {"parameter": "TEMPLATE_FILE", "path": str(template), "sha256": sha256(template),
                          "bytes": template.stat().st_size}
    assert receipt["map_scale"] is None and receipt["parameters"]["DPI"] == 96

    before = Path(path).read_bytes()
    with pytest.raises(AtomicWriteError):
        write_receipt(str(tmp_path / "gone" / "map.png"))
    assert Path(path).read_bytes() == before


def test_no_password_in_a_receipt_for_a_postgis_location_with_a_password(provider, tmp_path):
    from situation_mapper.export.receipt import write_receipt

    fake = "fake-" + uuid.uuid4().hex[:8]  # made up per run: not a credential
    location = f"postgres:host=127.0.0.1 port=1 dbname=gis user=analyst password={fake} schema=desk"
    layer = QgsVectorLayer(f"dbname='gis' host=127.0.0.1 port=1 user='analyst' password='{fake}' "
                           "sslmode=disable key='fid' srid=4326 type=MultiPolygon "
                           "table=\"desk\".\"control\" (geom)", "Team control", "postgres")
    product = tmp_path / "team.pdf"
    product.write_bytes(b"%PDF")
    path = write_receipt(str(product), parameters={
        "CONTROL": location, "OUTPUT": str(product), "DB_PASSWORD": fake,
        "URL": f"postgresql://analyst:{fake}@db.example.org/gis",
        "LIST": [location, {"password": fake}]}, layers=[layer])
    text = Path(path).read_text(encoding="utf-8")
    assert fake not in text
    receipt = json.loads(text)
    assert "schema=desk" in receipt["parameters"]["CONTROL"]
    assert "analyst@db.example.org" in receipt["parameters"]["URL"]
    (entry,) = receipt["inputs"]["layers"]
    assert entry["name"] == "Team control" and "desk" in json.dumps(entry)


def test_main_map_is_the_one_named_main_or_the_largest(provider, qgis_new_project):
    from qgis.core import QgsLayoutItemMap, QgsLayoutPoint, QgsLayoutSize, QgsPrintLayout, QgsRectangle

    from situation_mapper.export.receipt import main_map, map_entry

    layout = QgsPrintLayout(QgsProject.instance())
    layout.initializeDefaults()
    small, large = QgsLayoutItemMap(layout), QgsLayoutItemMap(layout)
    for item, size in ((small, 40), (large, 150)):
        item.attemptMove(QgsLayoutPoint(5, 5))
        item.attemptResize(QgsLayoutSize(size, size))
        item.setCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
        layout.addLayoutItem(item)
    large.setExtent(QgsRectangle(4118000, 6106000, 4133000, 6121000))  # 15 km on 150 mm
    assert main_map(layout) is large
    entry = map_entry(layout)
    assert entry["crs"] == "EPSG:3857" and entry["map_scale"] == 100000
    xmin, ymin, xmax, ymax = entry["extent_wgs84"]
    assert xmin == pytest.approx(4118000 / 6378137 * 57.29577951308232, abs=1e-6)
    small.setId("main")
    assert main_map(layout) is small

"""The optional basemap of a map product: an XYZ tile URL template drawn under
the situation, its attribution in the sources block and the receipt; no
basemap by default, and no network needed to export (a server that does not
answer leaves the tiles missing, the product is written)."""

import json
from pathlib import Path

import pytest

from conftest import shared_data_path
from test_export_map import needs_poppler, pdf_page_image
from test_product_layout import DAY, TOWNS, crowded_store, flat_text  # noqa: F401 (a fixture)

UNREACHABLE = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # the discard port: nothing answers
YELLOW = (255, 220, 0)


def test_a_basemap_url_must_be_an_xyz_template():
    from situation_mapper.export.basemap import BasemapError, check_basemap_url

    assert check_basemap_url(" https://tile.openstreetmap.org/{z}/{x}/{y}.png ") == \
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert check_basemap_url("https://example.org/{z}/{x}/{-y}.png").endswith("{-y}.png")
    for bad, says in (("https://example.org/tiles.png", "{x}, {z}, {y}"),
                      ("https://example.org/{z}/{x}.png", "{y}"),
                      ("ftp://example.org/{z}/{x}/{y}.png", "http://")):
        with pytest.raises(BasemapError) as error:
            check_basemap_url(bad)
        assert says in str(error.value) and bad in str(error.value)


def test_openstreetmap_tiles_say_their_attribution_by_default(qgis_processing):
    from qgis.core import QgsProcessingContext

    from situation_mapper.algorithms.export_map import ExportMapAlgorithm
    from situation_mapper.export.basemap import default_attribution

    assert default_attribution("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == \
        "© OpenStreetMap contributors"
    assert default_attribution("https://a.tile.openstreetmap.org/{z}/{x}/{y}.png") == \
        "© OpenStreetMap contributors"
    assert default_attribution("https://tiles.example.org/{z}/{x}/{y}.png") == ""
    algorithm = ExportMapAlgorithm()
    algorithm.initAlgorithm()
    context = QgsProcessingContext()
    assert algorithm.basemap({}, context) == ("", "")
    assert algorithm.basemap({"BASEMAP": "https://tile.openstreetmap.org/{z}/{x}/{y}.png"}, context) == \
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors")
    assert algorithm.basemap({"BASEMAP": UNREACHABLE, "BASEMAP_ATTRIBUTION": "Tiles: mine"}, context) == \
        (UNREACHABLE, "Tiles: mine")
    assert algorithm.parameterDefinition("BASEMAP").defaultValue() in (None, "")


def export(store, tmp_path, name, **extra):
    import processing

    output = tmp_path / name
    processing.run("situationmapper:exportmap", dict({
        "CONTROL": str(store), "AREAS": str(shared_data_path() / TOWNS), "AREA_NAME_FIELD": "name",
        "FOCUS_AREA": "Pokrovsk", "DATE": DAY.isoformat(), "TITLE": "Pokrovsk", "DPI": 100,
        "OUTPUT": str(output)}, **extra))
    return output, json.loads(Path(str(output) + ".json").read_text(encoding="utf-8"))


def yellow_share(image):
    pixels = list(image.getdata())
    return sum(1 for p in pixels if p[0] > 235 and 195 < p[1] < 240 and p[2] < 60) / len(pixels)


def map_part(image):
    """The upper part of the main map (never the events box under it)."""
    scale = image.width / 297.0
    return image.crop((int(10 * scale), int(26 * scale), int(196 * scale), int(150 * scale)))


@pytest.fixture()
def yellow_tiles(tmp_path):
    """A tile server on disk: every tile the same yellow PNG (the URL's query is
    ignored for a file)."""
    from qgis.PyQt.QtGui import QColor, QImage

    image = QImage(256, 256, QImage.Format_RGB32)
    image.fill(QColor(*YELLOW))
    path = tmp_path / "tile.png"
    assert image.save(str(path))
    return path.as_uri() + "?z={z}&x={x}&y={y}"


@needs_poppler
@pytest.mark.slow
def test_the_basemap_is_drawn_under_the_map_and_attributed(crowded_store, qgis_new_project, tmp_path,  # noqa: F811
                                                           yellow_tiles):
    with_tiles, receipt = export(crowded_store, tmp_path, "tiles.pdf", BASEMAP=yellow_tiles,
                                 BASEMAP_ATTRIBUTION="© Yellow tiles")
    plain, plain_receipt = export(crowded_store, tmp_path, "plain.pdf")
    assert yellow_share(map_part(pdf_page_image(with_tiles, tmp_path))) > 0.02
    assert yellow_share(map_part(pdf_page_image(plain, tmp_path))) < 0.001
    text = " ".join(flat_text(with_tiles).split())
    assert "Basemap (local tiles): © Yellow tiles" in text
    assert "Basemap" not in flat_text(plain)
    # not in the legend: the legend lists what the situation shows
    legend_start = text.index("Legend")
    assert "Basemap" not in text[legend_start:legend_start + 400]
    assert receipt["parameters"]["BASEMAP_ATTRIBUTION"] == "© Yellow tiles"
    assert any(layer["provider"] == "wms" and "xyz" in layer["source"] for layer in receipt["inputs"]["layers"])
    assert not any(layer["provider"] == "wms" for layer in plain_receipt["inputs"]["layers"])
    # the frame is the subject's, not the tiles' world
    assert receipt["map_scale"] == plain_receipt["map_scale"]
    assert receipt["extent_wgs84"] == pytest.approx(plain_receipt["extent_wgs84"])


@needs_poppler
@pytest.mark.slow
def test_no_tile_server_still_writes_the_product(crowded_store, qgis_new_project, tmp_path):  # noqa: F811
    output, receipt = export(crowded_store, tmp_path, "offline.pdf", BASEMAP=UNREACHABLE)
    assert output.stat().st_size > 10000
    text = " ".join(flat_text(output).split())
    assert "Basemap (127.0.0.1): attribution not stated (127.0.0.1)" in text
    assert receipt["parameters"]["BASEMAP"] == UNREACHABLE

"""situationmapper:exportmap: dated, sourced map products read back from the files.

PDFs are read with poppler (pdftotext, pdfinfo, pdftoppm); images with Pillow.
"""

import datetime
import re
import shutil
import subprocess  # nosec B404 - runs poppler's command-line tools
from pathlib import Path

import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsFillSymbol,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsVectorLayerTemporalProperties,
)

from conftest import shared_data_path

Image = pytest.importorskip("PIL.Image")

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdftoppm"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")

# The shipped A4 landscape template's main map frame, in millimetres (x, y, w, h).
MAP_FRAME_MM = (8, 24, 190, 166)
A4_LANDSCAPE_MM = (297.0, 210.0)
RED = (220, 30, 30)
GREY = (150, 150, 150)


# -- helpers -----------------------------------------------------------------------
def pdf_text(path, page=None):
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    done = subprocess.run(args + [str(path), "-"], capture_output=True, text=True, check=True)  # nosec B603
    return done.stdout


def pdf_pages(path):
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)  # nosec B603
    return int(next(line for line in done.stdout.splitlines() if line.startswith("Pages:")).split()[1])


def pdf_page_image(path, tmp_path, dpi=40, page=1):
    stem = tmp_path / f"render_{Path(path).stem}_{page}"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),  # nosec B603
                    "-singlefile", str(path), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def map_region(image, page_mm=A4_LANDSCAPE_MM, frame_mm=MAP_FRAME_MM, inset_mm=2.0):
    scale_x, scale_y = image.width / page_mm[0], image.height / page_mm[1]
    x, y, w, h = frame_mm
    return image.crop((int((x + inset_mm) * scale_x), int((y + inset_mm) * scale_y),
                       int((x + w - inset_mm) * scale_x), int((y + h - inset_mm) * scale_y)))


def colour_share(image, colour, tolerance=40):
    pixels = list(image.getdata())
    close = sum(1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, colour)))
    return close / len(pixels)


def non_white_share(image):
    pixels = list(image.getdata())
    return sum(1 for p in pixels if min(p) < 235) / len(pixels)


def fill(colour):
    return QgsFillSymbol.createSimple({"color": ",".join(map(str, colour)), "outline_color": "0,0,0",
                                       "outline_width": "0.2"})


def set_control_time(layer):
    properties = layer.temporalProperties()
    properties.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
    properties.setStartField("valid_from")
    properties.setEndField("valid_to")
    properties.setIsActive(True)


def set_sources(layer, rights, licence):
    metadata = layer.metadata()
    metadata.setRights([rights])
    metadata.setLicenses([licence])
    layer.setMetadata(metadata)


def synthetic_control():
    """A 10 km square (37.0-37.135 E, 48.0-48.09 N): on 2025-01-01 its west half is
    'occupied'; from 2025-01-02 the whole square is 'contested' (grey) and stays so."""
    from situation_mapper.store.schema import control_fields

    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "Control (test source)", "memory")
    layer.dataProvider().addAttributes(control_fields().toList())
    layer.updateFields()
    rows = (("POLYGON((37 48, 37.0675 48, 37.0675 48.09, 37 48.09, 37 48))", "2025-01-01", "2025-01-02",
             "occupied", "assessed"),
            ("POLYGON((37 48, 37.135 48, 37.135 48.09, 37 48.09, 37 48))", "2025-01-02", None,
             "contested", "claimed"))
    features = []
    for wkt, start, stop, status, confidence in rows:
        feature = QgsFeature(layer.fields())
        geometry = QgsGeometry.fromWkt(wkt)
        geometry.convertToMultiType()
        feature.setGeometry(geometry)
        feature["valid_from"], feature["valid_to"] = start, stop
        feature["status"], feature["source"], feature["confidence"] = status, "TestSource", confidence
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    categories = [QgsRendererCategory("occupied", fill(RED), "Occupied ground"),
                  QgsRendererCategory("contested", fill(GREY), "Contested ground"),
                  QgsRendererCategory("liberated", fill((30, 160, 30)), "Liberated ground")]
    layer.setRenderer(QgsCategorizedSymbolRenderer("status", categories))
    set_control_time(layer)
    return layer


def square_area():
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "Square", "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("POLYGON((37 48, 37.135 48, 37.135 48.09, 37 48.09, 37 48))"))
    feature["name"] = "Square"
    layer.dataProvider().addFeatures([feature])
    return layer


def far_events():
    """Points far outside the map: they must not appear in the legend."""
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "Far away events", "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("POINT(20 60)"))
    layer.dataProvider().addFeatures([feature])
    return layer


def export(tmp_path, name, **parameters):
    import processing

    if "OUTPUT" not in parameters:
        parameters["OUTPUT"] = str(tmp_path / name)
    parameters.setdefault("TITLE", "Test situation")
    return processing.run("situationmapper:exportmap", parameters)


@pytest.fixture()
def synthetic_project(provider, qgis_new_project):
    control, area, events = synthetic_control(), square_area(), far_events()
    set_sources(control, "TestSource mapping team", "CC-BY-4.0")
    QgsProject.instance().addMapLayers([control, events])
    yield {"control": control, "area": area, "events": events}
    QgsProject.instance().removeAllMapLayers()


@pytest.fixture()
def real_project(provider, qgis_new_project):
    """Six real DeepStateMap days around Pokrovsk and the OSM towns."""
    from support import control_layer_from_files, deepstate_files, towns_layer

    shared = shared_data_path()
    control = control_layer_from_files(deepstate_files(shared, datetime.date(2025, 11, 15),
                                                       datetime.date(2025, 11, 20)))
    control.setName("Occupied (DeepStateMap)")
    control.setRenderer(QgsSingleSymbolRenderer(fill(RED)))
    set_control_time(control)
    set_sources(control, "DeepStateMap", "GPL-3.0")
    towns = towns_layer(shared)
    towns.setName("Towns and hromadas")
    towns.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"style": "no", "outline_color": "20,20,20", "outline_width": "0.4"})))
    set_sources(towns, "(c) OpenStreetMap contributors", "ODbL-1.0")
    settlements = towns_layer(shared)
    settlements.setSubsetString("level = 'settlement'")
    QgsProject.instance().addMapLayers([towns, control])
    # owned by the project (deleted before QGIS exits) but not drawn: not in the layer tree
    QgsProject.instance().addMapLayer(settlements, False)
    yield {"control": control, "towns": towns, "settlements": settlements}
    QgsProject.instance().removeAllMapLayers()


# -- hand-computable: a square that doubles --------------------------------------------
@needs_poppler
def test_pdf_carries_title_date_legend_sources_and_handling(synthetic_project, tmp_path):
    result = export(tmp_path, "day1.pdf", DATE="2025-01-01", AREA=synthetic_project["area"],
                    TITLE="Square situation", SUBTITLE="Hand-made test data",
                    HANDLING="UNCLASSIFIED - TEST HANDLING LINE")
    assert result["OUTPUT"] == str(tmp_path / "day1.pdf") and result["PAGES"] == 1
    text = pdf_text(result["OUTPUT"])
    assert "Square situation" in text and "Hand-made test data" in text
    assert "as of 2025-01-01" in text
    assert datetime.date.today().isoformat() not in text  # the situation date, not the export date
    assert "UNCLASSIFIED - TEST HANDLING LINE" in text
    # legend: only what the map shows on that day
    assert "Occupied ground" in text
    assert "Contested ground" not in text and "Liberated ground" not in text
    assert "Far away events" not in text
    # sources block and the assessed / claimed basis line
    assert "TestSource mapping team; licence CC-BY-4.0" in text
    assert "TestSource - occupied (assessed)" in text


@needs_poppler
def test_the_map_shows_the_situation_of_its_day(synthetic_project, tmp_path):
    day1 = export(tmp_path, "d1.pdf", DATE="2025-01-01", AREA=synthetic_project["area"])["OUTPUT"]
    day2 = export(tmp_path, "d2.pdf", DATE="2025-01-02", AREA=synthetic_project["area"])["OUTPUT"]
    map1 = map_region(pdf_page_image(day1, tmp_path, page=1))
    map2 = map_region(pdf_page_image(day2, tmp_path, page=1))
    red1, grey1 = colour_share(map1, RED), colour_share(map1, GREY)
    red2, grey2 = colour_share(map2, RED), colour_share(map2, GREY)
    # day 1: the west half in red, nothing grey; day 2: the whole square grey
    assert red1 > 0.15 and grey1 < 0.01
    assert red2 < 0.01 and grey2 > 0.3
    assert grey2 / red1 == pytest.approx(2.0, rel=0.12)
    text = pdf_text(day2)
    assert "as of 2025-01-02" in text
    assert "Contested ground" in text and "Occupied ground" not in text
    assert "TestSource - contested (claimed)" in text


@needs_poppler
def test_store_sources_table_is_listed(provider, qgis_new_project, tmp_path):
    store = str(tmp_path / "store.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.layerName = "control"
    error = QgsVectorFileWriter.writeAsVectorFormatV2(
        synthetic_control(), store, QgsProject.instance().transformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError
    sources = QgsVectorLayer("None?field=source:string&field=licence:string&field=url:string"
                             "&field=attribution:string", "sources", "memory")
    feature = QgsFeature(sources.fields())
    feature.setAttributes(["TestSource", "CC-BY-4.0", "https://example.org/test", "Test mapping team"])
    sources.dataProvider().addFeatures([feature])
    options.layerName = "sources"
    options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
    error = QgsVectorFileWriter.writeAsVectorFormatV2(
        sources, store, QgsProject.instance().transformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError
    control = QgsVectorLayer(f"{store}|layername=control", "Stored control", "ogr")
    assert control.isValid()
    QgsProject.instance().addMapLayer(control)
    result = export(tmp_path, "stored.pdf", DATE="2025-01-02", AREA=square_area())
    text = " ".join(pdf_text(result["OUTPUT"]).split())
    # the store's sources table speaks for its layers that state nothing themselves
    assert "Stored control: source and licence not stated" not in text
    assert "TestSource: CC-BY-4.0 (Test mapping team, https://example.org/test)" in text
    QgsProject.instance().removeAllMapLayers()


@needs_poppler
def test_atlas_has_one_page_per_date_with_its_date(synthetic_project, tmp_path):
    result = export(tmp_path, "atlas.pdf", DATES="2025-01-01,2025-01-02,2025-01-05",
                    AREA=synthetic_project["area"], DPI=60)
    assert result["PAGES"] == 3 and result["DATES"] == "2025-01-01,2025-01-02,2025-01-05"
    assert pdf_pages(result["OUTPUT"]) == 3
    for page, day in enumerate(("2025-01-01", "2025-01-02", "2025-01-05"), start=1):
        assert f"as of {day}" in pdf_text(result["OUTPUT"], page)
    # 2025-01-05 has no snapshot: the latest earlier one (contested) shows
    assert "Contested ground" in pdf_text(result["OUTPUT"], 3)


def test_one_file_per_date_png_and_svg(synthetic_project, tmp_path):
    result = export(tmp_path, "map.png", DATES="2025-01-01..2025-01-02", AREA=synthetic_project["area"],
                    DPI=50, ATLAS_MODE=1)
    files = result["FILES"].split(";")
    assert files == [str(tmp_path / "map_2025-01-01.png"), str(tmp_path / "map_2025-01-02.png")]
    first = Image.open(files[0]).convert("RGB")
    assert first.width == round(297 / 25.4 * 50) or abs(first.width - 297 / 25.4 * 50) <= 2
    assert colour_share(map_region(first), RED) > 0.15
    assert colour_share(map_region(Image.open(files[1]).convert("RGB")), GREY) > 0.3
    svg = export(tmp_path, "map.svg", DATE="2025-01-02", AREA=synthetic_project["area"])["OUTPUT"]
    content = Path(svg).read_text(encoding="utf-8")
    assert content.lstrip().startswith("<?xml") and "<svg" in content


def test_gif_has_one_frame_per_date(synthetic_project, tmp_path):
    result = export(tmp_path, "anim.gif", DATES="2025-01-01,2025-01-02,2025-01-03,2025-01-04",
                    AREA=synthetic_project["area"], DPI=30, FRAME_MS=250)
    gif = Image.open(result["OUTPUT"])
    assert gif.format == "GIF" and gif.n_frames == 4
    assert gif.info.get("duration") == 250
    gif.seek(0)
    assert colour_share(map_region(gif.convert("RGB")), RED) > 0.15
    gif.seek(3)
    assert colour_share(map_region(gif.convert("RGB")), GREY) > 0.3


def test_mp4_needs_ffmpeg(synthetic_project, tmp_path):
    from situation_mapper.export.animation import ffmpeg_path

    if ffmpeg_path():
        result = export(tmp_path, "anim.mp4", DATES="2025-01-01,2025-01-02", AREA=synthetic_project["area"],
                        DPI=30)
        assert Path(result["OUTPUT"]).stat().st_size > 0
    else:
        with pytest.raises(QgsProcessingException, match="ffmpeg"):
            export(tmp_path, "anim.mp4", DATES="2025-01-01,2025-01-02", AREA=synthetic_project["area"],
                   DPI=30)
        assert list(tmp_path.iterdir()) == []


# -- failures leave nothing behind ------------------------------------------------------
@pytest.mark.parametrize("folder", ["/proc", "/nonexistent-situation-folder"])
def test_unwritable_path_is_a_clear_error(synthetic_project, folder):
    target = Path(folder) / "situation.pdf"
    with pytest.raises(QgsProcessingException, match=r"Cannot write '/.*situation\.pdf'"):
        export(None, "", OUTPUT=str(target), DATE="2025-01-01", AREA=synthetic_project["area"])
    assert not target.exists()


def test_cancel_leaves_no_partial_file_and_the_earlier_export(synthetic_project, tmp_path):
    import processing

    earlier = tmp_path / "atlas.pdf"
    earlier.write_bytes(b"%PDF earlier export")
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda value: feedback.cancel() if value > 60 else None)
    with pytest.raises(QgsProcessingException, match="cancelled"):
        processing.run("situationmapper:exportmap",
                       {"DATES": "2025-01-01,2025-01-02,2025-01-03,2025-01-04", "DPI": 40,
                        "AREA": synthetic_project["area"], "OUTPUT": str(earlier)}, feedback=feedback)
    assert earlier.read_bytes() == b"%PDF earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["atlas.pdf"]


def test_bad_parameters_are_clear(synthetic_project, tmp_path):
    with pytest.raises(QgsProcessingException, match="DATES: '2025-13-01' is not a date"):
        export(tmp_path, "x.pdf", DATES="2025-13-01")
    with pytest.raises(QgsProcessingException, match=r"FORMAT is png but the output .* ends in '\.pdf'"):
        export(tmp_path, "x.pdf", DATE="2025-01-01", FORMAT=1)
    bad_template = tmp_path / "bad.qpt"
    bad_template.write_text("<notalayout/>", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="is not a QGIS layout template"):
        export(tmp_path, "x.pdf", DATE="2025-01-01", TEMPLATE_FILE=str(bad_template))
    assert not (tmp_path / "x.pdf").exists()


def test_own_template_and_portrait_a3(synthetic_project, tmp_path):
    """A user template without a figures table still exports; A3 portrait scales the layout."""
    from situation_mapper.export.layout_builder import TEMPLATE_DIR

    text = (Path(TEMPLATE_DIR) / "standard_portrait.qpt").read_text(encoding="utf-8")
    own = tmp_path / "own.qpt"
    own.write_text(text.replace('id="figures_table"', 'id="something_else"'), encoding="utf-8")
    result = export(tmp_path, "own.png", DATE="2025-01-01", AREA=synthetic_project["area"],
                    TEMPLATE_FILE=str(own), PAGE=3, DPI=30)
    image = Image.open(result["OUTPUT"])
    assert abs(image.width - 297 / 25.4 * 30) <= 2 and abs(image.height - 420 / 25.4 * 30) <= 2


# -- real data -------------------------------------------------------------------------
@needs_poppler
@pytest.mark.slow
def test_real_pokrovsk_product_with_figures(real_project, tmp_path):
    import processing

    result = export(tmp_path, "pokrovsk.pdf", DATE="2025-11-20", AREA=real_project["settlements"],
                    AREAS=real_project["settlements"], AREA_NAME_FIELD="name", RADIUS_M=5000,
                    TITLE="Pokrovsk direction", HANDLING="FOR TESTING")
    text = pdf_text(result["OUTPUT"])
    flat = " ".join(text.split())
    assert "Pokrovsk direction" in text and "as of 2025-11-20" in text
    assert "Towns and hromadas" in text and "Occupied (DeepStateMap)" in text
    assert "(c) OpenStreetMap contributors; licence ODbL-1.0" in flat
    assert "DeepStateMap; licence GPL-3.0" in flat
    for town in ("Pokrovsk", "Myrnohrad", "Bakhmut", "Toretsk"):
        assert town in text

    image = pdf_page_image(result["OUTPUT"], tmp_path, dpi=40)
    region = map_region(image)
    assert 0.2 < non_white_share(region) < 0.98
    assert 0.05 < colour_share(region, RED) < 0.95

    # every figure is the one its algorithm computes for that date
    direct = processing.run("situationmapper:encirclement", {
        "AREA": real_project["settlements"], "AREA_NAME_FIELD": "name",
        "CONTROL": real_project["control"], "DATES": "2025-11-20", "RADIUS_M": "5000",
        "TABLE": "TEMPORARY_OUTPUT", "ARCS": "TEMPORARY_OUTPUT"})
    rows = list(direct["TABLE"].getFeatures())
    assert len(rows) == 4, "one encirclement row per town"
    for row in rows:
        line = next(line for line in text.splitlines()
                    if re.search(rf"\b{row['area']}\s+{row['source']}", line))
        assert f"{row['enclosed_deg']:.0f}°" in line
    shares = processing.run("situationmapper:occupiedshare", {
        "AREAS": real_project["settlements"], "AREA_NAME_FIELD": "name",
        "CONTROL": real_project["control"], "DATES": "2025-11-20", "OUTPUT": "TEMPORARY_OUTPUT"})
    rows = list(shares["OUTPUT"].getFeatures())
    assert len(rows) == 4
    for row in rows:  # a table cell wraps over lines: look in the whole text
        assert f"{row['occupied_pct']:.1f} %" in flat, row["occupied_pct"]
    # the change since the previous snapshot (2025-11-19) is there, signed
    previous = processing.run("situationmapper:occupiedshare", {
        "AREAS": real_project["settlements"], "AREA_NAME_FIELD": "name",
        "CONTROL": real_project["control"], "DATES": "2025-11-19,2025-11-20",
        "OUTPUT": "TEMPORARY_OUTPUT"})
    changes = [r["change_pct"] for r in previous["OUTPUT"].getFeatures()
               if str(r["date"].toPyDate() if hasattr(r["date"], "toPyDate") else r["date"]) == "2025-11-20"]
    assert len(changes) == 4
    for change in changes:
        assert re.search(rf"(?<![\d.]){re.escape(f'{change:+.1f}')}(?!\d)", flat), change
    assert "points" in flat
    assert "Not available" not in flat


# -- headless --------------------------------------------------------------------------
@needs_poppler
@pytest.mark.slow
def test_qgis_process_exports_a_saved_project(provider, qgis_new_project, tmp_path):
    """qgis_process with PROJECT: the project's own layers, styles and time settings."""
    import os

    qgis_process = "/usr/bin/qgis_process.bin"  # Debian's wrapper passes an option it rejects
    if not Path(qgis_process).exists():
        pytest.skip(f"{qgis_process} is not installed")
    store = str(tmp_path / "control.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.layerName = "control"
    assert QgsVectorFileWriter.writeAsVectorFormatV2(
        synthetic_control(), store, QgsProject.instance().transformContext(), options)[0] == 0
    control = QgsVectorLayer(f"{store}|layername=control", "Saved control", "ogr")
    styled = synthetic_control()
    control.setRenderer(styled.renderer().clone())
    set_control_time(control)
    QgsProject.instance().addMapLayer(control)
    project_path = tmp_path / "saved.qgz"
    assert QgsProject.instance().write(str(project_path))
    QgsProject.instance().clear()

    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "situation_mapper").symlink_to(Path(__file__).resolve().parents[1], target_is_directory=True)
    env = dict(os.environ, QGIS_PLUGINPATH=str(plugins), QT_QPA_PLATFORM="offscreen",
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "config"))
    subprocess.run([qgis_process, "plugins", "enable", "situation_mapper"], env=env,  # nosec B603
                   capture_output=True, timeout=300, check=True)
    output = tmp_path / "headless.pdf"
    done = subprocess.run([qgis_process, "run", "situationmapper:exportmap", "--",  # nosec B603
                           f"PROJECT={project_path}", "DATES=2025-01-01..2025-01-02",
                           "TITLE=Headless export", f"OUTPUT={output}"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout
    assert pdf_pages(output) == 2
    assert "as of 2025-01-01" in pdf_text(output, 1) and "Occupied ground" in pdf_text(output, 1)
    assert "as of 2025-01-02" in pdf_text(output, 2) and "Contested ground" in pdf_text(output, 2)


def test_map_scale_is_true_against_pyproj(qgis_new_project):
    """The map's local transverse Mercator: a scale bar distance across the map
    against the ellipsoidal distance (pyproj), and north up at the centre."""
    from pyproj import Geod
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsRectangle

    from situation_mapper.export.layout_builder import SituationLayout, load_template, shipped_template_path

    layout = SituationLayout(load_template(QgsProject.instance(),
                                           shipped_template_path("standard", "A4 landscape"),
                                           A4_LANDSCAPE_MM))
    layout.set_extent(QgsRectangle(36.2, 47.6, 38.2, 48.9), QgsProject.instance().crs())
    extent = layout.map.extent()
    to_wgs84 = QgsCoordinateTransform(layout.map.crs(), QgsCoordinateReferenceSystem("EPSG:4326"),
                                      QgsProject.instance())
    middle_y = extent.center().y()
    west = to_wgs84.transform(QgsPointXY(extent.xMinimum(), middle_y))
    east = to_wgs84.transform(QgsPointXY(extent.xMaximum(), middle_y))
    _az, _back, geodesic = Geod(ellps="WGS84").inv(west.x(), west.y(), east.x(), east.y())
    assert extent.width() == pytest.approx(geodesic, rel=2e-4)  # measured: see the report
    south = to_wgs84.transform(QgsPointXY(extent.center().x(), extent.yMinimum()))
    north = to_wgs84.transform(QgsPointXY(extent.center().x(), extent.yMaximum()))
    assert abs(south.x() - north.x()) < 1e-9  # the central meridian is vertical: north is up
    assert extent.width() / extent.height() == pytest.approx(190 / 166, rel=1e-6)


# -- QA findings: legend fit, figures table, private copy --------------------------------
def line_layer(name, wkt, colour):
    from qgis.core import QgsLineSymbol

    layer = QgsVectorLayer("LineString?crs=EPSG:4326", name, "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(wkt))
    layer.dataProvider().addFeatures([feature])
    layer.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple(
        {"line_color": ",".join(map(str, colour)), "line_width": "0.6"})))
    return layer


@needs_poppler
def test_legend_lists_every_visible_layer_control_layers_first(synthetic_project, tmp_path):
    """Nine visible layers in the map: the legend names each (none cut off by the
    template's frame) and the control layer's entries come first."""
    names = [f"Overlay line {number}" for number in range(1, 9)]
    lines = [line_layer(name, f"LINESTRING(37.01 {48.005 + i * 0.01}, 37.12 {48.005 + i * 0.01})",
                        (20 * i, 60, 200 - 20 * i)) for i, name in enumerate(names)]
    project = QgsProject.instance()
    project.addMapLayers(lines, False)
    root = project.layerTreeRoot()
    for layer in lines:  # drawn above the control layer, as the QA project had them
        root.insertLayer(0, layer)
    result = export(tmp_path, "legend.pdf", DATE="2025-01-01", AREA=synthetic_project["area"])
    text = pdf_text(result["OUTPUT"])
    for name in names + ["Occupied ground"]:
        assert name in text, name
    # every entry inside the legend's frame (202, 77, 87 x 40 mm in the template),
    # none clipped away; the control layer's entry first (top of the first column)
    boxes = subprocess.run(["pdftotext", "-bbox", str(result["OUTPUT"]), "-"], capture_output=True,  # nosec B603
                           text=True, check=True).stdout
    point = 72 / 25.4
    words = [(float(x), float(y_min), float(y_max), word) for x, y_min, y_max, word in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', boxes)]
    in_legend = [w for w in words if 202 * point <= w[0] <= 289 * point and 77 * point <= w[1] <= 117 * point]
    assert sorted(int(w[3]) for w in in_legend if w[3] in set("12345678")) == list(range(1, 9))
    assert all(w[2] <= 117 * point + 0.5 for w in in_legend)
    entries = sorted((round(x), y, word) for x, y, _y_max, word in in_legend
                     if word in ("Overlay", "Control"))
    assert entries[0][2] == "Control" and len(entries) == 9


def test_figures_table_notes_rows_it_cannot_show(qgis_new_project):
    """Forty rows cannot fit the template's table frame: the table says how many
    areas are left out instead of dropping them silently."""
    from situation_mapper.export.layout_builder import SituationLayout, load_template, shipped_template_path

    layout = SituationLayout(load_template(QgsProject.instance(),
                                           shipped_template_path("standard", "A4 landscape"),
                                           A4_LANDSCAPE_MM))
    rows = [[f"Area {n}", "Source A", "1.0 %", "+0.0 points", "10°", "–"] for n in range(40)]
    layout.set_figures(rows)
    contents = layout.figures_table.tableContents()
    frame = layout.layout.itemById("figures_table")
    assert layout.figures_table.totalHeight() <= frame.sizeWithUnits().height() + 0.01
    shown = [row[0].content() for row in contents]
    assert shown[-1].startswith("… ") and shown[-1].endswith(" more areas")
    assert contents[-1][1].content() == "in the Analysis panel"  # read across the row
    hidden = int(shown[-1].split()[1])
    assert hidden == 40 - (len(shown) - 1)
    # a few rows fit as they are: no note
    layout.set_figures(rows[:5])
    assert [row[0].content() for row in layout.figures_table.tableContents()] == [r[0] for r in rows[:5]]


def test_private_copy_keeps_the_layers_time_settings(synthetic_project):
    from situation_mapper.export.layout_builder import shipped_template_path
    from situation_mapper.export.product import MapProduct, ProductSpec, snapshot_project

    copy, clones = snapshot_project(QgsProject.instance())
    clone = clones[synthetic_project["control"].id()]
    assert clone.temporalProperties().isActive()
    assert clone.temporalProperties().startField() == "valid_from"
    feedback = QgsProcessingFeedback()
    messages = []
    feedback.pushInfo = messages.append
    product = MapProduct(copy, ProductSpec(
        output_path="", days=[datetime.date(2025, 1, 1)],
        template_path=shipped_template_path("standard", "A4 landscape")), None, feedback)
    product.prepare()
    product.release()
    assert not [m for m in messages if "had no time settings" in m]


def test_legend_puts_a_group_of_control_layers_first(qgis_new_project):
    """In the live project (layout designer) the control layers sit in a group: the
    group comes first in the legend."""
    from situation_mapper.export.layout_builder import (
        SituationLayout,
        load_template,
        shipped_template_path,
    )

    project = QgsProject.instance()
    control = synthetic_control()
    overlay = line_layer("Overlay on top", "LINESTRING(37.01 48.01, 37.12 48.01)", (0, 0, 200))
    project.addMapLayers([control, overlay], False)
    root = project.layerTreeRoot()
    root.addLayer(overlay)
    root.addGroup("Situation").addLayer(control)
    layout = SituationLayout(load_template(project, shipped_template_path("standard", "A4 landscape"),
                                           A4_LANDSCAPE_MM))
    layout.order_legend([control.id()])
    legend = layout.layout.itemById("legend")
    first = legend.model().rootGroup().children()[0]
    assert first.name() == "Situation"
    assert [n.name() for n in root.children()] == ["Overlay on top", "Situation"]  # project untouched
    project.removeAllMapLayers()

"""Map products an analyst would publish, from the real DeepStateMap data and the
OSM town limits, built without a project (the map is made from CONTROL, AREAS
and CLAIMS) and read back from the PDF (pdftotext, pdftoppm).

Expectations are computed here independently: the town's box with OGR, shares
with QgsDistanceArea on the raw polygons, the scale bar against the scale.
"""

import datetime
import re
import subprocess  # nosec B404 - runs poppler's and QGIS's command-line tools
from pathlib import Path

import pytest
from qgis.core import (
    QgsDistanceArea,
    QgsFeature,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

from conftest import shared_data_path
from test_export_map import needs_poppler, non_white_share, pdf_page_image, pdf_pages, pdf_text
from test_qgis_process import qgis_process, qgis_process_env  # noqa: F401 (a fixture)

TOWNS = "cities/towns_donetsk_front.geojson"
DAY = datetime.date(2025, 11, 20)
REAR = "37.086,48.469 [EPSG:4326]"  # Dobropillia, behind the Ukrainian lines in November 2025
NICE = [step * 10 ** power for power in range(3, 7)
        for step in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5)]
POINT_MM = 25.4 / 72


@pytest.fixture(scope="module")
def store(tmp_path_factory, qgis_app):
    """A store of the real snapshots 2025-11-01 .. 2025-11-20."""
    from support import control_layer_from_files, deepstate_files
    from test_situation_layers import write_control_layer

    files = deepstate_files(shared_data_path(), datetime.date(2025, 11, 1), DAY)
    path = tmp_path_factory.mktemp("products") / "deepstate.gpkg"
    return write_control_layer(control_layer_from_files(files), path)


def town(name):
    layer = QgsVectorLayer(str(shared_data_path() / TOWNS), "towns", "ogr")
    return next(f.geometry() for f in layer.getFeatures() if f["name"] == name)


def as_day(value):
    if value is None or str(value) in ("", "NULL"):
        return None
    if hasattr(value, "toPyDate"):
        return value.toPyDate()
    return datetime.date.fromisoformat(str(value)[:10])


def occupied_on(store, day):
    layer = QgsVectorLayer(f"{store}|layername=control", "control", "ogr")
    for feature in layer.getFeatures():
        start, stop = (as_day(feature[name]) for name in ("valid_from", "valid_to"))
        if start <= day and (stop is None or day < stop):
            return feature.geometry()
    raise AssertionError(f"no snapshot on {day}")


def measured_pct(store, name, day):
    area = QgsDistanceArea()
    area.setEllipsoid("WGS84")
    geometry = town(name)
    return 100.0 * area.measureArea(geometry.intersection(occupied_on(store, day))) / area.measureArea(geometry)


def claims_table(rows):
    layer = QgsVectorLayer("None?field=date:string&field=area:string&field=claimed_pct:double"
                           "&field=who:string", "claims", "memory")
    for row in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes(list(row))
        layer.dataProvider().addFeature(feature)
    return layer


def export(tmp_path, name, store, **parameters):
    import processing

    parameters.setdefault("AREAS", str(shared_data_path() / TOWNS))
    parameters.setdefault("AREA_NAME_FIELD", "name")
    parameters.setdefault("TITLE", "Situation")
    return processing.run("situationmapper:exportmap",
                          dict(parameters, CONTROL=store, OUTPUT=str(tmp_path / name)))


def reading_text(path, page=None):
    """The PDF's words in reading order, one block after another (pdftotext without
    -layout keeps the legend's columns apart), whitespace collapsed."""
    args = ["pdftotext"] + (["-f", str(page), "-l", str(page)] if page else [])
    done = subprocess.run(args + [str(path), "-"], capture_output=True, text=True, check=True)  # nosec B603
    return " ".join(done.stdout.split())


def legend_lines_below(path, first, second):
    """True when the words of ``second`` start right under those of ``first``
    (one line lower, the same left edge within 1.5 pt): two lines of one legend
    heading, whatever stands beside them in another column (pdftotext -bbox)."""
    import re

    done = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,  # nosec B603
                          check=True)
    words = [(float(x0), float(y0), float(y1), text) for x0, y0, y1, text in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', done.stdout)]

    def starts(phrase):
        parts = phrase.split()
        return [words[i] for i in range(len(words) - len(parts) + 1)
                if [w[3] for w in words[i:i + len(parts)]] == parts]

    for x0, y0, y1, _text in starts(first):
        height = y1 - y0
        if any(abs(x - x0) <= 1.5 and 0.5 * height < top - y0 < 2.0 * height for x, top, _b, _t in starts(second)):
            return True
    return False


def extent_of(result):
    return QgsRectangle(*[float(v) for v in result["MAP_EXTENT"].split(",")])


def scale_bar_km_per_mm(path):
    """km per page mm read from the scale bar's labels: '0' and the last number before 'km'."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,  # nosec B603
                           text=True, check=True).stdout
    words = [(float(x0) * POINT_MM, float(y0) * POINT_MM, float(x1) * POINT_MM, word)
             for x0, y0, x1, word in re.findall(
                 r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', boxes)]
    # the shipped A4 landscape template: the bar sits in the map's lower left corner
    bar = [w for w in words if w[0] < 90 and 170 < w[1] < 190]
    zero = next(w for w in bar if w[3] == "0")
    km_index = next(i for i, w in enumerate(bar) if w[3] == "km")
    last = bar[km_index - 1]
    centre = lambda w: (w[0] + w[2]) / 2  # noqa: E731
    return float(last[3]) / (centre(last) - centre(zero))


@needs_poppler
@pytest.mark.slow
def test_pokrovsk_product_without_a_project(provider, qgis_new_project, store, tmp_path):
    claims = claims_table([("2025-11-16", "Pokrovsk", 66, "ISW"),
                           ("2025-10-20", "Pokrovsk", 30, "Older source"),
                           ("2025-11-22", "Pokrovsk", 90, "Later source")])
    result = export(tmp_path, "pokrovsk.pdf", store, FOCUS_AREA="Pokrovsk", DATE=DAY.isoformat(),
                    REAR=REAR, CLAIMS=claims, TITLE="Pokrovsk")
    assert QgsProject.instance().mapLayers() == {}  # built on its own project

    # framed on the town, at a round scale where it reads, never in degrees
    scale = result["MAP_SCALE"]
    assert 25000 <= scale <= 100000 and any(abs(scale - n) < 1e-6 for n in NICE), scale
    extent = extent_of(result)
    assert extent.contains(town("Pokrovsk").boundingBox())
    assert extent.width() < 0.5 and extent.height() < 0.3  # not Kupiansk to Huliaipole
    # the scale bar says the same as the scale: km per mm of paper
    assert scale_bar_km_per_mm(result["OUTPUT"]) == pytest.approx(scale / 1e6, rel=0.03)

    text = pdf_text(result["OUTPUT"])
    flat = " ".join(text.split())
    assert "as of 2025-11-20" in text
    legend = reading_text(result["OUTPUT"])
    # the story: arcs labelled in degrees, the throat, the passage, the front line's date
    assert "Encirclement arcs at 5 km, 2025-11-20" in legend
    assert re.search(r"\b\d{1,3}°", flat)
    assert "Corridor throat, 2025-11-20 (shortest segment across)" in legend
    assert "Friendly passage to the rear, 2025-11-20" in legend
    assert "Occupied (DeepStateMap) front line of 2025-11-20" in legend
    assert "Myrnohrad" in flat  # a place name on the map
    # the figures of the focus area only, and the corridor's two figures told apart
    share = measured_pct(store, "Pokrovsk", DAY)
    assert f"{share:.1f} %" in flat
    for elsewhere in ("Toretsk", "Bakhmut", "Kupiansk"):
        assert elsewhere not in flat
    assert re.search(r"Corridor \d+\.\d\d km wide \(the widest disc that passes\)", flat)
    assert re.search(r"throat \d+\.\d\d km across \(the shortest segment at the narrowest\)", flat)
    # the claim of the last 14 days beside the share measured that day; none other
    claimed_day = measured_pct(store, "Pokrovsk", datetime.date(2025, 11, 16))
    assert f"ISW, 16 Nov: 66 % · DeepStateMap measured: {claimed_day:.1f} %" in flat
    assert "Older source" not in flat and "Later source" not in flat
    # the overview: the country and its regions from QGIS's world map
    assert "Ukraine" in flat and re.search(r"Donets'?k", flat)

    image = pdf_page_image(result["OUTPUT"], tmp_path, dpi=40)
    assert 0.2 < non_white_share(image) < 0.9


@needs_poppler
@pytest.mark.slow
def test_myrnohrad_on_two_days(provider, qgis_new_project, store, tmp_path):
    result = export(tmp_path, "myrnohrad.pdf", store, FOCUS_AREA="myrnohrad",
                    DATES="2025-11-10,2025-11-20", TITLE="Myrnohrad")
    assert pdf_pages(result["OUTPUT"]) == 2
    assert 25000 <= result["MAP_SCALE"] <= 100000
    assert extent_of(result).contains(town("Myrnohrad").boundingBox())
    for page, day in ((1, datetime.date(2025, 11, 10)), (2, DAY)):
        flat = " ".join(pdf_text(result["OUTPUT"], page).split())
        assert f"as of {day.isoformat()}" in flat
        assert f"Encirclement arcs at 5 km, {day.isoformat()}" in reading_text(result["OUTPUT"], page)
        assert f"{measured_pct(store, 'Myrnohrad', day):.1f} %" in flat
        assert "Pokrovsk hromada" not in [row.split("  ")[0] for row in pdf_text(result["OUTPUT"], page).splitlines()]
        assert "throat" not in flat  # no rear point: no corridor


def test_unknown_focus_area_is_a_clear_error(provider, qgis_new_project, store, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="no area named 'Atlantis'"):
        export(tmp_path, "x.pdf", store, FOCUS_AREA="Atlantis", DATE=DAY.isoformat())
    assert not (tmp_path / "x.pdf").exists()


def test_no_project_and_no_control_asks_for_one(provider, qgis_new_project, tmp_path):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    class Errors(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.errors = []

        def reportError(self, error, fatalError=False):  # noqa: N802,N803
            self.errors.append(error)

    feedback = Errors()
    with pytest.raises(QgsProcessingException):
        processing.run("situationmapper:exportmap", {"DATE": DAY.isoformat(),
                                                     "OUTPUT": str(tmp_path / "x.pdf")}, feedback=feedback)
    assert any("give PROJECT" in error and "or CONTROL" in error for error in feedback.errors), feedback.errors


@needs_poppler
@pytest.mark.slow
def test_qgis_process_builds_the_product_from_the_data(store, qgis_process_env, tmp_path):  # noqa: F811
    """qgis_process, no project, no date: the last snapshot, framed on the focus area."""
    output = tmp_path / "headless.pdf"
    qgis_process(qgis_process_env, "run", "situationmapper:exportmap", "--", f"CONTROL={store}",
                 f"AREAS={shared_data_path() / TOWNS}", "AREA_NAME_FIELD=name", "FOCUS_AREA=Pokrovsk",
                 "TITLE=Every morning", f"OUTPUT={output}")
    flat = " ".join(pdf_text(output).split())
    assert "Every morning" in flat and "as of 2025-11-20" in flat
    assert "Encirclement arcs at 5 km, 2025-11-20" in reading_text(output)
    assert f"{measured_pct(store, 'Pokrovsk', DAY):.1f} %" in flat


@needs_poppler
@pytest.mark.slow
def test_two_dates_side_by_side(provider, qgis_new_project, store, tmp_path):
    first = datetime.date(2025, 11, 5)
    result = export(tmp_path, "compare.pdf", store, FOCUS_AREA="Pokrovsk", DATE=DAY.isoformat(),
                    COMPARE_DATE=first.isoformat(), TITLE="Pokrovsk, 5 to 20 November")
    assert pdf_pages(result["OUTPUT"]) == 1
    assert extent_of(result).contains(town("Pokrovsk").boundingBox())
    words = reading_text(result["OUTPUT"])
    assert "A: as of 2025-11-05" in words and "B: as of 2025-11-20" in words
    # the legend's heading of the change layer, its two lines one under the other (a
    # legend in two columns shares its first line with the other column's heading:
    # read with the page's layout, column by column)
    assert legend_lines_below(result["OUTPUT"], "Ground gained and lost,", "2025-11-05 to 2025-11-20")
    # the change beside the figures: km² of the town newly occupied and no longer occupied
    measure = QgsDistanceArea()
    measure.setEllipsoid("WGS84")
    before, after, shape = occupied_on(store, first), occupied_on(store, DAY), town("Pokrovsk")
    gained = measure.measureArea(after.difference(before).intersection(shape)) / 1e6
    lost = measure.measureArea(before.difference(after).intersection(shape)) / 1e6
    assert gained > 1.0  # the November advance into the town
    assert (f"Pokrovsk, occupied since 2025-11-05: {gained:.2f} km² gained, {lost:.2f} km² lost "
            "(DeepStateMap)") in words
    # each map shows its own day: the left map's arcs are of the earlier day
    image = pdf_page_image(result["OUTPUT"], tmp_path, dpi=40)
    assert 0.2 < non_white_share(image) < 0.9


def test_compare_date_must_be_earlier(provider, qgis_new_project, store, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="COMPARE_DATE 2025-11-25 must be earlier"):
        export(tmp_path, "x.pdf", store, FOCUS_AREA="Pokrovsk", DATE=DAY.isoformat(),
               COMPARE_DATE="2025-11-25")

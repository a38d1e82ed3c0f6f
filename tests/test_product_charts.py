"""exportmap's CHART: a chart of front dynamics in the map product, drawn by the
Analysis panel's drawing function, in the PDF (its words read back with
pdftotext) and listed in the receipt. Hand-made cases: two hostile blocks
closing in on a corridor by 40 m a day (widths with pyproj.Geod)."""

import datetime
import json
import math

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer

from test_corridor import LAT0, LON0, aeqd, local_rectangle_wkt
from test_corridor_trend import day, gap_at, geod_gap, two_blocks
from test_encirclement import control_layer
from test_export_map import export, needs_poppler, pdf_pages, pdf_text, set_control_time, synthetic_control

D = datetime.date


def town_layer():
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "Town", "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(local_rectangle_wkt(-1000, -1000, 1000, 1000)))
    feature["name"] = "Town"
    layer.dataProvider().addFeatures([feature])
    return layer


@pytest.fixture()
def corridor_project(provider, qgis_new_project):
    control = control_layer({day(t).isoformat(): two_blocks(gap_at(t)) for t in (0, 10, 20, 30)})
    control.setName("Control (test)")
    set_control_time(control)
    town = town_layer()
    QgsProject.instance().addMapLayers([control, town])
    _forward, inverse = aeqd(LON0, LAT0)
    rear = inverse.transform(0.0, 15000.0)
    yield {"control": control, "town": town, "rear": f"{rear[0]},{rear[1]} [EPSG:4326]"}
    QgsProject.instance().removeAllMapLayers()


@needs_poppler
def test_corridor_chart_is_a_second_page_of_the_pdf_and_in_the_receipt(corridor_project, tmp_path):
    result = export(tmp_path, "corridor.pdf", DATE=day(30).isoformat(), CHART=4, TITLE="Town corridor",
                    CONTROL=corridor_project["control"], AREAS=corridor_project["town"], AREA_NAME_FIELD="name",
                    FOCUS_AREA="Town", REAR=corridor_project["rear"], HANDLING="TEST HANDLING")
    assert pdf_pages(result["OUTPUT"]) == 2
    page = " ".join(pdf_text(result["OUTPUT"], page=2).split())
    assert "Town corridor — Corridor width to the rear, Town, as of 2025-12-01" in page
    assert "extrapolation at the trend of the last 28 days" in page and "not a forecast" in page
    assert "Source: test" in page and "TEST HANDLING" in page
    assert "Corridor width to the rear" not in " ".join(pdf_text(result["OUTPUT"], page=1).split())

    with open(result["OUTPUT"] + ".json", encoding="utf-8") as stream:
        chart = json.load(stream)["figures"]["chart"]
    assert chart["chart"] == "corridor width" and chart["placed"] == "on page 2"
    assert chart["algorithm"] == "situationmapper:corridor" and chart["area"] == "Town"
    # weekly over the twelve weeks before the day, none before the first snapshot (1 Nov)
    assert chart["dates"] == ["2025-11-03", "2025-11-10", "2025-11-17", "2025-11-24", "2025-12-01"]
    (notes,) = [entry["notes"] for entry in chart["days"].values()]
    width = {t: geod_gap(gap_at(t)) for t in (0, 30)}
    trend = (width[30] - width[0]) / 28  # the snapshot of day 30 against that of day 2 (day 0's)
    hand_closure = day(30) + datetime.timedelta(days=math.ceil(width[30] / -trend))
    closure = D.fromisoformat(notes[0].split("zero width around ")[1][:10])
    assert abs((closure - hand_closure).days) <= 1
    assert notes[0].startswith("Corridor {:.2f} km wide on 2025-12-01".format(width[30] / 1000.0))


@needs_poppler
def test_ground_chart_in_an_atlas_marks_each_page_day(provider, qgis_new_project, tmp_path):
    control = synthetic_control()
    QgsProject.instance().addMapLayer(control)
    result = export(tmp_path, "atlas.pdf", DATES="2025-01-01,2025-01-02", CHART=1, CONTROL=control)
    assert pdf_pages(result["OUTPUT"]) == 4  # each day: its map, then its chart
    # the page of 1 January knows no ground change yet (the data starts that day):
    # it does not show the half square lost on 2 January
    first = " ".join(pdf_text(result["OUTPUT"], page=2).split())
    assert "as of 2025-01-01" in first and "for this chart (see the receipt)" in first  # "No figures"
    second = " ".join(pdf_text(result["OUTPUT"], page=4).split())
    assert "Ground gained and lost, all ground, as of 2025-01-02" in second
    with open(result["OUTPUT"] + ".json", encoding="utf-8") as stream:
        chart = json.load(stream)["figures"]["chart"]
    assert sorted(chart["days"]) == ["2025-01-01", "2025-01-02"]
    assert chart["algorithm"] == "situationmapper:territorychange"
    assert not chart["days"]["2025-01-01"]["series"].get("periods")
    # the page of 2 January: its month from 1 January up to its day, no later
    assert chart["days"]["2025-01-02"]["series"]["periods"] == [["2025-01-01", "2025-01-02"]]


@needs_poppler
def test_ground_chart_of_hand_made_months(provider, qgis_new_project, tmp_path):
    from test_territory_change import S1, S2, S3, changes_km2, hand_control, ogr_of

    control = hand_control()
    control.setSubsetString("source = 'A'")
    set_control_time(control)
    QgsProject.instance().addMapLayer(control)
    result = export(tmp_path, "ground.pdf", DATE="2025-03-20", CHART=1, CONTROL=control)
    assert "Ground gained and lost, all ground, as of 2025-03-20" in " ".join(
        pdf_text(result["OUTPUT"], page=2).split())
    with open(result["OUTPUT"] + ".json", encoding="utf-8") as stream:
        chart = json.load(stream)["figures"]["chart"]
    series = chart["days"]["2025-03-20"]["series"]
    # January: the first snapshot (10 Jan) is after its start, no figures (0, shaded);
    # February: S1 on 1 Feb to S2 on 1 Mar; March: S2 on 1 Mar to S3 on 1 Apr (OGR differences)
    assert [start for start, _end in series["periods"]] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    _b, _a, feb_gained, feb_lost = changes_km2(ogr_of(S1), ogr_of(S2))
    _b, _a, mar_gained, mar_lost = changes_km2(ogr_of(S2), ogr_of(S3))
    assert series["gained_km2"] == pytest.approx([0.0, feb_gained, mar_gained], rel=1e-4)
    assert series["lost_km2"] == pytest.approx([0.0, feb_lost, mar_lost], rel=1e-4, abs=1e-9)
    notes = chart["days"]["2025-03-20"]["notes"]
    # the product is of 20 March: its March ends on its day, not on 1 April
    assert series["periods"][-1] == ["2025-03-01", "2025-03-20"]
    assert notes[0] == "{:.1f} km² gained, {:.1f} km² lost from 2025-02-01 to 2025-03-20".format(
        feb_gained + mar_gained, feb_lost + mar_lost)
    assert "1 period(s) without figures" in notes[1]


def test_a_png_product_leaves_the_chart_out_and_says_so(provider, qgis_new_project, tmp_path):
    control = synthetic_control()
    QgsProject.instance().addMapLayer(control)
    result = export(tmp_path, "day.png", DATE="2025-01-02", CHART=1, CONTROL=control)
    with open(result["OUTPUT"] + ".json", encoding="utf-8") as stream:
        chart = json.load(stream)["figures"]["chart"]
    assert chart["placed"].startswith("not placed: only a PDF has a second page")


def test_a_chart_that_cannot_be_measured_is_a_note(provider, qgis_new_project, tmp_path):
    control = synthetic_control()
    QgsProject.instance().addMapLayer(control)
    result = export(tmp_path, "day.pdf", DATE="2025-01-02", CHART=4, CONTROL=control)  # no AREAS, no REAR
    with open(result["OUTPUT"] + ".json", encoding="utf-8") as stream:
        figures = json.load(stream)["figures"]
    assert figures["chart"] is None
    assert any(note.startswith("Chart (corridor width): not drawn") for note in figures["not_available"])


def test_a_template_chart_item_holds_the_chart(provider, tmp_path):
    from qgis.core import QgsLayoutItemPicture, QgsLayoutItemShape, QgsLayoutPoint, QgsLayoutSize, \
        QgsPrintLayout, QgsUnitTypes

    from situation_mapper.export.charts_layout import ChartPlacement
    from situation_mapper.export.charts_product import CHART_DISTANCE, ProductChartFigures

    project = QgsProject()
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    spot = QgsLayoutItemShape(layout)
    spot.setId("chart")
    layout.addLayoutItem(spot)
    spot.attemptMove(QgsLayoutPoint(200, 120, QgsUnitTypes.LayoutMillimeters))
    spot.attemptResize(QgsLayoutSize(90, 60, QgsUnitTypes.LayoutMillimeters))
    rows = [{"date": D(2025, 11, 1), "target": "Near", "source": "S", "distance_km": 4.0},
            {"date": D(2025, 11, 8), "target": "Near", "source": "S", "distance_km": 3.0}]
    chart = ProductChartFigures(CHART_DISTANCE, rows=rows, second_page=False)
    placement = ChartPlacement(layout, chart)
    assert layout.pageCollection().pageCount() == 1 and not spot.isVisible()
    assert placement.show_day(D(2025, 11, 8)) == ""
    picture = layout.itemById("chart_picture")
    assert isinstance(picture, QgsLayoutItemPicture) and picture.picturePath().endswith("2025-11-08.svg")
    size = layout.convertToLayoutUnits(picture.sizeWithUnits())
    assert (size.width(), size.height()) == pytest.approx((90, 60))
    assert chart.placed == "in the template's item 'chart'"
    assert chart.drawings[D(2025, 11, 8)].series == {"Near": [(D(2025, 11, 1), 4.0), (D(2025, 11, 8), 3.0)]}
    assert chart.drawings[D(2025, 11, 8)].notes == ["Near: 3.0 km on 2025-11-08"]
    placement.release()


def aeqd_centroid(geometry_json):
    """The centroid of a (multi)polygon computed in an aeqd projection centred on
    its vertices' mean (pyproj + the shoelace formula), back in degrees."""
    from pyproj import Transformer

    polygons = geometry_json["coordinates"] if geometry_json["type"] == "MultiPolygon" else \
        [geometry_json["coordinates"]]
    vertices = [point for polygon in polygons for point in polygon[0]]
    lon0 = sum(p[0] for p in vertices) / len(vertices)
    lat0 = sum(p[1] for p in vertices) / len(vertices)
    proj = f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +ellps=WGS84 +units=m"
    forward = Transformer.from_crs("EPSG:4326", proj, always_xy=True)
    inverse = Transformer.from_crs(proj, "EPSG:4326", always_xy=True)
    total = cx = cy = 0.0
    for polygon in polygons:
        for number, ring in enumerate(polygon):
            xs, ys = forward.transform([p[0] for p in ring], [p[1] for p in ring])
            area = sum(x0 * y1 - x1 * y0 for x0, y0, x1, y1 in zip(xs, ys, xs[1:], ys[1:])) / 2.0
            sign = 1.0 if number == 0 else -1.0  # holes taken away
            area = sign * abs(area)
            part_x = sum((x0 + x1) * (x0 * y1 - x1 * y0) for x0, y0, x1, y1 in zip(xs, ys, xs[1:], ys[1:]))
            part_y = sum((y0 + y1) * (x0 * y1 - x1 * y0) for x0, y0, x1, y1 in zip(xs, ys, xs[1:], ys[1:]))
            orientation = 1.0 if sum(x0 * y1 - x1 * y0 for x0, y0, x1, y1 in zip(xs, ys, xs[1:], ys[1:])) > 0 \
                else -1.0
            cx += sign * orientation * part_x / 6.0
            cy += sign * orientation * part_y / 6.0
            total += area
    return inverse.transform(cx / total, cy / total)


@pytest.mark.slow
@pytest.mark.shared_data
@needs_poppler
def test_real_distance_chart_of_four_towns(provider, qgis_new_project, tmp_path):
    from conftest import shared_data_path
    from support import control_layer_from_files, deepstate_files, towns_layer
    from test_front_distance import _rings, expected_nearest

    from situation_mapper.core.snapshot_dates import date_from_file_name

    shared = shared_data_path()
    last = D(2025, 11, 20)
    files = deepstate_files(shared, D(2025, 9, 25), last)[::-7][::-1]  # weekly, ending on the 20th
    if not files or date_from_file_name(files[-1].name) != last:
        pytest.skip("the autumn 2025 DeepStateMap files are missing")
    control = control_layer_from_files(files)
    control.setName("Occupied (DeepStateMap)")
    set_control_time(control)
    towns = towns_layer(shared)
    towns.setSubsetString("level = 'settlement'")
    QgsProject.instance().addMapLayers([control, towns])
    result = export(tmp_path, "distance.pdf", DATE=last.isoformat(), CHART=3, CONTROL=control, AREA=towns,
                    AREAS=towns, AREA_NAME_FIELD="name", TITLE="Donetsk front")
    page = " ".join(pdf_text(result["OUTPUT"], page=2).split())
    assert "Donetsk front — Distance to the front, as of 2025-11-20" in page
    with open(result["OUTPUT"] + ".json", encoding="utf-8") as stream:
        chart = json.load(stream)["figures"]["chart"]
    shown = chart["days"]["2025-11-20"]
    assert sorted(shown["series"]) == ["Bakhmut", "Myrnohrad", "Pokrovsk", "Toretsk"]
    geometries = {f["properties"]["name"]: f["geometry"] for f in
                  json.loads((shared / "cities" / "towns_donetsk_front.geojson").read_text())["features"]
                  if f["properties"].get("level") == "settlement"}
    rings = _rings(files[-1])
    checked = 0
    for town, points in shown["series"].items():
        assert points[-1][0] == "2025-11-20"
        if points[-1][1] == 0.0:
            continue  # inside hostile ground
        lon, lat = aeqd_centroid(geometries[town])
        distance, _azimuth, _lon, _lat = expected_nearest(rings, lon, lat)
        assert points[-1][1] * 1000.0 == pytest.approx(distance, abs=20.0), town
        assert f"{town}: {points[-1][1]:.1f} km on 2025-11-20" in " ".join(shown["notes"])
        checked += 1
    assert checked >= 2


def iso_dates(value):
    """Every ISO date text anywhere in a receipt's chart series."""
    if isinstance(value, dict):
        return [d for item in value.values() for d in iso_dates(item)]
    if isinstance(value, list):
        return [d for item in value for d in iso_dates(item)]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return [value]
    return []


@needs_poppler
def test_each_atlas_page_charts_only_what_was_known_on_its_day(corridor_project, tmp_path):
    """A dated page never draws figures of a later day: the corridor page of day
    10 stops at day 10 although the atlas runs to day 30."""
    result = export(tmp_path, "corridor_atlas.pdf", DATES=f"{day(10).isoformat()},{day(30).isoformat()}",
                    CHART=4, CONTROL=corridor_project["control"], AREAS=corridor_project["town"],
                    AREA_NAME_FIELD="name", FOCUS_AREA="Town", REAR=corridor_project["rear"])
    with open(result["OUTPUT"] + ".json", encoding="utf-8") as stream:
        chart = json.load(stream)["figures"]["chart"]
    for shown in (day(10), day(30)):
        measured = iso_dates(chart["days"][shown.isoformat()]["series"]["width_km"])
        assert measured and max(measured) == shown.isoformat(), (shown, max(measured))


def test_rows_known_on_a_day():
    from situation_mapper.export.charts_product import CHART_GROUND, CHART_SHARE, ProductChartFigures

    share = ProductChartFigures(CHART_SHARE, rows=[{"date": D(2025, 11, d), "occupied_pct": d} for d in (1, 5, 9)])
    assert [r["date"].day for r in share.rows_for(D(2025, 11, 5))] == [1, 5]
    assert len(share.rows_for(None)) == 3
    months = [{"period_start": D(2025, m, 1), "period_end": D(2025, m + 1, 1)} for m in (8, 9, 10)]
    partial = [{"period_start": D(2025, 11, 1), "period_end": D(2025, 11, 20)}]
    ground = ProductChartFigures(CHART_GROUND, rows=months, month_rows={D(2025, 11, 20): partial})
    assert ground.rows_for(D(2025, 11, 20)) == months + partial
    assert ground.rows_for(D(2025, 10, 15)) == months[:2]  # October not ended yet, no rows of its own

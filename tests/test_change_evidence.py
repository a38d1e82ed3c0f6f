"""situationmapper:changeevidence on hand-made control squares and events
(distances computed independently with pyproj.Geod), events read from a
GeoPackage or a PostGIS store (eventsummary too), and on the real DeepStateMap
data near Pokrovsk (the hand-placed events checked against the raw files with OGR)."""

import datetime
import os
import sys

import pytest
from pyproj import Geod
from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

sys.path.insert(0, os.path.dirname(__file__))
from test_import_snapshots import RecordingFeedback, run_import  # noqa: E402
from test_snapshot_front_changes import box_wkt, control_layer  # noqa: E402
from test_postgis_import import BACKENDS, store_location  # noqa: E402,F401
from test_postgis_store import pg_location, pg_schema, postgis_server  # noqa: E402,F401

GEOD = Geod(ellps="WGS84")
D = datetime.date
UTC = datetime.timezone.utc


def control():
    """Occupied (source A): 37.0..37.2 from 18 Nov, 37.05..37.3 from 20 Nov (48.0..48.1):
    37.2..37.3 gained, 37.0..37.05 lost between 18 and 21 Nov."""
    return control_layer([
        (box_wkt(37.0, 48.0, 37.2, 48.1), D(2025, 11, 18), D(2025, 11, 20), "occupied", "A"),
        (box_wkt(37.05, 48.0, 37.3, 48.1), D(2025, 11, 20), None, "occupied", "A"),
    ])


EAST_1900 = GEOD.fwd(37.3, 48.05, 90.0, 1900.0)[:2]  # 1,900 m east of the gained square's east edge
EAST_2100 = GEOD.fwd(37.3, 48.05, 90.0, 2100.0)[:2]

# (name, lon, lat, day, type, verification, source, url)
EVENTS = [
    ("inside", 37.25, 48.05, D(2025, 11, 19), "strike", "confirmed", "S1", "https://example.org/1"),
    ("inside, last day", 37.26, 48.04, D(2025, 11, 21), "infiltration", "claimed", "S2", "https://example.org/2"),
    ("1900 m", EAST_1900[0], EAST_1900[1], D(2025, 11, 20), "flag_raised", "unverified", "S1",
     "https://example.org/1"),
    ("2100 m", EAST_2100[0], EAST_2100[1], D(2025, 11, 20), "strike", "confirmed", "S4", "https://example.org/4"),
    ("before the days", 37.25, 48.06, D(2025, 11, 10), "strike", "confirmed", "S5", "https://example.org/5"),
    ("lost ground", 37.02, 48.05, D(2025, 11, 20), "drone_sighting", "", "S6", ""),
    ("on the boundary", 37.3, 48.07, D(2025, 11, 18), "assault", "refuted", "S3", ""),
    ("day before A", 37.27, 48.05, D(2025, 11, 17), "group_eliminated", "claimed", "S7", ""),
]


def events_layer(events=EVENTS):
    layer = QgsVectorLayer(
        "Point?crs=EPSG:4326&field=name:string&field=event_day:date&field=type:string"
        "&field=verification:string&field=source:string&field=url:string", "events", "memory")
    features = []
    for name, lon, lat, day, event_type, verification, source, url in events:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(f"POINT ({lon!r} {lat!r})"))
        feature.setAttributes([name, day.isoformat(), event_type, verification, source, url])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def run(**params):
    import processing

    params.setdefault("OUTPUT", "memory:")
    return processing.run("situationmapper:changeevidence", params, feedback=RecordingFeedback())


def by_kind(layer):
    return {f["change"]: f for f in layer.getFeatures()}


def test_the_distances_in_the_test_are_what_they_say():
    # independent of the plugin: the points lie due east of the meridian edge
    assert GEOD.inv(37.3, 48.05, *EAST_1900)[2] == pytest.approx(1900.0, abs=1e-6)
    assert GEOD.inv(37.3, 48.05, *EAST_2100)[2] == pytest.approx(2100.0, abs=1e-6)
    assert 48.0 < EAST_1900[1] < 48.1 and 48.0 < EAST_2100[1] < 48.1


def test_counts_sources_and_links_by_hand(provider):
    events = events_layer()
    result = run(CONTROL=control(), EVENTS=events, DATE_A="2025-11-18", DATE_B="2025-11-21",
                 EVENT_LINKS="memory:")
    changes = by_kind(result["OUTPUT"])
    assert set(changes) == {"gained", "lost"}
    gained, lost = changes["gained"], changes["lost"]
    assert gained.geometry().boundingBox().xMinimum() == pytest.approx(37.2, abs=1e-9)
    assert gained["events_from"].toPyDate() == D(2025, 11, 18)
    assert gained["events_to"].toPyDate() == D(2025, 11, 21)
    # inside, inside on the last day, at 1,900 m, on the boundary; not 2,100 m, not the 10th, not the 17th
    assert gained["event_count"] == 4
    assert (gained["count_strike"], gained["count_infiltration"], gained["count_flag_raised"],
            gained["count_assault"], gained["count_group_eliminated"], gained["count_force_estimate"],
            gained["count_other"], gained["count_other_types"]) == (1, 1, 1, 1, 0, 0, 0, 0)
    assert (gained["count_confirmed"], gained["count_claimed"], gained["count_unverified"],
            gained["count_refuted"], gained["count_other_verifications"]) == (1, 1, 1, 1, 0)
    assert gained["event_sources"] == "S1; S2; S3"
    assert gained["event_urls"] == "https://example.org/1; https://example.org/2"
    assert lost["event_count"] == 1
    assert lost["count_other_types"] == 1 and lost["count_unverified"] == 1  # empty verification
    assert lost["event_sources"] == "S6" and lost["event_urls"] == ""
    assert result["LINKED"] == 5 and result["UNLINKED"] == 1  # the 2,100 m strike

    links = sorted((f["type"], f["change_kind"], f["change_id"], f["distance_m"])
                   for f in result["EVENT_LINKS"].getFeatures())
    ids = {kind: feature["change_id"] for kind, feature in changes.items()}
    assert [link[:3] for link in links] == sorted([
        ("strike", "gained", ids["gained"]), ("infiltration", "gained", ids["gained"]),
        ("flag_raised", "gained", ids["gained"]), ("assault", "gained", ids["gained"]),
        ("drone_sighting", "lost", ids["lost"])])
    distances = {link[0]: link[3] for link in links}
    assert distances["flag_raised"] == pytest.approx(1900.0, abs=1.0)
    assert distances["strike"] == 0 and distances["assault"] == 0 and distances["drone_sighting"] == 0
    for feature in result["EVENT_LINKS"].getFeatures():
        assert feature.geometry().asPoint().x() > 37.0


def test_days_before_the_second_date(provider):
    events = events_layer()
    result = run(CONTROL=control(), EVENTS=events, DATE_A="2025-11-18", DATE_B="2025-11-21", DAYS=5)
    gained = by_kind(result["OUTPUT"])["gained"]
    # 16..21 Nov: the 17th's group_eliminated joins; the 10th stays out
    assert gained["event_count"] == 5 and gained["count_group_eliminated"] == 1
    assert gained["events_from"].toPyDate() == D(2025, 11, 16)
    assert "EVENT_LINKS" not in result  # not asked for: not made
    result = run(CONTROL=control(), EVENTS=events, DATE_A="2025-11-18", DATE_B="2025-11-21", DAYS=0)
    gained = by_kind(result["OUTPUT"])["gained"]
    assert gained["event_count"] == 1 and gained["count_infiltration"] == 1


def test_distance_parameter_reaches_the_2100_m_event(provider):
    result = run(CONTROL=control(), EVENTS=events_layer(), DATE_A="2025-11-18", DATE_B="2025-11-21",
                 DISTANCE_M=2200, EVENT_LINKS="memory:")
    gained = by_kind(result["OUTPUT"])["gained"]
    assert gained["event_count"] == 5
    far = [f["distance_m"] for f in result["EVENT_LINKS"].getFeatures() if f["source"] == "S4"]
    assert far == [pytest.approx(2100.0, abs=1.0)]


def test_events_from_a_store(provider, tmp_path):
    from situation_mapper import store

    path = str(tmp_path / "events.gpkg")
    store.create(path)
    update = store.open_update(path)
    # 2025-11-18T23:30-02:00 is 19 Nov 01:30 UTC: inside the days; 17 Nov 23:00 UTC is not
    for lon, lat, time, key in ((37.25, 48.05, datetime.datetime(2025, 11, 19, 1, 30, tzinfo=UTC), "a"),
                                (37.25, 48.05, datetime.datetime(2025, 11, 17, 23, 0, tzinfo=UTC), "b")):
        update.add_row("events", QgsGeometry.fromWkt(f"POINT ({lon} {lat})"), {
            "event_time": time, "event_day": time.date(), "type": "strike", "verification": "confirmed",
            "source": "store", "event_key": key})
    update.commit()
    result = run(CONTROL=control(), EVENTS=path, DATE_A="2025-11-18", DATE_B="2025-11-21")
    gained = by_kind(result["OUTPUT"])["gained"]
    assert gained["event_count"] == 1 and gained["event_sources"] == "store"


# -- real data ------------------------------------------------------------------------------
POKROVSK_EVENTS = [(37.1869, 48.2430), (37.19, 48.24), (37.195, 48.235)]


def _raw_union(path):
    from osgeo import ogr

    dataset = ogr.Open(str(path))
    union = None
    for feature in dataset.GetLayer(0):
        geometry = feature.GetGeometryRef().Clone()
        union = geometry if union is None else union.Union(geometry)
    return union


@pytest.mark.shared_data
def test_real_gained_ground_near_pokrovsk(provider, tmp_path):
    from osgeo import ogr

    from conftest import shared_data_path
    from support import deepstate_files

    shared = shared_data_path()
    files = deepstate_files(shared, D(2025, 11, 5), D(2025, 11, 5)) + \
        deepstate_files(shared, D(2025, 11, 20), D(2025, 11, 20))
    assert len(files) == 2
    before, after = _raw_union(files[0]), _raw_union(files[1])
    for lon, lat in POKROVSK_EVENTS:  # held on the 20th, not on the 5th: gained ground
        point = ogr.CreateGeometryFromWkt(f"POINT ({lon} {lat})")
        assert after.Contains(point) and not before.Contains(point)
    store_path = tmp_path / "store.gpkg"
    run_import([str(f) for f in files], store_path, SOURCE="DeepStateMap")

    rows = [(f"e{n}", lon, lat, D(2025, 11, 8 + n), kind, verification, f"src{n % 2}", f"https://example.org/{n}")
            for n, ((lon, lat), kind, verification) in enumerate(zip(
                POKROVSK_EVENTS, ("infiltration", "flag_raised", "infiltration"),
                ("claimed", "confirmed", "unverified")))]
    rows.append(("Kyiv", 30.52, 50.45, D(2025, 11, 10), "strike", "confirmed", "far", ""))
    result = run(CONTROL=str(store_path), EVENTS=events_layer(rows), DATE_A="2025-11-05",
                 DATE_B="2025-11-20", PARTS=True, EVENT_LINKS="memory:")
    changes = list(result["OUTPUT"].getFeatures())
    gained = [f for f in changes if f["change"] == "gained"]
    assert len(gained) > 3 and len({f["change_id"] for f in changes}) == len(changes)
    (part,) = [f for f in gained if f["event_count"] > 0]
    assert part["event_count"] == 3
    assert (part["count_infiltration"], part["count_flag_raised"]) == (2, 1)
    assert (part["count_claimed"], part["count_confirmed"], part["count_unverified"]) == (1, 1, 1)
    assert part["event_sources"] == "src0; src1"
    assert part.geometry().contains(QgsGeometry.fromWkt("POINT (37.1869 48.2430)"))
    links = list(result["EVENT_LINKS"].getFeatures())
    assert sorted(f["distance_m"] for f in links) == [0, 0, 0]
    assert {f["change_id"] for f in links} == {part["change_id"]}
    assert result["LINKED"] == 3 and result["UNLINKED"] == 1
    # the parts add up to what `changes` reports
    import processing

    totals = processing.run("situationmapper:changes", {
        "CONTROL": str(store_path), "DATE_A": "2025-11-05", "DATE_B": "2025-11-20", "OUTPUT": "memory:"})
    assert sum(f["area_km2"] for f in gained) == pytest.approx(totals["GAINED_KM2"], rel=1e-6)


# -- either backend -----------------------------------------------------------------------


def test_events_from_a_geopackage_or_postgis_store(provider, store_location):  # noqa: F811
    import processing

    from situation_mapper import store

    store.create(store_location)
    update = store.open_update(store_location)
    for n, (lon, lat, day, event_type) in enumerate((
            (37.25, 48.05, D(2025, 11, 19), "strike"), (37.26, 48.06, D(2025, 11, 20), "strike"),
            (37.02, 48.05, D(2025, 11, 20), "assault"), (37.25, 48.05, D(2025, 11, 10), "strike"))):
        update.add_row("events", QgsGeometry.fromWkt(f"POINT ({lon} {lat})"), {
            "event_time": datetime.datetime(day.year, day.month, day.day, 12, tzinfo=UTC), "event_day": day,
            "type": event_type, "verification": "confirmed", "source": f"s{n}", "event_key": str(n)})
    update.commit()

    result = run(CONTROL=control(), EVENTS=store_location, DATE_A="2025-11-18", DATE_B="2025-11-21")
    changes = by_kind(result["OUTPUT"])
    assert (changes["gained"]["event_count"], changes["gained"]["count_strike"]) == (2, 2)
    assert changes["gained"]["event_sources"] == "s0; s1"
    assert (changes["lost"]["event_count"], changes["lost"]["count_assault"]) == (1, 1)

    summary = processing.run("situationmapper:eventsummary", {
        "EVENTS": store_location, "PERIOD": 2, "TABLE": "memory:"})
    assert sorted((f["type"], f["count"]) for f in summary["TABLE"].getFeatures()) == [
        ("assault", 1), ("strike", 3)]


def test_missing_dates_or_events_are_refused(provider, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="no situation store"):
        run(CONTROL=control(), EVENTS=str(tmp_path / "missing.gpkg"), DATE_A="2025-11-18",
            DATE_B="2025-11-21")
    with pytest.raises(QgsProcessingException):
        run(CONTROL=control(), EVENTS=events_layer(), DATE_A="2025-11-18", DATE_B="2025-11-21", DAYS=-1)

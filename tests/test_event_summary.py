"""Period bucketing (core/periods.py) and situationmapper:eventsummary on
hand-made events with known counts: a boundary point, the last day of a week and
a month, Sunday against Monday, an event given in another time zone, filters, and
a store location as EVENTS."""

import datetime

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QDateTime, QDate, QTime, Qt

D = datetime.date
UTC = datetime.timezone.utc


# -- core/periods ---------------------------------------------------------------
def test_iso_week_runs_monday_to_sunday():
    from situation_mapper.core.periods import period_of

    # 2025-11-30 is a Sunday, 2025-12-01 a Monday (checked by weekday below)
    assert D(2025, 11, 30).isoweekday() == 7 and D(2025, 12, 1).isoweekday() == 1
    assert period_of(D(2025, 11, 30), "week") == (D(2025, 11, 24), D(2025, 11, 30))
    assert period_of(D(2025, 11, 24), "week") == (D(2025, 11, 24), D(2025, 11, 30))
    assert period_of(D(2025, 12, 1), "week") == (D(2025, 12, 1), D(2025, 12, 7))
    # a week across a year end
    assert period_of(D(2026, 1, 1), "week") == (D(2025, 12, 29), D(2026, 1, 4))


def test_months_and_days():
    from situation_mapper.core.periods import period_of

    assert period_of(D(2025, 11, 30), "month") == (D(2025, 11, 1), D(2025, 11, 30))
    assert period_of(D(2025, 12, 31), "month") == (D(2025, 12, 1), D(2025, 12, 31))
    assert period_of(D(2024, 2, 10), "month") == (D(2024, 2, 1), D(2024, 2, 29))
    assert period_of(D(2025, 2, 28), "month") == (D(2025, 2, 1), D(2025, 2, 28))
    assert period_of(D(2025, 7, 4), "day") == (D(2025, 7, 4), D(2025, 7, 4))
    with pytest.raises(ValueError):
        period_of(D(2025, 7, 4), "fortnight")


def test_periods_between_keeps_the_gaps():
    from situation_mapper.core.periods import periods_between

    assert periods_between(D(2025, 11, 30), D(2025, 12, 9), "week") == [
        (D(2025, 11, 24), D(2025, 11, 30)), (D(2025, 12, 1), D(2025, 12, 7)),
        (D(2025, 12, 8), D(2025, 12, 14))]
    assert periods_between(D(2025, 11, 15), D(2026, 1, 2), "month") == [
        (D(2025, 11, 1), D(2025, 11, 30)), (D(2025, 12, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2026, 1, 31))]
    assert periods_between(D(2025, 1, 2), D(2025, 1, 1), "day") == []


def test_utc_day_of_a_time_in_another_zone():
    from situation_mapper.core.periods import utc_day

    minus_two = datetime.timezone(datetime.timedelta(hours=-2))
    assert utc_day(datetime.datetime(2025, 11, 30, 23, 30, tzinfo=minus_two)) == D(2025, 12, 1)
    assert utc_day(datetime.datetime(2025, 12, 1, 1, 30)) == D(2025, 12, 1)  # naive: UTC
    assert utc_day(D(2025, 12, 1)) == D(2025, 12, 1)
    assert utc_day(None) is None


# -- hand-made events -------------------------------------------------------------------
SQUARE_A = "Polygon ((37.0 48.0, 37.1 48.0, 37.1 48.1, 37.0 48.1, 37.0 48.0))"
SQUARE_B = "Polygon ((37.1 48.0, 37.2 48.0, 37.2 48.1, 37.1 48.1, 37.1 48.0))"


def areas_layer():
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "areas", "memory")
    features = []
    for name, wkt in (("A", SQUARE_A), ("B", SQUARE_B)):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature["name"] = name
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


# (lon, lat, UTC event time, type, verification, strength)
EVENTS = [
    (37.05, 48.05, datetime.datetime(2025, 11, 24, 8, 0, tzinfo=UTC), "strike", "confirmed", 2),       # A, Monday
    (37.05, 48.06, datetime.datetime(2025, 11, 30, 22, 0, tzinfo=UTC), "strike", "confirmed", 3),      # A, Sunday
    (37.06, 48.05, datetime.datetime(2025, 12, 1, 0, 10, tzinfo=UTC), "strike", "claimed", None),      # A, Monday
    (37.1, 48.05, datetime.datetime(2025, 11, 28, 12, 0, tzinfo=UTC), "infiltration", "claimed", 5),   # A and B edge
    (37.15, 48.05, datetime.datetime(2025, 11, 30, 23, 59, tzinfo=UTC), "assault", "unverified", 1),   # B, last of month
    # 2025-11-30T23:30-02:00 is 2025-12-01T01:30Z: it counts on 1 December
    (37.15, 48.06, datetime.datetime(2025, 12, 1, 1, 30, tzinfo=UTC), "flag_raised", "confirmed", None),
    (37.5, 48.5, datetime.datetime(2025, 11, 26, 9, 0, tzinfo=UTC), "strike", "refuted", 7),           # in no area
]


def event_store(path, events=EVENTS):
    from situation_mapper import store

    store.create(str(path))
    update = store.open_update(str(path))
    for lon, lat, time, event_type, verification, strength in events:
        update.add_row("events", QgsGeometry.fromWkt(f"POINT ({lon} {lat})"), {
            "event_time": time, "event_day": time.astimezone(UTC).date(), "type": event_type,
            "side": "hostile", "source": "test", "verification": verification, "strength": strength,
            "event_key": f"{lon} {lat} {time.isoformat()} {event_type}"})
    update.commit()
    return str(path)


def run_summary(**params):
    import processing

    params.setdefault("TABLE", "memory:")
    result = processing.run("situationmapper:eventsummary", params)
    rows = sorted((f["period_start"].toPyDate(), f["period_end"].toPyDate(), f["area"], f["type"],
                   f["verification"], f["count"], f["strength_sum"]) for f in result["TABLE"].getFeatures())
    return result, rows


def test_weeks_by_area_with_an_event_on_the_boundary(provider, tmp_path):
    path = event_store(tmp_path / "events.gpkg")
    result, rows = run_summary(EVENTS=path, AREAS=areas_layer(), AREA_NAME_FIELD="name", PERIOD=1)
    week1, week1_end = D(2025, 11, 24), D(2025, 11, 30)
    week2, week2_end = D(2025, 12, 1), D(2025, 12, 7)
    assert rows == sorted([
        (week1, week1_end, "A", "infiltration", "claimed", 1, 5),   # on the shared edge: in A ...
        (week1, week1_end, "A", "strike", "confirmed", 2, 5),       # Monday and Sunday: one week
        (week1, week1_end, "B", "assault", "unverified", 1, 1),
        (week1, week1_end, "B", "infiltration", "claimed", 1, 5),   # ... and in B
        (week2, week2_end, "A", "strike", "claimed", 1, 0),         # the next Monday: next week
        (week2, week2_end, "B", "flag_raised", "confirmed", 1, 0),  # 23:30 at UTC-2: 1 December
    ])
    assert result["COUNTED"] == 6  # the refuted strike lies in no area


def test_months_without_areas(provider, tmp_path):
    path = event_store(tmp_path / "events.gpkg")
    _, rows = run_summary(EVENTS=path, PERIOD=2)
    november, december = (D(2025, 11, 1), D(2025, 11, 30)), (D(2025, 12, 1), D(2025, 12, 31))
    assert rows == sorted([
        november + ("", "assault", "unverified", 1, 1),  # 23:59 UTC on the 30th: still November
        november + ("", "infiltration", "claimed", 1, 5),
        november + ("", "strike", "confirmed", 2, 5),
        november + ("", "strike", "refuted", 1, 7),
        december + ("", "flag_raised", "confirmed", 1, 0),
        december + ("", "strike", "claimed", 1, 0),
    ])


def test_days_dates_types_and_verifications(provider, tmp_path):
    path = event_store(tmp_path / "events.gpkg")
    _, rows = run_summary(EVENTS=path, PERIOD=0, DATES="2025-11-30..2025-12-01",
                          TYPES="strike, flag_raised", VERIFICATIONS="confirmed,claimed")
    assert rows == [
        (D(2025, 11, 30), D(2025, 11, 30), "", "strike", "confirmed", 1, 3),
        (D(2025, 12, 1), D(2025, 12, 1), "", "flag_raised", "confirmed", 1, 0),
        (D(2025, 12, 1), D(2025, 12, 1), "", "strike", "claimed", 1, 0),
    ]
    _, rows = run_summary(EVENTS=path, PERIOD=1, TYPES="STRIKE")
    assert [(r[0], r[4], r[5]) for r in rows] == [
        (D(2025, 11, 24), "confirmed", 2), (D(2025, 11, 24), "refuted", 1), (D(2025, 12, 1), "claimed", 1)]


def memory_events(rows):
    """A memory events layer: rows of (lon, lat, event_time QDateTime, event_day, type, verification)."""
    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=event_time:datetime&field=event_day:date"
                           "&field=type:string&field=verification:string&field=strength:integer",
                           "events", "memory")
    features = []
    for lon, lat, time, day, event_type, verification in rows:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(f"POINT ({lon} {lat})"))
        feature.setAttributes([time, day, event_type, verification, None])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def test_a_time_with_an_offset_counts_on_its_utc_day(provider):
    # no event_day: the day comes from event_time, converted to UTC
    minus_two = QDateTime(QDate(2025, 11, 30), QTime(23, 30), Qt.OffsetFromUTC, -2 * 3600)
    sunday_utc = QDateTime(QDate(2025, 11, 30), QTime(22, 0), Qt.UTC)
    layer = memory_events([(37.05, 48.05, minus_two, None, "strike", "confirmed"),
                           (37.05, 48.05, sunday_utc, None, "", "")])
    _, rows = run_summary(EVENTS=layer, PERIOD=0)
    assert rows == [(D(2025, 11, 30), D(2025, 11, 30), "", "other", "unverified", 1, 0),
                    (D(2025, 12, 1), D(2025, 12, 1), "", "strike", "confirmed", 1, 0)]


def test_an_event_without_a_date_is_reported_not_counted(provider):
    from test_import_snapshots import RecordingFeedback

    import processing

    layer = memory_events([(37.05, 48.05, None, None, "strike", "confirmed"),
                           (37.05, 48.05, None, QDate(2025, 11, 3), "strike", "confirmed")])
    feedback = RecordingFeedback()
    errors = []
    feedback.reportError = lambda message, fatal=False: errors.append(message)
    result = processing.run("situationmapper:eventsummary", {"EVENTS": layer, "TABLE": "memory:"},
                            feedback=feedback)
    assert result["COUNTED"] == 1
    assert any("has no date" in e for e in errors)


def test_a_store_without_events_or_a_missing_store_is_refused(provider, tmp_path):
    import processing

    with pytest.raises(QgsProcessingException, match="no situation store"):
        processing.run("situationmapper:eventsummary",
                       {"EVENTS": str(tmp_path / "missing.gpkg"), "TABLE": "memory:"})
    with pytest.raises(QgsProcessingException, match="DATES"):
        processing.run("situationmapper:eventsummary",
                       {"EVENTS": event_store(tmp_path / "e.gpkg"), "DATES": "2025-13-01", "TABLE": "memory:"})


def test_csv_table_has_iso_dates(provider, tmp_path):
    import csv

    path = event_store(tmp_path / "events.gpkg")
    out = tmp_path / "summary.csv"
    import processing

    processing.run("situationmapper:eventsummary", {"EVENTS": path, "PERIOD": 1, "TABLE": str(out)})
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["period_start"] for r in rows} == {"2025-11-24", "2025-12-01"}
    assert {r["period_end"] for r in rows} == {"2025-11-30", "2025-12-07"}
    assert sum(int(r["count"]) for r in rows) == len(EVENTS)

"""core/events.py: times to UTC, places, vocabularies and the fingerprint,
against values worked out by hand."""

import datetime

import pytest

UTC = datetime.timezone.utc


@pytest.mark.parametrize("text, expected", [
    ("2025-11-20", datetime.datetime(2025, 11, 20, tzinfo=UTC)),
    ("2025/11/20", datetime.datetime(2025, 11, 20, tzinfo=UTC)),
    ("2025-11-20T14:05", datetime.datetime(2025, 11, 20, 14, 5, tzinfo=UTC)),
    ("2025-11-20T14:05:09Z", datetime.datetime(2025, 11, 20, 14, 5, 9, tzinfo=UTC)),
    ("2025-11-20 14:05:09.25 UTC", datetime.datetime(2025, 11, 20, 14, 5, 9, 250000, tzinfo=UTC)),
    ("2025-11-30T23:30:00-02:00", datetime.datetime(2025, 12, 1, 1, 30, tzinfo=UTC)),  # another day in UTC
    ("2025-12-01T01:30:00+0200", datetime.datetime(2025, 11, 30, 23, 30, tzinfo=UTC)),
    ("2025-11-20T05:00+05:30", datetime.datetime(2025, 11, 19, 23, 30, tzinfo=UTC)),
])
def test_times_are_converted_to_utc(qgis_app, text, expected):
    from situation_mapper.core.events import parse_time

    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "2025-02-30", "20.11.2025", "yesterday", "2025-13-01",
                                  "2025-11-20T25:00Z", "2025-11-20T10:00+20:00", "2025-11/20"])
def test_what_is_not_an_unambiguous_date_is_refused_quoting_it(qgis_app, text):
    from situation_mapper.core.events import EventRowError, parse_time

    with pytest.raises(EventRowError, match="is not a date"):
        parse_time(text)


def test_places_and_vocabularies(qgis_app):
    from situation_mapper.core.events import (EventRowError, normal_side, normal_type, normal_verification,
                                              parse_lon_lat)

    assert parse_lon_lat("37,18", " 48.28 ") == (37.18, 48.28)
    for lon, lat, message in (("", "48", "no longitude"), ("37", None, "no latitude"),
                              ("181", "48", "longitude 181 is not between -180 and 180"),
                              ("37", "-90.5", "latitude -90.5 is not between -90 and 90"),
                              ("east", "48", "longitude 'east' is not a number"),
                              ("nan", "48", "is not a number")):
        with pytest.raises(EventRowError, match=message):
            parse_lon_lat(lon, lat)
    assert normal_type("Flag raised") == "flag_raised" and normal_type("", "strike") == "strike"
    assert normal_type("group-eliminated") == "group_eliminated"
    assert [normal_verification(v) for v in ("Verified", "CLAIMED", "", "debunked")] == [
        "confirmed", "claimed", "unverified", "refuted"]
    assert normal_side("Enemy") == "hostile" and normal_side("") == "unknown"
    with pytest.raises(EventRowError, match="side 'neutral' is not one of hostile, friendly, unknown"):
        normal_side("neutral")


def test_the_fingerprint_follows_the_report_not_the_row(qgis_app):
    from situation_mapper.core.events import Defaults, event_from_values

    values = {"time": "2025-11-20T10:00+02:00", "type": "strike", "source": "ISW", "description": "a, \"b\""}
    first = event_from_values(values, (37.18, 48.28), Defaults())
    same_in_utc = event_from_values(dict(values, time="2025-11-20T08:00Z"), (37.18, 48.28), Defaults())
    moved = event_from_values(values, (37.1801, 48.28), Defaults())
    other_text = event_from_values(dict(values, description="a, b"), (37.18, 48.28), Defaults())
    assert first.key == same_in_utc.key
    assert len({first.key, moved.key, other_text.key}) == 3
    assert first.day == datetime.date(2025, 11, 20) and first.verification == "unverified"

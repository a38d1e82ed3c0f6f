"""Pure date logic: file-name dates and validity intervals."""

import datetime as dt

import pytest

from situation_mapper.core.snapshot_dates import SnapshotDateError, date_from_file_name
from situation_mapper.core.validity import (
    is_valid_on, latest_on_or_before, missing_days, validity_by_series, validity_intervals)


@pytest.mark.parametrize("name, day", [
    ("deepstatemap_data_20251120.geojson", dt.date(2025, 11, 20)),
    ("/data/2025-11-20/isw_2025-11-19.gpkg", dt.date(2025, 11, 19)),
    ("control 20.11.2025 assessed.shp", dt.date(2025, 11, 20)),
    ("front_2025_11_20.geojson", dt.date(2025, 11, 20)),
])
def test_dates_in_file_names(name, day):
    assert date_from_file_name(name) == day


@pytest.mark.parametrize("name, message", [
    ("pokrovsk_latest.geojson", "no date"),
    ("front_20251320.geojson", "no date"),  # month 13
    ("diff_20251119_20251120.geojson", "more than one date"),
])
def test_file_names_without_one_date(name, message):
    with pytest.raises(SnapshotDateError, match=message):
        date_from_file_name(name)


def test_validity_chains_and_gaps():
    days = [dt.date(2025, 11, d) for d in (20, 18, 21, 18)]
    assert validity_intervals(days) == [
        (dt.date(2025, 11, 18), dt.date(2025, 11, 20)),
        (dt.date(2025, 11, 20), dt.date(2025, 11, 21)),
        (dt.date(2025, 11, 21), None)]
    chained = validity_by_series([("a", dt.date(2025, 1, 1)), ("b", dt.date(2025, 1, 2)),
                                  ("a", dt.date(2025, 1, 5))], end=dt.date(2025, 2, 1))
    assert chained == {("a", dt.date(2025, 1, 1)): dt.date(2025, 1, 5),
                       ("a", dt.date(2025, 1, 5)): dt.date(2025, 2, 1),
                       ("b", dt.date(2025, 1, 2)): dt.date(2025, 2, 1)}
    assert is_valid_on(dt.date(2025, 1, 4), dt.date(2025, 1, 1), dt.date(2025, 1, 5))
    assert not is_valid_on(dt.date(2025, 1, 5), dt.date(2025, 1, 1), dt.date(2025, 1, 5))
    assert is_valid_on(dt.date(2030, 1, 1), dt.date(2025, 1, 1), None)
    assert latest_on_or_before(sorted(days), dt.date(2025, 11, 19)) == dt.date(2025, 11, 18)
    assert latest_on_or_before(sorted(days), dt.date(2025, 11, 1)) is None
    assert missing_days(days) == [(dt.date(2025, 11, 19), dt.date(2025, 11, 19))]


def test_date_selection():
    from situation_mapper.core.date_selection import DateSelectionError, select_days

    days = [dt.date(2025, 11, d) for d in (1, 2, 5, 9)]
    assert select_days("", days) == days
    assert select_days("all", days) == days
    assert select_days("2025-11-02..2025-11-06", days) == days[1:3]
    assert select_days("..2025-11-02", days) == days[:2]
    assert select_days("2025-11-03", days) == [dt.date(2025, 11, 3)]
    assert select_days("2025-11-01/4, 2025-11-02", days) == [
        dt.date(2025, 11, 1), dt.date(2025, 11, 2), dt.date(2025, 11, 5), dt.date(2025, 11, 9)]
    for bad in ("2025-13-01", "2025-11-05..2025-11-01", "2025-11-01/0", "2025-11-01/x"):
        with pytest.raises(DateSelectionError):
            select_days(bad, days)

"""The 769 real DeepStateMap snapshots through situationmapper:importsnapshots:
every date, the validity chain, the areas (against pyproj over the raw files),
the gaps, and a second import that changes nothing."""

import datetime
import hashlib
import os
import sys

import pytest
from pyproj import Geod

sys.path.insert(0, os.path.dirname(__file__))
from test_import_snapshots import RecordingFeedback, run_import, store_rows  # noqa: E402

GEOD = Geod(ellps="WGS84")

pytestmark = [pytest.mark.slow, pytest.mark.shared_data]


def raw_area_km2(path):
    from osgeo import ogr

    total = 0.0
    dataset = ogr.Open(str(path))
    for feature in dataset.GetLayer(0):
        geometry = feature.GetGeometryRef()
        for p in range(geometry.GetGeometryCount()):
            polygon = geometry.GetGeometryRef(p)
            for r in range(polygon.GetGeometryCount()):
                points = polygon.GetGeometryRef(r).GetPoints()
                area = abs(GEOD.polygon_area_perimeter([q[0] for q in points], [q[1] for q in points])[0])
                total += area if r == 0 else -area
    return total / 1e6


def test_all_769_real_snapshots(provider, tmp_path):
    from conftest import shared_data_path
    from support import deepstate_files

    from situation_mapper.core.snapshot_dates import date_from_file_name
    from situation_mapper.store import geopackage as store_api

    folder = shared_data_path("deepstate")
    files = deepstate_files(folder.parent)
    assert len(files) == 769
    store = tmp_path / "deepstate.gpkg"
    feedback = RecordingFeedback()
    result = run_import(str(folder), store, feedback, SOURCE="DeepStateMap")

    assert result["IMPORTED"] == 769 and result["SKIPPED"] == 0
    assert (result["FIRST_DATE"], result["LAST_DATE"]) == ("2024-07-08", "2026-08-22")
    days = sorted(date_from_file_name(f.name) for f in files)
    expected_missing = sorted(set(days[0] + datetime.timedelta(n) for n in range((days[-1] - days[0]).days + 1))
                              - set(days))
    assert result["GAP_DAYS"] == len(expected_missing) == 7
    runs = []  # consecutive missing days as "first..last" (or one day), built here by hand
    for day in expected_missing:
        if runs and runs[-1][1] + datetime.timedelta(1) == day:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    assert result["GAPS"] == "; ".join(
        a.isoformat() if a == b else f"{a.isoformat()}..{b.isoformat()}" for a, b in runs)
    assert any(w.startswith("7 missing day(s)") for w in feedback.warnings)

    rows = store_rows(store)
    assert [r["valid_from"] for r in rows] == days
    assert [r["valid_to"] for r in rows] == days[1:] + [None]
    assert {r["imported_from"] for r in rows} == {f.name for f in files}
    assert all(r["source"] == "DeepStateMap" and r["status"] == "occupied" for r in rows)
    assert all(r["geometry"].wkbType() == 6 and r["geometry"].isGeosValid() for r in rows[::50])

    by_name = {r["imported_from"]: r for r in rows}
    for path in files[::64]:
        assert by_name[path.name]["area_km2"] == pytest.approx(raw_area_km2(path), rel=1e-5)

    series = store_api.list_series(str(store))
    assert [(s.source, s.count, s.first_day, s.last_day) for s in series] == [
        ("DeepStateMap", 769, days[0], days[-1])]

    digest = hashlib.sha256(store.read_bytes()).hexdigest()
    again = run_import(str(folder), store, SOURCE="DeepStateMap")
    assert again["IMPORTED"] == 0 and again["SKIPPED"] == 769
    assert hashlib.sha256(store.read_bytes()).hexdigest() == digest

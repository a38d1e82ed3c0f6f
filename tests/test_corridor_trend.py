"""situationmapper:corridor trend and closure estimate, against hand computations:
two hostile blocks close in on a straight corridor by a known number of metres a
day, their gap measured with pyproj.Geod."""

import csv
import datetime
import math

import numpy as np
import pytest
from qgis.core import NULL, QgsGeometry

from test_corridor import GEOD, LAT0, LON0, aeqd, area_layer, local_rectangle_wkt, run, two_blocks
from test_encirclement import control_layer

START = datetime.date(2025, 11, 1)
RATE = 40.0  # metres per day the gap narrows


def gap_at(t):
    """The gap (aeqd metres) of the narrowing snapshot t days after START."""
    return 3020.0 - RATE * t


def geod_gap(gap):
    """The ellipsoidal distance across the gap between the blocks' inner edges."""
    _forward, inverse = aeqd(LON0, LAT0)
    return min(GEOD.inv(*inverse.transform(-gap / 2.0, y), *inverse.transform(gap / 2.0, y))[2]
               for y in np.linspace(4000.0, 8000.0, 9))


def day(t):
    return START + datetime.timedelta(days=t)


def narrowing_control():
    closed = QgsGeometry.fromWkt(two_blocks(gap_at(40))).combine(
        QgsGeometry.fromWkt(local_rectangle_wkt(-1500, 5000, 1500, 6000))).asWkt()
    snapshots = {day(t).isoformat(): two_blocks(gap_at(t)) for t in (0, 10, 20, 30)}
    snapshots[day(40).isoformat()] = closed
    return control_layer(snapshots)


def common(**params):
    _forward, inverse = aeqd(LON0, LAT0)
    rear = inverse.transform(0.0, 15000.0)
    params.update(AREA=area_layer(local_rectangle_wkt(-1000, -1000, 1000, 1000)),
                  REAR=f"{rear[0]},{rear[1]} [EPSG:4326]")
    return params


def test_narrowing_corridor_trend_and_closure_estimate(provider):
    window = 20
    # t=10: the window reaches before the first snapshot; t=24: snapshot t=20 against
    # t=4 (snapshot t=0); t=30 against t=10 (a DATES day); t=40 cut off against t=20
    # (not among DATES)
    out = run(**common(CONTROL=narrowing_control(), WINDOW_DAYS=window,
                       DATES=",".join(day(t).isoformat() for t in (10, 24, 30, 40))))
    names = [f.name() for f in out["TABLE"][0].fields()]
    assert names == ["date", "source", "width_m", "status", "throat_lat", "throat_lon",
                     "throat_length_m", "note", "snapshot_date", "trend_m_per_day",
                     "closure_estimate", "closure_basis", "trend_note"]
    rows = {r["date"].toPyDate(): r for r in out["TABLE"]}
    width = {t: geod_gap(gap_at(t)) for t in (0, 10, 20, 30)}
    basis = "extrapolation at the trend of the last 20 days"

    first = rows[day(10)]
    assert first["width_m"] == pytest.approx(width[10], abs=6.0)
    assert first["trend_m_per_day"] == NULL
    assert first["closure_estimate"] == NULL and first["closure_basis"] == NULL
    assert "2025-10-22" in first["trend_note"] and "no snapshot" in first["trend_note"]

    for t, earlier in ((24, 0), (30, 10)):
        row = rows[day(t)]
        hand_trend = (width[t - t % 10] - width[earlier]) / window  # -40 m/day
        assert hand_trend == pytest.approx(-RATE, abs=0.01)
        assert row["trend_m_per_day"] == pytest.approx(hand_trend, abs=0.5)
        hand_closure = day(t) + datetime.timedelta(days=math.ceil(width[t - t % 10] / -hand_trend))
        closure = row["closure_estimate"].toPyDate()
        # the definition applied to the table's own figures, and the hand figures within a day
        assert closure == day(t) + datetime.timedelta(
            days=math.ceil(row["width_m"] / -row["trend_m_per_day"]))
        assert abs((closure - hand_closure).days) <= 1
        assert row["closure_basis"] == basis
        assert not row["trend_note"]
    # hand values: 2220 m at 40 m/day from 2025-11-25 is 55.5 -> 56 days; 1820 m from
    # 2025-12-01 is 45.5 -> 46 days
    assert rows[day(24)]["closure_estimate"].toPyDate() == datetime.date(2026, 1, 20)
    assert rows[day(30)]["closure_estimate"].toPyDate() == datetime.date(2026, 1, 16)

    cut = rows[day(40)]
    assert cut["width_m"] == 0 and cut["status"] == "cut off 2025-12-11"
    assert cut["trend_m_per_day"] == pytest.approx((0.0 - width[20]) / window, abs=0.5)
    assert cut["closure_estimate"] == NULL and cut["closure_basis"] == NULL


def test_widening_corridor_has_no_closure_estimate(provider):
    control = control_layer({"2025-11-01": two_blocks(2000), "2025-11-11": two_blocks(2400)})
    out = run(**common(CONTROL=control, WINDOW_DAYS=10, DATES="2025-11-11"))
    (row,) = out["TABLE"]
    hand = (geod_gap(2400) - geod_gap(2000)) / 10.0
    assert hand == pytest.approx(40.0, abs=0.01)
    assert row["trend_m_per_day"] == pytest.approx(hand, abs=0.5)
    assert row["closure_estimate"] == NULL and row["closure_basis"] == NULL and row["trend_note"] == NULL


def test_closure_estimate_in_csv_is_iso(provider, tmp_path):
    import processing

    path = tmp_path / "corridor.csv"
    processing.run("situationmapper:corridor", common(
        CONTROL=narrowing_control(), WINDOW_DAYS=20, DATES=day(30).isoformat(), TABLE=str(path)))
    with open(path, newline="", encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["date"] == "2025-12-01" and row["snapshot_date"] == "2025-12-01"
    assert row["closure_estimate"] == "2026-01-16"
    assert row["closure_basis"] == "extrapolation at the trend of the last 20 days"
    assert float(row["trend_m_per_day"]) == pytest.approx(-40.0, abs=0.5)


def test_closure_estimate_definition():
    from situation_mapper.core.corridor import closure_estimate, width_trend

    assert width_trend(1000.0, 1400.0, 20) == -20.0
    assert width_trend(None, 1400.0, 20) is None and width_trend(1000.0, None, 20) is None
    d = datetime.date(2025, 12, 1)
    assert closure_estimate(d, 1000.0, -20.0) == datetime.date(2026, 1, 20)  # exactly 50 days
    assert closure_estimate(d, 1010.0, -20.0) == datetime.date(2026, 1, 21)  # 50.5 -> 51
    assert closure_estimate(d, 1000.0, 0.0) is None and closure_estimate(d, 1000.0, 5.0) is None
    assert closure_estimate(d, 0.0, -20.0) is None and closure_estimate(d, 1000.0, None) is None
    assert closure_estimate(d, 1000.0, -1e-300) is None  # beyond any calendar


def test_draw_tab_summary_shows_trend_and_closure_estimate():
    from qgis.core import QgsFeature, QgsVectorLayer
    from qgis.PyQt.QtCore import QDate

    from situation_mapper.algorithms.corridor import CorridorAlgorithm
    from situation_mapper.ui.drawing_summary import result_summary

    layer = QgsVectorLayer("None", "Corridor widths", "memory")
    layer.dataProvider().addAttributes(CorridorAlgorithm().table_fields().toList())
    layer.updateFields()
    values = [
        {"date": QDate(2025, 10, 1), "note": "no snapshot on or before 2025-10-01 from test"},
        {"date": QDate(2025, 12, 1), "status": "open", "width_m": 1820.0, "trend_m_per_day": -40.0,
         "closure_estimate": QDate(2026, 1, 16),
         "closure_basis": "extrapolation at the trend of the last 20 days"},
        {"date": QDate(2025, 12, 11), "status": "cut off 2025-12-11", "width_m": 0.0,
         "trend_m_per_day": -111.0},
        {"date": QDate(2025, 12, 12), "status": "open", "width_m": 900.0},
    ]
    features = []
    for attributes in values:
        feature = QgsFeature(layer.fields())
        for name, value in attributes.items():
            feature[name] = value
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    assert result_summary(layer) == [
        "2025-10-01: no snapshot on or before 2025-10-01 from test",
        "2025-12-01: open (1820 m), trend -40.0 m/day, closure estimate (extrapolation): 2026-01-16",
        "2025-12-11: cut off 2025-12-11 (0 m), trend -111.0 m/day",
        "2025-12-12: open (900 m)",
    ]

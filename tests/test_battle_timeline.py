"""situationmapper:battletimeline on hand-made areas with known entry dates:
shares against pyproj's geodesic areas of the covered boxes, the entry the
first snapshot whose share reaches the threshold."""

import datetime

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from test_occupied_share import box, control_layer, geodesic_area_m2

ALG = "situationmapper:battletimeline"
D1, D2, D3 = datetime.date(2025, 1, 10), datetime.date(2025, 1, 15), datetime.date(2025, 1, 20)
TOWN = box(37.0, 48.0, 37.1, 48.1)
QUIET = box(38.0, 48.0, 38.1, 48.1)


def strip(east):
    """Ground from 36.9 E to ``east`` (a meridian), spanning the town's latitudes."""
    return box(36.9, 47.9, east, 48.2)


def areas():
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "areas", "memory")
    features = []
    for name, geometry in (("town", TOWN), ("quiet", QUIET)):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(geometry)
        feature["name"] = name
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def control():
    # A: outside the town on D1, 0.5 % of it on D2, 30 % on D3; B: 30 % from D2
    return control_layer([
        (strip(36.99), D1, D2, "occupied", "A"),
        (strip(37.0005), D2, D3, "occupied", "A"),
        (strip(37.03), D3, None, "occupied", "A"),
        (strip(37.03), D2, None, "occupied", "B"),
    ])


def share_of(east):
    """Percent of the town east of 37.0 up to ``east``, by pyproj."""
    return geodesic_area_m2(box(37.0, 48.0, east, 48.1)) / geodesic_area_m2(TOWN) * 100


def run(params):
    import processing

    result = processing.run(ALG, dict({"AREAS": areas(), "AREA_NAME_FIELD": "name", "CONTROL": control(),
                                       "STATUSES": "occupied", "TABLE": "TEMPORARY_OUTPUT"}, **params))
    rows = {}
    for feature in result["TABLE"].getFeatures():
        row = {name: (None if isinstance(value, QVariant) and value.isNull() else value)
               for name, value in zip(feature.fields().names(), feature.attributes())}
        for name in ("date", "entry_date", "snapshot_date"):
            if row[name] is not None:
                row[name] = row[name].toPyDate()
        rows[(row["date"], row["area"], row["source"])] = row
    return rows


def test_entry_at_the_threshold_and_days_since(provider):
    rows = run({"DATES": "2025-01-12,2025-01-25"})
    assert len(rows) == 2 * 2 * 2
    before, after = rows[(datetime.date(2025, 1, 12), "town", "A")], rows[(datetime.date(2025, 1, 25), "town", "A")]
    assert before["entry_date"] == D3 and after["entry_date"] == D3  # 0.5 % on D2 is under 1 %
    assert before["days_since_entry"] == -8 and after["days_since_entry"] == 5
    assert before["share_pct"] == 0.0
    assert after["share_pct"] == pytest.approx(share_of(37.03), abs=1e-3)
    assert after["snapshot_date"] == D3
    b = rows[(datetime.date(2025, 1, 25), "town", "B")]
    assert b["entry_date"] == D2 and b["days_since_entry"] == 10
    assert rows[(datetime.date(2025, 1, 12), "town", "B")]["share_pct"] is None  # B starts on D2
    quiet = rows[(datetime.date(2025, 1, 25), "quiet", "A")]
    assert quiet["entry_date"] is None and quiet["days_since_entry"] is None
    assert quiet["share_pct"] == 0.0 and "never" in quiet["note"]


def test_threshold_zero_is_any_ground_and_the_entry_ignores_dates(provider):
    rows = run({"DATES": "2025-01-25", "THRESHOLD_PCT": 0.0})
    town = rows[(datetime.date(2025, 1, 25), "town", "A")]
    assert town["entry_date"] == D2 and town["days_since_entry"] == 10
    assert share_of(37.0005) == pytest.approx(0.5, abs=0.01)
    rows = run({"DATES": "", "THRESHOLD_PCT": 0.4})
    assert rows[(D2, "town", "A")]["days_since_entry"] == 0
    assert rows[(D2, "town", "A")]["share_pct"] == pytest.approx(share_of(37.0005), abs=1e-3)
    assert rows[(D1, "town", "A")]["days_since_entry"] == -5
    rows = run({"DATES": "", "THRESHOLD_PCT": 31.0})
    assert rows[(D3, "town", "A")]["entry_date"] is None

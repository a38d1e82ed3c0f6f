"""situationmapper:compareclaims: claims beside the measured share of each source."""

import pytest
from qgis.core import QgsFeature, QgsProcessingException, QgsVectorLayer

from test_occupied_share import areas_layer, scenario_control


def claims_table(rows, date_field="date", area_field="area", pct_field="claimed_pct",
                 who_field="who"):
    layer = QgsVectorLayer(
        f"None?field={date_field}:date&field={area_field}:string&field={pct_field}:string"
        f"&field={who_field}:string", "claims", "memory")
    features = []
    for day, area, pct, who in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([day, area, pct, who])
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)
    return layer


def run_claims(claims, **params):
    import processing

    params = {"CLAIMS": claims, "AREAS": areas_layer(), "AREA_NAME_FIELD": "name",
              "CONTROL": scenario_control(), "OUTPUT": "TEMPORARY_OUTPUT", **params}
    result = processing.run("situationmapper:compareclaims", params)
    return list(result["OUTPUT"].getFeatures())


def null(value):
    return value is None or str(value) == "NULL"


def test_claims_beside_each_source(provider):
    claims = claims_table([
        ("2025-01-12", "half", "60", "Ministry A"),        # DSM 50 %, ISW 100 %
        ("2025-01-20", "half", "90 %", "Channel B"),       # DSM 100 %
        ("2025-01-10", "untouched", "0", "Ministry A"),
    ])
    rows = run_claims(claims)
    assert [f.name() for f in rows[0].fields()] == [
        "date", "area", "who", "claimed_pct", "source", "measured_pct", "measured_km2",
        "difference_pts", "snapshot_date", "note"]
    by_key = {(f["date"].toString("yyyy-MM-dd"), f["area"], f["source"]): f for f in rows}
    assert len(rows) == 6  # 3 claims x 2 sources
    first = by_key[("2025-01-12", "half", "DeepStateMap")]
    assert first["who"] == "Ministry A" and first["claimed_pct"] == 60.0
    assert first["measured_pct"] == pytest.approx(50.0, abs=1e-5)
    assert first["difference_pts"] == pytest.approx(10.0, abs=1e-5)
    assert first["snapshot_date"].toString("yyyy-MM-dd") == "2025-01-10"
    assert by_key[("2025-01-12", "half", "ISW")]["difference_pts"] == pytest.approx(-40.0, abs=1e-6)
    assert by_key[("2025-01-20", "half", "DeepStateMap")]["difference_pts"] == pytest.approx(-10.0, abs=1e-6)
    assert by_key[("2025-01-10", "untouched", "DeepStateMap")]["difference_pts"] == 0.0
    # the measured value is the occupied-share algorithm's
    import processing

    shares = processing.run("situationmapper:occupiedshare", {
        "AREAS": areas_layer(), "AREA_NAME_FIELD": "name", "CONTROL": scenario_control(),
        "DATES": "2025-01-12", "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    same = [f for f in shares.getFeatures() if f["area"] == "half" and f["source"] == "ISW"]
    assert by_key[("2025-01-12", "half", "ISW")]["measured_pct"] == same[0]["occupied_pct"]


def test_bad_claims_become_rows_with_notes(provider):
    claims = claims_table([
        ("2025-01-12", "Atlantis", "60", "X"),
        ("2025-01-05", "half", "10", "Y"),       # before the first snapshot
        ("2025-01-12", "half", "lots", "Z"),
    ])
    rows = run_claims(claims, SOURCES="DeepStateMap")
    notes = {f["who"]: f for f in rows}
    assert "no area named 'Atlantis'" in notes["X"]["note"] and null(notes["X"]["measured_pct"])
    assert "no snapshot on or before" in notes["Y"]["note"]
    assert null(notes["Y"]["measured_pct"]) and null(notes["Y"]["difference_pts"])
    assert "not a percentage" in notes["Z"]["note"]


def test_field_names_are_parameters(provider):
    claims = claims_table([("2025-01-12", "holed", "55", "Q")], date_field="day",
                          area_field="town", pct_field="share", who_field="by")
    rows = run_claims(claims, CLAIM_DATE_FIELD="day", CLAIM_AREA_FIELD="town",
                      CLAIM_PCT_FIELD="share", CLAIM_WHO_FIELD="by", SOURCES="DeepStateMap")
    assert len(rows) == 1 and rows[0]["difference_pts"] == pytest.approx(5.0, abs=1e-5)
    with pytest.raises(QgsProcessingException):
        run_claims(claims)  # default field names are missing

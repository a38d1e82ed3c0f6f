"""occupiedshare's rows (algorithms/share_rows.py writes them day by day,
setting only what changed since the day before) against the rows built one by
one from the same measures (ShareSeries.rows_for and add_changes): two
sources, upper statuses, days before any snapshot, days between snapshots
(nothing changes but the date) and days when the covering changes; to a
memory layer and to a GeoPackage."""

import datetime

import pytest

from test_occupied_share import AREAS, areas_layer, box, scenario_control


def null_to_none(value):
    return None if value is None or str(value) == "NULL" else value


def expected_rows(control, areas, days):
    """(date, area, source, area_km2, occupied_km2, occupied_pct, upper_km2,
    upper_pct, change_pct, snapshot_date, note) built row by row."""
    from situation_mapper.algorithms.share_series import ShareSeries, add_changes
    from situation_mapper.core.occupied_share import km2, make_area

    measured = [make_area(f["name"], f.geometry(), key=f.id()) for f in areas.getFeatures()]
    series = ShareSeries(control, measured, ["occupied"], ["contested"])
    rows = []
    for day in days:
        by_source = {source: series.rows_for(day, source)[0] for source in series.sources}
        for index in range(len(measured)):
            rows.extend(by_source[source][index] for source in series.sources)
    add_changes(rows)
    return [(row.day, measured[row.area_index].name, row.source, km2(measured[row.area_index].area_m2),
             km2(row.occupied_m2), row.occupied_pct, km2(row.upper_m2), row.upper_pct, row.change_pct,
             row.snapshot_day, row.note or None) for row in rows]


def written_rows(layer):
    rows = []
    for feature in layer.getFeatures():
        values = [null_to_none(v) for v in feature.attributes()]
        if layer.fields()[0].name() == "fid":
            values = values[1:]  # a GeoPackage's own key
        for column in (0, 9):
            values[column] = values[column].toPyDate() if values[column] is not None else None
        rows.append(tuple(values))
    return rows


@pytest.mark.parametrize("destination", ["memory", "gpkg"])
def test_rows_equal_rows_built_one_by_one(provider, tmp_path, destination):
    import processing
    from qgis.core import QgsVectorLayer

    areas = dict(AREAS, straddling=box(36.95, 48.05, 37.3, 48.12))
    control, layer_of_areas = scenario_control(), areas_layer(areas)
    days = [datetime.date(2025, 1, 5) + datetime.timedelta(days=n) for n in range(21)]
    output = "TEMPORARY_OUTPUT" if destination == "memory" else str(tmp_path / "share.gpkg")
    result = processing.run("situationmapper:occupiedshare", {
        "AREAS": layer_of_areas, "AREA_NAME_FIELD": "name", "CONTROL": control,
        "UPPER_STATUSES": "contested", "DATES": ",".join(d.isoformat() for d in days), "OUTPUT": output})
    layer = result["OUTPUT"] if destination == "memory" else QgsVectorLayer(output, "share", "ogr")
    expected = expected_rows(control, layer_of_areas, days)
    written = written_rows(layer)
    assert len(written) == 21 * len(areas) * 2 == len(expected)
    # same order, same values to the last bit (the same operations in the same order)
    for number, (row, wanted) in enumerate(zip(written, expected)):
        assert row == wanted, (number, row, wanted)
    # the series really has unchanged days, changed days and days with no snapshot
    shares = {(r[0], r[1], r[2]): r[5] for r in written}
    assert shares[(datetime.date(2025, 1, 12), "half", "DeepStateMap")] \
        == shares[(datetime.date(2025, 1, 11), "half", "DeepStateMap")]
    assert shares[(datetime.date(2025, 1, 20), "half", "DeepStateMap")] \
        != shares[(datetime.date(2025, 1, 19), "half", "DeepStateMap")]
    assert shares[(datetime.date(2025, 1, 5), "half", "ISW")] is None

"""The crowded product page: Pokrovsk on 2025-11-20 from the real DeepStateMap
data, with claims and more events than the list holds, on A4 landscape and
portrait. Read back from the PDF (pdftotext -bbox): the events list is there
(newest first, "… K more"), at 7 pt or more, and no word of the page overlaps
another (no cell of the figures table clips its text, no block covers another).

The expected event lines are computed here from the CSV written, not by the
plugin's code.
"""

import csv
import datetime
import io
import re
import subprocess  # nosec B404 - runs poppler's command-line tools
from pathlib import Path

import pytest

from conftest import shared_data_path
from test_export_map import needs_poppler

TOWNS = "cities/towns_donetsk_front.geojson"
DAY = datetime.date(2025, 11, 20)
POINT_MM = 25.4 / 72
# 11 events in the three days the map shows on 2025-11-20 (display window), one before it
EVENTS_CSV = """datetime,lon,lat,type,side,source,verification
2025-11-14T06:30:00Z,37.18,48.28,infiltration,hostile,Analyst desk,unverified
2025-11-18T04:00:00Z,37.15,48.27,strike,hostile,Ukrainian General Staff,claimed
2025-11-18T13:20:00Z,37.17,48.26,group_eliminated,friendly,General Staff,claimed
2025-11-19T01:00:00Z,37.19,48.29,assault,hostile,ISW,confirmed
2025-11-19T05:00:00Z,37.20,48.28,force_estimate,hostile,ISW,unverified
2025-11-19T14:00:00Z,37.21,48.27,infiltration,hostile,Analyst desk,unverified
2025-11-19T18:40:00Z,37.14,48.30,strike,hostile,Analyst desk,confirmed
2025-11-20T02:00:00Z,37.17,48.30,flag_raised,hostile,Telegram,refuted
2025-11-20T06:00:00Z,37.23,48.28,strike,hostile,ISW,confirmed
2025-11-20T08:00:00Z,37.18,48.285,force_estimate,hostile,ISW,unverified
2025-11-20T10:30:00Z,37.21,48.29,infiltration,hostile,DeepStateMap,claimed
2025-11-20T12:00:00Z,37.16,48.26,group_eliminated,friendly,General Staff,claimed
"""
CLAIMS_CSV = """date,area,claimed_pct,who
2025-11-12,Pokrovsk,70,Russian MoD
2025-11-18,Pokrovsk,60,ISW
"""
TYPE_WORDS = {"infiltration": "Infiltration group", "strike": "Strike", "group_eliminated": "Group eliminated",
              "assault": "Assault", "force_estimate": "Force estimate", "flag_raised": "Flag raised"}


@pytest.fixture(scope="module")
def crowded_store(tmp_path_factory, qgis_app, qgis_processing):
    """A store of the real snapshots 2025-11-15 .. 20 and the events above,
    made by the plugin's import algorithms."""
    import processing
    from qgis.core import QgsApplication

    from situation_mapper.algorithms.provider import PROVIDER_ID, SituationMapperProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById(PROVIDER_ID) is None:
        crowded_store.provider = SituationMapperProvider()
        registry.addProvider(crowded_store.provider)
    folder = tmp_path_factory.mktemp("crowded")
    snapshots = folder / "snapshots"
    snapshots.mkdir()
    for day in range(15, 21):
        name = f"deepstatemap_data_202511{day:02d}.geojson"
        (snapshots / name).symlink_to(shared_data_path() / "deepstate" / name)
    store = folder / "situation.gpkg"
    processing.run("situationmapper:importsnapshots", {"INPUT": str(snapshots), "SOURCE": "DeepStateMap",
                                                       "OUTPUT": str(store)})
    (folder / "events.csv").write_text(EVENTS_CSV, encoding="utf-8")
    processing.run("situationmapper:importevents", {"INPUT": str(folder / "events.csv"), "OUTPUT": str(store)})
    (folder / "claims.csv").write_text(CLAIMS_CSV, encoding="utf-8")
    return store


def words_of(pdf):
    """(x0, y0, x1, y1 in mm, word) of every word on the first page."""
    boxes = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],  # nosec B603
                           capture_output=True, text=True, check=True).stdout
    return [(float(a) * POINT_MM, float(b) * POINT_MM, float(c) * POINT_MM, float(d) * POINT_MM,
             without_ligatures(word))
            for a, b, c, d, word in re.findall(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', boxes)]


def without_ligatures(text):
    """The PDF's ligatures (fi, ff ...) as letters."""
    for ligature, letters in (("\ufb00", "ff"), ("\ufb01", "fi"), ("\ufb02", "fl"), ("\ufb03", "ffi"),
                              ("\ufb04", "ffl")):
        text = text.replace(ligature, letters)
    return text


def flat_text(pdf):
    """The words in reading order, block after block (each column of the list is one)."""
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,  # nosec B603
                          check=True)
    return without_ligatures(done.stdout)


def expected_event_lines():
    """The events of 18..20 Nov, newest first, as the list words them."""
    rows = [row for row in csv.DictReader(io.StringIO(EVENTS_CSV)) if row["datetime"][:10] >= "2025-11-18"]
    rows.sort(key=lambda row: row["datetime"], reverse=True)
    lines = []
    for row in rows:
        when = datetime.datetime.fromisoformat(row["datetime"].replace("Z", "+00:00"))
        lines.append(f"{when:%d %b %H:%M} · {TYPE_WORDS[row['type']]}, {row['verification']} · {row['source']}")
    return lines


def overlapping(words, slack=0.15):
    """Pairs of words whose boxes overlap by more than ``slack`` mm both ways."""
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack:
                found.append((a[4], b[4]))
    return found


def export_crowded(store, tmp_path, page, **extra):
    import processing

    output = tmp_path / f"crowded_{page}.pdf"
    processing.run("situationmapper:exportmap", dict(extra, **{
        "CONTROL": str(store), "AREAS": str(shared_data_path() / TOWNS), "AREA_NAME_FIELD": "name",
        "FOCUS_AREA": "Pokrovsk", "REAR": "37.05,48.43 [EPSG:4326]", "DATE": DAY.isoformat(),
        "CLAIMS": str(Path(store).parent / "claims.csv"), "TITLE": "Pokrovsk", "PAGE": page,
        "OUTPUT": str(output)}))
    return output


@needs_poppler
@pytest.mark.slow
@pytest.mark.parametrize("page", [0, 1], ids=["A4 landscape", "A4 portrait"])
def test_crowded_page_lists_the_events_and_nothing_overlaps(crowded_store, qgis_new_project, tmp_path, page):
    pdf = export_crowded(crowded_store, tmp_path, page)
    text = " ".join(flat_text(pdf).split())
    expected = expected_event_lines()
    assert len(expected) == 11
    assert "11 event(s) on the map, 18 Nov to 20 Nov (UTC), latest:" in text
    # at most six lines: five events, newest first, then how many more
    positions = [text.find(line) for line in expected[:5]]
    assert all(p >= 0 for p in positions), (expected[:5], text)
    assert positions == sorted(positions)
    assert "… 6 more events" in text
    assert expected[5] not in text
    # the figures and the claims are still there, beside the events
    assert "DeepStateMap" in text and "ISW, 18 Nov: 60 %" in text and "Russian MoD, 12 Nov: 70 %" in text
    assert "Sources and licences:" in text and "Source and licence not stated" in text

    words = words_of(pdf)
    heading = next(w for w in words if w[4] == "event(s)")
    # the list's words: at least 7 pt (a DejaVu Sans word box is ~1.16 times the size)
    listed = [w for w in words if w[1] >= heading[1] - 0.5 and w[3] <= heading[3] + 4 * 3.4]
    assert listed and min(w[3] - w[1] for w in listed) >= 7 * POINT_MM
    # nothing outside the map overlaps (map labels are placed by QGIS's labelling engine)
    map_box = (8.0, 24.0, 198.0 if page == 0 else 202.0, heading[1] - 1.0)
    outside = [w for w in words if not (w[0] >= map_box[0] and w[2] <= map_box[2]
                                        and w[1] >= map_box[1] and w[3] <= map_box[3])]
    assert overlapping(outside) == []


@needs_poppler
@pytest.mark.slow
@pytest.mark.parametrize("compare", [{}, {"COMPARE_DATE": "2025-11-15"}], ids=["one day", "two days"])
def test_no_cell_of_the_figures_table_clips_its_words(crowded_store, qgis_new_project, tmp_path, compare):
    """A clipped word runs into the next column: in the table's rows, each word
    ends before the next one on its line begins (also in a comparison, whose
    main map is the right half)."""
    pdf = export_crowded(crowded_store, tmp_path, 0, **compare)
    words = words_of(pdf)
    area = next(w for w in words if w[4] == "Area" and w[0] > 198)  # the table's first heading
    row_words = [w for w in words if w[0] >= area[0] - 0.5 and area[1] - 4 <= w[1] <= area[1] + 16]
    assert any(w[4] == "DeepStateMap" for w in row_words)
    assert any(w[4] == "Enclosed" for w in row_words) and any(w[4] == "Corridor" for w in row_words)
    for a in row_words:
        for b in row_words:
            same_line = abs(a[1] - b[1]) < 0.8
            if a is not b and same_line and a[0] < b[0]:
                assert a[2] <= b[0] - 0.5, (a, b)  # a space or a cell border between
    page_right = 297 - 8.0
    assert max(w[2] for w in row_words) <= page_right

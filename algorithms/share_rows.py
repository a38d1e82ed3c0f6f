"""The rows of ``situationmapper:occupiedshare``, written day by day.

A grid of a thousand cells over two years is most of a million rows, and on
most days most of them say what they said the day before (a cell far from
the front is 0 or 100 % every day). So each (area, source) keeps one feature
whose attributes are the last row written: a day sets its date and snapshot
date, sets the other attributes only on the rows whose figures changed
(compared with NumPy on all areas at once), and hands the day's features to
the sink in one call (the sink copies them). The figures are computed as
:func:`core.occupied_share.km2` and :func:`~core.occupied_share.share_percent`
compute them, in the same order, so the rows are the ones a row-by-row loop
writes.
"""

from typing import Dict, List, Optional, Sequence

import numpy as np
from qgis.core import QgsFeature, QgsFeatureSink
from qgis.PyQt.QtCore import QVariant

from ..core.day_values import as_qdate
from ..core.occupied_share import SQUARE_METRES_PER_KM2, km2

# the output's columns (algorithms/occupied_share.py OUTPUT_FIELDS)
DATE, SNAPSHOT_DATE, COLUMNS = 0, 9, 11
_NULL = QVariant()


def _as_floats(values: Sequence[Optional[float]]) -> np.ndarray:
    """Square metres (None: unknown) as float64, NaN for None."""
    return np.array(values, dtype=np.float64)


def _listed(columns: np.ndarray) -> List[List[Optional[float]]]:
    """Rows of ``columns`` (2D float array) as Python floats, None for NaN."""
    rows = columns.tolist()
    for row, column in np.argwhere(np.isnan(columns)).tolist():
        rows[row][column] = None
    return rows


def _date_value(day) -> QVariant:
    return QVariant(as_qdate(day)) if day is not None else _NULL


class _SourceState:
    """The figures last written for one source, for every area."""

    __slots__ = ("figures", "notes", "occupied_pct")

    def __init__(self, count: int):
        self.figures: Optional[np.ndarray] = None  # (areas, 5) as last written
        self.notes: Optional[List[Optional[str]]] = None
        self.occupied_pct = np.full(count, np.nan)  # previous share, for change_pct


def write_share_rows(sink, series, days: Sequence, feedback) -> Optional[int]:
    """Write one row per day × area × source (in that order) of ``series``
    (a measured ShareSeries) into ``sink``: date, area, source, area_km2,
    occupied_km2, occupied_pct, upper_km2, upper_pct, change_pct (points since
    the previous row of the same area and source), snapshot_date, note.
    Returns the number of rows, None when canceled, -1 when the sink refused them."""
    areas, sources = series.areas, list(series.sources)
    count, per_area = len(areas), len(sources)
    whole = np.array([area.area_m2 for area in areas], dtype=np.float64)
    has_whole = whole > 0.0
    divisor = np.where(has_whole, whole, 1.0)
    names = [area.name for area in areas]
    area_km2 = [km2(area.area_m2) for area in areas]
    features = []
    for _index in range(count * per_area):
        feature = QgsFeature()
        feature.setAttributes([None] * COLUMNS)
        features.append(feature)
    by_source = [features[number::per_area] if per_area else [] for number in range(per_area)]
    states = [_SourceState(count) for _source in sources]
    notes: Dict[str, List[Optional[str]]] = {}  # per day note: each area's note column
    set_attribute = QgsFeature.setAttribute
    total = max(1, len(days))
    written = 0
    for number, day in enumerate(days):
        if feedback.isCanceled():
            return None
        date = _date_value(day)
        for source, state, own in zip(sources, states, by_source):
            measure = series.measure(day, source)
            if measure.message:
                feedback.pushInfo(measure.message)
            if measure.note not in notes:
                notes[measure.note] = [series.area_note(index, measure.note) or None
                                       for index in range(count)]
            area_notes = notes[measure.note]
            occupied, upper = _as_floats(measure.occupied_m2), _as_floats(measure.upper_m2)
            with np.errstate(invalid="ignore", divide="ignore"):
                occupied_pct = np.where(has_whole, occupied / divisor * 100.0, np.nan)
                upper_pct = np.where(has_whole, upper / divisor * 100.0, np.nan)
                figures = np.column_stack((
                    occupied / SQUARE_METRES_PER_KM2, occupied_pct, upper / SQUARE_METRES_PER_KM2,
                    upper_pct, occupied_pct - state.occupied_pct))
            state.occupied_pct = occupied_pct
            snapshot_date = _date_value(measure.snapshot_day)
            for feature in own:
                set_attribute(feature, DATE, date)
                set_attribute(feature, SNAPSHOT_DATE, snapshot_date)
            if state.figures is None or state.notes is not area_notes:
                changed = np.arange(count)
            else:  # the same bits are the same figures (NaN: NULL either way)
                changed = np.flatnonzero((figures.view(np.uint64) != state.figures.view(np.uint64))
                                         .any(axis=1))
            state.figures, state.notes = figures, area_notes
            if len(changed):
                rows = _listed(figures[changed])
                for index, row in zip(changed.tolist(), rows):
                    own[index].setAttributes([
                        date, names[index], source, area_km2[index], row[0], row[1], row[2], row[3],
                        row[4], snapshot_date, area_notes[index]])
        if features and not sink.addFeatures(features, QgsFeatureSink.FastInsert):
            return -1
        written += len(features)
        feedback.setProgress(80 + 15 * (number + 1) / total)
    return written

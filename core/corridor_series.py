"""Corridors of one area and rear point over many dates, each distinct hostile
ground solved once.

A corridor (core/corridor.py) reads only the hostile ground clipped to the
solver's window, and its answer is a function of that ground alone (the radius
grid). So, as occupiedshare does with its coverings (core/occupied_share.py), a
day whose clipped ground has the same WKB bytes as one already solved takes
that result; a day whose ground changed is solved with the last solved radius
as the starting point, where two connectivity tests confirm a corridor the
change did not move.
"""

from typing import Dict, Optional

from qgis.core import QgsGeometry

from .corridor import CorridorResult, CorridorSolver
from .ground_digest import ground_digest


class CorridorSeries:
    """:meth:`CorridorSolver.solve` for the grounds of date after date, each
    distinct ground solved once (``reuse=False``: every call solves)."""

    def __init__(self, solver: CorridorSolver, reuse: bool = True):
        self.solver = solver
        self.reuse = reuse
        self._results: Dict[bytes, CorridorResult] = {}
        self._hints: Dict[str, float] = {}  # track -> the radius last solved on it
        self.solved = 0  # grounds solved
        self.reused = 0  # results taken from an identical ground solved before

    def result(self, ground: Optional[QgsGeometry], is_canceled=lambda: False,
               track: str = "") -> CorridorResult:
        """The corridor for ``ground`` (EPSG:4326, clipped to the solver's
        window or not), the same result object for identical grounds.
        ``track`` names a sequence of dates (e.g. "trend" for the dates a
        trend looks back to): a ground's search starts from the radius last
        solved on its track, which only saves connectivity tests."""
        key = ground_digest(ground) if self.reuse else None
        if key is not None and key in self._results:
            self.reused += 1
            return self._results[key]
        result = self.solver.solve(ground, self._hints.get(track), is_canceled)
        self.solved += 1
        if result.is_open and result.width_m < 2.0 * self.solver.search_radius_m:
            self._hints[track] = result.width_m / 2.0
        if key is not None and not is_canceled():
            self._results[key] = result
        return result

"""Corridors of one area and rear point over many dates, each distinct hostile
ground solved once.

A corridor (core/corridor.py) reads only the hostile ground clipped to the
solver's window, and its answer is a function of that ground alone (the radius
grid). So, as occupiedshare does with its coverings (core/occupied_share.py), a
day whose clipped ground has the same WKB bytes as one already solved takes
that result; a day whose ground changed is solved with the last solved radius
as the starting point, where two connectivity tests confirm a corridor the
change did not move.

:meth:`CorridorSeries.solve_ahead` solves the distinct grounds of many dates
at once in a few threads, each a solver of its own over a contiguous run of
dates (GEOS does the work without holding the interpreter lock): as the answer
does not depend on the starting radius, the results are the same.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from qgis.core import QgsGeometry

from ..infra.responsive import lower_thread_priority
from .corridor import CorridorResult, CorridorSolver
from .ground_digest import ground_digest

# at most this many threads solve ahead, and each takes at least this many grounds
SOLVE_AHEAD_THREADS = 2
SOLVE_AHEAD_MIN_RUN = 3


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
        hint = _next_hint(self.solver, result, None)
        if hint is not None:
            self._hints[track] = hint
        if key is not None and not is_canceled():
            self._results[key] = result
        return result

    def solve_ahead(self, grounds: Sequence[Optional[QgsGeometry]],
                    make_solver: Callable[[], CorridorSolver],
                    is_canceled=lambda: False, threads: Optional[int] = None) -> int:
        """Solve now the distinct grounds among ``grounds`` (in date order) not
        solved yet, in up to ``threads`` threads (default: two, one on a one-core
        machine): the calling thread takes the first run of them with this
        series' solver, each other thread the next run with a solver
        ``make_solver()`` builds there (the same area, rear point and radius).
        :meth:`result` then finds them solved. A ground whose solve fails is
        left for :meth:`result` to solve (and report); returns how many were solved."""
        if not self.reuse:
            return 0
        pending: List[Tuple[bytes, QgsGeometry]] = []
        seen = set()
        for ground in grounds:
            key = ground_digest(ground)
            if ground is None or key in self._results or key in seen:
                continue
            seen.add(key)
            pending.append((key, ground))
        if threads is None:
            threads = min(SOLVE_AHEAD_THREADS, os.cpu_count() or 1)
        threads = min(threads, len(pending) // SOLVE_AHEAD_MIN_RUN)
        if threads < 2:
            return 0  # not worth a thread: result() solves them as they come
        size = -(-len(pending) // threads)
        runs = [pending[start:start + size] for start in range(0, len(pending), size)]
        with ThreadPoolExecutor(max_workers=len(runs) - 1, thread_name_prefix="corridor",
                                initializer=lower_thread_priority) as pool:
            others = [pool.submit(lambda run: _solve_run(make_solver(), run, None, is_canceled), run)
                      for run in runs[1:]]
            solved = _solve_run(self.solver, runs[0], self._hints.get(""), is_canceled)
            for future in others:
                solved.extend(future.result())
        if is_canceled():
            return 0
        for key, result in solved:
            self._results[key] = result
        self.solved += len(solved)
        return len(solved)


def _solve_run(solver: CorridorSolver, run, hint: Optional[float], is_canceled) -> List[Tuple[bytes, CorridorResult]]:
    """The results of one run of grounds, each started from the last one's radius;
    stops at the first failure (those left are solved again, and reported, later)."""
    results = []
    for key, ground in run:
        if is_canceled():
            break
        try:
            result = solver.solve(ground, hint, is_canceled)
        except Exception:  # noqa: BLE001 - CorridorSeries.result solves it again and says why
            break
        hint = _next_hint(solver, result, hint)
        results.append((key, result))
    return results


def _next_hint(solver: CorridorSolver, result: CorridorResult, hint: Optional[float]) -> Optional[float]:
    """Where the next ground's search starts: the radius ``result`` found when it
    is a corridor narrower than the search disc, else ``hint`` as it was."""
    if result.is_open and result.width_m < 2.0 * solver.search_radius_m:
        return result.width_m / 2.0
    return hint

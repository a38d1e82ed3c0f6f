"""Where the occupied share of a PostGIS store is measured: on the desktop
(the control geometries are read and measured here, core/occupied_share.py) or
inside the database (ST_Intersection and ST_Area on geography, only numbers
cross the network; algorithms/share_queries.covered_m2_in_database). Both give the
same figures within 0.05 percentage points (tests/test_postgis_share.py).

``METHOD`` auto picks the one expected to finish first, from the workload the
database reports without reading a geometry (algorithms/share_queries.share_workload)
and the cost constants below, measured with bench/bench_share_backends.py on
the 769 real snapshots and 14 towns (loopback server):

* desktop: a fixed set-up (reading the areas, densifying their outlines) and
  reading every control geometry over the network at the probed rate; the
  measuring itself looks only at the edges that changed from day to day and
  hardly grows with the number of days;
* database: every control row is intersected with every area its box meets,
  a cost that grows with the rows' vertices times those areas.

So one day goes to the database (about 2x faster), a few weeks or more to
the desktop (about 16x faster for 769 days), and a slow network moves the
balance towards the database.
"""

from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, List, Optional, Sequence

from ..infra.i18n import tr
from . import share_queries

METHOD_AUTO, METHOD_DESKTOP, METHOD_DATABASE = "auto", "desktop", "database"
METHODS = (METHOD_AUTO, METHOD_DESKTOP, METHOD_DATABASE)

# measured by bench/bench_share_backends.py (seconds; what both methods share,
# reading the areas and the records, is left out of both)
DESKTOP_SETUP_PER_AREA_S = 0.02
DESKTOP_S_PER_VERTEX = 1e-7
DATABASE_SETUP_S = 0.03
DATABASE_S_PER_PAIR_VERTEX = 3.0e-7


@dataclass(frozen=True)
class BackendChoice:
    """The method used and why: the two estimates in seconds."""

    method: str
    desktop_s: Optional[float] = None
    database_s: Optional[float] = None

    def explanation(self) -> str:
        if self.desktop_s is None or self.database_s is None:
            return tr("Measured on the {}.").format(self.method)
        return tr("Measured on the {} (estimated {:.1f} s on the desktop, {:.1f} s in the database).").format(
            self.method, self.desktop_s, self.database_s)


def estimate_seconds(workload: share_queries.ShareWorkload, area_count: int):
    """``(desktop seconds, database seconds)`` expected for ``workload``."""
    transfer = workload.geometry_bytes / workload.transfer_bytes_per_s if workload.transfer_bytes_per_s else 0.0
    desktop = (DESKTOP_SETUP_PER_AREA_S * area_count + transfer
               + DESKTOP_S_PER_VERTEX * workload.vertices)
    database = DATABASE_SETUP_S + DATABASE_S_PER_PAIR_VERTEX * workload.pair_vertices
    return desktop, database


def choose_backend(method: str, location: Optional[str], areas, fids: Sequence[int],
                   workload_of: Callable = share_queries.share_workload) -> BackendChoice:
    """The method for a run: ``desktop`` for anything but a PostGIS store; on a
    PostGIS store ``desktop`` or ``database`` as asked, or for ``auto`` the one
    with the smaller estimate (``workload_of(location, geometries, fids)``)."""
    if not location:
        if method == METHOD_DATABASE:
            raise ValueError(tr("METHOD database needs CONTROL to be a PostGIS situation store."))
        return BackendChoice(METHOD_DESKTOP)
    if method in (METHOD_DESKTOP, METHOD_DATABASE):
        return BackendChoice(method)
    workload = workload_of(location, [area.geometry for area in areas if area.area_m2 > 0], fids)
    desktop, database = estimate_seconds(workload, len(areas))
    return BackendChoice(METHOD_DATABASE if database < desktop else METHOD_DESKTOP, desktop, database)


def measure_sets_in_database(location: str, areas, sets: Sequence[FrozenSet[int]],
                             is_canceled=None) -> Dict[FrozenSet[int], List[Optional[float]]]:
    """Covered square metres of every area under each set of control features,
    measured in the database; areas without area get None, as on the desktop."""
    measurable = [index for index, area in enumerate(areas) if area.area_m2 > 0]
    values = share_queries.covered_m2_in_database(
        location, [areas[index].geometry for index in measurable], [sorted(s) for s in sets], is_canceled)
    result = {}
    for key, row in zip(sets, values):
        covered: List[Optional[float]] = [None] * len(areas)
        for slot, index in enumerate(measurable):
            covered[index] = min(row[slot], areas[index].area_m2)
        result[key] = covered
    return result

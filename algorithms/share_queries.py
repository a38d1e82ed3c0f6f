"""The occupied share measured inside a PostGIS store: the SQL of the analysis
(ST_Intersection, then ST_Area on geography with the WGS84 spheroid) and the
workload estimate ``share_backends.py`` chooses a method by. The store only
runs the parameterised queries on its connection (``store.database_query``)."""

import time
from dataclasses import dataclass
from typing import List, Sequence

from qgis.core import QgsGeometry

from ..store import database_query

try:  # Debian python3-psycopg2
    from psycopg2 import Binary
except ImportError:  # pragma: no cover - reported when a PostGIS store is used
    Binary = bytes

_COVERED_QUERY = """
WITH members AS (SELECT k, fid FROM unnest(%(set_ids)s::integer[], %(fids)s::bigint[]) AS m(k, fid)),
areas AS MATERIALIZED (SELECT i, ST_SetSRID(ST_GeomFromWKB(wkb), 4326) AS g
          FROM unnest(%(area_ids)s::integer[], %(wkbs)s::bytea[]) AS a(i, wkb)),
-- each control row meets each area once, however many sets (days) it belongs to
pieces AS MATERIALIZED (SELECT c.fid, areas.i, ST_Intersection(c.geom, areas.g) AS g
          FROM {schema}.control c JOIN areas ON c.geom && areas.g
          WHERE c.fid IN (SELECT DISTINCT fid FROM members))
SELECT m.k, p.i, ST_Area(geography(ST_CollectionExtract(ST_Union(p.g), 3)), true)
FROM members m JOIN pieces p ON p.fid = m.fid
GROUP BY m.k, p.i
"""


def covered_m2_in_database(location: str, areas: Sequence[QgsGeometry],
                           feature_sets: Sequence[Sequence[int]], is_canceled=None
                           ) -> List[List[float]]:
    """Square metres of each area (EPSG:4326 polygons) under the union of each
    set of control features (fids of the store's control table), measured in
    PostGIS: ST_Intersection, then ST_Area on geography with the WGS84 spheroid.
    One row per set, one value per area (0.0 where nothing covers it). Only the
    areas and the numbers cross the network. ``is_canceled()`` is asked before
    the query; a running query is not interrupted."""
    set_ids, fids = [], []
    for number, members in enumerate(feature_sets):
        for fid in members:
            set_ids.append(number)
            fids.append(int(fid))
    parameters = {"set_ids": set_ids, "fids": fids, "area_ids": list(range(len(areas))),
                  "wkbs": [Binary(bytes(geometry.asWkb())) for geometry in areas]}
    result = [[0.0] * len(areas) for _ in feature_sets]
    if not fids or not areas or (is_canceled is not None and is_canceled()):
        return result
    with database_query(location) as run:
        for number, index, m2 in run(_COVERED_QUERY, parameters).fetchall():
            result[number][index] = m2 or 0.0
    return result


@dataclass(frozen=True)
class ShareWorkload:
    """What an occupied-share run would ask of the store: the control rows
    meeting the areas (``rows``), their geometry bytes (what the desktop reads
    over the network) and vertices, how many (row, area) pairs overlap (what
    the database intersects), and the measured transfer rate (bytes/second)."""

    rows: int
    geometry_bytes: int
    vertices: int
    row_area_pairs: int
    pair_vertices: int
    transfer_bytes_per_s: float


_WORKLOAD_QUERY = """
WITH areas AS MATERIALIZED (SELECT ST_SetSRID(ST_GeomFromWKB(wkb), 4326) AS g
          FROM unnest(%(wkbs)s::bytea[]) AS a(wkb)),
rows AS MATERIALIZED (SELECT c.fid, c.geom FROM {schema}.control c
          WHERE c.fid = ANY(%(fids)s::bigint[]))
SELECT count(*), coalesce(sum(ST_MemSize(r.geom)), 0), coalesce(sum(ST_NPoints(r.geom)), 0),
       (SELECT count(*) FROM rows r2 JOIN areas a ON r2.geom && a.g),
       (SELECT coalesce(sum(ST_NPoints(r2.geom)), 0) FROM rows r2 JOIN areas a ON r2.geom && a.g),
       (SELECT fid FROM rows ORDER BY ST_MemSize(geom) DESC LIMIT 1)
FROM rows r
"""

_PROBE_QUERY = "SELECT ST_AsBinary(geom) FROM {schema}.control WHERE fid = %s"


def share_workload(location: str, areas: Sequence[QgsGeometry], fids: Sequence[int]) -> ShareWorkload:
    """Measure the work of an occupied-share run over the control rows ``fids``
    (from the catalogue, without reading geometries), and the rate at which the
    largest of them crosses the network (read once, timed)."""
    parameters = {"fids": [int(fid) for fid in fids],
                  "wkbs": [Binary(bytes(geometry.asWkb())) for geometry in areas]}
    with database_query(location) as run:
        rows, size, vertices, pairs, pair_vertices, largest = run(_WORKLOAD_QUERY, parameters).fetchone()
        rate = float("inf")
        if largest is not None:
            started = time.perf_counter()
            probe = run(_PROBE_QUERY, (largest,)).fetchone()[0]
            seconds = time.perf_counter() - started
            rate = len(probe) / seconds if seconds > 0 else float("inf")
    return ShareWorkload(int(rows), int(size), int(vertices), int(pairs), int(pair_vertices), rate)


"""The one Processing provider of the plugin, id ``situationmapper``."""

from qgis.core import QgsProcessingProvider

from ..core.geodesy import wgs84_distance_area
from ..icons import icon
from .battle_timeline import BattleTimelineAlgorithm
from .change_evidence import ChangeEvidenceAlgorithm
from .changes import ChangesAlgorithm
from .compare_claims import CompareClaimsAlgorithm
from .copy_store import CopyStoreAlgorithm
from .corridor import CorridorAlgorithm
from .encirclement import EncirclementAlgorithm
from .event_summary import EventSummaryAlgorithm
from .front_distance import FrontDistanceAlgorithm
from .front_line import FrontLineAlgorithm
from .export_map import ExportMapAlgorithm
from .geodesic_arc import GeodesicArcAlgorithm
from .import_events import ImportEventsAlgorithm
from .import_snapshots import ImportSnapshotsAlgorithm
from .occupied_share import OccupiedShareAlgorithm
from .route_buffer import RouteBufferAlgorithm
from .snapshot_at import SnapshotAtAlgorithm
from .territory_change import TerritoryChangeAlgorithm

PROVIDER_ID = "situationmapper"

# Every algorithm of the plugin, in toolbox order.
ALGORITHMS = (
    # situation layers
    ImportSnapshotsAlgorithm,
    ImportEventsAlgorithm,
    SnapshotAtAlgorithm,
    FrontLineAlgorithm,
    ChangesAlgorithm,
    CopyStoreAlgorithm,
    # figures
    OccupiedShareAlgorithm,
    BattleTimelineAlgorithm,
    CompareClaimsAlgorithm,
    EncirclementAlgorithm,
    CorridorAlgorithm,
    RouteBufferAlgorithm,
    FrontDistanceAlgorithm,
    TerritoryChangeAlgorithm,
    # events
    EventSummaryAlgorithm,
    ChangeEvidenceAlgorithm,
    # map products
    ExportMapAlgorithm,
    # geodesy
    GeodesicArcAlgorithm,
)


class SituationMapperProvider(QgsProcessingProvider):
    """Registers every Situation Mapper algorithm."""

    def id(self):
        return PROVIDER_ID

    def name(self):
        return "Situation Mapper"

    def longName(self):  # noqa: N802
        return self.name()

    def icon(self):
        return icon("situation_mapper")

    def loadAlgorithms(self):  # noqa: N802
        wgs84_distance_area()  # CRS and ellipsoid looked up here, on the main thread
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())

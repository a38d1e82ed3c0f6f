"""The one Processing provider of the plugin, id ``situationmapper``."""

from qgis.core import QgsProcessingProvider

from ..icons import icon
from .geodesic_arc import GeodesicArcAlgorithm

PROVIDER_ID = "situationmapper"

# Every algorithm of the plugin, in toolbox order.
ALGORITHMS = (
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
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())

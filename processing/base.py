"""What every Situation Mapper algorithm shares: naming, grouping, help, icon."""

from qgis.core import QgsProcessingAlgorithm

from ..core.i18n import tr
from ..icons import icon


class SituationMapperAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set NAME, DISPLAY_NAME, GROUP, HELP and define
    ``initAlgorithm`` and ``processAlgorithm``."""

    NAME = ""
    DISPLAY_NAME = ""
    GROUP = "Geodesy"
    GROUP_ID = "geodesy"
    ICON = "situation_mapper"
    HELP = ""

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return tr(self.DISPLAY_NAME)

    def group(self):
        return tr(self.GROUP)

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def shortHelpString(self):  # noqa: N802
        return tr(self.HELP)

    def icon(self):
        return icon(self.ICON)

    def createInstance(self):  # noqa: N802
        return type(self)()

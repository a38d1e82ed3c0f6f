"""``situationmapper:copystore``: copy a situation store between a GeoPackage and
PostGIS (either way), with a count check."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterString,
)

from ..infra.i18n import tr
from ..infra.log import log
from ..store import StoreError, copy_store, public_location
from .base import SituationMapperAlgorithm


class CopyStoreAlgorithm(SituationMapperAlgorithm):
    """Copy every control row (validity as stored), the sources and the drawings of
    a store into a new or empty store of either backend, then count them there."""

    NAME = "copystore"
    DISPLAY_NAME = "Copy a situation store (GeoPackage / PostGIS)"
    GROUP = "Situation layers"
    GROUP_ID = "situationlayers"
    HELP = (
        "Copies a situation store to another place: a GeoPackage to a team store on "
        "PostGIS, a PostGIS store to a GeoPackage (to take it away or publish it), or "
        "between two stores of a kind.\n\n"
        "<b>Store to copy</b> (SOURCE_STORE) and <b>Target store</b> (TARGET_STORE): a "
        "GeoPackage path, or a PostGIS store as 'postgres:service=NAME schema=SITUATION' "
        "(or connection=<saved QGIS connection>, or host=/dbname= with authcfg=; "
        "credentials come from the pg_service file or QGIS's authentication manager).\n"
        "<b>Overwrite</b> (OVERWRITE): empty the target first; without it the target must "
        "be new or hold no control row.\n\n"
        "Control rows keep their dates and validity exactly; control rows and sources are "
        "written in one transaction (nothing is written when something fails). The rows "
        "are then counted in the target, per source and status, with the sources and the "
        "drawings; any difference fails the algorithm. Provenance columns of a PostGIS "
        "store (created_by, changed_at, ...) are not copied into a GeoPackage; rows copied "
        "into PostGIS are created by the analyst running the copy.\n\n"
        "Outputs: TARGET (the target, without any password), CONTROL_ROWS, SOURCES_COPIED, "
        "DRAWINGS_COPIED."
    )

    SOURCE_STORE = "SOURCE_STORE"
    TARGET_STORE = "TARGET_STORE"
    OVERWRITE = "OVERWRITE"
    TARGET = "TARGET"
    CONTROL_ROWS = "CONTROL_ROWS"
    SOURCES_COPIED = "SOURCES_COPIED"
    DRAWINGS_COPIED = "DRAWINGS_COPIED"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterString(self.SOURCE_STORE, tr("Store to copy")))
        self.addParameter(QgsProcessingParameterString(self.TARGET_STORE, tr("Target store")))
        self.addParameter(QgsProcessingParameterBoolean(self.OVERWRITE, tr("Overwrite the target"),
                                                        defaultValue=False))
        self.addOutput(QgsProcessingOutputString(self.TARGET, tr("Target store")))
        self.addOutput(QgsProcessingOutputNumber(self.CONTROL_ROWS, tr("Control rows copied")))
        self.addOutput(QgsProcessingOutputNumber(self.SOURCES_COPIED, tr("Sources copied")))
        self.addOutput(QgsProcessingOutputNumber(self.DRAWINGS_COPIED, tr("Drawings copied")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = (self.parameterAsString(parameters, self.SOURCE_STORE, context) or "").strip()
        target = (self.parameterAsString(parameters, self.TARGET_STORE, context) or "").strip()
        overwrite = self.parameterAsBool(parameters, self.OVERWRITE, context)
        if not source or not target:
            raise QgsProcessingException(tr("Give the store to copy and the target store."))
        if source == target:
            raise QgsProcessingException(tr("The store to copy and the target are the same."))
        shown = public_location(target)
        try:
            report = copy_store(source, target, overwrite=overwrite, feedback=feedback)
        except StoreError as error:
            raise QgsProcessingException(str(error)) from error
        for (series_source, status), count in sorted(report.control.items()):
            feedback.pushInfo(tr("{} / {}: {} row(s) copied and counted in the target.").format(
                series_source, status, count))
        feedback.setProgress(100)
        log.info("copied %s control rows into %s", report.control_rows, shown)
        return {self.TARGET: shown, self.CONTROL_ROWS: report.control_rows,
                self.SOURCES_COPIED: report.sources,
                self.DRAWINGS_COPIED: sum(report.drawings.values())}

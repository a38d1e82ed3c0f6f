"""What the algorithms that write a situation store share (importsnapshots,
importevents): the store output named in one place, one all-or-nothing update
(committed, or aborted on any error or cancel), and the project's layers on the
store reloaded afterwards, on the main thread, so an open map shows what was
written."""

from qgis.core import QgsProcessingException

from ..infra.i18n import tr
from ..infra.log import log
from ..store import StoreError, is_file_store, open_update, reload_layers
from .base import SituationMapperAlgorithm


class StoreWriterAlgorithm(SituationMapperAlgorithm):
    """An algorithm whose output is a situation store."""

    def parameterAsStoreOutput(self, parameters, name, context) -> str:  # noqa: N802
        """The situation store a ``QgsProcessingParameterFileDestination`` names:
        a ``.gpkg`` path (the suffix added when missing) or a PostGIS location
        (``postgres:service=... schema=...``, kept as typed)."""
        raw = parameters.get(name)
        to_file = is_file_store(raw) if isinstance(raw, str) else True
        output = self.parameterAsFileOutput(parameters, name, context) if to_file else raw.strip()
        if not output:
            raise QgsProcessingException(tr("No situation store ({}) given.").format(name))
        if to_file and not output.lower().endswith(".gpkg"):
            output += ".gpkg"
        return output

    def openStoreUpdate(self, parameters, name, context, feedback=None):  # noqa: N802
        """An all-or-nothing update of the store ``name`` names (created when a
        GeoPackage does not exist yet; it waits for another writer of the file,
        until ``feedback`` is cancelled; a team store's transaction holds its
        import lock); its ``path`` is the location without any password."""
        cancelled = feedback.isCanceled if feedback is not None else None
        try:
            return open_update(self.parameterAsStoreOutput(parameters, name, context), cancelled=cancelled)
        except StoreError as error:
            raise QgsProcessingException(str(error)) from error

    def writeStore(self, parameters, name, context, feedback, write):  # noqa: N802
        """``write(update)`` in one all-or-nothing update of the store ``name``
        names: committed when it returns, aborted on an error or a cancel (the
        store then left as it was). Returns (the store's public location, what
        ``write`` returned); the store's layers are reloaded after the run."""
        update = self.openStoreUpdate(parameters, name, context, feedback)
        try:
            result = write(update)
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Import cancelled; the store was not changed."))
            update.commit()
        except StoreError as error:
            update.abort()
            raise QgsProcessingException(str(error)) from error
        except BaseException:
            update.abort()
            raise
        self._written_store = update.path
        return update.path, result

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        """On the main thread, after the run: the project's layers on the store
        reopen it (the update replaced the file they had open) and show what was written."""
        written = getattr(self, "_written_store", "")
        if written:
            count = reload_layers(written, context.project() if context is not None else None)
            if count:
                log.info("reloaded %s layer(s) of %s after the import", count, written)
        return {}

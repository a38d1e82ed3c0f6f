"""The private project of a ``situationmapper:exportmap`` run: built from the
inputs when there is no project (headless), or the copy of the user's project
planned on the main thread and built in the run's thread; the input layers as
that project holds them; and its release in the thread that made it.

Mixed into :class:`~.export_map.ExportMapAlgorithm`, which provides ``layers``,
``clones``, ``project``, ``plan``, the parameter names and ``parameterAsString``.
"""

from qgis.core import QgsProcessingException
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QThread

from ..export.product import build_snapshot
from ..export.standalone import standalone_project
from ..infra.i18n import tr
from ..export.product import visible_layers
from ..layers.events import is_events_layer, open_events_layer
from ..store import ControlLayerError, StoreError, location_of_layer


class ProductProject:
    """The product's own project: made, filled with the inputs, released."""

    def _own_layers(self):
        """The input layers as the product's project holds them (copies it owns)."""
        for name, layer in list(self.layers.items()):
            clone = self.clones.get(layer.id())
            if clone is None:
                clone = layer.clone()
                self.project.addMapLayer(clone, False)  # owned (and deleted) by the product's project
            self.layers[name] = clone

    def _build_planned_project(self):
        """The copy of the project planned in prepareAlgorithm, built in this thread."""
        plan, self.plan = self.plan, None
        if plan is not None:
            self.project, self.clones = build_snapshot(plan)
            self._own_layers()

    def _standalone_project(self, parameters, context):
        """No project: one built from CONTROL, AREAS and ROUTES (export/standalone.py)."""
        control = self.layers.get(self.CONTROL)
        if control is None:
            raise QgsProcessingException(tr(
                "No project to export: give PROJECT, a .qgz file, or CONTROL (a control layer or "
                "situation store) to build the map from."))
        try:
            project = standalone_project(
                control, self.layers.get(self.AREAS),
                self.parameterAsString(parameters, self.AREA_NAME_FIELD, context),
                self.layers.get(self.ROUTES), self.parameterAsString(parameters, self.TITLE, context),
                events=self._store_events(control))
        except ControlLayerError as error:
            raise QgsProcessingException(str(error)) from error
        return project, {}

    @staticmethod
    def _store_events(control):
        """The events layer of the store CONTROL reads (None: not a store, or no events)."""
        location = location_of_layer(control)
        if not location:
            return None
        try:
            layer = open_events_layer(location)
        except StoreError:
            return None
        return layer if layer.featureCount() > 0 else None

    def _hint_unshown_events(self, control, feedback):
        """A map that shows no events layer gives the product no events: said when
        the store ``control`` reads holds some (a headless product lists them)."""
        if self.project is None or control is None or any(
                is_events_layer(layer) for layer in visible_layers(self.project)):
            return
        events = self._store_events(control)
        if events is None:
            return
        feedback.pushWarning(tr(
            "The store holds {} event(s) but the map shows no events layer, so the product "
            "lists none: click \"Show on map\" in the Events tab to list them.").format(events.featureCount()))

    def _release_if_made_here(self):
        """A project built in a worker thread dies in it, once the export is written."""
        project = self.project
        if project is None or project.thread() != QThread.currentThread() \
                or QThread.currentThread() == QCoreApplication.instance().thread():
            return
        self._release_project()
        if not sip.isdeleted(project) and sip.ispyowned(project):
            sip.delete(project)

    def _release_project(self):
        """The product's project and the layers it owns die now, in the main thread
        that made them."""
        self.project, self.clones, self.layers = None, {}, {}
        self.focus = self.focus_subject = None

    def _release_after_failure(self):
        """postProcess runs only after a success: a failed export's project (and the
        file layers it owns) dies now when this is the thread that made it, not at
        exit after QGIS, held by a traceback."""
        project = self.project
        if project is not None and project.thread() == QThread.currentThread():
            self._release_project()
            # deleted now: the error's traceback still names it (load_template's frame)
            if not sip.isdeleted(project) and sip.ispyowned(project):
                sip.delete(project)

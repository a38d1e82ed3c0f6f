"""Binds a tab's areas picker (a QgsMapLayerComboBox, with its name field
combo) to the situation context: it lists no control data (situation layers,
control tables), defaults from the context, follows the context's changes, and
writes the user's choice back to the context."""

from typing import Optional

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QObject

from .situation_context import SituationContext, is_control_data


class AreaPickerBinding(QObject):
    """Keeps ``layer_combo`` (and ``field_combo``) in step with ``context``."""

    def __init__(self, context: SituationContext, layer_combo, field_combo=None,
                 parent: Optional[QObject] = None):
        super().__init__(parent)
        self.context = context
        self.layer_combo = layer_combo
        self.field_combo = field_combo
        self._setting = False
        project = context.project
        self.connections = [(context.areasChanged, self._context_changed),
                            (project.layersAdded, self._layers_added),
                            (layer_combo.layerChanged, self._user_chose_layer)]
        if field_combo is not None:
            self.connections.append((field_combo.fieldChanged, self._user_chose_field))
        for signal, slot in self.connections:
            signal.connect(slot)
        self._except_control_data()
        self._show(context.default_areas_layer(), context.name_field or None)

    def unload(self):
        while self.connections:
            signal, slot = self.connections.pop()
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass

    def _except_control_data(self):
        project: QgsProject = self.context.project
        control = [layer for layer in project.mapLayers().values() if is_control_data(layer)]
        self._setting = True
        try:
            self.layer_combo.setExceptedLayerList(control)
        finally:
            self._setting = False

    def _show(self, layer, name_field=None):
        self._setting = True
        try:
            if layer is not None or self.layer_combo.allowEmptyLayer():
                self.layer_combo.setLayer(layer)
            if self.field_combo is not None and name_field:
                self.field_combo.setField(name_field)
        finally:
            self._setting = False

    def _context_changed(self, layer, name_field):
        if layer is None and self.layer_combo.currentLayer() is not None and not self.layer_combo.allowEmptyLayer():
            return  # the context lost its layer: the picker keeps what it shows
        if layer is not self.layer_combo.currentLayer() or name_field:
            self._show(layer, name_field or None)

    def _layers_added(self, _layers):
        if self.context.removing:
            return
        current = self.layer_combo.currentLayer()
        self._except_control_data()
        # a picker showing nothing (or control data) takes the context's areas
        if current is None or is_control_data(current):
            self._show(self.context.default_areas_layer(), self.context.name_field or None)

    def _user_chose_layer(self, layer):
        if self._setting or self.context.removing or layer is None or is_control_data(layer):
            # the combo's own pick among layers just added (before they are excepted)
            # or among the layers left while the project removes some: no user choice
            return
        self.context.set_areas(layer, None)

    def _user_chose_field(self, name):
        if self._setting or self.layer_combo.currentLayer() is None:
            return
        if self.layer_combo.currentLayer().id() == self.context.areas_layer_id:
            self.context.set_name_field(name)

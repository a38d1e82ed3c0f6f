"""The plugin's messages replace one another in the message bar: an older
one never comes back after a newer one times out."""

from qgis.core import Qgis
from qgis.gui import QgsMessageBar


def test_a_new_message_replaces_the_previous_one(qgis_app):
    from situation_mapper.ui.messages import show_message

    bar, other = QgsMessageBar(), QgsMessageBar()
    show_message(bar, "The schema has no store yet. The first import creates it.", Qgis.Info)
    show_message(other, "Elsewhere", Qgis.Info)
    show_message(bar, "Imported 20 snapshots.", Qgis.Success)
    assert [item.text() for item in bar.items()] == ["Imported 20 snapshots."]
    assert bar.currentItem().level() == Qgis.Success and bar.currentItem().duration() == 6
    # the other bar keeps its own message
    assert [item.text() for item in other.items()] == ["Elsewhere"]
    # a message the user closed (deleted by the bar) is no obstacle
    bar.popWidget(bar.currentItem())
    show_message(bar, "Cannot read the store.", Qgis.Critical)
    assert [item.text() for item in bar.items()] == ["Cannot read the store."]
    assert bar.currentItem().duration() == 15
    # messages from QGIS or other plugins stay where they are
    bar.pushMessage("Other plugin", "its own news", Qgis.Info, 0)
    show_message(bar, "Saved.", Qgis.Info)
    assert bar.currentItem().text() == "Saved."
    assert sorted(item.text() for item in bar.items()) == ["Saved.", "its own news"]
    show_message(None, "no bar: nothing happens")

"""The labels of a map product, made in the main thread whichever thread asks:
in QGIS 3.22 a layout label makes a QtWebKit page as it is built, and QtWebKit
must only be used from the main thread (an export's run building labels itself
crashed QGIS now and then). A label made there is moved to the asking thread
(an export's run), which fills and draws it; the labels draw their text
themselves (never as HTML), so their web pages stay unused. A template's other
items are made where it is loaded, in the run.
"""

from typing import Iterable, List, Tuple

from qgis.core import QgsLayoutItemLabel, QgsLayoutItemRegistry, QgsPrintLayout, QgsReadWriteContext
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QObject, QThread

from ..infra.main_thread import call_on_main_thread


def _move_here(objects: Iterable, thread: QThread) -> None:
    """Objects made in this (main) thread go to ``thread``, their children with them."""
    for obj in objects:
        if isinstance(obj, QObject) and obj.thread() == QThread.currentThread() != thread:
            obj.moveToThread(thread)


def new_label(layout) -> QgsLayoutItemLabel:
    """A label of ``layout`` (not added to it), made in the main thread, living in the caller's."""
    here = QThread.currentThread()

    def make():
        label = QgsLayoutItemLabel(layout)
        _move_here([label], here)
        return label

    return call_on_main_thread(make)


def layout_from_template(project, document) -> Tuple[QgsPrintLayout, bool]:
    """A print layout of ``project`` loaded, in the calling thread, from the
    template ``document``; its labels made in the main thread (:func:`new_label`)
    and read from their XML here. And whether the template loaded."""
    document = document.cloneNode(True).toDocument()  # the caller's stays whole
    labels = _take_labels(document)
    layout = QgsPrintLayout(project)
    # no initializeDefaults(): its page would only be deleted later (deleteLater), and a
    # page deleted while a page is drawn (an XYZ basemap's tiles run an event loop) crashes
    _items, ok = layout.loadFromTemplate(document, QgsReadWriteContext(), True)
    if ok:
        context, made = QgsReadWriteContext(), []
        for element in labels:
            label = new_label(layout)
            if label.readXml(element, document, context):
                layout.addLayoutItem(label)  # drawn over the template's other items
                made.append(label)
        for label in made:
            label.finalizeRestoreFromXml()
    return layout, ok


def _take_labels(document) -> List:
    """The label elements of the template ``document``, taken out of it (in order)."""
    label_type = str(QgsLayoutItemRegistry.LayoutLabel)
    nodes = document.elementsByTagName("LayoutItem")
    elements = [nodes.at(i).toElement() for i in range(nodes.count())]
    labels = [element for element in elements if element.attribute("type") == label_type]
    for element in labels:
        element.parentNode().removeChild(element)
    return labels


def delete_labels(layout) -> None:
    """The labels of ``layout`` deleted in the main thread (their web pages with
    them), before the layout itself dies in its own thread."""
    labels = [item for item in layout.items() if isinstance(item, QgsLayoutItemLabel)]
    if not labels:
        return
    main = QCoreApplication.instance().thread()
    _move_here(labels, main)

    def delete():
        for label in labels:
            if not sip.isdeleted(label):
                sip.delete(label)

    call_on_main_thread(delete)

"""The Start tab: the steps of a first situation map in order (create a store,
import snapshots, add areas, analyse, draw, export), each with its state (done
or to do, read from the situation context, the clock and the panels) and a
button that opens the tab where it is done; then the algorithm shortcuts."""

from dataclasses import dataclass
from typing import Callable, List

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QFrame, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget)

from ..icons import icon
from ..infra.i18n import tr
from .form_loader import load_ui

DONE_MARK = "✔"
TODO_MARK = "○"


@dataclass
class StartStep:
    """One step: its title, what to do, whether it is done, and the tab doing it."""

    title: str
    hint: str
    is_done: Callable[[], bool]
    tab: QWidget


class StartPanel(QWidget, load_ui("start_panel")):
    """Introduction, the steps in order with their state, and shortcuts to the algorithms."""

    def __init__(self, open_algorithm, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("StartPanel")
        self.geodesicArcButton.setIcon(icon("geodesic_arc"))
        self.geodesicArcButton.clicked.connect(
            lambda: open_algorithm("situationmapper:geodesicarc"))
        self.toolboxButton.clicked.connect(lambda: open_algorithm(None))
        self.steps: List[StartStep] = []
        self.state_labels: List[QLabel] = []
        self.go_buttons: List[QPushButton] = []
        self.go_to_tab: Callable[[QWidget], None] = lambda _tab: None
        self.steps_box = QGroupBox(tr("Steps"), self)
        # one box per step, stacked: a wrapped hint gets the height its text needs
        self.steps_layout = QVBoxLayout(self.steps_box)
        # in a scroll area: the wrapped hints keep their full height in a short dock
        self.steps_scroll = QScrollArea(self)
        self.steps_scroll.setWidgetResizable(True)
        self.steps_scroll.setFrameShape(QFrame.NoFrame)
        self.steps_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.steps_scroll.setWidget(self.steps_box)
        self.layout().insertWidget(1, self.steps_scroll, 1)

    def set_steps(self, steps: List[StartStep], go_to_tab: Callable[[QWidget], None]) -> None:
        """Show ``steps`` in order; a step's button calls ``go_to_tab(step.tab)``."""
        self.steps = list(steps)
        self.go_to_tab = go_to_tab
        for number, step in enumerate(self.steps):
            state = QLabel()
            title = QLabel("<b>{}. {}</b>".format(number + 1, step.title))
            title.setWordWrap(True)
            hint = QLabel(step.hint)
            hint.setWordWrap(True)
            hint.setIndent(state.fontMetrics().horizontalAdvance(DONE_MARK) + 6)
            button = QPushButton(tr("Go"))
            button.setToolTip(tr("Open the tab for: {}").format(step.title))
            button.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
            button.clicked.connect(lambda _checked=False, tab=step.tab: self.go_to_tab(tab))
            top = QHBoxLayout()
            top.addWidget(state)
            top.addWidget(title, 1)
            top.addWidget(button)
            self.steps_layout.addLayout(top)
            self.steps_layout.addWidget(hint)
            self.state_labels.append(state)
            self.go_buttons.append(button)
        self.steps_layout.addStretch(1)
        self.refresh()

    def step_states(self) -> List[bool]:
        """Done (True) or to do (False), per step; a step that cannot tell is to do."""
        states = []
        for step in self.steps:
            try:
                states.append(bool(step.is_done()))
            except (RuntimeError, AttributeError):  # a panel or layer already gone
                states.append(False)
        return states

    def refresh(self, *_args) -> None:
        """Show each step's state again; the first step to do is the one to take next."""
        states = self.step_states()
        first_todo = states.index(False) if False in states else -1
        for index, (done, label) in enumerate(zip(states, self.state_labels)):
            label.setText(DONE_MARK if done else TODO_MARK)
            label.setToolTip(tr("Done") if done else tr("To do"))
            self.go_buttons[index].setDefault(index == first_todo)

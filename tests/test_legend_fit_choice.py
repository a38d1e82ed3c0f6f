"""The legend's fit starts from the previous page's choice: over any sequence of
pages it makes the same choice as trying every choice in order (the first that
fits, or none), given that in one column a smaller scale never needs more room.
The pages' needs are made up here (which choices fit), the legend is not drawn."""

import itertools
import random

from qgis.core import QgsLayoutSize  # noqa: F401 (QGIS started by conftest)

from situation_mapper.export.legend import LEGEND_SCALES, LegendFitter


class TableFitter(LegendFitter):
    """A fitter whose pages say which choices fit; it counts the checks made."""

    def __init__(self):  # no layout: only the choice is tested
        self.page = None
        self.checks = 0

    def _fits(self, index):
        self.checks += 1
        return self.page[index]


def first_fitting(page):
    return next((index for index, fits in enumerate(page) if fits), -1)


def pages():
    """Every page need: one column fits from some scale on (monotone), two columns any."""
    count = len(LEGEND_SCALES)
    for single_from in range(count + 1):
        single = [index >= single_from for index in range(count)]
        for double in itertools.product((False, True), repeat=count):
            yield single + list(double)


def test_the_choice_is_the_first_that_fits_whatever_came_before():
    every = list(pages())
    randomised = random.Random(16)
    for _ in range(3000):
        fitter = TableFitter()
        for page in randomised.sample(every, 6) + [every[5]] * 3:
            fitter.page = page
            choice = fitter._previous_choice()
            if choice is None:
                choice = first_fitting(page)
            fitter._last_choice = choice
            assert choice == first_fitting(page), page


def test_the_same_page_again_takes_two_checks_not_six():
    fitter = TableFitter()
    page = [False] * len(LEGEND_SCALES) + [True] * len(LEGEND_SCALES)  # two columns at full size
    fitter.page = page
    fitter._last_choice = first_fitting(page)
    assert fitter._previous_choice() == len(LEGEND_SCALES) and fitter.checks == 2

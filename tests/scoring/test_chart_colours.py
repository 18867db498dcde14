"""The charts' colours held to readers with a colour-vision deficiency, simulated (tests/scoring/colour_vision.py).

Neighbours (stacked segments, grouped bars, legend entries side by side) must differ by a CIEDE2000 of at
least NEIGHBOURS for a reader with normal vision, protanopia, deuteranopia and tritanopia: at about 10 two
patches are told apart at a glance, below about 5 they pass for one colour.
"""

from __future__ import annotations

import itertools

import pytest

from assessment.report.common import RATING_COLOURS
from scoring import charts, charts_plan, palette
from tests.scoring.colour_vision import MACHADO, difference
from tests.scoring.test_charts import ANSWERS, PRIORITIES, RESULT, TREND, UNITS, series_colours

VISIONS = (None, *MACHADO)  # normal, protanopia, deuteranopia, tritanopia
NEIGHBOURS = 10.0
CATEGORIES = 12.0  # categories have no order to help: a wider margin


def closest(colours: list[str], pairs=zip) -> tuple[float, str, str, str | None]:
    """The smallest difference between two neighbouring colours (or every two, with itertools.combinations), for
    any of the colour visions, and which colours and vision it was."""
    return min(
        (difference(a, b, vision), a, b, vision)
        for a, b in (pairs(colours, colours[1:]) if pairs is zip else pairs(colours, 2))
        for vision in VISIONS
    )


def test_the_measure_can_fail_the_old_unit_colours():
    """The lightness ramp the units took before: neighbours of eight pass for one colour under protanopia."""
    worst, *_, vision = closest(palette.ramp(8))
    assert worst < 5
    assert vision == "protanopia"


@pytest.mark.parametrize("n", range(2, 8))
def test_categories_differ_from_their_neighbours_for_every_colour_vision(n):
    colours = palette.categorical(n)
    assert len(set(colours)) == n
    assert closest(colours)[0] >= CATEGORIES, closest(colours)
    assert closest(colours, itertools.combinations)[0] >= NEIGHBOURS  # any two, not only neighbours


def test_past_seven_categories_the_colours_repeat_in_order():
    assert palette.categorical(9) == [*palette.OKABE_ITO, *palette.OKABE_ITO[:2]]


@pytest.mark.parametrize("n", range(2, 6))
def test_an_answer_scale_of_up_to_five_values_steps_light_to_dark_for_every_colour_vision(n):
    colours = palette.ordinal(n)
    assert closest(colours)[0] >= NEIGHBOURS, closest(colours)


def test_the_ratings_step_apart_for_every_colour_vision_and_the_report_takes_the_same_colours():
    heat = list(dict.fromkeys(colour for _, colour in palette.rating_colourscale()))
    assert closest(heat)[0] >= NEIGHBOURS, closest(heat)
    assert [RATING_COLOURS[letter] for letter in palette.RATINGS] == heat


def test_the_lowest_and_highest_answers_take_the_colours_of_the_lowest_and_highest_ratings():
    """A reader of both charts: an answer of 0 looks like N, a full answer like F (lightness within 5 L*)."""
    low, *_, high = palette.ordinal(5)
    assert difference(low, RATING_COLOURS["N"]) < 5
    assert difference(high, RATING_COLOURS["F"]) < 8


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: charts.unit_chart(UNITS.assign(unit=UNITS["unit"] + "x"), "en"), id="units"),
        pytest.param(
            lambda: charts.unit_chart(
                UNITS.assign(unit=[f"unit {i}" for i in range(len(UNITS))], process="change"), "en", targets={}
            ),
            id="five-units",
        ),
        pytest.param(lambda: charts_plan.trend_chart(TREND, "en"), id="trend"),
        pytest.param(
            lambda: charts_plan.trend_chart(
                TREND.assign(process=[f"p{i}" for i in range(len(TREND))], label="2026"), "en"
            ),
            id="six-processes",
        ),
        pytest.param(lambda: charts.radar_chart(RESULT.processes, "en", baseline=RESULT.processes), id="radar"),
        pytest.param(lambda: charts_plan.gap_bars(PRIORITIES, "en"), id="gaps"),
    ],
)
def test_neighbouring_series_of_each_chart_differ_for_every_colour_vision(build):
    colours = [c for c in series_colours(build()) if c != palette.grey(12)]  # the targets' black line
    assert len(colours) >= 2
    assert closest(colours)[0] >= NEIGHBOURS, closest(colours)


def test_neighbouring_answers_in_the_distribution_differ_for_every_colour_vision():
    fig = charts.answer_distribution(ANSWERS, "en")
    answered = [t.marker.color for t in fig.data if not t.marker.pattern.shape]
    assert len(answered) == 5
    assert closest(answered)[0] >= NEIGHBOURS, closest(answered)
    hatched = [t.marker.pattern.shape for t in fig.data if t.marker.pattern.shape]
    assert len(set(hatched)) == len(hatched) == 3  # not applicable, don't know, no answer: each its own hatching

from __future__ import annotations

import numpy as np
import pytest

from matcher.errors import TemplateFormatError
from matcher.finger.errors import ImpossibleMinutiaError
from matcher.finger.template import at_resolution, make_template, rescaled


def test_valid_template_is_frozen() -> None:
    t = make_template([10, 20], [30, 40], [0.0, 7.0], width=100, height=100, quality=[50, 60])
    assert t.count == 2
    assert t.angle[1] == pytest.approx(7.0 - 2 * np.pi)
    with pytest.raises(ValueError):
        t.x[0] = 5


@pytest.mark.parametrize(
    ("x", "y", "width", "height"),
    [([10, 120], [5, 5], 100, 100), ([10], [-1], 100, 100), ([np.nan], [3], 100, 100), ([1], [1], 0, 100)],
)
def test_impossible_coordinates(x: list[float], y: list[float], width: int, height: int) -> None:
    with pytest.raises(ImpossibleMinutiaError) as err:
        make_template(x, y, np.zeros(len(x)), width=width, height=height)
    assert isinstance(err.value, TemplateFormatError)


def test_impossible_count_kind_and_quality() -> None:
    n = 256
    with pytest.raises(ImpossibleMinutiaError, match="more than 255"):
        make_template(np.zeros(n), np.zeros(n), np.zeros(n), width=10, height=10)
    with pytest.raises(ImpossibleMinutiaError):
        make_template([1], [1], [0], kind=[3], width=10, height=10)
    with pytest.raises(ImpossibleMinutiaError):
        make_template([1], [1], [0], quality=[101], width=10, height=10)
    with pytest.raises(ImpossibleMinutiaError):
        make_template([1, 2], [1], [0], width=10, height=10)


def test_rescale_follows_anisotropic_stretch() -> None:
    t = make_template([100], [100], [np.pi / 4], width=300, height=400, dpi=500)
    s = rescaled(t, 2.0, 1.0)
    assert (s.width, s.height, s.x[0]) == (600, 400, 200)
    assert s.angle[0] == pytest.approx(np.arctan2(1.0, 2.0))
    assert at_resolution(make_template([10], [10], [0], width=50, height=50, dpi=1000)).width == 25
    assert at_resolution(t) is t

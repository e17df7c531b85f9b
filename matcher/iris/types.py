"""The frozen results the iris stages pass along."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

GreyImage = NDArray[np.uint8]  # (H, W) grey levels
BoolMask = NDArray[np.bool_]


@dataclass(frozen=True)
class IrisImage:
    """A grey (NIR) eye image, checked: 2-D uint8, not blank, of a usable size."""

    pixels: GreyImage

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float
    strength: float = 0.0  # the boundary's grey-level step (integro-differential response)


@dataclass(frozen=True)
class Eyelid:
    """A parabola ``y = y0 + k * (x - x0)**2 / r_iris``; ``found`` False means the lid is outside the iris."""

    y0: float
    x0: float
    k: float
    found: bool
    strength: float


@dataclass(frozen=True)
class Segmentation:
    pupil: Circle
    iris: Circle
    upper_lid: Eyelid
    lower_lid: Eyelid
    noise: BoolMask  # (H, W) True where the image is occluded (lids, lashes, reflections)


@dataclass(frozen=True)
class NormalisedIris:
    """Daugman's rubber sheet: rows run pupil → limbus, columns run once round the eye."""

    texture: NDArray[np.float32]  # (NORM_RADIAL, NORM_ANGULAR)
    valid: BoolMask  # same shape, True where the texture is iris

    @property
    def usable_fraction(self) -> float:
        return float(self.valid.mean())


@dataclass(frozen=True)
class IrisCode:
    """Phase bits and their validity, packed column by column (``bytes_per_column`` each), so that a barrel
    shift of the eye by one angular column is a roll of the packed bytes by ``bytes_per_column``."""

    code: NDArray[np.uint8]  # (columns * bytes_per_column,)
    mask: NDArray[np.uint8]  # same shape; 1 bits are valid
    columns: int
    bytes_per_column: int
    model_id: str

    @property
    def n_bits(self) -> int:
        return int(self.code.size * 8)

    @property
    def valid_bits(self) -> int:
        return int(np.unpackbits(self.mask).sum())

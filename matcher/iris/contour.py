"""Daugman's integro-differential operator, vectorised: mean grey level on many circles at once, then the
Gaussian-blurred radial derivative of those means; its maximum is the boundary.

    max over (r, x0, y0) of | G_sigma(r) * d/dr  ∮_(r, x0, y0) I(x, y) ds / (2 pi r) |

Only the arcs given by ``angles`` are integrated, so that eyelids can be left out of the limbus search.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]


@dataclass(frozen=True)
class Step:
    centre: int  # index into the candidate centres
    radius: float
    strength: float  # grey-level rise per px across the boundary (dark inside, bright outside)


def ray_samples(image: FloatArray, cx: NDArray[np.float64], cy: NDArray[np.float64],
                radii: NDArray[np.float64], angles: NDArray[np.float64]) -> FloatArray:
    """(centres, radii, angles) grey levels on the circles, bilinear sampling, edge pixels replicated."""
    cos, sin = np.cos(angles), np.sin(angles)
    xs = cx[:, None, None] + radii[None, :, None] * cos[None, None, :]
    ys = cy[:, None, None] + radii[None, :, None] * sin[None, None, :]
    shape = xs.shape
    map_x = xs.reshape(shape[0] * shape[1], shape[2]).astype(np.float32)
    map_y = ys.reshape(shape[0] * shape[1], shape[2]).astype(np.float32)
    samples = cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    out: FloatArray = np.asarray(samples, dtype=np.float32).reshape(shape)
    return out


def circle_means(image: FloatArray, cx: NDArray[np.float64], cy: NDArray[np.float64],
                 radii: NDArray[np.float64], angles: NDArray[np.float64]) -> FloatArray:
    """(centres, radii) mean grey level along each arc."""
    out: FloatArray = ray_samples(image, cx, cy, radii, angles).mean(axis=2).astype(np.float32)
    return out


def gaussian_derivative(sigma: float, step: float) -> NDArray[np.float64]:
    half = max(2, int(np.ceil(3 * sigma / step)))
    t = np.arange(-half, half + 1) * step
    g = -t * np.exp(-(t**2) / (2 * sigma**2))
    out: NDArray[np.float64] = g / np.abs(g * t).sum()  # a unit ramp gives 1 per px
    return out


def strongest_step(means: FloatArray, radii: NDArray[np.float64], sigma: float,
                   allowed: NDArray[np.bool_] | None = None) -> Step:
    """The (centre, radius) with the largest blurred radial rise of the arc means."""
    step = float(radii[1] - radii[0]) if radii.size > 1 else 1.0
    kernel = gaussian_derivative(sigma, step)  # odd: convolving with it correlates with -t*G
    deriv = np.stack([np.convolve(row, kernel, mode="same") for row in means.astype(np.float64)])
    edge = len(kernel) // 2
    deriv[:, :edge] = -np.inf  # the convolution is not valid at the ends
    deriv[:, deriv.shape[1] - edge:] = -np.inf
    if allowed is not None:
        deriv = np.where(allowed, deriv, -np.inf)
    flat = int(np.argmax(deriv))
    c, r = np.unravel_index(flat, deriv.shape)
    return Step(centre=int(c), radius=float(radii[r]), strength=float(deriv[c, r]))


def sector_angles(sectors_deg: tuple[tuple[float, float], ...], count: int) -> NDArray[np.float64]:
    """``count`` angles spread over the sectors in proportion to their widths (radians, image axes)."""
    widths = np.array([hi - lo for lo, hi in sectors_deg])
    per = np.maximum(1, np.round(count * widths / widths.sum()).astype(int))
    parts = [np.linspace(lo, hi, n, endpoint=False) for (lo, hi), n in zip(sectors_deg, per, strict=True)]
    return np.deg2rad(np.concatenate(parts))

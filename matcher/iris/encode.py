"""The iris code: 1-D log-Gabor filtering along the angle of each radial band of the rubber sheet (Masek),
two phase bits per sample (signs of the real and imaginary responses, Daugman's phase quadrant).

Validity: a bit is valid where its sample is iris (no lid, lash or reflection under it) and the filter
response is not among the weakest (``FRAGILE_FRACTION``: bits near the quadrant axes flip between images).
Bits are packed column by column, so a rotation of the eye is a roll of whole bytes.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matcher.iris import params
from matcher.iris.errors import IrisOccludedError
from matcher.iris.types import IrisCode, NormalisedIris


def log_gabor(width: int, wavelength: float, sigma_on_f: float) -> NDArray[np.float64]:
    """Frequency response of the 1-D log-Gabor filter; zero at DC and at negative frequencies (the
    response is then analytic: its real and imaginary parts are the even and odd filters)."""
    f = np.fft.fftfreq(width)
    f0 = 1.0 / wavelength
    out = np.zeros(width)
    pos = f > 0
    out[pos] = np.exp(-(np.log(f[pos] / f0) ** 2) / (2 * np.log(sigma_on_f) ** 2))
    return out


def _bands(values: NDArray[np.floating], rows: int) -> NDArray[np.float64]:
    radial = values.shape[0]
    out: NDArray[np.float64] = np.asarray(values, dtype=np.float64).reshape(rows, radial // rows, -1).mean(axis=1)
    return out


def encode(norm: NormalisedIris, *, rows: int = params.CODE_ROWS) -> IrisCode:
    """Raise :class:`IrisOccludedError` when fewer than ``MIN_USABLE_FRACTION`` of the bits are valid."""
    if norm.texture.shape[0] % rows:
        raise ValueError(f"{norm.texture.shape[0]} radial samples do not split into {rows} bands")
    if (2 * rows) % 8:
        raise ValueError("2 bits x rows must fill whole bytes per column")
    texture = _bands(norm.texture, rows)
    valid = _bands(norm.valid.astype(np.float64), rows) >= 0.5
    columns = texture.shape[1]
    spectrum = np.fft.fft(texture, axis=1) * log_gabor(columns, params.CODE_WAVELENGTH, params.CODE_SIGMA_ON_F)
    response = np.fft.ifft(spectrum, axis=1)
    re, im = response.real, response.imag
    bits = np.stack([re > 0, im > 0], axis=-1)  # (rows, columns, 2)
    strength = np.stack([np.abs(re), np.abs(im)], axis=-1)
    ok = np.repeat(valid[..., None], 2, axis=-1)
    if ok.any() and params.FRAGILE_FRACTION > 0:
        cut = np.quantile(strength[ok], params.FRAGILE_FRACTION)
        ok &= strength > cut
    usable = float(ok.mean())
    if usable < params.MIN_USABLE_FRACTION:
        raise IrisOccludedError(f"only {usable:.0%} of the iris code is usable", usable_fraction=usable)
    # column-major: all bits of one angular column together
    code = np.packbits(bits.transpose(1, 0, 2).reshape(columns, 2 * rows), axis=1)
    mask = np.packbits(ok.transpose(1, 0, 2).reshape(columns, 2 * rows), axis=1)
    return IrisCode(code=code.ravel(), mask=mask.ravel(), columns=columns, bytes_per_column=2 * rows // 8,
                    model_id=params.MODEL_ID)

"""Algorithm constants of the iris pipeline, in one table.

Geometry is in pixels of the input image. The ranges suit iris cameras that image the iris at roughly
150-280 px diameter (ISO/IEC 19794-6 asks for at least 150 px; CASIA-IrisV1 irises are ~200 px).
Values marked *tuned* were chosen on CASIA-IrisV1: "on eyes 001-054" means on that half only, the other
half (055-108) held out as a check (model v2); unmarked "*tuned*" values date from v1 and were chosen on all
756 images. The others are the literature's (Daugman 2004/2007, Masek 2003) or sanity limits. Changing a
value changes the iris codes: bump ``MODEL_VERSION`` (codes of different model ids are never compared).
"""

from __future__ import annotations

# Input image checks
MIN_SIDE = 120  # below this no iris of the minimum diameter fits
MAX_SIDE = 4000
MIN_GREY_STD = 4.0  # a blank frame has (almost) no grey-level variation
MAX_CHROMA = 12.0  # mean |R-G|+|G-B| of a colour image; NIR iris cameras give grey pixels

# Pupil: dark, compact, round blob, then integro-differential refinement
PUPIL_RADIUS = (16, 90)
PUPIL_THRESHOLD_STEPS = (8, 16, 24, 32, 44, 56)  # grey levels above the darkest percentile (tried in turn)
PUPIL_DARK_PERCENTILE = 0.5
PUPIL_MIN_FILL = 0.70  # blob area / area of its enclosing circle
PUPIL_MAX_ASPECT = 1.35
PUPIL_REFINE_CENTRE = 2  # ± px of centre search around the blob centre
PUPIL_REFINE_RADIUS = 3  # ± px of radius search
PUPIL_MIN_STEP = 8.0  # grey levels/px at the pupil edge: NIR pupils are sharp and dark (CASIA: 15-22)
PUPIL_FIT_RAYS = 128  # rays for the sub-pixel edge points of the pupil disc
PUPIL_FIT_TOLERANCE = 1.0  # px from the fitted circle: farther edge points (lid, lashes) are left out
PUPIL_FIT_MIN_INLIERS = 0.5  # fraction of the rays that must agree, else the coarse circle stays

# Limbus: median over rays of the radial Gaussian derivative, lower-lateral sectors (lids and lashes cover the
# top; the lower lid covers less), centre within LIMBUS_CENTRE_RANGE px of the pupil's
IRIS_RADIUS = (60, 160)
IRIS_PUPIL_RATIO = (1.6, 5.0)  # iris radius / pupil radius
LIMBUS_CENTRE_RANGE = 1  # px either way  *tuned* on eyes 001-054 (0, 1, 3 px; was ± r_pupil / 4)
LIMBUS_SECTORS_DEG = ((-30.0, 45.0), (135.0, 210.0))  # image angles: 0° right, 90° down; *tuned* on 001-054
LIMBUS_ANGLES = 64
LIMBUS_SMOOTH_SIGMA = 2.0  # px, Gaussian along the radius (the operator's G_sigma)
LIMBUS_MIN_STEP = 4.0  # grey levels: weaker than this is no limbus at all

# Occlusion: parabolic eyelids, then eyelash (dark) and reflection (bright) pixels
EYELID_CURVATURES = (0.0, 0.15, 0.3, 0.45, 0.6)  # drop at dx = iris radius, as a fraction of it
EYELID_MIN_EDGE = 4.0  # *tuned* (6 -> 4); mean vertical gradient along the lid (grey levels / px) to accept a lid
EYELID_WIDTH = 0.85  # fraction of the iris radius either side of the centre used to fit the lid
LASH_K = 2.5  # darker than iris median - K * robust spread: eyelash (a priori)
REFLECTION_K = 3.5  # brighter than iris median + K * robust spread: reflection or lid skin (a priori)

# Rubber sheet (Daugman): radial samples from pupil to limbus, angular samples around the circle
NORM_RADIAL = 64
NORM_ANGULAR = 256
NORM_RADIAL_RANGE = (0.0, 0.80)  # pupil edge (fitted exactly) to short of the limbus, where lids and lashes
# crowd in  *tuned* on eyes 001-054: (0.04, 0.9) -> (0.0 | 0.04, 0.7 | 0.75 | 0.8 | 0.95)

# Iris code: rows of 1-D log-Gabor phase (2 bits per sample), Masek's filter
CODE_ROWS = 16  # radial bands (averages of NORM_RADIAL / CODE_ROWS rows)
CODE_WAVELENGTH = 14.0  # px along the angular axis  *tuned* on eyes 001-054 (12, 14, 16, 18, 24)
CODE_SIGMA_ON_F = 0.4  # log-Gabor bandwidth (smaller: wider band)  *tuned* on eyes 001-054 (0.3-0.65)
# mask the bits of the weakest filter responses (Hollingsworth's fragile bits); 0 to 0.25 moved the EER < 0.2 pt
FRAGILE_FRACTION = 0.10
MIN_USABLE_FRACTION = 0.30  # fewer valid bits than this: the iris is too occluded to encode

# Comparison: fractional Hamming distance, minimum over barrel shifts, Daugman's normalisation
MAX_SHIFT = 10  # angular columns either way (10/256 of a turn = ±14°)
# n at which HD_norm = HD_raw (Daugman's 911 for his 2048-bit codes): the median n on CASIA-IrisV1. A pure
# scale: changing it does not reorder scores, so EER and FNMR do not move.
REFERENCE_BITS = 5000
MIN_BITS_COMPARED = 400  # fewer bits in common than this: no comparison (score 0.5)

MODEL_VERSION = 2  # v2: median limbus, sub-pixel pupil disc, retuned rubber sheet and filter
MODEL_ID = f"iris-loggabor-v{MODEL_VERSION}"

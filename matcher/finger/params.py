"""Every algorithm constant of the fingerprint matcher, in one flat table (SourceAFIS ``Parameters``).

Operational choices (which extractor, which FMR target) live in ``gate.settings``; nothing here is
meant to be tuned per deployment. Changing a value changes the model: bump ``MODEL_VERSION``.
"""

from __future__ import annotations

import math

MODEL_VERSION = "1"  # keys the cached templates: bump when an extractor's output changes

# --- image normalisation -------------------------------------------------------------------------------
TARGET_DPI = 500.0            # every extractor works at 500 ppi (FVC2002 DB2 569, FVC2004 DB3 512 rescale)
MIN_SIDE_PX = 150             # below 7.6 mm at 500 ppi there is no room for a usable minutiae set
MAX_SIDE_PX = 2048            # pixel budget: memory stays bounded
BLANK_STD = 6.0               # grey-level standard deviation below which an image is blank
RIDGE_BLOCK = 16              # block size (px) of the ridge-structure check
RIDGE_MIN_BLOCK_STD = 10.0    # a block flatter than this is background
RIDGE_PERIOD_PX = (5.0, 14.0)  # plausible ridge period at 500 ppi
RIDGE_MIN_COHERENCE = 0.4     # a ridge block: orientation coherence at least this...
RIDGE_MIN_BLOCK_BAND = 0.6    # ...and this share of its spectral energy at ridge periods
RIDGE_MIN_SHARE = 0.15        # enough ridge blocks: a fingerprint (FVC: 1st percentile 0.15, faces <= 0.14)
RIDGE_MIN_BAND_ENERGY = 0.49  # or enough median energy at ridge periods (faces <= 0.47)
RIDGE_MAX_EDGE_COHERENCE = 0.5  # weak evidence and coherent edges (faces 0.6-0.9): a photo, not a finger
RIDGE_MIN_SHARE_ALWAYS = 0.03  # below this (noise: 0.0; FVC minimum 0.05) never a fingerprint

# --- Gabor enhancement before mindtct (matcher.finger.enhance) -----------------------------------------
SEGMENT_BLOCK = 16            # block size (px) of the ridge-region segmentation
SEGMENT_MIN_STD = 8.0         # a ridge block has at least this grey-level standard deviation...
SEGMENT_MIN_BAND = 0.45       # ...this share of its spectral energy at ridge periods (32-px window)...
SEGMENT_MIN_COHERENCE = 0.2   # ...and this orientation coherence
SEGMENT_EDGE_SIGMA = 6.0      # smoothing (px) of the block mask's staircase edge
NORMALISE_SIGMA = 8.0         # local mean/variance normalisation window (px)
ORIENTATION_SIGMA = 4.0       # smoothing (px) of the doubled-angle orientation field
GABOR_SIGMA = 3.0             # Gaussian envelope of the even Gabor kernels (px)
GABOR_ORIENTATIONS = 16       # kernels in the bank (11.25° apart)
DEFAULT_RIDGE_PERIOD = 9.0    # px at 500 ppi, when the spectrum has no clear peak
ENHANCED_GAIN = 1.5           # tanh gain on the response scaled by its 90th percentile in the region
REGION_BORDER_PX = 14.0       # mindtct minutiae closer than this to the region's edge are dropped

# --- templates -----------------------------------------------------------------------------------------
MIN_MINUTIAE = 4              # fewer than this cannot be compared (no relaxation possible)
MAX_MINUTIAE = 255            # ISO/IEC 19794-2 counts minutiae in one byte
MINDTCT_MIN_RELIABILITY = 0.0  # keep every mindtct minutia; matchers weigh them themselves

# --- MCC (Cappelli, Ferrara, Maltoni, IEEE TPAMI 32(12), 2010, Table 1) -----------------------------------
MCC_R = 70.0                  # cylinder radius (px)
MCC_NS = 16                   # cells along each side of the cylinder base
MCC_ND = 6                    # cells along the direction axis
MCC_SIGMA_S = 28.0 / 3.0      # spatial Gaussian
MCC_SIGMA_D = 2.0 * math.pi / 9.0  # directional Gaussian
MCC_MU_PSI = 1.0 / 100.0      # sigmoid Ψ
MCC_TAU_PSI = 400.0
MCC_OMEGA = 50.0              # convex-hull enlargement (px)
MCC_MIN_VC = 0.75             # minimum share of valid cells in a cylinder
MCC_MIN_M = 2                 # minimum minutiae contributing to a cylinder
MCC_MIN_ME = 0.60             # minimum share of matchable cells of two cylinders
MCC_DELTA_THETA = math.pi / 2  # cylinders of minutiae more than this apart in direction never match
# number of top pairs nP = MIN_NP + round(Z(min(nA, nB), MU_P, TAU_P) * (MAX_NP - MIN_NP))
MCC_MIN_NP = 4
MCC_MAX_NP = 12
MCC_MU_P = 20.0
MCC_TAU_P = 2.0 / 5.0
# relaxation (both LSS-R and LSA-R)
MCC_W_R = 0.5
MCC_N_REL = 5
MCC_MU_RHO = (5.0, math.pi / 12, math.pi / 12)
MCC_TAU_RHO = (-8.0 / 5.0, -30.0, -30.0)

# --- bozorth3 ------------------------------------------------------------------------------------------
BOZORTH_MAX_MINUTIAE = 150    # NIST bozorth3's default (-n 150): keep the most reliable ones

# --- fusion --------------------------------------------------------------------------------------------
FUSION_RULE = "sum"           # sum of per-finger scores (Kittler's sum rule; robust on few fingers)

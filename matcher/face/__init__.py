"""Face matching core: detect, landmarks, align, embed, quality, compare (see ``pipeline``)."""

import warnings

# face_recognition_models imports pkg_resources (setuptools < 81 is pinned for it); its deprecation
# warning says nothing an operator can act on.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

"""The image directory of ``egate-lab eval dedup``: one folder per identity, images sorted by name, and
the face embeddings of every image (computed once by the gate's face pipeline, cached on disk)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from scripts.lab.eval_face import Variant, embed_images

DEFAULT_CACHE = Path.home() / ".cache" / "egate"  # embeddings and templates, outside the repository

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".ppm", ".tif", ".tiff")


def list_identities(root: Path) -> list[tuple[str, list[Path]]]:
    """(identity, its image paths sorted by name) for each folder of ``root`` holding at least one image,
    folders sorted by name."""
    if not root.is_dir():
        raise FileNotFoundError(f"no image directory at {root}")
    out: list[tuple[str, list[Path]]] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        images = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
        if images:
            out.append((folder.name, images))
    if not out:
        raise FileNotFoundError(f"{root} holds no identity folders with images")
    return out


def embed_directory(identities: list[tuple[str, list[Path]]], variant: Variant, *, yunet: bytes | None,
                    cache: Path, workers: int, model_dirs: tuple[Path, Path]
                    ) -> tuple[NDArray[np.float32], NDArray[np.bool_], str]:
    """Embeddings of every image, in listing order (cached under ``cache``), acquired flags, model id."""
    paths = [p for _, images in identities for p in images]
    return embed_images(paths, variant, yunet=yunet, cache=cache, workers=workers, model_dirs=model_dirs)

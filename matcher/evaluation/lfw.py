"""The LFW pairs file (view 2): ``N<TAB>P`` header, then per fold P same-person lines ``name i j`` and
P different-person lines ``name1 i name2 j``. Pure text parsing; images are named
``<name>/<name>_<i:04d>.jpg`` below the image directory."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pair:
    fold: int
    first: str  # relative image path
    second: str
    same: bool


def image_path(name: str, index: int) -> str:
    return f"{name}/{name}_{index:04d}.jpg"


def parse_pairs(text: str) -> list[Pair]:
    lines = [ln.split() for ln in text.splitlines() if ln.strip()]
    if not lines or len(lines[0]) != 2:
        raise ValueError("pairs file must start with a '<folds> <pairs per fold>' header")
    folds, per_fold = int(lines[0][0]), int(lines[0][1])
    body = lines[1:]
    if len(body) != folds * 2 * per_fold:
        raise ValueError(f"header announces {folds}x2x{per_fold} pairs, file has {len(body)} lines")
    pairs: list[Pair] = []
    for n, parts in enumerate(body):
        fold = n // (2 * per_fold)
        try:
            if len(parts) == 3:
                name, i, j = parts
                pairs.append(Pair(fold, image_path(name, int(i)), image_path(name, int(j)), True))
            elif len(parts) == 4:
                a, i, b, j = parts
                pairs.append(Pair(fold, image_path(a, int(i)), image_path(b, int(j)), False))
            else:
                raise ValueError
        except ValueError:
            raise ValueError(f"malformed pairs line {n + 2}: {' '.join(parts)!r}") from None
    return pairs


def identity_of(path: str) -> str:
    return path.split("/", 1)[0]

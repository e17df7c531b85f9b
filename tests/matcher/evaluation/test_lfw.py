from __future__ import annotations

import pytest

from matcher.evaluation.lfw import identity_of, parse_pairs

SAMPLE = """2\t1
Abel_Pacheco\t1\t4
Aaron_Peirsol\t1\tAkhmed_Zakayev\t3
Zico\t2\t3
Ann_Veneman\t10\tZico\t1
"""


def test_parses_folds_and_kinds() -> None:
    pairs = parse_pairs(SAMPLE)
    assert [(p.fold, p.same) for p in pairs] == [(0, True), (0, False), (1, True), (1, False)]
    assert pairs[0].first == "Abel_Pacheco/Abel_Pacheco_0001.jpg"
    assert pairs[3].first == "Ann_Veneman/Ann_Veneman_0010.jpg"
    assert identity_of(pairs[1].second) == "Akhmed_Zakayev"


@pytest.mark.parametrize("text", ["", "2\n", "1\t1\nA\t1\t2\n", "1\t1\nA\tx\t2\nB\t1\tC\t2\n",
                                  "1\t1\nA\t1\nB\t1\tC\t2\n"])
def test_malformed_files_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_pairs(text)


def test_shared_pairs_file_has_the_documented_shape(shared_dir) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import require

    pairs = parse_pairs(require(shared_dir / "data/faces/lfw/pairs.txt").read_text())
    assert len(pairs) == 8 * 600
    assert sum(p.same for p in pairs) == 2400

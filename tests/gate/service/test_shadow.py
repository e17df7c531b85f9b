"""Shadow zero-effort impostor comparisons on real embeddings of different people (LFW in ../shared): the
counts are exactly the impostor pairs at the threshold in force, a traveller's own chip is never compared
with itself, the references stay bounded and in memory, only counts reach the database, and a failing
shadow never changes the face step's outcome."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from gate.service.shadow import ShadowImpostors
from gate.store import Database
from gate.store.shift_models import ShadowTallyRow
from matcher.face.pipeline import FacePipeline
from matcher.image import decode_image
from matcher.templates import Template
from matcher.thresholds import Calibration, Comparison
from models import load_calibration
from tests.conftest import require
from tests.gate.conftest import GateFactory, World, run

PEOPLE = 24
Traveller = tuple[Template, Template]  # (live probe, chip reference): two photos of one person


@pytest.fixture(scope="module")
def travellers(world: World, shared_dir: Path) -> list[Traveller]:
    root = require(shared_dir / "data" / "faces" / "lfw" / "lfw-deepfunneled")
    found: list[Traveller] = []
    for person in sorted(p for p in root.iterdir() if p.is_dir()):
        photos = sorted(person.glob("*.jpg"))[:2]
        if len(photos) < 2:
            continue
        try:
            ref, live = (world.pipeline.capture(decode_image(p.read_bytes()).rgb).template for p in photos)
        except Exception:  # no single face found: take the next person
            continue
        found.append((live, ref))
        if len(found) == PEOPLE:
            return found
    pytest.skip("not enough LFW people with two usable photos")


def calibration(pipeline: FacePipeline) -> Calibration:
    return load_calibration(pipeline.calibration_id)


def feed(shadow: ShadowImpostors, pipeline: FacePipeline, travellers: list[Traveller], target: float) -> None:
    cal = calibration(pipeline)
    for live, ref in travellers:
        shadow.observe(live, ref, pipeline.verify(live, ref, cal, target))


def stored(db: Database) -> list[ShadowTallyRow]:
    with db.sessions() as session:
        return list(session.scalars(select(ShadowTallyRow)))


@pytest.mark.parametrize("target", [0.01, 0.001])
def test_counts_are_the_impostor_pairs_at_the_threshold(db: Database, world: World, travellers: list[Traveller],
                                                        target: float) -> None:
    k = 8
    shadow = ShadowImpostors(db, k=k)
    feed(shadow, world.pipeline, travellers, target)
    threshold = calibration(world.pipeline).threshold_for(target)
    lower = calibration(world.pipeline).lower_is_better
    expected_pairs = expected_matches = 0
    for i, (live, _) in enumerate(travellers):  # the k travellers before each one, scored one by one
        for _, other_ref in travellers[max(0, i - k):i]:
            s = world.pipeline.score(live, other_ref)
            expected_pairs += 1
            expected_matches += (s <= threshold) if lower else (s >= threshold)
    assert shadow.references_held() == k
    assert shadow.flush() == 1 and shadow.flush() == 0
    [row] = stored(db)
    assert (row.comparisons, row.false_matches) == (expected_pairs, expected_matches)
    assert row.fmr_target == target and row.model_id == world.pipeline.model_id
    assert row.created_at.second == 0 and row.created_at.microsecond == 0  # the minute, nothing finer
    assert expected_matches / expected_pairs <= 0.05  # different people: a handful of false matches at most
    genuine = sum(world.pipeline.verify(live, ref, calibration(world.pipeline), target).is_match
                  for live, ref in travellers)
    assert genuine >= PEOPLE // 2  # had a traveller's own chip been compared, these would have counted


def test_own_chip_is_never_compared_and_old_references_expire(db: Database, world: World,
                                                              travellers: list[Traveller]) -> None:
    clock = iter(float(t) for t in range(0, 10_000, 100))
    shadow = ShadowImpostors(db, k=4, max_age_s=250, monotonic=lambda: next(clock))
    (live_a, ref_a), (live_b, ref_b) = travellers[:2]
    target = 0.001
    cal = calibration(world.pipeline)
    shadow.observe(live_a, ref_a, world.pipeline.verify(live_a, ref_a, cal, target))  # t=100: nothing held
    shadow.observe(live_a, ref_a, world.pipeline.verify(live_a, ref_a, cal, target))  # a retry: own chip only
    shadow.flush()
    assert stored(db) == [] and shadow.references_held() == 1
    shadow.observe(live_b, ref_b, world.pipeline.verify(live_b, ref_b, cal, target))  # t=300: A still held
    shadow.flush()
    assert sum(r.comparisons for r in stored(db)) == 1
    for _ in range(3):  # t=400..600: A (seen at 200) ages out past 250 s, B (300) too by 600
        shadow.observe(live_b, ref_b, world.pipeline.verify(live_b, ref_b, cal, target))
    assert shadow.references_held() == 1


def test_a_failing_shadow_leaves_the_decision_alone(make_gate: GateFactory, world: World) -> None:
    class Broken:
        calls = 0

        def observe(self, probe: Template, reference: Template, comparison: Comparison) -> None:
            Broken.calls += 1
            raise RuntimeError("shadow down")

    runtime = make_gate()
    outcomes = []
    for shadow, live in ((None, "obama.jpg"), (Broken(), "obama.jpg"), (None, "biden.jpg"), (Broken(), "biden.jpg")):
        runtime.controller.parts = replace(runtime.controller.parts, shadow=shadow)
        card, key = world.issue()
        result, _ = run(runtime, card, key, [world.photo(live)])
        outcomes.append((result.decision.verdict, result.decision.reasons))
    assert Broken.calls == 2
    assert outcomes[0] == outcomes[1] and outcomes[2] == outcomes[3] and outcomes[0] != outcomes[2]

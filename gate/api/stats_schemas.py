"""Response bodies of the shift statistics (``/stats``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RateView(_Model):
    errors: int
    trials: int
    rate: float | None = Field(description="errors / trials; null without trials")
    upper: float | None = Field(description="one-sided Clopper-Pearson upper bound (rule of three at zero errors)")
    confidence: float


class LaneHourView(_Model):
    gate_id: str
    hour: datetime = Field(description="start of the hour, UTC")
    transactions: int


class VerdictView(_Model):
    gate_id: str = Field(description='a lane, or "*" for every lane together')
    open: int
    refer: int
    reject: int
    undecided: int
    open_rate: float | None
    refer_rate: float | None
    reject_rate: float | None


class ReasonView(_Model):
    reason: str
    referrals: int


class OfficerTimingView(_Model):
    decided: int
    mean_s: float | None = Field(description="mean seconds from referral to the officer's decision")
    max_s: float | None


class ShadowFmrView(_Model):
    model_id: str
    fmr_target: float
    estimate: RateView


class ShiftStatsView(_Model):
    start: datetime
    end: datetime
    per_hour: list[LaneHourView]
    verdicts: list[VerdictView]
    referral_reasons: list[ReasonView]
    officer: OfficerTimingView
    fmr: list[ShadowFmrView] = Field(description="shadow zero-effort impostor comparisons, per model and target")
    fnmr: RateView = Field(description="face mismatches an officer admitted, of OPEN plus those")
    shadow_references: int = Field(description="other travellers' references held in memory for the shadow")

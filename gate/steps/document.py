"""The document step: read and inspect the chip (BAC, PA, AA, validity), check the stop list, claim the
document for this transaction, and take the chip photo's template as the reference."""

from __future__ import annotations

from enrollment.icao.inspection import DecodedDocument, inspect_document
from gate.audit import CheckRecord
from gate.policy import Reason, document_reasons, holder_reasons
from gate.steps.context import GateParts, TransactionContext, audit
from gate.steps.records import check_result
from gate.transaction import StepOutcome
from matcher.errors import MatcherError
from matcher.face.pipeline import FacePipeline
from matcher.image import decode_image
from matcher.templates import Template


def run_document(parts: GateParts, ctx: TransactionContext) -> StepOutcome:
    result = inspect_document(ctx.devices.chip_reader.connect(), ctx.key, parts.trust_store, at=parts.now(),
                              read_dg3=parts.config.finger_mode != "off", read_dg4=parts.config.iris_mode != "off")
    ctx.document = result.document
    reasons = document_reasons(result.report.checks, require_active_auth=parts.config.require_active_auth)
    checks = [CheckRecord(kind=c.name, result=check_result(c.status), code=c.reason_code[:64])
              for c in result.report.checks]
    pseudonym = None
    mrz = result.document.mrz
    if mrz is not None:
        pseudonym = parts.recorder.pseudonym(mrz.document_number, mrz.issuing_state)
        listed = parts.stop_list.contains(mrz.document_number, mrz.issuing_state)
        checks.append(CheckRecord(kind="stop_list", result="fail" if listed else "pass"))
        in_use = not parts.recorder.attach_document(ctx.transaction_id, pseudonym)
        reasons += holder_reasons(stop_list_hit=listed, document_in_use=in_use)
    if not reasons:
        ctx.reference = chip_face_template(parts.pipeline, result.document)
        if ctx.reference is None:
            reasons.append(Reason.NO_CHIP_FACE)
    audit(parts, ctx, "document_checked", document_pseudonym=pseudonym, checks=checks,
          reason_codes=[r.value for r in reasons])
    if reasons:
        ctx.evidence.stop(*reasons)
        return StepOutcome.STOP
    ctx.devices.entry_door.unlock()  # the traveller steps into the mantrap
    ctx.devices.entry_door.lock()
    return StepOutcome.OK


def chip_face_template(pipeline: FacePipeline, document: DecodedDocument) -> Template | None:
    """The template of the chip's DG2 photo, or None when it holds no usable face."""
    if document.face_image is None:
        return None
    try:
        return pipeline.capture(decode_image(document.face_image).rgb).template
    except MatcherError:
        return None

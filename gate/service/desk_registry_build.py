"""Opening the desk's registry link from the settings (``EGATE_DESK__*``).

* enrolment PKI: ``enrolment_pki`` or ``<home>/enrolment-pki``; with the embedded registry, a missing
  one is created on first use (one machine holds both ends anyway); with ``registry_url`` it must
  exist (``egate desk pki init``), and the registry's private key need not be on the desk.
* outbox: ``outbox`` or ``<home>/desk/<desk_id>-outbox.db``.
* embedded registry: ``registry_database`` or ``sqlite:///<home>/desk/registry.db``, de-duplicating with
  the given :class:`enrollment.registry.ports.Deduplicator` or the real one
  (:func:`enrollment.registry.default_deduplicator` with the gate's face model).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np
import structlog
from numpy.typing import NDArray

from enrollment.desk.outbox import Outbox, OutboxPolicy
from enrollment.desk.registry_client import RegistryClient
from enrollment.desk.registry_http import HttpRegistryClient
from enrollment.desk.registry_local import LocalRegistryClient
from enrollment.registry.desk_access import DeskAccess
from enrollment.registry.pki_files import (
    EnrolmentPkiLayout,
    init_enrolment_pki,
    load_desk_signer,
    load_registry_certificate,
    load_trust,
)
from enrollment.registry.ports import Deduplicator
from enrollment.registry.startup import open_registry
from gate.service.desk_registry import DeskRegistryLink, LinkParts
from gate.settings import Settings
from matcher.face.pipeline import FacePipeline
from matcher.image import decode_image

log = structlog.get_logger(__name__)


def real_deduplicator(pipeline: FacePipeline) -> Deduplicator:
    """The registry's de-duplication (faces, fingers, irises fused) with the gate's face model."""
    from enrollment.registry.defaults import default_deduplicator

    def embed(jpeg: bytes) -> NDArray[np.float32]:
        return pipeline.capture(decode_image(jpeg).rgb, allow_several=True).template.vector

    return default_deduplicator(embed, face_model=pipeline.calibration_id, face_dim=pipeline.embedder.dim)


def build_registry_link(settings: Settings, pipeline: FacePipeline, deduplicator: Deduplicator | None,
                        on_acknowledged: Callable[[str], object], clock: Callable[[], datetime]) -> DeskRegistryLink:
    desk = settings.desk
    root = desk.enrolment_pki or settings.home / "enrolment-pki"
    folder = settings.home / "desk"

    def purge(application_id: str) -> None:
        on_acknowledged(application_id)

    def open_link() -> LinkParts:
        layout = EnrolmentPkiLayout(root)
        if desk.registry_url is None and not layout.ca_cert.exists():
            log.warning("desk_enrolment_pki_created", root=str(root), desk_id=desk.desk_id)
            init_enrolment_pki(root, desk.desk_id, clock())
        signer = load_desk_signer(layout, desk.desk_id)
        policy = OutboxPolicy(desk.max_unsynced_packets, timedelta(hours=desk.max_unsynced_hours))
        outbox = Outbox(desk.outbox or folder / f"{desk.desk_id}-outbox.db", policy, purge)
        client: RegistryClient
        if desk.registry_url is not None:
            http = HttpRegistryClient(desk.registry_url, signer, clock=clock)
            client, close = http, http.close
        else:
            folder.mkdir(parents=True, exist_ok=True)
            url = desk.registry_database or f"sqlite:///{folder / 'registry.db'}"
            registry = open_registry(root, url, deduplicator or real_deduplicator(pipeline))
            client, close = LocalRegistryClient(DeskAccess(registry), desk.desk_id, clock), lambda: None
        return LinkParts(signer, load_registry_certificate(layout), load_trust(layout), outbox, client, close)

    return DeskRegistryLink(open_link, clock)

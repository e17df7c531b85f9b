"""Opening a registry from its files: the registry key and the enrolment CA from an enrolment PKI
directory, the application store from a database URL; then the gallery is rebuilt if it is empty and
any application left ``received`` is de-duplicated."""

from __future__ import annotations

from pathlib import Path

from enrollment.registry.pki_files import EnrolmentPkiLayout, load_registry_key, load_trust
from enrollment.registry.ports import Deduplicator
from enrollment.registry.service import Registry
from enrollment.registry.store import ApplicationStore


def open_registry(pki_root: Path, database_url: str, deduplicator: Deduplicator) -> Registry:
    layout = EnrolmentPkiLayout(pki_root)
    registry = Registry(ApplicationStore.from_url(database_url), deduplicator, load_registry_key(layout),
                        load_trust(layout))
    registry.restore_gallery()
    registry.process_received()
    return registry

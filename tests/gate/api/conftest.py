"""The HTTP service on a real gate (tests/gate/conftest.py): real chips, faces, PAD and SQLite, driven
through FastAPI's TestClient. Argon2 runs with cheap parameters; everything else is as deployed."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from pydantic import SecretStr

from enrollment.icao.card_file import CardImage, dumps
from enrollment.icao.inspection import AccessKey
from enrollment.icao.pki.directory import load_issuer
from enrollment.icao.pki.keys import generate_key
from enrollment.personalise import Applicant, personalise
from gate.api import create_app
from gate.assembly import GateRuntime
from gate.demo import chip_photo, holder, swap_photo
from gate.service.container import Services
from gate.settings import ApiSettings
from gate.store import GateRepository, OfficerRepository, Role
from tests.gate.conftest import GateFactory, World
from tests.gate.store.db_fixtures import pg_url  # noqa: F401  (a PostgreSQL database for this session)

PASSWORD = "correct horse battery"
ROLES: tuple[Role, ...] = ("officer", "second_line", "supervisor", "admin")
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@dataclass(frozen=True)
class Card:
    image: CardImage
    key: AccessKey

    def body(self, **overrides: str) -> dict[str, str]:
        return {"document_number": self.key.document_number, "birth_date": self.key.birth_date,
                "expiry_date": self.key.expiry_date, "card": base64.b64encode(dumps(self.image)).decode(),
                **overrides}


@dataclass(frozen=True)
class Cards:
    holder: Card  # obama2.jpg on the chip
    other: Card  # another document number, same face: for a second gate at the same time
    swapped: Card  # a third document, DG2 replaced by biden.jpg, SOD left as signed


def issue(world: World, document_number: str) -> Card:
    applicant = holder(chip_photo(world.pipeline, world.photo("obama2.jpg")), world.now)
    applicant = Applicant(**{**applicant.__dict__, "document_number": document_number})
    card = personalise(applicant, load_issuer(world.pki.root), generate_key("ecdsa-p256"), world.now)
    return Card(card, AccessKey(document_number, applicant.birth_date, applicant.expiry_date))


@pytest.fixture(scope="session")
def cards(world: World) -> Cards:
    third = issue(world, "001089099999")
    swapped = swap_photo(third.image, chip_photo(world.pipeline, world.photo("biden.jpg")))
    return Cards(issue(world, "001089012345"), issue(world, "001089054321"), Card(swapped, third.key))


@dataclass
class Service:
    client: TestClient
    runtime: GateRuntime
    gate_keys: dict[str, str]
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def services(self) -> Services:
        services: Services = self.client.app.state.services  # type: ignore[attr-defined]
        return services

    def kiosk(self, gate: str = "gate-a") -> dict[str, str]:
        return {"X-Gate-Key": self.gate_keys[gate]}

    def officer(self, role: str = "officer") -> dict[str, str]:
        if role not in self.tokens:
            response = self.client.post("/auth/token", data={"username": role, "password": PASSWORD})
            assert response.status_code == 200, response.text
            self.tokens[role] = response.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def reasons(self, transaction_id: object) -> list[str]:
        """The stored reasons (what an officer sees; the kiosk is never told)."""
        from gate.store import TransactionRepository

        with self.runtime.db.sessions() as s:
            return list(TransactionRepository(s).get(str(transaction_id)).reasons)

    def start(self, card: Card, gate: str = "gate-a") -> dict[str, object]:
        response = self.client.post("/kiosk/transactions", json=card.body(), headers=self.kiosk(gate))
        assert response.status_code == 201, response.text
        result: dict[str, object] = response.json()
        return result

    def frames(self, transaction_id: object, *images: bytes, gate: str = "gate-a") -> dict[str, object]:
        files = [("frames", (f"f{n}.jpg", data, "image/jpeg")) for n, data in enumerate(images)]
        response = self.client.post(f"/kiosk/transactions/{transaction_id}/frames", files=files,
                                    headers=self.kiosk(gate))
        assert response.status_code == 200, response.text
        result: dict[str, object] = response.json()
        return result


def api_settings(**overrides: object) -> ApiSettings:
    values: dict[str, object] = {"token_key": SecretStr(base64.b64encode(b"k" * 32).decode()), **overrides}
    return ApiSettings(**values)  # type: ignore[arg-type]


@pytest.fixture
def service(make_gate: GateFactory) -> Iterator[Service]:
    yield from serve(make_gate)


def serve(make_gate: GateFactory, **api: object) -> Iterator[Service]:
    runtime = make_gate()
    with runtime.db.sessions.begin() as session:
        keys = {gate: GateRepository(session).create(gate, gate)[1] for gate in ("gate-a", "gate-b")}
        for role in ROLES:
            OfficerRepository(session, CHEAP).create(role, PASSWORD, role)
    app = create_app(lambda: runtime, api=api_settings(**api), hasher=CHEAP)
    with TestClient(app) as client:
        yield Service(client, runtime, keys)

"""The struct of table ``domains`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import date, datetime

__all__ = ["Domain", "DomainType", "DomainVerificationMethod", "DomainVerificationStatus"]


class DomainType(str, enum.Enum):
    """Values of ``domains.domain_type``."""

    SYSTEM = "system"
    PRIVATE = "private"
    SHARED = "shared"


class DomainVerificationMethod(str, enum.Enum):
    """Values of ``domains.verification_method``."""

    DNS = "dns"
    HTTP = "http"
    EMAIL = "email"
    MANUAL = "manual"


class DomainVerificationStatus(str, enum.Enum):
    """Values of ``domains.verification_status``."""

    PENDING = "pending"
    VERIFIED = "verified"
    FAILED = "failed"


@attrs.frozen
class Domain:
    """A row of ``domains``: dNS domains routes are served under. Soft-deletable."""

    id: int
    org_id: int | None
    name: str
    domain_type: DomainType
    ssl_enabled: bool
    ssl_cert_path: str | None
    ssl_key_path: str | None = attrs.field(repr=False)
    ssl_cert_data: str | None = attrs.field(repr=False)
    ssl_issuer: str | None
    ssl_expiry_date: date | None
    auto_renew: bool
    dns_validation_record: str | None
    verified: bool
    verification_method: DomainVerificationMethod
    verification_status: DomainVerificationStatus
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None

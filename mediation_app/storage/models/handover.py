"""Hand-over between sites (a market room and its centre): identity, trusted peers, the bundles
made and applied, the last exchanged version of every row, conflicts kept for a person, and the
audit chains of other sites (kept apart from this site's own chain)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mediation_app.storage.base import Base, utcnow


class SiteIdentityRecord(Base):
    """This installation: its site id and Ed25519 key pair, made at set-up. The private key lives
    here, so that backups and restores carry it (an older version kept it in a private file beside
    the database; it is taken in at its next use)."""

    __tablename__ = "site_identity"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    committee_id: Mapped[uuid.UUID | None] = mapped_column()
    public_key: Mapped[str] = mapped_column(String(64))  # raw key, hex
    private_key: Mapped[str | None] = mapped_column(Text)  # PKCS#8 PEM (empty: still in the old key file)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HandoverPeerRecord(Base):
    """Another site this one trusts (paired by key fingerprint), and where hand-over with it stands."""

    __tablename__ = "handover_peer"
    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[str] = mapped_column(String(64))
    committee_id: Mapped[uuid.UUID | None] = mapped_column()  # the committee whose cases it brings (a room)
    trusted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    trusted_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    revoked_by: Mapped[str | None] = mapped_column(String(64))
    in_seq: Mapped[int] = mapped_column(Integer, default=0)  # its last bundle applied here
    in_audit_seq: Mapped[int] = mapped_column(BigInteger, default=0)  # its audit chain imported up to
    in_audit_hash: Mapped[str | None] = mapped_column(String(64))
    out_seq: Mapped[int] = mapped_column(Integer, default=0)  # our last bundle made for it
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)  # our last bundle it acknowledged
    acked_at: Mapped[dt.datetime | None] = mapped_column()
    acked_watermark: Mapped[int] = mapped_column(BigInteger, default=0)  # our audit seq that bundle covered


class HandoverBundleRecord(Base):
    """One bundle made here (out) or applied here (in)."""

    __tablename__ = "handover_bundle"
    __table_args__ = (UniqueConstraint("direction", "peer_site_id", "seq"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    direction: Mapped[str] = mapped_column(String(3))  # out / in
    peer_site_id: Mapped[uuid.UUID] = mapped_column(index=True)
    seq: Mapped[int] = mapped_column(Integer)
    watermark: Mapped[int] = mapped_column(BigInteger, default=0)  # audit seq the bundle's changes reach
    sha256: Mapped[str] = mapped_column(String(64))  # of the signed manifest
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON


class HandoverBaseRecord(Base):
    """The version of each row last received from a peer (hash per row id), per case (the nil
    UUID for committee, roster and lists): the common ancestor of a three-way comparison."""

    __tablename__ = "handover_base"
    peer_site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    hashes: Mapped[str] = mapped_column(Text, default="{}")  # JSON {row id: hash}


class HandoverConflictRecord(Base):
    """A row changed at both ends since the last hand-over: ours stays, theirs is kept here until a
    person chooses (keep ours, take theirs, or merge field by field)."""

    __tablename__ = "handover_conflict"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    peer_site_id: Mapped[uuid.UUID] = mapped_column(index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))  # changed / deleted_there
    local_hash: Mapped[str | None] = mapped_column(String(64))
    incoming_hash: Mapped[str | None] = mapped_column(String(64))
    incoming: Mapped[str | None] = mapped_column(Text)  # JSON {column: value} of their version
    bundle_seq: Mapped[int] = mapped_column(Integer)
    found_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column()
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolution: Mapped[str | None] = mapped_column(String(20))  # local / incoming / merged / superseded


class ImportedAuditRecord(Base):
    """Another site's audit entries as it wrote them, chain per site, verifiable on their own."""

    __tablename__ = "imported_audit_event"
    site_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    id: Mapped[uuid.UUID] = mapped_column()
    at: Mapped[dt.datetime] = mapped_column()
    user_id: Mapped[uuid.UUID | None] = mapped_column()
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40))
    case_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    success: Mapped[bool] = mapped_column()
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

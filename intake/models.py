"""Database tables (SQLAlchemy 2). Schema changes go through Alembic migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON, list[Any]: JSON, dt.datetime: DateTime(timezone=True)}


class EnvelopeState:
    RECEIVED = "received"
    READ = "read"
    CHECKED = "checked"
    DRAFTED = "drafted"
    APPROVED = "approved"
    REJECTED = "rejected"
    DELIVERED = "delivered"
    WAITING = "waiting"  # a receipt went out; the answer waits for a person (a mover)
    CLOSED = "closed"  # no reply needed (machine-generated mail)
    DUPLICATE = "duplicate"
    QUARANTINED = "quarantined"

    PROCESSING = (RECEIVED, READ, CHECKED)


class Envelope(Base):
    __tablename__ = "envelopes"
    __table_args__ = (
        UniqueConstraint("account", "folder", "uidvalidity", "uid", name="uq_envelope_imap"),
        Index("ix_envelope_state", "state"),
        Index("ix_envelope_sha256", "sha256"),
        Index("ix_envelope_message_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40))  # scan | maildir | imap | check
    source_ref: Mapped[str] = mapped_column(Text)  # file path or mailbox/folder/uid
    channel: Mapped[str] = mapped_column(String(10))  # post | email
    filename: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(Text)
    account: Mapped[str | None] = mapped_column(String(200))
    folder: Mapped[str | None] = mapped_column(String(200))
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    uid: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default=EnvelopeState.RECEIVED)
    error_code: Mapped[str | None] = mapped_column(String(60))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("envelopes.id"))
    # The envelope whose case this one continues (a customer's reply to our mail).
    thread_of: Mapped[int | None] = mapped_column(
        ForeignKey("envelopes.id", name="fk_envelope_thread_of"))
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Set when the raw bytes held a number that must not be kept and review has ended.
    raw_purged_at: Mapped[dt.datetime | None]

    pages: Mapped[list[Page]] = relationship(back_populates="envelope",
                                             cascade="all, delete-orphan",
                                             order_by="Page.number")
    documents: Mapped[list[DocumentRow]] = relationship(back_populates="envelope",
                                                        cascade="all, delete-orphan",
                                                        order_by="DocumentRow.id")
    case: Mapped[CaseRow | None] = relationship(back_populates="envelope",
                                                cascade="all, delete-orphan")


class Page(Base):
    __tablename__ = "pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("envelopes.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float]
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[str] = mapped_column(String(20))
    # The page image as kept: numbers that must not be kept are blacked out.
    image_sha256: Mapped[str | None] = mapped_column(String(64))
    envelope: Mapped[Envelope] = relationship(back_populates="pages")


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("envelopes.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    pages: Mapped[list[Any]]
    fields: Mapped[dict[str, Any]]
    # What reading doubted, set aside as unsure and confirmed (ocr.model.Document):
    # doubts, unsure keys, confirmed. The unsure values themselves are never kept.
    reading: Mapped[dict[str, Any]] = mapped_column(default=dict)
    envelope: Mapped[Envelope] = relationship(back_populates="documents")


class CaseRow(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("envelopes.id", ondelete="CASCADE"),
                                             unique=True)
    channel: Mapped[str] = mapped_column(String(10))
    request: Mapped[dict[str, Any]]
    member_id: Mapped[str | None] = mapped_column(String(60))
    member_match: Mapped[str] = mapped_column(String(10), default="none")
    outcome: Mapped[str] = mapped_column(String(30))
    refusal_reasons: Mapped[list[Any]] = mapped_column(default=list)
    due_date: Mapped[str | None] = mapped_column(String(10))
    # What reviewers recorded (rules.answers.Answers): kept when the case is judged again.
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # One decision per request type (CONTRACT decision.types).
    type_decisions: Mapped[list[Any]] = mapped_column(default=list)
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    envelope: Mapped[Envelope] = relationship(back_populates="case")
    findings: Mapped[list[Finding]] = relationship(back_populates="case",
                                                   cascade="all, delete-orphan",
                                                   order_by="Finding.id")
    drafts: Mapped[list[Draft]] = relationship(back_populates="case", order_by="Draft.id")


class Finding(Base):
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # deficiency | review_point
    code: Mapped[str] = mapped_column(String(60))
    case: Mapped[CaseRow] = relationship(back_populates="findings")


class DraftState:
    PENDING = "pending"
    APPROVED = "approved"
    SENDING = "sending"  # claimed by a delivery run; its delivery_ref is committed
    DELIVERED = "delivered"
    UNCERTAIN = "delivery_uncertain"  # a run died mid-send: a person decides
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class Draft(Base):
    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    envelope_id: Mapped[int] = mapped_column(ForeignKey("envelopes.id"))
    template: Mapped[str] = mapped_column(String(60))
    channel: Mapped[str] = mapped_column(String(10))  # email | letter
    to: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    # An electronic disclosure's other parts: the covering mail and the password letter.
    parts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[str] = mapped_column(String(20), default=DraftState.PENDING)
    edited: Mapped[bool] = mapped_column(default=False)
    reviewer: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[dt.datetime | None]
    reject_reason: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[dt.datetime | None]
    # Message-ID (mail) or "path sha256:…" (letter), committed before anything is sent.
    delivery_ref: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[dt.datetime | None]  # when a delivery run took it (state sending)
    claimed_by: Mapped[str | None] = mapped_column(String(200))  # host:pid of that run
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)  # the last failure, for the desk
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    case: Mapped[CaseRow | None] = relationship(back_populates="drafts")


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    envelope_id: Mapped[int | None] = mapped_column(ForeignKey("envelopes.id"))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Member(Base):
    __tablename__ = "members"
    member_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    name_kana: Mapped[str | None] = mapped_column(String(200))
    # The name and address as the register holds them, printed on letters as they are.
    held_name: Mapped[str | None] = mapped_column(String(200))
    held_address: Mapped[str | None] = mapped_column(Text)
    birth_date: Mapped[str | None] = mapped_column(String(10))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="member")
    contract_date: Mapped[str | None] = mapped_column(String(10))
    plan: Mapped[str | None] = mapped_column(String(200))
    contract_details: Mapped[str | None] = mapped_column(Text)
    payment_status: Mapped[str | None] = mapped_column(Text)
    usage_status: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

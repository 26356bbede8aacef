"""Envelopes through their states: received → read → checked → drafted (or quarantined).

Each step runs in its own transaction, replaces what an earlier attempt of the
same step wrote, and can be re-run from the stored raw bytes: a crash anywhere
leaves a state the next run continues from.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from intake.analysis import Analysis, judge, mail_meta
from intake.app import App
from intake.errors import HOLD, QUARANTINE, disposition
from intake.models import (
    AuditEvent,
    CaseRow,
    DocumentRow,
    Draft,
    Envelope,
    EnvelopeState,
    Finding,
    Page,
    utcnow,
)
from ocr.address import same_address
from ocr.classify import ID_KINDS
from ocr.model import Document
from ocr.model import Page as ReadPage
from ocr.names import same_name
from ocr.reader import kept_image
from outbox.drafts import DraftText
from rules.answers import Answers
from rules.case import Party

log = logging.getLogger("intake.pipeline")
SYSTEM = "system"


@dataclass
class Incoming:
    """Raw bytes from a source, with what the source knows about them."""

    data: bytes
    source: str
    source_ref: str
    filename: str | None = None
    channel: str = "post"
    message_id: str | None = None
    account: str | None = None
    folder: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None
    meta: dict[str, object] = field(default_factory=dict)


class PurgedError(Exception):
    pass


def audit(session: Session, action: str, *, actor: str = SYSTEM, envelope_id: int | None = None,
          draft_id: int | None = None, **detail: object) -> None:
    session.add(AuditEvent(actor=actor, action=action, envelope_id=envelope_id,
                           draft_id=draft_id, detail=detail))


def _rekeyed(s: Session, item: Incoming, sha: str) -> Envelope | None:
    """After a UIDVALIDITY change the same message comes back under new UIDs:
    recognise it by Message-ID + sha256, and record its new key."""
    if not item.message_id:
        return None
    moved = s.scalar(select(Envelope).where(
        Envelope.account == item.account, Envelope.folder == item.folder,
        Envelope.sha256 == sha, Envelope.message_id == item.message_id,
        Envelope.uidvalidity != item.uidvalidity))
    if moved:
        audit(s, "imap_rekeyed", envelope_id=moved.id, old_uidvalidity=moved.uidvalidity,
              new_uidvalidity=item.uidvalidity, uid=item.uid)
        moved.uidvalidity, moved.uid = item.uidvalidity, item.uid
    return moved


def _known_keys(s: Session, items: list[Incoming]) -> dict[tuple[object, ...], Envelope]:
    """Envelopes already committed under the IMAP keys of these items (one query a folder)."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for i in items:
        if i.uid is not None:
            groups.setdefault((i.account, i.folder, i.uidvalidity), []).append(i.uid)
    found: dict[tuple[object, ...], Envelope] = {}
    for (account, folder, uidvalidity), uids in groups.items():
        for env in s.scalars(select(Envelope).where(
                Envelope.account == account, Envelope.folder == folder,
                Envelope.uidvalidity == uidvalidity, Envelope.uid.in_(uids))):
            found[(account, folder, uidvalidity, env.uid)] = env
    return found


def ingest_batch(app: App, items: list[Incoming]) -> list[tuple[Envelope, bool]]:
    """Keep the raw bytes (each fsync'd), then commit all their envelope rows at once.

    The caller acknowledges to the source (move, flag) only after this returns.
    """
    shas = [app.blobs.put(item.data) for item in items]
    with app.sessions() as s:
        known = _known_keys(s, items)
        first_by_sha: dict[str, Envelope] = {}
        for env in s.scalars(select(Envelope).where(Envelope.sha256.in_(set(shas)),
                                                    Envelope.duplicate_of.is_(None))
                             .order_by(Envelope.id.desc())):
            first_by_sha[env.sha256] = env  # descending, so the oldest wins
        results: list[tuple[Envelope, bool]] = []
        for item, sha in zip(items, shas, strict=True):
            key = (item.account, item.folder, item.uidvalidity, item.uid)
            if item.uid is not None and key in known:
                results.append((known[key], False))
                continue
            earlier = first_by_sha.get(sha)
            moved = _rekeyed(s, item, sha) if item.uid is not None and earlier else None
            if moved:
                results.append((moved, False))
                continue
            if earlier and earlier.source == item.source and \
                    earlier.source_ref == item.source_ref:
                results.append((earlier, False))  # stored before a crash, not yet moved
                continue
            if earlier is not None and earlier.id is None:
                s.flush()  # the same bytes twice in one batch: the first needs its id
            env = Envelope(source=item.source, source_ref=item.source_ref, channel=item.channel,
                           filename=item.filename, message_id=item.message_id,
                           account=item.account, folder=item.folder,
                           uidvalidity=item.uidvalidity, uid=item.uid, sha256=sha,
                           size=len(item.data), meta=dict(item.meta))
            if earlier:
                env.state = EnvelopeState.DUPLICATE
                env.duplicate_of = earlier.id
            else:
                first_by_sha[sha] = env
            s.add(env)
            results.append((env, True))
        s.flush()
        for env, new in results:
            if new:
                audit(s, "received", envelope_id=env.id, source=env.source,
                      duplicate_of=env.duplicate_of)
        s.commit()
    for env, new in results:
        if new:
            log.info("envelope %s received from %s (%s)%s", env.id, env.source, env.sha256[:12],
                     f", duplicate of {env.duplicate_of}" if env.duplicate_of else "")
    return results


def ingest(app: App, item: Incoming) -> tuple[Envelope, bool]:
    """One item: (envelope, is_new)."""
    return ingest_batch(app, [item])[0]


def _read(app: App, s: Session, env: Envelope) -> None:
    reading = app.read(app.blobs.get(env.sha256))
    s.execute(delete(Page).where(Page.envelope_id == env.id))
    s.execute(delete(DocumentRow).where(DocumentRow.envelope_id == env.id))
    for p in reading.pages:
        s.add(Page(envelope_id=env.id, number=p.number, text=p.text, confidence=p.confidence,
                   rotation=p.rotation, method=p.method, image_sha256=store_page_image(app, p)))
    for d in reading.documents:
        s.add(DocumentRow(envelope_id=env.id, kind=d.kind, pages=d.pages, fields=d.fields,
                          reading=kept_reading(d)))
    meta = dict(env.meta or {})
    meta.update(mail_meta(reading))
    meta["notes"] = [*meta.get("notes", []), *reading.notes]
    meta["points"] = reading.points
    if reading.channel == "email" and any(d.kind in ID_KINDS for d in reading.documents):
        # An ID copy by email is not how the procedure takes one: it is not used, and
        # it is deleted when review ends (the guidance mail says so).
        meta["purge_after_review"] = True
    env.meta = meta
    env.channel = reading.channel
    if reading.mail and reading.mail.message_id:
        env.message_id = reading.mail.message_id
    if reading.mail:
        env.thread_of = thread_root(s, env.id, reading.mail.in_reply_to,
                                    reading.mail.references, reading.mail.subject)
    env.state = EnvelopeState.READ


_CASE_TAG = re.compile(r"\[APPI-(\d+)\]")


def thread_root(s: Session, own_id: int, in_reply_to: str | None, references: list[str],
                subject: str) -> int | None:
    """The first envelope of the case this mail answers: by the Message-IDs of our
    replies (In-Reply-To, References), else by the case tag in the subject."""
    ids = [i for i in [in_reply_to, *reversed(references)] if i]
    found: int | None = None
    if ids:
        found = s.scalar(select(Draft.envelope_id).where(Draft.delivery_ref.in_(ids))
                         .order_by(Draft.id.desc()).limit(1))
    if found is None:
        for tag in _CASE_TAG.findall(subject or ""):
            if int(tag) != own_id and s.get(Envelope, int(tag)) is not None:
                found = int(tag)
                break
    if found is None:
        return None
    root = s.get(Envelope, found)
    return root.thread_of or root.id if root else None


def case_ref(env: Envelope) -> int:
    """The number in the case tag [APPI-n]: the first envelope of the thread."""
    return env.thread_of or env.id


def store_page_image(app: App, page: ReadPage) -> str | None:
    """The upright page image as kept, with numbers that must not be kept blacked out."""
    image = kept_image(page)
    if image is None:
        return None
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=False)
    return app.blobs.put(buf.getvalue())


SENSITIVE = "sensitive_number_masked"


def holds_sensitive_raw(env: Envelope) -> bool:
    meta = env.meta or {}
    return (SENSITIVE in meta.get("points", []) or bool(meta.get("purge_after_review"))) \
        and env.raw_purged_at is None


def end_review(s: Session, env: Envelope, actor: str) -> None:
    """Review is over: raw bytes holding a number that must not be kept, and an ID
    copy sent by email, are deleted (after this commits; `purge_raw` does the deleting
    and is safe to repeat)."""
    if holds_sensitive_raw(env):
        env.raw_purged_at = utcnow()
        images: list[str] = []
        if (env.meta or {}).get("purge_after_review"):
            for page in env.pages:
                if page.image_sha256:
                    images.append(page.image_sha256)
                    page.image_sha256 = None
        env.meta = {**(env.meta or {}), "purged_images": images}
        audit(s, "raw_purged", actor=actor, envelope_id=env.id, sha256=env.sha256,
              images=len(images))


def purge_raw(app: App) -> int:
    """Delete the raw bytes (and emailed ID images) of every envelope marked purged
    whose blobs are still there and no other envelope still uses."""
    with app.sessions() as s:
        purged = list(s.scalars(select(Envelope).where(Envelope.raw_purged_at.is_not(None))))
        shas = {e.sha256 for e in purged} | {sha for e in purged
                                             for sha in (e.meta or {}).get("purged_images", [])}
        used = set(s.scalars(select(Envelope.sha256).where(
            Envelope.raw_purged_at.is_(None), Envelope.sha256.in_(shas))))
        used |= set(s.scalars(select(Page.image_sha256).where(Page.image_sha256.in_(shas))))
    gone = 0
    for sha in shas - used:
        if app.blobs.path(sha).exists():
            app.blobs.delete(sha)
            gone += 1
    return gone


def kept_reading(doc: Document) -> dict[str, Any]:
    """What the rules need of a document's reading beyond its fields: that a value was
    doubted, or stated but read unsurely (its key — the value is never kept), or
    confirmed by another document."""
    unsure = sorted(k for k, v in doc.unsure.items() if v is not None)
    return {"doubts": list(doc.doubts), "unsure": unsure, "confirmed": list(doc.confirmed)}


def _documents(env: Envelope) -> list[Document]:
    texts = {p.number: p.text for p in env.pages}
    out = []
    for d in env.documents:
        kept = d.reading or {}
        # (An unsure value stands for "stated": its key is all the rules look at.)
        out.append(Document(kind=d.kind, pages=list(d.pages), fields=dict(d.fields),
                            text="\n".join(texts.get(n, "") for n in d.pages),
                            doubts=list(kept.get("doubts", [])),
                            unsure={k: UNSURE_KEPT for k in kept.get("unsure", [])},
                            confirmed=list(kept.get("confirmed", []))))
    return out


# The value a stored document's unsure key is given back with: reading's own was not kept.
UNSURE_KEPT = "（読み取り不確実）"


JST = ZoneInfo("Asia/Tokyo")


def received_date(env: Envelope) -> dt.date:
    """The office's calendar day of receipt (SQLite hands back naive UTC)."""
    at = env.received_at
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(JST).date()


def _thread_documents(s: Session, env: Envelope) -> list[Document]:
    """Documents of the whole case: a follow-up envelope is judged with what came before."""
    if env.thread_of is None:
        return _documents(env)
    members_ = s.scalars(select(Envelope).where(
        or_(Envelope.id == env.thread_of, Envelope.thread_of == env.thread_of),
        Envelope.id <= env.id,
        Envelope.state.not_in((EnvelopeState.QUARANTINED, EnvelopeState.DUPLICATE)))
        .order_by(Envelope.id.desc()))  # newest first: a resent letter replaces the old one
    return [d for e in members_ for d in _documents(e)]


def judge_envelope(app: App, s: Session, env: Envelope, today: dt.date | None,
                   answers: Answers | None = None) -> Analysis:
    """The case, decision and drafts for an envelope, from what its reading stored and
    what reviewers recorded on its case."""
    meta = env.meta or {}
    if answers is None:
        answers = Answers.from_json(env.case.answers if env.case is not None else None)
    # The deadline runs from the day the documents became complete: this envelope's.
    return judge(env.channel, _thread_documents(s, env), meta, list(meta.get("points", [])),
                 received=received_date(env), lookup=app.member_lookup(s),
                 procedure=app.procedure, config=app.config, ref=case_ref(env),
                 today=today or dt.date.today(), answers=answers,
                 follow_up=env.thread_of is not None and env.channel == "email")


FOLLOW_UP_DAYS = 90


def _open_case_for(s: Session, env: Envelope, person: Party) -> int | None:
    """The earlier posted case of the same person still waiting for documents."""
    if not person.name or env.channel != "post":
        return None
    since = utcnow() - dt.timedelta(days=FOLLOW_UP_DAYS)
    rows = s.execute(select(Envelope, CaseRow).join(CaseRow, CaseRow.envelope_id == Envelope.id)
                     .where(Envelope.id < env.id, CaseRow.outcome == "request_documents",
                            Envelope.channel == "post", Envelope.received_at >= since,
                            Envelope.state.not_in((EnvelopeState.REJECTED,
                                                   EnvelopeState.CLOSED)))
                     .order_by(Envelope.id.desc()))
    for earlier, case in rows:
        p = (case.request or {}).get("person") or {}
        if not same_name(person.name, p.get("name")):
            continue
        births = (person.birth_date, p.get("birth_date"))
        # The same person: the same birth date, or (where one letter lacked it) the
        # same address. A name alone is never enough.
        if (all(births) and births[0] == births[1]) or \
                (not all(births) and same_address(person.address, p.get("address"))):
            return earlier.thread_of or earlier.id
    return None


def _check_and_draft(app: App, s: Session, env: Envelope, today: dt.date | None) -> None:
    meta = env.meta or {}
    result = judge_envelope(app, s, env, today)
    if env.thread_of is None and result.case.privacy_request:
        root = _open_case_for(s, env, result.case.person)
        if root is not None:
            env.thread_of = root
            audit(s, "threaded", envelope_id=env.id, thread_of=root, by="person")
            result = judge_envelope(app, s, env, today)
    answers = dict(env.case.answers or {}) if env.case is not None else {}
    if env.case is not None:
        s.delete(env.case)
        s.flush()
    d = result.decision
    case = CaseRow(envelope_id=env.id, channel=env.channel, request=result.case.to_json(),
                   member_id=result.member.member_id, member_match=result.member.match,
                   outcome=d.outcome, refusal_reasons=d.refusal_reasons, due_date=d.due_date,
                   answers=answers, type_decisions=[t.to_json() for t in d.types])
    case.findings = [Finding(kind="deficiency", code=c) for c in d.deficiencies] + \
        [Finding(kind="review_point", code=c) for c in d.review_points]
    s.add(case)
    s.flush()
    env.state = EnvelopeState.CHECKED
    audit(s, "checked", envelope_id=env.id, outcome=d.outcome, deficiencies=d.deficiencies)
    s.flush()
    # Drafting: a machine-generated mail is closed without any reply.
    thread = [env.id] if env.thread_of is None else list(s.scalars(
        select(Envelope.id).where(or_(Envelope.id == env.thread_of,
                                      Envelope.thread_of == env.thread_of))))
    for old in s.scalars(select(Draft).where(Draft.envelope_id.in_(thread),
                                             Draft.state == "pending")):
        old.state = "superseded"  # the newer judgement of the same case replaces it
        earlier = s.get(Envelope, old.envelope_id)
        if earlier is not None and earlier.id != env.id and \
                earlier.state == EnvelopeState.DRAFTED:
            earlier.state = EnvelopeState.CLOSED  # its case goes on in this envelope
            audit(s, "continued", envelope_id=earlier.id, by_envelope=env.id)
    if not result.drafts:
        env.state = EnvelopeState.CLOSED
        audit(s, "closed", envelope_id=env.id, reason=meta.get("machine_generated"))
        return
    add_drafts(s, env, case, result.drafts)


def add_drafts(s: Session, env: Envelope, case: CaseRow, texts: list[DraftText]) -> list[Draft]:
    """The case's new pending drafts (the reply first, then any notice)."""
    drafts = []
    for t in texts:
        draft = Draft(case_id=case.id, envelope_id=env.id, template=t.template,
                      channel=t.channel, to=t.to, subject=t.subject, body=t.body,
                      parts=dict(t.parts))
        s.add(draft)
        s.flush()
        audit(s, "drafted", envelope_id=env.id, draft_id=draft.id, template=t.template)
        drafts.append(draft)
    env.state = EnvelopeState.DRAFTED
    return drafts


def quarantine(s: Session, env: Envelope, code: str, message: str) -> None:
    env.state = EnvelopeState.QUARANTINED
    env.error_code = code
    env.error = message
    env.next_attempt_at = None
    audit(s, "quarantined", envelope_id=env.id, code=code, message=message)


def process(app: App, envelope_id: int, today: dt.date | None = None) -> str:
    """Move one envelope as far as it can go; returns its final state."""
    max_attempts = app.config.pipeline.max_attempts
    with app.sessions() as s:
        env = s.get(Envelope, envelope_id)
        if env is None:
            raise KeyError(envelope_id)
        try:
            if env.state == EnvelopeState.RECEIVED:
                _read(app, s, env)
                s.commit()
            if env.state in (EnvelopeState.READ, EnvelopeState.CHECKED):
                _check_and_draft(app, s, env, today)
                s.commit()
        except Exception as exc:
            d = disposition(exc)
            s.rollback()
            env = s.get(Envelope, envelope_id)
            assert env is not None
            if d.action == QUARANTINE:
                # Bad input does not get better by retrying: quarantine at once.
                env.attempts += 1
                quarantine(s, env, d.code, d.message)
                log.warning("envelope %s quarantined: %s (%s)", envelope_id, d.message, d.code)
            elif d.action == HOLD:
                # The installation, not the envelope: wait, count no attempt.
                env.error_code, env.error = d.code, d.message
                env.next_attempt_at = utcnow() + dt.timedelta(
                    minutes=app.config.pipeline.retry_base_minutes)
                audit(s, "held", envelope_id=env.id, code=d.code, message=d.message)
                log.error("envelope %s waits: %s", envelope_id, d.message)
            else:
                env.attempts += 1
                if env.attempts >= max_attempts:
                    quarantine(s, env, "failed",
                               f"{max_attempts}回処理に失敗しました: {d.message}")
                else:
                    delay = app.config.pipeline.retry_base_minutes * 2 ** (env.attempts - 1)
                    env.next_attempt_at = utcnow() + dt.timedelta(minutes=delay)
                    env.error_code, env.error = "retrying", d.message
                    audit(s, "retry_scheduled", envelope_id=env.id, attempt=env.attempts,
                          code=d.code, reason=d.message)
                log.exception("envelope %s failed (attempt %s)", envelope_id, env.attempts)
            s.commit()
        return env.state


def pending(app: App) -> list[int]:
    now = utcnow()
    with app.sessions() as s:
        rows = s.scalars(select(Envelope.id).where(
            Envelope.state.in_(EnvelopeState.PROCESSING),
            or_(Envelope.next_attempt_at.is_(None), Envelope.next_attempt_at <= now),
        ).order_by(Envelope.id))
        return list(rows)


def process_pending(app: App, today: dt.date | None = None) -> dict[int, str]:
    return {eid: process(app, eid, today) for eid in pending(app)}


def retry(app: App, envelope_id: int, actor: str) -> None:
    """The desk re-queues a quarantined envelope: it is read again from its raw bytes."""
    with app.sessions() as s:
        env = s.get(Envelope, envelope_id)
        if env is None:
            raise KeyError(envelope_id)
        if env.raw_purged_at is not None:
            raise PurgedError(f"envelope {envelope_id}: its raw bytes held a number that must "
                              "not be kept and were deleted when review ended; it cannot be "
                              "read again")
        env.state = EnvelopeState.RECEIVED
        env.error_code = env.error = None
        env.next_attempt_at = None
        env.attempts = 0
        audit(s, "requeued", actor=actor, envelope_id=env.id)
        s.commit()

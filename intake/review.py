"""Reviewers' actions on drafts, each one audited with who and when."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.app import App
from intake.models import CaseRow, Draft, Envelope, EnvelopeState, Finding, utcnow
from intake.pipeline import add_drafts, audit, end_review, judge_envelope
from outbox.gates import unfinished
from outbox.review import (
    APPROVED,
    DELIVERED,
    PENDING,
    REJECTED,
    SENDING,
    SUPERSEDED,
    UNCERTAIN,
    ReviewError,
    next_state,
)
from outbox.wording import REQUEST_TYPES
from rules.answers import Answers, Done, Provision, Refusal, Withheld, open_items
from rules.decision import Decision, TypeDecision


def get_draft(s: Session, draft_id: int) -> Draft:
    draft = s.get(Draft, draft_id)
    if draft is None:
        raise ReviewError(f"下書き {draft_id} はありません")
    return draft


def queue(s: Session, states: tuple[str, ...] = ("pending", "approved")) -> list[Draft]:
    return list(s.scalars(select(Draft).where(Draft.state.in_(states)).order_by(Draft.id)))


def open_cases(s: Session) -> list[tuple[int, int, str | None]]:
    """(envelope, its last draft, due date) of cases whose receipt went out and whose
    answer a person still owes (a mover's address to confirm)."""
    out = []
    for env in s.scalars(select(Envelope).where(Envelope.state == EnvelopeState.WAITING)
                         .order_by(Envelope.id)):
        if env.case is not None and env.case.drafts:
            out.append((env.id, env.case.drafts[-1].id, env.case.due_date))
    return out


def _envelope_state(s: Session, draft: Draft, state: str, actor: str = "") -> None:
    env = s.get(Envelope, draft.envelope_id)
    if env is not None:
        env.state = state
        if state in (EnvelopeState.APPROVED, EnvelopeState.REJECTED):
            end_review(s, env, actor)


REPLIES = ("disclosure_result_letter", "third_party_record_letter", "purpose_notice_letter",
           "completion_letter", "refuse_letter", "no_data_letter")


def stored_decision(case: CaseRow) -> Decision:
    """The decision as the case row keeps it (outcome, review points, per type)."""
    return Decision(case.outcome, review_points=[f.code for f in case.findings
                                                 if f.kind == "review_point"],
                    types=[TypeDecision(**t) for t in case.type_decisions or []])


def _answer_first(draft: Draft, delivering: bool) -> list[str]:
    """An agent's notice says the answer went to the person: it is approved after that
    answer is, and leaves after it has left."""
    if draft.template != "agent_notice_letter" or draft.case is None:
        return []
    done = (DELIVERED,) if delivering else (APPROVED, SENDING, UNCERTAIN, DELIVERED)
    answers = [d for d in draft.case.drafts if d.template in REPLIES
               and d.state not in (SUPERSEDED, REJECTED)]
    state = "まだ送られていません" if delivering else "未承認です"
    return [f"ご本人様宛の回答（下書き {d.id}）が{state}。代理人への通知は、回答を"
            "ご本人様に送ったことをお知らせするものです" for d in answers if d.state not in done]


def blockers(draft: Draft, delivering: bool = False) -> list[str]:
    """Why a draft may not leave yet (be approved, or with `delivering` be sent), in
    words; empty when it is finished."""
    items: list[str] = _answer_first(draft, delivering)
    if draft.case is not None and draft.template in REPLIES:
        items += open_items(stored_decision(draft.case), Answers.from_json(draft.case.answers),
                           REQUEST_TYPES)
    plain = [re.sub(r"[「」、]", "", i) for i in items]

    def said_by_an_item(mark: str) -> bool:
        what = re.sub(r"[「」、]", "", mark.split("：", 1)[-1]).split("（")[0]
        return bool(what) and any(what in p for p in plain)

    # A mark that a recorded item will fill is said once, by that item.
    return items + [m for m in unfinished(draft.body, draft.to) if not said_by_an_item(m)]


def approve(s: Session, draft_id: int, actor: str) -> Draft:
    draft = get_draft(s, draft_id)
    missing = blockers(draft)
    if missing:
        raise ReviewError("この下書きはまだ承認できません。\n" +
                          "\n".join(f"・{m}" for m in missing))
    draft.state = next_state("approve", draft.state)
    draft.reviewer, draft.reviewed_at = actor, utcnow()
    _envelope_state(s, draft, EnvelopeState.APPROVED, actor)
    audit(s, "approved", actor=actor, envelope_id=draft.envelope_id, draft_id=draft.id)
    s.commit()
    return draft


# Drafts after which the case is still open: a receipt, or a request for proof of the
# new address; the answer waits for a person.
OPENING = ("acknowledgement_letter", "address_proof_letter")


def mark_delivered(s: Session, draft: Draft) -> None:
    """The draft went out: the case is done, or waits for its answer after a receipt."""
    draft.state = next_state("deliver" if draft.state == SENDING else "confirm_sent",
                             draft.state)
    draft.delivered_at = draft.delivered_at or utcnow()
    env = s.get(Envelope, draft.envelope_id)
    if env is not None:
        env.state = EnvelopeState.WAITING if draft.template in OPENING \
            else EnvelopeState.DELIVERED


def _settle_doubt(s: Session, draft_id: int, actor: str, how: str, sent: bool) -> Draft:
    if not how.strip():
        raise ReviewError("どのように確かめたかを入力してください（監査記録に残ります）")
    draft = get_draft(s, draft_id)
    if sent:
        mark_delivered(s, draft)
    else:
        draft.state = next_state("resend", draft.state)
        draft.delivery_ref, draft.next_attempt_at = None, None
    audit(s, "delivery_confirmed" if sent else "resend_approved", actor=actor,
          envelope_id=draft.envelope_id, draft_id=draft.id, how=how)
    s.commit()
    return draft


def confirm_sent(s: Session, draft_id: int, actor: str, how: str) -> Draft:
    """A draft whose delivery was in doubt: a person found it did go out."""
    return _settle_doubt(s, draft_id, actor, how, sent=True)


def resend(s: Session, draft_id: int, actor: str, how: str) -> Draft:
    """A draft whose delivery was in doubt: a person found it did not arrive; it is
    approved again for the next delivery run."""
    return _settle_doubt(s, draft_id, actor, how, sent=False)


def reject(s: Session, draft_id: int, actor: str, reason: str) -> Draft:
    if not reason.strip():
        raise ReviewError("却下の理由を入力してください")
    draft = get_draft(s, draft_id)
    draft.state = next_state("reject", draft.state)
    draft.reviewer, draft.reviewed_at, draft.reject_reason = actor, utcnow(), reason
    _envelope_state(s, draft, EnvelopeState.REJECTED, actor)
    audit(s, "rejected", actor=actor, envelope_id=draft.envelope_id, draft_id=draft.id,
          reason=reason)
    s.commit()
    return draft


def edit(s: Session, draft_id: int, actor: str, *, body: str | None = None,
         subject: str | None = None, to: str | None = None) -> Draft:
    draft = get_draft(s, draft_id)
    draft.state = next_state("edit", draft.state)
    changed = {}
    for name, value in (("body", body), ("subject", subject), ("to", to)):
        if value is not None and value != getattr(draft, name):
            changed[name] = {"before_chars": len(getattr(draft, name)), "after_chars": len(value)}
            setattr(draft, name, value)
    if changed:
        draft.edited = True
        _envelope_state(s, draft, EnvelopeState.DRAFTED)
        audit(s, "edited", actor=actor, envelope_id=draft.envelope_id, draft_id=draft.id,
              changed=changed)
    s.commit()
    return draft


def _case_of(s: Session, draft_id: int) -> tuple[Draft, Envelope, CaseRow]:
    draft = get_draft(s, draft_id)
    env = s.get(Envelope, draft.envelope_id)
    if env is None or draft.case is None:
        raise ReviewError(f"下書き {draft_id} に案件がありません")
    return draft, env, draft.case


def _redraft(app: App, s: Session, draft_id: int, actor: str, action: str,
             change: Callable[[Answers], None], **detail: object) -> Draft:
    """Record what a reviewer established on the case, judge it again with it, and
    replace the case's undelivered drafts by new ones to approve."""
    _draft, env, case = _case_of(s, draft_id)
    answers = Answers.from_json(case.answers)
    change(answers)
    result = judge_envelope(app, s, env, None, answers)
    d = result.decision
    case.answers = answers.to_json()
    case.outcome, case.refusal_reasons = d.outcome, d.refusal_reasons
    case.type_decisions = [t.to_json() for t in d.types]
    case.due_date = d.due_date or case.due_date
    # The deficiencies are the new judgement's (a type recorded as none makes one);
    # review points found before stay, for the record of what was looked at.
    have = {f.code for f in case.findings if f.kind == "review_point"}
    case.findings = [f for f in case.findings if f.kind != "deficiency"] + \
        [Finding(kind="deficiency", code=c) for c in d.deficiencies] + \
        [Finding(kind="review_point", code=c) for c in d.review_points if c not in have]
    replaced = [old.id for old in case.drafts if old.state in (PENDING, APPROVED)]
    for old in case.drafts:
        if old.state in (PENDING, APPROVED):
            old.state = SUPERSEDED
    new = add_drafts(s, env, case, result.drafts)
    if not new:
        raise ReviewError("この案件には送る返信がありません")
    audit(s, action, actor=actor, envelope_id=env.id, draft_id=new[0].id, replaces=replaced,
          **detail)
    s.commit()
    return new[0]


def _latest(draft: Draft, states: tuple[str, ...]) -> None:
    """A record is made on the case's current draft, not on one it replaced."""
    if draft.state not in states:
        raise ReviewError(f"下書き {draft.id} は「{draft.state}」です。"
                          "案件の最新の下書きを指定してください")


def _types_of(case: CaseRow, types: list[str] | None) -> list[str]:
    asked = list((case.request or {}).get("types") or [])
    chosen = types or asked
    unknown = [t for t in chosen if t not in asked]
    if unknown or not chosen:
        labels = "、".join(REQUEST_TYPES.get(t, t) for t in asked) or "なし"
        raise ReviewError(f"この案件のご請求は {labels} です（{', '.join(unknown) or '未指定'}）")
    return chosen


def refuse(app: App, s: Session, draft_id: int, actor: str, grounds: list[int | str],
           reason: str, types: list[str] | None = None, alternative: str = "") -> Draft:
    """A reviewer answers request types on grounds of procedure.toml that fit them
    (33(2) for 開示, 34 for 訂正, 35 for 利用停止等; 1–2 invite resubmission, 3 is the
    no-data notice): the case's drafts are replaced by the answer to approve."""
    if not reason.strip():
        raise ReviewError("不開示等の理由を入力してください（通知書に記載されます）")
    codes = [str(g) for g in grounds]
    unknown = [g for g in codes if g not in app.procedure.grounds]
    if not codes or unknown:
        raise ReviewError(f"事由は {', '.join(app.procedure.grounds)} から選んでください: "
                          f"{unknown or codes}")
    _draft, _env, case = _case_of(s, draft_id)
    chosen = _types_of(case, types)
    for t in chosen:
        fitting = [g.code for g in app.procedure.grounds_for(t)]
        wrong = [g for g in codes if g not in fitting]
        if wrong:
            raise ReviewError(f"「{REQUEST_TYPES.get(t, t)}」のご請求には事由 {', '.join(wrong)} は"
                              f"使えません。使える事由: {', '.join(fitting)}")
    _latest(_draft, (PENDING, APPROVED, DELIVERED))

    def change(a: Answers) -> None:
        for t in chosen:
            a.refused[t] = Refusal(codes, reason.strip(), alternative.strip())

    return _redraft(app, s, draft_id, actor, "refused", change, grounds=codes,
                    types=chosen, reason=reason)


def record_done(app: App, s: Session, draft_id: int, actor: str, request_type: str,
                what: str, on: dt.date) -> Draft:
    """What was corrected, erased, stopped — and when: the completion letter follows."""
    if not what.strip():
        raise ReviewError("対応した内容を入力してください（通知書に記載されます）")
    if on > dt.date.today():
        raise ReviewError("対応完了日が未来の日付です。対応を終えてから記録してください")
    _d, _e, case = _case_of(s, draft_id)
    (t,) = _types_of(case, [request_type])

    def change(a: Answers) -> None:
        a.done[t] = Done(what.strip(), on.isoformat())

    return _redraft(app, s, draft_id, actor, "done_recorded", change, type=t,
                    on=on.isoformat())


def record_other_data(app: App, s: Session, draft_id: int, actor: str,
                      text: str | None) -> Draft:
    """The person's data held beyond the register, or (None) a declaration that there is
    none."""
    if text is not None and not text.strip():
        raise ReviewError("内容を入力するか、「なし」を指定してください")

    def change(a: Answers) -> None:
        a.other_data = "" if text is None else text.strip()

    return _redraft(app, s, draft_id, actor, "other_data_recorded", change,
                    declared_none=text is None)


def record_provisions(app: App, s: Session, draft_id: int, actor: str,
                      rows: list[Provision]) -> Draft:
    """The third-party provision records (Art. 29) for the person; [] = none held."""
    for r in rows:
        if not (r.recipient.strip() and r.items.strip()):
            raise ReviewError("提供先と提供した項目を入力してください")
        dt.date.fromisoformat(r.date)

    def change(a: Answers) -> None:
        a.provisions = list(rows)

    return _redraft(app, s, draft_id, actor, "provisions_recorded", change, rows=len(rows))


def withhold(app: App, s: Session, draft_id: int, actor: str, item: str, ground: str,
             reason: str) -> Draft:
    """Part of the disclosure withheld on an Art. 33(2) ground, with the reason."""
    fitting = [g.code for g in app.procedure.grounds_for("disclosure")
               if g.effect == "refuse"]
    if ground not in fitting:
        raise ReviewError(f"一部不開示の事由は {', '.join(fitting)} から選んでください")
    if not (item.strip() and reason.strip()):
        raise ReviewError("開示しない情報と理由を入力してください（通知書に記載されます）")
    _d, _e, case = _case_of(s, draft_id)
    _types_of(case, ["disclosure"])

    def change(a: Answers) -> None:
        a.withheld.append(Withheld(item.strip(), ground, reason.strip()))

    return _redraft(app, s, draft_id, actor, "withheld", change, ground=ground)


def confirm_no_data(app: App, s: Session, draft_id: int, actor: str, searched: str) -> Draft:
    """A person searched the register and found no data: the notice may go."""
    if not searched.strip():
        raise ReviewError("どのように検索したか（氏名・フリガナ・生年月日など）を入力してください")
    _d, _e, case = _case_of(s, draft_id)
    if case.outcome != "no_data":
        raise ReviewError("この案件は「保有個人データなし」ではありません")

    def change(a: Answers) -> None:
        a.no_data_confirmed = True

    return _redraft(app, s, draft_id, actor, "no_data_confirmed", change, searched=searched)


def record_types(app: App, s: Session, draft_id: int, actor: str, types: list[str],
                 *, none: bool = False) -> Draft:
    """The request types as a person read them on the letter's page, where reading could
    not tell its marks or read them wrong: the case is judged and answered with them.
    `none`: the page marks no type — the letter is short of it, and the reply asks."""
    if none and types:
        raise ReviewError("「種類なし」と請求の種類は同時に指定できません")
    unknown = [t for t in types if t not in REQUEST_TYPES]
    if (not types and not none) or unknown:
        offered = "、".join(f"{k}（{v}）" for k, v in REQUEST_TYPES.items())
        raise ReviewError(f"請求の種類を {offered} から選んでください: "
                          f"{', '.join(unknown) or '未指定'}")
    draft, _env, case = _case_of(s, draft_id)
    _latest(draft, (PENDING, APPROVED))
    chosen = [t for t in REQUEST_TYPES if t in set(types)]

    def change(a: Answers) -> None:
        a.types = chosen
        # (What the case asks, for the actions that follow: refuse, done.)
        case.request = {**(case.request or {}), "types": chosen}

    return _redraft(app, s, draft_id, actor, "types_recorded", change, types=chosen)


def confirm_address(app: App, s: Session, draft_id: int, actor: str, which: str) -> Draft:
    """Where a person who moved lives, once the desk has confirmed it: the answer is
    drafted to that address. "proof": a letter asking for proof of the new address."""
    if which not in ("registered", "letter", "proof"):
        raise ReviewError("住所は registered（登録住所）、letter（依頼書の住所）または "
                          "proof（住所の証明を求める）を指定してください")

    def change(a: Answers) -> None:
        a.address = which

    return _redraft(app, s, draft_id, actor, "address_confirmed", change, address=which)

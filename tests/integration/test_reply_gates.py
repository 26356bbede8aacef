"""Nothing unfinished leaves: the gates on approval and delivery, recording what only a
person knows, the printed letter's pages, and mail that must never be answered — on the
real parts (tesseract, SQLite, aiosmtpd, Dovecot, pdfplumber, pdftoppm)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import select

from intake import review
from intake.app import App
from intake.delivery import deliver
from intake.members import import_csv, search
from intake.models import AuditEvent, CaseRow, Draft, Envelope
from intake.pipeline import Incoming, ingest, process
from intake.runner import run_once
from outbox.letter import render_letter_pdf
from outbox.review import ReviewError
from tests.conftest import SAMPLES
from tests.corpus import mail as corpus
from tests.dovecot import Dovecot
from tests.integration.test_imap import imap_app

COMPLETE = SAMPLES / "scans" / "01-complete-request.pdf"


def drafted(app: App, members: bool = True) -> Draft:
    if members:
        with app.sessions() as s:
            import_csv(s, SAMPLES / "members.csv")
    env, _ = ingest(app, Incoming(data=COMPLETE.read_bytes(), source="scan",
                                  source_ref="01.pdf"))
    assert process(app, env.id) == "drafted"
    with app.sessions() as s:
        (draft,) = s.scalars(select(Draft).where(Draft.envelope_id == env.id))
        return draft


@pytest.mark.tesseract
def test_an_unfinished_disclosure_is_refused_at_approval_and_at_delivery(app: App) -> None:
    draft = drafted(app)
    assert draft.template == "disclosure_result_letter"
    with app.sessions() as s:
        with pytest.raises(ReviewError, match="その他の保有個人データ"):
            review.approve(s, draft.id, "reviewer")
        # Approved behind the service's back (an old row, a hand edit): delivery refuses too.
        row = s.get(Draft, draft.id)
        assert row is not None
        row.state = "approved"
        s.commit()
    report = deliver(app, "cron")
    assert list(report.failed) == [draft.id] and "未完成" in report.failed[draft.id]
    assert not (app.config.outbox_dir / "letters").exists()
    with app.sessions() as s:
        row = s.get(Draft, draft.id)
        assert row is not None
        row.state = "pending"
        s.commit()
        finished = review.record_other_data(app, s, draft.id, "reviewer", None)
        assert s.get(Draft, draft.id).state == "superseded"  # type: ignore[union-attr]
        assert "上記のほかに、弊社が保有するご本人の個人データはございません。" in finished.body
        review.approve(s, finished.id, "reviewer")
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "other_data_recorded"))
        assert event is not None and event.actor == "reviewer"
    assert deliver(app, "cron").delivered == [finished.id]


@pytest.mark.tesseract
def test_no_data_leaves_only_after_a_person_searched_and_confirmed(app: App) -> None:
    draft = drafted(app, members=False)
    assert draft.template == "no_data_letter"
    with app.sessions() as s:
        with pytest.raises(ReviewError, match="会員検索"):
            review.approve(s, draft.id, "reviewer")
        assert search(s, name="山田") == []
        with pytest.raises(ReviewError):
            review.confirm_no_data(app, s, draft.id, "reviewer", searched=" ")
        confirmed = review.confirm_no_data(app, s, draft.id, "reviewer",
                                           searched="氏名・生年月日で検索、該当なし")
        review.approve(s, confirmed.id, "reviewer")
        case = s.scalar(select(CaseRow).where(CaseRow.envelope_id == draft.envelope_id))
        assert case is not None and case.answers["no_data_confirmed"] is True


@pytest.mark.tesseract
def test_types_whose_marks_could_not_be_told_are_recorded_by_a_person_then_answered(
        app: App) -> None:
    """Tuning E 11016: a speckled form whose 訂正 read as 条正, so a box stands before
    no option read and the row's marks cannot be told. The letter states its types: no
    documents are asked for, and the reply names no type until a person reads the page
    and records them."""
    from tests.corpus.variety import build, specs
    spec = specs("tuning_e", 17)[16]
    assert (spec.layout, spec.scan, spec.types) == ("leader", "speckle",
                                                    ("correction", "suspension"))
    env, _ = ingest(app, Incoming(data=build(spec).data, source="scan",
                                  source_ref="11016.pdf"))
    assert process(app, env.id) == "drafted"
    with app.sessions() as s:
        (draft,) = s.scalars(select(Draft).where(Draft.envelope_id == env.id))
        case = s.scalar(select(CaseRow).where(CaseRow.envelope_id == env.id))
        assert case is not None, [(f.kind, f.code) for f in case.findings]
        assert case.outcome == "no_data", [(f.kind, f.code) for f in case.findings]
        assert "request_letter.request_type" not in {f.code for f in case.findings}
        assert "【担当者記入：ご請求の内容】" in draft.body
        review.confirm_no_data(app, s, draft.id, "reviewer", "氏名・生年月日で検索、該当なし")
        (draft,) = s.scalars(select(Draft).where(Draft.envelope_id == env.id,
                                                 Draft.state == "pending"))
        with pytest.raises(ReviewError, match="intake review types"):
            review.approve(s, draft.id, "reviewer")
        with pytest.raises(ReviewError, match="suspension（利用停止）"):
            review.record_types(app, s, draft.id, "reviewer", ["stop"])
        answered = review.record_types(app, s, draft.id, "reviewer",
                                       ["suspension", "correction"])
        assert "訂正・追加・削除・利用停止のご請求" in answered.body
        assert "ご請求の内容" not in answered.body
        review.approve(s, answered.id, "reviewer")
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "types_recorded"))
        assert event is not None and event.actor == "reviewer"
        case = s.scalar(select(CaseRow).where(CaseRow.envelope_id == env.id))
        assert case is not None and case.request["types"] == ["correction", "suspension"]
        assert case.answers["types"] == ["correction", "suspension"]


@pytest.mark.tesseract
def test_types_a_person_finds_none_marked_turn_the_reply_into_a_request_for_them(
        app: App) -> None:
    """The same letter, where the person at the desk finds no type marked on the page:
    recorded as none, the letter is short of its request type and the reply asks."""
    from tests.corpus.variety import build, specs
    env, _ = ingest(app, Incoming(data=build(specs("tuning_e", 17)[16]).data, source="scan",
                                  source_ref="11016.pdf"))
    assert process(app, env.id) == "drafted"
    with app.sessions() as s:
        (draft,) = s.scalars(select(Draft).where(Draft.envelope_id == env.id))
        with pytest.raises(ReviewError, match="同時に"):
            review.record_types(app, s, draft.id, "reviewer", ["disclosure"], none=True)
        asked = review.record_types(app, s, draft.id, "reviewer", [], none=True)
        assert asked.template == "request_documents_letter"
        assert "ご請求の内容（開示・訂正・削除・利用停止等）が確認できませんでした" in asked.body
        review.approve(s, asked.id, "reviewer")
        case = s.scalar(select(CaseRow).where(CaseRow.envelope_id == env.id))
        assert case is not None and case.answers["types"] == []
        assert "request_letter.request_type" in {f.code for f in case.findings}


def test_the_register_finds_a_member_by_the_letters_reading_when_the_name_did_not_read(
        any_app: App) -> None:
    """The daemon's lookup (intake.members.lookup, on SQLite and PostgreSQL): the name
    null, the reading (spaced in the register, not in the letter) and the birth date."""
    from intake.members import lookup
    from rules.case import Party
    with any_app.sessions() as s:
        import_csv(s, SAMPLES / "members.csv")
        found = lookup(s, Party(None, "1985-05-01", None, kana="ヤマダタロウ"))
        assert (found.member_id, found.match) == ("M-000101", "partial")
        assert found.by is not None and found.by.startswith("kana+birth_date")
        assert lookup(s, Party(None, "1985-05-01", None, kana="サトウハナコ")).match == "none"


def test_members_search_finds_partial_names_kana_and_birth_dates(app: App) -> None:
    with app.sessions() as s:
        import_csv(s, SAMPLES / "members.csv")
        assert [h["member_id"] for h in search(s, name="太郎")] == ["M-000101"]
        assert [h["member_id"] for h in search(s, name="高橋")] == ["M-000103"]  # 髙 held
        assert [h["member_id"] for h in search(s, kana="ハナコ")] == ["M-000102"]
        hits = search(s, birth_date="昭和60年5月1日", address="世田谷区")
        assert [(h["member_id"], h["matched"]) for h in hits] == \
            [("M-000101", ["birth_date", "address"])]
        assert search(s, name="太郎", birth_date="1990-11-23") == []
        with pytest.raises(ValueError, match="検索条件"):
            search(s)


def test_the_imported_register_finds_a_member_whose_name_was_not_read_by_birth_and_address(
        any_app: App) -> None:
    from intake.members import lookup
    from rules.case import Party
    with any_app.sessions() as s:  # the query without a name, on SQLite and PostgreSQL
        import_csv(s, SAMPLES / "members.csv")
        found = lookup(s, Party(None, "1985-05-01", "東京都世田谷区桜新町2-5-3"))
        assert (found.member_id, found.match) == ("M-000101", "partial")
        assert lookup(s, Party(None, "1985-05-01", "大阪府大阪市北区梅田1-2-3")).match == "none"
        assert lookup(s, Party(None, None, "東京都世田谷区桜新町2-5-3")).match == "none"


def test_a_completion_date_in_the_future_is_refused(app: App) -> None:
    with pytest.raises(ReviewError, match="未来"):
        with app.sessions() as s:
            review.record_done(app, s, 1, "r", "correction", "訂正",
                               dt.date.today() + dt.timedelta(days=1))


def test_a_printed_letter_numbers_its_pages_and_names_the_addressee_on_each(
        tmp_path: Path) -> None:
    body = "\n".join(["令和8年12月1日", "", "〒154-0015", "東京都世田谷区桜新町二丁目5番3号",
                      "山田 太郎 様", "", "株式会社オーネット", "整理番号 [APPI-1]", "",
                      "保有個人データの開示のご請求に対するご回答", "", "記", ""]
                     + [f"   ({i}) 項目{i}：内容" for i in range(1, 80)]
                     + ["｜提供年月日｜提供先｜提供した項目｜",
                        "｜令和8年5月1日｜株式会社IBJ｜プロフィール｜", "", "以上"])
    path = render_letter_pdf(body, tmp_path / "l.pdf", title="保有個人データの開示")
    with pdfplumber.open(path) as pdf:
        texts = ["".join((p.extract_text() or "").split()) for p in pdf.pages]
        ruled = sum(len(p.rects) for p in pdf.pages)
    assert len(texts) >= 2
    for n, text in enumerate(texts, 1):
        assert f"{n}/{len(texts)}" in text
    for text in texts[1:]:
        assert text.startswith("山田太郎様")
    assert ruled >= 6  # the provision table is ruled, cell by cell


ARTEFACTS = Path(os.environ.get("INTAKE_ARTEFACTS", "build/artefacts"))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_every_template_renders_to_a_printable_page(tmp_path: Path) -> None:
    """Every letter for the sample cases as PDF and PNG (kept in build/artefacts for a
    person to look at); each must render and keep its addressee on page 1."""
    from intake.config import Company
    from rules.answers import Answers, Done, Provision, Refusal, Withheld
    from rules.case import MemberMatch
    from tests.unit.test_replies import AGENT_OK, MEMBER, letter, replies
    cases = {
        "disclosure": replies(["disclosure"], answers=Answers(other_data="")),
        "partial": replies(["disclosure"], answers=Answers(other_data="", withheld=[
            Withheld("お相手からの申告", "4", "お相手の権利利益を害するおそれ")])),
        "purposes": replies(["purpose_notice"]),
        "provisions": replies(["third_party_record_disclosure"], answers=Answers(
            provisions=[Provision("2026-05-01", "株式会社IBJ", "プロフィール情報")])),
        "completion": replies(["correction", "suspension"], answers=Answers(done={
            "correction": Done("ご住所を訂正", "2026-11-30"),
            "suspension": Done("ご案内の送付を停止", "2026-11-30")})),
        "refusal": replies(["correction"], answers=Answers(refused={"correction": Refusal(
            ["not_inaccurate"], "調査の結果、登録内容は事実と相違がありませんでした")})),
        "agent": replies(["disclosure"], docs=AGENT_OK, answers=Answers(other_data="")),
        "no_data": replies(["disclosure"], member=MemberMatch(None, "none")),
        "mover": replies(["disclosure"], member=MemberMatch("M-1", "partial", {
            **(MEMBER.record or {}), "address": "東京都港区芝1-1-1"})),
        "mover_proof": replies(["disclosure"], answers=Answers(address="proof"),
                               member=MemberMatch("M-1", "partial", {
                                   **(MEMBER.record or {}), "address": "東京都港区芝1-1-1"})),
        "request_documents": replies(["disclosure"], docs=[letter(requester_role="self",
                                                                  birth_date=None)]),
    }
    out = ARTEFACTS / "letters"
    out.mkdir(parents=True, exist_ok=True)
    rendered = 0
    for name, (_decision, drafts) in cases.items():
        for i, draft in enumerate(drafts):
            if draft.channel != "letter":
                continue
            pdf = render_letter_pdf(draft.body, out / f"{name}-{i}-{draft.template}.pdf",
                                    title=draft.subject)
            subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(pdf.with_suffix(""))],
                           check=True, timeout=60)
            pngs = list(out.glob(f"{pdf.stem}*.png"))
            assert pngs, pdf
            with pdfplumber.open(pdf) as doc:
                first = "".join((doc.pages[0].extract_text() or "").split())
            assert "".join(draft.to.split()).replace("様", "") in first.replace("様", "")
            rendered += 1
    # The electronic disclosure's password letter, as delivery prints it.
    _d, (electronic,) = replies(["disclosure"], disclosure_method="electronic",
                                company=Company(electronic_disclosure=True),
                                answers=Answers(other_data=""))
    pdf = render_letter_pdf(electronic.parts["password_letter"].replace("［パスワード］",
                                                                        "Ab3dEf5hJk7m"),
                            out / "electronic-password_letter.pdf", title="パスワード")
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(pdf.with_suffix(""))],
                   check=True, timeout=60)
    assert rendered >= 12


@pytest.mark.tesseract
def test_no_mail_loop_a_note_read_back_is_never_answered_and_a_reply_goes_to_the_desk(
        dovecot: Dovecot, tmp_path: Path) -> None:
    from tests.smtpd import Inbox, smtp_server
    with smtp_server(Inbox()) as (handler, port):
        dovecot.append([(SAMPLES / "mail" / "03-disclosure-by-email.eml").read_bytes(),
                        (SAMPLES / "mail" / "04-complaint.eml").read_bytes()])
        app = imap_app(tmp_path, dovecot, INTAKE_SMTP_PORT=str(port))
        run_once(app)
        with app.sessions() as s:
            drafts = list(s.scalars(select(Draft).order_by(Draft.id)))
            assert [d.template for d in drafts] == ["guidance_email", "route_to_desk_note"]
            for d in drafts:
                review.approve(s, d.id, "reviewer")
        deliver(app, "reviewer")
        guidance, note = handler.messages
        for sent in (guidance, note):
            assert sent["Auto-Submitted"] == "auto-generated" and sent["X-APPI-Intake"]
        assert note["To"] == app.config.company.email
        # The note comes back into the desk's own mailbox; the customer answers guidance.
        dovecot.append([note.as_bytes(), corpus.reply(
            sender="ichiro.takahashi@example.jp", subject="Re: " + guidance["Subject"],
            in_reply_to=guidance["Message-ID"], message_id="<ok-1@example.jp>")])
        run_once(app)
        with app.sessions() as s:
            rows = list(s.scalars(select(Envelope).order_by(Envelope.id)))[2:]
            new_drafts = {d.envelope_id: d for d in s.scalars(
                select(Draft).where(Draft.envelope_id.in_([e.id for e in rows])))}
        looped, answered = rows
        assert looped.state == "closed" and looped.id not in new_drafts
        reply = new_drafts[answered.id]
        assert reply.template == "route_to_desk_note" and reply.to == app.config.company.email
        assert "弊社からお送りしたメールへのご返信" in reply.body


def test_an_electronic_disclosure_goes_locked_by_mail_and_its_password_by_post(
        app: App) -> None:
    import io
    import re

    from pypdf import PdfReader

    from intake.config import Company
    from intake.models import Envelope as EnvelopeRow
    from rules.answers import Answers
    from tests.smtpd import Inbox, smtp_server
    from tests.unit.test_replies import replies
    _decision, (text,) = replies(["disclosure"], disclosure_method="electronic",
                                company=Company(electronic_disclosure=True),
                                answers=Answers(other_data=""))
    assert text.channel == "electronic" and text.to == "taro@example.jp"
    assert "パスワード：［パスワード］" in text.parts["password_letter"]
    with smtp_server(Inbox()) as (handler, port):
        app.config.smtp.port = port
        with app.sessions() as s:
            env = EnvelopeRow(source="scan", source_ref="x", channel="post", sha256="0" * 64,
                              size=1, state="approved")
            s.add(env)
            s.flush()
            s.add(Draft(envelope_id=env.id, template=text.template, channel=text.channel,
                        to=text.to, subject=text.subject, body=text.body, parts=text.parts,
                        state="approved"))
            s.commit()
        report = deliver(app, "reviewer")
        assert report.delivered and not report.failed
    (mail,) = handler.messages
    assert mail["To"] == "taro@example.jp" and "スタンダードプラン" not in mail.get_body(
        ("plain",)).get_content()
    (attachment,) = list(mail.iter_attachments())
    locked = PdfReader(io.BytesIO(attachment.get_content()))
    assert locked.is_encrypted
    (letter,) = (app.config.outbox_dir / "letters").glob("*-password.pdf")
    with pdfplumber.open(letter) as pdf:
        printed = "".join((pdf.pages[0].extract_text() or "").split())
    password = re.search(r"パスワード：([A-Za-z0-9]{12})", printed)
    assert password, printed
    assert locked.decrypt("wrong-password") == 0
    assert locked.decrypt(password.group(1)) != 0
    opened = "".join("".join((p.extract_text() or "").split()) for p in locked.pages)
    assert "スタンダードプラン" in opened
    with app.sessions() as s:
        assert password.group(1) not in str([d.body + str(d.parts) for d in
                                              s.scalars(select(Draft))])


@pytest.mark.tesseract
def test_a_movers_case_stays_open_after_the_receipt_until_the_address_is_confirmed(
        app: App, tmp_path: Path) -> None:
    register = (SAMPLES / "members.csv").read_text(encoding="utf-8").replace(
        "東京都世田谷区桜新町二丁目5番3号", "東京都港区芝一丁目1番1号")
    (tmp_path / "moved.csv").write_text(register, encoding="utf-8")
    with app.sessions() as s:
        import_csv(s, tmp_path / "moved.csv")
    receipt = drafted(app, members=False)
    assert receipt.template == "acknowledgement_letter"
    assert "港区" not in receipt.body and "芝" not in receipt.to  # not to the old address
    with app.sessions() as s:
        review.approve(s, receipt.id, "reviewer")
    deliver(app, "reviewer")
    with app.sessions() as s:
        env = s.get(Envelope, receipt.envelope_id)
        assert env is not None and env.state == "waiting"
        assert [(e, d) for e, d, _due in review.open_cases(s)] == [(env.id, receipt.id)]
        answer = review.confirm_address(app, s, receipt.id, "reviewer", "letter")
        assert answer.template == "disclosure_result_letter"
        assert answer.to.startswith("東京都世田谷区桜新町2-5-3")
        assert review.open_cases(s) == []
        with pytest.raises(ReviewError, match="その他の保有個人データ"):
            review.approve(s, answer.id, "reviewer")


@pytest.mark.parametrize(("body", "to", "types", "answers", "said"), [
    ("訂正後の内容：【担当者記入：訂正後の内容】", "東京都港区芝1-1-1 山田太郎 様", [], {},
     "未記入の箇所があります：訂正後の内容"),
    ("本文", "東京都港区芝1-1-1 （お名前不明） 様", [], {}, "宛名または住所が不明です"),
    ("本文", "【担当者記入：宛先の住所（不明）】 山田太郎 様", [], {},
     "未記入の箇所があります：宛先の住所（不明）"),
    ("本文", "東京都港区芝1-1-1 山田太郎 様",
     [{"type": "correction", "outcome": "carry_out", "grounds": [], "reason": ""}], {},
     "対応した内容と完了日を記録してください"),
    ("本文", "東京都港区芝1-1-1 山田太郎 様",
     [{"type": "disclosure", "outcome": "answer", "grounds": [], "reason": ""}], {},
     "「その他の保有個人データ」を記入するか"),
    ("本文", "東京都港区芝1-1-1 山田太郎 様",
     [{"type": "third_party_record_disclosure", "outcome": "answer", "grounds": [],
       "reason": ""}], {"other_data": ""}, "第三者提供記録を記録するか"),
    ("本文", "東京都港区芝1-1-1 （お名前不明） 様",
     [{"type": "disclosure", "outcome": "answer", "grounds": [], "reason": ""}], {},
     "宛名または住所が不明です"),
], ids=["placeholder", "unknown addressee", "unknown address", "completion not recorded",
        "other data not filled", "provision records not recorded",
        "unknown addressee beside an item to record"])
def test_each_gate_refuses_approval_and_delivery_saying_what_to_fill(
        app: App, body: str, to: str, types: list[dict[str, object]],
        answers: dict[str, object], said: str) -> None:
    with app.sessions() as s:
        env = Envelope(source="scan", source_ref="x", channel="post", sha256="0" * 64,
                       size=1, state="drafted")
        s.add(env)
        s.flush()
        case = CaseRow(envelope_id=env.id, channel="post", request={"types": []},
                       outcome="accept", type_decisions=types, answers=answers)
        s.add(case)
        s.flush()
        draft = Draft(case_id=case.id, envelope_id=env.id, template="disclosure_result_letter",
                      channel="letter", to=to, subject="s", body=body)
        s.add(draft)
        s.commit()
        with pytest.raises(ReviewError, match=said.replace("(", r"\(").replace(")", r"\)")):
            review.approve(s, draft.id, "reviewer")
        draft.state = "approved"  # as if approved before the gate existed
        s.commit()
        draft_id = draft.id
    report = deliver(app, "cron")
    assert said in report.failed[draft_id] and not report.delivered
    with app.sessions() as s:
        assert s.get(Draft, draft_id).state == "approved"  # type: ignore[union-attr]
    assert not (app.config.outbox_dir / "letters").exists()


def test_an_agents_notice_is_approved_after_the_answer_and_leaves_after_it(app: App) -> None:
    """The notice tells the agent the answer went to the person: approved before it, or
    sent while it waits (edited after approval), it would say what is not so."""
    with app.sessions() as s:
        env = Envelope(source="scan", source_ref="x", channel="post", sha256="1" * 64,
                       size=1, state="drafted")
        s.add(env)
        s.flush()
        case = CaseRow(envelope_id=env.id, channel="post", request={"types": ["correction"]},
                       outcome="accept", answers={}, type_decisions=[
                           {"type": "correction", "outcome": "done", "grounds": [],
                            "reason": ""}])
        s.add(case)
        s.flush()
        reply, notice = (Draft(case_id=case.id, envelope_id=env.id, template=t,
                               channel="letter", to=to, subject="s", body="本文")
                         for t, to in (("completion_letter", "東京都港区芝1-1-1 山田太郎 様"),
                                       ("agent_notice_letter", "大阪府大阪市北区 佐藤花子 様")))
        s.add_all([reply, notice])
        s.commit()
        with pytest.raises(ReviewError, match=f"下書き {reply.id}）が未承認です"):
            review.approve(s, notice.id, "reviewer")
        review.approve(s, reply.id, "reviewer")
        review.approve(s, notice.id, "reviewer")
        review.edit(s, reply.id, "reviewer", body="本文（訂正）")  # needs approval again
        ids = reply.id, notice.id
    report = deliver(app, "cron")
    assert report.delivered == [] and "まだ送られていません" in report.failed[ids[1]]
    with app.sessions() as s:
        review.approve(s, ids[0], "reviewer")
    assert deliver(app, "cron").delivered == list(ids)  # the answer first

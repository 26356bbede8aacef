"""The procedure end to end: an agent's envelope read by tesseract, a reviewer's
refusal on grounds 4–6, and the member register read from the company's database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from intake import review
from intake.app import App
from intake.config import ConfigError
from intake.models import AuditEvent, CaseRow, Draft
from intake.pipeline import Incoming, ingest, process
from outbox.review import ReviewError
from tests.conftest import SAMPLES, make_app
from tests.corpus import documents as d
from tests.corpus.render import HANAKO, TARO, save_pdf
from tests.integration.test_cli import check_json, intake


@pytest.mark.tesseract
def test_agent_envelope_is_read_and_checked_end_to_end(tmp_path: Path) -> None:
    pages = [d.request_by_agent(TARO, HANAKO, "mincho").image,
             d.power_of_attorney(TARO, HANAKO, "mincho").image,
             d.seal_certificate(TARO, "mincho").image,
             d.licence(TARO, "gothic").image,
             d.licence(HANAKO, "gothic", number="451234567892").image]
    envelope = tmp_path / "agent.pdf"
    save_pdf(pages, envelope)
    assert intake(tmp_path, "members", "import", str(SAMPLES / "members.csv")).returncode == 0
    (result,) = check_json(tmp_path, envelope)
    assert [doc["kind"] for doc in result["documents"]] == [
        "request_letter", "power_of_attorney", "seal_certificate", "drivers_license",
        "drivers_license"]
    assert result["request"]["requester_role"] == "agent"
    assert result["request"]["person"] == {"name": "山田太郎", "birth_date": "1985-05-01",
                                           "address": "東京都世田谷区桜新町2-5-3"}
    assert result["request"]["agent"] == {"name": "佐藤花子", "birth_date": "1990-11-23",
                                          "address": "大阪府大阪市北区梅田1-2-3"}
    assert result["decision"]["outcome"] == "accept", result["decision"]
    assert result["decision"]["review_points"] == [
        "power_of_attorney_handwritten", "seal_matches_certificate", "possible_harm"]
    # Disclosure goes to the person only: the principal, at the registered address.
    assert result["draft"]["to"] == "〒154-0015 東京都世田谷区桜新町二丁目5番3号 山田 太郎 様"
    # The agent is told, without data, that the answer went to the principal.
    (notice,) = result["notices"]
    assert notice["template"] == "agent_notice_letter"
    assert notice["to"] == "大阪府大阪市北区梅田1-2-3 佐藤花子 様"
    assert "ご本人様宛に直接お送りいたしました" in notice["body"]
    assert "スタンダードプラン" not in notice["body"]
    assert "佐藤花子 様よりお受けいたしました" in result["draft"]["body"]
    # The same envelope without the seal certificate asks for it.
    save_pdf([pages[0], pages[1], pages[3], pages[4]], envelope)
    (short,) = check_json(tmp_path, envelope)
    assert short["decision"]["deficiencies"] == ["seal_certificate"]
    assert "委任者ご本人の印鑑登録証明書を確認できませんでした" in short["draft"]["body"]
    # What is missing is for the agent, who sent the request, to put right.
    assert short["draft"]["to"] == "大阪府大阪市北区梅田1-2-3 佐藤花子 様"


@pytest.mark.tesseract
def test_reviewer_refuses_on_ground_4_with_a_reason(app: App) -> None:
    from intake.members import import_csv
    with app.sessions() as s:
        import_csv(s, SAMPLES / "members.csv")
    env, _ = ingest(app, Incoming(data=(SAMPLES / "scans" / "01-complete-request.pdf")
                                  .read_bytes(), source="scan", source_ref="x.pdf"))
    assert process(app, env.id) == "drafted"
    with app.sessions() as s:
        (first,) = s.scalars(select(Draft).where(Draft.envelope_id == env.id))
        with pytest.raises(ReviewError):
            review.refuse(app, s, first.id, "manager", [4], reason=" ")
        with pytest.raises(ReviewError):
            review.refuse(app, s, first.id, "manager", [7], reason="x")
        with pytest.raises(ReviewError, match="使えません"):
            review.refuse(app, s, first.id, "manager", ["not_inaccurate"], reason="x")
        notice = review.refuse(app, s, first.id, "manager", [4],
                               reason="ご家族からの申出により、ご本人の身体に危険が及ぶおそれがあるため")
        assert notice.template == "refuse_letter" and notice.state == "pending"
        assert "個人情報保護法第33条第2項第1号（ご本人または第三者の生命" in notice.body
        assert "身体に危険が及ぶおそれがあるため" in notice.body
        case = s.scalar(select(CaseRow).where(CaseRow.envelope_id == env.id))
        assert case is not None and (case.outcome, case.refusal_reasons) == ("refuse", [4])
        old = s.get(Draft, first.id)
        assert old is not None and old.state == "superseded"
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "refused"))
        assert event is not None and event.actor == "manager"
        assert event.detail["grounds"] == ["4"] and "危険" in event.detail["reason"]
        review.approve(s, notice.id, "manager")  # the notice itself still needs approval


def test_member_register_read_from_the_company_database(tmp_path: Path) -> None:
    crm = tmp_path / "crm.sqlite"
    with sqlite3.connect(crm) as conn:
        conn.execute("CREATE TABLE crm_members (member_no TEXT, full_name TEXT, kana TEXT, "
                     "dob TEXT, addr TEXT, state TEXT, plan_name TEXT)")
        conn.execute("INSERT INTO crm_members VALUES ('C-9', '髙橋　一郎', 'タカハシイチロウ', "
                     "'1979-02-14', '東京都中央区晴海二丁目1番1号', 'prospect', 'ライト')")
    query = ("SELECT member_no AS member_id, full_name AS name, kana AS name_kana, "
             "dob AS birth_date, addr AS address, state AS status, plan_name AS plan "
             "FROM crm_members WHERE dob = :birth_date")
    app = make_app(tmp_path, "", INTAKE_MEMBERS_URL=f"sqlite:///{crm}", INTAKE_MEMBERS_QUERY=query)
    from rules.case import Party
    with app.sessions() as s:
        found = app.member_lookup(s)(Party("高橋一郎", "1979-02-14", "東京都中央区晴海2-1-1"))
    assert (found.member_id, found.match) == ("C-9", "exact")
    assert found.record is not None and found.record["plan"] == "ライト"
    with app.sessions() as s:
        none = app.member_lookup(s)(Party("高橋一郎", "1979-02-15", "東京都中央区晴海2-1-1"))
    assert none.match == "none"
    with app.sessions() as s:  # the name not read: the birth date and the address find them
        loose = app.member_lookup(s)(Party(None, "1979-02-14", "東京都中央区晴海2-1-1"))
    assert (loose.member_id, loose.match) == ("C-9", "partial")
    # Anything but a SELECT is refused when the settings load (exit 78 for a command).
    with pytest.raises(ConfigError, match="SELECT"):
        make_app(tmp_path / "b", "", INTAKE_MEMBERS_URL=f"sqlite:///{crm}",
                 INTAKE_MEMBERS_QUERY="DELETE FROM crm_members")
    assert json.loads(json.dumps(found.to_json())) == {"member_id": "C-9", "match": "exact",
                                                       "by": "name+birth_date+address"}


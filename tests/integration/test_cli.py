"""The `intake` command as other programs use it (CONTRACT.md), run as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES
from tests.corpus.render import (
    TARO,
    LetterSpec,
    LicenceSpec,
    render_letter,
    render_licence_copy,
    save_pdf,
)
from tests.faults import killed_tesseract

TODAY = "2026-11-27"


def intake(tmp_path: Path, *args: str, env: dict[str, str] | None = None,
           stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    full_env.update({"INTAKE_DATA_DIR": str(tmp_path / "data")}, **(env or {}))
    return subprocess.run([sys.executable, "-m", "intake.cli", *args], capture_output=True,
                          text=True, env=full_env, cwd=tmp_path, input=stdin, timeout=300)


def check_json(tmp_path: Path, *paths: str | Path) -> list[dict[str, Any]]:
    out = intake(tmp_path, "check", *map(str, paths), "--json", "--today", TODAY)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


@pytest.mark.tesseract
def test_check_end_to_end_on_a_letter_rendered_here(tmp_path: Path) -> None:
    envelope = tmp_path / "posted.pdf"
    save_pdf([render_letter(LetterSpec(TARO)),
              render_licence_copy(LicenceSpec(TARO))], envelope)
    assert intake(tmp_path, "members", "import", str(SAMPLES / "members.csv")).returncode == 0
    (result,) = check_json(tmp_path, envelope)
    assert result["source"] == str(envelope) and result["channel"] == "post"
    assert [(d["kind"], d["pages"]) for d in result["documents"]] == \
        [("request_letter", [1]), ("drivers_license", [2])]
    assert result["request"] == {
        "types": ["disclosure"], "requester_role": "self",
        "person": {"name": "山田太郎", "birth_date": "1985-05-01",
                   "address": "東京都世田谷区桜新町2-5-3"},
        "agent": None, "contact": {"email": None, "phone": "090-1234-5678"},
        "disclosure_method": None}
    assert result["member"] == {"member_id": "M-000101", "match": "exact",
                                "by": "name+birth_date+address"}
    assert result["decision"] == {
        "outcome": "accept", "deficiencies": [], "refusal_reasons": [],
        "review_points": ["possible_harm"], "due_date": "2026-12-11",
        "types": [{"type": "disclosure", "outcome": "answer", "grounds": [], "reason": ""}]}
    draft = result["draft"]
    assert (draft["template"], draft["channel"]) == ("disclosure_result_letter", "letter")
    # To the person as the register holds them: 〒, address and name in its own form.
    assert draft["to"] == "〒154-0015 東京都世田谷区桜新町二丁目5番3号 山田 太郎 様"
    assert "1. 開示のご請求について" in draft["body"]
    assert "契約プラン名：スタンダードプラン" in draft["body"]
    # A dry run: nothing was queued.
    listed = intake(tmp_path, "envelopes", "list", "--json")
    assert listed.returncode == 0 and listed.stdout == ""


@pytest.mark.tesseract
def test_check_every_sample_gives_its_outcome(tmp_path: Path) -> None:
    intake(tmp_path, "members", "import", str(SAMPLES / "members.csv"))
    paths = sorted((SAMPLES / "scans").iterdir()) + sorted((SAMPLES / "mail").iterdir())
    results = check_json(tmp_path, *paths)
    got = {Path(r["source"]).name: (r["decision"]["outcome"], r["decision"]["deficiencies"])
           for r in results}
    assert got == {
        "01-complete-request.pdf": ("accept", []),
        "02-incomplete-request.jpg": ("request_documents",
                                      ["request_letter.birth_date", "id_document"]),
        "03-disclosure-by-email.eml": ("guidance", []),
        "04-complaint.eml": ("route_to_desk", []),
        "05-auto-reply.eml": ("no_reply", []),
    }
    assert [r["draft"] is None for r in results] == [False, False, False, False, True]


def test_unreadable_envelope_is_a_result_not_a_failure(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    good = SAMPLES / "mail" / "04-complaint.eml"
    first, second = check_json(tmp_path, bad, good)
    assert first == {"source": str(bad), "error": {"code": "pdf_corrupt",
                                                    "message": first["error"]["message"]}}
    assert second["decision"]["outcome"] == "route_to_desk"


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert intake(tmp_path, "check", str(tmp_path / "missing.pdf"), "--json").returncode == 2
    assert intake(tmp_path, "check", str(SAMPLES / "mail" / "04-complaint.eml"),
                  "--today", "27/11/2026").returncode == 2
    assert intake(tmp_path, "check").returncode == 2


def test_members_import_reports_bad_rows_by_line_and_loads_the_rest(tmp_path: Path) -> None:
    csv = tmp_path / "members.csv"
    rows = ["member_id,name,name_kana,birth_date,address,status",
            "A1,山田 太郎,ヤマダ タロウ,昭和60年5月1日,東京都世田谷区桜新町二丁目5番3号,member",
            "A2,,,1990-01-01,,member",
            "A3,髙橋 一郎,タカハシ イチロウ,1979-02-14,東京都中央区晴海2-1-1,vip"]
    csv.write_bytes("\n".join(rows).encode("cp932"))
    out = intake(tmp_path, "members", "import", str(csv))
    assert out.returncode == 0
    assert "1 added" in out.stdout and "2 rejected" in out.stdout
    assert "line 3" in out.stderr and "line 4" in out.stderr
    again = intake(tmp_path, "members", "import", str(csv))
    assert "1 updated" in again.stdout


def test_init_writes_a_config_that_loads_and_env_overrides_it(tmp_path: Path) -> None:
    assert intake(tmp_path, "init").returncode == 0
    assert intake(tmp_path, "init").returncode != 0  # never overwritten silently
    from intake.config import load
    cfg = load(tmp_path / "intake.toml", env={"INTAKE_IMAP_HOST": "mail.example.jp",
                                               "INTAKE_IMAP_PORT": "143",
                                               "INTAKE_IMAP_SECURITY": "starttls",
                                               "INTAKE_SMTP_HOST": "relay.example.jp"})
    assert (cfg.imap.host, cfg.imap.port, cfg.imap.security, cfg.smtp.host) == \
        ("mail.example.jp", 143, "starttls", "relay.example.jp")
    assert cfg.company.phone == "050-1790-8777"
    assert cfg.data_dir == tmp_path / "intake-data"


def test_review_commands_from_the_shell(tmp_path: Path) -> None:
    maildir = tmp_path / "mail"
    maildir.mkdir()
    (maildir / "m.eml").write_bytes((SAMPLES / "mail" / "04-complaint.eml").read_bytes())
    env = {"INTAKE_MAILDIR_DIRS": str(maildir), "INTAKE_SCAN_STABLE_SECONDS": "0.05"}
    polled = intake(tmp_path, "poll", "--once", env=env)
    assert polled.returncode == 0 and "ingested 1, processed 1: drafted 1" in polled.stdout
    shown = intake(tmp_path, "review", "show", "1")
    assert "route_to_desk" in shown.stdout and "担当者の対応について" in shown.stdout
    assert "other (pages [1])" in shown.stdout  # what was read, beside the draft
    assert intake(tmp_path, "--as", "suzuki", "review", "approve", "1").returncode == 0
    assert intake(tmp_path, "review", "approve", "1").returncode == 1  # not twice
    audit = intake(tmp_path, "audit", "--json")
    events = [json.loads(line) for line in audit.stdout.splitlines()]
    assert {"action": "approved", "actor": "suzuki"}.items() <= events[-1].items()
    body = tmp_path / "body.txt"
    body.write_text("担当：鈴木\n至急ご対応ください。\n", encoding="utf-8")
    edited = intake(tmp_path, "--as", "tanaka", "review", "edit", "1", "--file", str(body))
    assert edited.returncode == 0 and "state pending" in edited.stdout  # approve again
    assert "至急ご対応ください。" in intake(tmp_path, "review", "show", "1").stdout
    assert intake(tmp_path, "--as", "suzuki", "review", "approve", "1").returncode == 0
    missing = intake(tmp_path, "envelopes", "retry", "99")
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    listed = [json.loads(x) for x in intake(tmp_path, "envelopes", "list", "--json")
              .stdout.splitlines()]
    assert listed[0]["state"] == "approved" and set(listed[0]) == {
        "id", "source", "channel", "message_id", "uidvalidity", "uid", "sha256", "state", "error"}


@pytest.mark.tesseract
def test_extract_gives_pages_and_masks_the_licence_number(tmp_path: Path) -> None:
    out = intake(tmp_path, "extract", str(SAMPLES / "scans" / "01-complete-request.pdf"),
                 "--json")
    assert out.returncode == 0, out.stderr
    (result,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert result["channel"] == "post"
    assert [d["kind"] for d in result["documents"]] == ["request_letter", "drivers_license"]
    pages = result["pages"]
    assert [p["page"] for p in pages] == [1, 2]
    assert all(set(p) == {"page", "text", "confidence", "rotation"} for p in pages)
    assert all(0.5 < p["confidence"] <= 1.0 and p["rotation"] == 0 for p in pages)
    assert "山田太郎" in pages[0]["text"].replace(" ", "")
    # The licence number (301234567890) appears nowhere whole, only its last four.
    assert "301234567890" not in out.stdout and "********7890" in out.stdout


@pytest.mark.tesseract
def test_a_folder_of_page_images_is_one_envelope(tmp_path: Path) -> None:
    folder = tmp_path / "envelope"
    folder.mkdir()
    render_letter(LetterSpec(TARO)).save(folder / "p1.png")
    render_licence_copy(LicenceSpec(TARO)).save(folder / "p2.jpg", quality=90)
    (folder / "notes.txt").write_text("not a page")
    (result,) = check_json(tmp_path, folder)
    assert [(d["kind"], d["pages"]) for d in result["documents"]] == \
        [("request_letter", [1]), ("drivers_license", [2])]
    assert result["decision"]["deficiencies"] == []


def test_an_empty_folder_is_said_to_be_empty(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for command in ("check", "extract"):
        out = intake(tmp_path, command, str(tmp_path / "empty"), "--json")
        assert out.returncode == 0
        assert json.loads(out.stdout)["error"]["code"] == "empty_folder"


def test_a_killed_ocr_engine_is_reported_as_a_crash_to_run_again(tmp_path: Path) -> None:
    killed = killed_tesseract(tmp_path / "bin")
    path = f"{killed.parent}{os.pathsep}{os.environ['PATH']}"
    out = intake(tmp_path, "check", str(SAMPLES / "scans" / "02-incomplete-request.jpg"), "--json",
                 env={"PATH": path})
    assert out.returncode == 0, out.stderr
    error = json.loads(out.stdout)["error"]
    assert error["code"] == "ocr_crashed" and "もう一度" in error["message"]


def test_a_reply_is_judged_by_its_own_words_not_the_mail_it_quotes(tmp_path: Path) -> None:
    """A customer's 「承知しました」 under the desk's guidance: the quoted guidance names
    開示 and the desk's 担当者, but the customer asked for nothing and is no 鈴木."""
    from tests.corpus.mail import make_mail
    body = ("承知しました。書類をそろえて郵送いたします。\n山田太郎\n\n"
            "2026年11月28日(土) 10:00 お客様相談室 <desk@example.jp>:\n"
            "> 開示等のご請求は、所定の請求書に本人確認書類を添えて郵送でお願いいたします。\n"
            "> 株式会社オーネット お客様相談室\n> 東京都中央区晴海一丁目8番12号\n> 鈴木一郎")
    path = tmp_path / "reply.eml"
    path.write_bytes(make_mail(sender_name="山田太郎", sender="taro@example.jp",
                               subject="Re: [APPI-3] 開示のご請求について", body=body))
    (result,) = check_json(tmp_path, path)
    assert result["request"]["types"] == []
    assert result["request"]["person"]["name"] != "鈴木一郎"
    assert result["decision"]["outcome"] == "route_to_desk"

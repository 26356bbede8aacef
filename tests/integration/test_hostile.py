"""Inputs, settings and crashes that cannot hurt (issue 11), each against the real part:
links never followed, every page accounted for, settings checked, a broken
installation named, exit codes for cron, a reply never sent twice."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from intake import review
from intake.config import ConfigError, load
from intake.models import AuditEvent, Draft, Envelope
from intake.pipeline import Incoming, ingest, process
from intake.runner import run_once
from tests.conftest import SAMPLES, make_app
from tests.corpus.render import (
    TARO,
    LetterSpec,
    LicenceSpec,
    render_letter,
    render_licence_copy,
)
from tests.dovecot import Dovecot, free_port
from tests.integration.test_cli import intake
from tests.smtpd import Inbox, smtp_server

SECRET = "SECRET-TARGET-7f3a9"  # what a link points at: must surface nowhere


def secret_file(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    target = outside / "secret.txt"
    target.write_text(f"From: x@example.jp\nSubject: {SECRET}\n\n{SECRET}\n", encoding="utf-8")
    return target


def database_text(tmp_path: Path) -> str:
    """Every value of every table, as text (SQLite)."""
    with sqlite3.connect(tmp_path / "data" / "intake.db") as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return json.dumps([list(map(str, row)) for t in tables
                           for row in conn.execute(f"SELECT * FROM {t}")], ensure_ascii=False)


def blobs_text(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*")
                    if p.is_file() and "blobs" in p.parts)


# 1. Links are never followed ---------------------------------------------------------

def test_links_in_the_scan_and_eml_folders_are_refused_and_the_rest_is_taken(
        tmp_path: Path) -> None:
    target = secret_file(tmp_path)
    scans, mails = tmp_path / "scans", tmp_path / "mails"
    scans.mkdir()
    mails.mkdir()
    (scans / "scan.jpg").symlink_to(target)  # a "scan" that is a text file elsewhere
    (scans / "folder-link").symlink_to(target.parent, target_is_directory=True)
    (scans / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (mails / "mail.eml").symlink_to(target)
    shutil.copy(SAMPLES / "mail" / "04-complaint.eml", mails / "real.eml")
    out = intake(tmp_path, "poll", "--once",
                 env={"INTAKE_SCAN_DIRS": str(scans), "INTAKE_MAILDIR_DIRS": str(mails),
                      "INTAKE_SCAN_STABLE_SECONDS": "0.05"})
    assert out.returncode == 0, out.stderr
    assert "ingested 1" in out.stdout  # the real mail, and nothing through a link
    for name in ("scan.jpg", "folder-link", "dangling.pdf", "mail.eml"):
        assert f"{name}:" in out.stderr and "symlink_refused" in out.stderr
        moved = (mails if name == "mail.eml" else scans) / "failed" / name
        assert moved.is_symlink()  # the link itself set aside; its target untouched
    assert target.read_text(encoding="utf-8").count(SECRET) == 2
    assert SECRET not in out.stdout + out.stderr
    assert SECRET not in database_text(tmp_path)
    assert SECRET.encode() not in blobs_text(tmp_path)


@pytest.mark.tesseract
def test_a_folder_envelope_reads_its_pages_and_names_everything_else(tmp_path: Path) -> None:
    target = secret_file(tmp_path)
    folder = tmp_path / "scans" / "envelope-1"
    folder.mkdir(parents=True)
    render_letter(LetterSpec(TARO)).save(folder / "01.png")
    (folder / "02.png").symlink_to(target)  # a page that is a link outside the envelope
    (folder / "04-outside").symlink_to(target.parent, target_is_directory=True)
    (folder / "05.png").symlink_to(tmp_path / "gone.png")  # dangling
    (folder / "memo.txt").write_text("desk memo", encoding="utf-8")
    (folder / "extra").mkdir()
    (folder / "extra" / "03.png").write_bytes((folder / "01.png").read_bytes())
    app = make_app(tmp_path, "", INTAKE_SCAN_DIRS=str(tmp_path / "scans"),
                   INTAKE_SCAN_STABLE_SECONDS="0.05")
    report = run_once(app)
    assert report.processed == {1: "drafted"}
    with app.sessions() as s:
        env = s.get(Envelope, 1)
        assert env is not None and len(env.pages) == 1
        assert "folder_items_skipped" in env.meta["points"]
        notes = "\n".join(env.meta["notes"])
        for name in ("02.png", "04-outside", "05.png", "memo.txt", "extra"):
            assert name in notes
        assert "シンボリックリンク" in notes and "フォルダ" in notes
        case = env.case
        assert case is not None and "folder_items_skipped" in \
            [f.code for f in case.findings]
    assert SECRET not in database_text(tmp_path)
    assert SECRET.encode() not in blobs_text(tmp_path)


@pytest.mark.parametrize("kind", ["file", "folder", "dangling"])
def test_check_on_a_link_refuses_it_the_same_way(tmp_path: Path, kind: str) -> None:
    target = secret_file(tmp_path)
    link = tmp_path / "envelope.pdf"
    link.symlink_to({"file": target, "folder": target.parent,
                     "dangling": tmp_path / "gone.pdf"}[kind])
    out = intake(tmp_path, "check", str(link), "--json")
    assert out.returncode == 0, out.stderr
    (result,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert result["error"]["code"] == "symlink_refused"
    assert "シンボリックリンク" in result["error"]["message"]
    assert SECRET not in out.stdout + out.stderr


# 2. Every page accounted for ---------------------------------------------------------

@pytest.mark.tesseract
def test_every_frame_of_a_multi_frame_gif_is_a_page(tmp_path: Path) -> None:
    frames = [render_letter(LetterSpec(TARO)).convert("L"),
              render_licence_copy(LicenceSpec(TARO)).convert("L")]
    gif = tmp_path / "envelope.gif"
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=500)
    assert Image.open(gif).n_frames == 2
    out = intake(tmp_path, "extract", str(gif), "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert [p["page"] for p in result["pages"]] == [1, 2]
    assert [d["kind"] for d in result["documents"]] == ["request_letter", "drivers_license"]


# 3. Settings checked when loaded -----------------------------------------------------

@pytest.mark.parametrize(("key", "value", "named"), [
    ("INTAKE_SMTP_SECURITY", "tls", "[smtp] security = 'tls': 使える値は plain | starttls | ssl"),
    ("INTAKE_IMAP_SECURITY", "tls", "[imap] security"),
    ("INTAKE_IMAP_ACTION", "delete", "[imap] action = 'delete': 使える値は move | keyword"),
    ("INTAKE_SMTP_CHARSET", "shift_jis", "[smtp] charset"),
    ("INTAKE_SCHEDULE_DAILY_AT", "25:00", "[schedule] daily_at"),
    ("INTAKE_SCHEDULE_DAILY_AT", "7am", "[schedule] daily_at"),
    ("INTAKE_IMAP_PORT", "0", "[imap] port"),
    ("INTAKE_SMTP_PORT", "70000", "[smtp] port"),
    ("INTAKE_OCR_WORKERS", "-1", "[ocr] workers"),
    ("INTAKE_OCR_MAX_PAGES", "0", "[ocr] max_pages"),
    ("INTAKE_PIPELINE_MAX_ATTEMPTS", "0", "[pipeline] max_attempts"),
    ("INTAKE_SCHEDULE_INTERVAL_MINUTES", "0", "[schedule] interval_minutes"),
    ("INTAKE_IMAP_BATCH", "0", "[imap] batch"),
    ("INTAKE_OCR_TIMEOUT", "abc", "INTAKE_OCR_TIMEOUT"),
    ("INTAKE_SCAN_DIRS", "/nonexistent/scans", "[scan] dirs"),
    ("INTAKE_MAILDIR_DIRS", "/nonexistent/mail", "[maildir] dirs"),
    ("INTAKE_IMAP_CA_FILE", "/nonexistent/ca.pem", "[imap] ca_file"),
    ("INTAKE_RULES_PROCEDURE", "/nonexistent/procedure.toml", "[rules] procedure"),
    ("INTAKE_IMAP_PASSWORD_FILE", "/nonexistent/secret", "[imap] password_file"),
    ("INTAKE_COMPANY_EMAIL", "desk", "[company] email"),
    ("INTAKE_SMTP_SENDER", "desk", "[smtp] sender"),
    ("INTAKE_IMAP_KEYWORD", "has space", "[imap] keyword"),
    ("INTAKE_MEMBERS_URL", "sqlite:///crm.db", "[members] query"),
])
def test_every_setting_with_a_bad_value_is_refused_naming_the_key(key: str, value: str,
                                                                  named: str) -> None:
    env = {key: value}
    if key == "INTAKE_IMAP_KEYWORD":
        env["INTAKE_IMAP_ACTION"] = "keyword"
    with pytest.raises(ConfigError) as caught:
        load(None, env=env)
    assert named in str(caught.value)


def test_a_login_without_tls_is_refused_unless_the_server_is_loopback() -> None:
    remote = {"INTAKE_SMTP_HOST": "smtp.example.jp", "INTAKE_SMTP_USER": "desk",
              "INTAKE_SMTP_SECURITY": "plain"}
    with pytest.raises(ConfigError, match=r"\[smtp\] security = 'plain'"):
        load(None, env=remote)
    assert load(None, env={**remote, "INTAKE_SMTP_SECURITY": "starttls"}).smtp.security == \
        "starttls"
    assert load(None, env={**remote, "INTAKE_SMTP_HOST": "127.0.0.1"}).smtp.host == "127.0.0.1"
    assert load(None, env={"INTAKE_SMTP_SECURITY": "STARTTLS"}).smtp.security == "starttls"


def test_a_wrong_setting_stops_the_command_with_exit_78(tmp_path: Path) -> None:
    out = intake(tmp_path, "poll", "--once", env={"INTAKE_SMTP_SECURITY": "tls"})
    assert out.returncode == 78
    assert "[smtp] security = 'tls'" in out.stderr and "plain | starttls | ssl" in out.stderr


# 4. A broken installation is not bad input ------------------------------------------

def _path_without_tesseract(tmp_path: Path) -> str:
    """PATH with the folders holding tesseract replaced by copies without it."""
    found = shutil.which("tesseract")
    assert found
    parts = []
    for part in os.environ["PATH"].split(os.pathsep):
        if Path(part, "tesseract").exists():
            continue
        parts.append(part)
    shim = tmp_path / "bin"
    shim.mkdir()
    for tool in ("python3", "sh", "env"):  # whatever the command may need besides
        real = shutil.which(tool)
        if real and Path(real).parent.joinpath("tesseract").exists():
            (shim / tool).symlink_to(real)
    return os.pathsep.join([str(shim), *parts])


def test_without_tesseract_commands_refuse_to_start_and_nothing_is_quarantined(
        tmp_path: Path) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    shutil.copy(SAMPLES / "scans" / "01-complete-request.pdf", scans)
    env = {"PATH": _path_without_tesseract(tmp_path), "INTAKE_SCAN_DIRS": str(scans),
           "INTAKE_SCAN_STABLE_SECONDS": "0.05"}
    checked = intake(tmp_path, "check", str(SAMPLES / "scans" / "02-incomplete-request.jpg"),
                     "--json", env=env)
    assert checked.returncode == 69
    assert "sudo apt install tesseract-ocr" in checked.stderr and checked.stdout == ""
    polled = intake(tmp_path, "poll", "--once", env=env)
    assert polled.returncode == 69 and "tesseract-ocr" in polled.stderr
    assert (scans / "01-complete-request.pdf").exists()  # not taken, not set aside
    listed = intake(tmp_path, "envelopes", "list", "--json")
    assert listed.stdout == ""


def test_a_missing_model_is_named_with_its_package(tmp_path: Path) -> None:
    listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                             check=True).stdout
    source = Path(listing.splitlines()[0].split('"')[1])
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    for model in source.glob("*.traineddata"):
        if model.stem != "jpn_vert":
            (tessdata / model.name).symlink_to(model)
    out = intake(tmp_path, "check", str(SAMPLES / "scans" / "02-incomplete-request.jpg"),
                 "--json", env={"TESSDATA_PREFIX": str(tessdata)})
    assert out.returncode == 69
    assert "jpn_vert" in out.stderr and "tesseract-ocr-jpn-vert" in out.stderr


def test_missing_reading_dictionaries_are_named_with_their_packages(tmp_path: Path) -> None:
    out = intake(tmp_path, "check", str(SAMPLES / "scans" / "02-incomplete-request.jpg"),
                 "--json", env={"INTAKE_EDICT_DIR": str(tmp_path)})
    assert out.returncode == 69 and out.stdout == ""
    assert "sudo apt install kanjidic enamdict" in out.stderr


@pytest.mark.tesseract
def test_an_engine_gone_during_a_run_leaves_the_envelope_waiting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(tmp_path)
    env, _ = ingest(app, Incoming(data=(SAMPLES / "scans" / "02-incomplete-request.jpg")
                                  .read_bytes(), source="scan", source_ref="a.jpg"))
    monkeypatch.setenv("PATH", _path_without_tesseract(tmp_path))
    assert process(app, env.id) == "received"
    with app.sessions() as s:
        row = s.get(Envelope, env.id)
        assert row is not None
        assert (row.state, row.attempts, row.error_code) == ("received", 0,
                                                             "engine_unavailable")
        assert "tesseract-ocr" in (row.error or "")
        held = s.scalar(select(AuditEvent).where(AuditEvent.action == "held"))
        assert held is not None
    monkeypatch.undo()
    with app.sessions() as s:
        row = s.get(Envelope, env.id)
        assert row is not None
        row.next_attempt_at = None
        s.commit()
    assert process(app, env.id) == "drafted"  # put right, it goes on by itself


# 5. Exit codes for cron and systemd --------------------------------------------------

def test_poll_once_exits_75_when_the_mailbox_is_down_and_the_folder_still_runs(
        dovecot: Dovecot, tmp_path: Path) -> None:
    mails = tmp_path / "mails"
    mails.mkdir()
    shutil.copy(SAMPLES / "mail" / "04-complaint.eml", mails)
    env = {**dovecot.imap_env("plain"), "INTAKE_MAILDIR_DIRS": str(mails),
           "INTAKE_SCAN_STABLE_SECONDS": "0.05"}
    dovecot.stop_server()
    out = intake(tmp_path, "poll", "--once", env=env)
    assert out.returncode == 75
    errors = [line for line in out.stderr.splitlines() if line.startswith("source error")]
    assert len(errors) == 1 and "imap" in errors[0]
    assert "ingested 1" in out.stdout


# 6. A reply is never sent twice -----------------------------------------------------

class KillingInbox(Inbox):
    """Takes the message, then kills the sender before answering 250: the reply went
    out, and the sender never learnt it."""

    def __init__(self) -> None:
        super().__init__()
        self.victim: int | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        result = await super().handle_DATA(server, session, envelope)
        if self.victim is not None:
            os.kill(self.victim, signal.SIGKILL)
            self.victim = None
            await asyncio.sleep(0.5)
        return str(result)


def _approved_guidance(tmp_path: Path, port: int, **env: str) -> tuple[Any, dict[str, str]]:
    settings = {"INTAKE_SMTP_PORT": str(port), **env}
    app = make_app(tmp_path, "", **settings)
    for name in ("03-disclosure-by-email.eml", "04-complaint.eml"):
        e, _ = ingest(app, Incoming(data=(SAMPLES / "mail" / name).read_bytes(),
                                    source="maildir", source_ref=name))
        assert process(app, e.id) == "drafted"
    with app.sessions() as s:
        for d in s.scalars(select(Draft)):
            review.approve(s, d.id, "reviewer")
    return app, settings


def _deliver_cmd(tmp_path: Path, settings: dict[str, str]) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    env.update({"INTAKE_DATA_DIR": str(tmp_path / "data"), **settings})
    return subprocess.Popen([sys.executable, "-m", "intake.cli", "deliver"], env=env,
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_killed_between_send_and_commit_the_reply_is_not_sent_again(tmp_path: Path) -> None:
    with smtp_server(KillingInbox()) as (handler, port):
        app, settings = _approved_guidance(tmp_path, port)
        proc = _deliver_cmd(tmp_path, settings)
        handler.victim = proc.pid
        proc.wait(timeout=120)
        assert proc.returncode == -signal.SIGKILL
        assert len(handler.messages) == 1
        with app.sessions() as s:
            states = sorted(d.state for d in s.scalars(select(Draft)))
        assert states == ["approved", "sending"]
        again = _deliver_cmd(tmp_path, settings)
        _out, errs = again.communicate(timeout=120)
        assert again.returncode == 1, errs  # a person must look
        assert "送信が確かめられません" in errs
        assert len(handler.messages) == 2  # the other reply only; the first not again
        assert len({m["Message-ID"] for m in handler.messages}) == 2
        with app.sessions() as s:
            drafts = {d.state: d for d in s.scalars(select(Draft))}
            assert set(drafts) == {"delivery_uncertain", "delivered"}
            doubt = drafts["delivery_uncertain"]
            assert doubt.delivery_ref == handler.messages[0]["Message-ID"]
            review.confirm_sent(s, doubt.id, "reviewer", how="お客様に電話で確認")
            assert s.get(Draft, doubt.id).state == "delivered"  # type: ignore[union-attr]
        third = _deliver_cmd(tmp_path, settings)
        third.communicate(timeout=120)
        assert third.returncode == 0 and len(handler.messages) == 2


def test_a_reply_found_in_the_sent_folder_counts_as_delivered(
        dovecot: Dovecot, tmp_path: Path) -> None:
    with smtp_server(KillingInbox()) as (handler, port):
        app, settings = _approved_guidance(tmp_path, port, INTAKE_IMAP_SENT_FOLDER="Sent",
                                           **dovecot.imap_env("plain"))
        proc = _deliver_cmd(tmp_path, settings)
        handler.victim = proc.pid
        proc.wait(timeout=120)
        (sent,) = handler.messages
        dovecot.append([sent.as_bytes()], folder="Sent")  # the copy made before the crash
        again = _deliver_cmd(tmp_path, settings)
        _out, errs = again.communicate(timeout=120)
        assert again.returncode == 0, errs
        assert len(handler.messages) == 2
        with app.sessions() as s:
            assert {d.state for d in s.scalars(select(Draft))} == {"delivered"}
            confirmed = s.scalar(select(AuditEvent).where(
                AuditEvent.action == "delivered", AuditEvent.draft_id == 1))
            assert confirmed is not None and confirmed.detail.get("recovered") == "sent_folder"


def test_two_deliveries_at_once_send_each_reply_once(tmp_path: Path) -> None:
    with smtp_server(Inbox()) as (handler, port):
        _app, settings = _approved_guidance(tmp_path, port)
        runs = [_deliver_cmd(tmp_path, settings) for _ in range(2)]
        for run in runs:
            run.communicate(timeout=120)
        assert [r.returncode for r in runs] == [0, 0]
        time.sleep(0.2)
        assert len(handler.messages) == 2
        assert len({m["Message-ID"] for m in handler.messages}) == 2


def test_an_smtp_failure_backs_off_keeps_the_draft_approved_and_says_what_failed(
        tmp_path: Path) -> None:
    app, settings = _approved_guidance(tmp_path, free_port())  # nobody listens there
    first = _deliver_cmd(tmp_path, settings)
    _out, errs = first.communicate(timeout=120)
    assert first.returncode == 75
    assert "メールサーバー 127.0.0.1" in errs and "接続できませんでした" in errs
    with app.sessions() as s:
        drafts = list(s.scalars(select(Draft)))
        assert {d.state for d in drafts} == {"approved"}
        assert all(d.attempts == 1 and d.next_attempt_at is not None for d in drafts)
        assert all("接続できませんでした" in (d.last_error or "") for d in drafts)
        tries = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "delivery_failed")))
        assert len(tries) == 2
    second = _deliver_cmd(tmp_path, settings)
    second.communicate(timeout=120)
    assert second.returncode == 0  # backing off: not tried again at once
    with app.sessions() as s:
        assert all(d.attempts == 1 for d in s.scalars(select(Draft)))

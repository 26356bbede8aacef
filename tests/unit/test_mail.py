"""Mail parsing: Japanese charsets, broken headers, forwards, machine-generated mail."""

from __future__ import annotations

import base64
from email.message import EmailMessage

import pytest

from intake.charsets import decode_bytes, decode_iso2022jp
from intake.mail import MailError, html_to_text, parse_mail
from tests.corpus.mail import encode_iso2022jp_cp932, make_mail

BODY = "私の個人情報の開示を請求します。①髙橋様　〜　－"


@pytest.mark.parametrize("charset", ["iso-2022-jp", "shift_jis", "utf-8"])
def test_body_and_headers_decode_in_every_japanese_charset(charset: str) -> None:
    body = BODY if charset != "shift_jis" else BODY.replace("髙", "高")
    raw = make_mail(sender_name="髙橋 一郎" if charset != "shift_jis" else "高橋 一郎",
                    sender="i@example.jp", subject="開示請求①", body=body, charset=charset)
    mail = parse_mail(raw)
    assert mail.body.startswith("私の個人情報の開示を請求します。①")
    assert mail.subject == "開示請求①"
    assert mail.from_name.replace("高", "髙") == "髙橋 一郎"
    assert mail.machine_generated is None


def test_iso2022jp_nec_and_ibm_extensions_decode_through_cp932() -> None:
    text = "①②③ ㈱ 髙﨑 Ⅳ"
    assert decode_iso2022jp(encode_iso2022jp_cp932(text)) == text
    with pytest.raises(UnicodeDecodeError):
        encode_iso2022jp_cp932(text).decode("iso-2022-jp")  # why we need our own route


@pytest.mark.parametrize("label", ["x-sjis", "windows-31j", "Shift_JIS", "SJIS"])
def test_shift_jis_labels_decode_as_cp932(label: str) -> None:
    text, note = decode_bytes("①髙橋".encode("cp932"), label)
    assert (text, note) == ("①髙橋", None)


def test_unknown_and_wrong_charset_labels_fall_back() -> None:
    text, note = decode_bytes("開示".encode(), "x-klingon")
    assert text == "開示" and note and "unknown charset" in note
    text, note = decode_bytes("開示".encode("cp932"), "utf-8")
    assert text == "開示" and note and "did not fit" in note


def test_split_encoded_words_and_raw_8bit_headers() -> None:
    data = "開示請求".encode()
    # A multibyte character split across two encoded-words.
    a, b = base64.b64encode(data[:4]).decode(), base64.b64encode(data[4:]).decode()
    raw = (f"From: a@example.jp\r\nSubject: =?utf-8?B?{a}?= =?utf-8?B?{b}?=\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\nbody\r\n").encode()
    assert parse_mail(raw).subject == "開示請求"
    raw8 = b"From: a@example.jp\r\nSubject: " + "削除依頼".encode("cp932") + \
        b"\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
    assert parse_mail(raw8).subject == "削除依頼"


def test_html_only_mail_becomes_text_without_scripts_or_fetching() -> None:
    msg = EmailMessage()
    msg["From"] = "a@example.jp"
    msg["Subject"] = "x"
    msg.set_content("<html><head><script>alert(1)</script></head><body><p>開示を"
                    "<b>お願い</b></p><img src='http://tracker.example/x.png'>します</body></html>",
                    subtype="html")
    mail = parse_mail(msg.as_bytes())
    assert "開示をお願い" in mail.body and "alert" not in mail.body and "tracker" not in mail.body
    assert html_to_text("<div>a</div><div>b</div>").split() == ["a", "b"]


def test_rfc2231_filename_is_decoded_and_sanitised_and_type_is_sniffed() -> None:
    msg = EmailMessage()
    msg["From"] = "a@example.jp"
    msg["Subject"] = "x"
    msg.set_content("本文")
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    msg.add_attachment(png, maintype="application", subtype="octet-stream",
                       filename=("utf-8", "", "../../運転免許証.png"))
    mail = parse_mail(msg.as_bytes())
    (att,) = mail.attachments
    assert att.kind == "image"
    assert "/" not in att.filename and att.filename.endswith("運転免許証.png")


@pytest.mark.parametrize(("headers", "reason"), [
    ({"Auto-Submitted": "auto-replied"}, "Auto-Submitted"),
    ({"Precedence": "bulk"}, "Precedence"),
    ({"X-Autoreply": "yes"}, "X-Autoreply"),
    ({"X-Auto-Response-Suppress": "All"}, "X-Auto-Response-Suppress"),
    ({"List-Id": "<news.example.jp>"}, "List-Id"),
    ({"Return-Path": "<>"}, "Return-Path"),
])
def test_machine_generated_mail_is_recognised(headers: dict[str, str], reason: str) -> None:
    raw = make_mail(sender_name="", sender="x@example.jp", subject="自動応答", body="不在です",
                    extra_headers=headers)
    assert reason in (parse_mail(raw).machine_generated or "")


def test_auto_submitted_no_is_a_person_and_mailer_daemon_is_not() -> None:
    raw = make_mail(sender_name="", sender="x@example.jp", subject="s", body="b",
                    extra_headers={"Auto-Submitted": "no"})
    assert parse_mail(raw).machine_generated is None
    raw = make_mail(sender_name="", sender="MAILER-DAEMON@example.jp", subject="s", body="b")
    assert parse_mail(raw).machine_generated


def test_inline_forward_from_staff_is_unwrapped_to_the_customer() -> None:
    body = ("お客様からのメールを転送します。\n\n---------- 転送メッセージ ----------\n"
            "差出人: 山田 太郎 <taro@example.jp>\n件名: 開示のお願い\n日付: 2026/11/20\n\n"
            "私の個人情報の開示をお願いします。\n")
    raw = make_mail(sender_name="窓口", sender="desk-staff@example.jp", subject="Fwd: 開示",
                    body=body)
    mail = parse_mail(raw, staff=("desk-staff@example.jp",))
    assert (mail.from_addr, mail.subject) == ("taro@example.jp", "開示のお願い")
    assert mail.body.startswith("私の個人情報の開示")
    assert mail.forwarded_by == "desk-staff@example.jp"
    # The same mail from a customer is not unwrapped.
    assert parse_mail(raw).from_addr == "desk-staff@example.jp"


def test_rfc822_attachment_forward_is_unwrapped() -> None:
    inner = EmailMessage()
    inner["From"] = "花子 <hanako@example.jp>"
    inner["Subject"] = "削除してください"
    inner.set_content("退会したので私の情報を削除してください。")
    outer = EmailMessage()
    outer["From"] = "desk-staff@example.jp"
    outer["Subject"] = "Fwd"
    outer.set_content("転送します")
    outer.add_attachment(inner)
    mail = parse_mail(outer.as_bytes(), staff=("desk-staff@example.jp",))
    assert mail.from_addr == "hanako@example.jp"
    assert "削除してください" in mail.body


@pytest.mark.parametrize("raw", [b"", b"   \r\n", b"\x00\x01\x02 not a mail"])
def test_unparseable_mail_is_a_clear_error(raw: bytes) -> None:
    with pytest.raises(MailError) as info:
        parse_mail(raw)
    assert info.value.message


def _with_attachments(count: int, size: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = "a@example.jp"
    msg["Subject"] = "scans"
    msg.set_content("本文")
    for i in range(count):
        msg.add_attachment(b"%PDF-1.4\n" + b"0" * size, maintype="application", subtype="pdf",
                           filename=f"p{i}.pdf")
    return msg.as_bytes()


def test_attachment_count_and_size_limits_give_clear_reasons(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import intake.mail as mail_mod
    monkeypatch.setattr(mail_mod, "MAX_ATTACHMENTS", 3)
    monkeypatch.setattr(mail_mod, "MAX_ATTACHMENT_BYTES", 10_000)
    assert len(parse_mail(_with_attachments(3, 100)).attachments) == 3
    with pytest.raises(MailError) as many:
        parse_mail(_with_attachments(4, 100))
    assert many.value.code == "too_many_attachments" and "上限 3 件" in many.value.message
    with pytest.raises(MailError) as big:
        parse_mail(_with_attachments(1, 20_000))
    assert big.value.code == "attachment_too_large"


def test_outgoing_mail_uses_iso2022jp_when_it_can_and_utf8_when_it_cannot() -> None:
    from outbox.smtp import build_message
    plain = build_message(sender="desk@example.jp", to="c@example.jp", subject="ご案内",
                          body="お問い合わせありがとうございます。", charset="iso-2022-jp",
                          in_reply_to="<orig@example.jp>", references=["<root@example.jp>"])
    assert plain.get_content_charset() == "iso-2022-jp"
    assert plain["In-Reply-To"] == "<orig@example.jp>"
    assert plain["References"] == "<root@example.jp> <orig@example.jp>"
    rare = build_message(sender="desk@example.jp", to="c@example.jp", subject="ご案内",
                         body="髙橋様 ①", charset="iso-2022-jp")
    assert rare.get_content_charset() == "utf-8"
    parsed = parse_mail(rare.as_bytes())
    assert parsed.body.startswith("髙橋様 ①") and parsed.message_id


def test_in_a_forward_the_desks_signature_never_becomes_the_persons_details() -> None:
    from intake.reading import read_envelope
    from ocr.reader import ReadSettings
    from tests.corpus.mail import make_mail
    staff = "staff-sato@example.jp"
    text = ("お客様からのメールを転送します。\n--\nお客様相談室 受付担当\n佐藤 一郎\n"
            "〒104-0053 東京都中央区晴海一丁目8番12号\n電話：050-1790-8777\n\n"
            "-------- 転送メッセージ --------\n差出人: 山田 太郎 <taro@example.jp>\n"
            "件名: 開示のお願い\n日付: 2026/11/20 10:00\n\n"
            "私の個人情報の開示をお願いします。\n--\n山田 太郎\n"
            "〒154-0015 東京都世田谷区桜新町二丁目5番3号\n")
    raw = make_mail(sender_name="受付 佐藤", sender=staff, subject="Fw: 開示のお願い",
                    body=text, message_id="<fw-sig@example.jp>")
    reading = read_envelope(raw, ReadSettings(), staff=(staff,))
    assert reading.mail is not None and reading.mail.from_addr == "taro@example.jp"
    (letter,) = reading.documents
    assert letter.fields["name"] == "山田太郎"
    assert letter.fields["address"] == "東京都世田谷区桜新町2-5-3"
    assert letter.fields["phone"] is None  # the desk's number is the desk's


def test_tuning_emails_in_every_wording_give_the_persons_fields_and_nothing_wrong() -> None:
    from tests.corpus.mail_variety import mails, score
    f = score(mails("tuning", 12))
    assert f.wrong == 0 and f.right == f.total
    assert f.outcome_right == f.mails == f.member_found == 12


def test_mail_splits_share_no_wording_and_no_seed() -> None:
    from tests.corpus.mail_variety import MAIL_SPLITS
    (tw, tc, ts), (hw, hc, hs) = MAIL_SPLITS["tuning"], MAIL_SPLITS["heldout"]
    assert not set(tw) & set(hw) and ts != hs and set(tc) != set(hc)

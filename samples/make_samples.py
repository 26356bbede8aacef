"""Regenerate the sample envelopes in samples/ (run from the repository root).

The samples are committed so the demo needs no generator; this script is how
they were made, from the same corpus code the tests use.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.mail import make_mail  # noqa: E402
from tests.corpus.render import (  # noqa: E402
    HANAKO,
    TARO,
    LetterSpec,
    LicenceSpec,
    degrade,
    render_letter,
    render_licence_copy,
    save_pdf,
)

SAMPLE_LICENCE = LicenceSpec(TARO, expiry_wareki="令和15年6月1日", expiry_date="2033-06-01")

DISCLOSURE_BODY = """株式会社オーネット お客様相談室 御中

いつもお世話になっております。会員の髙橋一郎と申します。
私の個人情報（登録内容や契約内容）の開示をお願いしたく、ご連絡いたしました。
お手数ですが、手続き方法をご教示いただけますでしょうか。
① 登録されている住所・電話番号
② 契約内容とお支払い状況

髙橋 一郎
電話：090-2222-3333
"""

COMPLAINT_BODY = """お客様相談室 ご担当者様

先日の面談での担当アドバイザーの対応に納得できません。
事前の説明と違う料金を案内され、質問にも答えていただけませんでした。
責任者の方からご連絡をいただけますでしょうか。

田中 美咲
"""

AUTOREPLY_BODY = """このメールは自動応答です。
12月1日まで不在にしております。戻り次第ご連絡いたします。
"""


def main() -> None:
    scans, mail = ROOT / "samples" / "scans", ROOT / "samples" / "mail"
    scans.mkdir(parents=True, exist_ok=True)
    mail.mkdir(parents=True, exist_ok=True)
    save_pdf([render_letter(LetterSpec(TARO)), render_licence_copy(SAMPLE_LICENCE)],
             scans / "01-complete-request.pdf")
    incomplete = render_letter(LetterSpec(HANAKO, with_birth_date=False))
    degrade(incomplete, seed=2, skew=0.6).save(scans / "02-incomplete-request.jpg", quality=85)
    (mail / "03-disclosure-by-email.eml").write_bytes(make_mail(
        sender_name="髙橋 一郎", sender="ichiro.takahashi@example.jp",
        subject="個人情報の開示請求について", body=DISCLOSURE_BODY, charset="iso-2022-jp",
        message_id="<disclosure-0003@example.jp>"))
    (mail / "04-complaint.eml").write_bytes(make_mail(
        sender_name="田中 美咲", sender="misaki.tanaka@example.jp",
        subject="担当者の対応について", body=COMPLAINT_BODY, charset="shift_jis",
        message_id="<complaint-0004@example.jp>"))
    (mail / "05-auto-reply.eml").write_bytes(make_mail(
        sender_name="山本 健", sender="ken.yamamoto@example.jp",
        subject="自動応答: 不在のお知らせ", body=AUTOREPLY_BODY, charset="utf-8",
        extra_headers={"Auto-Submitted": "auto-replied"},
        message_id="<autoreply-0005@example.jp>"))
    print("samples written to", ROOT / "samples")


if __name__ == "__main__":
    main()

"""Customer emails in many wordings, with ground truth, split before anything was measured.

tuning: labelled blocks (氏名：), a signature after "--", a self-introduction; ISO-2022-JP
and UTF-8; 和暦 birth dates.
held-out: bracketed labels (【お名前】), signatures framed by rules with TEL:, the
address split over two lines, forwards by desk staff with their own signature,
full-width digits, western and slashed birth dates; Shift_JIS and UTF-8. Other seeds.
The held-out wordings are never tuned against; their figures are the ones that count.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from ocr.address import normalize_address
from ocr.names import normalize_name
from tests.corpus.mail import make_mail
from tests.corpus.variety import Someone, make_person

STAFF = "staff-sato@example.jp"
MAIL_SPLITS = {
    "tuning": (("labelled", "signature", "introduced"), ("iso-2022-jp", "utf-8"), 3100),
    "heldout": (("bracketed", "framed", "forwarded"), ("shift_jis", "utf-8"), 9100),
}
FIELDS = ("name", "address", "birth_date", "phone")
ASK = ("私の個人情報の開示をお願いいたします。", "登録されている私の個人情報を開示してください。",
       "私の個人データの利用停止をお願いします。", "保有している私の個人情報の削除を請求します。")


@dataclass
class Mail:
    split: str
    wording: str
    raw: bytes
    who: Someone
    member_number: str
    truth: dict[str, str | None] = field(default_factory=dict)


def _fullwidth(text: str) -> str:
    return text.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))


def _birth(rng: random.Random, iso: str, wareki: str, western: bool) -> str:
    day = dt.date.fromisoformat(iso)
    if not western:
        return wareki
    return rng.choice([f"{day.year}年{day.month}月{day.day}日", f"{day:%Y/%m/%d}"])


def _body(rng: random.Random, wording: str, who: Someone, number: str) -> tuple[str, str]:
    """(body, the customer's display name)."""
    p = who.person
    ask = rng.choice(ASK)
    postal = f"〒{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    if wording == "labelled":
        return (f"お世話になっております。\n{ask}\n\n氏名：{p.name}\n住所：{p.address_printed}\n"
                f"生年月日：{p.birth_wareki}\n電話番号：{p.phone}\n会員番号：{number}\n", p.name)
    if wording == "signature":
        return (f"{ask}\nよろしくお願いいたします。\n\n--\n{p.name}\n{postal} {p.address_printed}\n"
                f"生年月日：{p.birth_wareki}\n電話：{p.phone}\n", p.name)
    if wording == "introduced":
        return (f"{p.name}と申します。\n{ask}\n生年月日：{p.birth_wareki}\n"
                f"住所：{p.address_printed}\n電話：{p.phone}\n", "")
    birth = _birth(rng, p.birth_date, p.birth_wareki, western=True)
    if wording == "bracketed":
        return (f"{ask}\n\n【お名前】{p.name}\n【ご住所】{_fullwidth(p.address_printed)}\n"
                f"【生年月日】{birth}\n【電話番号】{_fullwidth(p.phone)}\n【会員番号】{number}\n",
                p.name)
    if wording == "framed":
        cut = len(p.address_printed) // 2
        while p.address_printed[cut - 1].isdigit() and cut < len(p.address_printed) - 1:
            cut += 1
        return (f"{ask}\n以上、よろしくお願いします。\n━━━━━━━━━━━━\n{p.name}\n{postal}\n"
                f"{p.address_printed}\nTEL: {p.phone}\n生年月日: {birth}\n━━━━━━━━━━━━\n",
                p.name)
    # forwarded: the desk forwards it; the customer's part carries the details
    return (f"{ask}\n名前：{p.name}\n住所：{p.address_printed}\n生年月日：{birth}\n"
            f"電話：{p.phone}\n", p.name)


def mails(split: str, count: int) -> list[Mail]:
    wordings, charsets, seed = MAIL_SPLITS[split]
    rng = random.Random(seed)
    used: set[str] = set()
    out = []
    for i in range(count):
        who = make_person(rng, used)
        wording = wordings[i % len(wordings)]
        number = f"M{9000 + i:05d}"
        body, display = _body(rng, wording, who, number)
        sender = f"c{seed}{i}@example.jp"
        message_id = f"<{split}-{i}@example.jp>"
        if wording == "forwarded":
            # The desk member's own signature stands above the customer's words.
            text = ("お客様からのメールを転送します。\n--\nお客様相談室 受付 佐藤 花子\n"
                    "〒104-0053 東京都中央区晴海一丁目8番12号\n電話：050-1790-8777\n\n"
                    "-------- 転送メッセージ --------\n"
                    f"差出人: {display} <{sender}>\n件名: 個人情報について\n"
                    f"日付: 2026/11/20 10:00\n\n{body}")
            raw = make_mail(sender_name="受付 佐藤", sender=STAFF, subject="Fw: 個人情報について",
                            body=text, charset=charsets[i % len(charsets)],
                            message_id=message_id)
        else:
            raw = make_mail(sender_name=display, sender=sender, subject="個人情報について",
                            body=body, charset=charsets[i % len(charsets)],
                            message_id=message_id)
        p = who.person
        truth = {"name": normalize_name(p.name), "address": normalize_address(p.address),
                 "birth_date": p.birth_date, "phone": p.phone}
        out.append(Mail(split, wording, raw, who, number, truth))
    return out


def register(batch: list[Mail]) -> list[dict[str, Any]]:
    return [{"member_id": m.member_number, "name": normalize_name(m.who.person.name),
             "birth_date": m.who.person.birth_date,
             "address": normalize_address(m.who.person.address), "status": "member"}
            for m in batch]


@dataclass
class MailFigures:
    mails: int = 0
    right: int = 0
    wrong: int = 0
    total: int = 0
    outcome_right: int = 0
    member_found: int = 0
    by_wording: dict[str, tuple[int, int]] = field(default_factory=dict)


def score(batch: list[Mail]) -> MailFigures:
    """Fields of the person as the case has them, the outcome (guidance: a request by
    email) and the member found, against the truth."""
    from intake.config import Config
    from intake.reading import read_envelope
    from ocr.reader import ReadSettings
    from rules.case import MemberMatch, Party, build_case
    from rules.engine import decide
    from rules.matching import match_member
    from rules.procedure import load
    rows = register(batch)
    proc, cfg = load(), Config()
    f = MailFigures()
    for m in batch:
        reading = read_envelope(m.raw, ReadSettings(), staff=(STAFF,),
                                own=(cfg.company.email,))
        mail = reading.mail
        assert mail is not None
        case = build_case("email", dt.date(2026, 11, 27), reading.documents,
                          sender_email=mail.from_addr, sender_name=mail.from_name)
        member: MemberMatch = match_member(case.person if isinstance(case.person, Party)
                                           else Party(), rows)
        decision = decide(case, member, proc)
        letter = case.letter
        fields = dict(letter.fields) if letter else {}
        right = sum(1 for k in FIELDS if fields.get(k) is not None and
                    fields.get(k) == m.truth[k])
        wrong = sum(1 for k in FIELDS if fields.get(k) is not None and
                    fields.get(k) != m.truth[k])
        f.mails += 1
        f.right += right
        f.wrong += wrong
        f.total += len(FIELDS)
        f.outcome_right += decision.outcome == "guidance"
        f.member_found += member.member_id == m.member_number
        r, t = f.by_wording.get(m.wording, (0, 0))
        f.by_wording[m.wording] = (r + right, t + len(FIELDS))
    return f

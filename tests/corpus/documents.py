"""Every document kind of CONTRACT.md rendered as a scan page, with its ground truth.

Layouts follow the real documents' labels (not this project's extractors): a
boxed request form, a free prose letter, a form filled in by hand (values in a
handwriting-like font), 委任状 horizontal and vertical (kanji numerals), and
card- or certificate-like pages for each identity document.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tests.corpus.render import A4, DPI, PAPER, RED, Person

FONT_FILES = {
    "mincho": "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
    "gothic": "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "ipamincho": "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
    "maru": "/usr/share/fonts/truetype/motoya-l-maruberi/MTLmr3m.ttf",
    "hand": "/usr/share/fonts/truetype/klee/KleeOne-SemiBold.ttf",
    # The faces of the variety corpus (tests/corpus/variety.py splits them).
    "ipaexm": "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
    "ipaexg": "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "ipam": "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
    "ipag": "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "klee": "/usr/share/fonts/truetype/klee/KleeOne-SemiBold.ttf",
    "noto_serif": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "noto_sans": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "takao_m": "/usr/share/fonts/truetype/takao-mincho/TakaoMincho.ttf",
    "vlgothic": "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf",
    # The third tuning family's: proportional IPA faces, Takao's proportional gothic and
    # Noto's bold sans.
    "ipamp": "/usr/share/fonts/opentype/ipafont-mincho/ipamp.ttf",
    "ipagp": "/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf",
    "takao_pg": "/usr/share/fonts/truetype/takao-gothic/TakaoPGothic.ttf",
    "noto_sans_bold": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    # The fourth tuning family's: M+ 1, Ume Mincho and Hanazono Mincho, designs that no
    # other set uses.
    "mplus1": "/usr/share/fonts/opentype/mplus/Mplus1-Regular.otf",
    "ume_mincho": "/usr/share/fonts/truetype/horai-umefont/ume-tmo3.ttf",
    "hanamin": "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
    # The fifth tuning family's: Klee One (a pen's hand, as the body), and Ume's gothic,
    # proportional gothic and second mincho.
    "ume_gothic": "/usr/share/fonts/truetype/horai-umefont/ume-hgo4.ttf",
    "ume_pgothic": "/usr/share/fonts/truetype/horai-umefont/ume-pgc5.ttf",
    "ume_mincho_s": "/usr/share/fonts/truetype/horai-umefont/ume-tms3.ttf",
    # The seventh tuning family's: Takao's fixed-width gothic, Ume's UI gothic and
    # proportional mincho, and Noto's bold serif.
    "takao_g": "/usr/share/fonts/truetype/takao-gothic/TakaoGothic.ttf",
    "ume_ui": "/usr/share/fonts/truetype/horai-umefont/ume-ugo4.ttf",
    "ume_pmincho": "/usr/share/fonts/truetype/horai-umefont/ume-pmo3.ttf",
    "noto_serif_bold": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
}
PRINTED_FACES = [f for f in ("mincho", "gothic", "ipamincho", "maru")
                 if Path(FONT_FILES[f]).exists()]
HAND_FACE = "hand" if Path(FONT_FILES["hand"]).exists() else "mincho"

KANJI = "〇一二三四五六七八九"


def kanji_num(n: int) -> str:
    """12 → 十二, 2026 → 二〇二六 style is not used; era years are small."""
    if n < 10:
        return KANJI[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else KANJI[tens]) + "十" + (KANJI[ones] if ones else "")


def font(size_pt: float, face: str) -> ImageFont.FreeTypeFont:
    path = FONT_FILES[face] if Path(FONT_FILES[face]).exists() else FONT_FILES["mincho"]
    return ImageFont.truetype(path, int(size_pt * DPI / 72))


@dataclass
class Rendered:
    image: Image.Image
    kind: str
    truth: dict[str, Any]
    label: str = ""
    sensitive: list[str] = field(default_factory=list)  # digits that must never come out
    codes: list[tuple[int, int, int, int]] = field(default_factory=list)  # 2D codes, page px


class Sheet:
    """A4 page with a text cursor."""

    def __init__(self, face: str, size: float = 12, paper: tuple[int, int, int] = PAPER) -> None:
        self.image = Image.new("RGB", A4, paper)
        self.draw = ImageDraw.Draw(self.image)
        self.face, self.size = face, size
        self.left, self.y = 250, 280
        self.step = int(size * DPI / 72 * 2.0)

    def line(self, text: str, *, face: str | None = None, size: float | None = None,
             x: int | None = None, anchor: str = "la", gap: float = 1.0) -> None:
        f = font(size or self.size, face or self.face)
        self.draw.text((x if x is not None else self.left, self.y), text, font=f, fill="black",
                       anchor=anchor)
        self.y += int(self.step * gap)

    def labelled(self, label: str, value: str, value_face: str | None = None) -> None:
        f = font(self.size, self.face)
        self.draw.text((self.left, self.y), f"{label}：", font=f, fill="black")
        width = self.draw.textlength(f"{label}：", font=f)
        self.draw.text((self.left + width + 10, self.y), value,
                       font=font(self.size, value_face or self.face), fill="black")
        self.y += self.step

    def title(self, text: str) -> None:
        self.line(text, size=self.size * 1.6, x=A4[0] // 2, anchor="ma", gap=1.8)

    def seal(self, x: int, y: int, text: str) -> None:
        r = int(6 / 25.4 * DPI)
        self.draw.ellipse((x - r, y - r, x + r, y + r), outline=RED, width=9)
        f = font(13, "mincho")
        for i, ch in enumerate(text[:2]):
            self.draw.text((x, y - r // 2 + i * int(r * 0.95)), ch, font=f, fill=RED,
                           anchor="mm")


def _wareki(iso: str) -> str:
    from datetime import date

    from ocr.dates import to_wareki
    return to_wareki(date.fromisoformat(iso))


# ---------------------------------------------------------------- request letters

def request_boxed(p: Person, face: str, types: tuple[str, ...] = ("開示",)) -> Rendered:
    s = Sheet(face)
    s.title("個人情報開示等請求書")
    s.line("令和8年11月20日", x=A4[0] - 250, anchor="ra")
    s.line("株式会社オーネット 御中", gap=1.5)
    top = s.y
    rows = [("ご住所", p.address_printed), ("お名前", p.name), ("生年月日", p.birth_wareki),
            ("電話番号", p.phone)]
    for label, value in rows:
        s.draw.rectangle((s.left - 20, s.y - 15, A4[0] - 230, s.y + s.step - 25), outline="black",
                         width=3)
        s.labelled(label, value)
    s.seal(A4[0] - 420, top + s.step + 20, p.name.split()[0])
    s.y += s.step // 2
    marks = {t: ("■" if t in types else "□") for t in ("開示", "訂正", "利用停止", "削除")}
    s.line("ご請求の内容：" + "　".join(f"{m}{t}" for t, m in marks.items()))
    s.line("本人確認書類：運転免許証の写し")
    return Rendered(s.image, "request_letter", _letter_truth(p, types), "boxed")


def request_prose(p: Person, face: str) -> Rendered:
    s = Sheet(face)
    s.title("個人情報の開示のお願い")
    s.line("令和8年11月20日", x=A4[0] - 250, anchor="ra")
    s.line("株式会社オーネット お客様相談室 御中", gap=1.5)
    s.line("私は、貴社が保有している私の個人情報について、開示を請求いたします。")
    s.line("本人確認書類の写しを同封いたしますので、よろしくお願いいたします。", gap=1.6)
    s.line(p.address_printed)
    s.line(p.name)
    s.seal(s.left + 700, s.y - s.step + 25, p.name.split()[0])
    s.line(f"{p.birth_wareki}生")
    s.line(f"電話 {p.phone}")
    return Rendered(s.image, "request_letter", _letter_truth(p, ("開示",)), "prose")


def request_handfilled(p: Person, face: str) -> Rendered:
    s = Sheet(face)
    s.title("保有個人データ開示請求書")
    s.labelled("請求日", "令和8年11月20日", HAND_FACE)
    s.line("株式会社オーネット 御中", gap=1.5)
    s.labelled("住所", p.address_printed, HAND_FACE)
    s.labelled("氏名", p.name, HAND_FACE)
    s.seal(A4[0] - 500, s.y - s.step + 25, p.name.split()[0])
    s.labelled("生年月日", p.birth_wareki, HAND_FACE)
    s.labelled("電話番号", p.phone, HAND_FACE)
    s.y += s.step // 2
    s.line("請求の内容：■開示　□訂正　□削除　□利用停止")
    return Rendered(s.image, "request_letter", _letter_truth(p, ("開示",)), "handfilled")


def _letter_truth(p: Person, types: tuple[str, ...]) -> dict[str, Any]:
    mapping = {"開示": "disclosure", "訂正": "correction", "削除": "deletion",
               "利用停止": "suspension"}
    return {"date": "2026-11-20", "name": p.name_truth, "address": p.address,
            "birth_date": p.birth_date, "seal": True,
            "request_types": [mapping[t] for t in types], "phone": p.phone}


# ---------------------------------------------------------------- 委任状

def power_of_attorney(principal: Person, agent: Person, face: str) -> Rendered:
    s = Sheet(face)
    s.title("委任状")
    s.line("令和8年11月18日", x=A4[0] - 250, anchor="ra")
    s.line("株式会社オーネット殿", gap=1.5)
    party_block(s, "（代理人）", agent, HAND_FACE, sealed=True)
    s.y += s.step // 2
    s.line("私は、上記の者を代理人と定め、下記の事項を委任します。", gap=1.4)
    s.line("委任事項：私の個人情報に関する開示の件", gap=1.6)
    party_block(s, "（委任者）", principal, HAND_FACE, sealed=True)
    return Rendered(s.image, "power_of_attorney", _poa_truth(principal, agent), "horizontal")


def party_block(s: Sheet, heading: str, p: Person, value_face: str | None = None,
                sealed: bool = False) -> None:
    """A heading, then the party's address, name (with their seal) and birth date."""
    s.line(heading)
    s.labelled("住所", p.address_printed, value_face)
    s.labelled("氏名", p.name, value_face)
    if sealed:
        s.seal(A4[0] - 500, s.y - s.step + 25, p.name.split()[0])
    s.labelled("生年月日", p.birth_wareki, value_face)


def _poa_truth(principal: Person, agent: Person) -> dict[str, Any]:
    return {"title": True, "date": "2026-11-18", "addressee": "株式会社オーネット",
            "principal_name": principal.name_truth, "principal_address": principal.address,
            "principal_birth_date": principal.birth_date, "principal_seal": True,
            "agent_name": agent.name_truth, "agent_address": agent.address,
            "agent_birth_date": agent.birth_date, "agent_seal": True,
            "matters": "私の個人情報に関する開示の件"}


def _kanji_address(p: Person) -> str:
    """Vertical writing uses kanji numerals: 二丁目五番三号."""
    import re
    return re.sub(r"\d+", lambda m: kanji_num(int(m.group(0))), p.address_printed)


def _kanji_date(iso: str) -> str:
    import re
    return re.sub(r"\d+", lambda m: kanji_num(int(m.group(0))), _wareki(iso))


def power_of_attorney_vertical(principal: Person, agent: Person, face: str) -> Rendered:
    """縦書き: columns right to left, characters top to bottom."""
    image = Image.new("RGB", A4, PAPER)
    d = ImageDraw.Draw(image)
    f = font(13, face)
    size = int(13 * DPI / 72 * 1.15)
    columns = [
        "委任状", "",
        f"（代理人）住所 {_kanji_address(agent)}",
        f"氏名 {agent.name}",
        f"生年月日 {_kanji_date(agent.birth_date)}", "",
        "私は上記の者を代理人と定め下記の事項を委任します",
        "委任事項 私の個人情報に関する開示の件", "",
        f"（委任者）住所 {_kanji_address(principal)}",
        f"氏名 {principal.name}",
        f"生年月日 {_kanji_date(principal.birth_date)}", "",
        "令和八年十一月十八日",
        "株式会社オーネット殿",
    ]
    x = A4[0] - 300
    seals = []
    for col in columns:
        y = 300
        for ch in col:
            if ch == " ":
                y += size // 2
                continue
            d.text((x, y), ch, font=f, fill="black", anchor="ma")
            y += size
        if col.startswith("氏名"):
            seals.append((x, y + 120))
        x -= int(size * 1.6)
    for (sx, sy), who in zip(seals, (agent, principal), strict=True):
        r = int(6 / 25.4 * DPI)
        d.ellipse((sx - r, sy - r, sx + r, sy + r), outline=RED, width=9)
        d.text((sx, sy), who.name.split()[0][0], font=font(13, "mincho"), fill=RED, anchor="mm")
    return Rendered(image, "power_of_attorney", _poa_truth(principal, agent), "vertical")


# ---------------------------------------------------------------- certificates

def certify(s: Sheet, sentence: str, issued: str, office: str = "東京都世田谷区長") -> None:
    """The certifying sentence, the issue date and the issuing office."""
    s.y += s.step
    s.line(sentence)
    s.line(_wareki(issued))
    if office:
        s.line(office, x=A4[0] - 250, anchor="ra")


def seal_certificate(p: Person, face: str, issued: str = "2026-11-02") -> Rendered:
    s = Sheet(face)
    s.title("印鑑登録証明書")
    s.seal(A4[0] // 2, s.y + 120, p.name.split()[0])
    s.y += 330
    s.labelled("氏名", p.name)
    s.labelled("生年月日", p.birth_wareki)
    s.labelled("住所", p.address_printed)
    certify(s, "この写しは、登録されている印影と相違ないことを証明します。", issued)
    return Rendered(s.image, "seal_certificate",
                    {"name": p.name_truth, "birth_date": p.birth_date, "address": p.address,
                     "issue_date": issued}, "certificate")


def resident_record(p: Person, face: str, issued: str = "2026-11-02",
                    my_number: str = "") -> Rendered:
    s = Sheet(face, size=11)
    s.title("住民票（写し）")
    s.labelled("氏名", p.name)
    s.labelled("生年月日", p.birth_wareki)
    s.labelled("住所", p.address_printed)
    s.labelled("住民となった年月日", "平成27年4月1日")
    s.labelled("本籍", "東京都千代田区千代田1番")
    s.labelled("個人番号", my_number)
    s.labelled("住民票コード", "12345678901")
    certify(s, "この写しは、住民票の原本と相違ないことを証明する。", issued)
    return Rendered(s.image, "resident_record",
                    {"name": p.name_truth, "birth_date": p.birth_date, "address": p.address,
                     "issue_date": issued}, "certificate",
                    sensitive=[my_number, "12345678901"])


def family_register(p: Person, face: str, issued: str = "2026-11-02") -> Rendered:
    s = Sheet(face, size=11)
    s.title("戸籍全部事項証明書")
    s.labelled("本籍", "東京都千代田区千代田1番")
    s.labelled("氏名", p.name)
    s.labelled("生年月日", p.birth_wareki)
    s.labelled("父", "山田 一郎")
    s.labelled("母", "山田 春子")
    certify(s, "これは、戸籍に記録されている事項の全部を証明した書面である。", issued,
            office="")
    return Rendered(s.image, "family_register",
                    {"name": p.name_truth, "birth_date": p.birth_date, "issue_date": issued},
                    "certificate")


# ---------------------------------------------------------------- cards

CARD = (int(85.6 / 25.4 * DPI), int(54 / 25.4 * DPI))


def _card(face: str, band: tuple[int, int, int], lines: list[tuple[int, int, str, float]],
          photo: bool = True, title: str = "") -> Image.Image:
    w, h = CARD
    card = Image.new("RGB", (w, h), (244, 246, 240))
    d = ImageDraw.Draw(card)
    d.rounded_rectangle((2, 2, w - 3, h - 3), radius=30, outline=(120, 120, 120), width=4)
    d.rectangle((0, h - 90, w, h), fill=band)
    for x, y, text, size in lines:
        d.text((x, y), text, font=font(size, face), fill="black")
    if title:
        d.text((w - 40, h - 80), title, font=font(9, face), fill="black", anchor="ra")
    if photo:
        d.rectangle((w - 300, 140, w - 40, 460), fill=(185, 185, 195))
    return card


CARD_AT = (250, 300)  # where on_page puts a card; the second one 150 px below it


def on_page(card: Image.Image, second: Image.Image | None = None) -> Image.Image:
    page = Image.new("RGB", A4, PAPER)
    page.paste(card, CARD_AT)
    if second is not None:
        page.paste(second, (CARD_AT[0], CARD_AT[1] + card.height + 150))
    return page


def on_page_box(box: tuple[int, int, int, int], second: bool = False) -> tuple[int, int, int, int]:
    """A box on a card, in the page on_page makes of it."""
    dx, dy = CARD_AT[0], CARD_AT[1] + (CARD[1] + 150 if second else 0)
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def qr_symbol(card: Image.Image, at: tuple[int, int], seed: int,
              module: int = 8, size: int = 25) -> tuple[int, int, int, int]:
    """A QR-code-like symbol: three finder squares and random modules (the data is not
    a real QR payload; only its looks matter here). Returns its box on the card."""
    rng = random.Random(seed)
    d = ImageDraw.Draw(card)
    x0, y0 = at

    def cell(i: int, j: int) -> None:
        d.rectangle((x0 + i * module, y0 + j * module,
                     x0 + (i + 1) * module - 1, y0 + (j + 1) * module - 1), fill="black")

    finders = [(0, 0), (size - 7, 0), (0, size - 7)]
    for i in range(size):
        for j in range(size):
            near = [(i - fx, j - fy) for fx, fy in finders if 0 <= i - fx < 8 and 0 <= j - fy < 8]
            if near:
                u, v = near[0]
                ring = max(abs(u - 3), abs(v - 3))
                if u < 7 and v < 7 and ring != 2:
                    cell(i, j)
            elif rng.random() < 0.5:
                cell(i, j)
    return (x0, y0, x0 + size * module, y0 + size * module)


def licence(p: Person, face: str, expiry: str = "2028-06-01",
            number: str = "301234567890") -> Rendered:
    w, h = CARD
    card = Image.new("RGB", (w, h), (236, 244, 236))
    d = ImageDraw.Draw(card)
    d.rounded_rectangle((2, 2, w - 3, h - 3), radius=30, outline=(90, 120, 90), width=4)
    f, small = font(9, face), font(7.5, face)
    d.text((30, 30), f"氏名 {p.name}   {p.birth_wareki}生", font=f, fill="black")
    d.text((30, 110), f"住所 {p.address_printed}", font=f, fill="black")
    d.text((30, 190), "交付 令和5年4月10日 12345", font=small, fill="black")
    d.rectangle((20, 255, w - 330, 320), fill=(120, 190, 120))
    d.text((30, 260), f"{_wareki(expiry)}まで有効", font=f, fill="black")
    d.text((30, 360), "免許の条件等", font=small, fill="black")
    d.text((30, 520), f"番号 第 {number} 号", font=f, fill="black")
    d.text((w - 330, 560), "運転免許証", font=font(10, face), fill="black")
    d.rectangle((w - 300, 160, w - 40, 500), fill=(180, 180, 190))
    return Rendered(on_page(card), "drivers_license",
                    {"name": p.name_truth, "birth_date": p.birth_date, "address": p.address,
                     "expiry_date": expiry, "issue_date": "2023-04-10",
                     "number": "********" + number[-4:]}, "card")


def my_number_card(p: Person, face: str, my_number: str, expiry: str = "2033-05-01") -> Rendered:
    front = _card(face, (200, 120, 160), [
        (30, 30, "個人番号カード", 9),
        (30, 110, f"氏名 {p.name}", 9),
        (30, 190, f"住所 {p.address_printed}", 7.5),
        (30, 280, f"{p.birth_wareki}生  性別 男", 8),
        (30, 360, f"{_wareki(expiry)}まで有効", 8),
    ])
    back = _card(face, (200, 120, 160), [
        (30, 40, "個人番号", 9),
        (30, 130, " ".join((my_number[:4], my_number[4:8], my_number[8:])), 14),
        (30, 300, f"氏名 {p.name}", 8),
        (30, 380, f"生年月日 {p.birth_wareki}", 8),
    ], photo=False)
    code = qr_symbol(back, (CARD[0] - 260, 120), seed=int(my_number[-4:]))
    return Rendered(on_page(front, back), "my_number_card",
                    {"name": p.name_truth, "birth_date": p.birth_date, "address": p.address,
                     "expiry_date": expiry}, "card", sensitive=[my_number],
                    codes=[on_page_box(code, second=True)])


def health_insurance(p: Person, face: str, kind: str = "資格確認書",
                     expiry: str = "2027-07-31") -> Rendered:
    card = _card(face, (120, 160, 210), [
        (30, 30, f"健康保険 {kind}", 9),
        (30, 110, "記号 12345 番号 678", 8),
        (30, 190, f"氏名 {p.name}", 9),
        (30, 270, f"生年月日 {p.birth_wareki}", 8),
        (30, 350, "保険者番号 06139952", 8),
        (30, 430, f"有効期限 {_wareki(expiry)}", 8),
    ], photo=False)
    code = qr_symbol(card, (CARD[0] - 240, 150), seed=6139952, module=7)
    return Rendered(on_page(card), "health_insurance_card",
                    {"name": p.name_truth, "birth_date": p.birth_date, "expiry_date": expiry},
                    "card", sensitive=["06139952", "12345"], codes=[on_page_box(code)])


def pension_notice(p: Person, face: str) -> Rendered:
    s = Sheet(face)
    s.title("基礎年金番号通知書")
    s.labelled("基礎年金番号", "1234-567890")
    s.labelled("氏名", p.name)
    s.labelled("生年月日", p.birth_wareki)
    s.line("日本年金機構", x=A4[0] - 250, anchor="ra")
    return Rendered(s.image, "pension_book", {"name": p.name_truth, "birth_date": p.birth_date},
                    "certificate", sensitive=["567890"])


def residence_card(p: Person, face: str, roman: str, expiry: str = "2029-03-31",
                   number: str = "AB12345678CD") -> Rendered:
    card = _card(face, (150, 170, 120), [
        (30, 30, "在留カード", 9),
        (30, 110, f"氏名 {roman}", 9),
        (30, 190, f"生年月日 {p.birth_date[:4]}年{p.birth_date[5:7]}月{p.birth_date[8:]}日", 8),
        (30, 270, f"住居地 {p.address_printed}", 7.5),
        (30, 350, f"番号 {number}", 8),
        (30, 430, f"このカードは{_wareki(expiry)}まで有効です。", 7.5),
    ])
    return Rendered(on_page(card), "residence_card",
                    {"name": roman.replace(" ", ""), "birth_date": p.birth_date,
                     "address": p.address, "expiry_date": expiry,
                     "number": "********" + number[-4:]}, "card")


def passport(p: Person, roman_family: str, roman_given: str, number: str = "TR1234567",
             expiry: str = "2033-06-01") -> Rendered:
    from ocr.mrz import check_digit
    page = Image.new("RGB", A4, PAPER)
    d = ImageDraw.Draw(page)
    w, h = int(125 / 25.4 * DPI), int(88 / 25.4 * DPI)
    x0, y0 = 250, 300
    d.rectangle((x0, y0, x0 + w, y0 + h), fill=(236, 236, 244), outline=(90, 90, 120), width=4)
    f = font(9, "gothic")
    d.text((x0 + 30, y0 + 30), "旅券 PASSPORT  日本国 JAPAN", font=f, fill="black")
    d.text((x0 + 420, y0 + 120), f"Surname {roman_family}", font=f, fill="black")
    d.text((x0 + 420, y0 + 200), f"Given name {roman_given}", font=f, fill="black")
    birth = p.birth_date.replace("-", "")[2:]
    exp = expiry.replace("-", "")[2:]
    d.rectangle((x0 + 30, y0 + 110, x0 + 380, y0 + 560), fill=(185, 185, 195))
    name = f"{roman_family}<<{roman_given}"
    line1 = f"P<JPN{name}".ljust(44, "<")[:44]
    body = (f"{number}{check_digit(number)}JPN{birth}{check_digit(birth)}M{exp}"
            f"{check_digit(exp)}")
    personal = "<" * 14
    composite = (number + check_digit(number) + birth + check_digit(birth) + exp
                 + check_digit(exp) + personal + check_digit(personal))
    line2 = body + personal + check_digit(personal) + check_digit(composite)
    mrz = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
                             int(10.5 * DPI / 72)) \
        if Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf").exists() else f
    d.text((x0 + 30, y0 + h - 230), line1, font=mrz, fill="black")
    d.text((x0 + 30, y0 + h - 130), line2, font=mrz, fill="black")
    return Rendered(page, "passport",
                    {"name": f"{roman_family}{roman_given}", "birth_date": p.birth_date,
                     "expiry_date": expiry, "number": "*****" + number[-4:]}, "passport")


# ---------------------------------------------------------------- degradations

def degrade(image: Image.Image, how: str, seed: int = 0) -> Image.Image:
    """skew | noise | blur | jpeg | 200dpi | upside_down | all."""
    import io
    rng = random.Random(seed)
    out = image
    if how in ("skew", "all"):
        out = out.rotate(rng.uniform(-1.5, 1.5), expand=False, fillcolor=PAPER)
    if how in ("noise", "all"):
        import numpy as np
        arr = np.asarray(out, dtype=np.int16)
        noise = np.random.default_rng(seed).normal(0, 14, arr.shape)
        out = Image.fromarray(np.clip(arr + noise, 0, 255).astype("uint8"))
    if how in ("blur", "all"):
        out = out.filter(ImageFilter.GaussianBlur(1.0))
    if how in ("jpeg", "all"):
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=55)
        out = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    if how == "200dpi":
        out = out.resize((out.width * 2 // 3, out.height * 2 // 3), Image.LANCZOS)
    if how == "upside_down":
        out = out.rotate(180)
    return out


Builder = Callable[[], Rendered]


def request_by_agent(principal: Person, agent: Person, face: str) -> Rendered:
    """A request written by a 任意代理人, naming the person and themself."""
    s = Sheet(face)
    s.title("個人情報開示請求書")
    s.line("令和8年11月20日", x=A4[0] - 250, anchor="ra")
    s.line("株式会社オーネット 御中", gap=1.5)
    s.line("下記の本人の代理人として、本人の個人情報の開示を請求します。", gap=1.5)
    party_block(s, "（本人）", principal)
    s.y += s.step // 2
    party_block(s, "（代理人）", agent, sealed=True)
    s.labelled("電話番号", agent.phone)
    truth = {"date": "2026-11-20", "name": principal.name_truth, "address": principal.address,
             "birth_date": principal.birth_date, "request_types": ["disclosure"],
             "requester_role": "agent", "agent_name": agent.name_truth,
             "agent_address": agent.address, "agent_birth_date": agent.birth_date}
    return Rendered(s.image, "request_letter", truth, "agent")

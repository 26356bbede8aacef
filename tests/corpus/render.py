"""Render request letters and ID copies as scans, with the truth they should read as."""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = {
    "gothic": "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "mincho": "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
}
DPI = 300
A4 = (int(210 / 25.4 * DPI), int(297 / 25.4 * DPI))
RED = (220, 30, 40)
PAPER = (250, 247, 238)  # the faint cream of real paper in a colour scan


def font(size_pt: float, face: str = "mincho") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONTS[face], int(size_pt * DPI / 72))


@dataclass
class Person:
    name: str  # as printed, may contain a space between family and given name
    kana: str
    birth_wareki: str
    birth_date: str  # ISO truth
    address_printed: str
    address: str  # normalised truth
    phone: str = "090-1234-5678"
    email: str = "taro@example.jp"

    @property
    def name_truth(self) -> str:
        return self.name.replace(" ", "").replace("　", "")


TARO = Person("山田 太郎", "ヤマダ タロウ", "昭和60年5月1日", "1985-05-01",
              "東京都世田谷区桜新町二丁目5番3号", "東京都世田谷区桜新町2-5-3")
HANAKO = Person("佐藤 花子", "サトウ ハナコ", "平成2年11月23日", "1990-11-23",
                "大阪府大阪市北区梅田一丁目2番3号", "大阪府大阪市北区梅田1-2-3",
                phone="06-1234-5678", email="hanako@example.jp")


@dataclass
class LetterSpec:
    person: Person
    date_wareki: str = "令和8年11月20日"
    date: str = "2026-11-20"
    types: tuple[str, ...] = ("開示",)
    with_birth_date: bool = True
    with_seal: bool = True
    with_address: bool = True
    face: str = "mincho"


def stamp_seal(draw: ImageDraw.ImageDraw, centre: tuple[int, int], text: str) -> None:
    """A round red 印影, 12 mm across, with the family name inside."""
    r = int(6 / 25.4 * DPI)
    x, y = centre
    draw.ellipse((x - r, y - r, x + r, y + r), outline=RED, width=9)
    f = font(13, "mincho")
    for i, ch in enumerate(text[:2]):
        draw.text((x, y - r // 2 + i * int(r * 0.95)), ch, font=f, fill=RED, anchor="mm")


def render_letter(spec: LetterSpec) -> Image.Image:
    page = Image.new("RGB", A4, PAPER)
    d = ImageDraw.Draw(page)
    body, title = font(12, spec.face), font(20, spec.face)
    left, y, step = 250, 300, int(12 * DPI / 72 * 2.0)
    d.text((A4[0] // 2, y), "個人情報開示等請求書", font=title, fill="black", anchor="mm")
    y += step * 2
    d.text((A4[0] - 250, y), spec.date_wareki, font=body, fill="black", anchor="rm")
    y += step
    d.text((left, y), "株式会社オーネット 御中", font=body, fill="black")
    y += step * 2
    p = spec.person
    if spec.with_address:
        d.text((left, y), f"住所：{p.address_printed}", font=body, fill="black")
        y += step
    d.text((left, y), f"氏名：{p.name}", font=body, fill="black")
    if spec.with_seal:
        stamp_seal(d, (left + 1300, y + 25), p.name.split()[0])
    y += step
    if spec.with_birth_date:
        d.text((left, y), f"生年月日：{p.birth_wareki}", font=body, fill="black")
        y += step
    d.text((left, y), f"電話番号：{p.phone}", font=body, fill="black")
    y += step * 2
    kinds = "・".join(spec.types)
    for line in (f"私の個人情報について、貴社の所定の手続きにより{kinds}を請求します。",
                 "本人確認書類として運転免許証の写しを同封いたします。",
                 "よろしくお願いいたします。"):
        d.text((left, y), line, font=body, fill="black")
        y += step
    return page


@dataclass
class LicenceSpec:
    person: Person
    issue_wareki: str = "令和5年4月10日"
    issue_date: str = "2023-04-10"
    expiry_wareki: str = "令和10年6月1日"
    expiry_date: str = "2028-06-01"
    number: str = "301234567890"
    face: str = "gothic"
    truth: dict[str, str] = field(default_factory=dict)


def render_licence_card(spec: LicenceSpec) -> Image.Image:
    """A driving-licence-like card, 85.6 × 54 mm at 300 dpi, with a green band."""
    w, h = int(85.6 / 25.4 * DPI), int(54 / 25.4 * DPI)
    card = Image.new("RGB", (w, h), (236, 244, 236))
    d = ImageDraw.Draw(card)
    d.rounded_rectangle((2, 2, w - 3, h - 3), radius=30, outline=(90, 120, 90), width=4)
    f, small = font(9, spec.face), font(7.5, spec.face)
    p = spec.person
    d.text((30, 30), f"氏名 {p.name}   {p.birth_wareki}生", font=f, fill="black")
    d.text((30, 110), f"住所 {p.address_printed}", font=f, fill="black")
    d.text((30, 190), f"交付 {spec.issue_wareki} 12345", font=small, fill="black")
    d.rectangle((20, 255, w - 330, 320), fill=(120, 190, 120))
    d.text((30, 260), f"{spec.expiry_wareki}まで有効", font=f, fill="black")
    d.text((30, 360), "免許の条件等", font=small, fill="black")
    d.text((30, 520), f"番号 第 {spec.number} 号", font=f, fill="black")
    d.text((w - 330, 560), "運転免許証", font=font(10, spec.face), fill="black")
    d.text((w - 330, 620), "東京都公安委員会", font=small, fill="black")
    d.rectangle((w - 300, 160, w - 40, 500), fill=(180, 180, 190))  # the photo
    return card


def render_licence_copy(spec: LicenceSpec) -> Image.Image:
    """A photocopy of the card on an A4 sheet, as people post them."""
    page = Image.new("RGB", A4, PAPER)
    page.paste(render_licence_card(spec), (250, 300))
    return page


def degrade(image: Image.Image, seed: int = 0, skew: float = 1.0) -> Image.Image:
    rng = random.Random(seed)
    out = image.rotate(rng.uniform(-skew, skew), expand=False, fillcolor=PAPER)
    out = out.filter(ImageFilter.GaussianBlur(0.8))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=70)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def save_pdf(pages: list[Image.Image], path: Path) -> None:
    pages[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])


def pdf_bytes(pages: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def today() -> dt.date:
    return dt.date(2026, 11, 27)

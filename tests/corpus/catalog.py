"""The generated corpus as a list of cases: clean printed pages, hand-filled ones, and
degraded variants — shared by the accuracy tests and bench/ocr."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.corpus import documents as d
from tests.corpus.render import HANAKO, TARO

MY_NUMBER = "123456789018"  # a valid check digit: it must be masked wherever it appears


@dataclass(frozen=True)
class Case:
    label: str
    build: Callable[[], d.Rendered]
    condition: str = "clean"  # clean | hand | <degradation>

    def render(self) -> d.Rendered:
        rendered = self.build()
        if self.condition not in ("clean", "hand"):
            rendered.image = d.degrade(rendered.image, self.condition, seed=len(self.label))
        return rendered


def clean_cases() -> list[Case]:
    faces = d.PRINTED_FACES
    f = lambda i: faces[i % len(faces)]  # noqa: E731
    return [
        Case("request boxed", lambda: d.request_boxed(TARO, f(0))),
        Case("request boxed 2", lambda: d.request_boxed(HANAKO, f(1), ("削除", "利用停止"))),
        Case("request prose", lambda: d.request_prose(HANAKO, f(1))),
        Case("request prose 2", lambda: d.request_prose(TARO, f(3))),
        Case("委任状", lambda: d.power_of_attorney(TARO, HANAKO, f(0))),
        Case("委任状 縦書き", lambda: d.power_of_attorney_vertical(TARO, HANAKO, "mincho")),
        Case("印鑑登録証明書", lambda: d.seal_certificate(TARO, f(2))),
        Case("住民票", lambda: d.resident_record(TARO, f(0), my_number=MY_NUMBER)),
        Case("戸籍", lambda: d.family_register(HANAKO, f(2))),
        Case("運転免許証", lambda: d.licence(TARO, "gothic")),
        Case("運転免許証 2", lambda: d.licence(HANAKO, f(3), number="451234567892")),
        Case("マイナンバーカード", lambda: d.my_number_card(TARO, "gothic", MY_NUMBER)),
        Case("資格確認書", lambda: d.health_insurance(HANAKO, "gothic")),
        Case("年金", lambda: d.pension_notice(TARO, f(0))),
        Case("在留カード", lambda: d.residence_card(TARO, "gothic", "YAMADA TARO")),
        Case("旅券", lambda: d.passport(HANAKO, "SATO", "HANAKO")),
    ]


def hand_cases() -> list[Case]:
    return [Case("request hand-filled", lambda: d.request_handfilled(TARO, "mincho"), "hand"),
            Case("request hand-filled 2", lambda: d.request_handfilled(HANAKO, "gothic"), "hand")]


DEGRADATIONS = ("skew", "noise", "blur", "jpeg", "200dpi", "upside_down")


def degraded_cases() -> list[Case]:
    base = clean_cases()
    picks = [base[0], base[2], base[4], base[9], base[11], base[12], base[6], base[7]]
    return [Case(f"{c.label} {how}", c.build, how)
            for i, c in enumerate(picks) for how in DEGRADATIONS[i % 3::3][:2]] + \
        [Case(f"{base[9].label} all", base[9].build, "all")]

"""The review state machine and the letter's layout (pure)."""

from __future__ import annotations

import pytest

from outbox.letter import layout
from outbox.review import ReviewError, next_state


def test_only_pending_drafts_can_be_approved_and_only_approved_delivered() -> None:
    assert next_state("approve", "pending") == "approved"
    assert next_state("edit", "approved") == "pending"  # an edit needs approval again
    # Delivery: claimed (sending), then delivered; a dead run's draft goes to a person.
    assert next_state("claim", "approved") == "sending"
    assert next_state("deliver", "sending") == "delivered"
    assert next_state("fail", "sending") == "approved"
    assert next_state("doubt", "sending") == "delivery_uncertain"
    assert next_state("confirm_sent", "delivery_uncertain") == "delivered"
    assert next_state("resend", "delivery_uncertain") == "approved"
    for action, state in (("approve", "approved"), ("deliver", "pending"),
                          ("approve", "rejected"), ("deliver", "delivered"),
                          ("deliver", "approved"), ("claim", "sending"),
                          ("claim", "delivery_uncertain"), ("resend", "delivered")):
        with pytest.raises(ReviewError):
            next_state(action, state)


def test_letter_layout_sets_a_japanese_business_letter() -> None:
    body = ["令和8年11月27日", "", "東京都港区芝1-1-1", "山田太郎 様", "", "株式会社オーネット",
            "お客様相談室", "整理番号 [APPI-1]", "", "ご提出書類についてのお願い", "",
            "拝啓　時下ますます…", "敬具", "", "記", "1. …", "以上"]
    aligned = {text: align for text, align, _scale in layout(body)}
    assert aligned["令和8年11月27日"] == "right"
    assert aligned["山田太郎 様"] == "left"
    assert aligned["株式会社オーネット"] == aligned["整理番号 [APPI-1]"] == "right"
    assert aligned["ご提出書類についてのお願い"] == "center"
    assert aligned["拝啓　時下ますます…"] == "left"
    assert (aligned["敬具"], aligned["記"], aligned["以上"]) == ("right", "center", "right")


@pytest.mark.parametrize("width", [200.0, 300.0, 400.0, 450.0])
def test_a_wrapped_paragraph_leaves_no_orphan_and_starts_no_line_with_a_stop(
        width: float) -> None:
    from outbox.letter import NO_LINE_START, SHORTEST_LAST, _register_font, _wrap
    font = _register_font()
    for line in ("令和8年11月27日にお受けいたしました個人情報の開示・訂正・削除の"
                 "ご請求につきまして、",
                 "   開示する内容は、パスワード付きPDFファイルとして弊社にご登録の"
                 "メールアドレス宛に別途お送りし、パスワードは本書とは別の書面にて"
                 "郵送でお知らせいたします。"):
        wrapped = _wrap(line, width, font, 10.5)
        assert "".join(w.strip() for w in wrapped) == line.strip()  # nothing lost
        if len(wrapped) > 1:
            assert len(wrapped[-1].strip()) >= SHORTEST_LAST, wrapped
        assert not any(w.strip()[:1] in NO_LINE_START for w in wrapped[1:]), wrapped
        assert all(w.startswith("   ") for w in wrapped) == line.startswith("   ")


@pytest.mark.parametrize("width", [150.0, 200.0, 250.0, 300.0])
def test_a_name_with_its_honorific_is_never_split_across_lines(width: float) -> None:
    from outbox.letter import _register_font, _wrap
    font = _register_font()
    line = ("弊社におきましては、ご請求いただいた山田太郎様の個人情報を保有して"
            "おりませんことをご報告申し上げます。髙橋一郎様にもお伝えください。")
    wrapped = _wrap(line, width, font, 10.5)
    assert "".join(w.strip() for w in wrapped) == line
    for name in ("山田太郎様", "髙橋一郎様"):
        assert any(name in w for w in wrapped), wrapped
    # A name longer than a line still wraps rather than overflow.
    long = "ご請求者" + "長" * 40 + "様"
    assert all(len(w) < 40 for w in _wrap(long, 150.0, font, 10.5))

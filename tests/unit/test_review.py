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

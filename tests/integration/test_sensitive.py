"""Numbers that must not be kept: masked in stored text and images, raw purged after review."""

from __future__ import annotations

import io
import json
import logging
import re

import numpy as np
import pytesseract
import pytest
from PIL import Image
from sqlalchemy import select

from intake import review
from intake.app import App
from intake.models import AuditEvent, DocumentRow, Envelope, Page
from intake.pipeline import Incoming, PurgedError, ingest, process, purge_raw, retry
from tests.corpus import documents as d
from tests.corpus.catalog import MY_NUMBER
from tests.corpus.render import TARO, LetterSpec, pdf_bytes, render_letter

pytestmark = pytest.mark.tesseract


def test_my_number_never_kept_and_raw_purged_when_review_ends(
        app: App, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    card = d.my_number_card(TARO, "gothic", MY_NUMBER)
    pages = [render_letter(LetterSpec(TARO)),
             d.resident_record(TARO, "mincho", my_number=MY_NUMBER).image, card.image]
    env, _ = ingest(app, Incoming(data=pdf_bytes(pages), source="scan", source_ref="s.pdf"))
    assert process(app, env.id) == "drafted"
    with app.sessions() as s:
        stored = s.scalars(select(Page).where(Page.envelope_id == env.id)
                           .order_by(Page.number)).all()
        docs = s.scalars(select(DocumentRow).where(DocumentRow.envelope_id == env.id)).all()
        row = s.get(Envelope, env.id)
        assert row is not None and "sensitive_number_masked" in row.meta["points"]
    kept_text = " ".join(p.text for p in stored) + json.dumps([x.fields for x in docs],
                                                               ensure_ascii=False)
    assert MY_NUMBER not in re.sub(r"\s", "", kept_text)
    assert "12345678901" not in re.sub(r"\s", "", kept_text)  # 住民票コード
    assert all("number" not in x.fields for x in docs if x.kind == "my_number_card")
    # The stored images: read them again — the number is not there to be read.
    for page in stored[1:]:
        assert page.image_sha256
        image = Image.open(io.BytesIO(app.blobs.get(page.image_sha256)))
        again = re.sub(r"\s", "", pytesseract.image_to_string(image, lang="Japanese"))
        assert MY_NUMBER not in again and MY_NUMBER[:8] not in again
    # The card's QR code (it holds the number too) is blacked out where it was.
    (x0, y0, x1, y1), = card.codes
    kept_card = Image.open(io.BytesIO(app.blobs.get(stored[2].image_sha256))).convert("L")
    assert (np.asarray(kept_card.crop((x0, y0, x1, y1))) < 60).mean() > 0.95
    assert (np.asarray(card.image.convert("L").crop((x0, y0, x1, y1))) < 60).mean() < 0.7
    assert MY_NUMBER not in caplog.text
    # The unmasked original outlives the review by not one pass.
    assert app.blobs.path(env.sha256).exists()
    with app.sessions() as s:
        (draft,) = s.scalars(select(review.Draft).where(review.Draft.envelope_id == env.id))
        with pytest.raises(review.ReviewError, match="会員検索"):
            review.approve(s, draft.id, "reviewer")  # unfinished: nothing is purged yet
        assert app.blobs.path(env.sha256).exists()
        finished = review.confirm_no_data(app, s, draft.id, "reviewer", "氏名・生年月日で検索")
        review.approve(s, finished.id, "reviewer")
    assert purge_raw(app) == 1
    assert not app.blobs.path(env.sha256).exists()
    with app.sessions() as s:
        purged = s.scalar(select(AuditEvent).where(AuditEvent.action == "raw_purged"))
        assert purged is not None and purged.actor == "reviewer"
    with pytest.raises(PurgedError):
        retry(app, env.id, "desk")


def test_ordinary_envelopes_keep_their_raw_bytes_after_review(app: App) -> None:
    env, _ = ingest(app, Incoming(data=pdf_bytes([render_letter(LetterSpec(TARO))]),
                                  source="scan", source_ref="t.pdf"))
    process(app, env.id)
    with app.sessions() as s:
        (draft,) = s.scalars(select(review.Draft).where(review.Draft.envelope_id == env.id))
        review.reject(s, draft.id, "reviewer", reason="テスト")
    assert purge_raw(app) == 0 and app.blobs.path(env.sha256).exists()


def test_an_id_copy_sent_by_email_is_not_used_and_is_deleted_when_review_ends(
        app: App) -> None:
    from email.message import EmailMessage

    from tests.corpus.render import LicenceSpec
    from tests.corpus.render import render_licence_copy as licence_copy
    msg = EmailMessage()
    msg["From"], msg["To"] = "taro@example.jp", "privacy-desk@example.jp"
    msg["Subject"], msg["Message-ID"] = "開示のお願い", "<id-by-mail@example.jp>"
    msg.set_content("私の個人情報の開示をお願いします。免許証を添付します。\n山田太郎")
    buf = io.BytesIO()
    licence_copy(LicenceSpec(TARO)).save(buf, "JPEG", quality=90)
    msg.add_attachment(buf.getvalue(), maintype="image", subtype="jpeg",
                       filename="menkyo.jpg")
    env, _ = ingest(app, Incoming(data=msg.as_bytes(), source="maildir", source_ref="m.eml"))
    assert process(app, env.id) == "drafted"
    with app.sessions() as s:
        row = s.get(Envelope, env.id)
        assert row is not None and row.meta["purge_after_review"] is True
        images = [p.image_sha256 for p in row.pages if p.image_sha256]
        assert images and all(app.blobs.path(sha).exists() for sha in images)
        (draft,) = s.scalars(select(review.Draft).where(review.Draft.envelope_id == env.id))
        assert draft.template == "guidance_email"
        assert "本人確認書類の画像は" in draft.body and "削除いたします" in draft.body
        review.approve(s, draft.id, "reviewer")
    assert purge_raw(app) == 1 + len(images)
    assert not app.blobs.path(env.sha256).exists()
    assert not any(app.blobs.path(sha).exists() for sha in images)
    with app.sessions() as s:
        row = s.get(Envelope, env.id)
        assert row is not None and all(p.image_sha256 is None for p in row.pages)

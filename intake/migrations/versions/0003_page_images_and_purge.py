"""pages.image_sha256 (the stored, masked page image) and envelopes.raw_purged_at

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("image_sha256", sa.String(length=64), nullable=True))
    with op.batch_alter_table("envelopes") as batch:
        batch.add_column(sa.Column("raw_purged_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("envelopes") as batch:
        batch.drop_column("raw_purged_at")
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("image_sha256")

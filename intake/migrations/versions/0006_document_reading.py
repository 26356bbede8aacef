"""documents.reading: what reading doubted, set aside as unsure (the keys only, never
the values) and confirmed from another document — for the rules to judge a stored
envelope as they judge a fresh reading

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("reading", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("reading")

"""envelopes.thread_of: a customer's reply threads onto the case it answers

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("envelopes") as batch:
        batch.add_column(sa.Column("thread_of", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_envelope_thread_of", "envelopes", ["thread_of"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("envelopes") as batch:
        batch.drop_constraint("fk_envelope_thread_of", type_="foreignkey")
        batch.drop_column("thread_of")

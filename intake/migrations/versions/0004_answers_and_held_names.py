"""cases.answers and cases.type_decisions (a decision per request type, what reviewers
recorded); drafts.parts (an electronic disclosure's mail and password letter);
members.held_name and members.held_address (the register's own spelling)

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("answers", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("type_decisions", sa.JSON(), nullable=False,
                                   server_default="[]"))
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("parts", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("held_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("held_address", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("held_address")
        batch.drop_column("held_name")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("parts")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("type_decisions")
        batch.drop_column("answers")

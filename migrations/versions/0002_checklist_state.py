"""STEP checklist: one row per area and catalog check item

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 21:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checklist_state",
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("check_key", sa.String(length=40), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_checklist_state_area_id_area")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_state")),
        sa.UniqueConstraint("area_id", "check_key", name="uq_checklist_area_key"),
        sa.UniqueConstraint("uuid", name=op.f("uq_checklist_state_uuid")),
    )


def downgrade() -> None:
    op.drop_table("checklist_state")

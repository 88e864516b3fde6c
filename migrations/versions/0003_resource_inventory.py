"""resource inventory: the resource table and, on SQLite, its trigram full-text index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 21:39:17.980792
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# SQLite only: an external-content FTS5 index over resource.search_text (already normalised
# to hiragana, half-width, case-folded by the service), kept in step by triggers. The trigram
# tokenizer matches any substring of three or more characters, which Japanese needs (no
# spaces between words). PostgreSQL searches search_text with LIKE instead.
# NOTE for later revisions: a batch rebuild of `resource` drops these triggers; recreate them.
FTS_CREATE = [
    "CREATE VIRTUAL TABLE resource_fts USING fts5("
    "search_text, content='resource', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER resource_fts_insert AFTER INSERT ON resource BEGIN "
    "INSERT INTO resource_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER resource_fts_delete AFTER DELETE ON resource BEGIN "
    "INSERT INTO resource_fts(resource_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER resource_fts_update AFTER UPDATE OF search_text ON resource BEGIN "
    "INSERT INTO resource_fts(resource_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO resource_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
FTS_DROP = [
    "DROP TRIGGER IF EXISTS resource_fts_update",
    "DROP TRIGGER IF EXISTS resource_fts_delete",
    "DROP TRIGGER IF EXISTS resource_fts_insert",
    "DROP TABLE IF EXISTS resource_fts",
]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.create_table(
        "resource",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("reading", sa.String(length=400), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("kinds", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("operator_name", sa.String(length=200), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("map_x", sa.Float(), nullable=True),
        sa.Column("map_y", sa.Float(), nullable=True),
        sa.Column("frequency", sa.String(length=20), nullable=True),
        sa.Column("times_per_month", sa.Integer(), nullable=True),
        sa.Column("nth_week", sa.String(length=20), nullable=False),
        sa.Column("weekdays", sa.String(length=7), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=True),
        sa.Column("ends_at", sa.Time(), nullable=True),
        sa.Column("schedule_note", sa.String(length=300), nullable=False),
        sa.Column("fee", sa.String(length=200), nullable=False),
        sa.Column("audience", sa.String(length=300), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("volunteers", sa.Integer(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("unused", sa.Boolean(), nullable=False),
        sa.Column("publishable", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("confirmed_by", sa.String(length=100), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column(
            "sort_key",
            sa.String(length=600).with_variant(sa.String(length=600, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"], name=op.f("fk_resource_area_id_area")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_resource_organization_id_organization"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource")),
        sa.UniqueConstraint("uuid", name=op.f("uq_resource_uuid")),
    )
    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.create_index("ix_resource_sort_key", ["sort_key"], unique=False)

    if _sqlite():
        for statement in FTS_CREATE:
            op.execute(statement)


def downgrade() -> None:
    if _sqlite():
        for statement in FTS_DROP:
            op.execute(statement)
    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.drop_index("ix_resource_sort_key")

    op.drop_table("resource")

"""roadmap edits and settings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 21:37:50.720558
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roadmap_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_roadmap_edits_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadmap_edits")),
        sa.UniqueConstraint(
            "assessment_id", "action_id", "kind", name=op.f("uq_roadmap_edits_assessment_id_action_id_kind")
        ),
    )
    with op.batch_alter_table("roadmap_edits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roadmap_edits_assessment_id"), ["assessment_id"], unique=False)

    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roadmap_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("roadmap_capacity", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_column("roadmap_capacity")
        batch_op.drop_column("roadmap_start")

    with op.batch_alter_table("roadmap_edits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roadmap_edits_assessment_id"))

    op.drop_table("roadmap_edits")

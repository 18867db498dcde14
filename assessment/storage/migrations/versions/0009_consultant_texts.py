"""consultant texts: the consultant's findings and recommendations for the summary and each process

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 00:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consultant_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_consultant_texts_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultant_texts")),
        sa.UniqueConstraint(
            "assessment_id", "scope", "kind", name=op.f("uq_consultant_texts_assessment_id_scope_kind")
        ),
    )
    with op.batch_alter_table("consultant_texts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultant_texts_assessment_id"), ["assessment_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("consultant_texts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultant_texts_assessment_id"))
    op.drop_table("consultant_texts")

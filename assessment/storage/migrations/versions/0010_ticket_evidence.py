"""ticket evidence: ticket data imported for an assessment (KPIs, process mining, rows if kept), its pseudonym key

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ticket_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("process", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("shape", sa.String(length=10), nullable=False),
        sa.Column("tickets", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("pseudonymized", sa.JSON(), nullable=False),
        sa.Column("dropped", sa.JSON(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kpis", sa.JSON(), nullable=False),
        sa.Column("mining", sa.JSON(), nullable=True),
        sa.Column("rows", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_ticket_evidence_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_evidence")),
        sa.UniqueConstraint("assessment_id", "process", name=op.f("uq_ticket_evidence_assessment_id_process")),
    )
    with op.batch_alter_table("ticket_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ticket_evidence_assessment_id"), ["assessment_id"], unique=False)
    op.create_table(
        "pseudonym_keys",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_pseudonym_keys_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", name=op.f("pk_pseudonym_keys")),
    )


def downgrade() -> None:
    op.drop_table("pseudonym_keys")
    with op.batch_alter_table("ticket_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_evidence_assessment_id"))
    op.drop_table("ticket_evidence")

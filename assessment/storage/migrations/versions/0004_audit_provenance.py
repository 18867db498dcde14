"""where an audit entry came from: the bundle it arrived in and who imported it (empty: recorded here)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("imported_from", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("imported_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("imported_by")
        batch_op.drop_column("imported_from")

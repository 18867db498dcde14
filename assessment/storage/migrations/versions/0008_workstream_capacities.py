"""workstream capacities of the roadmap

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 00:45:00

The roadmap runs one workstream per process since issue 19. `roadmap_capacity` (until now the person-days per
month of the whole programme, one queue) is kept as it was and now means the capacity of each workstream that
has none of its own; `roadmap_capacities` holds those of their own (workstream id -> person-days per month).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roadmap_capacities", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_column("roadmap_capacities")

"""Directory: stable keys for general help and organisations, and a theme's order of help.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kb_theme") as batch:
        batch.add_column(sa.Column("own_provider_key", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("local_desk_key", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("service_order", sa.Text(), nullable=True))
        batch.add_column(sa.Column("checklist", sa.Text(), nullable=True))
    with op.batch_alter_table("kb_organisation") as batch:
        batch.add_column(sa.Column("key", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kb_organisation") as batch:
        batch.drop_column("key")
    with op.batch_alter_table("kb_theme") as batch:
        batch.drop_column("checklist")
        batch.drop_column("service_order")
        batch.drop_column("local_desk_key")
        batch.drop_column("own_provider_key")

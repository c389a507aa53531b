"""Staff accounts, roles and IDO locations; sessions; token scopes, location, expiry and
owner; referrals with a random public id and an owning IDO location.

Tokens that existed before keep only the `advice` scope and expire in 90 days: they had
no location, so they cannot reach referrals any more (make new ones with scopes).

Revision ID: 0005
Revises: 0004
"""
import secrets
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ido_locations",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("gemeente_code", sa.String(length=6), nullable=True),
        sa.Column("gemeente_name", sa.String(length=200), nullable=True),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ido_locations")),
    )
    op.create_table(
        "staff_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "role IN ('staff', 'coordinator')", name=op.f("ck_staff_accounts_role_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_accounts")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_accounts_username")),
    )
    op.create_table(
        "staff_account_locations",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_accounts.id"],
            name=op.f("fk_staff_account_locations_account_id_staff_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["ido_locations.id"],
            name=op.f("fk_staff_account_locations_location_id_ido_locations"),
        ),
        sa.PrimaryKeyConstraint(
            "account_id", "location_id", name=op.f("pk_staff_account_locations")
        ),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["staff_accounts.id"],
            name=op.f("fk_staff_sessions_account_id_staff_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_staff_sessions")),
    )
    op.create_index(
        op.f("ix_staff_sessions_account_id"), "staff_sessions", ["account_id"], unique=False
    )
    op.create_index(
        op.f("ix_staff_sessions_expires_at"), "staff_sessions", ["expires_at"], unique=False
    )

    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(
            sa.Column("scopes", sa.String(length=200), nullable=False, server_default="advice")
        )
        batch.add_column(sa.Column("ido_location_id", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("owner", sa.String(length=200), nullable=True))
        batch.create_foreign_key(
            op.f("fk_api_tokens_ido_location_id_ido_locations"),
            "ido_locations",
            ["ido_location_id"],
            ["id"],
        )
    expiry = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0) + timedelta(days=90)
    tokens = sa.table("api_tokens", sa.column("expires_at", sa.DateTime()))
    op.execute(tokens.update().values(expires_at=expiry))

    with op.batch_alter_table("referrals") as batch:
        batch.add_column(sa.Column("public_id", sa.String(length=24), nullable=True))
    connection = op.get_bind()
    referrals = sa.table("referrals", sa.column("id", sa.Integer()), sa.column("public_id"))
    for (referral_id,) in connection.execute(sa.select(referrals.c.id)).fetchall():
        connection.execute(
            referrals.update()
            .where(referrals.c.id == referral_id)
            .values(public_id=secrets.token_urlsafe(12))
        )
    with op.batch_alter_table("referrals") as batch:
        batch.alter_column("public_id", existing_type=sa.String(length=24), nullable=False)
        batch.create_unique_constraint(op.f("uq_referrals_public_id"), ["public_id"])
        batch.create_index(op.f("ix_referrals_ido_location_id"), ["ido_location_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referrals") as batch:
        batch.drop_index(op.f("ix_referrals_ido_location_id"))
        batch.drop_constraint(op.f("uq_referrals_public_id"), type_="unique")
        batch.drop_column("public_id")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_constraint(op.f("fk_api_tokens_ido_location_id_ido_locations"), type_="foreignkey")
        batch.drop_column("owner")
        batch.drop_column("expires_at")
        batch.drop_column("ido_location_id")
        batch.drop_column("scopes")
    op.drop_index(op.f("ix_staff_sessions_expires_at"), table_name="staff_sessions")
    op.drop_index(op.f("ix_staff_sessions_account_id"), table_name="staff_sessions")
    op.drop_table("staff_sessions")
    op.drop_table("staff_account_locations")
    op.drop_table("staff_accounts")
    op.drop_table("ido_locations")

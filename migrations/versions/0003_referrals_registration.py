"""Warm referrals (with audit log and e-mail outbox) and the anonymous question registration.

Tables of referrals/models.py and registration/models.py. Constraint and index
names follow the naming convention of knowledge.models.Base. No foreign keys to the kb_*
tables: those are replaced as a whole when knowledge/data is loaded, and a referral keeps
the organisation's id and name as they were when it was made.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PERSONAL = ("person_name", "person_phone", "person_email", "preferred_contact_time")


def upgrade() -> None:
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("themes", sa.String(length=500), nullable=False),
        sa.Column("theme_labels", sa.String(length=1000), nullable=False),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("already_tried", sa.Text(), nullable=True),
        sa.Column("documents", sa.Text(), nullable=True),
        sa.Column("organisation_id", sa.String(length=100), nullable=True),
        sa.Column("organisation_name", sa.String(length=300), nullable=False),
        sa.Column("service_id", sa.String(length=100), nullable=True),
        sa.Column("service_name", sa.String(length=300), nullable=True),
        sa.Column("partner_kind", sa.String(length=32), nullable=True),
        sa.Column("contact_type", sa.String(length=16), nullable=True),
        sa.Column("contact_value", sa.String(length=500), nullable=True),
        sa.Column("contact_label", sa.String(length=300), nullable=True),
        sa.Column("partner_email", sa.String(length=254), nullable=True),
        sa.Column("warm_referral_possible", sa.Boolean(), nullable=False),
        sa.Column("ido_location_id", sa.String(length=100), nullable=True),
        sa.Column("ido_location_name", sa.String(length=300), nullable=True),
        sa.Column("staff_member", sa.String(length=200), nullable=True),
        sa.Column("person_name", sa.String(length=200), nullable=True),
        sa.Column("person_phone", sa.String(length=32), nullable=True),
        sa.Column("person_email", sa.String(length=254), nullable=True),
        sa.Column("preferred_contact_time", sa.String(length=200), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("consent_text", sa.Text(), nullable=True),
        sa.Column("consent_given", sa.Boolean(), nullable=True),
        sa.Column("consent_at", sa.DateTime(), nullable=True),
        sa.Column("handed_over_at", sa.DateTime(), nullable=True),
        sa.Column("personal_data_erased_at", sa.DateTime(), nullable=True),
        sa.Column("erased_because", sa.String(length=32), nullable=True),
        sa.CheckConstraint(
            "(" + " AND ".join(f"{c} IS NULL" for c in PERSONAL)
            + ") OR COALESCE(consent_given, false) = true",
            name=op.f("ck_referrals_personal_data_needs_consent")),
        sa.CheckConstraint("status IN ('nieuw', 'in_behandeling', 'doorverwezen', 'afgerond', "
                           "'geannuleerd')", name=op.f("ck_referrals_status_known")),
        sa.CheckConstraint("channel IN ('staff', 'web_chat', 'telegram')",
                           name=op.f("ck_referrals_channel_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    op.create_index(op.f("ix_referrals_status"), "referrals", ["status"])
    op.create_index(op.f("ix_referrals_closed_at"), "referrals", ["closed_at"])
    op.create_index(op.f("ix_referrals_organisation_id"), "referrals", ["organisation_id"])

    op.create_table(
        "referral_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"], ondelete="CASCADE",
                                name=op.f("fk_referral_events_referral_id_referrals")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_events")),
    )
    op.create_index(op.f("ix_referral_events_referral_id"), "referral_events", ["referral_id"])

    op.create_table(
        "handover_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=True),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')",
                           name=op.f("ck_handover_messages_state_known")),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"], ondelete="CASCADE",
                                name=op.f("fk_handover_messages_referral_id_referrals")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_messages")),
        sa.UniqueConstraint("message_id", name=op.f("uq_handover_messages_message_id")),
    )
    op.create_index(op.f("ix_handover_messages_referral_id"), "handover_messages",
                    ["referral_id"])
    op.create_index(op.f("ix_handover_messages_state"), "handover_messages", ["state"])

    op.create_table(
        "question_registrations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("ido_location_id", sa.String(length=100), nullable=True),
        sa.Column("theme", sa.String(length=64), nullable=True),
        sa.Column("organisation_id", sa.String(length=100), nullable=True),
        sa.Column("organisation_name", sa.String(length=300), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("partner_kind", sa.String(length=32), nullable=True),
        sa.Column("duration", sa.String(length=8), nullable=True),
        sa.CheckConstraint("channel IN ('staff', 'web_chat', 'telegram')",
                           name=op.f("ck_question_registrations_channel_known")),
        sa.CheckConstraint("outcome IN ('information', 'course', 'referral', 'crisis', "
                           "'out_of_scope', 'unresolved')",
                           name=op.f("ck_question_registrations_outcome_known")),
        sa.CheckConstraint("duration IS NULL OR duration IN ('0-5', '5-15', '15-30', '30-60', "
                           "'60+')", name=op.f("ck_question_registrations_duration_bucket")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_registrations")),
    )
    op.create_index(op.f("ix_question_registrations_day"), "question_registrations", ["day"])
    op.create_index(op.f("ix_question_registrations_month"), "question_registrations", ["month"])


def downgrade() -> None:
    op.drop_table("question_registrations")
    op.drop_table("handover_messages")
    op.drop_table("referral_events")
    op.drop_table("referrals")

"""SQLAlchemy tables of the directory of help, shaped after Open Referral HSDS 3.0.

HSDS tables: organization, service, location, service_at_location, phone/contact,
schedule, service_area, language, required_document, taxonomy_term and attribute.
Here they are `kb_*` tables with Dutch-practice additions: the kind of help, warm
referral, the gemeente (CBS code) and, on every row, `source_url`, `verified_on`,
`verified` and `origin` (file:line in knowledge/data). Rows are replaced as a whole by
knowledge.load.sync_database(); the YAML files are the source of truth.

The tables are declared on the project's one metadata (`database.Base`).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Text, UniqueConstraint

from database import Base


class _Provenance:
    source_url: str = Column(String(500), nullable=False)
    verified_on = Column(Date, nullable=True)
    verified: bool = Column(Boolean, nullable=False, default=False)
    note = Column(Text, nullable=True)
    origin: str = Column(String(300), nullable=False, default="")


class ThemeGroupRow(Base):
    __tablename__ = "kb_theme_group"
    id: str = Column(String(64), primary_key=True)
    label: str = Column(String(200), nullable=False)
    position: int = Column(Integer, nullable=False)


class ThemeRow(Base):
    """A taxonomy term; its id is also the Rasa intent name."""

    __tablename__ = "kb_theme"
    id: str = Column(String(64), primary_key=True)
    group_id: str = Column(String(64), ForeignKey("kb_theme_group.id"), nullable=False)
    label: str = Column(String(200), nullable=False)
    about: str = Column(Text, nullable=False)
    own_provider_organisation = Column(String(200))
    own_provider_service = Column(String(200))
    own_provider_kind = Column(String(32))
    own_provider_why = Column(Text)
    local_desk_organisation = Column(String(200))
    local_desk_service = Column(String(200))
    local_desk_kind = Column(String(32))
    local_desk_why = Column(Text)
    own_provider_key = Column(String(64))
    local_desk_key = Column(String(64))
    # the order of competent help, ids separated by spaces (see knowledge.records.Theme)
    service_order = Column(Text)
    # a life event's checklist: JSON [[help, what, when], ...] (when may be absent or null)
    checklist = Column(Text)
    position: int = Column(Integer, nullable=False)


class GemeenteRow(_Provenance, Base):
    __tablename__ = "kb_gemeente"
    code: str = Column(String(6), primary_key=True)  # CBS code, e.g. GM0363
    name: str = Column(String(200), nullable=False, unique=True)
    slug: str = Column(String(100), nullable=False, unique=True)
    example: bool = Column(Boolean, nullable=False, default=False)


class OrganisationRow(_Provenance, Base):
    __tablename__ = "kb_organisation"
    id: str = Column(String(100), primary_key=True)
    name: str = Column(String(300), nullable=False)
    kind: str = Column(String(32), nullable=False)
    aliases: str = Column(Text, nullable=False, default="")  # one per line
    main_theme = Column(String(64), ForeignKey("kb_theme.id"), nullable=True)
    description = Column(Text)
    gemeente_code = Column(String(6), ForeignKey("kb_gemeente.code"), nullable=True)
    key = Column(String(64))
    file: str = Column(String(300), nullable=False)
    position: int = Column(Integer, nullable=False)


class LocationRow(_Provenance, Base):
    __tablename__ = "kb_location"
    id: str = Column(String(100), primary_key=True)
    organisation_id: str = Column(
        String(100), ForeignKey("kb_organisation.id"), nullable=False, index=True
    )
    name: str = Column(String(300), nullable=False)
    location_type: str = Column(String(16), nullable=False, default="physical")
    address = Column(String(300))
    postcode = Column(String(10))
    city = Column(String(200))
    gemeente_code = Column(String(6), ForeignKey("kb_gemeente.code"), nullable=True)
    description = Column(Text)
    position: int = Column(Integer, nullable=False)


class ServiceRow(_Provenance, Base):
    __tablename__ = "kb_service"
    id: str = Column(String(100), primary_key=True)
    organisation_id: str = Column(
        String(100), ForeignKey("kb_organisation.id"), nullable=False, index=True
    )
    name: str = Column(String(300), nullable=False)
    kind: str = Column(String(32), nullable=False)
    description = Column(Text)
    cost = Column(String(300))
    national: bool = Column(Boolean, nullable=False)
    always_open: bool = Column(Boolean, nullable=False, default=False)
    has_schedule: bool = Column(Boolean, nullable=False, default=False)
    warm_referral_channels = Column(String(100))  # comma separated; NULL = no warm referral
    warm_referral_consent_required = Column(Boolean)
    warm_referral_note = Column(Text)
    position: int = Column(Integer, nullable=False)


class ServiceAttributeRow(Base):
    """HSDS attribute: links a service to a taxonomy term or a situation.

    role: 'theme' (competent for), 'supports' (helps along), 'situation'.
    """

    __tablename__ = "kb_service_attribute"
    id: int = Column(Integer, primary_key=True)
    service_id: str = Column(String(100), ForeignKey("kb_service.id"), nullable=False, index=True)
    role: str = Column(String(16), nullable=False)
    value: str = Column(String(64), nullable=False)
    position: int = Column(Integer, nullable=False)
    __table_args__ = (UniqueConstraint("service_id", "role", "value"),)


class ServiceAreaRow(Base):
    __tablename__ = "kb_service_area"
    id: int = Column(Integer, primary_key=True)
    service_id: str = Column(String(100), ForeignKey("kb_service.id"), nullable=False, index=True)
    gemeente_code: str = Column(String(6), ForeignKey("kb_gemeente.code"), nullable=False)
    position: int = Column(Integer, nullable=False)


class ServiceAtLocationRow(Base):
    __tablename__ = "kb_service_at_location"
    id: int = Column(Integer, primary_key=True)
    service_id: str = Column(String(100), ForeignKey("kb_service.id"), nullable=False, index=True)
    location_id: str = Column(String(100), ForeignKey("kb_location.id"), nullable=False)
    note = Column(Text)
    always_open: bool = Column(Boolean, nullable=False, default=False)
    has_schedule: bool = Column(Boolean, nullable=False, default=False)
    origin: str = Column(String(300), nullable=False, default="")
    position: int = Column(Integer, nullable=False)


class ContactChannelRow(_Provenance, Base):
    """HSDS phone and contact in one table: phone, website, email, chat, form, visit."""

    __tablename__ = "kb_contact_channel"
    id: int = Column(Integer, primary_key=True)
    service_id: str = Column(String(100), ForeignKey("kb_service.id"), nullable=False, index=True)
    type: str = Column(String(16), nullable=False)
    value: str = Column(String(500), nullable=False)
    label = Column(String(300))
    position: int = Column(Integer, nullable=False)


class ScheduleRow(_Provenance, Base):
    """One opening rule (RFC 5545-like, weekly): byday, opens_at, closes_at."""

    __tablename__ = "kb_schedule"
    id: int = Column(Integer, primary_key=True)
    service_id = Column(String(100), ForeignKey("kb_service.id"), nullable=True, index=True)
    service_at_location_id = Column(
        Integer, ForeignKey("kb_service_at_location.id"), nullable=True, index=True
    )
    freq: str = Column(String(8), nullable=False, default="WEEKLY")
    byday: str = Column(String(40), nullable=False)  # e.g. MO-FR or MO,WE
    opens_at: str = Column(String(5), nullable=False)  # HH:MM, Europe/Amsterdam
    closes_at: str = Column(String(5), nullable=False)
    position: int = Column(Integer, nullable=False)


class RequiredDocumentRow(Base):
    __tablename__ = "kb_required_document"
    id: int = Column(Integer, primary_key=True)
    service_id: str = Column(String(100), ForeignKey("kb_service.id"), nullable=False, index=True)
    document: str = Column(Text, nullable=False)
    position: int = Column(Integer, nullable=False)


class LanguageRow(Base):
    __tablename__ = "kb_language"
    id: int = Column(Integer, primary_key=True)
    service_id: str = Column(String(100), ForeignKey("kb_service.id"), nullable=False, index=True)
    language: str = Column(String(16), nullable=False)
    position: int = Column(Integer, nullable=False)


# Deleting in this order (and inserting in the reverse) respects the foreign keys.
DIRECTORY_TABLES = (
    ScheduleRow,
    ContactChannelRow,
    RequiredDocumentRow,
    LanguageRow,
    ServiceAttributeRow,
    ServiceAreaRow,
    ServiceAtLocationRow,
    ServiceRow,
    LocationRow,
    OrganisationRow,
    GemeenteRow,
    ThemeRow,
    ThemeGroupRow,
)

"""All models, importable from one place (and registered on ``Base.metadata`` for Alembic)."""

from matchmaker.db.base import Base
from matchmaker.db.models.access import KioskToken, LoginAttempt
from matchmaker.db.models.api_key import ApiKey
from matchmaker.db.models.attendee import Attendee, Exclusion, Unavailability
from matchmaker.db.models.data_job import DataJob, DataJobKind, DataJobStatus
from matchmaker.db.models.day import FreedSeat, OfferStatus, RefillOffer, SeatState, SentReminder
from matchmaker.db.models.event import Event, Slot, VenueTable
from matchmaker.db.models.leases import JobLease, ScheduleRunLease
from matchmaker.db.models.matching import EmbeddingCache, Recommendation, RecommendationDismissal
from matchmaker.db.models.meeting import (
    Meeting,
    MeetingFeedback,
    MeetingParticipant,
    MeetingRequest,
    MeetingSource,
    MeetingStatus,
    RequestStatus,
    RetainedFeedback,
)
from matchmaker.db.models.organiser import Organiser, event_organisers
from matchmaker.db.models.outbox import MailStatus, OutboxMail
from matchmaker.db.models.schedule import RunStatus, ScheduleRun

__all__ = [
    "ApiKey",
    "Attendee",
    "Base",
    "DataJob",
    "DataJobKind",
    "DataJobStatus",
    "EmbeddingCache",
    "Event",
    "Exclusion",
    "FreedSeat",
    "JobLease",
    "KioskToken",
    "LoginAttempt",
    "MailStatus",
    "Meeting",
    "MeetingFeedback",
    "MeetingParticipant",
    "MeetingRequest",
    "MeetingSource",
    "MeetingStatus",
    "OfferStatus",
    "Organiser",
    "OutboxMail",
    "Recommendation",
    "RecommendationDismissal",
    "RefillOffer",
    "RequestStatus",
    "RetainedFeedback",
    "RunStatus",
    "ScheduleRun",
    "ScheduleRunLease",
    "SeatState",
    "SentReminder",
    "Slot",
    "Unavailability",
    "VenueTable",
    "event_organisers",
]

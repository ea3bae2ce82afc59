"""All models, importable from one place (and registered on ``Base.metadata`` for Alembic)."""

from matchmaker.db.base import Base
from matchmaker.db.models.attendee import Attendee, Exclusion, Unavailability
from matchmaker.db.models.event import Event, Slot, VenueTable
from matchmaker.db.models.matching import EmbeddingCache, Recommendation, RecommendationDismissal
from matchmaker.db.models.meeting import (
    Meeting,
    MeetingFeedback,
    MeetingParticipant,
    MeetingRequest,
    MeetingSource,
    MeetingStatus,
    RequestStatus,
)
from matchmaker.db.models.organiser import Organiser, event_organisers
from matchmaker.db.models.schedule import RunStatus, ScheduleRun

__all__ = [
    "Attendee",
    "Base",
    "EmbeddingCache",
    "Event",
    "Exclusion",
    "Meeting",
    "MeetingFeedback",
    "MeetingParticipant",
    "MeetingRequest",
    "MeetingSource",
    "MeetingStatus",
    "Organiser",
    "Recommendation",
    "RecommendationDismissal",
    "RequestStatus",
    "RunStatus",
    "ScheduleRun",
    "Slot",
    "Unavailability",
    "VenueTable",
    "event_organisers",
]

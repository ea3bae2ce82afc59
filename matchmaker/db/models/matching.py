"""What matching stores: cached embeddings and each attendee's ranked recommendations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.db.base import Base
from matchmaker.db.types import utcnow


class EmbeddingCache(Base):
    """model id + SHA-256 of the text -> vector (float32 bytes): unchanged profiles are never re-embedded."""

    __tablename__ = "embedding_cache"
    __table_args__ = (CheckConstraint("dim > 0", name="dim_positive"),)

    model_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    dim: Mapped[int]
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Recommendation(Base):
    """One entry of an attendee's ranked list of people worth meeting."""

    __tablename__ = "recommendations"
    __table_args__ = (
        CheckConstraint("attendee_id <> candidate_id", name="not_self"),
        CheckConstraint("score >= 0 AND score <= 1", name="score_in_range"),
        CheckConstraint("rank >= 1", name="rank_positive"),
        UniqueConstraint("attendee_id", "rank", name="uq_recommendations_attendee_rank"),
    )

    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    rank: Mapped[int]
    score: Mapped[float]
    # Structured reasons (matchmaker.core.matching.Reason.to_json): words are made where they are shown.
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    model_id: Mapped[str] = mapped_column(String(200), default="")
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecommendationDismissal(Base):
    """ "Not interested": the candidate is never recommended to this attendee again."""

    __tablename__ = "recommendation_dismissals"

    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

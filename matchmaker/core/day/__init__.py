"""The day itself, as pure rules: who is a no-show, and whom to offer a freed slot."""

from matchmaker.core.day.no_show import NoShowVerdict, no_show_verdict
from matchmaker.core.day.refill import (
    ASKS_PER_PARTNER,
    AskedBefore,
    PastOffer,
    RefillChoice,
    RefillPerson,
    asked_before,
    rank_refill_partners,
)

__all__ = [
    "ASKS_PER_PARTNER",
    "AskedBefore",
    "NoShowVerdict",
    "PastOffer",
    "RefillChoice",
    "RefillPerson",
    "asked_before",
    "no_show_verdict",
    "rank_refill_partners",
]

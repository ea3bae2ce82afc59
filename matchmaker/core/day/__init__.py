"""The day itself, as pure rules: who is a no-show, and whom to offer a freed slot."""

from matchmaker.core.day.no_show import NoShowVerdict, no_show_verdict
from matchmaker.core.day.refill import RefillChoice, RefillPerson, rank_refill_partners

__all__ = ["NoShowVerdict", "RefillChoice", "RefillPerson", "no_show_verdict", "rank_refill_partners"]

"""The networking goals an attendee can declare, as stable codes.

Codes are stored in the database, written in CSV files and sent by the API, so they never change;
labels are for people and are translated by the web layer.
"""

from __future__ import annotations

from typing import Final

FIND_CLIENTS: Final = "find_clients"
FIND_SUPPLIERS: Final = "find_suppliers"
FIND_PARTNERS: Final = "find_partners"
FIND_INVESTORS: Final = "find_investors"
FIND_STARTUPS: Final = "find_startups"
FIND_TALENT: Final = "find_talent"
FIND_JOB: Final = "find_job"
FIND_MENTOR: Final = "find_mentor"
FIND_MENTEES: Final = "find_mentees"
KNOWLEDGE_EXCHANGE: Final = "knowledge_exchange"

INTENTS: Final[tuple[str, ...]] = (
    FIND_CLIENTS,
    FIND_SUPPLIERS,
    FIND_PARTNERS,
    FIND_INVESTORS,
    FIND_STARTUPS,
    FIND_TALENT,
    FIND_JOB,
    FIND_MENTOR,
    FIND_MENTEES,
    KNOWLEDGE_EXCHANGE,
)

# Goals that one side's goal answers on the other side: a client-seeker meets a supplier-seeker.
COMPLEMENTARY_INTENTS: Final[dict[str, str]] = {
    FIND_CLIENTS: FIND_SUPPLIERS,
    FIND_SUPPLIERS: FIND_CLIENTS,
    FIND_INVESTORS: FIND_STARTUPS,
    FIND_STARTUPS: FIND_INVESTORS,
    FIND_TALENT: FIND_JOB,
    FIND_JOB: FIND_TALENT,
    FIND_MENTOR: FIND_MENTEES,
    FIND_MENTEES: FIND_MENTOR,
    FIND_PARTNERS: FIND_PARTNERS,
    KNOWLEDGE_EXCHANGE: KNOWLEDGE_EXCHANGE,
}

"""Complementary matching: who should meet whom, how strongly, and why. Pure Python and numpy."""

from matchmaker.core.matching.blocking import Blocklist, build_blocklist, company_key
from matchmaker.core.matching.calibration import Calibration, ChannelCalibration
from matchmaker.core.matching.candidates import MatchingConfig, RankedCandidates, rank_candidates
from matchmaker.core.matching.engine import Match, match_profiles
from matchmaker.core.matching.fitting import fit_calibration
from matchmaker.core.matching.profile import ItemVectors, Profile, ProfileVectors
from matchmaker.core.matching.reasons import Reason
from matchmaker.core.matching.scoring import DEFAULT_MATCH_FLOOR, ScoreWeights, match_floor

__all__ = [
    "DEFAULT_MATCH_FLOOR",
    "Blocklist",
    "Calibration",
    "ChannelCalibration",
    "ItemVectors",
    "Match",
    "MatchingConfig",
    "Profile",
    "ProfileVectors",
    "RankedCandidates",
    "Reason",
    "ScoreWeights",
    "build_blocklist",
    "company_key",
    "fit_calibration",
    "match_floor",
    "match_profiles",
    "rank_candidates",
]

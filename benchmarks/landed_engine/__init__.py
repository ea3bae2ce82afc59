"""The matching engine as landed before issue 12 (commit f1c1f10), frozen for the benchmark."""

from benchmarks.landed_engine.blocking import Blocklist, build_blocklist, company_key
from benchmarks.landed_engine.calibration import Calibration, ChannelCalibration, fit_calibration
from benchmarks.landed_engine.candidates import MatchingConfig, RankedCandidates, rank_candidates
from benchmarks.landed_engine.engine import Match, match_profiles
from benchmarks.landed_engine.profile import Profile, ProfileVectors
from benchmarks.landed_engine.scoring import DEFAULT_MATCH_FLOOR, ScoreWeights

__all__ = [
    "DEFAULT_MATCH_FLOOR",
    "Blocklist",
    "Calibration",
    "ChannelCalibration",
    "Match",
    "MatchingConfig",
    "Profile",
    "ProfileVectors",
    "RankedCandidates",
    "ScoreWeights",
    "build_blocklist",
    "company_key",
    "fit_calibration",
    "match_profiles",
    "rank_candidates",
]

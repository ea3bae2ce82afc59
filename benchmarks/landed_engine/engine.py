"""The matching use case in pure form: profiles and their vectors in, ranked explained matches out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from benchmarks.landed_engine.blocking import Blocklist
from benchmarks.landed_engine.calibration import Calibration, fit_calibration
from benchmarks.landed_engine.candidates import MatchingConfig, RankedCandidates, rank_candidates
from benchmarks.landed_engine.features import categorical_features
from benchmarks.landed_engine.profile import Profile, ProfileVectors
from benchmarks.landed_engine.reasons import ProfileWording, reasons_for


class Match(NamedTuple):
    """One recommended person for a viewer: their key, a score in [0, 1] and readable reasons.

    A named tuple rather than a dataclass: a large fair creates 600,000 of them in one run.
    """

    key: str
    score: float
    reasons: tuple[str, ...]


def explained_matches(profiles: Sequence[Profile], ranked: RankedCandidates) -> list[list[Match]]:
    """Turn ranked candidate indices into :class:`Match` lists with reasons, one list per profile."""
    wording = [ProfileWording.of(profile) for profile in profiles]
    keys = [profile.key for profile in profiles]
    p = ranked.parts
    result: list[list[Match]] = []
    for row in range(len(profiles)):
        mine = wording[row]
        # One pass over the row's parallel arrays, as Python floats (cheaper than numpy scalars).
        columns = zip(
            ranked.indices[row].tolist(),
            ranked.scores[row].tolist(),
            p.a_gets[row].tolist(),
            p.b_gets[row].tolist(),
            p.interests[row].tolist(),
            p.intents[row].tolist(),
            p.cross_sector[row].tolist(),
            strict=True,
        )
        result.append(
            [
                Match(keys[j], round(score, 4), reasons_for(mine, wording[j], a, b, common, goals, cross))
                for j, score, a, b, common, goals, cross in columns
                if j >= 0
            ]
        )
    return result


def match_profiles(
    profiles: Sequence[Profile],
    vectors: ProfileVectors,
    *,
    config: MatchingConfig | None = None,
    blocklist: Blocklist | None = None,
    calibration: Calibration | None = None,
) -> list[list[Match]]:
    """Each profile's best matches, best first, in the order of ``profiles``.

    Without a ``calibration`` one is fitted on these profiles' own vectors (falling back to a generic
    one for very small groups). Raises ValueError if keys repeat or vectors do not fit the profiles.
    """
    if len({p.key for p in profiles}) != len(profiles):
        raise ValueError("profile keys must be unique")
    if vectors.count != len(profiles):
        raise ValueError(f"{vectors.count} vector rows for {len(profiles)} profiles")
    config = config or MatchingConfig()
    calibration = calibration or fit_calibration(vectors.offers, vectors.seeks, vectors.interests)
    ranked = rank_candidates(vectors, categorical_features(profiles), calibration, config, blocklist)
    return explained_matches(profiles, ranked)

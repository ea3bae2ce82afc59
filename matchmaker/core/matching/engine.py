"""The matching use case in pure form: profiles and their vectors in, ranked explained matches out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from matchmaker.core.matching.blocking import Blocklist
from matchmaker.core.matching.calibration import Calibration
from matchmaker.core.matching.candidates import MatchingConfig, RankedCandidates, rank_candidates
from matchmaker.core.matching.features import categorical_features
from matchmaker.core.matching.fitting import fit_calibration
from matchmaker.core.matching.item_space import ItemSpace
from matchmaker.core.matching.profile import Profile, ProfileVectors
from matchmaker.core.matching.reasons import ProfileFacts, Reason, reasons_for


class Match(NamedTuple):
    """One recommended person for a viewer: their key, a score in [0, 1] and reasons (as data).

    A named tuple rather than a dataclass: a large fair creates 600,000 of them in one run.
    """

    key: str
    score: float
    reasons: tuple[Reason, ...]


def explained_matches(profiles: Sequence[Profile], ranked: RankedCandidates) -> list[list[Match]]:
    """Turn ranked candidate indices into :class:`Match` lists with reasons, one list per profile."""
    facts = [ProfileFacts.of(profile) for profile in profiles]
    keys = [profile.key for profile in profiles]
    p = ranked.parts
    result: list[list[Match]] = []
    for row in range(len(profiles)):
        mine = facts[row]
        # One pass over the row's parallel arrays, as Python numbers (cheaper than numpy scalars).
        columns = zip(
            ranked.indices[row].tolist(),
            ranked.scores[row].tolist(),
            p.a_gets[row].tolist(),
            p.b_gets[row].tolist(),
            p.interests[row].tolist(),
            p.intents[row].tolist(),
            p.a_seek[row].tolist(),
            p.a_offer[row].tolist(),
            p.b_seek[row].tolist(),
            p.b_offer[row].tolist(),
            strict=True,
        )
        result.append(
            [
                Match(keys[j], round(score, 4), reasons_for(mine, facts[j], *parts))
                for j, score, *parts in columns
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
    """Each profile's best matches, best first, in the order of ``profiles``; none below the floor.

    Without a ``calibration`` one is fitted on these profiles' own vectors (falling back to a generic
    one for very small groups). Raises ValueError if keys repeat or vectors do not fit the profiles.
    """
    if len({p.key for p in profiles}) != len(profiles):
        raise ValueError("profile keys must be unique")
    if vectors.count != len(profiles):
        raise ValueError(f"{vectors.count} vector rows for {len(profiles)} profiles")
    config = config or MatchingConfig()
    items = ItemSpace(vectors, config.blend)
    calibration = calibration or fit_calibration(vectors, items, blend=config.blend)
    ranked = rank_candidates(vectors, categorical_features(profiles), calibration, config, blocklist, items)
    return explained_matches(profiles, ranked)

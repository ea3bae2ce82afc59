from __future__ import annotations

import numpy as np

from matchmaker.core.matching import Profile, build_blocklist, company_key
from matchmaker.core.matching.calibration import DEFAULT_CHANNEL, ChannelCalibration, fit_channel


def test_calibration_maps_background_low_and_strong_match_high() -> None:
    channel = ChannelCalibration.from_background(mean=0.1, std=0.1)

    low, middle, high = channel.apply(np.array([0.1, 0.35, 0.6], dtype=np.float32))

    assert low < 0.05 and 0.45 < middle < 0.55 and high > 0.95


def test_calibration_is_monotonic() -> None:
    cosines = np.linspace(-1, 1, 201, dtype=np.float32)

    strengths = DEFAULT_CHANNEL.apply(cosines.copy())

    assert np.all(np.diff(strengths) >= 0) and strengths.min() >= 0 and strengths.max() <= 1


def test_fit_channel_tiny_population_falls_back_to_default() -> None:
    vectors = np.eye(3, 8, dtype=np.float32)

    assert fit_channel(vectors, vectors) == DEFAULT_CHANNEL


def test_fit_channel_centres_on_population_background() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(300, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    channel = fit_channel(vectors, vectors)

    # Random 64-d unit vectors: background cosine ~0 with spread ~1/8, midpoint 2.5 spreads above.
    assert 0.25 < channel.midpoint < 0.40


def test_company_key_ignores_case_punctuation_and_legal_form() -> None:
    assert company_key("ACME Sp. z o.o.") == company_key("acme") == "acme"
    assert company_key("ООО Ромашка") == company_key("Ромашка")
    assert company_key("") == ""


def test_blocklist_blocks_both_directions_and_ignores_unknown_keys() -> None:
    profiles = [Profile("a", company="A"), Profile("b", company="Beta GmbH"), Profile("c", company="beta")]

    blocklist = build_blocklist(profiles, excluded_people={"a": ["zz"]}, excluded_companies={"a": ["BETA"]})

    assert blocklist.is_blocked(0, 1) and blocklist.is_blocked(2, 0)
    assert not blocklist.is_blocked(1, 2)

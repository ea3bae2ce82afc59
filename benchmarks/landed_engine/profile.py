"""What the matcher knows about one attendee, and the vectors that stand for their texts."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Profile:
    """One attendee as the matcher sees them. ``key`` is unique within one matching run."""

    key: str
    offers: str = ""
    seeks: str = ""
    # What the attendee does not want to be offered or asked for.
    avoids: str = ""
    name: str = ""
    company: str = ""
    sector: str = ""
    interests: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @property
    def interests_text(self) -> str:
        """The interests as one text to embed (empty when there are none)."""
        return "; ".join(tag for tag in self.interests if tag.strip())


@dataclass(frozen=True, eq=False)
class ProfileVectors:
    """Unit vectors for each profile's texts, one row per profile, in the order of the profiles.

    A row of zeros means the profile has no such text; the matcher treats it as "no signal".
    """

    offers: FloatMatrix
    seeks: FloatMatrix
    interests: FloatMatrix
    model_id: str = "unknown"
    _present: dict[str, npt.NDArray[np.bool_]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        shapes = {self.offers.shape, self.seeks.shape, self.interests.shape}
        if len(shapes) != 1 or self.offers.ndim != 2:
            raise ValueError(f"offers, seeks and interests must be (n, dim) matrices of one shape: {shapes}")

    @property
    def count(self) -> int:
        return int(self.offers.shape[0])

    @property
    def dimension(self) -> int:
        return int(self.offers.shape[1])

    def present(self, channel: str) -> npt.NDArray[np.bool_]:
        """Which rows of ``channel`` ("offers", "seeks", "interests") hold a text's vector."""
        if channel not in self._present:
            matrix: FloatMatrix = getattr(self, channel)
            self._present[channel] = np.einsum("ij,ij->i", matrix, matrix) > 1e-12
        return self._present[channel]

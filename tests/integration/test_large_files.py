"""Large attendee files run as jobs with progress: the organiser's upload starts a dry run, its report
names rows and columns, the confirmed import writes every row or none (also when it fails half-way),
and a large event's export is a job whose file downloads when done. (The size limits are lowered here
so that small files take the job's path.)"""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, DataJob, DataJobStatus, Event
from matchmaker.formats.attendee_csv import read_attendee_csv
from matchmaker.services import large_files
from matchmaker.services.large_files import check_file, import_file
from matchmaker.web.organiser import data_jobs
from tests.factories import make_attendee, make_event
from tests.integration.attendee_support import wait_for_jobs
from tests.integration.organiser_client import csrf_token, post_form, sign_in
from tests.organiser_data import make_organiser

HEADER = "id,name,email,company,offers,seeks,unavailable\n"


def _file(rows: int, *, bad: dict[int, str] | None = None) -> bytes:
    lines = [
        f"p{i},Person {i},p{i}@fair.test,,Cups,Coffee,{'d1-01' if i % 3 == 0 else ''}\n"
        for i in range(1, rows + 1)
    ]
    for number, line in (bad or {}).items():
        lines[number - 2] = line  # line 1 is the header
    return (HEADER + "".join(lines)).encode()


@pytest.fixture
def jobs_for_small_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_jobs, "INLINE_IMPORT_BYTES", 100)
    monkeypatch.setattr(data_jobs, "INLINE_EXPORT_ROWS", 0)
    monkeypatch.setattr(large_files, "BATCH", 7)


def _signed_in(client: FlaskClient, session: Session) -> Event:
    event = make_event(session)
    make_organiser(session, "org@example.test", event)
    session.commit()
    sign_in(client)
    return event


def _count(session: Session, event: Event) -> int:
    session.expire_all()
    return int(
        session.scalar(select(func.count()).select_from(Attendee).where(Attendee.event_id == event.id)) or 0
    )


def _upload(app: Flask, client: FlaskClient, event: Event, data: bytes) -> str:
    page = f"/organiser/events/{event.slug}/attendees/import"
    started = client.post(
        page,
        data={
            "csrf_token": csrf_token(client, page),
            "action": "check",
            "file": (io.BytesIO(data), "people.csv"),
        },
    )
    assert started.status_code == 302, started.get_data(as_text=True)
    wait_for_jobs(app)
    return started.headers["Location"]


@pytest.mark.usefixtures("jobs_for_small_files")
def test_a_large_upload_is_checked_by_a_job_then_imported_on_confirmation(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in(client, db_session)

    job_page = _upload(app, client, event, _file(30))

    report = client.get(job_page).get_data(as_text=True)
    assert "30 attendees ready to import" in report
    assert _count(db_session, event) == 0
    status = client.get(f"{job_page}/status").get_json()
    assert (status["status"], status["progress"]) == ("succeeded", 1.0)
    confirmed = post_form(client, job_page, f"{job_page}/import", {})
    wait_for_jobs(app)

    assert confirmed.status_code == 302
    assert "30 attendees imported" in client.get(job_page).get_data(as_text=True)
    assert _count(db_session, event) == 30
    [job] = db_session.scalars(select(DataJob)).all()
    assert job.payload is None  # the upload is not kept once imported
    unavailable = db_session.scalars(select(Attendee).where(Attendee.external_id == "p3")).one()
    assert [slot.code for slot in unavailable.unavailable_slots] == ["d1-01"]


@pytest.mark.usefixtures("jobs_for_small_files")
def test_a_large_upload_with_problems_names_row_and_column_and_imports_nothing(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in(client, db_session)
    data = _file(
        30,
        bad={
            17: "p16,,p16@fair.test,,Cups,Coffee,\n",
            25: "p24,Eve,p24@fair.test,,Tea,,d9-99\n",
            26: "p25,Max,p2@fair.test,,Tea,,\n",
        },
    )

    job_page = _upload(app, client, event, data)

    page = client.get(job_page).get_data(as_text=True)
    rows = re.findall(r'<tr class="problem"><td>(\d+)</td><td>([a-z_]*)</td>', page)
    assert ("17", "name") in rows
    assert ("25", "unavailable") in rows
    assert ("26", "email") in rows  # already used on line 3
    assert "nothing was imported" in page
    assert post_form(client, job_page, f"{job_page}/import", {}).status_code == 409
    assert _count(db_session, event) == 0


@pytest.mark.usefixtures("jobs_for_small_files")
def test_an_import_failing_half_way_leaves_nothing_written(
    app: Flask, client: FlaskClient, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = _signed_in(client, db_session)
    job_page = _upload(app, client, event, _file(30))
    real_insert, calls = large_files._insert, []

    def failing_insert(*args: object) -> int:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return real_insert(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(large_files, "_insert", failing_insert)

    post_form(client, job_page, f"{job_page}/import", {})
    wait_for_jobs(app)

    assert len(calls) == 3  # two batches were written before the failure
    assert _count(db_session, event) == 0
    db_session.expire_all()
    [job] = db_session.scalars(select(DataJob)).all()
    assert job.status == DataJobStatus.FAILED
    assert "nothing was written" in (job.error or "")


@pytest.mark.usefixtures("jobs_for_small_files")
def test_an_address_registered_between_check_and_import_stops_the_whole_import(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in(client, db_session)
    job_page = _upload(app, client, event, _file(30))
    make_attendee(db_session, event, email="p12@fair.test")
    db_session.commit()

    post_form(client, job_page, f"{job_page}/import", {})
    wait_for_jobs(app)

    assert _count(db_session, event) == 1
    page = client.get(job_page).get_data(as_text=True)
    assert re.search(r'<tr class="problem"><td>13</td><td>email</td>', page)


@pytest.mark.usefixtures("jobs_for_small_files")
def test_a_large_event_exports_through_a_job(app: Flask, client: FlaskClient, db_session: Session) -> None:
    event = _signed_in(client, db_session)
    for number in range(20):
        make_attendee(db_session, event, name=f"Person {number:02d}", external_id=f"x{number}")
    db_session.commit()

    listing = client.get(f"/organiser/events/{event.slug}/attendees").get_data(as_text=True)
    assert f'action="/organiser/events/{event.slug}/attendees/export"' in listing
    started = post_form(
        client,
        f"/organiser/events/{event.slug}/attendees",
        f"/organiser/events/{event.slug}/attendees/export",
        {},
    )
    wait_for_jobs(app)
    job_page = started.headers["Location"]
    assert "Download CSV" in client.get(job_page).get_data(as_text=True)
    download = client.get(f"{job_page}/download")

    assert download.headers["Content-Type"] == "text/csv; charset=utf-8"
    records = read_attendee_csv(io.StringIO(download.get_data(as_text=True))).records
    assert sorted(r.id for r in records) == sorted(f"x{n}" for n in range(20))


def test_another_organisers_job_is_not_found(app: Flask, client: FlaskClient, db_session: Session) -> None:
    mine = _signed_in(client, db_session)
    theirs = make_event(db_session)
    job = DataJob(event_id=theirs.id, kind="export", status="succeeded", payload=b"secret")
    db_session.add(job)
    db_session.commit()

    theirs_page = f"/organiser/events/{theirs.slug}/data-jobs/{job.id}"
    assert client.get(f"{theirs_page}/download").status_code in (403, 404)
    assert client.get(f"/organiser/events/{mine.slug}/data-jobs/{job.id}/download").status_code == 404


def test_the_streaming_check_and_import_agree_with_the_file(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(large_files, "BATCH", 5)
    event = make_event(db_session)
    shares: list[float] = []

    checked = check_file(db_session, event, _file(23))
    imported = import_file(db_session, event, _file(23), shares.append)

    assert (checked.rows, checked.ok, imported.rows) == (23, True, 23)
    assert _count(db_session, event) == 23
    assert shares == sorted(shares) and 0 < shares[-1] <= 1
    not_utf8 = check_file(db_session, event, HEADER.encode() + b"q1,Caf\xe9,,,Cups,Coffee,\n")
    assert [(p.line, p.code) for p in not_utf8.problems] == [(2, "not_utf8")]


@pytest.mark.usefixtures("jobs_for_small_files")
def test_a_file_over_the_apps_request_limit_still_uploads_for_import(
    app: Flask, client: FlaskClient, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The app refuses bodies over MAX_CONTENT_LENGTH (8 MiB; a 50,000-row file is ~24 MiB): lowered here
    # so that a small file stands for a large one.
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 500)
    event = _signed_in(client, db_session)
    data = _file(30)
    assert len(data) > 500

    job_page = _upload(app, client, event, data)

    assert "30 attendees ready to import" in client.get(job_page).get_data(as_text=True)
    monkeypatch.setattr(data_jobs, "MAX_IMPORT_BYTES", 500)
    page = f"/organiser/events/{event.slug}/attendees/import"
    too_big = client.post(
        page,
        data={
            "csrf_token": csrf_token(client, page),
            "action": "check",
            "file": (io.BytesIO(data), "people.csv"),
        },
    )
    assert too_big.status_code == 413
    page_text = too_big.get_data(as_text=True)  # the import page with the reason, not an error page
    assert "import them one after another" in page_text and 'name="file"' in page_text


def test_a_too_large_file_for_someone_elses_event_gets_the_plain_answer(
    app: Flask, client: FlaskClient, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = _signed_in(client, db_session)
    theirs = make_event(db_session, slug="not-mine")
    db_session.commit()
    monkeypatch.setattr(data_jobs, "MAX_IMPORT_BYTES", 500)
    page = f"/organiser/events/{mine.slug}/attendees/import"
    answer = client.post(
        f"/organiser/events/{theirs.slug}/attendees/import",
        data={"csrf_token": csrf_token(client, page), "file": (io.BytesIO(_file(30)), "p.csv")},
    )

    assert answer.status_code == 413
    assert theirs.name not in answer.get_data(as_text=True)
    assert "import them one after another" not in answer.get_data(as_text=True)

"""Staff pages print dates the way each language abbreviates them: "23 déc. 2026"."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from tessera.accounts.models import User
from tessera.processes.models import Process
from tessera.processes.services import process_dates_refresh
from tests.manage.conftest import client_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("fr", date(2026, 12, 23), "23 déc. 2026"),
        ("fr", date(2026, 3, 2), "2 mars 2026"),
        ("fr", date(2026, 7, 14), "14 juil. 2026"),
        ("en", date(2026, 12, 23), "Dec. 23, 2026"),
    ],
)
def test_the_short_date_is_abbreviated_as_the_language_does(
    language: str, day: date, expected: str
) -> None:
    with translation.override(language):
        assert date_format(day, "SHORT_DATE_FORMAT") == expected
        moment = datetime(day.year, day.month, day.day, 18, 30)
        assert date_format(moment, "SHORT_DATETIME_FORMAT").startswith(expected)


def test_the_process_list_and_the_timeline_print_lower_case_french_months(
    manager: User, process: Process
) -> None:
    vote = process.steps.get(kind="vote")
    vote.starts_at = timezone.make_aware(datetime(2031, 12, 1, 12))
    vote.ends_at = timezone.make_aware(datetime(2031, 12, 23, 12))
    vote.save()
    process_dates_refresh(process=process)
    client = client_of(manager)
    listing = client.get("/manage/processes/").content.decode()
    timeline = client.get(f"/manage/processes/{process.slug}/").content.decode()
    assert "23 déc. 2031" in listing
    assert "1 déc. 2031" in timeline
    for page in (listing, timeline):
        assert "Déc" not in page
    english = client.get("/manage/processes/", headers={"Accept-Language": "en"})
    assert "Dec. 23, 2031" in english.content.decode()

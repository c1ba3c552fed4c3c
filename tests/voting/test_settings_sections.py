"""The vote settings form in sections (a 6,500 px form on a phone before): every setting in
one section, labelled and explained, and a section with an error opens on it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.processes.models import Step
from tessera.voting.services.settings import AUDITED_FIELDS
from tessera.voting.settings_form import SECTIONS, VoteSettingsForm
from tests.voting.conftest import settings_of
from tests.voting.test_settings_freeze import form_data, manage_settings_url

pytestmark = pytest.mark.django_db


def test_every_setting_is_in_exactly_one_section_with_a_label_and_an_explanation(
    vote_step: Step, manager: User
) -> None:
    placed = [name for _key, _title, _help, names, _formsets in SECTIONS for name in names]
    assert sorted(placed) == sorted(AUDITED_FIELDS)
    form = VoteSettingsForm(step=vote_step, user=manager)
    for name in AUDITED_FIELDS:
        field = form.fields[name]
        assert field.label, name
        assert field.help_text or name == "tally_rule", name  # its choices explain each rule


def open_sections(html: str) -> list[str]:
    return re.findall(r'<details class="settings-section" id="settings-(\w+)" open>', html)


def test_saved_settings_show_the_first_section_open_and_the_others_closed(
    client: Client, manager: User, vote_step: Step
) -> None:
    client.force_login(manager)
    html = client.get(manage_settings_url(vote_step).removesuffix("settings/")).content.decode()
    assert open_sections(html) == ["ballot"]
    assert html.count('<details class="settings-section"') == len(SECTIONS)


def test_a_section_with_an_error_opens_and_says_so_and_keeps_what_was_typed(
    client: Client, manager: User, vote_step: Step
) -> None:
    client.force_login(manager)
    settings = settings_of(vote_step)
    data = form_data(settings, min_age="-3", tally_threshold="12")
    response = client.post(manage_settings_url(vote_step), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert open_sections(html) == ["ballot", "eligibility"]
    assert "(to correct)" in html or "(à corriger)" in html
    assert 'name="settings-tally_threshold" value="12"' in html

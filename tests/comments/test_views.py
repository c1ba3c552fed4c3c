"""The comment section of the proposal page and its forms, through HTTP (no JavaScript)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tessera.accounts.models import User
from tessera.comments.models import Comment
from tessera.comments.selectors import COMMENTS_PER_PAGE
from tessera.contributions.models import Contribution
from tessera.organizations.models import Organization
from tessera.proposals.models import Proposal
from tests.comments.conftest import comment_contribution, make_comment
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_resident_comments_and_finds_the_comment_on_the_page(
    client: Client, proposal: Proposal, resident: User
) -> None:
    client.force_login(resident)
    response = client.post(f"/comments/on/{proposal.contribution_id}/", {"body": "Oui, *vite* !"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert response["Location"] == f"{proposal.get_absolute_url()}?comments=1#comment-{comment.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Votre commentaire est publié." in page
    assert "<em>vite</em>" in page
    assert "Rémi Habitant" in page
    assert "1 commentaire" in page


def test_an_empty_comment_is_refused_with_a_french_message(
    client: Client, proposal: Proposal, resident: User
) -> None:
    client.force_login(resident)
    response = client.post(f"/comments/on/{proposal.contribution_id}/", {"body": "   "})
    assert response.status_code == 400
    assert "Écrivez votre commentaire avant de l’envoyer." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_too_long_comment_is_refused_and_its_text_kept(
    client: Client, proposal: Proposal, resident: User
) -> None:
    client.force_login(resident)
    text = "Trop long. " * 300
    response = client.post(f"/comments/on/{proposal.contribution_id}/", {"body": text})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Un commentaire compte au plus 3000 caractères (celui-ci en compte 3299)." in page
    assert text.strip() in page
    assert 'aria-invalid="true"' in page


def test_a_reply_appears_under_its_comment(
    client: Client, proposal: Proposal, comment: Comment, resident: User
) -> None:
    client.force_login(resident)
    response = client.post(f"/comments/{comment.pk}/reply/", {"body": "Et des fontaines."})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=comment)
    page = client.get(proposal.get_absolute_url()).content.decode()
    thread = page[page.index(f'id="comment-{comment.pk}"') :]
    assert thread.index("comment-replies") < thread.index(f'id="comment-{reply.pk}"')
    assert "Et des fontaines." in thread


def test_a_reply_to_a_reply_is_refused_with_the_text_kept(
    client: Client, proposal: Proposal, comment: Comment, resident: User
) -> None:
    reply = make_comment(proposal, resident, "Une réponse", parent=comment)
    client.force_login(resident)
    response = client.post(f"/comments/{reply.pk}/reply/", {"body": "Réponse imbriquée"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "On ne peut pas répondre à une réponse" in page
    assert "Réponse imbriquée" in page
    assert Comment.objects.count() == 2


def test_the_author_edits_within_15_minutes(
    client: Client, comment: Comment, comment_author: User
) -> None:
    client.force_login(comment_author)
    form = client.get(f"/comments/{comment.pk}/edit/")
    assert form.status_code == 200
    assert "Il faudrait aussi des arbres." in form.content.decode()
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Et des arbustes."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Et des arbustes."
    page = client.get(response["Location"]).content.decode()
    assert "modifié" in page


def test_editing_after_15_minutes_is_refused_with_a_clear_message_and_the_text_kept(
    client: Client, comment: Comment, comment_author: User
) -> None:
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    client.force_login(comment_author)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Ma correction tardive"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "ne peut être modifié que pendant les 15 minutes" in page
    assert "Ma correction tardive" in page
    comment.refresh_from_db()
    assert comment.body == "Il faudrait aussi des arbres."
    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 403


def test_nobody_else_edits_or_deletes_a_comment(
    client: Client, comment: Comment, resident: User, moderator: User
) -> None:
    for user in (resident, moderator):
        client.force_login(user)
        assert client.post(f"/comments/{comment.pk}/edit/", {"body": "x"}).status_code == 403
        assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    assert Comment.objects.filter(pk=comment.pk, body="Il faudrait aussi des arbres.").exists()


def test_the_author_deletes_after_confirming_and_a_placeholder_keeps_the_replies(
    client: Client, proposal: Proposal, comment: Comment, comment_author: User, resident: User
) -> None:
    Contribution.objects.filter(pk=proposal.contribution_id).update(comments_count=2)
    make_comment(proposal, resident, "Je réponds", parent=comment)
    client.force_login(comment_author)
    confirm = client.get(f"/comments/{comment.pk}/delete/")
    assert "Supprimer mon commentaire" in confirm.content.decode()
    response = client.post(f"/comments/{comment.pk}/delete/")
    assert response.status_code == 302
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Commentaire supprimé par son auteur." in page
    assert "Il faudrait aussi des arbres." not in page
    assert "Je réponds" in page


def test_anonymous_visitors_are_asked_to_log_in_and_unverified_ones_refused(
    client: Client, proposal: Proposal, unverified_resident: User
) -> None:
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Connectez-vous pour commenter" in page
    response = client.post(f"/comments/on/{proposal.contribution_id}/", {"body": "Bonjour"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(unverified_resident)
    assert (
        "Confirmez votre adresse e-mail" in client.get(proposal.get_absolute_url()).content.decode()
    )
    response = client.post(f"/comments/on/{proposal.contribution_id}/", {"body": "Bonjour"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_the_eleventh_comment_in_a_minute_is_slowed_down(
    client: Client, proposal: Proposal, resident: User
) -> None:
    client.force_login(resident)
    for number in range(10):
        client.post(f"/comments/on/{proposal.contribution_id}/", {"body": f"Idée {number}"})
    response = client.post(f"/comments/on/{proposal.contribution_id}/", {"body": "Encore une"})
    assert response.status_code == 429
    assert "attendez une minute" in response.content.decode()
    assert "Encore une" in response.content.decode()
    assert Comment.objects.count() == 10


def test_a_hidden_comment_shows_its_reason_but_not_its_text(
    client: Client, proposal: Proposal, comment: Comment, moderator: User
) -> None:
    Contribution.objects.filter(pk=comment.contribution_id).update(
        state="hidden", hidden_reason="Hors sujet"
    )
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Ce commentaire est masqué par la modération." in page
    assert "Motif : Hors sujet" in page
    assert "Il faudrait aussi des arbres." not in page
    client.force_login(moderator)
    assert (
        "Il faudrait aussi des arbres." in client.get(proposal.get_absolute_url()).content.decode()
    )


def test_a_comment_of_a_deleted_account_reads_as_a_former_participant(
    client: Client, proposal: Proposal
) -> None:
    make_comment(proposal, None, "Ancien avis")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Un ancien participant" in page
    assert "Ancien avis" in page


def test_another_organisation_never_sees_the_comments(
    other_client: Client, proposal: Proposal, comment: Comment
) -> None:
    assert other_client.get(proposal.get_absolute_url()).status_code == 404
    assert other_client.get(f"/comments/{comment.pk}/report/").status_code in {302, 404}


def test_a_resident_reports_a_comment_once(
    client: Client, comment: Comment, resident: User
) -> None:
    client.force_login(resident)
    form = client.get(f"/comments/{comment.pk}/report/")
    assert "Pourquoi signalez-vous ce commentaire ?" in form.content.decode()
    assert client.post(f"/comments/{comment.pk}/report/", {"reason": "bogus"}).status_code == 400
    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "abuse"}, follow=True)
    assert "Merci : la modération va examiner ce commentaire." in response.content.decode()
    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"}, follow=True)
    assert "Vous aviez déjà signalé ce commentaire." in response.content.decode()
    assert comment.contribution.reports.count() == 1


def test_comments_are_paginated_newest_first(
    client: Client, proposal: Proposal, resident: User
) -> None:
    start = timezone.now() - timedelta(days=1)
    for number in range(COMMENTS_PER_PAGE + 1):
        make_comment(
            proposal,
            resident,
            f"Avis numéro {number:02d}",
            created_at=start + timedelta(minutes=number),
        )
    first = client.get(proposal.get_absolute_url()).content.decode()
    assert f"Avis numéro {COMMENTS_PER_PAGE:02d}" in first
    assert "Avis numéro 00" not in first
    assert "Page 1 sur 2" in first
    second = client.get(f"{proposal.get_absolute_url()}?comments=2").content.decode()
    assert "Avis numéro 00" in second


def _populate(proposal: Proposal, organization: Organization, top: int, replies: int) -> None:
    authors = [make_user(organization) for _ in range(10)]
    start = timezone.now() - timedelta(days=2)
    rows = []
    for number in range(top):
        rows.append(
            Comment(
                organization_id=organization.pk,
                contribution=comment_contribution(proposal, authors[number % 10]),
                target=proposal.contribution,
                author=authors[number % 10],
                body=f"Commentaire {number}",
                body_html=f"<p>Commentaire {number}</p>",
                created_at=start + timedelta(minutes=number),
            )
        )
    Comment.objects.bulk_create(rows)
    parents = list(
        Comment.objects.filter(target=proposal.contribution).order_by("-created_at")[:replies]
    )
    Comment.objects.bulk_create(
        Comment(
            organization_id=organization.pk,
            contribution=comment_contribution(proposal, authors[(index + 3) % 10]),
            target=proposal.contribution,
            parent=parent,
            author=authors[(index + 3) % 10],
            body=f"Réponse {index}",
            body_html=f"<p>Réponse {index}</p>",
            created_at=start + timedelta(hours=5, minutes=index),
        )
        for index, parent in enumerate(parents * (replies // max(len(parents), 1)))
    )


@pytest.mark.parametrize("persona", ["anonymous", "resident", "moderator"])
def test_a_proposal_with_200_comments_renders_in_a_bounded_number_of_queries(
    client: Client,
    proposal: Proposal,
    organization: Organization,
    persona: str,
    request: pytest.FixtureRequest,
) -> None:
    _populate(proposal, organization, top=10, replies=10)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    client.get(proposal.get_absolute_url())  # warm the caches (host, site settings)
    with CaptureQueriesContext(connection) as small:
        assert client.get(proposal.get_absolute_url()).status_code == 200
    Comment.objects.all().delete()
    _populate(proposal, organization, top=100, replies=100)
    assert Comment.objects.filter(target=proposal.contribution).count() == 200
    with CaptureQueriesContext(connection) as big:
        response = client.get(proposal.get_absolute_url())
    page = response.content.decode()
    assert page.count('class="comment"') > COMMENTS_PER_PAGE  # replies shown with their page
    assert len(big) == len(small), [query["sql"] for query in big.captured_queries]
    assert len(big) <= 20, [query["sql"] for query in big.captured_queries]


def test_only_a_kind_whose_registry_entry_offers_comments_takes_them(
    client: Client, proposal: Proposal, comment: Comment, resident: User
) -> None:
    """Comments are not a proposal's: the kind decides (a comment's kind offers none)."""
    client.force_login(resident)
    assert resident.has_perm("comments.add_comment", proposal.contribution)
    assert not resident.has_perm("comments.add_comment", comment.contribution)
    response = client.post(f"/comments/on/{comment.contribution_id}/", {"body": "Et moi ?"})
    assert response.status_code == 404
    assert Comment.objects.count() == 1


def test_a_comment_s_permalink_leads_to_its_thread_on_the_commented_page(
    client: Client, proposal: Proposal, comment: Comment
) -> None:
    response = client.get(comment.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{proposal.get_absolute_url()}?comments=1#comment-{comment.pk}"


def test_the_comments_of_a_hidden_proposal_are_not_public(
    client: Client, proposal: Proposal, comment: Comment, resident: User, moderator: User
) -> None:
    Contribution.objects.filter(pk=proposal.contribution_id).update(state="hidden")
    assert client.get(comment.get_absolute_url()).status_code == 404
    client.force_login(resident)
    response = client.post(f"/comments/on/{proposal.contribution_id}/", {"body": "Caché ?"})
    assert response.status_code == 404
    client.force_login(moderator)
    assert client.get(comment.get_absolute_url()).status_code == 302

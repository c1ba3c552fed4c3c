"""A curious visitor looks everywhere for a hidden comment's text, and never finds it.

The comment is hidden through its contribution (as the moderation does); the visitor, then a
resident of the site, walks every page of the discussion, the comment's own addresses (reply,
edit, report, delete), the proposal's pages and the API, asking for the text each time. Its
author and the moderators still read it, with the public reason.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tessera.accounts.models import User
from tessera.comments.models import Comment
from tessera.contributions.moderation import contribution_review
from tessera.proposals.models import Proposal
from tests.api.conftest import graphql
from tests.comments.conftest import make_comment

pytestmark = pytest.mark.django_db

SECRET = "Texte injurieux à cacher"
QUERY = """
query Everything($process: String!, $step: ID!, $id: ID!) {
  proposals(process: $process, step: $step) {
    results { id title description descriptionHtml officialAnswer commentsCount }
  }
  proposal(process: $process, id: $id) { id title description }
}
"""


@pytest.fixture
def hidden(proposal: Proposal, comment_author: User, moderator: User) -> Comment:
    top = make_comment(proposal, comment_author, SECRET)
    make_comment(proposal, comment_author, "Une réponse visible", parent=top)
    contribution_review(
        contribution=top.contribution, moderator=moderator, action="hide", reason="Insulte"
    )
    return top


def addresses(proposal: Proposal, comment: Comment) -> list[str]:
    page = proposal.get_absolute_url()
    return [
        page,
        f"{page}?comments=1",
        f"{page}?comments=2",
        f"/comments/{comment.pk}/reply/",
        f"/comments/{comment.pk}/edit/",
        f"/comments/{comment.pk}/report/",
        f"/comments/{comment.pk}/delete/",
        f"{page}history/",
        f"{proposal.step.get_absolute_url()}",
        "/",
    ]


@pytest.mark.parametrize("visitor", ["anonymous", "resident", "analyst"])
def test_a_hidden_comment_s_text_shows_nowhere_to_the_public(
    client: Client,
    proposal: Proposal,
    hidden: Comment,
    visitor: str,
    request: pytest.FixtureRequest,
) -> None:
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    for address in addresses(proposal, hidden):
        response = client.get(address, follow=True)
        assert SECRET not in response.content.decode(), address
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Ce commentaire est masqué par la modération." in page
    assert "Motif : Insulte" in page
    assert "Une réponse visible" in page
    answer = graphql(
        client,
        QUERY,
        {"process": proposal.step.process.slug, "step": proposal.step_id, "id": proposal.pk},
    )
    assert SECRET not in str(answer)


def test_its_author_and_the_moderators_still_read_it(
    client: Client, proposal: Proposal, hidden: Comment, comment_author: User, moderator: User
) -> None:
    for reader in (comment_author, moderator):
        client.force_login(reader)
        assert SECRET in client.get(proposal.get_absolute_url()).content.decode()

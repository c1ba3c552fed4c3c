"""`manage.py seed_comments`: skewed comments with 20 % replies, the most supported proposal
with exactly the popular count, the counters recomputed, the most commented one's URL printed."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tessera.comments.models import Comment
from tessera.processes.models import Step
from tessera.proposals.models import Proposal
from tests.conftest import make_user
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_it_seeds_skewed_comments_and_replies_on_a_step(step: Step) -> None:
    proposals = [
        ProposalFactory(
            step=step, contribution__positive_count=100 - n, title=f"Une proposition n°{n}"
        )
        for n in range(10)
    ]
    other = ProposalFactory(title="Une proposition d'une autre étape")
    for n in range(3):
        make_user(step.organization, email=f"commenter{n}@example.org")
    output = io.StringIO()

    call_command(
        "seed_comments", comments=300, step=step.pk, popular=120, replies=0.2, stdout=output
    )

    assert Comment.objects.count() == 300
    assert not Comment.objects.filter(target=other.contribution).exists()
    top = proposals[0]
    assert Comment.objects.filter(target=top.contribution).count() == 120
    assert all(
        0 < p.contribution.comments.count() < 120 for p in proposals[1:4]
    )  # skewed, below the top
    replies = Comment.objects.filter(parent__isnull=False)
    assert 45 <= replies.count() <= 60
    assert not replies.filter(parent__parent__isnull=False).exists()  # one level only
    for reply in replies.select_related("parent"):
        assert reply.parent.target_id == reply.target_id
        assert reply.created_at >= reply.parent.created_at
    assert set(Comment.objects.values_list("organization", flat=True)) == {step.organization_id}
    for proposal in Proposal.objects.filter(step=step):
        assert proposal.comments_count == proposal.contribution.comments.count()
    assert f"{top.get_absolute_url()}  (" in output.getvalue()
    assert "Seeded 300 comments on 10 proposals" in output.getvalue()


def test_it_needs_proposals(step: Step) -> None:
    with pytest.raises(CommandError, match="No proposals"):
        call_command("seed_comments", comments=10, step=step.pk, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)  # seed_bench runs VACUUM on PostgreSQL
def test_seed_bench_seeds_the_comments_too() -> None:
    output = io.StringIO()
    call_command(
        "seed_bench",
        users=20,
        proposals=30,
        supports=50,
        comments=300,
        host="bench.localhost",
        stdout=output,
    )
    bench = Proposal.objects.filter(organization__slug="bench")
    assert Comment.objects.filter(target__proposal__in=bench).count() == 300
    assert sum(bench.values_list("contribution__comments_count", flat=True)) == 300

"""The public GraphQL schema: each app's query type, assembled (STYLE.md, "Layers").

Read-only: there is no mutation, so the endpoint needs no CSRF token (see docs/api.md).
Every resolver runs inside the request's organisation scope (django-scopes, set by
organizations.middleware): the view is synchronous, in the request's own context.
"""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext
from strawberry_django.optimizer import DjangoOptimizerExtension

from tessera.api.cost import QueryCostLimit
from tessera.followup.api import RealisationQuery
from tessera.news.api import NewsQuery
from tessera.processes.api import ProcessQuery
from tessera.proposals.api import ProposalQuery
from tessera.voting.api import VoteResultsQuery

# The deepest useful query is realisations → results → process → steps → process → … (see
# docs/api.md); a deeper one is refused before it runs, as are queries with many aliases
# (each alias of a list field would run its own page) and very long ones.
MAX_DEPTH = 8
MAX_ALIASES = 15
MAX_TOKENS = 2000

logger = logging.getLogger("tessera.api")

Query = merge_types(
    "Query", (ProcessQuery, ProposalQuery, VoteResultsQuery, RealisationQuery, NewsQuery)
)


def is_unexpected(error: GraphQLError) -> bool:
    """A failure of ours (an exception in a resolver), not an answer to a bad query."""
    return error.original_error is not None and not isinstance(error.original_error, GraphQLError)


class PublicSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # A bad query (unknown field, page too large) is the client's to fix: log only ours.
        for error in errors:
            if is_unexpected(error):
                logger.error(error, exc_info=error.original_error)


schema = PublicSchema(
    query=Query,
    extensions=[
        DjangoOptimizerExtension,
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        # What they allow together (pages nested in pages) is bounded by the estimated cost.
        lambda: AddValidationRules([QueryCostLimit]),
        # An exception of ours answers "Unexpected error." and is logged, never shown.
        lambda: MaskErrors(should_mask_error=is_unexpected),
    ],
)

"""A query's cost, estimated before it runs: each field counts 1, times the rows of the lists
around it (a page's `limit`, 20 by default; a plain list, LIST_ESTIMATE). Depth, aliases and
tokens are limited apart (schema.py); this bounds what they allow together, e.g. five pages of
100 nested in one another."""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    InlineFragmentNode,
    IntValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

MAX_COST = 20_000
DEFAULT_PAGE = 20
MAX_PAGE = 100  # a limit given by a variable is counted at its maximum
LIST_ESTIMATE = 10  # a list that is not paginated (the steps of a process, its themes)


class QueryCostLimit(ValidationRule):
    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        fragments = {
            definition.name.value: definition
            for definition in self.context.document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        root = self.context.schema.get_root_type(node.operation)
        cost = _selection_cost(node.selection_set, root, fragments, frozenset(), None)
        if cost > MAX_COST:
            self.report_error(
                GraphQLError(
                    f"This query would read about {cost:,} values, more than {MAX_COST:,}: "
                    "ask for smaller pages or fewer nested lists.",
                    node,
                )
            )


def _selection_cost(
    selection_set: SelectionSetNode | None,
    parent: Any,
    fragments: dict[str, FragmentDefinitionNode],
    seen: frozenset[str],
    page: int | None,
) -> int:
    """`page`: the rows of the list fields here, when `parent` is one page of a list."""
    if selection_set is None or parent is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += _field_cost(selection, parent, fragments, seen, page)
        elif isinstance(selection, InlineFragmentNode):
            total += _selection_cost(selection.selection_set, parent, fragments, seen, page)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                selections = fragments[name].selection_set
                total += _selection_cost(selections, parent, fragments, seen | {name}, page)
    return total


def _field_cost(
    node: FieldNode,
    parent: Any,
    fragments: dict[str, FragmentDefinitionNode],
    seen: frozenset[str],
    page: int | None,
) -> int:
    name = node.name.value
    fields = getattr(parent, "fields", {})
    if name.startswith("__") or name not in fields:
        return 0  # introspection is free; an unknown field is another rule's error
    field: GraphQLField = fields[name]
    child = get_named_type(field.type)
    if "pagination" in field.args:
        # A page object: its `results` list holds the page's rows, counted there.
        return 1 + _selection_cost(node.selection_set, child, fragments, seen, _limit(node))
    rows = 1
    if is_list_type(get_nullable_type(field.type)):
        rows = page if page is not None else LIST_ESTIMATE
    return 1 + rows * _selection_cost(node.selection_set, child, fragments, seen, None)


def _limit(node: FieldNode) -> int:
    for argument in node.arguments or ():
        if argument.name.value != "pagination":
            continue
        if not isinstance(argument.value, ObjectValueNode):
            return MAX_PAGE
        for item in argument.value.fields:
            if item.name.value == "limit":
                value = item.value
                return int(value.value) if isinstance(value, IntValueNode) else MAX_PAGE
    return DEFAULT_PAGE

"""交办 when a plan is published: each item goes to each of its leaders and departments."""

from .transitions import assign_items


def assign_plan(plan):
    """Hand out the items of a plan that has just been published (idempotent: an item already
    handed to a party is not handed to it again, so publishing twice notifies no one twice)."""
    items = plan.items.select_related("plan").prefetch_related(
        "leader_links__leader__user", "department_links__department__members"
    )
    return assign_items(items, plan)

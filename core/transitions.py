"""A review step of a piece of content that goes 草稿 → 待审核 → 已发布: articles and bulletins
(news.workflow) and monthly work plans (workplans.planning) describe their steps with it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    """One review step: the states it starts from, where it leads, the permission it takes
    (None: editing is enough), and how the audit log names it."""

    label: str
    sources: frozenset
    target: str
    permission: str | None
    audit_action: str

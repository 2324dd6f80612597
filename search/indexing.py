"""Keeping the search index current: what each article, bulletin and plan item is indexed
as, and the signals that reindex it when it or anything shown with it changes."""

import datetime as dt

from django.db import connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.text import Truncator

from bulletins.models import Bulletin, BulletinSection
from core.text import plain_text
from news.models import Article
from workplans.models import Department, Leader, PlanItem, PlanItemDepartment, PlanItemLeader, WorkPlan

from .models import FTS_TABLE, SearchEntry
from .tokenizer import tokenize


def _joined(*texts):
    """`texts` as one line, whitespace collapsed: what snippets are cut from."""
    return " ".join(" ".join(texts).split())


def _article_entry(article):
    bulletin = article if isinstance(article, Bulletin) else None
    parts = [article.summary, plain_text(article.body)]
    if bulletin:
        parts.append(bulletin.summary_title)
        for section in bulletin.sections.all():
            parts += [section.heading, plain_text(section.body)]
        parts += _published_plan_text(bulletin)
    return SearchEntry(
        article_id=article.pk,
        kind=SearchEntry.Kind.BULLETIN if bulletin else SearchEntry.Kind.NEWS,
        title=article.title,
        text=_joined(*parts),
        url=article.get_absolute_url(),
        column_id=article.column_id,
        date=article.publish_at,
        published=article.is_listed,
        visible_from=article.publish_at,
    )


def _published_plan_text(bulletin):
    """The text of the published plan a bulletin prints (its title and items), which its page
    shows after the summary, so the bulletin is found by its plan's words too."""
    plan = WorkPlan.objects.published().filter(bulletin_id=bulletin.pk).first()
    if plan is None:
        return []
    return [plan.title, *(item.content for item in plan.items.order_by("order", "pk"))]


def _plan_item_entry(item):
    leaders = item.leaders_text
    return SearchEntry(
        plan_item_id=item.pk,
        kind=SearchEntry.Kind.PLAN_ITEM,
        title=Truncator(" ".join(item.content.split())).chars(120),
        text=_joined(
            item.content,
            f"责任领导：{leaders}" if leaders else "",
            f"责任部室：{item.departments_text}" if item.department_names else "",
        ),
        url=f"{item.plan.get_absolute_url()}#item-{item.pk}",
        column_id=None,
        date=timezone.make_aware(dt.datetime.combine(item.plan.month, dt.time())),
        published=item.plan.is_published,
        visible_from=None,
    )


def _articles(queryset):
    return queryset.select_subclasses().select_related("column")


def _plan_items(queryset):
    return queryset.select_related("plan").with_responsibility()


def _tokens(entry):
    return dict.fromkeys(tokenize(entry.title) + tokenize(entry.text))


def _store(entries, link_field, linked_ids):
    """Replace the entries of the items `linked_ids` (their `link_field`) with `entries`."""
    using = router.db_for_write(SearchEntry)
    postgres = connections[using].vendor == "postgresql"
    if postgres:
        for entry in entries:
            entry.vector = " ".join(f"'{token}'" for token in _tokens(entry))
    with transaction.atomic(using=using):
        SearchEntry.objects.filter(**{f"{link_field}__in": linked_ids}).delete()
        created = SearchEntry.objects.bulk_create(entries)
        if not postgres:
            with connections[using].cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, tokens) VALUES (%s, %s)",
                    [(entry.pk, " ".join(_tokens(entry))) for entry in created],
                )


def index_articles(queryset):
    """(Re)index the articles of `queryset`; deleted ones simply have no entry left."""
    articles = list(_articles(queryset))
    _store([_article_entry(article) for article in articles], "article", [a.pk for a in articles])


def index_plan_items(queryset):
    items = list(_plan_items(queryset))
    _store([_plan_item_entry(item) for item in items], "plan_item", [item.pk for item in items])


def rebuild(batch_size=500, progress=None):
    """Reindex everything, `batch_size` items per transaction; `progress(label, done, total)`."""
    steps = [("文章", Article, index_articles), ("计划事项", PlanItem, index_plan_items)]
    for label, model, index in steps:
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            index(model.objects.filter(pk__in=ids[start : start + batch_size]))
            if progress:
                progress(label, min(start + batch_size, len(ids)), len(ids))


# Keeping the index current ---------------------------------------------------------------


def _index_article_now_and_at_commit(pk):
    """Index at once, so code in the same transaction sees the entry, and again at commit:
    the importer bulk-creates a bulletin's sections and an item's leaders after saving the
    bulletin or item, and bulk_create sends no signals."""
    index_articles(Article.objects.filter(pk=pk))
    transaction.on_commit(lambda: index_articles(Article.objects.filter(pk=pk)))


def _index_plan_items_now_and_at_commit(queryset):
    index_plan_items(queryset)
    transaction.on_commit(lambda: index_plan_items(queryset.all()))


def _deleted_on_its_own(sender, origin):
    """Whether a section or link was itself deleted, not swept along with its bulletin or
    item (whose entry CASCADE removes)."""
    return getattr(origin, "model", type(origin)) is sender


def _on_article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _index_article_now_and_at_commit(instance.pk)


def _on_section_changed(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and (origin is None or _deleted_on_its_own(sender, origin)):
        index_articles(Article.objects.filter(pk=instance.bulletin_id))


def _index_bulletin_of(plan_id):
    """Reindex the bulletin that prints plan `plan_id` (its entry holds the plan's text)."""
    bulletin_ids = WorkPlan.objects.filter(pk=plan_id, bulletin__isnull=False).values("bulletin_id")
    index_articles(Article.objects.filter(pk__in=bulletin_ids))


def _on_plan_item_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _index_plan_items_now_and_at_commit(type(instance).objects.filter(pk=instance.pk))
        _index_bulletin_of(instance.plan_id)
        transaction.on_commit(lambda: _index_bulletin_of(instance.plan_id))


def _on_plan_item_deleted(sender, instance, origin=None, **kwargs):
    if origin is None or _deleted_on_its_own(sender, origin):
        _index_bulletin_of(instance.plan_id)


def _on_item_link_changed(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and (origin is None or _deleted_on_its_own(sender, origin)):
        index_plan_items(PlanItem.objects.filter(pk=instance.item_id))


def _on_item_links_changed(sender, instance, action, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, PlanItem):
        index_plan_items(PlanItem.objects.filter(pk=instance.pk))
    else:  # item.leaders.add() from the leader's side
        index_plan_items(PlanItem.objects.filter(pk__in=pk_set or ()))


def _on_plan_saved(sender, instance, raw=False, **kwargs):
    """A plan's status and month decide its items' visibility and date; its bulletin's entry
    holds the plan's text while the plan is published. A plan moved to another bulletin
    leaves the old one's entry stale until that is saved (rebuild_search_index fixes all)."""
    if not raw:
        index_plan_items(instance.items.all())
        _index_bulletin_of(instance.pk)


def _on_person_saved(sender, instance, raw=False, **kwargs):
    """A leader's or department's name is part of the text of every item naming them."""
    if not raw:
        index_plan_items(instance.plan_items.all())


def connect_signals():
    receivers = [
        (post_save, _on_article_saved, [Article, Bulletin]),
        (post_save, _on_section_changed, [BulletinSection]),
        (post_delete, _on_section_changed, [BulletinSection]),
        (post_save, _on_plan_item_saved, [PlanItem]),
        (post_delete, _on_plan_item_deleted, [PlanItem]),
        (post_save, _on_item_link_changed, [PlanItemLeader, PlanItemDepartment]),
        (post_delete, _on_item_link_changed, [PlanItemLeader, PlanItemDepartment]),
        (m2m_changed, _on_item_links_changed, [PlanItem.leaders.through, PlanItem.departments.through]),
        (post_save, _on_plan_saved, [WorkPlan]),
        (post_save, _on_person_saved, [Leader, Department]),
    ]
    for signal, receiver, senders in receivers:
        for sender in senders:
            signal.connect(
                receiver, sender=sender, dispatch_uid=f"search.{receiver.__name__}.{sender._meta.label}"
            )



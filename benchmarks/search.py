"""Site search at scale: 100,000 articles in PostgreSQL, query times, recall and precision.

    make bench-search                       # DATABASE_URL=postgres://postgres@127.0.0.1:5432/…
    .venv/bin/python -m benchmarks.search --articles 10000

Creates the database `jzgh_bench_search` on the server `DATABASE_URL` names (dropped at the
end), generates articles from a vocabulary of union-work Chinese with planted terms (some
drafts and scheduled), builds the index with the same code as `rebuild_search_index`, then
for each query class measures warm p50/p95 of the results page (count, first 20 results
with snippets, rendered) and checks the complete result set against a substring scan of the
generated text. Target: p95 <= 50 ms.
"""

import argparse
import os
import random
import statistics
import time
from datetime import timedelta

from benchmarks.scratch import scratch_databases

BENCH_DATABASE = "jzgh_bench_search"
TARGET_P95_MS = 50
WARM_UP, RUNS = 2, 15

VOCABULARY = [
    "工会", "职工", "劳动", "会员", "服务", "建设", "推进", "开展", "活动", "会议", "学习", "精神",
    "落实", "工作", "组织", "困难", "帮扶", "权益", "维护", "技能", "培训", "安全", "生产", "企业",
    "基层", "干部", "群众", "党组", "主席", "部署", "要求", "全市", "全省", "单位", "工作人员", "关心",
    "关爱", "慰问", "送温暖", "农民工", "女职工", "劳模", "工匠", "创新", "发展", "改革", "深化",
    "提升", "质量", "效率", "制度", "机制", "保障", "政策", "宣传", "教育", "文化", "体育", "健康",
    "疫情", "防控", "复工", "复产", "就业", "创业", "岗位", "工资", "集体", "协商", "合同", "法律",
    "援助", "咨询", "热线", "信访", "矛盾", "纠纷", "网上", "平台", "数字", "智慧", "信息", "系统",
    "经费", "审计", "监督", "检查", "考核", "评比", "表彰", "先进", "典型", "模范", "示范", "标准",
    "规范", "荆州", "沙市", "江陵", "监利", "石首", "松滋", "公安", "洪湖", "社区", "乡村", "振兴",
    "产业", "园区", "项目", "调研", "座谈", "走访", "交流", "总结", "计划", "方案", "通知", "意见",
    "报告", "决定", "年度", "季度", "月份", "重点", "任务", "目标", "措施", "成效", "经验", "问题",
    "整改", "责任", "分工",
]
CLAUSE_ENDS = "，，，、；"

# Planted phrases: (text planted, share of articles). Decoys make the substring check work.
PLANTED = [
    ("扶贫", 0.02), ("调解", 0.005), ("低碳普惠", 0.003), ("普惠碳普查", 0.003),
    ("劳动竞赛", 0.01), ("高启秀为", 0.003), ("高启秀同志", 0.002), ("官庆军", 0.002), ("罗莉", 0.003),
]
QUERIES = {
    "2 字": ["扶贫", "调解", "罗莉"],
    "3–4 字": ["碳普惠", "劳动竞赛", "低碳普惠"],
    "人名": ["高启秀", "官庆军"],
    "两个词": ["扶贫 调解", "劳动竞赛 高启秀", "扶贫 劳动竞赛", "调解 碳普惠"],
    # Words in most articles: reported, outside the target (every match is counted and ranked).
    "常用词": ["工会", "困难职工", "农民工"],
}
OUTSIDE_TARGET = {"常用词"}


def sentence(rng):
    clauses = [
        "".join(rng.choices(VOCABULARY, k=rng.randint(2, 5))) for _ in range(rng.randint(1, 3))
    ]
    return "".join(clause + rng.choice(CLAUSE_ENDS) for clause in clauses)[:-1] + "。"


def generate(count, rng):
    """(title, paragraphs, state) of `count` articles; state is public, draft or future."""
    sentences = [sentence(rng) for _ in range(20_000)]
    for _ in range(count):
        title = "".join(rng.choices(VOCABULARY, k=8))[: rng.randint(10, 30)]
        target, body = rng.randint(500, 3000), []
        while sum(map(len, body)) < target:
            body.append("".join(rng.choices(sentences, k=rng.randint(2, 5))))
        for phrase, share in PLANTED:
            if rng.random() < share:
                where = rng.randrange(len(body))
                cut = body[where].find("。") + 1
                body[where] = body[where][:cut] + phrase + body[where][cut:]
            if rng.random() < share / 10:
                title = phrase + title[len(phrase):]
        state = rng.choices(["public", "draft", "future"], weights=[96, 2, 2])[0]
        yield title, body, state


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="benchmarks.search", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles to generate")
    parser.add_argument("--seed", type=int, default=62)
    args = parser.parse_args(argv)

    with scratch_databases("benchmarks.search", BENCH_DATABASE) as urls:
        os.environ["DATABASE_URL"] = urls[BENCH_DATABASE]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingzhou_union.settings")
        run(args)


def run(args):
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory
    from django.utils import timezone

    from news.models import Article, Column
    from search.forms import search_transaction
    from search.indexing import rebuild
    from search.models import SearchEntry
    from search.tokenizer import query_terms
    from search.views import SearchView

    # The pages are rendered without collectstatic having run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    columns = [Column.objects.create(name=f"栏目{n}", slug=f"column-{n}") for n in range(6)]
    now = timezone.now()
    published, draft = Article.Status.PUBLISHED, Article.Status.DRAFT
    status = {"public": published, "draft": draft, "future": published}

    started = time.perf_counter()
    truth, batch = [], []  # (pk, title, text, public) for the substring scan
    for number, (title, paragraphs, state) in enumerate(generate(args.articles, rng), 1):
        publish_at = now + timedelta(days=3) if state == "future" else now - timedelta(minutes=number)
        batch.append(
            (Article(title=title, column=rng.choice(columns), status=status[state], publish_at=publish_at,
                     body="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)),
             "\n".join(paragraphs), state == "public")
        )
        if len(batch) == 2000 or number == args.articles:
            created = Article.objects.bulk_create([article for article, _, _ in batch])
            truth += [
                (a.pk, a.title, text, public) for a, (_, text, public) in zip(created, batch, strict=True)
            ]
            batch = []
            print(f"\r生成文章 {number}/{args.articles}", end="", flush=True)
    generated = time.perf_counter() - started
    print(f"  {generated:.0f} 秒")

    started = time.perf_counter()
    def progress(_, done, total):
        print(f"\r建索引 {done}/{total}", end="", flush=True)

    rebuild(batch_size=1000, progress=progress)
    indexed = time.perf_counter() - started
    print(f"  {indexed:.0f} 秒")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchentry")
        cursor.execute(
            "SELECT pg_size_pretty(pg_relation_size('search_searchentry_vector_gin')),"
            " pg_size_pretty(pg_total_relation_size('search_searchentry')),"
            " pg_size_pretty(pg_total_relation_size('news_article'))"
        )
        gin_size, entries_size, articles_size = cursor.fetchone()

    with search_transaction():
        plan = SearchEntry.objects.public().matching(["碳普惠"]).ranked(["碳普惠"]).explain()
    uses_index = "search_searchentry_vector_gin" in plan

    view, factory = SearchView.as_view(), RequestFactory()
    print(f"\n{args.articles} 篇文章（生成 {generated:.0f} 秒，建索引 {indexed:.0f} 秒）")
    print(f"GIN 索引 {gin_size}；索引表合计 {entries_size}；文章表 {articles_size}")
    print(f"查询计划使用 GIN 索引：{'是' if uses_index else '否'}\n")
    print(f"{'类别':<8}{'查询':<14}{'结果数':>8}{'p50 ms':>9}{'p95 ms':>9}{'召回率':>8}{'精确率':>8}")
    worst = 0.0
    for query_class, queries in QUERIES.items():
        class_times = []
        for query in queries:
            times = []
            for attempt in range(WARM_UP + RUNS):
                started = time.perf_counter()
                view(factory.get("/search/", {"q": query})).render()
                if attempt >= WARM_UP:
                    times.append((time.perf_counter() - started) * 1000)
            class_times += times
            terms = query_terms(query)
            with search_transaction():
                found = set(SearchEntry.objects.public().matching(terms).values_list("article_id", flat=True))
            expected = {
                pk for pk, title, text, public in truth
                if public and all(term in title or term in text for term in terms)
            }
            recall = len(found & expected) / len(expected) if expected else 1.0
            precision = len(found & expected) / len(found) if found else 1.0
            print(f"{query_class:<8}{query:<14}{len(found):>8}{statistics.median(times):>9.1f}"
                  f"{percentile(times, 0.95):>9.1f}{recall:>8.3f}{precision:>8.3f}")
            if recall != 1.0 or precision != 1.0:
                print("  ✗ 结果与逐篇子串比对不一致")
        p95 = percentile(class_times, 0.95)
        if query_class not in OUTSIDE_TARGET:
            worst = max(worst, p95)
        print(f"{'':<8}{'（本类合计）':<14}{'':>8}{statistics.median(class_times):>9.1f}{p95:>9.1f}")
    verdict = "达标" if worst <= TARGET_P95_MS else "未达标"
    print(f"\n目标内最慢一类 p95 = {worst:.1f} ms（目标 ≤ {TARGET_P95_MS} ms）：{verdict}")


if __name__ == "__main__":
    main()

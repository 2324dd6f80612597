"""Sample (示例) content that fills every block of the demo home page.

Everything here is marked 示例 in its title, body and images: the demo shows what the page
looks like, never made-up news presented as real. The one real document of the demo is the
seed bulletin (load_demo).
"""

import datetime as dt
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from news.models import Article, HomeBlock, PortalLink, Topic

SAMPLE_NOTE = "<p>【示例内容】本文是演示网站版面用的示例，不是真实的新闻或通知。正式上线前请删除或替换。</p>"
FONT_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
]
# Banner colours, each dark enough for white text (at least 4.5:1).
COLOURS = [(164, 22, 26), (29, 78, 216), (22, 101, 52), (146, 64, 14), (91, 33, 182)]

# (column slug, title, has a cover)
ARTICLES = [
    ("updates", "示例图片新闻：职工书屋开放日", True),
    ("updates", "示例图片新闻：劳动技能竞赛现场", True),
    ("local", "示例图片新闻：县市区工会服务站", True),
    ("updates", "示例：工会动态列表中的一条消息", False),
    ("notices", "示例通知：关于开展职工疗休养工作的通知", False),
    ("notices", "示例公告：工会经费审查结果公示", False),
    ("notices", "示例通知：春节期间值班安排", False),
    ("local", "示例：县市区工会工作简讯", False),
    ("policy", "示例：职工权益保障相关法规摘编", False),
    ("disclosure", "示例：信息公开年度报告", False),
]
# (column slug, title, link text, note): the service guides the service entries open.
SERVICES = [
    ("services", "入会指南（示例）", "入会", "职工加入工会的条件和办理方式"),
    ("services", "法律援助（示例）", "法律援助", "劳动争议咨询、调解与代理"),
    ("services", "困难帮扶（示例）", "困难帮扶", "困难职工申请帮扶的条件和流程"),
    ("services", "职工诉求与主席信箱（示例）", "职工诉求/主席信箱", "反映诉求、给主席写信"),
]
FRIEND_LINKS = [
    ("中华全国总工会", "https://www.acftu.org/"),
    ("湖北省总工会", "https://www.hbzgh.org.cn/"),
    ("荆州市人民政府", "https://www.jingzhou.gov.cn/"),
]
# (slug, title, column slug or None for a hand-picked list)
TOPICS = [
    ("sample-competition", "示例专题：劳动和技能竞赛", "updates"),
    ("sample-services", "示例专题：职工服务指南", None),
]
# (kind, column slug or None, count, title or "" for the column's name)
BLOCKS = [
    (HomeBlock.Kind.CAROUSEL, None, 5, "图片新闻"),
    (HomeBlock.Kind.LIST, "notices", 8, "通知公告"),
    (HomeBlock.Kind.LIST, "bulletins", 6, ""),
    (HomeBlock.Kind.LIST, "updates", 8, ""),
    (HomeBlock.Kind.LIST, "local", 6, ""),
    (HomeBlock.Kind.LIST, "policy", 6, ""),
]


def _font(size):
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return None


def banner(text, colour, size=(800, 400)):
    """A plain coloured PNG banner reading 示例 and `text` (PNG bytes)."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    big, small = _font(height // 4), _font(height // 10)
    if big is None:  # no Chinese font on this machine: a Latin label rather than boxes
        draw.text((width // 2, height // 2), "SAMPLE", fill="white", anchor="mm",
                  font=ImageFont.load_default(size=height // 4))
    else:
        draw.text((width // 2, height * 2 // 5), "示例", fill="white", anchor="mm", font=big)
        draw.text((width // 2, height * 3 // 4), text[:24], fill="white", anchor="mm", font=small)
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _when(days_ago):
    return timezone.now().replace(microsecond=0) - dt.timedelta(days=days_ago)


def load(columns):
    """Create or update the sample articles, blocks, topics and links (idempotent)."""
    articles = {}
    for number, (slug, title, has_cover) in enumerate(ARTICLES + [s[:2] + (False,) for s in SERVICES]):
        article, created = Article.objects.update_or_create(
            column=columns[slug], title=title,
            defaults={"source": "办公室（示例）", "body": SAMPLE_NOTE, "summary": "示例内容，不是真实新闻。",
                      "status": Article.Status.PUBLISHED},
        )
        if created:
            article.publish_at = _when(number + 1)
        if has_cover and not article.cover_image:
            picture = banner(title.removeprefix("示例图片新闻："), COLOURS[number % len(COLOURS)])
            article.cover_image.save("sample.png", ContentFile(picture), save=False)
            article.cover_alt = f"示例图片：{title}"
        article.save()
        articles[title] = article
    for order, (_column, title, name, note) in enumerate(SERVICES):
        PortalLink.objects.update_or_create(
            kind=PortalLink.Kind.SERVICE, name=name,
            defaults={"url": articles[title].get_absolute_url(), "note": note, "order": order},
        )
    for order, (name, url) in enumerate(FRIEND_LINKS):
        PortalLink.objects.update_or_create(
            kind=PortalLink.Kind.FRIEND, name=name, defaults={"url": url, "order": order}
        )
    for order, (slug, title, column) in enumerate(TOPICS):
        topic, _ = Topic.objects.update_or_create(
            slug=slug,
            defaults={"title": title, "order": order, "column": columns.get(column),
                      "description": "示例专题，演示专题专栏的版面。",
                      "banner_alt": f"{title}横幅（示例图片）"},
        )
        if not topic.banner:
            topic.banner.save("sample.png", ContentFile(banner(title.removeprefix("示例专题："),
                                                                COLOURS[order + 1], (1200, 300))))
        if column is None:
            topic.articles.set([articles[title] for _, title, _, _ in SERVICES])
    if not HomeBlock.objects.exists():
        for order, (kind, slug, count, title) in enumerate(BLOCKS):
            HomeBlock.objects.create(
                kind=kind, column=columns.get(slug), count=count, order=order, title=title
            )

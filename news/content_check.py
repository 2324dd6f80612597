"""The content check before submission: 敏感词 block, wrong wordings warn with the right form.

Both lists are kept by administrators (SensitiveWord, WordingRule) and matched at once on the
plain text of the sanitized article (title, summary, body and any parts, such as a bulletin's
sections) by one Aho-Corasick automaton (pyahocorasick): one pass over the text, however many
words, so a 20,000-character article against 5,000 words takes well under 20 ms (see
`python -m benchmarks.content_check`). The automaton is built once per process and rebuilt
when either list changes (a version number in the cache, bumped by signals).
"""

import html
import re
import time
from dataclasses import dataclass, field

import ahocorasick
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags

from core.sanitize import sanitize_html

from .models import SensitiveWord, WordingRule

VERSION_KEY = "content-check:version"
CONTEXT = 12  # characters shown either side of a hit
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|td|th|tr|blockquote|figcaption|caption)>|<br\s*/?>", re.I)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _fold(text):
    """Latin letters in lower case, every position kept (so hits index the original text)."""
    folded = text.lower()
    return folded if len(folded) == len(text) else text.translate(_ASCII_LOWER)


@dataclass(frozen=True)
class Hit:
    word: str
    start: int
    end: int
    before: str
    after: str
    right: str = ""  # the correct form, for a wrong wording


@dataclass
class CheckResult:
    blocked: list = field(default_factory=list)  # Hits of 敏感词
    warnings: list = field(default_factory=list)  # Hits of wrong wordings

    @property
    def clean(self):
        return not self.blocked and not self.warnings

    def blocking_message(self):
        words = "、".join(dict.fromkeys(f"“{hit.word}”" for hit in self.blocked))
        return f"稿件含有敏感词 {words}，不能提交审核；请修改后再提交。"

    def warning_message(self):
        pairs = "；".join(dict.fromkeys(f"“{hit.word}”应为“{hit.right}”" for hit in self.warnings))
        return f"请核对表述：{pairs}。"


def plain_text(rich_html):
    """The text a reader sees in `rich_html`, after the allow-list; blocks on their own lines."""
    return html.unescape(strip_tags(_BLOCK_END.sub("\n", sanitize_html(rich_html or ""))))


class Checker:
    """One automaton over both lists."""

    def __init__(self, words, rules):
        self.automaton = ahocorasick.Automaton()
        for word in words:
            self.automaton.add_word(_fold(word), (word, None))
        for wrong, right in rules:
            key = _fold(wrong)
            if not self.automaton.exists(key):  # a 敏感词 wins over a wording of the same text
                self.automaton.add_word(key, (wrong, right))
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def check(self, text):
        result = CheckResult()
        if self.empty or not text:
            return result
        folded = _fold(text)
        for end, (word, right) in self.automaton.iter(folded):
            start = end - len(word) + 1
            stop = end + 1
            if right is not None and _within_right_form(folded, start, stop, _fold(right)):
                continue
            hit = Hit(word, start, stop, text[max(0, start - CONTEXT):start], text[stop:stop + CONTEXT],
                      right or "")
            (result.warnings if right is not None else result.blocked).append(hit)
        return result


def _within_right_form(text, start, end, right):
    """Whether the hit lies inside an occurrence of the correct form (the wrong wording is part
    of the right one, as 总书记 of 习近平总书记)."""
    position = text.find(right, max(0, end - len(right)), start + len(right))
    return position != -1


_built = {"version": None, "checker": None}


def checker():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    if _built["version"] != version:
        _built["checker"] = Checker(
            SensitiveWord.objects.values_list("word", flat=True),
            WordingRule.objects.values_list("wrong", "right"),
        )
        _built["version"] = version
    return _built["checker"]


def lists_changed(**kwargs):
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


for _model in (SensitiveWord, WordingRule):
    post_save.connect(lists_changed, sender=_model, dispatch_uid=f"content_check.{_model.__name__}.save")
    post_delete.connect(lists_changed, sender=_model, dispatch_uid=f"content_check.{_model.__name__}.delete")


def check_text(text):
    return checker().check(text)


def check_parts(title="", summary="", body="", parts=()):
    """The check of an article's fields (body and parts as rich text)."""
    text = "\n".join([title or "", summary or "", plain_text(body), *(plain_text(part) for part in parts)])
    return check_text(text)


def check_article(article, subject=None):
    """The check of `article` as it stands, or of its pending revision (`subject`)."""
    from .models import Article

    specific = article
    if article.pk and article.revised_parts is None and type(article) is Article:
        specific = Article.objects.select_subclasses().get(pk=article.pk)
    parts = []
    if specific.revised_parts:
        relation, names = specific.revised_parts
        if subject is not None and subject is not article and getattr(subject, "parts", None) is not None:
            objects = subject.part_objects(specific)
        else:
            objects = list(getattr(specific, relation).all()) if specific.pk else []
        parts = [" ".join(str(getattr(part, name) or "") for name in names if name != "order")
                 for part in objects]
    if subject is not None and subject is not article:
        values = subject.values
        return check_parts(values.get("title", ""), values.get("summary", ""), values.get("body", ""), parts)
    return check_parts(article.title, article.summary, article.body, parts)

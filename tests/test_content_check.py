"""The content check on submission: 敏感词 block, wrong wordings warn with the right form."""

import pytest

from news import content_check, workflow
from news.content_check import Checker, plain_text
from news.models import Article, PendingRevision, SensitiveWord, WordingRule
from tests.editorial_fixtures import article_form_data, messages_of


@pytest.fixture
def word_lists(db):
    SensitiveWord.objects.create(word="法轮功")
    SensitiveWord.objects.create(word="VPN翻墙")
    WordingRule.objects.create(wrong="中华人民共合国", right="中华人民共和国", note="国家名称")
    WordingRule.objects.create(wrong="总书记", right="习近平总书记", note="领导职务与姓名")


def test_hits_are_found_on_the_plain_text_with_their_context():
    checker = Checker(["法轮功"], [("中华人民共合国", "中华人民共和国")])
    result = checker.check(plain_text("<p>在<strong>中华人民共合国</strong>境内，不得宣传法轮功。</p>"))
    [warning] = result.warnings
    [blocked] = result.blocked
    assert (warning.word, warning.right, warning.before, warning.after) == (
        "中华人民共合国", "中华人民共和国", "在", "境内，不得宣传法轮功。\n")
    assert blocked.word == "法轮功" and blocked.before.endswith("不得宣传")


def test_a_wrong_wording_inside_its_right_form_is_not_a_hit():
    checker = Checker([], [("总书记", "习近平总书记")])
    assert not checker.check("习近平总书记指出").warnings
    assert checker.check("总书记指出").warnings


def test_latin_letters_match_in_any_case_and_markup_or_entities_do_not_hide_words():
    checker = Checker(["VPN翻墙", "a&b"], [])
    assert [hit.word for hit in checker.check(plain_text("<p>vpn<em>翻墙</em> A&amp;B</p>")).blocked] == [
        "VPN翻墙", "a&b"]


def test_words_do_not_match_across_paragraphs():
    assert not Checker(["法轮"], []).check(plain_text("<p>办法</p><p>轮值</p>")).blocked


def test_the_automaton_follows_changes_to_the_lists(word_lists):
    assert content_check.check_text("推翻墙VPN翻墙").blocked
    SensitiveWord.objects.filter(word="VPN翻墙").delete()
    assert not content_check.check_text("推翻墙VPN翻墙").blocked
    SensitiveWord.objects.create(word="新敏感词")
    assert content_check.check_text("一个新敏感词").blocked


CHANGE = "/admin/news/article/{}/change/"


def test_a_draft_with_a_sensitive_word_cannot_be_submitted(word_lists, login, editor, draft):
    response = login(editor).post(CHANGE.format(draft.pk), article_form_data(
        draft, body="<p>不得宣传法轮功。</p>", _transition="submit"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "稿件含有敏感词 “法轮功”，不能提交审核" in html
    assert '<mark class="blocked">法轮功</mark>' in html
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_a_wrong_wording_warns_with_the_right_form_and_the_reviewer_sees_it(word_lists, login, editor,
                                                                             reviewer, draft):
    response = login(editor).post(CHANGE.format(draft.pk), article_form_data(
        draft, body="<p>中华人民共合国成立以来。</p>", _transition="submit"), follow=True)
    assert Article.objects.get(pk=draft.pk).status == Article.Status.PENDING
    assert "请核对表述：“中华人民共合国”应为“中华人民共和国”。" in messages_of(response)
    html = login(reviewer).get(CHANGE.format(draft.pk)).content.decode()
    assert '<mark class="warning">中华人民共合国</mark>' in html and "应为“中华人民共和国”" in html


def test_a_clean_article_says_so(word_lists, login, reviewer, draft):
    assert "未发现敏感词和错误表述" in login(reviewer).get(CHANGE.format(draft.pk)).content.decode()


def test_code_paths_are_checked_too(word_lists, editor, draft):
    draft.title = "关于法轮功的通知"
    draft.save()
    with pytest.raises(workflow.WorkflowError, match="法轮功"):
        workflow.submit(draft, editor)


def test_a_revision_with_a_sensitive_word_cannot_be_submitted(word_lists, login, editor, live):
    response = login(editor).post(CHANGE.format(live.pk), article_form_data(
        live, summary="摘要里有法轮功", _transition="submit"))
    assert response.status_code == 200 and "不能提交审核" in response.content.decode()
    assert not PendingRevision.objects.filter(status=Article.Status.PENDING).exists()


def test_bulletin_sections_are_checked(word_lists, login, editor):
    from django.core.management import call_command

    from bulletins.models import Bulletin
    from tests.test_revisions import bulletin_form_data, change_url

    call_command("load_demo", verbosity=0)
    bulletin = Bulletin.objects.get()
    Bulletin.objects.filter(pk=bulletin.pk).update(status=Article.Status.DRAFT)
    client = login(editor)
    changes = {"sections-1-body": "<p>宣传法轮功</p>", "_transition": "submit"}
    data = bulletin_form_data(bulletin, client, **changes)
    response = client.post(change_url(bulletin, "bulletin"), data)
    assert response.status_code == 200 and "不能提交审核" in response.content.decode()
    assert Bulletin.objects.get().status == Article.Status.DRAFT


def test_only_administrators_manage_the_lists(login, editor, administrator):
    assert login(editor).get("/admin/news/sensitiveword/add/").status_code == 403
    assert login(administrator).get("/admin/news/sensitiveword/add/").status_code == 200
    assert login(editor).get("/admin/news/wordingrule/").status_code == 200  # editors may read them

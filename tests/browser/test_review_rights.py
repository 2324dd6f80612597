"""In a browser: the content check (a 敏感词 blocks, a wrong wording warns), a correspondent
limited to their column, and two-level review (初审, then 终审签发 by 签发)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_editorial import PASSWORD, choose_column, log_in


@pytest.fixture
def office(transactional_db):
    from django.contrib.auth.models import Group, User

    from core import roles
    from news.models import Column, ColumnRights, SensitiveWord, WordingRule

    roles.sync_groups()
    updates = Column.objects.create(name="工会动态", slug="updates")
    county = Column.objects.create(name="县市区动态", slug="counties")
    Column.objects.create(name="松滋市", slug="songzi", parent=county)
    SensitiveWord.objects.create(word="法轮功")
    WordingRule.objects.create(wrong="中华人民共合国", right="中华人民共和国")
    users = {}
    accounts = [("editor", roles.EDITORS), ("reviewer", roles.REVIEWERS), ("signer", roles.SIGNERS),
                ("correspondent", roles.EDITORS)]
    for username, group in accounts:
        users[username] = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        users[username].groups.add(Group.objects.get(name=group))
    ColumnRights.objects.create(user=users["correspondent"]).columns.add(county)
    return {"users": users, "updates": updates, "county": county}


def write(page, live_server, title, text, column="工会动态"):
    page.goto(live_server.url + "/admin/news/article/add/")
    page.locator("#id_title").fill(title)
    choose_column(page, column)
    page.locator(".field-body .ck-editor__editable").click()
    page.keyboard.type(text)


def test_a_sensitive_word_blocks_and_a_wrong_wording_warns(browser, live_server, office):
    from news.models import Article

    editor = log_in(browser, live_server, "editor")
    write(editor, live_server, "学习简报", "不得传播法轮功的材料。")
    editor.get_by_role("button", name="保存并提交审核").click()
    expect(editor.locator(".errornote, .errorlist").last).to_contain_text("稿件含有敏感词 “法轮功”")
    expect(editor.locator("#content-check mark.blocked")).to_have_text("法轮功")
    assert not Article.objects.exists()

    editable = editor.locator(".field-body .ck-editor__editable")
    editable.click()
    editor.keyboard.press("Control+A")
    editor.keyboard.type("中华人民共合国成立七十五周年。")
    editor.get_by_role("button", name="保存并提交审核").click()
    expect(editor.locator(".messagelist")).to_contain_text("“中华人民共合国”应为“中华人民共和国”")
    assert Article.objects.get().status == Article.Status.PENDING

    reviewer = log_in(browser, live_server, "reviewer")
    reviewer.goto(live_server.url + f"/admin/news/article/{Article.objects.get().pk}/change/")
    expect(reviewer.locator("#content-check mark.warning")).to_have_text("中华人民共合国")


def test_a_correspondent_works_only_in_their_column(browser, live_server, office):
    from news.models import Article

    Article.objects.create(title="市总新闻", column=office["updates"], body="<p>x</p>")
    page = log_in(browser, live_server, "correspondent")
    page.goto(live_server.url + "/admin/news/article/")
    expect(page.locator("#result_list")).to_have_count(0)  # nothing listed from other columns
    page.goto(live_server.url + "/admin/news/article/add/")
    page.locator(".field-column .select2-selection").click()
    expect(page.locator(".select2-results__option")).to_have_text(["县市区动态", "松滋市"])
    page.keyboard.press("Escape")
    write(page, live_server, "松滋市总工会开展送温暖", "松滋市总工会走访慰问困难职工。", column="松滋市")
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator(".messagelist")).to_contain_text("已提交审核")
    page.goto(live_server.url + "/admin/news/article/")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("松滋市总工会开展送温暖")


def test_two_level_review_needs_a_first_review_and_a_sign_off(browser, live_server, office):
    from core.models import SiteSettings
    from news.models import Article

    site = SiteSettings.load()
    site.review_levels = 2
    site.save()
    editor = log_in(browser, live_server, "editor")
    write(editor, live_server, "市总工会召开全委会", "会议审议通过了工作报告。")
    editor.get_by_role("button", name="保存并提交审核").click()
    expect(editor.locator(".messagelist")).to_contain_text("已提交审核")
    pk = Article.objects.get().pk

    reviewer = log_in(browser, live_server, "reviewer")
    reviewer.goto(live_server.url + f"/admin/news/article/{pk}/change/")
    expect(reviewer.get_by_role("button", name="终审签发并发布")).to_have_count(0)
    reviewer.get_by_role("button", name="初审通过").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("已初审通过")
    assert Article.objects.get().status == Article.Status.FIRST_REVIEWED

    signer = log_in(browser, live_server, "signer")
    signer.goto(live_server.url + f"/admin/news/article/{pk}/change/")
    expect(signer.locator("#review-steps")).to_contain_text("reviewer：初审通过")
    signer.get_by_role("button", name="终审签发并发布").click()
    expect(signer.locator(".messagelist")).to_contain_text("已终审签发并发布")
    signer.goto(live_server.url + f"/admin/news/article/{pk}/change/")
    expect(signer.locator("#review-steps li")).to_have_count(3)
    expect(signer.locator("#review-steps")).to_contain_text("signer：审核发布")
    assert Article.objects.get().status == Article.Status.PUBLISHED

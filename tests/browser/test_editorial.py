"""The review workflow in a real browser: write, submit, send back, fix, resubmit, publish."""

import re

import pytest
from playwright.sync_api import expect

PASSWORD = "editorial-password-2026"


@pytest.fixture
def staff(transactional_db):
    from django.contrib.auth.models import Group, User

    from core import roles
    from news.models import Column

    roles.sync_groups()
    Column.objects.create(name="工会动态", slug="updates")
    users = {}
    for username, group in [("editor", roles.EDITORS), ("reviewer", roles.REVIEWERS)]:
        users[username] = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        users[username].groups.add(Group.objects.get(name=group))
    return users


def log_in(browser, live_server, username):
    """A new browser session signed in to the admin as `username`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#site-name")).to_contain_text("荆州市总工会网站管理")
    return page


def choose_column(page, name):
    """Pick `name` in the column's autocomplete (select2) box."""
    page.locator(".field-column .select2-selection").click()
    page.locator(".select2-search__field").fill(name)
    page.locator(".select2-results__option", has_text=name).click()


def write_body(page, image_path):
    """Type the body into CKEditor: a paragraph, a 2×2 table from the toolbar, then an
    uploaded photo with its alternative text."""
    editable = page.locator(".field-body .ck-editor__editable")
    editable.click()
    page.keyboard.type("荆州市总工会召开专题会议，部署冬季送温暖活动。")
    page.keyboard.press("Enter")
    page.locator(".field-body").get_by_role("button", name="插入表格").click()
    page.locator(".ck-insert-table-dropdown-grid-box").nth(11).click()  # row 2, column 2 of 10
    page.keyboard.type("慰问对象")
    expect(editable.locator("table td")).to_have_count(4)

    page.locator(".field-body .ck-file-dialog-button input[type=file]").set_input_files(image_path)
    uploaded = editable.locator("img[src^='/media/images/']")
    expect(uploaded).to_have_count(1)
    uploaded.click()
    page.get_by_role("button", name="更改图片替换文本").click()
    page.get_by_label("替换文本").fill("冬季送温暖活动现场")
    page.keyboard.press("Enter")
    expect(uploaded).to_have_attribute("alt", "冬季送温暖活动现场")


def open_article(page, live_server, title):
    page.goto(live_server.url + "/admin/news/article/")
    page.get_by_role("link", name=title).click()


def test_article_goes_through_review_to_the_public_site(browser, live_server, staff, tmp_path):
    from PIL import Image

    from news.models import Article

    photo = tmp_path / "现场照片.jpg"
    Image.new("RGB", (2000, 1500), (180, 40, 40)).save(photo)
    editor = log_in(browser, live_server, "editor")
    editor.goto(live_server.url + "/admin/news/article/add/")
    editor.locator("#id_title").fill("冬季送温暖活动部署会")
    choose_column(editor, "工会动态")
    write_body(editor, photo)
    editor.get_by_role("button", name="保存并提交审核").click()
    expect(editor.locator(".messagelist")).to_contain_text("已提交审核")
    expect(editor.get_by_role("button", name="审核通过并发布")).to_have_count(0)

    reviewer = log_in(browser, live_server, "reviewer")
    expect(reviewer.locator("#review-counts")).to_contain_text("待我审核：1 篇")
    open_article(reviewer, live_server, "冬季送温暖活动部署会")
    reviewer.get_by_label("退回意见").fill("请写明活动时间。")
    reviewer.get_by_role("button", name="退回修改").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("已退回修改")

    editor.goto(live_server.url + "/admin/")
    expect(editor.locator("#review-counts")).to_contain_text("被退回：1 篇")
    open_article(editor, live_server, "冬季送温暖活动部署会")
    expect(editor.locator(".review-comment")).to_contain_text("请写明活动时间。")
    editor.locator("#id_title").fill("冬季送温暖活动部署会（12月1日）")
    editor.get_by_role("button", name="保存并提交审核").click()
    expect(editor.locator(".messagelist")).to_contain_text("已提交审核")

    open_article(reviewer, live_server, "冬季送温暖活动部署会（12月1日）")
    with reviewer.expect_popup() as preview:
        reviewer.get_by_role("link", name="预览").click()
    expect(preview.value.locator(".preview-banner")).to_contain_text("预览")
    preview.value.close()
    reviewer.get_by_role("button", name="审核通过并发布").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("已审核通过并发布")

    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    public = browser.new_page()
    public.goto(live_server.url + article.get_absolute_url())
    expect(public.locator("h1")).to_have_text("冬季送温暖活动部署会（12月1日）")
    expect(public.locator(".article-body table td").first).to_have_text(re.compile("慰问对象"))
    # The body rendition: scaled to 1200 px, with its size and alternative text.
    image = public.locator(".article-body img")
    expect(image).to_have_attribute("alt", "冬季送温暖活动现场")
    expect(image).to_have_attribute("width", "1200")
    expect(image).to_have_attribute("height", "900")
    expect(public.locator(".preview-banner")).to_have_count(0)
    public.close()

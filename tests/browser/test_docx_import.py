"""从Word导入文章 in a browser: upload a .docx made with python-docx (text, lists, a table
and a picture), preview, save as draft, give the picture its alt text, submit."""

from playwright.sync_api import expect

from tests.browser.test_editorial import log_in, staff  # noqa: F401 (fixture)
from tests.docx_samples import office_notice


def test_editor_imports_a_word_article_and_submits_it(browser, live_server, staff, tmp_path):  # noqa: F811
    from news.models import Article

    document = tmp_path / "冬季送温暖通知.docx"
    document.write_bytes(office_notice())
    page = log_in(browser, live_server, "editor")
    page.goto(live_server.url + "/admin/news/article/")
    page.get_by_role("link", name="从Word导入文章").click()
    page.get_by_label("Word 文档").set_input_files(str(document))
    page.get_by_role("button", name="预览").click()

    preview = page.locator("#import-body")
    expect(preview.locator("ol li")).to_have_text(["摸清底数", "建立台账"])
    expect(preview.locator("td")).to_have_count(8)
    expect(preview.locator(".text-red")).to_have_text("荆州市总工会")
    expect(preview.locator("img")).to_have_attribute("alt", "")
    expect(page.get_by_label("标题")).to_have_value("关于开展冬季送温暖活动的通知")
    page.get_by_label("栏目").select_option(label="工会动态")
    page.get_by_role("button", name="确认导入为草稿").click()
    expect(page.locator(".messagelist")).to_contain_text("已从Word导入草稿")

    editable = page.locator(".field-body .ck-editor__editable")
    expect(editable.locator("ol li")).to_have_count(2)
    image = editable.locator("img")
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator(".field-body .errorlist")).to_contain_text("更改图片替换文本")
    image = page.locator(".field-body .ck-editor__editable img")
    image.click()
    page.get_by_role("button", name="更改图片替换文本").click()
    page.get_by_label("替换文本").fill("冬季送温暖活动现场")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator(".messagelist")).to_contain_text("已提交审核")
    article = Article.objects.get()
    assert article.status == Article.Status.PENDING and 'alt="冬季送温暖活动现场"' in article.body

"""Pasting from Word keeps what an office means, and the editor shows what is published:
a red 红头, centred and right-aligned lines, a salutation without first-line indent, bold,
italic and underline, a numbered list numbered once, and a table with borders."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_editorial import choose_column, log_in, staff  # noqa: F401 (fixture)

# What Word 2016 puts on the clipboard for a short 通知 (trimmed): see the file.
WORD_HTML = (Path(__file__).parents[1] / "samples" / "word-paste.html").read_text(encoding="utf-8")

# What a reader sees of each block, measured from the browser's computed styles.
MEASURE = """(root) => {
  const style = (el) => getComputedStyle(el);
  const texts = (sel, test) => [...root.querySelectorAll(sel)].filter(test || (() => true))
      .map(el => el.textContent.trim()).filter(Boolean);
  const blocks = [...root.querySelectorAll(':scope > p, :scope > h2, :scope > h3')].map(p => ({
    text: p.textContent.trim(), indent: parseFloat(style(p).textIndent) > 0,
    align: style(p).textAlign.replace('start', 'left'),
  }));
  const red = texts('span', el => style(el).color === 'rgb(192, 0, 0)');
  const bold = texts('strong, b', el => parseInt(style(el).fontWeight) >= 600);
  const italic = texts('em, i', el => style(el).fontStyle === 'italic');
  const underline = texts('u', el => style(el).textDecorationLine.includes('underline'));
  const lists = [...root.querySelectorAll('ol, ul')].map(list => ({
    tag: list.tagName, items: [...list.querySelectorAll('li')].map(li => li.textContent.trim()),
    numbered: style(list).listStyleType }));
  const cells = [...root.querySelectorAll('td, th')].map(td => ({
    text: td.textContent.trim(), border: style(td).borderTopStyle + ' ' + style(td).borderTopWidth }));
  return {blocks, red, bold, italic, underline, lists, cells};
}"""


def paste_html(page, selector, html):
    page.locator(selector).click()
    page.evaluate(
        """([selector, html]) => {
            const target = document.querySelector(selector);
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', target.innerText);
            target.dispatchEvent(new ClipboardEvent('paste',
                {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [selector, html],
    )


def test_word_paste_is_published_as_the_editor_shows_it(browser, live_server, staff):  # noqa: F811
    from news import workflow
    from news.models import Article

    editor = log_in(browser, live_server, "editor")
    editor.goto(live_server.url + "/admin/news/article/add/")
    editor.locator("#id_title").fill("关于报送困难职工数据的通知")
    choose_column(editor, "工会动态")
    body = ".field-body .ck-editor__editable"
    paste_html(editor, body, WORD_HTML)
    expect(editor.locator(body + " ol li")).to_have_count(2)
    in_editor = editor.evaluate(f"() => ({MEASURE})(document.querySelector({body!r}))")

    assert in_editor["red"] == ["荆州市总工会文件", "务必按时报送"]
    assert in_editor["bold"] == ["荆州市总工会文件", "通知"]
    assert in_editor["italic"] == ["认真"] and in_editor["underline"] == ["到位"]
    assert in_editor["lists"] == [{"tag": "OL", "items": ["摸清底数", "建立台账"], "numbered": "decimal"}]
    assert [cell["text"] for cell in in_editor["cells"]] == ["单位", "人数", "沙市区", "12"]
    assert all(cell["border"] == "solid 1px" for cell in in_editor["cells"])
    blocks = {block["text"]: block for block in in_editor["blocks"]}
    assert blocks["荆州市总工会文件"]["align"] == "center" and not blocks["荆州市总工会文件"]["indent"]
    assert not blocks["各县市区总工会："]["indent"]
    assert blocks["现将有关事项通知如下，请认真落实到位，务必按时报送。"]["indent"]
    assert blocks["荆州市总工会"]["align"] == "right"

    editor.get_by_role("button", name="保存并继续编辑").click()
    expect(editor.locator(".messagelist")).to_contain_text("成功")
    expect(editor.locator(body + " ol li")).to_have_count(2)
    assert editor.evaluate(f"() => ({MEASURE})(document.querySelector({body!r}))") == in_editor

    article = Article.objects.get()
    assert "1." not in article.body and "mso" not in article.body.lower()
    assert 'style="color' not in article.body
    workflow.submit(article, staff["editor"])
    workflow.approve(article, staff["reviewer"])
    public = browser.new_page()
    public.goto(live_server.url + Article.objects.get().get_absolute_url())
    published = public.evaluate("() => (" + MEASURE + ")(document.querySelector('.article-body'))")
    assert published == in_editor
    public.close()


@pytest.mark.parametrize("name,content,mime", [("logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>",
                                                "image/svg+xml")])
def test_a_dropped_svg_is_refused_with_a_message(browser, live_server, staff, name, content, mime):  # noqa: F811
    editor = log_in(browser, live_server, "editor")
    editor.goto(live_server.url + "/admin/news/article/add/")
    body = ".field-body .ck-editor__editable"
    editor.locator(body).click()
    messages = []
    editor.on("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    editor.evaluate(
        """([selector, name, content, mime]) => {
            const data = new DataTransfer();
            data.items.add(new File([content], name, {type: mime}));
            document.querySelector(selector).dispatchEvent(
                new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [body, name, content, mime],
    )
    expect(editor.locator(body + " img")).to_have_count(0)
    editor.wait_for_timeout(300)
    assert messages and "不支持 SVG" in messages[0]
    accept = editor.locator(".field-body .ck-file-dialog-button input[type=file]").get_attribute("accept")
    assert accept == "image/jpeg,image/png,image/gif,image/webp"


SAMPLE_COLOURS = ["#FF0000", "#C00000", "red", "rgb(192, 0, 0)", "#0070C0", "blue", "#1F4E79", "#00B050",
                  "#333333", "windowtext", "#7F7F7F", "#FFC000", "nonsense"]


def test_the_editor_and_the_server_map_colours_alike(browser, live_server, staff):  # noqa: F811
    from core.sanitize import OFFICE_PASTE, colour_class

    editor = log_in(browser, live_server, "editor")
    editor.goto(live_server.url + "/admin/news/article/add/")
    in_browser = editor.evaluate(
        "([colours, config]) => colours.map(c => window.jzghOfficePaste.colourClass(c, config))",
        [SAMPLE_COLOURS, OFFICE_PASTE],
    )
    assert in_browser == [colour_class(colour) for colour in SAMPLE_COLOURS]

import pytest

from core.sanitize import sanitize_html
from news.models import Article


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>hi<script>alert(1)</script></p>", "alert"),
        ('<img src="x.png" alt="a" onerror="alert(1)">', "onerror"),
        ('<p onclick="alert(1)">x</p>', "onclick"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "alert"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "javascript"),
        ('<p style="width: expression(alert(1))">x</p>', "expression"),
        ("<svg onload=alert(1)>", "svg"),
        ('<img src="data:text/html;base64,PHNjcmlwdD4=">', "data:"),
        ("<style>body{display:none}</style><p>x</p>", "display"),
    ],
)
def test_dangerous_markup_is_removed(dirty, forbidden):
    assert forbidden.lower() not in sanitize_html(dirty).lower()


def test_editor_markup_survives():
    html = (
        '<h2 class="text-center">标题</h2><p style="text-align:center;">居中</p>'
        "<ol><li>一</li></ol><blockquote><p>引用</p></blockquote><hr>"
        '<figure class="table"><table><tbody><tr><td colspan="2">单元格</td></tr></tbody>'
        '</table></figure><figure class="image"><img src="/media/a.png" alt="说明"></figure>'
        '<p><a href="https://www.hbzgh.org.cn/">链接</a></p>'
    )
    clean = sanitize_html(html)
    for kept in ['class="text-center"', 'style="text-align:center"', "<ol><li>一</li></ol>",
                 "<blockquote>", "<hr>", 'colspan="2"', 'alt="说明"', 'class="image"',
                 'href="https://www.hbzgh.org.cn/"']:
        assert kept in clean
    assert sanitize_html(clean) == clean


def test_every_save_sanitizes_the_body(column_tree, make_article):
    article = make_article(column_tree["updates"], body='<p onclick="x()">正文<script>bad()</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>正文</p>"
    assert Article.objects.get(pk=article.pk).body == "<p>正文</p>"

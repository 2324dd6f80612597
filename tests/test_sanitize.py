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


WORD = """<p class=MsoNormal align=center style="text-align:center"><b><span
style="font-family:方正小标宋简体;color:#C00000">荆州市总工会文件</span></b></p>
<p class=MsoNormal>各县市区总工会：</p>
<p class=MsoNormal style="text-indent:32.0pt"><span style="font-weight:bold">通知</span><span
style="font-style:italic">认真</span><span
style="text-decoration:underline">到位</span><font color="red">按时</font></p>
<p class=MsoListParagraph style="margin-left:21pt;text-indent:-21pt;mso-list:l0 level1 lfo1"><span
style="mso-list:Ignore">1.<span>&nbsp;&nbsp;</span></span>摸清底数</p>
<p class=MsoListParagraph style="margin-left:21pt;text-indent:-21pt;mso-list:l0 level1 lfo1"><span
style="mso-list:Ignore">2.<span>&nbsp;&nbsp;</span></span>建立台账</p>
<p class=MsoListParagraph style="mso-list:l1 level1 lfo2"><span
style="mso-list:Ignore">·<span>&nbsp;</span></span>要点</p>"""


def test_word_styles_become_the_classes_the_allow_list_keeps():
    clean = sanitize_html(WORD)
    assert '<span class="text-red">荆州市总工会文件</span>' in clean
    assert '<p class="no-indent" style="text-align:center">' in clean
    assert '<p class="no-indent">各县市区总工会：</p>' in clean
    assert "<p><span><strong>通知</strong></span><span><em>认真</em></span><span><u>到位</u></span>" in clean
    assert '<span class="text-red">按时</span>' in clean
    assert "<ol><li>摸清底数</li><li>建立台账</li></ol><ul><li>要点</li></ul>" in clean.replace("\n", "")
    assert "1." not in clean and "Mso" not in clean and "font-family" not in clean and "color" not in clean
    assert sanitize_html(clean) == clean


@pytest.mark.parametrize(("colour", "expected"), [
    ("#FF0000", "text-red"), ("#c00000", "text-red"), ("red", "text-red"), ("rgb(192,0,0)", "text-red"),
    ("#0070C0", "text-blue"), ("#1F4E79", "text-blue"), ("#00B050", None), ("#333333", None),
    ("#FFC000", None), ("windowtext", None), ("url(x)", None),
])
def test_word_colours_take_the_nearest_palette_class_or_none(colour, expected):
    from core.sanitize import colour_class

    assert colour_class(colour) == expected


def test_classes_outside_the_palette_are_dropped():
    clean = sanitize_html('<p class="evil no-indent"><span class="text-green">x</span></p>')
    assert clean.startswith('<p class="no-indent">') and "evil" not in clean and "text-green" not in clean


def test_text_without_inline_styles_is_untouched_by_the_word_step():
    from core.sanitize import office_to_classes

    html = "<p>一<strong>二</strong></p><ol><li>三</li></ol>"
    assert office_to_classes(html) is html

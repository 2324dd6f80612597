"""The sanitizer against filter-evasion vectors (after the OWASP XSS filter evasion cheat
sheet): none may survive; everything the editor's toolbar makes must."""

import re
from html.parser import HTMLParser

import pytest

from core.sanitize import sanitize_html

VECTORS = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    '<IMG SRC="javascript:alert(\'XSS\');">',
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114"
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
    "&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;"
    "&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72"
    "&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    '<IMG SRC="jav\tascript:alert(\'XSS\');">',
    '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
    '<IMG SRC="jav&#x0A;ascript:alert(\'XSS\');">',
    '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
    "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=https://xss.example/xss.js?< B >",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<IMG LOWSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<p style=\"text-align:center;behavior:url(xss.htc)\">x</p>",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://xss.example/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3\" "
    "type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox('XSS')\">x</a>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>",
    "<details open ontoggle=alert(1)>",
    "<a href=\"javas&#99;ript:alert(1)\">x</a>",
    "<base href=\"javascript:alert(1)//\">",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
]

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote",
    "ul", "ol", "li", "a", "img", "figure", "figcaption", "hr", "table", "caption", "colgroup",
    "col", "thead", "tbody", "tfoot", "tr", "th", "td", "span", "pre", "code",
}
URL_ATTRIBUTES = {"href", "src"}
URL_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


class Inspector(HTMLParser):
    """Collects what a browser would act on: tags, event handlers, URLs, styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event attribute {name}")
            if name in URL_ATTRIBUTES:
                # Browsers ignore control characters and whitespace inside a scheme.
                compact = re.sub(r"[\x00-\x20]", "", value)
                scheme = URL_SCHEME.match(compact)
                if scheme and scheme[1].lower() not in SAFE_SCHEMES:
                    self.problems.append(f"{name}={value}")
            if name == "style" and not re.fullmatch(r"text-align:\s*[a-z]+;?", value):
                self.problems.append(f"style={value}")


def problems_in(html):
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_there_are_at_least_forty_vectors():
    assert len(VECTORS) >= 40


@pytest.mark.parametrize(
    "raw", ['<a href="java\tscript:alert(1)">x</a>', "<script>x</script>", '<p onclick="x">y</p>',
            '<p style="color:red">z</p>']
)
def test_the_inspector_itself_catches_raw_vectors(raw):
    assert problems_in(raw) != []


@pytest.mark.parametrize("vector", VECTORS)
def test_no_vector_survives(vector):
    clean = sanitize_html(vector)
    assert problems_in(clean) == [], clean
    assert sanitize_html(clean) == clean  # stable: a second pass changes nothing


TOOLBAR_OUTPUT = [
    "<h2>标题二</h2>",
    "<h3>标题三</h3>",
    "<p><strong>粗体</strong><i>斜体</i><u>下划线</u></p>",
    '<p><a href="https://www.acftu.org/" rel="noopener noreferrer">链接</a></p>',
    '<p><a href="mailto:office@example.cn" rel="noopener noreferrer">邮件</a></p>',
    "<ul><li>一</li><li>二</li></ul>",
    "<ol><li>第一</li><li>第二</li></ol>",
    '<p class="text-center">居中</p>',
    '<p class="text-right">右对齐</p>',
    '<p class="text-justify">两端对齐</p>',
    '<figure class="table"><table><tbody><tr><td colspan="2">合并单元格</td></tr>'
    "<tr><td>甲</td><td>乙</td></tr></tbody></table></figure>",
    "<blockquote><p>引用</p></blockquote>",
    '<figure class="image"><img src="/media/images/2026/11/a.jpg" alt="职工书画展"></figure>',
    '<figure class="image image-style-align-left"><img src="/media/images/a.png" alt="左"></figure>',
    "<hr>",
]


@pytest.mark.parametrize("html", TOOLBAR_OUTPUT)
def test_what_the_toolbar_makes_survives(html):
    assert sanitize_html(html) == html

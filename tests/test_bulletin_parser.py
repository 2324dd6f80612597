import dataclasses
import datetime as dt
import itertools
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imports.parser import (
    FIELD_LABELS,
    BulletinParseError,
    ParsedBulletin,
    decode_bulletin_bytes,
    parse_bulletin,
    parse_lines,
    plan_item_line,
    split_lines,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "demo" / "fixtures" / "bulletin-2020-62.txt"
SAMPLES = Path(__file__).resolve().parent / "samples"

PLAN = "荆州市总工会十一月工作计划"


def load(path: Path) -> str:
    return decode_bulletin_bytes(path.read_bytes())


def doc(*lines: str) -> str:
    return "\n".join(lines)


# --- losslessness -----------------------------------------------------------------------

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# Characters the parser may legitimately leave out of a line: field labels, numbering marks,
# the year/issue/date values it converts, and separators.
MARKER_CHARS = set(
    "".join(labels for labels in itertools.chain(*FIELD_LABELS.values()))
    + "信息来源发布时间年月日第期"
    + "〇零一二两三四五六七八九十百千万"
    + "0123456789０１２３４５６７８９"
    + ":：、，,；;.．。()（）【】[]|｜-—/"
    + INVISIBLE
)


def chars(texts) -> Counter:
    return Counter(c for text in texts for c in text if not c.isspace() and c not in INVISIBLE)


def lossless_problems(text: str, parsed: ParsedBulletin) -> list[str]:
    """Why ``parsed`` does not account for every line and character of ``text`` (if so)."""
    raw = dict(enumerate(text.splitlines(), start=1))
    non_blank = {number for number, line in raw.items() if chars([line])}
    parts = parsed.parts()
    owners = Counter(number for part in parts for number in set(part.lines))
    problems = [f"line {n} not placed" for n in sorted(non_blank - owners.keys())]
    problems += [f"line {n} placed {k} times" for n, k in owners.items() if k > 1]
    problems += [f"line {n} is blank but placed" for n in sorted(owners.keys() - non_blank)]
    for part in parts:
        source = chars(raw.get(number, "") for number in part.lines)
        kept = chars(part.texts)
        if invented := kept - source:
            problems.append(f"{part.kind} {part.lines}: invented {sorted(invented.elements())}")
        if lost := {c for c in source - kept if c not in MARKER_CHARS}:
            problems.append(f"{part.kind} {part.lines}: lost {sorted(lost)}")
    if chars([parsed.placed_text()]) != sum((chars(p.texts) for p in parts), Counter()):
        problems.append("placed_text() differs from the parts")
    return problems


def assert_lossless(text: str, parsed: ParsedBulletin) -> None:
    assert lossless_problems(text, parsed) == []


# --- the seed bulletin ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text():
    return load(SEED)


@pytest.fixture(scope="module")
def seed(seed_text):
    return parse_bulletin(seed_text)


def test_seed_header(seed):
    assert seed.series == "工会要情摘报"
    assert seed.year == 2020
    assert seed.issue_number == 62
    assert seed.subject == "荆州市总工会十月份工作"
    assert seed.source == "办公室"
    assert seed.published_on == dt.date(2021, 1, 7)
    assert seed.summary_title == "荆州市总工会十月份工作综述"
    assert (seed.title_line, seed.meta_line, seed.summary_title_line) == (3, 4, 6)
    assert seed.intro == []


def test_seed_sections(seed):
    assert [s.heading for s in seed.sections] == [
        "扎实开展2020年“扶贫日”系列活动",
        "扎实推进基层工会组织建设质效提升行动",
        "扎实推进工会维权维稳工作",
        "扎实推进全市职工劳动和技能竞赛",
        "扎实推进机关建设工作",
        "加强财务管理和经费审计工作",
    ]
    assert [s.number for s in seed.sections] == [1, 2, 3, 4, 5, 6]
    assert [s.line for s in seed.sections] == [10, 14, 18, 22, 26, 30]
    assert all(len(s.paragraphs) == 1 for s in seed.sections)
    first = seed.sections[0].paragraphs[0]
    assert first.startswith("10月17日是全国第7个“扶贫日”")
    # Inline points stay in the body, including the seed's jump from 二是 to 四是.
    for point in ("一是加大", "二是举办", "四是"):
        assert point in first
    assert seed.sections[-1].paragraphs[0].endswith("研究制订了具体整改措施。")


def test_seed_plan(seed):
    plan = seed.plan
    assert plan.title == "荆州市总工会十一月工作计划"
    assert plan.month == (2020, 11)
    assert plan.line == 40
    assert [item.number for item in plan.items] == list(range(1, 11))
    assert (
        plan.items[0].content
        == "继续加大全市城市困难职工解脱困工作;做好2021年困难职工常态化帮扶工作。"
    )
    assert plan.items[0].source_lines == [44, 46, 48]
    assert plan.items[2].content == "举办“11.11”青年职工相亲交友活动。"
    by_number = {item.number: item for item in plan.items}
    assert by_number[2].leaders == ["高启秀", "葛艳平", "罗莉"]
    assert by_number[2].departments == ["组织部", "工业制造业工会联合会"]
    assert by_number[5].leaders == ["高启秀", "董军", "罗莉"]
    assert by_number[5].departments == ["经审办", "权益保障部", "职工服务中心"]
    assert by_number[6].departments == ["宣教网络部", "相关部室"]
    assert by_number[7].leaders == ["郭红萍", "何建平"]
    assert by_number[7].departments == ["市总工会工人文化宫"]
    assert by_number[10].departments == ["基层工作部"]


@pytest.mark.parametrize(
    ("leader", "numbers"),
    [("高启秀", [1, 2, 3, 4, 5]), ("郭红萍", [6, 7, 8]), ("张征军", [9, 10]), ("罗莉", [2, 4, 5])],
)
def test_seed_leaders(seed, leader, numbers):
    assert [item.number for item in seed.plan.items if leader in item.leaders] == numbers


def test_seed_chrome_is_dropped_and_nothing_is_unplaced(seed):
    assert [line for line, _ in seed.dropped] == [1, 2, 105, 106]
    assert seed.dropped[1][1] == "您的位置:首页 > 新闻中心 > 公示公告 > 工会要情"
    assert seed.unplaced == []


def test_seed_is_lossless(seed_text, seed):
    assert_lossless(seed_text, seed)
    assert "高启秀" in seed.placed_text()


# --- the lossless check itself must catch losses ----------------------------------------


def test_lossless_check_notices_a_missing_line(seed_text, seed):
    section = seed.sections[0]
    emptied = dataclasses.replace(section, paragraphs=[], source_lines=[section.line])
    tampered = dataclasses.replace(seed, sections=[emptied, *seed.sections[1:]])
    assert lossless_problems(seed_text, tampered) == ["line 12 not placed"]


def test_lossless_check_notices_lost_text_within_a_line(seed_text, seed):
    section = seed.sections[0]
    tampered = dataclasses.replace(
        seed, sections=[dataclasses.replace(section, paragraphs=[]), *seed.sections[1:]]
    )
    assert len(lossless_problems(seed_text, tampered)) == 1


def test_lossless_check_notices_a_lost_name(seed_text, seed):
    item = seed.plan.items[1]
    items = [seed.plan.items[0], dataclasses.replace(item, leaders=item.leaders[:2])]
    plan = dataclasses.replace(seed.plan, items=items + seed.plan.items[2:])
    problems = lossless_problems(seed_text, dataclasses.replace(seed, plan=plan))
    assert len(problems) == 1
    assert "罗" in problems[0]


def test_lossless_check_notices_a_line_placed_twice(seed_text, seed):
    tampered = dataclasses.replace(seed, unplaced=[seed.dropped[0]])
    assert lossless_problems(seed_text, tampered) == ["line 1 placed 2 times"]


# --- sample documents -------------------------------------------------------------------


def summarize(parsed: ParsedBulletin) -> dict:
    """The parse result as plain data, for comparing with the expectations below."""
    plan = parsed.plan
    return {
        "header": (parsed.series, parsed.year, parsed.issue_number, parsed.subject),
        "meta": (parsed.source, parsed.published_on),
        "summary_title": parsed.summary_title,
        "intro": parsed.intro,
        "sections": [(s.number, s.heading, s.paragraphs) for s in parsed.sections],
        "plan": plan
        and (
            plan.title,
            plan.month,
            [(i.number, i.content, i.leaders, i.departments) for i in plan.items],
        ),
        "dropped": [line for line, _ in parsed.dropped],
        "unplaced": parsed.unplaced,
    }


EXPECTED = {
    "fullwidth-paren-headings.txt": {
        "header": ("工会要情摘报", 2021, 65, "荆州市总工会一月份工作"),
        "meta": ("组织部", dt.date(2021, 2, 3)),
        "summary_title": "荆州市总工会一月份工作综述",
        "intro": [],
        "sections": [
            (
                1,
                "加强职工思想政治引领",
                [
                    "全市各级工会深入开展宣讲活动，一是组建宣讲团，二是开展“工会进万家”活动。",
                    "全市共开展宣讲活动１２场次，覆盖职工３６００人。",
                ],
            ),
            (
                2,
                "做好春节送温暖工作",
                ["元旦春节期间，市总工会筹措资金３６０万元，慰问困难职工２１００户。"],
            ),
            (3, "推进产业工人队伍建设改革", []),
        ],
        "plan": (
            "荆州市总工会二月份工作计划",
            (2021, 2),
            [
                (1, "筹备召开市总工会十届五次全委会议。", ["高启秀"], ["办公室", "组织部"]),
                (2, "开展“春风行动”就业援助月活动。", ["张征军"], ["权益保障部"]),
            ],
        ),
        "dropped": [],
        "unplaced": [],
    },
    "dot-headings.txt": {
        "header": ("工会要情摘报", 2021, 3, "荆州市总工会三月份工作"),
        "meta": (None, None),
        "summary_title": None,
        "intro": [],
        "sections": [
            (
                1,
                "扎实开展“三八”国际妇女节系列活动",
                ["3月8日，市总工会女工部组织开展“巾帼心向党”主题活动。"],
            ),
            (2, "深入开展劳动竞赛", ["10.5万名职工参与各类劳动竞赛。"]),
            (3, "推进工会数字化建设", ["全市工会会员实名制入会率达到90%。"]),
        ],
        "plan": (
            "荆州市总工会四月份工作安排",
            (2021, 4),
            [
                (1, "召开全市工会宣传工作会议。", ["郭红萍"], ["宣教网络部"]),
                (2, "开展“五一”劳动奖评选表彰工作。", ["张征军"], ["经技部"]),
            ],
        ),
        "dropped": [],
        "unplaced": [],
    },
    "inline-fields.txt": {
        "header": ("工会要情摘报", 2020, 50, "荆州市总工会八月份工作"),
        "meta": (None, None),
        "summary_title": None,
        "intro": [],
        "sections": [(1, "开展夏送清凉活动", ["8月，市总工会为高温一线职工送去防暑降温物资。"])],
        "plan": (
            "荆州市总工会九月工作计划",
            (2020, 9),
            [
                (1, "开展“金秋助学”活动。", ["高启秀"], ["权益保障部", "职工服务中心"]),
                (2, "举办全市职工羽毛球比赛", ["郭红萍"], ["宣教网络部"]),
                (3, "做好第三季度经费收缴工作。", ["董军"], ["财资部"]),
                (
                    4,
                    "筹备全市工会财务培训班，\n培训对象为县市区总工会财务人员。",
                    ["董军"],
                    ["财资部", "经审办"],
                ),
            ],
        ),
        "dropped": [],
        "unplaced": [],
    },
    "label-variants.txt": {
        "header": ("工会要情摘报", 2020, 51, "荆州市总工会九月份工作"),
        "meta": (None, None),
        "summary_title": None,
        "intro": [],
        "sections": [(1, "开展“金秋助学”活动", ["9月，市总工会共资助困难职工子女120名。"])],
        "plan": (
            "荆州市总工会十月份工作计划",
            (2020, 10),
            [
                (1, "开展全市职工疗休养活动。", ["高启秀"], ["职工服务中心"]),
                (2, "举办全市工会干部培训班。", ["郭红萍"], ["组织部"]),
            ],
        ),
        "dropped": [],
        "unplaced": [],
    },
    "separators.txt": {
        "header": ("工会要情摘报", 2020, 52, "荆州市总工会十月份工作"),
        "meta": (None, None),
        "summary_title": None,
        "intro": [],
        "sections": [(1, "开展“扶贫日”活动", ["市总工会组织开展消费扶贫活动。"])],
        "plan": (
            "荆州市总工会十一月工作计划",
            (2020, 11),
            [
                (
                    1,
                    "继续推进困难职工解困脱困工作。",
                    ["高启秀", "罗莉"],
                    ["权益保障部", "职工服务中心"],
                ),
                (
                    2,
                    "推进工人文化宫改造升级项目建设。",
                    ["郭红萍", "何建平", "董军"],
                    ["宣教网络部", "市总工会工人文化宫"],
                ),
                (3, "组队参加全省职工职业技能大赛。", ["张征军", "葛艳平"], ["经技部", "组织部"]),
            ],
        ),
        "dropped": [],
        "unplaced": [],
    },
    "no-header.txt": {
        "header": (None, None, None, None),
        "meta": (None, None),
        "summary_title": "荆州市总工会五月份工作综述",
        "intro": [],
        "sections": [
            (
                1,
                "隆重庆祝“五一”国际劳动节",
                ["4月28日，市总工会召开庆祝“五一”国际劳动节暨劳模表彰大会。"],
            ),
            (2, "开展“安康杯”竞赛", ["全市共有860家企业参加“安康杯”竞赛。"]),
        ],
        # Without the bulletin's year the plan's year is unknown.
        "plan": (
            "荆州市总工会六月份工作计划",
            None,
            [(1, "组织开展“安全生产月”活动。", ["张征军"], ["经技部"])],
        ),
        "dropped": [],
        "unplaced": [],
    },
    "intro-chinese-dot.txt": {
        "header": ("工会要情摘报", 2021, 2, "荆州市总工会二月份工作"),
        "meta": (None, dt.date(2021, 3, 5)),
        "summary_title": None,
        "intro": [
            "二月份，市总工会围绕疫情防控和职工服务开展工作。",
            "春节期间全市工会共慰问职工1.2万人次。",
        ],
        "sections": [
            (1, "加强疫情防控", ["一是发放防疫物资，二是开展心理疏导。"]),
            (2, "做好就业服务", ["市总工会举办网络招聘会3场。"]),
        ],
        "plan": None,
        "dropped": [1, 2, 10, 11],
        "unplaced": [],
    },
    "unplaced.txt": {
        "header": ("工会要情摘报", 2020, 63, "荆州市总工会十一月份工作"),
        "meta": ("办公室", dt.date(2021, 1, 20)),
        "summary_title": None,
        "intro": [],
        "sections": [
            (
                1,
                "举办青年职工相亲交友活动",
                ["11月11日，市总工会举办“11.11”青年职工相亲交友活动。"],
            )
        ],
        "plan": (
            "荆州市总工会十二月工作计划",
            (2020, 12),
            [(1, "做好年终岁末困难职工帮扶工作。", ["高启秀"], ["权益保障部"])],
        ),
        "dropped": [13],
        "unplaced": [
            (1, "【字体：大 中 小】"),
            (7, "根据市总工会年度工作要点，十二月重点做好以下工作："),
            (11, "请各部室认真抓好落实。"),
            (12, "【打印本页】【关闭窗口】"),
        ],
    },
    "december.txt": {
        "header": ("工会要情摘报", 2020, 64, "荆州市总工会十二月份工作"),
        "meta": ("办公室", dt.date(2021, 1, 25)),
        "summary_title": None,
        "intro": [],
        "sections": [(1, "开展元旦春节送温暖活动", ["12月，市总工会启动“两节”送温暖活动。"])],
        # The 一月 plan after a 十二月 summary is for the following year.
        "plan": (
            "荆州市总工会一月工作计划",
            (2021, 1),
            [(1, "召开市总工会全委会议。", ["官庆军"], ["办公室"])],
        ),
        "dropped": [],
        "unplaced": [],
    },
    "utf8-bom.txt": {
        "header": ("工会要情摘报", 2020, 60, "荆州市总工会八月份工作"),
        "meta": ("宣教网络部", dt.date(2020, 10, 12)),
        "summary_title": None,
        "intro": [],
        "sections": [(1, "开展“安康杯”知识竞赛", ["8月，全市共有3200名职工参加网上答题。"])],
        "plan": (
            "荆州市总工会九月工作计划",
            (2020, 9),
            [(1, "开展“金秋助学”活动。", ["高启秀"], ["权益保障部"])],
        ),
        "dropped": [],
        "unplaced": [],
    },
    "gb18030.txt": {
        "header": ("工会要情摘报", 2020, 61, "荆州市总工会九月份工作"),
        "meta": ("办公室", dt.date(2020, 11, 6)),
        "summary_title": "荆州市总工会九月份工作综述",
        "intro": [],
        "sections": [
            (1, "开展“金秋助学”活动", ["9月，市总工会资助困难职工子女150名，发放助学金60万元。"]),
            (2, "推进职工书屋建设", ["新建职工书屋12家。"]),
        ],
        "plan": (
            "荆州市总工会十月工作计划",
            (2020, 10),
            [(1, "举办全市职工读书分享会。", ["郭红萍", "刘䶮"], ["宣教网络部"])],
        ),
        "dropped": [],
        "unplaced": [],
    },
    # A plan written as its own document (imports: 导入工作计划): no bulletin header, items
    # （1）… with 分管领导/责任单位 inline, after the text or on lines of their own; the title
    # names no year, so the month comes from the import form.
    "plan-december.txt": {
        "header": (None, None, None, None),
        "meta": (None, None),
        "summary_title": None,
        "intro": [],
        "sections": [],
        "plan": (
            "荆州市总工会十二月工作计划",
            None,
            [
                (1, "做好年终岁末困难职工帮扶工作。", ["高启秀"], ["权益保障部"]),
                (2, "召开市总工会全委会议。", ["官庆军"], ["办公室", "组织部"]),
                (3, "开展劳模工匠进企业活动", ["张征军"], ["经技部"]),
                (4, "完成全年经费收缴。", ["董军"], ["财资部", "相关部室"]),
            ],
        ),
        "dropped": [],
        "unplaced": [],
    },
}


def test_every_sample_has_expectations():
    assert sorted(path.name for path in SAMPLES.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample(name):
    text = load(SAMPLES / name)
    parsed = parse_bulletin(text)
    assert summarize(parsed) == EXPECTED[name]
    assert_lossless(text, parsed)


def test_sample_encodings_are_what_they_claim():
    gb_bytes = (SAMPLES / "gb18030.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gb_bytes.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        gb_bytes.decode("gbk")  # 䶮 exists only in GB18030
    bom_bytes = (SAMPLES / "utf8-bom.txt").read_bytes()
    assert bom_bytes.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in bom_bytes
    fullwidth = (SAMPLES / "fullwidth-paren-headings.txt").read_text(encoding="utf-8")
    for special in ("\xa0", "\u3000", "２０２１"):
        assert special in fullwidth


# --- variants, one rule at a time -------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "一、扎实推进机关建设",
        "一、 扎实推进机关建设",
        "\xa0一、\xa0扎实推进机关建设",
        "一.扎实推进机关建设",
        "（一）扎实推进机关建设",
        "（一）\u3000扎实推进机关建设",
        "(一)扎实推进机关建设",
        "（一）、扎实推进机关建设",
        "1、扎实推进机关建设",
        "1.扎实推进机关建设",
        "1. 扎实推进机关建设",
        "１．扎实推进机关建设",
        "１、扎实推进机关建设",
    ],
)
def test_section_heading_styles(line):
    parsed = parse_bulletin(doc(line, "正文。"))
    assert [(s.number, s.heading, s.paragraphs) for s in parsed.sections] == [
        (1, "扎实推进机关建设", ["正文。"])
    ]


def test_section_heading_ends_at_the_first_full_stop():
    parsed = parse_bulletin(
        doc("二、加强财务管理。市总工会开展审计。针对问题提出整改意见。", "第二段。")
    )
    section = parsed.sections[0]
    assert (section.number, section.heading) == (2, "加强财务管理")
    assert section.paragraphs == ["市总工会开展审计。针对问题提出整改意见。", "第二段。"]


@pytest.mark.parametrize(
    "line",
    [
        "10.5万名职工参与竞赛。",
        "2020年全市职工参与竞赛。",
        "10月17日是全国扶贫日。",
        "一是加大宣传。二是举办展览。四是组织培训。",
        "十月份，市总工会开展活动。",
    ],
)
def test_lines_that_are_not_headings_stay_in_the_body(line):
    parsed = parse_bulletin(doc("一、标题", line))
    assert [(s.heading, s.paragraphs) for s in parsed.sections] == [("标题", [line])]


def test_first_heading_style_is_kept_and_other_marks_stay_in_the_body():
    parsed = parse_bulletin(doc("一、标题一", "（一）分项。", "1、要点。", "二、标题二"))
    assert [(s.heading, s.paragraphs) for s in parsed.sections] == [
        ("标题一", ["（一）分项。", "1、要点。"]),
        ("标题二", []),
    ]


def test_numbered_lines_before_the_plan_title_are_sections_and_after_it_items():
    parsed = parse_bulletin(doc("1、开展活动", "正文。", PLAN, "1、做好工作。", "责任领导:高启秀"))
    assert [s.heading for s in parsed.sections] == ["开展活动"]
    assert [(i.number, i.content) for i in parsed.plan.items] == [(1, "做好工作。")]


@pytest.mark.parametrize(
    "title",
    ["荆州市总工会十一月工作计划", "十一月份重点工作安排", "11月工作计划：", "十一月工作安排"],
)
def test_plan_titles(title):
    parsed = parse_bulletin(doc("工会要情摘报2020年第62期:十月份工作", title, "1、做好工作。"))
    assert parsed.plan.title == title
    assert parsed.plan.month == (2020, 11)


def test_plan_title_with_an_invalid_year_falls_back_to_the_bulletin_year():
    parsed = parse_bulletin(doc("要情2020年第64期:十月份工作", "〇〇〇〇年十一月工作计划"))
    assert parsed.plan.month == (2020, 11)


def test_plan_title_with_its_own_year():
    parsed = parse_bulletin(
        doc("工会要情摘报2020年第64期:十二月份工作", "2021年1月工作计划", "1、做好工作。")
    )
    assert parsed.plan.month == (2021, 1)


@pytest.mark.parametrize(
    "line",
    [
        "1、做好工作。",
        "1.做好工作。",
        "1. 做好工作。",
        "（1）做好工作。",
        "(1)做好工作。",
        "１．做好工作。",
    ],
)
def test_plan_item_styles(line):
    parsed = parse_bulletin(doc(PLAN, line, "责任领导:高启秀"))
    assert [(i.number, i.content, i.leaders) for i in parsed.plan.items] == [
        (1, "做好工作。", ["高启秀"])
    ]


LABELS = [(label, name) for name, labels in FIELD_LABELS.items() for label in labels]


@pytest.mark.parametrize(("label", "field"), LABELS)
@pytest.mark.parametrize("colon", [":", "：", " : ", "：\u3000"])
@pytest.mark.parametrize("inline", [False, True], ids=["own-line", "inline"])
def test_responsibility_fields(label, field, colon, inline):
    item = "1、做好工作。"
    value = f"{label}{colon}甲、乙"
    lines = [PLAN, f"{item} {value}"] if inline else [PLAN, item, value]
    parsed_item = parse_bulletin(doc(*lines)).plan.items[0]
    assert parsed_item.content == "做好工作。"
    assert getattr(parsed_item, field) == ["甲", "乙"]
    other = "departments" if field == "leaders" else "leaders"
    assert getattr(parsed_item, other) == []


@pytest.mark.parametrize("separator", ["、", "，", ",", "；", ";", " ", "\u3000", "\xa0", "、 "])
def test_name_separators(separator):
    parsed = parse_bulletin(doc(PLAN, "1、做好工作。", f"责任部室:组织部{separator}权益保障部"))
    assert parsed.plan.items[0].departments == ["组织部", "权益保障部"]


def test_bracketed_inline_fields():
    parsed = parse_bulletin(doc(PLAN, "1、举办比赛（责任领导：郭红萍；责任部室：宣教网络部）。"))
    item = parsed.plan.items[0]
    assert (item.content, item.leaders, item.departments) == (
        "举办比赛",
        ["郭红萍"],
        ["宣教网络部"],
    )


def test_text_wrapped_onto_the_next_line_belongs_to_the_item():
    parsed = parse_bulletin(
        doc(PLAN, "1、筹备培训班，", "（1）培训对象为财务人员。", "责任领导:董军", "补充说明。")
    )
    item = parsed.plan.items[0]
    assert item.content == "筹备培训班，\n（1）培训对象为财务人员。"
    assert item.source_lines == [2, 3, 4]
    assert parsed.unplaced == [(5, "补充说明。")]


def test_field_line_without_an_item_is_unplaced():
    parsed = parse_bulletin(doc(PLAN, "责任领导:高启秀", "1、做好工作。"))
    assert parsed.unplaced == [(2, "责任领导:高启秀")]
    assert parsed.plan.items[0].leaders == []


def test_blank_and_space_only_lines_are_ignored():
    text = doc("", "\xa0", "\u3000 ", "一、\u3000标题\xa0", "\t", "正\xa0文。", "\u200b")
    parsed = parse_bulletin(text)
    assert [(s.heading, s.paragraphs, s.source_lines) for s in parsed.sections] == [
        ("标题", ["正 文。"], [4, 6])
    ]
    assert_lossless(text, parsed)


def test_arabic_issue_number_and_header_variants():
    parsed = parse_bulletin(
        doc("工会要情摘报 2021 年第 7 期 — 荆州市总工会五月份工作", "信息来源：办公室", "一、标题")
    )
    assert (parsed.series, parsed.year, parsed.issue_number, parsed.subject) == (
        "工会要情摘报",
        2021,
        7,
        "荆州市总工会五月份工作",
    )
    assert (parsed.source, parsed.published_on) == ("办公室", None)


def test_lines_before_the_title_are_unplaced_but_after_it_intro():
    parsed = parse_bulletin(
        doc("【打印】", "工会要情摘报2020年第62期:十月份工作", "本月概况。", "一、标题")
    )
    assert parsed.unplaced == [(1, "【打印】")]
    assert (parsed.intro, parsed.intro_lines) == (["本月概况。"], [3])


def test_split_lines_numbers_lines_from_one():
    assert split_lines("一、标题\r\n正文。\n\n末行") == [
        (1, "一、标题"),
        (2, "正文。"),
        (3, ""),
        (4, "末行"),
    ]


def test_parse_lines_keeps_the_given_line_numbers():
    # e.g. paragraphs of a .docx, numbered by their position in the document
    parsed = parse_lines([(10, "一、标题"), (20, "正文。"), (30, PLAN), (40, "1、做好工作。")])
    assert parsed.sections[0].source_lines == [10, 20]
    assert parsed.plan.line == 30
    assert parsed.plan.items[0].line == 40


def test_plan_item_line_renders_a_table_row():
    line = plan_item_line(3, "举办\n相亲交友活动。", ["高启秀", "罗莉"], ["女工部"])
    assert line == "3、举办 相亲交友活动。 责任领导:高启秀、罗莉 责任部室:女工部"
    assert plan_item_line(4, "做好工作。", [], []) == "4、做好工作。"


NAME = st.text(alphabet="高启秀罗莉郭红萍张征军部室中心组织办公", min_size=1, max_size=6)


@given(
    number=st.integers(min_value=1, max_value=200),
    content=st.text(alphabet="做好职工工作活动举办全市年“”。", min_size=1, max_size=30),
    leaders=st.lists(NAME, max_size=4),
    departments=st.lists(NAME, max_size=4),
)
def test_plan_item_line_round_trips(number, content, leaders, departments):
    line = plan_item_line(number, content, leaders, departments)
    item = parse_lines([(1, PLAN), (2, line)]).plan.items[0]
    assert (item.number, item.content, item.leaders, item.departments) == (
        number,
        content,
        leaders,
        departments,
    )


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "为空"),
        ("  \n\xa0\n\u3000\n", "为空"),
        ("荆州市总工会欢迎您! | 今天是:\n鄂ICP备12004590号-1", "无法识别公告结构"),
        ("这是一段普通的文字。\n没有任何结构。", "无法识别公告结构"),
    ],
)
def test_parse_errors(text, message):
    with pytest.raises(BulletinParseError, match=message):
        parse_bulletin(text)


def test_parse_error_is_a_value_error():
    assert issubclass(BulletinParseError, ValueError)


# --- decoding ---------------------------------------------------------------------------

TEXT = "工会要情摘报2020年第六十二期:荆州市总工会十月份工作\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("gbk"),
        TEXT.encode("gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030"],
)
def test_decode(data):
    assert decode_bulletin_bytes(data) == TEXT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "空"),
        (b" \r\n\t", "空"),
        (TEXT.encode("utf-16"), "二进制"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "二进制"),
        (b"\x89PNG\r\n\x1a\n", "二进制"),
        (b"\xff\xfe\xfd\xfc", "编码"),
        (b"\xef\xbb\xbf" + TEXT.encode("gbk"), "编码"),
    ],
    ids=["empty", "whitespace", "utf-16", "docx", "png", "undecodable", "bom-but-gbk"],
)
def test_decode_errors(data, message):
    with pytest.raises(BulletinParseError, match=message):
        decode_bulletin_bytes(data)


# --- losslessness on arbitrary input ----------------------------------------------------

FILLER = st.text(
    alphabet="市总工会开展职工活动高启秀罗莉部室中心一二十1２0。，、；;:：()（）“”. \xa0\u3000",
    max_size=25,
)
PREFIXES = st.sampled_from(
    [
        "",
        "一、",
        "（二）",
        "3.",
        "(4)",
        "5、",
        "10.5",
        "责任领导:",
        "分管领导：",
        "责任部室：",
        "（责任单位:",
        "信息来源:",
        "发布时间 2021-01-07",
        "工会要情摘报2020年第六十二期:",
        "荆州市总工会十一月工作计划",
        "十二月工作安排",
        "2021年一月工作计划",
        "〇〇〇〇年一月工作计划",
        "十月份工作综述",
        "您的位置:",
        "地址:",
        "鄂ICP备",
        "\u200b",
    ]
)
LINE = st.builds(lambda prefix, filler: prefix + filler, PREFIXES, FILLER)


@settings(max_examples=300)
@given(st.lists(LINE, max_size=25))
def test_any_input_is_placed_losslessly_or_rejected(lines):
    text = "\n".join(lines)
    try:
        parsed = parse_bulletin(text)
    except BulletinParseError:
        return  # rejecting input with no structure is fine; losing part of it is not
    assert_lossless(text, parsed)

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.chinese import MAX_VALUE, from_chinese, to_chinese

CASES = [
    (1, "一"),
    (2, "二"),
    (9, "九"),
    (10, "十"),
    (11, "十一"),
    (19, "十九"),
    (20, "二十"),
    (62, "六十二"),
    (99, "九十九"),
    (100, "一百"),
    (101, "一百零一"),
    (110, "一百一十"),
    (111, "一百一十一"),
    (1000, "一千"),
    (1001, "一千零一"),
    (1010, "一千零一十"),
    (1100, "一千一百"),
    (2020, "二千零二十"),
    (10000, "一万"),
    (10010, "一万零一十"),
    (10100, "一万零一百"),
    (11000, "一万一千"),
    (100000, "十万"),
    (150000, "十五万"),
    (1000000, "一百万"),
    (10001000, "一千万一千"),
    (10000001, "一千万零一"),
    (99999999, "九千九百九十九万九千九百九十九"),
    (100000000, "一亿"),
    (100000001, "一亿零一"),
    (100001000, "一亿零一千"),
    (110000000, "一亿一千万"),
]


@pytest.mark.parametrize(("number", "text"), CASES)
def test_to_chinese(number, text):
    assert to_chinese(number) == text


@pytest.mark.parametrize(("number", "text"), CASES)
def test_from_chinese(number, text):
    assert from_chinese(text) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一十", 10),
        ("一十一", 11),
        ("两", 2),
        ("两百", 200),
        ("两万", 20000),
        ("一千〇一", 1001),
        ("二〇二〇", 2020),
        ("六二", 62),
        ("62", 62),
        ("６２", 62),
        ("０６２", 62),
        (" 六十二 ", 62),
    ],
)
def test_from_chinese_accepts_variants(text, number):
    assert from_chinese(text) == number


@pytest.mark.parametrize("value", [0, -1, -62, True, False, 1.0, "62", None, MAX_VALUE + 1])
def test_to_chinese_rejects(value):
    with pytest.raises(ValueError, match=r"正整数|超出"):
        to_chinese(value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "零",
        "〇",
        "〇〇",
        "0",
        "００",
        "十十",
        "百一",
        "一百五",
        "万",
        "亿万",
        "六十二期",
        "abc",
        "-5",
        "6十2",
        "一万亿",
    ],
)
def test_from_chinese_rejects(text):
    with pytest.raises(ValueError, match=r"数字|不能为空|大于零"):
        from_chinese(text)


@pytest.mark.parametrize("value", [62, None, b"62"])
def test_from_chinese_rejects_non_strings(value):
    with pytest.raises(ValueError, match="字符串"):
        from_chinese(value)


@given(st.integers(min_value=1, max_value=9999))
def test_round_trip_small(number):
    assert from_chinese(to_chinese(number)) == number


@given(st.integers(min_value=1, max_value=99999999))
def test_round_trip_up_to_hundred_million(number):
    assert from_chinese(to_chinese(number)) == number


@given(st.integers(min_value=1, max_value=MAX_VALUE))
def test_round_trip_full_range_and_digit_strings(number):
    assert from_chinese(to_chinese(number)) == number
    assert from_chinese(str(number)) == number
    full_width = str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert from_chinese(full_width) == number


@given(st.integers(min_value=1, max_value=MAX_VALUE))
def test_spelling_never_starts_with_one_ten(number):
    assert not to_chinese(number).startswith("一十")


def test_links_are_joined_as_names_are_with_the_note_last(make_leader, make_department):
    from django.template import Context, Template

    leaders = [make_leader("高启秀", with_user=False), make_leader("张征军", with_user=False)]
    department = make_department("经技部")
    template = Template("{% load portal_tags %}{{ leaders|join_links }}|{{ departments|join_links:note }}|"
                        "{{ none|join_links:note }}|{{ leaders|join_names }}")
    html = template.render(Context({"leaders": leaders, "departments": [department], "none": [],
                                    "note": "各县市区工会<b>"}))
    first, second = (f'<a href="{leader.get_absolute_url()}">{leader.name}</a>' for leader in leaders)
    linked_department = f'<a href="{department.get_absolute_url()}">经技部</a>'
    note = "各县市区工会&lt;b&gt;"
    assert html == f"{first}、{second}|{linked_department}、{note}|{note}|高启秀、张征军"

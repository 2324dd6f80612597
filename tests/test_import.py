"""The bulletin import: admin page (upload → preview → confirm) and the command."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from bulletins.models import Bulletin, BulletinSection, BulletinSeries
from imports.parser import parse_bulletin
from imports.pipeline import ImportPreview
from imports.sources import MAX_FILE_BYTES
from news.models import Article
from workplans.models import Department, Leader, PlanItem, WorkPlan

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "demo" / "fixtures" / "bulletin-2020-62.txt"
SAMPLES = Path(__file__).resolve().parent / "samples"
IMPORT_URL = "/admin/import/bulletin/"


@pytest.fixture
def series(column_tree):
    return BulletinSeries.objects.create(name="工会要情摘报", column=column_tree["bulletins"])


def row_counts():
    return [model.objects.count() for model in
            (Article, Bulletin, BulletinSection, WorkPlan, PlanItem, Leader, Department)]


def upload(client, series, name, data, **extra):
    return client.post(
        IMPORT_URL, {"series": series.pk, "file": SimpleUploadedFile(name, data), **extra}
    )


def test_preview_shows_what_will_be_created_and_writes_nothing(admin_client, series):
    Leader.objects.create(name="高启秀")
    before = row_counts()
    response = upload(admin_client, series, "bulletin-2020-62.txt", SEED.read_bytes())
    html = response.content.decode()
    assert response.status_code == 200
    assert "预览：确认后将创建以下内容" in html
    assert "2020年第六十二期" in html and "荆州市总工会十月份工作" in html
    assert "六、</td><td>加强财务管理和经费审计工作" in html
    assert "荆州市总工会十一月工作计划（10 项）" in html
    # Known names plain, new names marked, 相关部室 kept as a note.
    assert "<td>高启秀</td>" in html
    assert '<span class="new-name" title="将新建">罗莉（新）</span>' in html
    assert "相关部室（作为说明保存）" in html
    assert "未能识别的内容（0 行）" in html
    assert "已去除的网页内容（4 行）" in html
    assert row_counts() == before


def test_confirming_creates_a_draft_bulletin_and_plan_and_opens_it(admin_client, series):
    preview = upload(admin_client, series, "seed.txt", SEED.read_bytes())
    source_text = preview.context["confirm_form"].initial["source_text"]
    response = admin_client.post(
        IMPORT_URL, {"series": series.pk, "source_text": source_text, "confirm": "确认导入"}
    )
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/bulletins/bulletin/{bulletin.pk}/change/"
    assert bulletin.status == Article.Status.DRAFT
    assert bulletin.number == 62 and bulletin.year == 2020
    assert bulletin.sections.count() == 6
    plan = bulletin.work_plan
    assert plan.status == WorkPlan.Status.DRAFT
    assert plan.month == dt.date(2020, 11, 1)
    assert plan.items.count() == 10
    assert Leader.objects.count() == 7 and Department.objects.count() == 11
    assert bulletin.title in admin_client.get(response["Location"]).content.decode()


def test_importing_the_same_issue_twice_is_refused_and_writes_nothing(admin_client, series):
    ImportPreview.build(parse_bulletin(SEED.read_text()), series).save()
    before = row_counts()
    html = upload(admin_client, series, "seed.txt", SEED.read_bytes()).content.decode()
    assert "无法导入：工会要情摘报2020年第六十二期已经存在。" in html
    assert 'name="confirm"' not in html
    response = admin_client.post(
        IMPORT_URL, {"series": series.pk, "source_text": SEED.read_text(), "confirm": "1"},
        follow=True,
    )
    assert "没有导入：工会要情摘报2020年第六十二期已经存在。" in response.content.decode()
    assert row_counts() == before


def test_a_failure_during_confirmation_writes_nothing(series, monkeypatch):
    from imports import pipeline as importing

    def fail(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "guess_due_date", fail)  # fails after the bulletin is saved
    before = row_counts()
    with pytest.raises(RuntimeError):
        ImportPreview.build(parse_bulletin(SEED.read_text()), series).save()
    assert row_counts() == before


def test_pasted_text_previews_like_a_file(admin_client, series):
    html = admin_client.post(
        IMPORT_URL, {"series": series.pk, "text": SEED.read_text()}
    ).content.decode()
    assert "荆州市总工会十一月工作计划（10 项）" in html


def test_docx_with_a_plan_table(admin_client, series):
    html = upload(
        admin_client, series, "二月.docx", (SAMPLES / "plan-table.docx").read_bytes()
    ).content.decode()
    assert "2021年第三期" in html
    assert "二、</td><td>推进职工文化建设" in html
    assert "荆州市总工会三月工作计划（2 项）" in html
    assert "开展职工技能竞赛筹备工作。（完成时限：3月底）" in html
    assert "经技部（新）</span>、<span class=\"new-name\" title=\"将新建\">基层工作部（新）" in html


def test_gb18030_text_file(admin_client, series):
    data = SEED.read_text().encode("gb18030")
    html = upload(admin_client, series, "gbk.txt", data).content.decode()
    assert "荆州市总工会十一月工作计划（10 项）" in html


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "所提交的是空文件"),
        ("blank.txt", b" \n\n ", "文件是空的"),
        ("picture.docx", PNG, "不是有效的 Word（.docx）文档"),
        ("old.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "无法读取旧版 Word 文档（.doc）"),
        ("big.txt", b"a" * (MAX_FILE_BYTES + 1), "文件超过 10 MB"),
        ("photo.png", PNG, "只能导入 .docx（Word）或 .txt（纯文本）文件"),
        ("nonsense.txt", "今天天气很好。\n明天也不错。".encode(), "没有"),
    ],
)
def test_bad_files_get_a_chinese_message_and_nothing_is_written(
    admin_client, series, name, data, message
):
    before = row_counts()
    response = upload(admin_client, series, name, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "预览：确认后将创建以下内容" not in html
    assert row_counts() == before


def test_nothing_to_import_is_a_form_error(admin_client, series):
    html = admin_client.post(IMPORT_URL, {"series": series.pk}).content.decode()
    assert "请上传文件或粘贴要导入的全文。" in html


def test_only_staff_who_may_add_bulletins_can_import(client, series):
    user = User.objects.create_user("clerk", password="pw-123456789", is_staff=True)
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="add_bulletin"))
    assert client.get(IMPORT_URL).status_code == 200
    client.logout()
    assert client.get(IMPORT_URL).status_code == 302  # to the log-in page


def test_bulletin_list_links_to_the_import_page(admin_client, series):
    html = admin_client.get("/admin/bulletins/bulletin/").content.decode()
    assert f'href="{IMPORT_URL}"' in html and "导入（Word / 文本）" in html


def test_command_dry_run_prints_the_preview_and_writes_nothing(series):
    out = io.StringIO()
    before = row_counts()
    call_command("import_bulletin", str(SEED), "--dry-run", stdout=out)
    output = out.getvalue()
    assert "综述部分：6 个" in output
    assert "  2. 责任领导：高启秀、葛艳平、罗莉；责任部室：组织部、工业制造业工会联合会" in output
    assert "试运行：没有写入任何内容" in output
    assert row_counts() == before


def test_command_imports_and_publishes(series):
    out = io.StringIO()
    call_command("import_bulletin", str(SEED), "--publish", stdout=out)
    bulletin = Bulletin.objects.get()
    assert bulletin.is_public
    assert bulletin.work_plan.is_published
    assert "已导入（已发布）" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/file.txt"], "无法读取文件"),
        ([str(SAMPLES / "plan-table.docx"), "--series", "不存在的刊物"], "没有名为“不存在的刊物”的刊物"),
        ([str(ROOT / "README.md")], "只能导入 .docx（Word）或 .txt（纯文本）文件"),
    ],
)
def test_command_fails_with_a_message(series, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_bulletin", *args, stdout=io.StringIO())
    assert Bulletin.objects.count() == 0

from pathlib import Path

from playwright.sync_api import expect

SEED = Path(__file__).resolve().parents[2] / "demo" / "fixtures" / "bulletin-2020-62.txt"


def test_editor_imports_the_seed_bulletin_through_the_admin(page, live_server, transactional_db):
    from django.contrib.auth.models import User

    from bulletins.models import BulletinSeries
    from news.models import Column

    column = Column.objects.create(name="工会要情", slug="bulletins")
    BulletinSeries.objects.create(name="工会要情摘报", column=column)
    User.objects.create_superuser("chief", password="chief-password-2026")

    page.goto(live_server.url + "/admin/login/?next=/admin/bulletins/bulletin/")
    page.get_by_label("用户名").fill("chief")
    page.get_by_label("密码").fill("chief-password-2026")
    page.get_by_role("button", name="登录").click()

    page.get_by_role("link", name="导入（Word / 文本）").click()
    page.get_by_label("上传文件").set_input_files(str(SEED))
    page.get_by_role("button", name="预览").click()

    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("荆州市总工会十一月工作计划（10 项）")
    expect(preview).to_contain_text("加强财务管理和经费审计工作")
    expect(preview.locator(".new-name").first).to_have_text("高启秀（新）")
    expect(preview).to_contain_text("未能识别的内容（0 行）")

    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "已导入草稿“工会要情摘报2020年第六十二期:荆州市总工会十月份工作”"
    )
    page.goto(live_server.url + "/admin/bulletins/bulletin/")
    expect(page.locator("#result_list")).to_contain_text(
        "工会要情摘报2020年第六十二期:荆州市总工会十月份工作"
    )

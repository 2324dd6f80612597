"""generate_demo_data: realistic content in every column, and a guard for real databases."""

import pytest
from django.core.management import CommandError, call_command

from bulletins.models import Bulletin, BulletinSection
from news.models import Article, Attachment, Column
from workplans.models import Department, Leader, PlanItem, ProgressReport, WorkPlan


@pytest.fixture
def generated(db):
    call_command("generate_demo_data", articles=300, verbosity=0)


def test_it_fills_every_column_and_the_plans(generated, client):
    for column in Column.objects.all():
        assert Article.objects.filter(column=column).exists(), column
    assert Article.objects.filter(bulletin__isnull=True).count() == 300
    assert Article.objects.exclude(cover_image="").exists()
    assert Attachment.objects.exists()
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Bulletin.objects.count() >= 6
    assert BulletinSection.objects.filter(bulletin=Bulletin.objects.first()).count() >= 3
    assert WorkPlan.objects.published().count() == Bulletin.objects.count()
    assert PlanItem.objects.filter(leader_links__isnull=False, department_links__isnull=False).exists()
    assert ProgressReport.objects.exists() and Leader.objects.count() >= 8 and Department.objects.exists()
    article = Article.objects.published().filter(bulletin__isnull=True).first()
    assert "总工会" in article.title and "<p>" in article.body
    pages = ["/", Column.objects.first().get_absolute_url(), article.get_absolute_url(),
             Bulletin.objects.first().get_absolute_url(), Leader.objects.first().get_absolute_url(),
             "/search/?q=职工"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    assert article.get_absolute_url() in client.get("/search/", {"q": article.title}).content.decode()


def test_it_refuses_a_database_with_real_content_unless_forced(db):
    call_command("load_demo", verbosity=0)
    with pytest.raises(CommandError, match="不是本命令生成的内容"):
        call_command("generate_demo_data", articles=10, verbosity=0)
    assert not Article.objects.filter(created_by__username="generated-demo").exists()
    call_command("generate_demo_data", articles=10, verbosity=0, force=True, no_search_index=True)
    assert Article.objects.filter(created_by__username="generated-demo", bulletin__isnull=True).count() == 10


def test_it_runs_again_on_its_own_content(generated):
    call_command("generate_demo_data", articles=20, verbosity=0, no_search_index=True)
    assert Article.objects.filter(bulletin__isnull=True).count() == 320

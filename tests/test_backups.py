"""backup_site → wipe → restore_site gives back the same content and the same files.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL on CI's second
run, where it goes through pg_dump and pg_restore). Models are found by name, not imported,
so the test does not depend on which app holds them."""

import hashlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

CONTENT = ["Article", "Bulletin", "WorkPlan", "ProgressReport"]


def model(name):
    return next(m for m in apps.get_models() if m.__name__ == name)


def counts():
    return {name: model(name)._default_manager.count() for name in CONTENT}


def media_digest():
    root = Path(settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


@pytest.fixture
def site_content(transactional_db):
    call_command("load_demo", verbosity=0)
    author = User.objects.create_user("backup-leader", password="backup-leader-2026")
    Report = model("ProgressReport")
    status = Report._meta.get_field("status").choices[0][0]
    for item in model("PlanItem")._default_manager.all()[:3]:
        Report(item=item, author=author, text="已完成调研。", status=status, percent=40).save()
    media = Path(settings.MEDIA_ROOT)
    # The demo's sample covers may already be in this folder.
    (media / "covers" / "2026" / "12").mkdir(parents=True, exist_ok=True)
    (media / "covers" / "2026" / "12" / "a1b2c3.jpg").write_bytes(b"\xff\xd8\xff" + b"jpeg" * 1000)
    (media / "reports").mkdir()
    (media / "reports" / "d4e5f6.pdf").write_bytes(b"%PDF-1.4 report")


def test_backup_wipe_restore_round_trip(site_content, tmp_path):
    before_counts, before_media = counts(), media_digest()
    assert all(before_counts.values()), before_counts  # every kind of content is there
    call_command("backup_site", str(tmp_path / "site.tar.gz"), verbosity=0)

    for name in ["ProgressReport", "Article", "Bulletin", "WorkPlan"]:
        model(name)._default_manager.all().delete()
    for path in Path(settings.MEDIA_ROOT).rglob("*.pdf"):
        path.unlink()
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("not in the backup")
    assert counts() != before_counts

    call_command("restore_site", str(tmp_path / "site.tar.gz"), "--noinput", verbosity=0)
    assert counts() == before_counts
    assert media_digest() == before_media
    assert User.objects.filter(username="backup-leader").exists()


def test_a_folder_gets_a_dated_archive_name(site_content, tmp_path):
    call_command("backup_site", str(tmp_path), verbosity=0)
    (archive,) = tmp_path.glob("jzgh-*.tar.gz")
    assert archive.stat().st_size > 0


def test_restore_refuses_what_is_not_a_backup(transactional_db, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="不是本网站的备份文件"):
        call_command("restore_site", str(bogus), "--noinput")

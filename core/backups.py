"""Backups of the whole site, database and uploaded files, in one .tar.gz archive.

The database is saved with its own tools rather than `dumpdata`: `pg_dump --format=custom`
on PostgreSQL (one consistent snapshot taken without stopping the site, sequences, indexes
and the search index's GIN index included, restored by `pg_restore` in one transaction) and
SQLite's online backup API (a consistent copy of the file while the site runs). `dumpdata`
would rebuild every row through the ORM, is slow on large tables, loses nothing Django does
not model only by luck, and cannot load into a database that already has the groups and
content types `migrate` creates.

Archive layout: manifest.json (format, database vendor, creation time, row counts per model,
media files), database.dump or database.sqlite3, media/… (DJANGO_MEDIA_ROOT).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

FORMAT = 1
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A problem the operator can fix; the message says what (in Chinese)."""


def model_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _pg_env():
    db = connection.settings_dict
    env = dict(os.environ)
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                          ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")]:
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(command, env=None):
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"找不到 {command[0]}，请安装 postgresql-client。") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()}")


def _dump_database(path):
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)],
             env=_pg_env())
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库。")


def _load_database(path):
    if connection.vendor == "postgresql":
        connection.close()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--dbname", connection.settings_dict["NAME"], str(path)],
             env=_pg_env())
    else:
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def _media_files(root):
    root = Path(root)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) \
        if root.exists() else []


def backup(destination):
    """Write the archive to `destination` (a file, or a folder for a dated name); returns
    its path and the manifest."""
    destination = Path(destination)
    if destination.is_dir():
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        destination = destination / f"jzgh-{stamp}.tar.gz"
    destination.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    dump_name = DUMP_NAMES.get(connection.vendor, "database")
    with tempfile.TemporaryDirectory(dir=destination.parent) as work:
        dump = Path(work) / dump_name
        _dump_database(dump)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "database": dump_name,
            "counts": model_counts(),
            "media_files": _media_files(media_root),
        }
        (Path(work) / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(work) / "manifest.json", "manifest.json")
            archive.add(dump, dump_name)
            if media_root.exists():
                archive.add(media_root, "media")
        os.replace(partial, destination)  # a half-written archive never has the final name
    return destination, manifest


def read_manifest(path):
    try:
        with tarfile.open(path, "r:gz") as archive:
            return json.load(archive.extractfile("manifest.json"))
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} 不是本网站的备份文件：{error}") from error


def restore(path):
    """Replace the database and the media folder with the archive's; returns the manifest."""
    manifest = read_manifest(path)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 与本版本（{FORMAT}）不符。")
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"备份来自 {manifest['vendor']} 数据库，当前是 {connection.vendor}，不能直接恢复。"
        )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")  # no absolute paths, links out or devices
        _load_database(Path(work) / manifest["database"])
        restored_media = Path(work) / "media"
        restored_media.mkdir(exist_ok=True)
        old = Path(work) / "media-before-restore"
        if media_root.exists():
            os.replace(media_root, old)
        shutil.move(restored_media, media_root)
    cache.clear()  # cached sessions and pages describe the database that was replaced
    return manifest

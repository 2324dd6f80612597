import csv

from django.http import HttpResponse
from django.utils import timezone

CSV_COLUMNS = [
    ("时间", lambda entry: timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S")),
    ("用户名", lambda entry: entry.username),
    ("操作", lambda entry: entry.get_action_display()),
    ("对象类型", lambda entry: entry.content_type.name if entry.content_type else ""),
    ("对象编号", lambda entry: entry.object_id),
    ("对象", lambda entry: entry.object_repr),
    ("IP 地址", lambda entry: entry.ip_address or ""),
    ("说明", lambda entry: entry.detail),
    ("版本编号", lambda entry: entry.revision_id or ""),
]


def _cell(value):
    # A cell starting with = + - @ is a formula to Excel; attempted user names are typed by
    # strangers, so such cells are quoted as text.
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def csv_response(entries, filename):
    """`entries` as a CSV download; the byte-order mark makes Excel read it as UTF-8."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([title for title, _ in CSV_COLUMNS])
    for entry in entries.select_related("content_type"):
        writer.writerow([_cell(value(entry)) for _, value in CSV_COLUMNS])
    return response

"""Fixtures for the leaders' workspace tests (my tasks, reports, overview, reminders)."""

import datetime as dt
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from core import roles
from workplans.models import (
    Department,
    Leader,
    PlanItem,
    PlanItemDepartment,
    PlanItemLeader,
    WorkPlan,
)

_sequence = itertools.count(1)
SEED_MONTH = dt.date(2020, 11, 1)


@pytest.fixture
def make_user(db):
    def make(username=None, **fields):
        username = username or f"user{next(_sequence)}"
        return get_user_model().objects.create_user(username=username, password="pw-123456-jz", **fields)

    return make


@pytest.fixture
def make_leader(db, make_user):
    def make(name=None, with_user=True, email=""):
        number = next(_sequence)
        user = make_user(f"leader{number}", email=email) if with_user else None
        return Leader.objects.create(name=name or f"领导{number}", order=number, user=user)

    return make


@pytest.fixture
def make_department(db):
    def make(name=None, members=()):
        number = next(_sequence)
        department = Department.objects.create(name=name or f"部室{number}", order=number)
        department.members.set(members)
        return department

    return make


@pytest.fixture
def make_plan(db):
    def make(month, status=WorkPlan.Status.PUBLISHED, **fields):
        return WorkPlan.objects.create(month=month, status=status, **fields)

    return make


@pytest.fixture
def make_item(db):
    def make(plan, leaders=(), departments=(), order=None, **fields):
        item = PlanItem.objects.create(
            plan=plan, order=order or next(_sequence), content=fields.pop("content", "测试任务"), **fields
        )
        PlanItemLeader.objects.bulk_create(
            PlanItemLeader(item=item, leader=leader, order=position)
            for position, leader in enumerate(leaders)
        )
        PlanItemDepartment.objects.bulk_create(
            PlanItemDepartment(item=item, department=department, order=position)
            for position, department in enumerate(departments)
        )
        return item

    return make


@pytest.fixture
def seed(db, make_user):
    """The demo content, with 高启秀 signed up as a user (load_demo makes accounts only in DEBUG)."""
    call_command("load_demo", verbosity=0)
    leader = Leader.objects.get(name="高启秀")
    leader.user = make_user("gaoqixiu", first_name="高启秀", email="gao@example.com")
    leader.save()
    return {"plan": WorkPlan.objects.get(month=SEED_MONTH), "leader": leader, "user": leader.user}


@pytest.fixture
def staff_user(make_user):
    """An office account: staff in the 编辑 group (office pages go by permission, not is_staff)."""
    user = make_user("office", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


@pytest.fixture
def bare_staff_user(make_user):
    """A staff account with no group or permission: it sees what the public sees."""
    return make_user("bare", is_staff=True)

"""Who may see what is not public yet.

One rule for every kind of content and every place that shows it (the public address, the
admin's preview, attachments, a bulletin's draft plan): whoever may view or change that kind
of content in the admin may preview it. Being staff is not enough; an account with no
permissions sees only what the public sees.
"""

from django.contrib.auth import get_permission_codename


def may_preview(user, model):
    """Whether `user` may see unpublished objects of `model` (a model class or instance)."""
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )

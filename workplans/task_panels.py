"""What other apps add to the leaders' workspace (我的任务 and an item's task page).

The 督办 steps (签收, 催办, 办结, 延期, 评价) belong to the supervision app, which depends on the
work plans and not the other way round, like the plan's part of a bulletin page
(bulletins.pages). So that app registers a `TaskPanel` here (in its AppConfig.ready), and the
two pages render every registered panel's template with the context it returns.
"""

_registered = []


class TaskPanel:
    item_template = None  # rendered on an item's task page, after its facts
    tasks_template = None  # rendered on 我的任务, above the list

    def item_context(self, request, item):
        return {}

    def tasks_context(self, request):
        return {}


def register(panel):
    if panel not in _registered:
        _registered.append(panel)


def item_panels(request, item):
    """[(template, context)] for an item's task page."""
    return [
        (panel.item_template, panel.item_context(request, item))
        for panel in _registered
        if panel.item_template
    ]


def tasks_panels(request):
    """[(template, context)] for 我的任务."""
    return [
        (panel.tasks_template, panel.tasks_context(request))
        for panel in _registered
        if panel.tasks_template
    ]

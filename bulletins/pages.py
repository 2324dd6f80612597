"""What other apps add to a bulletin's public page.

A bulletin reports last month's work and publishes next month's plan; the plan and the items
each section reports belong to the work plans, which depend on bulletins and not the other
way round. So the plans app registers a `BulletinPagePart` here (in its AppConfig.ready), and
the bulletin page renders every registered part: its `section_template` inside each section,
its `template` after the sections, with the context its `context()` returns.
"""

_registered = []


class BulletinPagePart:
    template = None  # rendered after the sections
    section_template = None  # rendered at the end of each section, with `section`

    def context(self, bulletin, sections, viewer):
        return {}


def register(part):
    if part not in _registered:
        _registered.append(part)


def page_parts(bulletin, sections, viewer):
    """[(part, its context)] for this bulletin's page."""
    return [(part, part.context(bulletin, sections, viewer)) for part in _registered]

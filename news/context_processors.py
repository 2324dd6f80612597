from django.utils.functional import SimpleLazyObject

from .models import ColumnTree


def columns(request):
    """The column tree for the navigation; lazy, so the admin pays nothing."""
    return {"column_tree": SimpleLazyObject(lambda: ColumnTree.for_request(request))}

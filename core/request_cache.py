def once_per_request(request, name, load):
    """`load()`'s result, computed at most once for this request."""
    cache = request.__dict__.setdefault("_portal_cache", {})
    if name not in cache:
        cache[name] = load()
    return cache[name]

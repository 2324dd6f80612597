def kept_on(obj, name, key, compute):
    """`compute()`, kept on `obj` (as attribute `name`) for as long as `key`, what the value is
    made of, stays the same: an object that changes is worked out again, and one kept in a
    cache carries the value with it."""
    known = obj.__dict__.get(name)
    if known is None or known[0] != key:
        known = obj.__dict__[name] = (key, compute())
    return known[1]

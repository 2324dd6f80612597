"""The client's address: REMOTE_ADDR, or behind the site's own reverse proxies the address
they report in X-Forwarded-For.

X-Forwarded-For is believed only when the connection comes from a configured proxy
(TRUSTED_PROXIES: addresses or networks, DJANGO_TRUSTED_PROXIES in the environment), and
then only as far as the chain runs through such proxies: read from the right (nginx appends
the address it saw), the first address that is not a trusted proxy is the client. Anything a
client wrote into the header itself stands to the left of that and is ignored, as is the
whole header on a connection that does not come from a trusted proxy. Used by the audit log
and by django-axes (AXES_CLIENT_IP_CALLABLE), so that lockouts key on the real client.
"""

import functools
import ipaddress

from django.conf import settings
from django.core import checks


@functools.cache
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


@checks.register(checks.Tags.security)
def check_trusted_proxies(app_configs=None, **kwargs):
    """A TRUSTED_PROXIES entry that is no address or network stops the site at start-up
    (`check`), not at the first request."""
    errors = []
    for proxy in getattr(settings, "TRUSTED_PROXIES", ()):
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            errors.append(
                checks.Error(
                    f"DJANGO_TRUSTED_PROXIES: {proxy!r} is not an IP address or network.",
                    id="core.E001",
                )
            )
    return errors


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address):
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request):
    """The client's address for `request` (see above), or None without one."""
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    client = remote
    if _is_trusted(remote):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        for hop in reversed(forwarded.split(",")):
            address = _address(hop)
            if address is None:  # a malformed entry: nothing further left can be trusted
                break
            client = address
            if not _is_trusted(address):
                break
    return str(client)

"""The classroom's logins: nativeauthenticator's passwords behind JupyterHub's own login page.

``jupyterhub-nativeauthenticator`` 1.3.0 replaces the hub's ``/login`` page
with its own handler, which still calls ``self.statsd``, gone from JupyterHub
6: every login fails with an error 500. :class:`RosterAuthenticator` keeps the
authenticator's password check (:meth:`authenticate`, bcrypt hashes in the
hub's database, blocking after repeated failures) and its change-password
pages, and leaves ``/login`` to JupyterHub. Its sign-up, approval and e-mail
pages are dropped: in a workshop every login is made by
``python -m course classroom setup`` from the roster, never by a visitor.

Examples
--------
>>> sorted(path for path, _ in RosterAuthenticator().get_handlers(None))
['/change-password', '/change-password/([^/]+)']
"""

from __future__ import annotations

from nativeauthenticator import NativeAuthenticator

__all__ = ["RosterAuthenticator"]

_KEPT = ("/change-password", "/change-password/([^/]+)")


class RosterAuthenticator(NativeAuthenticator):
    """NativeAuthenticator without sign-up, with JupyterHub's login page."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_new_table", False)  # setup made the table with the hub's database
        super().__init__(*args, **kwargs)

    def get_handlers(self, app):
        return [(path, handler) for path, handler in super().get_handlers(app) if path in _KEPT]

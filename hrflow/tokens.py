"""API tokens (django-rest-knox): stored as hashes, expire after HRFLOW_TOKEN_TTL_DAYS, and end
with the person's sign-out or password change. A person sees and revokes only their own.

Knox keeps a token's first characters (`token_key`) in clear to find its row; that prefix names a
token on the pages and in the API (never the secret, never the stored hash)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import AuthToken

# The part of token_key shown to people: enough to tell their tokens apart.
SHOWN_PREFIX = 8


def issue(user) -> tuple[AuthToken, str]:
    """A new token for this person; the secret is returned once and stored only as a hash."""
    return AuthToken.objects.create(user=user, expiry=settings.HRFLOW_TOKEN_TTL)


def of(user):
    """This person's tokens that still open the API, newest first."""
    return (
        AuthToken.objects.filter(user=user, expiry__gt=timezone.now())
        .only("token_key", "created", "expiry")
        .order_by("-created")
    )


def revoke(user, key) -> bool:
    """Revoke one of this person's own tokens by its key; False if they have none by that key
    (someone else's is treated as not there)."""
    deleted, _rows = AuthToken.objects.filter(user=user, token_key=key).delete()
    return bool(deleted)


def revoke_all(user) -> int:
    deleted, _rows = AuthToken.objects.filter(user=user).delete()
    return deleted


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        revoke_all(user)


def forget_expired(now=None) -> int:
    """Expired tokens open nothing (TokenAuthentication checks); the beat sweep drops them."""
    deleted, _rows = AuthToken.objects.filter(expiry__lte=now or timezone.now()).delete()
    return deleted


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's, except that an expired token is refused without deleting anything there and
    then: a GET never writes (forget_expired, run by beat, cleans up)."""

    def _cleanup_token(self, auth_token) -> bool:
        return auth_token.expiry is not None and auth_token.expiry <= timezone.now()


class RevokeTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for its password_changed() hook: Django calls it from
    User.save() after every set_password() — the admin's forms, the password-change views,
    `changepassword` — so no path that changes a password can forget to end the tokens."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            revoke_all(user)

    def get_help_text(self):
        return _("Changing the password ends every API token of this person.")

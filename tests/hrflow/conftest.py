import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas are made for every test; the production hasher would spend seconds on them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def hr_admin(org):
    """The admin persona as HR sets it up: the admin role and access to the Django admin."""
    user = org.admin.user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user

import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas log in with a password; hashing it at full strength for every test
    would cost more than the tests themselves."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

import pytest


@pytest.fixture
def hr_admin(org):
    """The admin persona as HR sets it up: the admin role and access to the Django admin."""
    user = org.admin.user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user

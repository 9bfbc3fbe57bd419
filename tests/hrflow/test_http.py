from django.test import RequestFactory

from hrflow.http import client_ip


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_a_forwarded_header_is_ignored_unless_a_proxy_is_declared(settings):
    settings.HRFLOW_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("10.0.0.5", "203.0.113.9")) == "10.0.0.5"


def test_behind_one_declared_proxy_the_address_it_saw_is_recorded(settings):
    settings.HRFLOW_TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the address it really saw.
    assert client_ip(request_from("10.0.0.5", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_a_short_forwarded_header_falls_back_to_the_socket(settings):
    settings.HRFLOW_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.5", "203.0.113.9")) == "10.0.0.5"

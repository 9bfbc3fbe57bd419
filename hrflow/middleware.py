from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Thai unless the person chose English with the switch (the language cookie).

    Many office PCs and phones run an English browser; Django's own rule would follow the
    browser's Accept-Language and show them English by default. The API keeps Django's rule,
    so an integrator may ask for English with Accept-Language."""

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
        return None


class ContentSecurityPolicyMiddleware:
    """Every response says what the page may load and run (settings.HRFLOW_CSP): HRFlow's pages
    run no script at all, so an injected one is refused by the browser as well as by the
    sanitiser. The API docs page runs Swagger UI's own inline start-up script, so it alone gets
    settings.HRFLOW_CSP_API_DOCS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            docs = request.path_info.startswith("/api/docs/")
            response["Content-Security-Policy"] = (
                settings.HRFLOW_CSP_API_DOCS if docs else settings.HRFLOW_CSP
            )
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

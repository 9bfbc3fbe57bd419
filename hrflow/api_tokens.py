"""The API's sign-in and sign-out: tokens issued for a login and password, ended by logout, and
each person's own list of tokens (hrflow/tokens.py holds the rules)."""

from django.contrib.auth import authenticate
from django.contrib.auth import logout as end_session
from django.utils.translation import gettext as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from hrflow import login_throttle, tokens
from hrflow.api import ErrorSerializer, error_responses


class TokenScheme(KnoxTokenScheme):
    """The schema's security scheme for our subclass of knox's authentication."""

    target_class = "hrflow.tokens.TokenAuthentication"


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expiry = serializers.DateTimeField()


class TokenSerializer(serializers.ModelSerializer):
    """One of my tokens as a person sees it: never the secret, never its stored hash."""

    key = serializers.CharField(source="token_key", help_text="Names the token in the URLs.")
    prefix = serializers.SerializerMethodField()

    class Meta:
        model = AuthToken
        fields = ("key", "prefix", "created", "expiry")
        read_only_fields = fields

    def get_prefix(self, token) -> str:
        return token.token_key[: tokens.SHOWN_PREFIX]


class TokenView(APIView):
    """POST {"username", "password"} → {"token", "expiry"}: a new token each time, valid for
    HRFLOW_TOKEN_TTL_DAYS. 429 with a `detail` while sign-in is paused for this login and
    address (hrflow/login_throttle.py)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=CredentialsSerializer,
        responses={
            200: IssuedTokenSerializer,
            **error_responses(400),
            429: OpenApiResponse(ErrorSerializer, description="Sign-in paused: see Retry-After."),
        },
    )
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request, **credentials.validated_data)
        if user is None:
            wait = login_throttle.paused_for(request)
            if wait:
                return Response(
                    {"detail": _("Too many wrong passwords for this login. Try again later.")},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                    headers={"Retry-After": str(wait)},
                )
            message = _("Unable to log in with provided credentials.")
            return Response(
                {"detail": message, "non_field_errors": [message]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, secret = tokens.issue(user)
        return Response({"token": secret, "expiry": token.expiry})


class LogoutView(APIView):
    """Ends the token this request came with; a session sign-out ends the session and, like
    the web's logout, every token of the person."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Signed out.")})
    def post(self, request):
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        else:
            # django.contrib.auth.logout() ends every token too (hrflow/apps.py).
            end_session(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyTokenList(generics.ListAPIView):
    """My API tokens that still open the API, newest first (`key` names one for revoking)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = TokenSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuthToken.objects.none()
        return tokens.of(self.request.user)


class MyTokenView(APIView):
    """DELETE revokes one of my tokens; someone else's is a 404, as if it did not exist."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={204: OpenApiResponse(description="Revoked."), **error_responses(404)})
    def delete(self, request, key):
        if not tokens.revoke(request.user, key):
            return Response({"detail": _("No such token of yours.")}, status=404)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""The minutes' own API endpoints beside the generic ones: entries under the agenda items,
action items and their follow-up, adoption of the previous minutes, and staff suggestions.
Views parse and present; meetings.services / followups / suggestions decide."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from hrflow.api import API_PERMISSIONS, error_responses, id_field
from hrflow.http import client_ip
from meetings import followups
from meetings import services as meetings
from meetings import suggestions as suggestion_services
from meetings.models import ActionItem, MeetingMinutes, MeetingSeries, Suggestion

from .minutes import ActionItemSerializer, MinutesSerializer


def _minutes(request, pk):
    return get_object_or_404(MeetingMinutes.objects.visible_to(request.user), pk=pk)


class ActionItems(APIView):
    permission_classes = API_PERMISSIONS

    @extend_schema(responses={200: ActionItemSerializer(many=True), **error_responses(404)})
    def get(self, request, pk):
        """This meeting's action items and, under `follow_ups`, the earlier ones it follows."""
        minutes = _minutes(request, pk)
        return Response(
            {
                "action_items": ActionItemSerializer(minutes.action_items.all(), many=True).data,
                "follow_ups": ActionItemSerializer(
                    ActionItem.followups_for(minutes), many=True
                ).data,
            }
        )

    @extend_schema(
        request=ActionItemSerializer,
        responses={201: ActionItemSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        """Add an action item (owner and due date required) to a draft; the owner is told."""
        minutes = _minutes(request, pk)
        body = ActionItemSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        action = followups.action_add(
            minutes,
            by=request.user,
            item=data.get("item", 4),
            text=data["text"],
            owner=data.get("owner"),
            due_date=data.get("due_date"),
        )
        return Response(ActionItemSerializer(action).data, status=status.HTTP_201_CREATED)


class EntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=("problem", "resolution"))
    item = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(max_length=5000)
    raised_by = id_field(
        required=False, allow_null=True, help_text=gettext_lazy("Employee id (problems).")
    )
    unit = id_field(required=False, allow_null=True, help_text=gettext_lazy("Unit id (problems)."))


class Entries(APIView):
    permission_classes = API_PERMISSIONS

    @extend_schema(
        request=EntrySerializer,
        responses={201: MinutesSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        """Record a problem or obstacle (by whom, which unit) or a resolution (มติ) under an
        agenda item of a draft: 201 with the minutes."""
        minutes = _minutes(request, pk)
        body = EntrySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if data.pop("kind") == "problem":
            meetings.problem_add(minutes, by=request.user, **data)
        else:
            meetings.resolution_add(minutes, by=request.user, item=data["item"], text=data["text"])
        return Response(MinutesSerializer(minutes).data, status=status.HTTP_201_CREATED)


class ProgressSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text=gettext_lazy("Required unless `close` is true."),
    )
    close = serializers.BooleanField(required=False, default=False)


class ActionProgress(APIView):
    permission_classes = API_PERMISSIONS

    @extend_schema(
        request=ProgressSerializer,
        responses={200: ActionItemSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request, pk, action_id):
        """At this meeting (a draft), record progress on an earlier action item, or close it."""
        minutes = _minutes(request, pk)
        body = ProgressSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        action = followups.action_progress(
            action_id, at_minutes=minutes, by=request.user, **body.validated_data
        )
        return Response(ActionItemSerializer(action).data)


class AdoptPrevious(APIView):
    permission_classes = API_PERMISSIONS

    @extend_schema(
        request=None, responses={200: MinutesSerializer, **error_responses(403, 404, 409)}
    )
    def post(self, request, pk):
        """Item 2: this meeting adopted the previous minutes of the series, which are final now."""
        adopted = meetings.minutes_adopt_previous(
            _minutes(request, pk), by=request.user, ip=client_ip(request)
        )
        return Response(MinutesSerializer(adopted).data)


class SuggestionSerializer(serializers.ModelSerializer):
    """`author` is empty for an anonymous suggestion, whoever asks."""

    series = serializers.PrimaryKeyRelatedField(queryset=MeetingSeries.objects.all())
    author = serializers.CharField(source="author_shown", read_only=True)

    class Meta:
        model = Suggestion
        fields = (
            "id", "series", "text", "anonymous", "author", "status", "placed_in", "outcome",
            "created_at",
        )  # fmt: skip
        read_only_fields = ("status", "placed_in", "outcome", "created_at")


class Suggestions(APIView):
    permission_classes = API_PERMISSIONS

    @extend_schema(responses={200: SuggestionSerializer(many=True)})
    def get(self, request):
        rows = suggestion_services.visible_to(request.user).select_related("submitted_by")
        return Response(SuggestionSerializer(rows, many=True).data)

    @extend_schema(
        request=SuggestionSerializer,
        responses={201: SuggestionSerializer, **error_responses(400, 403)},
    )
    def post(self, request):
        body = SuggestionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        suggestion = suggestion_services.suggestion_submit(by=request.user, **body.validated_data)
        return Response(SuggestionSerializer(suggestion).data, status=status.HTTP_201_CREATED)


class HandleSerializer(serializers.Serializer):
    minutes = id_field(required=False)
    outcome = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text=gettext_lazy("The answer to the person; required unless `minutes` is given."),
    )


class HandleSuggestion(APIView):
    permission_classes = API_PERMISSIONS

    @extend_schema(
        operation_id="suggestions_handle",
        request=HandleSerializer,
        responses={200: SuggestionSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        """`minutes`: place it on that draft's item 4; `outcome`: answer the person."""
        suggestion = get_object_or_404(suggestion_services.visible_to(request.user), pk=pk)
        body = HandleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if "minutes" in data:
            suggestion = suggestion_services.suggestion_place(
                suggestion, by=request.user, minutes=data["minutes"]
            )
        else:
            suggestion = suggestion_services.suggestion_answer(
                suggestion, by=request.user, outcome=data.get("outcome", "")
            )
        return Response(SuggestionSerializer(suggestion).data)


urlpatterns = [
    path(
        "minutes/<int:pk>/entries/",
        login_not_required(Entries.as_view()),
        name="api-minutes-entries",
    ),
    path(
        "minutes/<int:pk>/action-items/",
        login_not_required(ActionItems.as_view()),
        name="api-minutes-action-items",
    ),
    path(
        "minutes/<int:pk>/action-items/<int:action_id>/progress/",
        login_not_required(ActionProgress.as_view()),
        name="api-minutes-action-progress",
    ),
    path(
        "minutes/<int:pk>/adopt-previous/",
        login_not_required(AdoptPrevious.as_view()),
        name="api-minutes-adopt-previous",
    ),
    path("suggestions/", login_not_required(Suggestions.as_view()), name="api-suggestions"),
    path(
        "suggestions/<int:pk>/",
        login_not_required(HandleSuggestion.as_view()),
        name="api-suggestion-handle",
    ),
]

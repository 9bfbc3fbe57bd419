from django.shortcuts import redirect


def home(request):
    """Everyone lands on their inbox: what asks for their acknowledgement comes first."""
    return redirect("notifications:inbox")

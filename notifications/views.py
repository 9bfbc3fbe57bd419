from django.http import HttpResponse


def inbox(request):
    return HttpResponse("todo")


def confirm_link(request, token):
    return HttpResponse("todo")

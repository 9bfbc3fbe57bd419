from django.http import HttpResponse


def circular_list(request):
    return HttpResponse("todo")


def circular_detail(request, pk):
    return HttpResponse("todo")

from django.shortcuts import render


def edition_home(request, edition):
    return render(request, "program/home.html", {"edition": edition})

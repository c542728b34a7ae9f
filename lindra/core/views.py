"""The error pages, rendered by Lindra's own templates."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


@login_not_required
def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    # Rendered without the request: whatever failed must not fail again here.
    return HttpResponseServerError(loader.get_template("500.html").render())

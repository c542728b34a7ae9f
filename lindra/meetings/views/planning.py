import datetime as dt
import hashlib

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.core.views_helpers import render_form, run_form
from lindra.meetings import deadlines, services
from lindra.meetings.access import get_committee_to_plan
from lindra.meetings.forms import EventForm, TopicForm, plan_formset
from lindra.meetings.models import CompetenceTopic, DeadlineStep, Meeting
from lindra.registry.access import get_group_for_user, get_network_for_user
from lindra.registry.services import save_form_instance


def _plan(request, organiser, *, year: int, back_url: str, year_url):
    """The year's plan of a group or a committee, one for each year: the meetings already
    planned and new ones in one form, warnings to confirm, then save."""
    plan = services.year_plan(organiser, year)
    adding = "add_row" in request.POST
    formset = plan_formset(request.POST or None, plan=plan, add_row=adding)
    warnings: list[str] = []
    if request.method == "POST" and not adding and formset.is_valid():
        rows = formset.planned_rows()
        warnings = services.plan_warnings(organiser, rows, plan)
        # Saving anyway confirms these very warnings: a plan changed since they were shown is
        # checked again.
        if not warnings or request.POST.get("confirm") == _confirmation(warnings):
            try:
                services.plan_year(organiser, rows, year=year, by=request.user, request=request)
            except services.MeetingError as error:
                formset._non_form_errors = formset.error_class([str(error)])
            else:
                messages.success(request, _("Møteplanen for %(year)s er lagret.") % {"year": year})
                return redirect(back_url)
    return render(
        request,
        "meetings/plan.html",
        {
            "organiser": organiser,
            "year": year,
            "formset": formset,
            "warnings": warnings,
            "confirmation": _confirmation(warnings),
            "plan": plan,
            "back_url": back_url,
            "other_years": [(y, year_url(y)) for y in (year - 1, year + 1)],
        },
        status=400 if (formset.is_bound and not adding and not formset.is_valid()) else 200,
    )


def _confirmation(warnings: list[str]) -> str:
    return hashlib.sha256("\n".join(warnings).encode()).hexdigest()[:16]


def _year(year: int | None) -> int:
    return year or timezone.localdate().year + 1


def plan_group_year(request, pk: int, year: int | None = None):
    group = get_group_for_user(request, pk, change=True)
    return _plan(
        request,
        group,
        year=_year(year),
        back_url=group.get_absolute_url(),
        year_url=lambda y: reverse("meetings:plan_group_year", args=[group.pk, y]),
    )


def plan_committee_year(request, pk: int, year: int | None = None):
    committee = get_committee_to_plan(request, pk)
    return _plan(
        request,
        committee,
        year=_year(year),
        back_url=reverse("registry:committee", args=[committee.pk]),
        year_url=lambda y: reverse("meetings:plan_committee_year", args=[committee.pk, y]),
    )


def new_event(request, pk: int):
    """A committee (the operations group) plans the network's fagdag or an intro course. A
    second fagdag in a year is planned only once its warning has been confirmed."""
    committee = get_committee_to_plan(request, pk)
    initial = (
        {"kind": request.GET["type"]} if request.GET.get("type") in (Meeting.Kind.FAGDAG, Meeting.Kind.COURSE) else {}
    )
    form = EventForm(request.POST or None, initial=initial)
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        warnings = services.event_warnings(committee.network, kind=data["kind"], day=data["day"])

    def save(data):
        starts_at, ends_at = form.as_times()
        return services.plan_event(
            committee,
            kind=data["kind"],
            title=data["title"],
            starts_at=starts_at,
            ends_at=ends_at,
            place=data["place"],
            programme=data["programme"],
            capacity=data["capacity"],
            by=request.user,
            request=request,
        )

    # Saving anyway confirms these very warnings: a date changed since they were shown is checked again.
    confirmed = not warnings or request.POST.get("confirm") == _confirmation(warnings)
    meeting = run_form(request, form, save) if confirmed else None
    if meeting:
        messages.success(request, _("%(title)s er lagt inn.") % {"title": meeting.title})
        return redirect(meeting)
    return render_form(
        request,
        "meetings/event_form.html",
        form,
        title=_("Ny fagdag eller nytt introduksjonskurs"),
        intro=_(
            "Fagdagen er for alle i nettverket og deres nærmeste ledere. Introduksjonskurset innkaller dem som ikke "
            "har tatt kurset ennå, og deres nærmeste ledere. Innkalling, påmelding, oppmøte og referat går som for "
            "nettverksmøtene."
        ),
        submit=_("Legg inn likevel") if warnings else _("Legg inn"),
        warnings=warnings,
        confirmation=_confirmation(warnings),
        cancel_url=reverse("registry:committee", args=[committee.pk]),
    )


@require_GET
def overview(request, pk: int):
    """The secretariat's view of every group's deadline chain: what is due, what is late, who
    answers for it, and who is told when."""
    network = get_network_for_user(request, pk, change=True)
    today = timezone.localdate()
    steps = (
        DeadlineStep.objects.filter(
            meeting__network=network, done_at__isnull=True, due_on__lte=today + dt.timedelta(days=30)
        )
        .select_related("meeting__network", "meeting__local_group", "meeting__committee", "meeting__host")
        .order_by("due_on", "meeting__starts_at")
    )
    return render(
        request,
        "meetings/overview.html",
        {
            "network": network,
            "rows": deadlines.step_rows(list(steps), today),
            "today": today,
            "the_rules": deadlines.rules_in_words(),
        },
    )


def topics(request, pk: int):
    """The competence plan's topics, which part 2 of every meeting links to."""
    network = get_network_for_user(request, pk, change=True)
    form = TopicForm(request.POST or None, instance=CompetenceTopic(network=network))
    if run_form(
        request, form, lambda data: save_form_instance(form, by=request.user, request=request, network=network)
    ):
        messages.success(request, _("Temaet er lagt til."))
        return redirect("meetings:topics", network.pk)
    return render_form(request, "meetings/topics.html", form, network=network, topics=network.competence_topics.all())


def topic_edit(request, pk: int, topic_pk: int):
    network = get_network_for_user(request, pk, change=True)
    topic = get_object_or_404(CompetenceTopic, pk=topic_pk, network=network)
    form = TopicForm(request.POST or None, instance=topic)
    if run_form(
        request, form, lambda data: save_form_instance(form, by=request.user, request=request, network=network)
    ):
        messages.success(request, _("Temaet er lagret."))
        return redirect("meetings:topics", network.pk)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Endre tema"),
        submit=_("Lagre"),
        cancel_url=reverse("meetings:topics", args=[network.pk]),
    )

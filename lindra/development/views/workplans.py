"""The member's work plan for a year, the nearest leader's answer (signed in or by the
e-mailed link), and the yearly meeting of the two."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lindra.core.access import refuse_to_change
from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.core.views_helpers import run_form
from lindra.development import rules, workplans
from lindra.development.forms import EvaluationForm, LeaderAnswerForm, WorkPlanForm, YearlyMeetingForm
from lindra.development.models import WorkPlan
from lindra.development.workplan_access import PlanAccess, get_plan_access
from lindra.development.workplans import WorkPlanError

Status = WorkPlan.Status
SUBMIT, SAVE, TAKE_BACK = "send", "lagre", "ta-tilbake"
AGREE, CHANGES = "godta", "endringer"


# --- The plan -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def work_plan(request, membership_id: int, year: int):
    access = get_plan_access(
        request, membership_id, year, change=request.method == "POST", viewed=request.method == "GET"
    )
    if request.method == "POST" and not access.is_member:
        refuse_to_change(request, f"work plan {membership_id}/{year}", access.membership.network)
    plan = workplans.plan_of(access.membership, year)
    action = request.POST.get("handling", SAVE)
    if request.method == "POST" and action == TAKE_BACK:
        try:
            workplans.take_back(plan, by=request.user, request=request)
        except WorkPlanError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("Planen er tatt tilbake. Når du har endret den, sender du den til lederen igjen.")
            )
        return redirect(request.path)
    form = _plan_form(request, plan) if access.is_member and plan.status in workplans.EDITABLE else None
    if request.method == "POST" and form is None:
        messages.error(request, _("Planen er sendt til lederen og kan ikke endres nå."))
        return redirect(request.path)
    if form is not None:
        service = workplans.submit if action == SUBMIT else workplans.save_draft

        def act(data):
            fields = {name: data[name] for name in workplans.PLAN_FIELDS}
            return service(plan, fields, by=request.user, expected_version=data["version"], request=request)

        if run_form(request, form, act):
            messages.success(request, _submitted_message(access) if action == SUBMIT else _("Utkastet er lagret."))
            return redirect(request.path)
    return _plan_page(request, access, plan, form=form)


def _plan_form(request, plan: WorkPlan) -> WorkPlanForm:
    initial = {name: getattr(plan, name) for name in workplans.PLAN_FIELDS}
    initial["version"] = plan.version if plan.pk else 0
    return WorkPlanForm(request.POST if request.method == "POST" else None, initial=initial)


def _submitted_message(access: PlanAccess) -> str:
    leader = access.membership.nearest_leader
    if leader.email:
        return _("Planen er sendt til %(leader)s, som får en e-post med lenke for å godta den.") % {
            "leader": leader.full_name
        }
    return _(
        "Planen er sendt til %(leader)s. Lederen har ingen e-postadresse i registeret: si fra at planen venter."
    ) % {"leader": leader.full_name}


def _plan_page(request, access: PlanAccess, plan: WorkPlan, *, form=None, answer_form=None):
    membership, year = access.membership, access.year
    years = rules.plan_years(membership.starts_on, membership.ends_on, timezone.localdate())
    answering = access.is_leader and plan.status == Status.SUBMITTED
    context = {
        "access": access,
        "membership": membership,
        "year": year,
        "plan": plan,
        "form": form,
        "answer_form": answer_form or (LeaderAnswerForm() if answering else None),
        "answer_url": reverse("development:work_plan_decide", args=[membership.pk, year]),
        "network_year": workplans.network_year(membership, year),
        # A nearest leader reads the plan, but not the group's meeting pages.
        "links_to_meetings": request.roles.sees_group(membership.local_group_id, membership.network_id),
        "yearly_meeting": workplans.yearly_meeting_of(membership, year),
        "previous_year": year - 1 if year - 1 in years else None,
        "next_year": year + 1 if year + 1 in years else None,
    }
    failed = (form is not None and form.errors) or (answer_form is not None and answer_form.errors)
    return render(request, "development/work_plan.html", context, status=400 if failed else 200)


@require_POST
def work_plan_decide(request, membership_id: int, year: int):
    """The nearest leader, signed in, agrees to the plan or asks for changes."""
    access = get_plan_access(request, membership_id, year, change=True)
    if not access.is_leader:
        refuse_to_change(request, f"work plan {membership_id}/{year} answer", access.membership.network)
    plan = workplans.plan_of(access.membership, year)
    form = LeaderAnswerForm(request.POST)
    if answered := run_form(request, form, lambda data: _answer(request, plan, access.membership.nearest_leader, data)):
        messages.success(request, _answered_message(answered))
        return redirect("development:work_plan", membership_id, year)
    return _plan_page(request, access, plan, answer_form=form)


def _answer(request, plan: WorkPlan, leader, data: dict) -> WorkPlan:
    by = request.user if request.user.is_authenticated else None
    if plan.pk is None:
        raise WorkPlanError(_("Planen venter ikke på svar nå."))
    if request.POST.get("handling") == AGREE:
        return workplans.agree(plan, leader=leader, by=by, request=request)
    return workplans.ask_for_changes(plan, data["note"], leader=leader, by=by, request=request)


def _answered_message(plan: WorkPlan) -> str:
    name = plan.membership.person.full_name
    if plan.status == Status.AGREED:
        return _("Du har godtatt planen. %(name)s får beskjed på e-post.") % {"name": name}
    return _("Planen er sendt tilbake til %(name)s med merknaden din.") % {"name": name}


# --- The e-mailed link ----------------------------------------------------------------------


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def work_plan_answer(request, token: str):
    """The page the leader's e-mailed link opens, without signing in. Opening it changes
    nothing (mail scanners open links): agreeing and asking for changes are buttons (POSTs).
    A link already used says what was decided, and when."""
    found = workplans.plan_for_token(token)
    if found is None:
        record(AuditAction.ACCESS_REFUSED, request=request, target="work plan link", changes={"status": 404})
        return render(request, "development/work_plan_answer_invalid.html", status=404)
    plan, leader = found
    membership = plan.membership
    if membership.nearest_leader_id != leader.pk:
        record(
            AuditAction.ACCESS_REFUSED,
            request=request,
            obj=plan,
            network=membership.network,
            target="work plan link",
            changes={"status": 410, "reason": "no longer the nearest leader"},
        )
        return render(
            request, "development/work_plan_answer.html", {"plan": plan, "leader": leader, "stale": True}, status=410
        )
    form = LeaderAnswerForm(request.POST or None)
    if answered := run_form(request, form, lambda data: _answer(request, plan, leader, data)):
        messages.success(request, _answered_message(answered))
        return redirect(request.path)
    context = {
        "plan": plan,
        "leader": leader,
        "answer_form": form if plan.status == Status.SUBMITTED else None,
        "answer_url": request.path,
        "decided_at": plan.agreed_at if plan.status == Status.AGREED else plan.changes_requested_at,
        "signed_in_url": reverse("development:work_plan", args=[membership.pk, plan.year])
        if request.user.is_authenticated and request.roles.person_id == leader.pk
        else "",
    }
    return render(request, "development/work_plan_answer.html", context, status=400 if form.errors else 200)


# --- The yearly meeting ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def yearly_meeting(request, membership_id: int, year: int):
    """Member or leader books the yearly meeting, or moves it; the others who see the plan
    read when it is."""
    access = get_plan_access(
        request, membership_id, year, change=request.method == "POST", viewed=request.method == "GET"
    )
    meeting = workplans.yearly_meeting_of(access.membership, year)
    form = _booking_form(request, access, meeting)
    if request.method == "POST" and form is None:
        messages.error(request, _("Møtet er holdt og evaluert, og kan ikke flyttes."))
        return redirect(request.path)
    if form is not None:

        def act(data):
            starts_at, ends_at = form.as_times()
            return workplans.book_yearly_meeting(
                access.membership,
                year,
                starts_at=starts_at,
                ends_at=ends_at,
                place=data["place"],
                by=request.user,
                expected_version=data["version"],
                request=request,
            )

        if booked := run_form(request, form, act):
            messages.success(request, _booked_message(access, moved=meeting is not None, meeting=booked))
            return redirect(request.path)
    return _meeting_page(request, access, meeting, booking_form=form)


def _booking_form(request, access: PlanAccess, meeting) -> YearlyMeetingForm | None:
    if not access.takes_part or (meeting is not None and meeting.evaluated_at is not None):
        return None
    if meeting is None:
        initial = {"version": 0}
    else:
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        initial = {
            "version": meeting.version,
            "day": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "place": meeting.place,
        }
    return YearlyMeetingForm(request.POST if request.method == "POST" else None, initial=initial)


def _booked_message(access: PlanAccess, *, moved: bool, meeting) -> str:
    other = access.membership.nearest_leader if access.is_member else access.membership.person
    words = {"when": workplans.moment(meeting.starts_at), "name": other.full_name if other else ""}
    if moved:
        return _("Møtet er flyttet til %(when)s. Dere får begge den nye tiden på e-post, med kalenderfil.") % words
    return _("Møtet er booket %(when)s. Dere får begge en e-post med kalenderfil.") % words


@require_POST
def yearly_meeting_evaluation(request, membership_id: int, year: int):
    access = get_plan_access(request, membership_id, year, change=True)
    meeting = workplans.yearly_meeting_of(access.membership, year)
    if meeting is None:
        messages.error(request, _("Book møtet først. Evalueringen skrives etter møtet."))
        return redirect("development:yearly_meeting", membership_id, year)
    form = EvaluationForm(request.POST)

    def act(data):
        return workplans.record_evaluation(
            meeting, data["evaluation"], by=request.user, expected_version=data["version"], request=request
        )

    if run_form(request, form, act):
        messages.success(request, _("Evalueringen er lagret."))
        return redirect("development:yearly_meeting", membership_id, year)
    return _meeting_page(request, access, meeting, evaluation_form=form)


def _meeting_page(request, access: PlanAccess, meeting, *, booking_form=None, evaluation_form=None):
    membership, year = access.membership, access.year
    held = meeting is not None and meeting.starts_at <= timezone.now()
    if evaluation_form is None and held and access.takes_part:
        evaluation_form = EvaluationForm(initial={"version": meeting.version, "evaluation": meeting.evaluation})
    context = {
        "access": access,
        "membership": membership,
        "year": year,
        "meeting": meeting,
        "held": held,
        "plan": workplans.plan_of(membership, year),
        "form": booking_form,
        "evaluation_form": evaluation_form,
    }
    failed = any(f is not None and f.errors for f in (booking_form, evaluation_form))
    return render(request, "development/yearly_meeting.html", context, status=400 if failed else 200)

"""Recording the choice of a group's next leader (seed 000)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindra.core.views_helpers import run_form
from lindra.development import terms
from lindra.development.access import get_leader_term_for_user
from lindra.development.forms import LeaderChoiceForm


def choose_leader(request, pk: int):
    term = get_leader_term_for_user(request, pk, change=True)
    group = term.local_group
    successor = terms.successor_of(term)
    found = terms.succession(term)
    choices = [(r.person_id, f"{r.name} – {terms.why(r, found.starts_on)}") for r in found.ranking]
    form = LeaderChoiceForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        meetings=terms.meetings_to_choose_at(group),
    )
    choice = (
        None
        if successor
        else run_form(
            request,
            form,
            lambda data: terms.choose_leader(
                term,
                person_id=data["person"],
                meeting=data["meeting"],
                confirmed=data["confirm"],
                by=request.user,
                request=request,
            ),
        )
    )
    if choice:
        new_term = choice.term
        messages.success(
            request,
            _("%(name)s er valgt som gruppeleder fra %(date)s.")
            % {"name": new_term.person, "date": date_format(new_term.starts_on, "DATE_FORMAT")},
        )
        if choice.meeting_id:
            messages.info(
                request,
                _("Valget er skrevet inn i referatet fra møtet.")
                if choice.in_minutes
                else _("Referatet fra møtet er sendt inn, så valget står ikke i det."),
            )
        return redirect(group)
    return render(
        request,
        "development/choose_leader.html",
        {
            "term": term,
            "group": group,
            "found": found,
            "successor": successor,
            "form": form,
        },
        status=400 if form.errors else 200,
    )

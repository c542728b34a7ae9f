"""Measures Lindra's pages through the full request stack on national-scale data.

    make bench            # SCALE=1: 5,000 people, 300 groups, 20 networks, 10 years of history
    make bench SCALE=10   # ten times as much
    ONLY=year make bench  # only the pages whose name has "year" in it (several: ONLY="year|home")

Prints a table and writes bench/results.json: per page, the median and 95th percentile in
milliseconds, the number of database queries, the ratio of its median to that of a bare
signed-in page (the password change form, asked for by the same user in the same rounds, one
request of it before each request of the page), and the size of the data. The key pages should
stay within three times the bare page (KEY_PAGES).
"""

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.data import HERE, SCALE, prepare

ROUNDS = int(os.environ.get("ROUNDS", "40"))
ONLY = [part for part in os.environ.get("ONLY", "").split("|") if part]
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

# The page every other is compared with: signed in, a small form, nothing counted.
BARE_PAGE = "/konto/passord/"
# The pages people open every day, each to stay within three times the bare page.
KEY_PAGES = {
    "member list",
    "search",
    "name list",
    "year, 300 groups",
    "group's year, largest group",
    "members' years, largest network",
    "members' years, largest group",
    "member's year",
    "annual report, largest network",
    "annual report, 300 groups",
    "home, secretariat",
    "home, group leader",
    "home, host",
    "home, nearest leader",
    "nearest leader's page, most staff",
}


def main() -> None:
    prepare()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from bench.generate import NATIONAL_NETWORK, PASSWORD, SECRETARY_EMAIL, group_leader
    from lindra.meetings.models import DeadlineStep, FollowUp, Meeting, Registration
    from lindra.registry.models import Change, LocalGroup, Membership, Network

    setup_test_environment()
    size = {
        "scale": SCALE,
        "networks": Network.objects.count(),
        "local_groups": LocalGroup.objects.count(),
        "memberships": Membership.objects.count(),
        "history_rows": Change.objects.count(),
        "meetings": Meeting.objects.count(),
        "deadline_steps": DeadlineStep.objects.count(),
        "registrations": Registration.objects.count(),
        "follow_ups": FollowUp.objects.count(),
    }
    registry_networks = Network.objects.exclude(name=NATIONAL_NETWORK)
    network = registry_networks.annotate(n=Count("memberships")).order_by("-n").first()
    national = Network.objects.get(name=NATIONAL_NETWORK)
    size["national_network_groups"] = national.groups.count()
    small_group = LocalGroup.objects.filter(network=national).order_by("pk").first()
    group = LocalGroup.objects.filter(network=network).annotate(n=Count("memberships")).order_by("-n").first()
    person_id = (
        Change.objects.values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("person_id", flat=True)
        .first()
    )
    past = (timezone.localdate() - dt.timedelta(days=365 * 3)).isoformat()
    past_year = timezone.localdate().year - 3
    this_year = timezone.localdate().year
    ten_years = f"fra={this_year - 9}&til={this_year}"
    pages = {
        "member list": f"/nettverk/{network.pk}/medlemmer/",
        "member list, last page": f"/nettverk/{network.pk}/medlemmer/?side=9999",
        "search": f"/nettverk/{network.pk}/medlemmer/?q=kari&status=alle&sorter=gruppe",
        "member page": f"/personer/{person_id}/",
        "name list": f"/grupper/{group.pk}/",
        "name list, 3 years ago": f"/grupper/{group.pk}/?dato={past}",
        # The year of the meeting cycle: every group of a network, and one group's year.
        "year, 300 groups": f"/nettverk/{national.pk}/aret/",
        "year, 300 groups, 3 years ago": f"/nettverk/{national.pk}/aret/{past_year}/",
        "year, largest network": f"/nettverk/{network.pk}/aret/",
        "year, 300 groups, spreadsheet": f"/nettverk/{national.pk}/aret/?format=xlsx",
        "group's year, largest group": f"/grupper/{group.pk}/aret/",
        "group's year, 3 years ago": f"/grupper/{group.pk}/aret/{past_year}/",
        "group's year, small group": f"/grupper/{small_group.pk}/aret/",
        # The member's year: every member of the largest network, one column per task.
        "members' years, largest network": f"/nettverk/{network.pk}/medlemmenes-ar/{this_year}/",
        "members' years, spreadsheet": f"/nettverk/{network.pk}/medlemmenes-ar/{this_year}/?format=xlsx",
        "members' years, largest group": f"/grupper/{group.pk}/medlemmenes-ar/{this_year}/",
        "member's year": f"/medlemskap/{_longest_history(person_id)}/aret/{this_year}/",
        # Plans and documents: the competence plan's topics × 300 groups × ten years, and its spreadsheet.
        "coverage, 300 groups, 10 years": f"/nettverk/{national.pk}/kompetanseplan/dekning/?{ten_years}",
        "coverage, spreadsheet": f"/nettverk/{national.pk}/kompetanseplan/dekning.xlsx?{ten_years}",
        "documents, largest network": f"/nettverk/{network.pk}/dokumenter/",
        # The annual wheel: the 300 groups counted per month, the largest network drawn.
        "wheel, 300 groups": f"/nettverk/{national.pk}/arshjul/{this_year}/",
        "wheel, 300 groups, PDF": f"/nettverk/{national.pk}/arshjul/{this_year}.pdf",
        "wheel, largest network": f"/nettverk/{network.pk}/arshjul/{this_year}/",
        "wheel, largest group": f"/grupper/{group.pk}/arshjul/{this_year}/",
        # The annual report of last year: the page with its charts, and its figures as a spreadsheet.
        "annual report, largest network": f"/nettverk/{network.pk}/arsrapport/{this_year - 1}/",
        "annual report, 300 groups": f"/nettverk/{national.pk}/arsrapport/{this_year - 1}/",
        "annual report, 300 groups, xlsx": f"/nettverk/{national.pk}/arsrapport/{this_year - 1}/tall.xlsx",
    }
    # News and the public page of the 300-group network (made here once).
    news_item, public_slug = _news_and_public_page(national)
    pages["news, 300 groups"] = f"/nettverk/{national.pk}/nyheter/"
    pages["news item, 300 groups"] = f"/nyheter/{news_item.pk}/"
    pages["public page, 300 groups"] = f"/offentlig/{public_slug}/"
    # Deviations: ten years of them in the 300-group network, and the network's list and figures.
    size["deviations"] = _deviations(national, timezone.now())
    pages["deviations, 300 groups"] = f"/nettverk/{national.pk}/avvik/"
    # The yearly questionnaire: the results of one with 5,000 answers, whole and for one group.
    questionnaire = _questionnaire_with_answers(network, 5000)
    size["questionnaire_answers"] = questionnaire.responses.count()
    pages["questionnaire, 5,000 answers"] = f"/sporreskjema/{questionnaire.pk}/"
    pages["questionnaire results, 5,000 answers"] = f"/sporreskjema/{questionnaire.pk}/resultater/"
    pages["questionnaire results, one group"] = f"/sporreskjema/{questionnaire.pk}/resultater/?gruppe={group.pk}"
    pages["questionnaire answers, spreadsheet"] = f"/sporreskjema/{questionnaire.pk}/svar.xlsx"
    secretariat = client = Client()
    assert client.login(email=SECRETARY_EMAIL, password=PASSWORD) or _sign_in(client, SECRETARY_EMAIL, PASSWORD)
    clients = {name: client for name in pages}
    # The nearest leader's page, as the leader with the most staff today sees it.
    leader, staff = _leader_with_most_staff()
    size["largest_staff"] = staff
    # Each role's home page: the secretariat of every network, the leader of the largest group,
    # a member of it who hosts its next meeting, and the nearest leader with the most staff.
    signed_in = {
        "secretariat": client,
        "group leader": _client_of(group_leader(group, timezone.localdate()).person),
        "host": _client_of(_next_host(group)),
        "nearest leader": _client_of(leader),
    }
    for role, role_client in signed_in.items():
        pages[f"home, {role}"] = "/"
        clients[f"home, {role}"] = role_client
    pages["nearest leader's page, most staff"] = "/mine-ansatte/"
    clients["nearest leader's page, most staff"] = signed_in["nearest leader"]
    results = {"data": size, "bare_page": BARE_PAGE, "key_pages": sorted(KEY_PAGES), "pages": {}}
    bare = _measure(client, BARE_PAGE, connection)
    results["pages"]["bare signed-in page"] = {
        "url": BARE_PAGE,
        "median_ms": round(statistics.median(bare["timings"]), 1),
        "p95_ms": round(_p95(bare["timings"]), 1),
        "queries": bare["queries"],
        "ratio": 1.0,
    }
    print(f"\n{'page':36} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'ratio':>6}")
    _print_row("bare signed-in page", results["pages"]["bare signed-in page"])
    for name, url in pages.items():
        if ONLY and not any(part in name for part in ONLY):
            continue
        found = _measure(clients[name], url, connection)
        median = statistics.median(found["timings"])
        ratio = median / statistics.median(found["bare_timings"])
        results["pages"][name] = {
            "url": url,
            "median_ms": round(median, 1),
            "p95_ms": round(_p95(found["timings"]), 1),
            "queries": found["queries"],
            "ratio": round(ratio, 1),
            "bare_median_ms": round(statistics.median(found["bare_timings"]), 1),
        }
        _print_row(name, results["pages"][name])
    print("* key page: to stay within three times the bare signed-in page")
    results["news_mail"] = _time_news_mail(national)
    print(f"news to the whole 300-group network: {results['news_mail']}")
    results["network_invitation"] = _time_network_invitation(network, secretariat)
    print(f"fagdag invitation to the largest network: {results['network_invitation']}")
    results["tasks"] = _annual_report_pdfs({"largest network": network, "300 groups": national}, this_year - 1)
    print(f"\ndata: {size}")
    out = HERE / "results.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {out}")


def _measure(client, url: str, connection) -> dict:
    """The page's queries (counted on a first request), then ROUNDS timed requests of it, each
    after one timed request of the bare page by the same user, so that both see the same load."""
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings, bare_timings = [], []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        client.get(BARE_PAGE)
        bare_timings.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return {"queries": len(queries), "timings": timings, "bare_timings": bare_timings}


def _print_row(name: str, found: dict) -> None:
    mark = " *" if name in KEY_PAGES else ""
    print(
        f"{name:36} {found['median_ms']:10.1f} {found['p95_ms']:8.1f} {found['queries']:8d} {found['ratio']:6.1f}{mark}"
    )


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _deviations(network, now) -> int:
    """Two deviations a year in every group of the network for ten years, most closed (some
    locally, some by the operations group), the newest open; made once."""
    from lindra.annual.models import Deviation

    if not Deviation.objects.filter(network=network).exists():
        rows = []
        for group in network.groups.all():
            for n in range(20):
                reported = now - dt.timedelta(days=n * 182 + group.pk % 90)
                closed = reported + dt.timedelta(days=10 + n % 30) if n else None
                escalated = reported + dt.timedelta(days=5) if n % 3 == 0 else None
                rows.append(
                    Deviation(
                        network=network,
                        local_group=group,
                        title=f"Avvik {n + 1} i {group.name}",
                        description="Innkallingen kom for sent.",
                        reported_at=reported,
                        escalated_at=escalated,
                        closed_at=closed,
                        closed_locally=closed is not None and escalated is None,
                        status="closed" if closed else "escalated" if escalated else "reported",
                        measure="Ny rutine." if closed else "",
                    )
                )
        Deviation.objects.bulk_create(rows, batch_size=2000)
    return Deviation.objects.filter(network=network).count()


def _annual_report_pdfs(networks: dict, year: int) -> dict:
    """The annual report's PDF, made by the background task's function as the worker runs it:
    milliseconds (median of three) and queries."""
    from django.db import connection

    from lindra.annual.models import AnnualReport, ReportRender
    from lindra.annual.reports import make_pdf

    found = {}
    for name, network in networks.items():
        report, _ = AnnualReport.objects.get_or_create(network=network, year=year)
        timings, queries, size = [], [], 0
        for _round in range(3):
            made = ReportRender.objects.create(report=report)
            counted: list[str] = []

            def count(execute, sql, params, many, context, counted=counted):
                counted.append(sql)
                return execute(sql, params, many, context)

            started = time.perf_counter()
            with connection.execute_wrapper(count):
                size = make_pdf(made.pk)
            timings.append((time.perf_counter() - started) * 1000)
            queries.append(len(counted))
        found[f"annual report PDF, {name}"] = {
            "median_ms": round(statistics.median(timings), 1),
            "queries": queries[-1],
            "bytes": size,
        }
        print(f"{'annual report PDF, ' + name:36} {statistics.median(timings):10.1f} {'':>8} {queries[-1]:8d}")
    return found


def _client_of(person):
    """A test client signed in as the person, who is given a user (without a password) if
    they have none."""
    from django.test import Client

    from lindra.accounts.models import User

    if person.user_id is None:
        person.user = User.objects.create_user(person.email, None)
        person.save(update_fields=["user"])
    signed_in = Client()
    signed_in.force_login(person.user)
    return signed_in


def _next_host(group):
    """A current member of the group who hosts one of its meetings still to come (the first of
    them is given to a member here once when none does)."""
    from django.utils import timezone

    from lindra.meetings.models import Meeting
    from lindra.registry.models import Membership

    today = timezone.localdate()
    members = Membership.objects.current(today).filter(local_group=group)
    upcoming = Meeting.objects.filter(local_group=group, starts_at__gt=timezone.now()).order_by("starts_at")
    hosted = upcoming.filter(host__in=members.values("person")).first()
    if hosted is None:
        hosted = upcoming.first() or Meeting.objects.filter(local_group=group).order_by("-starts_at").first()
        hosted.starts_at = max(hosted.starts_at, timezone.now() + dt.timedelta(days=30))
        hosted.ends_at = hosted.starts_at + dt.timedelta(hours=4)
        hosted.host = members.exclude(person__terms__local_group=group).order_by("pk").first().person
        hosted.save(update_fields=["starts_at", "ends_at", "host"])
    return hosted.host


def _longest_history(person_id: int) -> int:
    """The membership of the person with the most history."""
    from lindra.registry.models import Membership

    return Membership.objects.filter(person_id=person_id).order_by("-starts_on").values_list("pk", flat=True)[0]


def _leader_with_most_staff():
    """The nearest leader of the most current memberships, with a user to sign in as (the
    generated leaders have none: made here once, without a password)."""
    from django.db.models import Count
    from django.utils import timezone

    from lindra.registry.models import Membership, Person

    row = (
        Membership.objects.current(timezone.localdate())
        .exclude(nearest_leader=None)
        .values("nearest_leader")
        .annotate(n=Count("id"))
        .order_by("-n", "nearest_leader")
        .first()
    )
    return Person.objects.get(pk=row["nearest_leader"]), row["n"]


def _news_and_public_page(network):
    """Twenty items of news in the network, half to the whole of it, and its public page open."""
    from django.utils import timezone

    from lindra.annual.models import NewsItem, PublicPage

    if not NewsItem.objects.filter(network=network).exists():
        groups = list(network.groups.order_by("pk")[:40])
        for n in range(20):
            item = NewsItem.objects.create(
                network=network,
                title=f"Nyhet {n}",
                body="Tekst " * 80,
                public=n % 3 == 0,
                published_at=timezone.now(),
                mailed_at=timezone.now(),
            )
            item.local_groups.set(groups[n : n + 2] if n % 2 else [])
    page, _created = PublicPage.objects.get_or_create(
        network=network,
        defaults={
            "slug": "nasjonalt",
            "published": True,
            "show_committees": True,
            "show_documents": True,
            "show_reports": True,
            "show_fagdag": True,
            "show_news": True,
        },
    )
    return NewsItem.objects.filter(network=network).order_by("pk").first(), page.slug


def _time_news_mail(network) -> dict:
    """Queues news to the whole network as the background task does, timed, and rolls it back."""
    from django.db import transaction
    from django.utils import timezone

    from lindra.annual import news
    from lindra.annual.models import NewsItem

    with transaction.atomic():
        item = NewsItem.objects.create(network=network, title="Til alle", body="Tekst", published_at=timezone.now())
        started = time.perf_counter()
        queued = news.mail_news(item.pk)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {"queued": queued, "seconds": round(seconds, 1), "per_message_ms": round(seconds * 1000 / max(queued, 1), 2)}


def _time_network_invitation(network, client) -> dict:
    """Sends a fagdag's invitation to the whole network as the secretariat does: the request
    timed, then the background task that puts the e-mails in the outbox, with the rows and
    bytes the outbox gains; rolled back."""
    from django.db import transaction
    from django.db.models import Sum
    from django.db.models.functions import Length
    from django.utils import timezone

    from lindra.mail.models import OutboxAttachment, OutboxBlob, OutboxMessage
    from lindra.meetings import invitations
    from lindra.meetings.models import Invitation, Meeting
    from lindra.registry.models import Committee

    with transaction.atomic():
        committee = Committee.objects.create(network=network, name="Fagdagskomiteen", kind=Committee.Kind.WORKING)
        starts_at = timezone.now() + dt.timedelta(days=30)
        meeting = Meeting.objects.create(
            network=network,
            committee=committee,
            kind=Meeting.Kind.FAGDAG,
            title="Fagdag",
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=6),
        )
        started = time.perf_counter()
        response = client.post(f"/moter/{meeting.pk}/innkalling/", {"text": "Velkommen!", "action": "send"})
        request_seconds = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        invitation = Invitation.objects.get(meeting=meeting)
        started = time.perf_counter()
        queued = invitations.queue_invitation_mail(invitation.pk)
        task_seconds = time.perf_counter() - started
        messages = OutboxMessage.objects.filter(dedupe_key__startswith=f"invitation:{meeting.pk}:")
        attachments = OutboxAttachment.objects.filter(message__in=messages)
        blobs = OutboxBlob.objects.filter(pk__in=attachments.values("blob"))
        text = messages.aggregate(text=Sum(Length("body_text")), html=Sum(Length("body_html")))
        found = {
            "members_mailed": queued,
            "request_seconds": round(request_seconds, 2),
            "task_seconds": round(task_seconds, 1),
            "messages": messages.count(),
            "attachment_rows": attachments.count(),
            "blob_rows": blobs.count(),
            "blob_bytes": blobs.aggregate(n=Sum("size"))["n"],
            "text_bytes": (text["text"] or 0) + (text["html"] or 0),
        }
        transaction.set_rollback(True)
    return found


def _questionnaire_with_answers(network, answers: int):
    """The network's standard questionnaire of this year with `answers` finished responses,
    spread over its groups, professions and kinds of workplace; made once."""
    import random

    from django.utils import timezone

    from lindra.annual import questionnaires
    from lindra.annual.models import Answer, Questionnaire, Respondent, Response
    from lindra.registry.models import LocalGroup, Membership, Profession, Workplace

    today = timezone.localdate()
    found = Questionnaire.objects.filter(network=network, title="Benchmark").first()
    if found is not None:
        return found
    rng = random.Random(11)
    questionnaire = questionnaires.create_questionnaire(
        network,
        year=today.year,
        title="Benchmark",
        opens_on=today,
        closes_on=today + dt.timedelta(days=21),
        start=questionnaires.STANDARD,
        by=None,
    )
    Questionnaire.objects.filter(pk=questionnaire.pk).update(sent_at=timezone.now())
    members = Membership.objects.current(today).filter(network=network).select_related("person")
    Respondent.objects.bulk_create(
        Respondent(
            questionnaire=questionnaire,
            person=m.person,
            membership=m,
            local_group_id=m.local_group_id,
            answered_on=today if rng.random() < 0.7 else None,
        )
        for m in members
    )
    groups = list(LocalGroup.objects.filter(network=network).values_list("pk", flat=True))
    professions = [Profession.NURSE, Profession.NURSE, Profession.PHYSIOTHERAPIST, Profession.OCCUPATIONAL_THERAPIST]
    kinds = [k for k, _label in Workplace.Kind.choices]
    responses = Response.objects.bulk_create(
        Response(
            questionnaire=questionnaire,
            local_group_id=rng.choice(groups),
            profession=rng.choice(professions),
            workplace_kind=rng.choice(kinds),
            finished=True,
        )
        for _ in range(answers)
    )
    questions = questionnaires.questions_of(questionnaire, Respondent.Role.MEMBER)

    def value(question):
        if question.kind in ("number", "scale"):
            return rng.randint(question.scale_min, min(question.scale_max, question.scale_min + 10))
        if question.kind == "single":
            return rng.choice(question.choices)
        if question.kind == "multiple":
            return rng.sample(question.choices, 2)
        return rng.choice(["Mer tid til fag.", "Flere kasus.", "Bra som det er."])

    Answer.objects.bulk_create(
        (Answer(response=r, question=q, value=value(q)) for r in responses for q in questions), batch_size=5000
    )
    return questionnaire


def _sign_in(client, email: str, password: str) -> bool:
    response = client.post("/konto/logg-inn/", {"email": email, "password": password})
    return response.status_code == 302


if __name__ == "__main__":
    main()

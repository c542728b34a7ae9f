"""Every URL × every role: what each persona gets when it opens each page.

A new URL pattern fails these tests until it has a line in EXPECTED: decide, for each
role, what it should get (DESIGN.md §2: 404 for what a role may not see, a redirect to
the sign-in page for a signed-out visitor).
"""

import datetime as dt
import secrets
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from lindra.accounts.models import SignInLink, hash_token
from lindra.annual import news, questionnaires, report_figures
from lindra.annual.models import (
    AnnualReport,
    Deviation,
    Document,
    DocumentVersion,
    NewsItem,
    PublicPage,
    ReportRecipient,
    ReportRender,
    Respondent,
)
from lindra.api import tokens
from lindra.api.models import ApiToken
from lindra.development import competence, onboarding, workplans
from lindra.development.models import CompetenceActivity, FunctionDescription, WelcomeLetter, WorkPlan
from lindra.mail.models import OutboxMessage
from lindra.meetings import calendars, links
from lindra.meetings.models import CompetenceTopic, FollowUp, Meeting, Registration
from lindra.registry.models import ChangeRequest, ImportBatch, Leave, Membership, Term
from tests import factories
from tests.annual.steering_world import a_report, with_steering_group
from tests.csp import csp_problems
from tests.language import not_norwegian
from tests.personas import ALL_ROLES, VISITOR, World, build_world

# Every persona, the edges of who may see what among them (tests/personas.py).
ROLES = ALL_ROLES
EVERYONE = (VISITOR, *ROLES)


@pytest.fixture
def world(db) -> World:
    return build_world(edges=True)


SIGN_IN = "302 → accounts:sign_in"
HOME = "302 → home:home"


def row(signed_in: object, *, visitor: object = SIGN_IN, **roles: object) -> dict[str, object]:
    """What each persona gets: `signed_in` unless named; a visitor is sent to sign in."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"no such persona: {unknown}"
    return {VISITOR: visitor, **{role: roles.get(role, signed_in) for role in ROLES}}


# Who gets what, for the objects of URL_KWARGS: network A, its committee, group A1, the
# member Mona (person and membership) and A1's next meeting. The outsiders are Olav, a
# member of group A2, Gro, who leads A2 (none of A1's follow-ups, members or years are hers),
# Berit, the secretariat of network B, Nils, a member of network B, and Frida, whose membership
# of A1 ended a month ago (nothing of network A is hers any more). Pål is on leave and still a
# member of A1: he sees what the group's members see.
# Those with no part in network A: Berit's rows say hers; Nils and Frida get 404 throughout.
OUTSIDE_NETWORK_A = {"other_network_member": 404, "former_member": 404}
EVERY_SIGNED_IN = row(200)
ANYONE = row(200, visitor=200)
SEES_NETWORK_A = row(404, superuser=200, secretariat=200, committee_member=200)
RUNS_NETWORK_A = row(404, superuser=200, secretariat=200, committee_member=403)
SEES_GROUP_A1 = row(
    404,
    superuser=200,
    secretariat=200,
    committee_member=200,
    group_leader=200,
    host=200,
    member=200,
    member_on_leave=200,
)
MANAGES_GROUP_A1 = row(
    404,
    superuser=200,
    secretariat=200,
    committee_member=403,
    group_leader=403,
    host=403,
    member=403,
    member_on_leave=403,
)
SEES_MONA = row(404, superuser=200, secretariat=200, group_leader=200, member=200, nearest_leader=200)
CHANGES_MONAS_MEMBERSHIP = row(404, superuser=200, secretariat=200, member=403, group_leader=403, nearest_leader=403)
ANY_SECRETARIAT = row(404, superuser=200, secretariat=200, other_secretariat=200)
# A1's next meeting: the group leader and the secretariat run it; its host edits the program
# and marks its own steps; members see it; the committee sees the network but changes only its
# own meetings.
EDITS_A1_MEETING = row(
    404,
    superuser=200,
    secretariat=200,
    committee_member=403,
    group_leader=200,
    host=200,
    member=403,
    member_on_leave=403,
)
RUNS_A1_MEETINGS = row(
    404,
    superuser=200,
    secretariat=200,
    committee_member=403,
    group_leader=200,
    host=403,
    member=403,
    member_on_leave=403,
)
TO_ADD_MEMBER = row(
    404, superuser="302 → registry:add_member", secretariat="302 → registry:add_member", committee_member=403
)
PLANS_COMMITTEE_A = row(404, superuser=200, secretariat=200, committee_member=200)
IN_NETWORK_A = row(200, other_secretariat=404, **OUTSIDE_NETWORK_A)
EDITS_DOCUMENTS_OF_A = row(403, superuser=200, secretariat=200, other_secretariat=404, **OUTSIDE_NETWORK_A)
RECORDS_MONAS_OWN = row(404, superuser=403, secretariat=403, group_leader=403, member=200, nearest_leader=403)

STEERING_REPORTS_OF_A = row(404, superuser=200, secretariat=200, committee_member=200, group_leader=200)
API_ENDPOINTS = ["networks", "network", "groups", "group", "network_name_list", "group_name_list"]
API_ENDPOINTS += ["meetings", "meeting", "report"]

EXPECTED: dict[str, dict[str, object]] = {
    "home:home": EVERY_SIGNED_IN,
    "home:audit_log": ANY_SECRETARIAT,  # each reads its own networks' events
    "accounts:sign_in": row(HOME, visitor=200),
    "accounts:sign_in_link_sent": ANYONE,
    "accounts:sign_in_link": ANYONE,
    "accounts:sign_out": row(405, visitor=405),  # POST only
    # Without OIDC_ISSUER there is no sign-in through OpenID Connect (tests/test_oidc.py has it on).
    "accounts:oidc_start": row(404, visitor=404),
    "accounts:oidc_callback": row(404, visitor=404),
    "accounts:account": EVERY_SIGNED_IN,
    "accounts:account_language": row(405),  # POST only
    "accounts:language_cookie": row(405, visitor=405),  # POST only: the language switcher's buttons
    "accounts:password_change": EVERY_SIGNED_IN,
    "accounts:password_reset": ANYONE,
    "accounts:password_reset_done": ANYONE,
    "accounts:password_reset_confirm": ANYONE,
    # A person's own data (GDPR art. 15) and the privacy statement: anyone signed in gets their
    # own (the superuser, who is no person, its account); Mona's by her networks' secretariat.
    "privacy:statement": ANYONE,
    "privacy:own_data": EVERY_SIGNED_IN,
    "privacy:own_data_pdf": EVERY_SIGNED_IN,
    "privacy:own_data_json": EVERY_SIGNED_IN,
    "privacy:person_own_data": row(404, superuser=200, secretariat=200, member=200),
    "privacy:person_own_data_pdf": row(404, superuser=200, secretariat=200, member=200),
    "privacy:person_own_data_json": row(404, superuser=200, secretariat=200, member=200),
    # Two-factor sign-in: these sessions are fully signed in (no code awaited), none has an app.
    "accounts:two_factor": row(HOME),
    "accounts:two_factor_setup": EVERY_SIGNED_IN,
    "accounts:two_factor_qr": EVERY_SIGNED_IN,  # of the app being set up
    "accounts:two_factor_recovery_codes": row("302 → accounts:account"),  # only right after new codes
    "accounts:two_factor_recovery_codes_download": row("302 → accounts:account"),
    "accounts:two_factor_renew_codes": row(405),  # POST only
    "accounts:two_factor_off": row("302 → accounts:account", superuser=403, secretariat=403, other_secretariat=403),
    # Network A: its secretariat runs it; its committee sees it.
    "registry:network": SEES_NETWORK_A,
    "registry:network_edit": RUNS_NETWORK_A,
    "registry:secretariat": RUNS_NETWORK_A,
    "registry:group_new": RUNS_NETWORK_A,
    "registry:committee_new": RUNS_NETWORK_A,
    "registry:members": RUNS_NETWORK_A,
    "registry:add_member": RUNS_NETWORK_A,
    # While typing on the add-member form (htmx): whose address it is, which workplaces match.
    # Opened as a page, they lead to the form.
    "registry:known_person": TO_ADD_MEMBER,
    "registry:workplace_options": TO_ADD_MEMBER,
    "registry:change_requests": RUNS_NETWORK_A,
    "registry:import": RUNS_NETWORK_A,
    "registry:import_batch": RUNS_NETWORK_A,
    "registry:committee": SEES_NETWORK_A,
    "registry:committee_edit": RUNS_NETWORK_A,
    "registry:end_term": row(405),  # POST only
    # Group A1: its members see the name list; only the secretariat manages the group.
    "registry:group": SEES_GROUP_A1,
    "registry:name_list_xlsx": SEES_GROUP_A1,
    "registry:group_edit": MANAGES_GROUP_A1,
    "registry:group_close": MANAGES_GROUP_A1,
    "registry:group_merge": MANAGES_GROUP_A1,
    "registry:appoint_group_leader": MANAGES_GROUP_A1,
    # Meetings of group A1 (DESIGN.md §1 "The meeting cycle").
    "meetings:detail": SEES_GROUP_A1,
    "meetings:agenda": EDITS_A1_MEETING,
    "meetings:replace_host": RUNS_A1_MEETINGS,  # a host does not replace itself
    "meetings:operations_representative": RUNS_A1_MEETINGS,  # a host does not choose who comes from it
    "meetings:mark_done": row(405),  # POST only
    "meetings:plan_group": RUNS_A1_MEETINGS,
    "meetings:plan_group_year": RUNS_A1_MEETINGS,
    # The committee plans its own meetings.
    "meetings:plan_committee": PLANS_COMMITTEE_A,
    "meetings:plan_committee_year": PLANS_COMMITTEE_A,
    # The deadlines of every group, and the competence plan: the secretariat's.
    "meetings:overview": RUNS_NETWORK_A,
    "meetings:topics": RUNS_NETWORK_A,
    "meetings:topic_edit": RUNS_NETWORK_A,
    # The invitation: those who see the meeting read it; the host and leaders draft it; the
    # secretariat sends it (a POST, checked in tests/meetings/test_invitations.py).
    "meetings:invitation": SEES_GROUP_A1,
    "meetings:invitation_pdf": SEES_GROUP_A1,
    "meetings:invitation_template": RUNS_NETWORK_A,
    "meetings:participants": EDITS_A1_MEETING,
    # Answering: by a signed link without signing in, or in the app by those called to it.
    "meetings:answer": ANYONE,
    # Pål, on leave, is still called to A1's meetings and may answer.
    "meetings:my_answer": row(
        404,
        superuser=403,
        secretariat=403,
        committee_member=403,
        group_leader=403,
        host=200,
        member=200,
        member_on_leave=200,
    ),
    # Calendars: a meeting's and a group's for those who see them; the private feed by token.
    "meetings:meeting_calendar": SEES_GROUP_A1,
    "meetings:group_calendar": SEES_GROUP_A1,
    "meetings:calendar": EVERY_SIGNED_IN,
    "meetings:calendar_feed": ANYONE,
    # Attendance and follow-ups of absence
    # Attendance is marked by those who run the meeting and its host (the meeting is three weeks
    # ahead: the page says when it can be marked); a member's record is seen by whoever sees
    # her; follow-ups by the group's leader and the secretariat only.
    "meetings:attendance": EDITS_A1_MEETING,
    "meetings:member_attendance": SEES_MONA,
    "meetings:member_attendance_year": SEES_MONA,
    "meetings:follow_ups": RUNS_A1_MEETINGS,
    "meetings:follow_up": row(404, superuser=200, secretariat=200, group_leader=200),
    # The secretariat's own follow-ups, across its networks (none of them are the administrator's).
    "meetings:secretariat_follow_ups": row(404, secretariat=200, other_secretariat=200),
    # Minutes
    # Everyone who sees the meeting gets its minutes page: the writers (the group leader, the
    # minute-taker, the secretariat) the draft, others the approved minutes or a note that they
    # are not ready yet. A draft's PDF and Word file are the writers' only (404 for the rest
    # until approved). Submitting and reviewing are POSTs, checked in tests/meetings/test_minutes.py.
    # The nearest leader of A1's members reads the minutes once approved (here: not ready yet).
    "meetings:minutes": row(
        404,
        superuser=200,
        secretariat=200,
        committee_member=200,
        group_leader=200,
        host=200,
        member=200,
        nearest_leader=200,
        member_on_leave=200,
    ),
    "meetings:minutes_submit": row(405),
    "meetings:minutes_review": row(405),
    "meetings:minutes_pdf": row(404, superuser=200, secretariat=200, group_leader=200),
    "meetings:minutes_docx": row(404, superuser=200, secretariat=200, group_leader=200),
    "meetings:minutes_template": RUNS_NETWORK_A,
    "meetings:minutes_template_docx": RUNS_NETWORK_A,
    # The year: overview, a group's year, fagdag and courses
    # The year of every group: figures only, for the secretariat and the committee; a group's
    # year names members and their absences: its leader and the secretariat.
    "meetings:network_year": SEES_NETWORK_A,
    "meetings:network_year_for": SEES_NETWORK_A,
    "meetings:group_year": RUNS_A1_MEETINGS,
    "meetings:group_year_for": RUNS_A1_MEETINGS,
    "meetings:new_event": PLANS_COMMITTEE_A,
    # Mona's certificate of an intro course she attended: hers, and theirs who run the course.
    "meetings:certificate": row(404, superuser=200, secretariat=200, committee_member=200, member=200),
    "mail:failed": ANY_SECRETARIAT,  # each sees its own networks' undelivered e-mail
    # Onboarding: the secretariat writes the welcome letter and keeps the function descriptions;
    # everyone with a part in the network reads a description; the group leader and the
    # secretariat see the new members; Mona's letter and acceptance are seen by whoever sees her
    # (she and Lars accept there, by POST); the signed links need no password.
    "development:welcome_template": RUNS_NETWORK_A,
    "development:function_descriptions": RUNS_NETWORK_A,
    "development:function_description_pdf": row(200, other_secretariat=404, **OUTSIDE_NETWORK_A),
    "development:network_onboarding": RUNS_NETWORK_A,
    "development:group_onboarding": RUNS_A1_MEETINGS,
    "development:send_letter_now": row(405),  # POST only
    "development:welcome_letter_pdf": SEES_MONA,
    "development:acceptance": SEES_MONA,
    "development:accept_link": ANYONE,
    "development:accept_link_pdf": ANYONE,
    # Mona: she corrects her own details; the secretariat changes her membership.
    "registry:person": SEES_MONA,
    "registry:person_edit": row(404, superuser=200, secretariat=200, member=200, group_leader=403, nearest_leader=403),
    # Erasing Mona: the secretariat is told why not yet (she is a member); who sees her, may not.
    "privacy:erase": row(404, superuser=200, secretariat=200, member=403, group_leader=403, nearest_leader=403),
    "registry:membership_placement": CHANGES_MONAS_MEMBERSHIP,
    "registry:membership_leave": CHANGES_MONAS_MEMBERSHIP,
    "registry:membership_end": CHANGES_MONAS_MEMBERSHIP,
    "registry:membership_milestone": CHANGES_MONAS_MEMBERSHIP,
    # Her leave: those who see her see it; her network's secretariat ends, corrects or removes it.
    "registry:leave_end": CHANGES_MONAS_MEMBERSHIP,
    "registry:leave_change": CHANGES_MONAS_MEMBERSHIP,
    "registry:leave_remove": CHANGES_MONAS_MEMBERSHIP,
    # She and her nearest leader report changes; the secretariat applies them.
    "registry:report_change": row(
        404, member=200, nearest_leader=200, superuser=403, secretariat=403, group_leader=403
    ),
    "registry:change_request": row(404, superuser=200, secretariat=200, member=200),  # the one she reported
    # Workplaces are shared by all networks: every secretariat keeps them.
    "registry:workplaces": ANY_SECRETARIAT,
    "registry:workplace_new": ANY_SECRETARIAT,
    "registry:workplace_edit": ANY_SECRETARIAT,
    # The member's year: whoever sees Mona; the members' years of a group name every member:
    # its leader and the secretariat (others who see the group get 403, as for the group's
    # year); of a network: its secretariat; the nearest leader's page: nearest leaders only.
    "development:member_year": SEES_MONA,
    "development:group_members_year": RUNS_A1_MEETINGS,
    "development:network_members_year": RUNS_NETWORK_A,
    "development:staff": row(404, nearest_leader=200),
    # The demo mailbox is on in these tests (see test_pages for when it is off).
    "mail:mailbox": ANYONE,
    "mail:message": ANYONE,
    "mail:message_html": ANYONE,
    # Competence: Mona's reports back and activities are seen by whoever sees her; only she
    # records them; only her nearest leader confirms (a POST, and by the e-mailed link without
    # signing in). The network's figures: its secretariat and its committee.
    "development:competence": SEES_MONA,
    "development:activity_new": RECORDS_MONAS_OWN,
    "development:report_back": RECORDS_MONAS_OWN,
    "development:activity_edit": RECORDS_MONAS_OWN,
    "development:activity_delete": row(405),
    "development:activity_confirm": row(405),
    "development:activity_confirm_link": ANYONE,
    "development:network_competence": SEES_NETWORK_A,
    "development:network_competence_for": SEES_NETWORK_A,
    # Terms: the choice of who follows A1's leader, recorded by the secretariat and the leader.
    "development:choose_leader": RUNS_A1_MEETINGS,
    # Mona's work plan and yearly meeting: she writes the plan, Lars (her nearest leader) answers
    # it, both book the meeting and record its evaluation; her group's leader and the secretariat
    # read. The leader's answer and the evaluation are POSTs (tests/development/test_workplans*.py).
    "development:work_plan": SEES_MONA,
    "development:work_plan_decide": row(405),
    "development:work_plan_answer": ANYONE,
    "development:yearly_meeting": SEES_MONA,
    "development:yearly_meeting_evaluation": row(405),
    # Plans and documents: everyone with a part in network A reads and downloads them (Olav too,
    # a member of A2); its secretariat and the members of its working group change them (Ulla
    # sits in the operations group: 403).
    "annual:network_documents": IN_NETWORK_A,
    "annual:document": IN_NETWORK_A,
    "annual:version_download": IN_NETWORK_A,
    "annual:coverage": IN_NETWORK_A,
    "annual:coverage_xlsx": IN_NETWORK_A,
    "annual:document_new": EDITS_DOCUMENTS_OF_A,
    "annual:version_new": EDITS_DOCUMENTS_OF_A,
    "annual:document_edit": EDITS_DOCUMENTS_OF_A,
    # A document marked public, on the network's published page: for anyone, signed in or not.
    "annual:public_document": ANYONE,
    # News to the network: everyone in network A reads its list; the item is A1's, from the
    # committee, so Olav and Gro (A2) and the nearest leader (not in the network) do not see it. The
    # secretariat and the committee post and edit; the rest of the network reads.
    "annual:network_news": row(200, nearest_leader=404, other_secretariat=404, **OUTSIDE_NETWORK_A),
    "annual:news_new": row(
        403,
        superuser=200,
        secretariat=200,
        committee_member=200,
        nearest_leader=404,
        other_secretariat=404,
        **OUTSIDE_NETWORK_A,
    ),
    "annual:news_item": row(
        200, nearest_leader=404, other_member=404, other_group_leader=404, other_secretariat=404, **OUTSIDE_NETWORK_A
    ),
    "annual:news_edit": row(
        403,
        superuser=200,
        secretariat=200,
        committee_member=200,
        nearest_leader=404,
        other_member=404,
        other_group_leader=404,
        other_secretariat=404,
        **OUTSIDE_NETWORK_A,
    ),
    "annual:news_delete": row(405),
    "annual:news_opt_out": EVERY_SIGNED_IN,
    "annual:news_unsubscribe": ANYONE,
    "annual:news_feed": ANYONE,
    # The public page: the secretariat edits it; once published anyone reads it, signed in or not.
    "annual:public_page_edit": RUNS_NETWORK_A,
    "annual:public_page": ANYONE,
    "annual:public_embed": ANYONE,
    "annual:public_news_feed": ANYONE,
    # Annual wheel: the network's for its secretariat and committees; a group's for whoever
    # sees the group (its leader and members besides).
    "annual:wheel": SEES_NETWORK_A,
    "annual:wheel_pdf": SEES_NETWORK_A,
    "annual:group_wheel": SEES_GROUP_A1,
    "annual:group_wheel_pdf": SEES_GROUP_A1,
    # Steering group reports: Ulla leads A's operations group and writes them; Gunnar sits in
    # the steering group and reads what was sent (403 on writing one); the secretariat does both;
    # everyone else, other committee members included, gets 404.
    "annual:steering_reports": STEERING_REPORTS_OF_A,
    "annual:steering_report_new": row(404, superuser=200, secretariat=200, committee_member=200, group_leader=403),
    "annual:steering_report": STEERING_REPORTS_OF_A,
    # Deviations: everyone with a part in a network reports one (the superuser is nobody in the
    # registry); Mona's, still with her group's leader, is seen by her, the leader and the
    # secretariat (the committee sees it once sent to the operations group); the network's list
    # and figures: its secretariat and its committee.
    "annual:deviations": EVERY_SIGNED_IN,
    # Frida has no part in any network any more.
    "annual:deviation_new": row(200, superuser=404, former_member=404),
    "annual:deviation": row(404, superuser=200, secretariat=200, group_leader=200, member=200),
    # The committees see the deviations sent on to them.
    "annual:network_deviations": SEES_NETWORK_A,
    # The annual report of network A: its secretariat writes, makes, publishes and sends it; its
    # committee reads it; a published report is open to anyone on the network's public page.
    "annual:report_years": SEES_NETWORK_A,
    "annual:report": SEES_NETWORK_A,
    "annual:report_text": RUNS_NETWORK_A,
    "annual:report_xlsx": SEES_NETWORK_A,
    "annual:report_pdf_new": row(405),
    "annual:report_publish": row(405),
    "annual:report_send": RUNS_NETWORK_A,
    "annual:report_recipients": RUNS_NETWORK_A,
    "annual:report_recipient_remove": row(405),
    "annual:report_render": SEES_NETWORK_A,
    "annual:report_render_pdf": SEES_NETWORK_A,
    "annual:public_report": ANYONE,
    "annual:public_report_pdf": ANYONE,
    # The yearly questionnaire of network A: its secretariat builds it; the committee reads the
    # response rate and the results (never with names); the e-mailed link needs no sign-in.
    "annual:questionnaires": SEES_NETWORK_A,
    "annual:questionnaire": SEES_NETWORK_A,
    "annual:questionnaire_settings": RUNS_NETWORK_A,
    "annual:questionnaire_section_new": RUNS_NETWORK_A,
    "annual:questionnaire_section": RUNS_NETWORK_A,
    "annual:questionnaire_question_new": RUNS_NETWORK_A,
    "annual:questionnaire_question": RUNS_NETWORK_A,
    "annual:questionnaire_results": SEES_NETWORK_A,
    "annual:questionnaire_xlsx": SEES_NETWORK_A,
    "annual:questionnaire_answer": ANYONE,
    # The read API answers only a token (tests/api/), never a session: 401 for everyone. Its
    # description and the page that browses it are open. The secretariat makes the tokens.
    **{f"api:{name}": row(401, visitor=401) for name in API_ENDPOINTS},
    "api:openapi-json": ANYONE,
    "api:openapi-view": ANYONE,
    "api:api-root": row(404, visitor=404),  # the API's prefix (/api/v1/) itself is no page
    "api_tokens:list": RUNS_NETWORK_A,
    "api_tokens:revoke": row(405),
}


def _sign_in_link(world: World) -> dict:
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    SignInLink.objects.create(
        user=world.user("member"), token_hash=hash_token(token), expires_at=now + dt.timedelta(minutes=15)
    )
    return {"token": token}


def _outbox_message(world: World) -> dict:
    message = OutboxMessage.objects.create(
        kind="test",
        to=[world.email("member")],
        subject="Innkalling til gruppemøte",
        body_text="Velkommen.",
        body_html='<html lang="nb"><body><p>Velkommen.</p></body></html>',
    )
    return {"pk": message.pk}


def _topic(world: World) -> dict:
    topic = CompetenceTopic.objects.create(network=world.network_a, title="Smertelindring i livets sluttfase")
    return {"pk": world.network_a.pk, "topic_pk": topic.pk}


def _next_year() -> int:
    return timezone.localdate().year + 1


def _last_year() -> int:
    return timezone.localdate().year - 1


def _answer_token(world: World) -> str:
    registration = Registration.objects.create(meeting=world.meeting, person=world.person("member"))
    return links.token_for(registration, "register")


def _certificate(world: World) -> dict:
    course = Meeting.objects.create(
        network=world.network_a,
        committee=world.committee_a,
        kind=Meeting.Kind.COURSE,
        title="Introduksjonskurs",
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3) + dt.timedelta(hours=6),
    )
    mona = Registration.objects.create(
        meeting=course, person=world.person("member"), attendance=Registration.Attendance.PRESENT
    )
    return {"pk": course.pk, "registration": mona.pk}


def _membership(world: World) -> Membership:
    return Membership.objects.get(person=world.person("member"))


def _leave(world: World) -> dict:
    return {"pk": Leave.objects.create(membership=_membership(world), starts_on=timezone.localdate()).pk}


def _follow_up(world: World) -> dict:
    follow_up = FollowUp.objects.create(
        network=world.network_a,
        person=world.person("member"),
        local_group=world.group_a1,
        year=timezone.localdate().year,
        absences=3,
    )
    return {"pk": follow_up.pk}


def _change_request(world: World) -> dict:
    change_request = ChangeRequest.objects.create(
        membership=_membership(world),
        kind=ChangeRequest.Kind.FURTHER_EDUCATION,
        message="Fullført videreutdanning i palliasjon.",
        requested_by=world.user("member"),
    )
    return {"pk": change_request.pk}


def _import_batch(world: World) -> dict:
    batch = ImportBatch.objects.create(
        network=world.network_a, filename="medlemmer.csv", uploaded_by=world.user("secretariat")
    )
    return {"pk": world.network_a.pk, "batch_pk": batch.pk}


def _report_back(world: World) -> dict:
    """A group meeting of A1 last week, where Mona was present."""
    meeting = factories.meeting(world.group_a1, starts_at=factories.at(timezone.localdate() - dt.timedelta(days=7)))
    Registration.objects.create(
        meeting=meeting, person=world.person("member"), attendance=Registration.Attendance.PRESENT
    )
    return {"pk": _membership(world).pk, "meeting_pk": meeting.pk}


def _activity(world: World) -> CompetenceActivity:
    return CompetenceActivity.objects.create(
        membership=_membership(world),
        kind=CompetenceActivity.Kind.HOSPITERING,
        title="Hospitering ved palliativ enhet",
        starts_on=timezone.localdate() - dt.timedelta(days=30),
        hours=7.5,
    )


ACTIVITY = ["development:activity_edit", "development:activity_delete", "development:activity_confirm"]


def _function_description(world: World) -> FunctionDescription:
    return FunctionDescription.objects.create(
        network=world.network_a, title="Funksjon og ansvar", pdf=b"%PDF-1.7\n%%EOF", approved_on=dt.date(2025, 4, 1)
    )


def _welcome_letter(world: World) -> dict:
    WelcomeLetter.objects.create(membership=_membership(world), text="Hei Mona!")
    return {"pk": _membership(world).pk}


def _acceptance_token(world: World) -> dict:
    _function_description(world)
    return {"token": onboarding.token_for(_membership(world), "member")}


NETWORK_A = ["registry:network", "registry:network_edit", "registry:group_new", "registry:committee_new"]
NETWORK_A += ["registry:members", "registry:add_member", "registry:change_requests", "registry:import"]
NETWORK_A += ["registry:known_person", "registry:workplace_options"]
NETWORK_A += ["registry:secretariat", "meetings:overview", "meetings:topics", "meetings:invitation_template"]
GROUP_A1 = ["registry:group", "registry:name_list_xlsx", "registry:group_edit", "registry:group_close"]
GROUP_A1 += ["registry:group_merge", "registry:appoint_group_leader", "meetings:plan_group", "meetings:group_calendar"]
MEETING_A1 = ["meetings:detail", "meetings:agenda", "meetings:replace_host", "meetings:invitation"]
MEETING_A1 += ["meetings:operations_representative"]
MEETING_A1 += ["meetings:invitation_pdf", "meetings:participants", "meetings:my_answer", "meetings:meeting_calendar"]
MINUTES_OF_MEETING_A1 = ["meetings:minutes", "meetings:minutes_submit", "meetings:minutes_review"]
MINUTES_OF_MEETING_A1 += ["meetings:minutes_pdf", "meetings:minutes_docx"]
MEMBERSHIP = ["registry:membership_placement", "registry:membership_leave", "registry:membership_end"]
MEMBERSHIP += ["registry:membership_milestone", "registry:report_change"]

WORK_PLAN_OF_MONA = ["development:work_plan", "development:work_plan_decide", "development:yearly_meeting"]
WORK_PLAN_OF_MONA += ["development:yearly_meeting_evaluation"]


def _steering(world: World, kwargs: dict) -> dict:
    with_steering_group(world)
    return kwargs


WHEEL_OF_NETWORK_A = ["annual:wheel", "annual:wheel_pdf"]
WHEEL_OF_GROUP_A1 = ["annual:group_wheel", "annual:group_wheel_pdf"]


def _work_plan_token(world: World) -> dict:
    plan = WorkPlan.objects.create(
        membership=_membership(world), year=timezone.localdate().year, goals="Lære mer om smertelindring."
    )
    return {"token": workplans.token_for(plan, world.person("nearest_leader"))}


DOCUMENTS_OF_A = ["annual:network_documents", "annual:document_new", "annual:coverage", "annual:coverage_xlsx"]
DOCUMENT = ["annual:document", "annual:version_new", "annual:document_edit"]


def _document(world: World) -> Document:
    document = Document.objects.create(
        network=world.network_a, kind=Document.Kind.COMPETENCE_PLAN, title="Kompetanseplan", public=True
    )
    DocumentVersion.objects.create(
        document=document,
        number=1,
        body="Temaer for nettverksmøtene.",
        approved_on=dt.date(2025, 6, 1),
        approved_by_text="Styringsgruppen",
    )
    return document


def _public_document(world: World) -> dict:
    return {"slug": _public_page(world).slug, "pk": _document(world).pk}


def _news_item(world: World) -> NewsItem:
    item, created = NewsItem.objects.get_or_create(
        network=world.network_a,
        title="Ny kompetanseplan",
        defaults={"body": "Planen er vedtatt.", "committee": world.committee_a, "published_at": timezone.now()},
    )
    if created:
        item.local_groups.set([world.group_a1])
    return item


def _public_page(world: World) -> PublicPage:
    return PublicPage.objects.get_or_create(
        network=world.network_a,
        defaults={
            "slug": "klb-vestland",
            "published": True,
            "show_news": True,
            "show_documents": True,
            "show_reports": True,
        },
    )[0]


PUBLIC_PAGE = ["annual:public_page", "annual:public_embed", "annual:public_news_feed"]


def _deviation(world: World) -> dict:
    deviation = Deviation.objects.create(
        network=world.network_a,
        local_group=world.group_a1,
        reported_by=world.person("member"),
        title="Innkallingen kom for sent",
        description="Innkallingen kom to dager før møtet.",
    )
    return {"pk": deviation.pk}


def _questionnaire(world: World):
    from tests.annual import questionnaire_setup

    return questionnaire_setup.make(world, send=False)


def _questionnaire_token(world: World) -> str:
    from tests.annual import questionnaire_setup

    questionnaire = questionnaire_setup.make(world)
    # Mona may be on leave by now (another URL's arguments gave her one): asked all the same.
    respondent, _created = Respondent.objects.get_or_create(
        questionnaire=questionnaire, person=world.person("member"), defaults={"membership": _membership(world)}
    )
    return questionnaires.token_for(respondent.pk)


URL_KWARGS: dict[str, Callable[[World], dict]] = {
    **{name: lambda w: {"pk": w.network_a.pk} for name in NETWORK_A},
    **{name: lambda w: {"pk": w.group_a1.pk} for name in GROUP_A1},
    **{name: lambda w: {"pk": _membership(w).pk} for name in MEMBERSHIP},
    "registry:import_batch": _import_batch,
    **{name: _leave for name in ["registry:leave_end", "registry:leave_change", "registry:leave_remove"]},
    "registry:committee_edit": lambda w: {"pk": w.committee_a.pk},
    "registry:committee": lambda w: {"pk": w.committee_a.pk},
    "registry:end_term": lambda w: {"pk": Term.objects.get(person=w.person("group_leader")).pk},
    "registry:person": lambda w: {"pk": w.person("member").pk},
    **{
        name: lambda w: {"pk": w.person("member").pk}
        for name in ["privacy:person_own_data", "privacy:person_own_data_pdf", "privacy:person_own_data_json"]
    },
    "registry:person_edit": lambda w: {"pk": w.person("member").pk},
    "privacy:erase": lambda w: {"pk": w.person("member").pk},
    "registry:change_request": _change_request,
    "registry:workplace_edit": lambda w: {"pk": w.workplace.pk},
    **{name: lambda w: {"pk": w.meeting.pk} for name in MEETING_A1},
    "meetings:mark_done": lambda w: {"pk": w.meeting.pk, "step": "program"},
    "meetings:plan_group_year": lambda w: {"pk": w.group_a1.pk, "year": _next_year()},
    "meetings:plan_committee": lambda w: {"pk": w.committee_a.pk},
    "meetings:plan_committee_year": lambda w: {"pk": w.committee_a.pk, "year": _next_year()},
    "meetings:topic_edit": _topic,
    "meetings:answer": lambda w: {"token": _answer_token(w)},
    "meetings:calendar_feed": lambda w: {"token": calendars.feed_token(w.person("member"))},
    # Attendance and follow-ups of absence
    "meetings:attendance": lambda w: {"pk": w.meeting.pk},
    "meetings:member_attendance": lambda w: {"pk": _membership(w).pk},
    "meetings:member_attendance_year": lambda w: {"pk": _membership(w).pk, "year": timezone.localdate().year},
    "meetings:follow_ups": lambda w: {"pk": w.group_a1.pk},
    "meetings:follow_up": _follow_up,
    # Minutes
    **{name: lambda w: {"pk": w.meeting.pk} for name in MINUTES_OF_MEETING_A1},
    "meetings:minutes_template": lambda w: {"pk": w.network_a.pk},
    "meetings:minutes_template_docx": lambda w: {"pk": w.network_a.pk},
    # The year: overview, a group's year, fagdag and courses
    "meetings:network_year": lambda w: {"pk": w.network_a.pk},
    "meetings:network_year_for": lambda w: {"pk": w.network_a.pk, "year": _last_year()},
    "meetings:group_year": lambda w: {"pk": w.group_a1.pk},
    "meetings:group_year_for": lambda w: {"pk": w.group_a1.pk, "year": _last_year()},
    "meetings:new_event": lambda w: {"pk": w.committee_a.pk},
    "meetings:certificate": _certificate,
    "development:member_year": lambda w: {"membership_id": _membership(w).pk, "year": timezone.localdate().year},
    "development:group_members_year": lambda w: {"pk": w.group_a1.pk, "year": timezone.localdate().year},
    "development:network_members_year": lambda w: {"pk": w.network_a.pk, "year": _last_year()},
    "accounts:sign_in_link": _sign_in_link,
    "accounts:password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "ikke-en-gyldig-lenke"},
    "mail:message": _outbox_message,
    "mail:message_html": _outbox_message,
    # Competence
    "development:competence": lambda w: {"pk": _membership(w).pk},
    "development:activity_new": lambda w: {"pk": _membership(w).pk},
    "development:report_back": _report_back,
    **{name: lambda w: {"pk": _activity(w).pk} for name in ACTIVITY},
    "development:activity_confirm_link": lambda w: {
        "token": competence.token_for(_activity(w), w.person("nearest_leader"))
    },
    "development:network_competence": lambda w: {"pk": w.network_a.pk},
    "development:network_competence_for": lambda w: {"pk": w.network_a.pk, "year": _last_year()},
    # Onboarding
    **{
        name: lambda w: {"pk": w.network_a.pk}
        for name in [
            "development:welcome_template",
            "development:function_descriptions",
            "development:network_onboarding",
        ]
    },
    "development:function_description_pdf": lambda w: {"pk": _function_description(w).pk},
    "development:group_onboarding": lambda w: {"pk": w.group_a1.pk},
    "development:welcome_letter_pdf": _welcome_letter,
    "development:send_letter_now": lambda w: {"pk": _membership(w).pk},
    "development:acceptance": lambda w: {"pk": _membership(w).pk},
    "development:accept_link": _acceptance_token,
    "development:accept_link_pdf": _acceptance_token,
    # Terms
    "development:choose_leader": lambda w: {"pk": Term.objects.get(person=w.person("group_leader")).pk},
    **{
        name: lambda w: {"membership_id": _membership(w).pk, "year": timezone.localdate().year}
        for name in WORK_PLAN_OF_MONA
    },
    "development:work_plan_answer": _work_plan_token,
    # Plans and documents
    **{name: lambda w: {"pk": w.network_a.pk} for name in DOCUMENTS_OF_A},
    **{name: lambda w: {"pk": _document(w).pk} for name in DOCUMENT},
    "annual:version_download": lambda w: {"pk": _document(w).versions.get().pk},
    "annual:public_document": _public_document,
    # News and the public page
    "annual:network_news": lambda w: {"pk": w.network_a.pk},
    "annual:news_new": lambda w: {"pk": w.network_a.pk},
    "annual:news_item": lambda w: {"pk": _news_item(w).pk},
    "annual:news_edit": lambda w: {"pk": _news_item(w).pk},
    "annual:news_delete": lambda w: {"pk": _news_item(w).pk},
    "annual:news_unsubscribe": lambda w: {"token": news.unsubscribe_token(w.person("member").pk)},
    "annual:news_feed": lambda w: {"token": news.feed_token(w.person("member"))},
    "annual:public_page_edit": lambda w: {"pk": w.network_a.pk},
    **{name: lambda w: {"slug": _public_page(w).slug} for name in PUBLIC_PAGE},
    # Annual wheel
    **{name: lambda w: {"pk": w.network_a.pk, "year": timezone.localdate().year} for name in WHEEL_OF_NETWORK_A},
    **{name: lambda w: {"pk": w.group_a1.pk, "year": timezone.localdate().year} for name in WHEEL_OF_GROUP_A1},
    # Steering group reports
    "annual:steering_reports": lambda w: _steering(w, {"pk": w.network_a.pk}),
    "annual:steering_report_new": lambda w: _steering(w, {"pk": w.network_a.pk}),
    "annual:steering_report": lambda w: _steering(w, {"pk": a_report(w, sent=True).pk}),
    # Deviations
    "annual:deviation": _deviation,
    "annual:network_deviations": lambda w: {"pk": w.network_a.pk},
    # The annual report
    **{
        name: lambda w: {"pk": w.network_a.pk, "year": _last_year()}
        for name in [
            "annual:report",
            "annual:report_xlsx",
            "annual:report_pdf_new",
            "annual:report_publish",
            "annual:report_send",
        ]
    },
    "annual:report_years": lambda w: {"pk": w.network_a.pk},
    "annual:report_recipients": lambda w: {"pk": w.network_a.pk},
    "annual:report_text": lambda w: {"pk": w.network_a.pk, "year": _last_year(), "section": "historikk"},
    "annual:report_recipient_remove": lambda w: {
        "pk": ReportRecipient.objects.create(
            network=w.network_a, name="Samarbeidsutvalget", email="su@helse.example"
        ).pk
    },
    "annual:report_render": lambda w: {"pk": _report_pdf(w).pk},
    "annual:report_render_pdf": lambda w: {"pk": _report_pdf(w).pk},
    "annual:public_report": lambda w: _public_report(w),
    "annual:public_report_pdf": lambda w: _public_report(w),
    # The yearly questionnaire: one being built, and one sent out for Mona's link.
    "annual:questionnaires": lambda w: {"pk": w.network_a.pk},
    **{
        name: lambda w: {"pk": _questionnaire(w).pk}
        for name in [
            "annual:questionnaire",
            "annual:questionnaire_settings",
            "annual:questionnaire_section_new",
            "annual:questionnaire_results",
            "annual:questionnaire_xlsx",
        ]
    },
    **{
        name: lambda w: {"pk": _questionnaire(w).sections.first().pk}
        for name in ["annual:questionnaire_section", "annual:questionnaire_question_new"]
    },
    "annual:questionnaire_question": lambda w: {"pk": _questionnaire(w).sections.first().questions.first().pk},
    "annual:questionnaire_answer": lambda w: {"token": _questionnaire_token(w)},
    **{f"api:{name}": lambda w: {"network_id": w.network_a.pk} for name in ["network", "groups", "network_name_list"]},
    "api:meetings": lambda w: {"network_id": w.network_a.pk},
    **{f"api:{name}": lambda w: {"group_id": w.group_a1.pk} for name in ["group", "group_name_list"]},
    "api:meeting": lambda w: {"meeting_id": w.meeting.pk},
    "api:report": lambda w: {"network_id": w.network_a.pk, "year": _last_year()},
    "api_tokens:list": lambda w: {"pk": w.network_a.pk},
    "api_tokens:revoke": lambda w: {"pk": _api_token(w).pk},
}


def _report_pdf(world: World, *, published: bool = False) -> ReportRender:
    report, _ = AnnualReport.objects.get_or_create(network=world.network_a, year=_last_year())
    if published:
        report.status = AnnualReport.Status.PUBLISHED
        report.published_at = timezone.now() - dt.timedelta(minutes=1)
        report.published_figures = report_figures.compute(world.network_a, report.year)
        report.save()
    return ReportRender.objects.create(report=report, pdf=b"%PDF-1.7\n%%EOF", progress=100, finished_at=timezone.now())


def _public_report(world: World) -> dict:
    page = _public_page(world)
    _report_pdf(world, published=True)
    return {"slug": page.slug, "year": _last_year()}


# Their arguments seat the group leader in network A's steering group: visited last, so that
# every other page is asked with the personas as they are.
STEERING_PAGES = ["annual:steering_reports", "annual:steering_report_new", "annual:steering_report"]


def _api_token(world: World) -> ApiToken:
    token, _text = tokens.create_token(
        world.network_a, name="HR-systemet", scopes=["groups"], by=world.users["secretariat"]
    )
    return token


def in_order_of_visit(names: Iterator[str]) -> list[str]:
    return sorted(names, key=lambda name: name in STEERING_PAGES)


def url_patterns(resolver: URLResolver | None = None, namespace: str = "", prefix: str = "") -> Iterator[str]:
    """The names of all URL patterns ("app:name"), or their routes when unnamed;
    without the admin's and the static files' patterns."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from url_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            if pattern.callback.__module__ in {"django.views.static", "django.contrib.staticfiles.views"}:
                continue
            yield ":".join(filter(None, [namespace, pattern.name])) if pattern.name else route


def outcome(response, requested: str) -> object:
    """The status code, or for a redirect where it leads ("302 → app:name")."""
    if response.status_code not in {301, 302}:
        return response.status_code
    location = urlsplit(response["Location"])
    name = resolve(location.path).view_name
    if name == "accounts:sign_in" and parse_qs(location.query).get("next") != [requested]:
        return f"{response.status_code} → {name} without next={requested}"
    return f"{response.status_code} → {name}"


def is_html_page(response) -> bool:
    return response.status_code not in {301, 302, 405} and response["Content-Type"].startswith("text/html")


def test_every_url_pattern_has_an_expectation():
    patterns = list(url_patterns())
    missing = [name for name in patterns if name not in EXPECTED]
    assert not missing, "\n".join(f"add an expectation for {name} to EXPECTED" for name in missing)
    stale = [name for name in EXPECTED if name not in patterns]
    assert not stale, "\n".join(f"{name} is in EXPECTED but is no URL pattern: remove it" for name in stale)


def test_every_expectation_covers_every_role():
    for name, expected in EXPECTED.items():
        assert set(expected) == set(EVERYONE), f"{name}: give an outcome for each of {EVERYONE}"


@pytest.mark.parametrize("role", EVERYONE)
def test_each_role_gets_what_it_may_see_on_every_url(world, client_as, settings, role):
    settings.DEMO_MAILBOX = True
    client = client_as(role)
    problems = []
    for name in in_order_of_visit(url_patterns()):
        if name not in EXPECTED:
            problems.append(f"add an expectation for {name} to EXPECTED")
            continue
        if ":" not in name:
            problems.append(f"give the URL pattern {name} a name")
            continue
        try:
            url = reverse(name, kwargs=URL_KWARGS[name](world) if name in URL_KWARGS else None)
        except Exception as error:  # noqa: BLE001 - reported with the pattern's name below
            problems.append(f"{name}: cannot build a URL ({error!r}); add its arguments to URL_KWARGS")
            continue
        response = client.get(url)
        got = outcome(response, url)
        if got != EXPECTED[name][role]:
            problems.append(f"{name} ({url}) as {role}: expected {EXPECTED[name][role]}, got {got}")
        problems.extend(f"{name} ({url}) as {role}: {problem}" for problem in csp_problems(response, name))
        if is_html_page(response) and '<html lang="nb"' not in response.text:
            problems.append(f"{name} ({url}) as {role}: the {response.status_code} page is not in Norwegian")
        if is_html_page(response):
            problems.extend(
                f"{name} ({url}) as {role}: not Norwegian: …{text}…" for text in not_norwegian(response.text)
            )
    assert not problems, "\n".join(problems)


POST_ONLY = [name for name, expected in EXPECTED.items() if expected["member"] == 405]


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_urls_answer_get_with_405(world, client_as, name):
    assert "accounts:sign_out" in POST_ONLY
    url = reverse(name, kwargs=URL_KWARGS[name](world) if name in URL_KWARGS else None)
    response = client_as("secretariat").get(url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("role", EVERYONE)
def test_sign_out_answers_get_with_405_and_keeps_the_session(world, client_as, role):
    client = client_as(role)
    response = client.get(reverse("accounts:sign_out"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    home = client.get(reverse("home:home"))
    assert home.status_code == (302 if role == VISITOR else 200)


def test_a_page_that_does_not_exist_is_404_for_everyone(world, client_as):
    for role in EVERYONE:
        assert client_as(role).get("/finnes-ikke/").status_code == 404, role


def test_objects_that_do_not_exist_are_404_even_for_the_superuser(world, client_as):
    client = client_as("superuser")
    for name in ["registry:network", "registry:group", "registry:person", "meetings:detail"]:
        assert client.get(reverse(name, kwargs={"pk": 999_999})).status_code == 404, name

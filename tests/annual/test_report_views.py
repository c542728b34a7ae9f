"""The annual report's pages: the secretariat writes, makes the PDF, publishes and sends; the
committee reads; everyone else gets 404; bad input is refused with a message."""

import datetime as dt
import io

import openpyxl
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lindra.annual import report_figures, reports
from lindra.annual.models import AnnualReport, PublicPage, ReportDispatch, ReportRecipient, ReportRender, ReportText
from lindra.development.models import CompetenceActivity
from lindra.mail.models import OutboxMessage
from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import Membership, Term
from lindra.registry.services import change_placement
from tests import factories as f

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1


def url(world, name="annual:report", year=LAST_YEAR, **kwargs):
    return reverse(name, kwargs={"pk": world.network_a.pk, "year": year, **kwargs})


def held_meeting(group, day: dt.date, *present):
    meeting = f.meeting(group, starts_at=f.at(day, 12), hours=4)
    Meeting.objects.filter(pk=meeting.pk).update(attendance_recorded_at=meeting.ends_at)
    for person in present:
        Registration.objects.create(meeting=meeting, person=person, attendance=Registration.Attendance.PRESENT)
    return meeting


def write_all(world, network=None):
    for section in reports.SECTIONS:
        reports.save_text(
            network or world.network_a, LAST_YEAR, section, body=f"Tekst om {section}.", version=0, by=None
        )


def test_the_secretariat_sees_the_figures_and_may_write(world, client_as):
    held_meeting(world.group_a1, dt.date(LAST_YEAR, 3, 5), world.person("member"))
    page = client_as("secretariat").get(url(world))
    assert page.status_code == 200
    text = page.text
    assert "Årsrapport" in text and "Bergen sentrum" in text
    assert reverse("annual:report_text", args=[world.network_a.pk, LAST_YEAR, "historikk"]) in text
    assert '<img src="data:image/svg+xml;base64,' in text


def test_the_committee_reads_without_the_secretariats_buttons(world, client_as):
    held_meeting(world.group_a1, dt.date(LAST_YEAR, 3, 5), world.person("member"), world.person("host"))
    reports.save_text(
        world.network_a, LAST_YEAR, "historikk", body="Startet i 2010.", version=0, by=world.user("secretariat")
    )
    page = client_as("committee_member").get(url(world))
    assert page.status_code == 200
    assert "Lag PDF" not in page.text
    assert "/tekst/" not in page.text
    # Figures without names: neither the members counted nor who wrote the text.
    for name in ("Mona", "Aina", "Siri"):
        assert name not in page.text, name


@pytest.mark.parametrize(
    "role", ["group_leader", "host", "member", "nearest_leader", "other_member", "other_secretariat"]
)
def test_others_do_not_see_the_report(world, client_as, role):
    assert client_as(role).get(url(world)).status_code == 404
    assert client_as(role).get(url(world, "annual:report_xlsx")).status_code == 404


def test_a_year_to_come_is_not_found(world, client_as):
    assert client_as("secretariat").get(url(world, year=timezone.localdate().year + 1)).status_code == 404
    assert client_as("secretariat").get(url(world, year=1999)).status_code == 404


def test_the_committee_may_not_write(world, client_as):
    response = client_as("committee_member").post(
        url(world, "annual:report_text", section="historikk"), {"body": "Nei", "version": 0}
    )
    assert response.status_code == 403
    assert not ReportText.objects.exists()


def test_each_save_is_a_new_version_and_the_history_is_kept(world, client_as):
    client = client_as("secretariat")
    address = url(world, "annual:report_text", section="historikk")
    assert client.post(address, {"body": "Første.", "version": 0}).status_code == 302
    assert client.post(address, {"body": "Andre.", "version": 1}).status_code == 302
    texts = list(ReportText.objects.order_by("number").values_list("number", "body"))
    assert texts == [(1, "Første."), (2, "Andre.")]
    page = client.get(address).text
    assert "Versjon 1" in page and "Første." in page and "Andre." in page
    assert "Andre." in client.get(url(world)).text


def test_a_stale_version_is_refused_and_what_was_typed_is_kept(world, client_as):
    client = client_as("secretariat")
    address = url(world, "annual:report_text", section="samarbeid")
    client.post(address, {"body": "Fra Siri.", "version": 0})
    response = client.post(address, {"body": "Fra en annen fane.", "version": 0})
    assert response.status_code == 400
    assert "etter at du åpnet den" in response.text and "Fra en annen fane." in response.text
    assert ReportText.objects.count() == 1
    # Saving again from the page she now has is deliberate.
    assert client.post(address, {"body": "Fra en annen fane.", "version": 1}).status_code == 302


def test_an_unknown_section_is_not_found(world, client_as):
    assert client_as("secretariat").get(url(world, "annual:report_text", section="tull")).status_code == 404


def test_the_figures_download_as_a_spreadsheet(world, client_as):
    held_meeting(world.group_a1, dt.date(LAST_YEAR, 3, 5), world.person("member"))
    held_meeting(world.group_a1, dt.date(LAST_YEAR - 1, 3, 5))
    response = client_as("committee_member").get(url(world, "annual:report_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Hovedtall", "Lokale nettverk", "Medlemmer"]
    main = {row[0]: row[1:] for row in book["Hovedtall"].iter_rows(values_only=True)}
    assert main["Tall"] == (str(LAST_YEAR), str(LAST_YEAR - 1))
    assert main["Nettverksmøter holdt"] == (1, 1)
    groups = list(book["Lokale nettverk"].iter_rows(values_only=True))
    assert groups[1][:4] == ("Bergen sentrum", 2, 1, 3)


def test_the_pdf_is_made_in_the_background_with_its_progress(world, client_as, django_capture_on_commit_callbacks):
    client = client_as("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, "annual:report_pdf_new"))
    made = ReportRender.objects.get()
    assert response.url == reverse("annual:report_render", args=[made.pk])
    assert made.progress == 100 and made.finished_at and bytes(made.pdf).startswith(b"%PDF")
    page = client.get(response.url).text
    assert "PDF-en er ferdig" in page
    pdf = client.get(reverse("annual:report_render_pdf", args=[made.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert client_as("committee_member").get(reverse("annual:report_render_pdf", args=[made.pk])).status_code == 200
    assert client_as("member").get(reverse("annual:report_render", args=[made.pk])).status_code == 404


def test_a_render_in_progress_is_polled(world, client_as):
    report = AnnualReport.objects.create(network=world.network_a, year=LAST_YEAR)
    made = ReportRender.objects.create(report=report, progress=35, step="Tegner diagrammene")
    page = client_as("secretariat").get(reverse("annual:report_render", args=[made.pk]))
    assert 'hx-trigger="every 2s"' in page.text and "Tegner diagrammene" in page.text
    part = client_as("secretariat").get(reverse("annual:report_render", args=[made.pk]), HTTP_HX_REQUEST="true")
    assert "<html" not in part.text and 'value="35"' in part.text
    assert client_as("secretariat").get(reverse("annual:report_render_pdf", args=[made.pk])).status_code == 404


def test_publishing_needs_every_text_and_then_freezes_the_figures(world, client_as, django_capture_on_commit_callbacks):
    client = client_as("secretariat")
    response = client.post(url(world, "annual:report_publish"), follow=True)
    assert "Skriv alle delene" in response.text
    write_all(world)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(world, "annual:report_publish"))
    report = AnnualReport.objects.get()
    assert report.status == AnnualReport.Status.PUBLISHED
    frozen = report.published_figures
    assert frozen["year"] == LAST_YEAR
    held_meeting(world.group_a1, dt.date(LAST_YEAR, 5, 5))
    assert reports.figures_of(world.network_a, LAST_YEAR, report)["totals"]["held"] == frozen["totals"]["held"]
    assert ReportRender.objects.filter(finished_at__isnull=False).exists()
    again = client.post(url(world, "annual:report_publish"), follow=True)
    assert "allerede publisert" in again.text
    assert (
        client.post(url(world, "annual:report_text", section="historikk"), {"body": "x", "version": 1}).status_code
        == 400
    )


def test_this_year_cannot_be_published(world, client_as):
    this_year = timezone.localdate().year
    client_as("secretariat").post(url(world, "annual:report_publish", year=this_year))
    assert not AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED).exists()


def test_the_committee_may_not_publish_or_make_the_pdf(world, client_as):
    client = client_as("committee_member")
    assert client.post(url(world, "annual:report_publish")).status_code == 403
    assert client.post(url(world, "annual:report_pdf_new")).status_code == 403
    assert client.get(url(world, "annual:report_send")).status_code == 403


def test_the_secretariat_keeps_the_list_of_recipients(world, client_as):
    client = client_as("secretariat")
    address = reverse("annual:report_recipients", args=[world.network_a.pk])
    assert client.post(address, {"name": "Samarbeidsutvalget", "email": "su@helse.example"}).status_code == 302
    again = client.post(address, {"name": "Samme", "email": "SU@helse.example"})
    assert again.status_code == 400 and "står allerede på listen" in again.text and 'value="Samme"' in again.text
    bad = client.post(address, {"name": "", "email": "ikke-en-adresse"})
    assert bad.status_code == 400
    assert ReportRecipient.objects.count() == 1
    recipient = ReportRecipient.objects.get()
    assert (
        client_as("committee_member").post(reverse("annual:report_recipient_remove", args=[recipient.pk])).status_code
        == 403
    )
    assert (
        client_as("other_secretariat").post(reverse("annual:report_recipient_remove", args=[recipient.pk])).status_code
        == 404
    )
    assert client.post(reverse("annual:report_recipient_remove", args=[recipient.pk])).status_code == 302
    assert not ReportRecipient.objects.exists()


def test_sending_needs_a_pdf(world, client_as):
    ReportRecipient.objects.create(network=world.network_a, name="SU", email="su@helse.example")
    response = client_as("secretariat").post(url(world, "annual:report_send"), {})
    assert response.status_code == 400 and "Lag PDF-en" in response.text
    assert not ReportDispatch.objects.exists()


def test_the_report_goes_once_to_each_address_with_the_pdf(
    world, client_as, outbox, django_capture_on_commit_callbacks
):
    ReportRecipient.objects.create(network=world.network_a, name="SU", email="su@helse.example")
    # Mona is on the list and a member: she gets one message.
    ReportRecipient.objects.create(network=world.network_a, name="Mona", email=world.email("member").upper())
    client = client_as("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(world, "annual:report_pdf_new"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, "annual:report_send"), {"to_members": "on"})
    assert response.status_code == 302
    dispatch = ReportDispatch.objects.get()
    members = {world.email("member"), world.email("host"), world.email("other_member")}
    assert dispatch.count == 1 + len(members)
    messages = OutboxMessage.objects.filter(kind="annual_report")
    assert sorted(a.lower() for m in messages for a in m.to) == sorted({"su@helse.example", *members})
    assert all(m.attachments.get().filename.endswith(".pdf") for m in messages)
    [received] = outbox.to("su@helse.example")
    assert "Årsrapport" in received.subject and received.attachments[0][0].endswith(".pdf")
    assert len(outbox.messages) == dispatch.count
    # A worker that restarts runs the task again: nobody gets it twice.
    assert reports.queue_dispatch(dispatch.pk) == dispatch.count
    assert OutboxMessage.objects.filter(kind="annual_report").count() == dispatch.count


def test_the_public_report_shows_only_when_published_on_an_open_page(world, client, django_capture_on_commit_callbacks):
    address = reverse("annual:public_report", args=["klb-vestland", LAST_YEAR])
    page = PublicPage.objects.create(network=world.network_a, slug="klb-vestland")
    assert client.get(address).status_code == 404
    write_all(world)
    with django_capture_on_commit_callbacks(execute=True):
        reports.publish(world.network_a, LAST_YEAR, by=None)
    assert client.get(address).status_code == 404  # the page is not open
    page.published = True
    page.save()
    assert client.get(address).status_code == 404  # it does not show reports
    page.show_reports = True
    page.save()
    shown = client.get(address)
    assert shown.status_code == 200 and "Tekst om historikk." in shown.text
    assert "Mona" not in shown.text
    pdf = client.get(reverse("annual:public_report_pdf", args=["klb-vestland", LAST_YEAR]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("annual:public_report", args=["klb-vestland", LAST_YEAR - 1])).status_code == 404
    assert client.get(reverse("annual:public_report", args=["finnes-ikke", LAST_YEAR])).status_code == 404


def test_the_years_list_the_reports(world, client_as):
    AnnualReport.objects.create(network=world.network_a, year=LAST_YEAR)
    page = client_as("committee_member").get(reverse("annual:report_years", args=[world.network_a.pk]))
    assert page.status_code == 200 and f"Årsrapport {LAST_YEAR}" in page.text and "Utkast" in page.text
    assert client_as("member").get(reverse("annual:report_years", args=[world.network_a.pk])).status_code == 404


def test_the_home_page_leads_the_secretariat_and_the_committee_to_last_years_report(world, client_as):
    for role in ("secretariat", "committee_member"):
        home = client_as(role).get(reverse("home:home")).text
        assert url(world) in home, role
    assert "Årsrapport" not in client_as("member").get(reverse("home:home")).text


def test_the_public_page_lists_the_published_reports(world, django_assert_num_queries):
    PublicPage.objects.create(network=world.network_a, slug="klb-vestland", published=True, show_reports=True)
    for year in (LAST_YEAR - 1, LAST_YEAR):
        AnnualReport.objects.create(network=world.network_a, year=year, status=AnnualReport.Status.PUBLISHED)
    AnnualReport.objects.create(network=world.network_a, year=LAST_YEAR + 1)
    with django_assert_num_queries(1):
        html = render_to_string(
            "annual/report/_published_list.html", {"published_reports": reports.published_reports(world.network_a)}
        )
    assert html.index(f"Årsrapport {LAST_YEAR}") < html.index(f"Årsrapport {LAST_YEAR - 1}")
    assert reverse("annual:public_report", args=["klb-vestland", LAST_YEAR]) in html
    assert f"Årsrapport {LAST_YEAR + 1}" not in html


def test_last_years_report_can_be_published_from_new_years_day(world, time_machine):
    this_year = timezone.localdate().year
    for section in reports.SECTIONS:
        reports.save_text(world.network_a, this_year, section, body="Tekst.", version=0, by=None)
    time_machine.move_to(dt.datetime(this_year, 12, 31, 23, 0, tzinfo=timezone.get_current_timezone()))
    with pytest.raises(reports.DomainError):
        reports.publish(world.network_a, this_year, by=None)
    time_machine.move_to(dt.datetime(this_year + 1, 1, 1, 0, 30, tzinfo=timezone.get_current_timezone()))
    assert reports.publish(world.network_a, this_year, by=None).status == AnnualReport.Status.PUBLISHED


def test_a_pdf_that_fails_says_so(world, client_as, monkeypatch):
    report = AnnualReport.objects.create(network=world.network_a, year=LAST_YEAR)
    made = ReportRender.objects.create(report=report)

    def broken(*args, **kwargs):
        raise RuntimeError("pango mangler")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", broken)
    with pytest.raises(RuntimeError):
        reports.make_pdf(made.pk)
    made.refresh_from_db()
    assert "pango mangler" in made.failed and made.finished_at is None
    page = client_as("secretariat").get(reverse("annual:report_render", args=[made.pk])).text
    assert "PDF-en kunne ikke lages" in page and "hx-trigger" not in page


def test_a_network_without_groups_or_members_has_a_report_of_zeros(world, client_as):
    empty = f.network("Et nytt nettverk", short_name="Nytt")
    client = client_as("superuser")
    page = client.get(reverse("annual:report", args=[empty.pk, LAST_YEAR]))
    assert page.status_code == 200 and "Ingen lokale nettverk i året." in page.text
    assert client.get(reverse("annual:report_xlsx", args=[empty.pk, LAST_YEAR])).status_code == 200


def test_a_committee_member_with_two_terms_in_the_year_is_one_line(world):
    ulla = world.person("committee_member")
    Term.objects.filter(person=ulla).update(starts_on=dt.date(LAST_YEAR - 2, 1, 1), ends_on=dt.date(LAST_YEAR, 4, 30))
    f.term(ulla, Term.Kind.COMMITTEE_MEMBER, committee=world.committee_a, starts_on=dt.date(LAST_YEAR, 5, 1))
    f.term(
        world.person("host"),
        Term.Kind.COMMITTEE_LEADER,
        committee=world.committee_a,
        starts_on=dt.date(LAST_YEAR, 9, 1),
    )
    [committee] = report_figures.compute(world.network_a, LAST_YEAR)["committees"]
    assert committee["members"] == [
        {"name": "Aina Arrangør", "leader": True, "from": f"{LAST_YEAR}-09-01", "to": None},
        {"name": "Ulla Utvalg", "leader": False, "from": None, "to": None},
    ]


def test_a_groups_activities_are_those_begun_while_the_member_was_in_it(world):
    mona = Membership.objects.get(person=world.person("member"))
    Membership.objects.filter(pk=mona.pk).update(starts_on=dt.date(LAST_YEAR - 2, 1, 1))
    for kind, starts_on in [("hospitering", dt.date(LAST_YEAR, 3, 1)), ("course", dt.date(LAST_YEAR, 9, 1))]:
        CompetenceActivity.objects.create(
            membership=mona, kind=kind, title=kind, starts_on=starts_on, hours=6, confirmed_at=timezone.now()
        )
    CompetenceActivity.objects.create(
        membership=mona, kind="course", title="Ikke bekreftet", starts_on=dt.date(LAST_YEAR, 10, 1), hours=6
    )
    change_placement(
        Membership.objects.get(pk=mona.pk),
        by=None,
        effective_on=dt.date(LAST_YEAR, 6, 1),
        expected_version=None,
        local_group=world.group_a2,
    )
    groups = {g["name"]: g for g in report_figures.compute(world.network_a, LAST_YEAR)["groups"]}
    figures = {name: (g["hospitering"], g["activities"]) for name, g in groups.items()}
    assert figures == {"Bergen sentrum": (1, 1), "Åsane": (0, 1)}


def test_members_count_at_the_workplace_the_history_placed_them_in_on_the_years_last_day(world):
    mona = Membership.objects.select_related("workplace__municipality").get(person=world.person("member"))
    Membership.objects.filter(pk=mona.pk).update(starts_on=dt.date(LAST_YEAR - 2, 1, 1))
    before = report_figures.compute(world.network_a, LAST_YEAR)
    home_care = f.workplace(
        "Hjemmetjenesten Fana", kind="hjemmetjeneste", municipality=f.municipality("4624", "Bjørnafjorden")
    )
    change_placement(
        Membership.objects.get(pk=mona.pk),
        by=None,
        effective_on=dt.date(LAST_YEAR + 1, 1, 2),
        expected_version=None,
        workplace=home_care,
    )
    assert Membership.objects.get(pk=mona.pk).workplace == home_care
    after = report_figures.compute(world.network_a, LAST_YEAR)
    assert (after["by_workplace_kind"], after["by_municipality"]) == (
        before["by_workplace_kind"],
        before["by_municipality"],
    )
    assert "Bjørnafjorden" not in dict(after["by_municipality"])

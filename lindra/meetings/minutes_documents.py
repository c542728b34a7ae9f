"""The minutes as a document: the facts they state, the PDF and the Word file from the
network's template.

The PDF is made with WeasyPrint; the Word document from the network's own .docx template
(docxtpl), or from Lindra's default template, made here with python-docx.
"""

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.core.audit import TEXT_SAVED, record
from lindra.core.models import AuditAction
from lindra.core.pdf import pdf_from_html
from lindra.core.versions import bump_version
from lindra.meetings.attendance import saved_sheet
from lindra.meetings.models import Meeting, Minutes, MinutesTemplate, Registration
from lindra.meetings.services import MeetingError
from lindra.registry.models import Network, Person, Term

MAX_DOCX_BYTES = 5 * 1024 * 1024


# --- The facts of the meeting ---------------------------------------------------------------


@dataclass(frozen=True)
class MinutesFacts:
    """What the minutes state about the meeting, read from the meeting and its attendance
    sheet as saved. Those absent without notice are not named: the minutes go to everyone
    (seed 001 asks for who attended and who gave notice, nothing more)."""

    network: str
    title: str
    kind: str
    is_group: bool
    organiser: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    host: str
    host_workplace: str
    minute_taker: str
    leaders: tuple[str, ...]
    attended: tuple[str, ...]  # members present
    guests: tuple[str, ...]  # guests present
    gave_notice: tuple[str, ...]
    attendance_marked: bool
    part1: str
    part2_title: str
    part2: str
    topics: tuple[str, ...]
    # Minutes sent before these were stated lack them: they take the defaults.
    programme: str = ""  # of a fagdag, an intro course or a committee meeting
    operations_representative: str = ""  # named for a group meeting (001)
    others_present: tuple[str, ...] = ()  # present, not members: the representative, leaders

    @property
    def date(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def date_text(self) -> str:
        return date_format(self.date, "WEEKDAY_DATE_FORMAT")

    @property
    def time_text(self) -> str:
        return f"{timezone.localtime(self.starts_at):%H:%M}–{timezone.localtime(self.ends_at):%H:%M}"

    @property
    def host_text(self) -> str:
        return ", ".join(part for part in (self.host, self.host_workplace) if part)

    @classmethod
    def from_json(cls, data: dict) -> "MinutesFacts":
        """The facts as saved when the minutes were sent (Minutes.facts_as_sent)."""
        values = {}
        for name, value in data.items():
            if name in ("starts_at", "ends_at"):
                value = dt.datetime.fromisoformat(value)
            elif isinstance(value, list):
                value = tuple(value)
            values[name] = value
        return cls(**values)


def _person_key(person: Person) -> tuple[str, str]:
    return (person.family_name.casefold(), person.given_name.casefold())


def facts_for(minutes: Minutes) -> MinutesFacts:
    """The facts the minutes state: as sent, once approved; until then, as they stand now."""
    if minutes.status == Minutes.Status.APPROVED and minutes.facts_as_sent:
        return MinutesFacts.from_json(minutes.facts_as_sent)
    return facts(minutes.meeting)


def facts(meeting: Meeting) -> MinutesFacts:
    """The meeting's facts for the minutes. Attendance as the sheet was saved: the members
    marked present or with notice (those on leave that day are not among them, as they are
    not counted), guests and other participants marked present. Nothing before it is saved."""
    sheet = saved_sheet(meeting)
    present, notice = Registration.Attendance.PRESENT, Registration.Attendance.NOTICE

    def names(rows, mark: str) -> tuple[str, ...]:
        marked = [row.registration for row in rows if row.registration.attendance == mark]
        return tuple(r.name for r in sorted(marked, key=_registration_key))

    return MinutesFacts(
        network=meeting.network.name,
        title=meeting.title,
        kind=meeting.get_kind_display(),
        is_group=meeting.kind == Meeting.Kind.GROUP,
        organiser=str(meeting.organiser),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        host=meeting.host.full_name if meeting.host_id else "",
        host_workplace=str(meeting.host_workplace) if meeting.host_workplace_id else "",
        minute_taker=meeting.minute_taker.full_name if meeting.minute_taker_id else "",
        leaders=tuple(p.full_name for p in meeting_leaders(meeting, timezone.localdate(meeting.starts_at))),
        attended=names(sheet.members, present),
        guests=names(sheet.guests, present),
        gave_notice=names(sheet.members, notice),
        attendance_marked=sheet.saved,
        part1=meeting.part1,
        part2_title=meeting.part2_title,
        part2=meeting.part2,
        topics=tuple(str(t) for t in meeting.topics.all()),
        programme=meeting.programme,
        operations_representative=(
            meeting.operations_representative.full_name if meeting.operations_representative_id else ""
        ),
        others_present=names(sheet.others, present),
    )


def _registration_key(registration: Registration) -> tuple[str, str]:
    if registration.person_id:
        return _person_key(registration.person)
    return (registration.name.casefold(), "")


def meeting_leaders(meeting: Meeting, on: dt.date) -> list[Person]:
    """Who leads the meeting: the group's leader, or the committee's leader (else its members)."""
    if meeting.local_group_id:
        terms = Term.objects.current(on).filter(local_group=meeting.local_group_id, kind=Term.Kind.GROUP_LEADER)
    else:
        terms = Term.objects.current(on).filter(committee=meeting.committee_id)
        if any(t.kind == Term.Kind.COMMITTEE_LEADER for t in terms):
            terms = terms.filter(kind=Term.Kind.COMMITTEE_LEADER)
    return sorted({t.person for t in terms.select_related("person")}, key=_person_key)


# --- Documents --------------------------------------------------------------------------------


def document_name(meeting: Meeting, extension: str) -> str:
    return f"referat-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.{extension}"


def render_pdf(minutes: Minutes, meeting_facts: MinutesFacts | None = None, *, for_guests: bool = False) -> bytes:
    """The minutes as a PDF; for guests, without part 1, which is for the group's members."""
    html = render_to_string(
        "meetings/minutes_pdf.html",
        {
            "minutes": minutes,
            "facts": meeting_facts or facts_for(minutes),
            "approved": _approved(minutes),
            "for_guests": for_guests,
        },
    )
    return pdf_from_html(html)


def _approved(minutes: Minutes) -> bool:
    return minutes.status == Minutes.Status.APPROVED


class NameList(list):
    """A list of names that prints as "Kari Nordmann, Per Hansen" in a Word template, and
    can also be looped over ({%p for navn in til_stede %})."""

    def __str__(self) -> str:
        return ", ".join(self)


def _docx_text(text: str) -> str:
    # docxtpl turns "\a" into a new paragraph and "\n" into a line break.
    paragraphs = [p.strip("\n") for p in text.replace("\r\n", "\n").split("\n\n")]
    return "\a".join(p for p in paragraphs if p.strip())


def docx_context(minutes: Minutes, meeting_facts: MinutesFacts) -> dict:
    """The template's variables (documented on the template page, TEMPLATE_VARIABLES)."""
    f = meeting_facts
    return {
        "tittel": f.title,
        "nettverk": f.network,
        "gruppe": f.organiser,
        "dato": f.date_text,
        "tid": f.time_text,
        "sted": f.place,
        "arrangor": f.host_text,
        "referent": f.minute_taker,
        "gruppeleder": ", ".join(f.leaders),
        "til_stede": NameList(f.attended),
        "forfall": NameList(f.gave_notice),
        "gjester": NameList(f.guests),
        "andre_til_stede": NameList(f.others_present),
        "fra_driftsgruppen": f.operations_representative,
        "nettverksmote": f.is_group,
        "program": _docx_text(f.programme),
        "del1": _docx_text(f.part1),
        "del2_tittel": f.part2_title,
        "del2": _docx_text(f.part2),
        "temaer": NameList(f.topics),
        "referat_del1": _docx_text(minutes.part1),
        "referat_del2": _docx_text(minutes.part2),
        "avtaler": _docx_text(minutes.agreements),
        "status": minutes.get_status_display(),
        "godkjent": date_format(timezone.localtime(minutes.approved_at), "DATE_FORMAT") if minutes.approved_at else "",
    }


TEMPLATE_VARIABLES = [
    ("tittel", gettext_lazy("Møtets tittel")),
    ("nettverk", gettext_lazy("Nettverkets navn")),
    ("gruppe", gettext_lazy("Lokalgruppen eller utvalget som holdt møtet")),
    ("dato", gettext_lazy("Datoen, f.eks. «tirsdag 3. mars 2026»")),
    ("tid", gettext_lazy("Klokkeslett, f.eks. «12:00–15:00»")),
    ("sted", gettext_lazy("Møtestedet")),
    ("arrangor", gettext_lazy("Arrangøren og arbeidsstedet")),
    ("referent", gettext_lazy("Den som skrev referatet")),
    ("gruppeleder", gettext_lazy("Gruppelederen (eller utvalgets leder)")),
    ("til_stede", gettext_lazy("Medlemmer som var til stede (liste)")),
    ("forfall", gettext_lazy("Medlemmer som meldte forfall (liste)")),
    ("gjester", gettext_lazy("Gjester som var til stede på del 2 (liste)")),
    ("andre_til_stede", gettext_lazy("Andre enn medlemmene som var til stede, f.eks. fra driftsgruppen (liste)")),
    ("fra_driftsgruppen", gettext_lazy("Representanten fra driftsgruppen på et nettverksmøte")),
    (
        "nettverksmote",
        gettext_lazy("Sant for et nettverksmøte i en lokalgruppe: {%p if nettverksmote %} … {%p endif %}"),
    ),
    ("program", gettext_lazy("Programmet for en fagdag, et kurs eller et utvalgsmøte")),
    ("del1", gettext_lazy("Programmet for del 1, erfaringsutveksling")),
    ("del2_tittel", gettext_lazy("Tittelen på del 2, faglig påfyll")),
    ("del2", gettext_lazy("Programmet for del 2")),
    ("temaer", gettext_lazy("Tema i kompetanseplanen (liste)")),
    ("referat_del1", gettext_lazy("Referatet fra del 1 (for en fagdag, et kurs eller et utvalgsmøte: hele referatet)")),
    ("referat_del2", gettext_lazy("Referatet fra del 2")),
    ("avtaler", gettext_lazy("Avtaler og oppfølging")),
    ("status", gettext_lazy("Referatets status, f.eks. «Utkast»")),
    ("godkjent", gettext_lazy("Datoen sekretariatet godkjente referatet (tom før det)")),
]


def render_docx(minutes: Minutes, meeting_facts: MinutesFacts | None = None) -> bytes:
    """The minutes as a Word document, from the network's own template or Lindra's default."""
    template = MinutesTemplate.objects.filter(network=minutes.meeting.network_id).only("docx").first()
    source = bytes(template.docx) if template and template.docx else default_docx_template()
    return _render_docx(source, docx_context(minutes, meeting_facts or facts_for(minutes)))


def _sandbox():
    """The networks' templates are uploaded by people: their codes run in Jinja's sandbox,
    which lets them print and loop over the values but reach nothing else in Lindra."""
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True)


def _render_docx(source: bytes, context: dict) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(source))
    document.render(context, jinja_env=_sandbox(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def default_docx_template() -> bytes:
    """Lindra's own Word template, made with python-docx: the network's name, the title, a
    table of facts, attendance, the two parts with their topics (a group meeting) or the
    programme and the minutes of the day (other meetings), and the agreements."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    blue = RGBColor(0x00, 0x62, 0xBA)
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.color.rgb = blue

    network = document.add_paragraph()
    run = network.add_run("{{ nettverk }}")
    run.font.size, run.font.color.rgb, run.bold = Pt(10), blue, True
    document.add_paragraph("{{ tittel }}", style="Title")
    document.add_paragraph(_("Referat") + " · {{ gruppe }}")

    table = document.add_table(rows=0, cols=2)
    table.style = "Light List Accent 1" if "Light List Accent 1" in document.styles else "Table Grid"
    rows = [
        (_("Dato"), "{{ dato }}"),
        (_("Tid"), "{{ tid }}"),
        (_("Sted"), "{{ sted }}"),
        (_("Arrangør"), "{{ arrangor }}"),
        (_("Møteleder"), "{{ gruppeleder }}"),
        (_("Referent"), "{{ referent }}"),
    ]
    for label, code in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Cm(4), Cm(12.6)
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(code)

    def name_list(heading: str, variable: str, empty: str) -> None:
        document.add_heading(heading, level=2)
        document.add_paragraph("{%p for navn in " + variable + " %}")
        document.add_paragraph("{{ navn }}", style="List Bullet")
        document.add_paragraph("{%p endfor %}")
        document.add_paragraph("{%p if not " + variable + " %}")
        document.add_paragraph(empty)
        document.add_paragraph("{%p endif %}")

    def topics_line() -> None:
        document.add_paragraph("{%p if temaer %}")
        topics = document.add_paragraph()
        topics.add_run(_("Tema i kompetanseplanen: ")).bold = True
        topics.add_run("{{ temaer }}")
        document.add_paragraph("{%p endif %}")

    document.add_paragraph("{%p if fra_driftsgruppen %}")
    representative = document.add_paragraph()
    representative.add_run(_("Fra driftsgruppen: ")).bold = True
    representative.add_run("{{ fra_driftsgruppen }}")
    document.add_paragraph("{%p endif %}")
    name_list(_("Til stede"), "til_stede", _("Ikke registrert."))
    name_list(_("Meldt forfall"), "forfall", _("Ingen."))
    document.add_paragraph("{%p if andre_til_stede %}")
    document.add_heading(_("Andre til stede"), level=2)
    document.add_paragraph("{{ andre_til_stede }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if gjester %}")
    document.add_heading(_("Gjester"), level=2)
    document.add_paragraph("{{ gjester }}")
    document.add_paragraph("{%p endif %}")

    document.add_paragraph("{%p if nettverksmote %}")
    document.add_heading(_("Del 1: Erfaringsutveksling"), level=1)
    document.add_paragraph("{%p if del1 %}")
    program = document.add_paragraph()
    program.add_run(_("Fra programmet: ")).italic = True
    program.add_run("{{ del1 }}").italic = True
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{{ referat_del1 }}")

    document.add_heading(_("Del 2: Faglig påfyll") + "{% if del2_tittel %}: {{ del2_tittel }}{% endif %}", level=1)
    topics_line()
    document.add_paragraph("{%p if del2 %}")
    program = document.add_paragraph()
    program.add_run(_("Fra programmet: ")).italic = True
    program.add_run("{{ del2 }}").italic = True
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{{ referat_del2 }}")
    document.add_paragraph("{%p else %}")
    document.add_heading(_("Program"), level=1)
    topics_line()
    document.add_paragraph("{{ program }}")
    document.add_heading(_("Fra dagen"), level=1)
    document.add_paragraph("{{ referat_del1 }}")
    document.add_paragraph("{%p endif %}")

    document.add_heading(_("Avtaler og oppfølging"), level=1)
    document.add_paragraph("{{ avtaler }}")

    signature = document.add_paragraph()
    signature.paragraph_format.space_before = Pt(18)
    signature.add_run(_("Referent: ")).bold = True
    signature.add_run("{{ referent }}")
    status = document.add_paragraph()
    status.alignment = WD_ALIGN_PARAGRAPH.LEFT
    status_run = status.add_run(
        "{% if godkjent %}"
        + _("Godkjent av sekretariatet {{ godkjent }}.")
        + "{% else %}"
        + _("Utkast – ikke godkjent av sekretariatet.")
        + "{% endif %}"
    )
    status_run.italic, status_run.font.size = True, Pt(9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def sample_context() -> dict:
    """Made-up values to try an uploaded template with."""
    return {
        "tittel": "Nettverksmøte 1/2026",
        "nettverk": "Kompetansenettverk i lindrende behandling",
        "gruppe": "Bergen sentrum",
        "dato": "tirsdag 3. mars 2026",
        "tid": "12:00–15:00",
        "sted": "Løvåsen sykehjem",
        "arrangor": "Kari Nordmann, Løvåsen sykehjem",
        "referent": "Per Hansen",
        "gruppeleder": "Gunn Berg",
        "til_stede": NameList(["Kari Nordmann", "Per Hansen"]),
        "forfall": NameList(["Ola Dahl"]),
        "gjester": NameList(["Eva Lie"]),
        "andre_til_stede": NameList(["Siri Sekretær"]),
        "fra_driftsgruppen": "Siri Sekretær",
        "nettverksmote": True,
        "program": "",
        "del1": "Nytt fra driftsgruppen",
        "del2_tittel": "Smertelindring",
        "del2": "Innlegg ved lege",
        "temaer": NameList(["Smertelindring"]),
        "referat_del1": "Vi snakket om …",
        "referat_del2": "Hovedpunkter …",
        "avtaler": "Neste møte 2. juni.",
        "status": "Utkast",
        "godkjent": "",
    }


def check_docx_template(content: bytes) -> None:
    """Refuses an uploaded file that is no Word template Lindra can fill in, with the reason
    in Norwegian on the upload field."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    if len(content) > MAX_DOCX_BYTES:
        raise MeetingError(_("Filen er større enn 5 MB. Ta ut bilder eller lagre den på nytt i Word."), field="docx")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise MeetingError(_("Filen er ikke et Word-dokument (.docx). Lagre malen som .docx i Word."), field="docx")
    try:
        document = DocxTemplate(io.BytesIO(content))
        unknown = sorted(document.get_undeclared_template_variables(jinja_env=_sandbox()) - set(sample_context()))
    except TemplateError as error:
        raise MeetingError(
            _(
                "Malen har en feil i en flettekode. Se over {{ … }} og {%% … %%} i dokumentet. "
                "(Teknisk melding: %(error)s)"
            )
            % {"error": error},
            field="docx",
        ) from error
    except Exception as error:  # any file docxtpl cannot read is refused the same way
        raise MeetingError(
            _("Lindra kan ikke lese filen som en Word-mal. Lagre den på nytt som .docx i Word."), field="docx"
        ) from error
    if unknown:
        raise MeetingError(
            _("Malen bruker flettekoder Lindra ikke kjenner: %(codes)s. Bruk kodene i listen på siden.")
            % {"codes": ", ".join(f"{{{{ {name} }}}}" for name in unknown)},
            field="docx",
        )
    try:
        _render_docx(content, sample_context())
    except Exception as error:  # the reason is told to the user below
        raise MeetingError(
            _("Malen kunne ikke fylles ut. Se over flettekodene i dokumentet. (Teknisk melding: %(error)s)")
            % {"error": error},
            field="docx",
        ) from error


@transaction.atomic
def _template_stale(current_version: int | None) -> MeetingError:
    return MeetingError(
        _("Noen andre har lagret referatmalen mens du skrev. Se over og lagre igjen."),
        current_version=current_version,
    )


def save_template(
    network: Network,
    *,
    body: str,
    by,
    docx: bytes | None = None,
    docx_name: str = "",
    use_default: bool = False,
    expected_version: int | None = None,
    request=None,
) -> MinutesTemplate:
    """The secretariat's guidance text and Word template for the network's minutes; refused
    when someone else saved it since the form was opened."""
    template = MinutesTemplate.objects.select_for_update().filter(network=network).first()
    if template:
        template.version = bump_version(MinutesTemplate, template.pk, expected_version, stale=_template_stale)
    template = template or MinutesTemplate(network=network, version=1)
    changes: dict = {}
    if template.body != body:
        changes["body"] = TEXT_SAVED
    template.body = body
    if docx is not None:
        check_docx_template(docx)
        changes["docx"] = [template.docx_name, docx_name[:200]]
        template.docx, template.docx_name = docx, docx_name[:200]
    elif use_default and template.docx:
        changes["docx"] = [template.docx_name, ""]  # back to Lindra's own template
        template.docx, template.docx_name = None, ""
    template.updated_at, template.updated_by = timezone.now(), by
    template.save()
    record(AuditAction.CHANGED, request=request, actor=by, obj=template, network=network, changes=changes)
    return template

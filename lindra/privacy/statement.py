"""The privacy statement (personvernerklæringen), put together from what Lindra does: the
kinds of data it holds and why, the networks' policies for how long, and the table of who
sees what (DESIGN.md §2). Change the rules and the statement follows."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lindra.registry.models import Network


@dataclass(frozen=True)
class Held:
    what: str
    why: str


# What Lindra holds about a person, and why.
HELD = (
    Held(
        _("Navn, e-postadresse, telefonnummer, yrke og videreutdanning"),
        _("for at nettverket skal vite hvem du er, kunne kalle deg inn og sende deg referater."),
    ),
    Held(
        _("Medlemskap: nettverk, lokalgruppe, arbeidssted, nærmeste leder, start og slutt, permisjoner"),
        _("fordi nettverksavtalen med arbeidsgiveren din sier at du er ressursperson, og hvem som er lederen din."),
    ),
    Held(
        _("Historikk over endringer i medlemskapet: hvem endret hva og når"),
        _("for at registeret skal være riktig, og for at du og sekretariatet kan se hva som er endret."),
    ),
    Held(
        _("Verv: gruppeleder, medlem av utvalg, sekretariat"),
        _("for å vite hvem som har hvilket ansvar i nettverket."),
    ),
    Held(
        _("Påmeldinger, forfall og oppmøte på møter, fagdager og kurs"),
        _("fordi medlemmene skal delta på et fast antall møter, og fravær følges opp."),
    ),
    Held(
        _("Oppfølging av fravær, velkomstbrev, introduksjonskurs, arbeidsplaner og årlige møter med leder"),
        _("fordi funksjonsbeskrivelsen sier at du og lederen din skal planlegge og evaluere arbeidet sammen."),
    ),
    Held(
        _("Kompetanseaktiviteter og referat til arbeidsstedet"),
        _("for å vise hva du har lært og delt, og til nettverkets årsrapport (uten navn)."),
    ),
    Held(
        _("Svar på spørreskjemaer som ikke er anonyme, og avvik du har meldt"),
        _("for nettverkets årlige rapportering og for å rette det som ikke fungerer."),
    ),
    Held(
        _("Brukerkontoen din og loggen over innlogginger og endringer"),
        _("for å holde opplysningene trygge og kunne se i ettertid hvem som har gjort hva."),
    ),
    Held(
        _("E-post som er sendt deg (type, emne og tidspunkt)"),
        _("for å vite at innkallinger og beskjeder er kommet fram."),
    ),
)

# The legal basis, in plain words.
BASIS = (
    _(
        "Nettverkene er kompetansenettverk mellom helseforetak og kommuner. Opplysningene behandles "
        "for å drive nettverket slik nettverksavtalene mellom dem sier (personvernforordningen "
        "artikkel 6 nr. 1 bokstav e: en oppgave i allmennhetens interesse)."
    ),
    _(
        "Du er med i nettverket fordi arbeidsgiveren din har sagt ja til at du er ressursperson. "
        "Arbeidsgiveren og nettverket er sammen ansvarlige for opplysningene om deg."
    ),
    _("Lindra lagrer ingen helseopplysninger og ingen opplysninger om pasienter."),
)


@dataclass(frozen=True)
class Right:
    name: str
    how: str


RIGHTS = (
    Right(
        _("Innsyn"),
        _("Du kan laste ned alt Lindra har om deg, som PDF og som maskinlesbar fil, under «Min konto»."),
    ),
    Right(
        _("Retting"),
        _(
            "Du kan rette kontaktopplysningene dine selv, og melde andre endringer til sekretariatet "
            "(ny leder, nytt arbeidssted, permisjon, slutter)."
        ),
    ),
    Right(
        _("Sletting"),
        _(
            "Du kan be sekretariatet slette opplysningene om deg når du ikke lenger er med i nettverket. "
            "Etter en fast tid anonymiseres de uansett (se under)."
        ),
    ),
    Right(
        _("Klage"),
        _(
            "Mener du at opplysningene om deg behandles feil, kan du klage til Datatilsynet "
            "(www.datatilsynet.no). Ta gjerne kontakt med sekretariatet først."
        ),
    ),
)


@dataclass(frozen=True)
class RoleRow:
    role: str
    sees: str
    changes: str


# Who sees what, written for people from DESIGN.md §2 (lindra.accounts.roles and the access
# helpers of each app follow the same table).
ROLE_TABLE = (
    RoleRow(
        _("Sekretariatet i nettverket"),
        _("Alt om medlemmene i sine nettverk, unntatt svar på anonyme spørreskjemaer."),
        _("Alt i sine nettverk."),
    ),
    RoleRow(
        _("Gruppelederen"),
        _(
            "Medlemmene i sin gruppe med kontaktopplysninger og nærmeste leder, møtene, oppmøtet, "
            "oppfølging av fravær, velkomstbrev og hvert medlems år."
        ),
        _("Gruppens møter, oppmøte, referater, oppfølging av fravær og avvik i gruppen."),
    ),
    RoleRow(
        _("Din nærmeste leder"),
        _("Ditt medlemskap, oppmøtet ditt, året ditt, arbeidsplanen din og referatene."),
        _("Avtaler arbeidsplanen og det årlige møtet med deg, bekrefter kompetanseaktiviteter, melder endringer."),
    ),
    RoleRow(
        _("De andre medlemmene i gruppen din"),
        _("Gruppens navneliste: navn, arbeidssted og e-post, og gruppens møter."),
        _("Ingenting om deg."),
    ),
    RoleRow(
        _("Medlemmer av drifts-, arbeids- og styringsgruppen"),
        _("Nettverkets grupper, møter, rapporter, avvik og tall uten navn."),
        _("Avvik sendt til dem, utvalgsmøter, kurs og fagdager."),
    ),
    RoleRow(
        _("Andre systemer (HR-systemet, nettsiden) med en API-nøkkel fra sekretariatet"),
        _(
            "Det nøkkelen gir tilgang til i ett nettverk: grupper, navnelister med arbeidssted, e-post og "
            "nærmeste leder, møter med tall og årsrapportens tall. Hvert kall står i loggen."
        ),
        _("Ingenting."),
    ),
    RoleRow(
        _("Du selv"),
        _("Alt om deg selv, året ditt og arbeidsplanen din."),
        _(
            "Påmelding og forfall, arbeidsplanen, referat til arbeidsstedet, kompetanseaktiviteter, "
            "svar, avvik du melder og endringsmeldinger."
        ),
    ),
)

PROMISES = (
    _(
        "Svar på anonyme spørreskjemaer er ikke knyttet til noen person, verken for sekretariatet eller "
        "andre. Resultater vises ikke for grupper med færre enn 5 svar."
    ),
    _("Når du melder forfall, lagrer vi bare at du har meldt forfall, aldri årsaken: den kan være en helseopplysning."),
)

AUDIT_LOG = (
    _(
        "Lindra fører en logg over innlogginger, endringer og hvem som har lastet ned opplysninger om "
        "hvem. Sekretariatet ser loggen for sitt nettverk fra sin forside («Se loggen»); det du selv har gjort, og det "
        "som er gjort med opplysningene om deg, er med når du laster ned dataene dine."
    ),
    _(
        "Loggen kan ikke endres. Når opplysningene om deg slettes eller anonymiseres, tas navnet ditt, "
        "e-postadressen og telefonnummeret ditt ut av loggen, slik at loggen ikke lenger sier hvem det gjaldt."
    ),
)


def retention_sentence(years: int) -> str:
    return ngettext(
        "Opplysninger om et tidligere medlem anonymiseres %(years)d år etter at medlemskapet sluttet.",
        "Opplysninger om et tidligere medlem anonymiseres %(years)d år etter at medlemskapet sluttet.",
        years,
    ) % {"years": years}


def retention(networks: list[Network]) -> list[tuple[str, str]]:
    """(who, sentence) per network from its policy; one line for all when they agree."""
    years = {network.retention_years for network in networks}
    if len(years) == 1:
        return [(str(_("Alle nettverkene")), retention_sentence(years.pop()))]
    return [(network.name, retention_sentence(network.retention_years)) for network in networks]


def context() -> dict:
    networks = list(Network.objects.order_by("name"))
    return {
        "held": HELD,
        "basis": BASIS,
        "rights": RIGHTS,
        "retention": retention(networks) if networks else [],
        "roles": ROLE_TABLE,
        "promises": PROMISES,
        "audit_log": AUDIT_LOG,
        "contacts": [(network.name, network.secretariat_email) for network in networks],
    }

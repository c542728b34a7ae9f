"""The standard yearly questionnaire, built from the fixed tasks of the function description
(seed 004): the network meetings and the fagdag, reporting back to leader and colleagues, the
work plan, teaching colleagues, the competence gained, and what the network should do better."""

from django.utils.translation import gettext as _

YES, NO = "Ja", "Nei"
MEMBER, LEADER = "member", "leader"  # Question.Audience


def standard_sections() -> list[dict]:
    """Sections with their questions; a question's `shown_if` is the index, within all the
    questions in order, of the earlier question whose answer shows it. The last section is
    for the nearest leaders, when they are asked too (seed 004, "Leders ansvar")."""
    yes_no = [_(YES), _(NO)]
    return [
        {
            "title": _("Nettverksmøter og fagdag"),
            "help_text": _("Faste oppgaver: delta på nettverksmøtene i lokalgruppen og på den årlige fagdagen."),
            "audience": MEMBER,
            "questions": [
                {
                    "kind": "number",
                    "text": _("Hvor mange nettverksmøter i lokalgruppen deltok du på i år?"),
                    "required": True,
                    "scale_min": 0,
                    "scale_max": 20,
                },
                {"kind": "single", "text": _("Deltok du på fagdagen?"), "required": True, "choices": yes_no},
            ],
        },
        {
            "title": _("Referat til leder og kolleger"),
            "help_text": _("Fast oppgave: gi referat fra nettverkssamlinger til leder og til kolleger."),
            "audience": MEMBER,
            "questions": [
                {
                    "kind": "single",
                    "text": _("Har du gitt referat fra nettverkssamlingene på arbeidsstedet ditt?"),
                    "required": True,
                    "choices": [
                        _("Ja, til både leder og kolleger"),
                        _("Ja, til leder"),
                        _("Ja, til kolleger"),
                        _(NO),
                    ],
                },
                {
                    "kind": "text",
                    "text": _("Hva gjorde at du ikke fikk gitt referat?"),
                    "shown_if": 2,
                    "shown_if_answer": _(NO),
                },
            ],
        },
        {
            "title": _("Arbeidsplan"),
            "help_text": _("Fast oppgave: lage egen arbeidsplan i samarbeid med nærmeste leder."),
            "audience": MEMBER,
            "questions": [
                {
                    "kind": "single",
                    "text": _("Har du laget en arbeidsplan for året sammen med nærmeste leder?"),
                    "required": True,
                    "choices": yes_no,
                },
                {
                    "kind": "scale",
                    "text": _("Hvor godt fikk du fulgt arbeidsplanen?"),
                    "scale_min_label": _("Ikke i det hele tatt"),
                    "scale_max_label": _("Fullt ut"),
                    "shown_if": 4,
                    "shown_if_answer": _(YES),
                },
            ],
        },
        {
            "title": _("Undervisning av kolleger"),
            "help_text": _("Ressurspersonen er en ressurs for kollegene sine i lindrende behandling."),
            "audience": MEMBER,
            "questions": [
                {
                    "kind": "number",
                    "text": _("Hvor mange ganger har du undervist eller veiledet kolleger i år?"),
                    "scale_min": 0,
                    "scale_max": 200,
                },
                {
                    "kind": "multiple",
                    "text": _("Hvilke tema tok du opp med kollegene?"),
                    "choices": [
                        _("Smertelindring"),
                        _("Andre symptomer"),
                        _("Kommunikasjon og samtaler"),
                        _("Livets siste dager"),
                        _("Pårørende"),
                        _("Annet"),
                    ],
                },
            ],
        },
        {
            "title": _("Kompetanse"),
            "help_text": "",
            "audience": MEMBER,
            "questions": [
                {
                    "kind": "scale",
                    "text": _("Hvor mye har nettverket styrket kompetansen din i lindrende behandling?"),
                    "required": True,
                    "scale_min_label": _("Lite"),
                    "scale_max_label": _("Mye"),
                },
                {"kind": "text", "text": _("Hva har du lært i år som du bruker i arbeidet?")},
            ],
        },
        {
            "title": _("Nettverket"),
            "help_text": "",
            "audience": MEMBER,
            "questions": [
                {
                    "kind": "scale",
                    "text": _("Hvor fornøyd er du med nettverket alt i alt?"),
                    "scale_min_label": _("Lite fornøyd"),
                    "scale_max_label": _("Svært fornøyd"),
                },
                {"kind": "text", "text": _("Hva bør nettverket gjøre bedre?")},
            ],
        },
        {
            "title": _("For nærmeste leder"),
            "help_text": _("Lederens ansvar: legge til rette for at ressurspersonen kan ivareta funksjonen."),
            "audience": LEADER,
            "questions": [
                {
                    "kind": "scale",
                    "text": _(
                        "Hvor godt har arbeidsstedet lagt til rette for at ressurspersonen kan delta i nettverket?"
                    ),
                    "required": True,
                    "scale_min_label": _("Dårlig"),
                    "scale_max_label": _("Svært godt"),
                },
                {
                    "kind": "single",
                    "text": _("Har dere hatt det årlige møtet om ressurspersonens arbeidsplan?"),
                    "required": True,
                    "choices": yes_no,
                },
                {"kind": "text", "text": _("Hva kan nettverket gjøre bedre for arbeidsstedet?")},
            ],
        },
    ]

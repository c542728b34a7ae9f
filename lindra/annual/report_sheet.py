"""The annual report's figures as a spreadsheet: the main figures beside the previous year's,
each local network, the members by profession, municipality and kind of workplace."""

from django.utils.translation import gettext as _

from lindra.annual.report_figures import key_rows
from lindra.core.spreadsheets import xlsx_sheets_response


def figures_xlsx(figures: dict):
    year = figures["year"]
    groups = [
        [
            g["name"],
            g["members"],
            g["held"],
            g["required"],
            g["hours"],
            g["minimum_hours"],
            g["present"],
            g["marked"],
            g["attendance_percent"],
            g["hospitering"],
            g["activities"],
            ", ".join(g["topics"]),
        ]
        for g in figures["groups"]
    ]
    members = [[_("Yrke"), *row] for row in figures["by_profession"]]
    members += [[_("Type arbeidssted"), *row] for row in figures["by_workplace_kind"]]
    members += [[_("Kommune"), *row] for row in figures["by_municipality"]]
    return xlsx_sheets_response(
        f"arsrapport-tall-{year}.xlsx",
        [
            (_("Hovedtall"), [_("Tall"), str(year), str(year - 1)], key_rows(figures)),
            (
                _("Lokale nettverk"),
                [
                    _("Lokalt nettverk"),
                    _("Medlemmer"),
                    _("Møter holdt"),
                    _("Møter som kreves"),
                    _("Timer holdt"),
                    _("Minste antall timer"),
                    _("Til stede"),
                    _("Kalt inn"),
                    _("Oppmøte (%)"),
                    _("Hospiteringer"),
                    _("Kompetanseaktiviteter"),
                    _("Temaer fra kompetanseplanen"),
                ],
                groups,
            ),
            (_("Medlemmer"), [_("Etter"), _("Hva"), _("Medlemmer")], members),
        ],
    )

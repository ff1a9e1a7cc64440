"""Swedish for every fixed word of the report templates and the workbook (English msgid →
Swedish), to be merged into the project's .po catalogue. Written as a municipality writes a
follow-up: "Ansvarig", "Bedömning", "Läget per"."""

import gettext

SV: dict[str, str] = {
    # HTML and Markdown
    "Parties": "Parter",
    "As of": "Läget per",
    "Overall assessment": "Samlad bedömning",
    "Key": "Teckenförklaring",
    "Assessment": "Bedömning",
    "Responsible": "Ansvarig",
    "Target": "Mål",
    "Condition": "Villkor",
    "Rate": "Takt",
    "Outcome: %(title)s": "Utfall: %(title)s",
    "Period": "Period",
    "Done": "Utfört",
    "State": "Läge",
    "Chart: done compared with target, %(title)s": "Diagram: utfört jämfört med mål, %(title)s",
    "%(column)s: %(done)s done, %(state)s.": "%(column)s: %(done)s utförda, %(state)s.",
    "%(column)s: %(done)s of %(target)s, %(state)s.": (
        "%(column)s: %(done)s av %(target)s, %(state)s."
    ),
    "Comment": "Kommentar",
    "Sources": "Källor",
    "Commitment": "Åtagande",
    "condition": "villkor",
    "rate": "takt",
    "%(done)s of %(target)s": "%(done)s av %(target)s",
    # XLSX
    "Note": "Observera",
    "By party": "Per part",
    "Summary": "Sammanfattning",
    "Focus area": "Fokusområde",
    "%(column)s: done": "%(column)s: utfört",
    "%(column)s: target": "%(column)s: mål",
    "%(column)s: state": "%(column)s: läge",
}

WORDS: dict[str, str] = {
    # the view model (followup.py): months, states, verdicts, targets, periods
    "January": "januari",
    "February": "februari",
    "March": "mars",
    "April": "april",
    "May": "maj",
    "June": "juni",
    "July": "juli",
    "August": "augusti",
    "September": "september",
    "October": "oktober",
    "November": "november",
    "December": "december",
    "met": "uppfyllt",
    "on track": "enligt plan",
    "behind": "efter plan",
    "not met": "ej uppfyllt",
    "without target": "utan mål",
    "no part target": "utan delmål",
    "not begun": "ej påbörjad",
    "partly met": "delvis uppfyllt",
    "done": "genomfört",
    "not reported": "ej rapporterat",
    "no target": "inget mål",
    "at least %(n)s a year": "minst %(n)s per år",
    "at least %(n)s per half-year": "minst %(n)s per halvår",
    "at least %(n)s per tertial": "minst %(n)s per tertial",
    "at least %(n)s per quarter": "minst %(n)s per kvartal",
    "at least %(n)s a month": "minst %(n)s per månad",
    "at least %(n)s a week": "minst %(n)s per vecka",
    "at least %(n)s a day": "minst %(n)s per dag",
    "at least %(n)s during the agreement period": "minst %(n)s under avtalsperioden",
    "tertial %(n)s %(year)s": "tertial %(n)s %(year)s",
    "half-year %(n)s %(year)s": "halvår %(n)s %(year)s",
    "quarter %(n)s %(year)s": "kvartal %(n)s %(year)s",
    "full year %(year)s": "helår %(year)s",
    "Tertial %(n)s": "Tertial %(n)s",
    "Half-year %(n)s": "Halvår %(n)s",
    "Quarter %(n)s": "Kvartal %(n)s",
    "Full year": "Helår",
    "Year so far": "Året hittills",
    "Follow-up of citizen promises, %(period)s": "Uppföljning av medborgarlöften, %(period)s",
    "Follow-up %(period)s": "Uppföljning %(period)s",
    "The period is in progress: the state on %(date)s.": "Perioden pågår: läget den %(date)s.",
    "%(party)s: %(line)s": "%(party)s: %(line)s",
    "%(good)s of %(total)s promise met or done": "%(good)s av %(total)s löfte uppfyllt eller genomfört",
    "%(good)s of %(total)s promises met or done": (
        "%(good)s av %(total)s löften uppfyllda eller genomförda"
    ),
    "%(good)s of %(total)s promise met or on track": (
        "%(good)s av %(total)s löfte uppfyllt eller enligt plan"
    ),
    "%(good)s of %(total)s promises met or on track": (
        "%(good)s av %(total)s löften uppfyllda eller enligt plan"
    ),
}
"""The words of the view model (report/followup.py); plural forms by their own English id."""


class Swedish(gettext.NullTranslations):
    """The report's Swedish as a gettext translation (until the project's catalogue has it)."""

    def gettext(self, message: str) -> str:
        return SV.get(message) or WORDS.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)

"""Write a realistic national data root: many agreements, one small log file per entry.

    python benchmarks/generate.py OUT --agreements 300 --entries 50000

Deterministic (seeded): the same arguments always write the same files. The data is
valid (`mlofte --root OUT validate` passes): 2–3 year periods over 2020–2025, every
`per` kind, Swedish titles and notes. Beside agreements/ and logs/ it writes the same
work as an hledger journal (`equivalent.journal`) and a Beancount ledger
(`equivalent.beancount`), one transaction per entry, for the side-by-side benchmark.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

KOMMUNER = (
    "Haparanda", "Kalix", "Luleå", "Piteå", "Skellefteå", "Umeå", "Örnsköldsvik", "Sundsvall",
    "Östersund", "Härnösand", "Söderhamn", "Gävle", "Falun", "Borlänge", "Västerås", "Örebro",
    "Karlstad", "Uppsala", "Södertälje", "Norrtälje", "Nyköping", "Norrköping", "Linköping",
    "Jönköping", "Växjö", "Kalmar", "Västervik", "Visby", "Karlskrona", "Kristianstad", "Malmö",
    "Lund", "Helsingborg", "Halmstad", "Varberg", "Borås", "Trollhättan", "Uddevalla", "Skövde",
    "Lidköping", "Mölndal", "Kungälv", "Ängelholm", "Höör", "Älmhult", "Åre", "Säffle", "Åmål",
)  # fmt: skip

FOCUS_AREAS = (
    ("narvaro", "Polisiär närvaro, trygghet och grannsamverkan"),
    ("droger", "Droger och folkhälsa"),
    ("trafik", "Trafiksäkerhet"),
    ("vald", "Våld i nära relationer"),
    ("ungdom", "Unga i riskmiljöer"),
)

# (id, title, area, minimum, per): every per kind, and some without a minimum.
COMMITMENTS = (
    ("narkotikainsatser", "Riktade insatser mot narkotika bland unga och vuxna", "droger", 4, "year"),
    ("hundsok-skola", "Sök med hund i skolmiljö", "droger", 2, "half-year"),
    ("foraldravandring", "Föräldravandringar på helger", "ungdom", 2, "tertial"),
    ("trafikkontroll", "Hastighetskontroller vid skolor och förskolor", "trafik", 3, "quarter"),
    ("trygghetsvandring", "Gemensam trygghetsvandring i bostadsområden", "narvaro", 1, "month"),
    ("fotpatrull", "Fotpatrullering på allmänna platser och torg", "narvaro", 1, "week"),
    ("utbildning-vald", "Utbildning om våld i nära relationer för personal", "vald", 6, "period"),
    ("pss-samverkan", "Samverkan via PSS-gruppen (polis, skola och socialtjänst)", "ungdom", None, "year"),
    ("a-traktorer", "Insatser mot trafikbrott med A-traktorer och mopeder", "trafik", 2, "year"),
    ("brottsofferstod", "Stötta brottsoffer i den polisiära processen", "vald", None, "year"),
    ("medborgardialog", "Medborgardialog på biblioteket och i föreningslivet", "narvaro", 2, "half-year"),
    ("hogriskkvallar", "Närvaro under högriskkvällar (valborg, skolavslutning)", "ungdom", 2, "year"),
)  # fmt: skip

NOTES = (
    "Genomfört enligt plan; lugnt på torget.",
    "Samverkan med fältassistenterna i Östra stadsdelen.",
    "Föräldrar och ungdomar på plats, bra dialog.",
    "Kontroll vid skolan på Åvägen: 3 förelägganden.",
    "Möte med rektorer och socialtjänst om läget i årskurs 8–9.",
    "Vandring med hyresvärden; belysningen vid gångtunneln ska åtgärdas.",
    "Hund i skolmiljö, inget anträffat.",
    "Informationsträff för personal inom hemtjänsten.",
    "Närvaro vid idrottsplatsen under kvällen.",
    "Dialog med näringsidkare om trygghet i centrum.",
)

START, END = dt.date(2020, 1, 1), dt.date(2025, 12, 31)


def slug(name: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "a", "Ä": "a", "Ö": "o", " ": "-"})
    return name.lower().translate(table)


def make_agreements(rng: random.Random, count: int) -> list[dict[str, object]]:
    agreements = []
    for index in range(count):
        kommun = KOMMUNER[index % len(KOMMUNER)]
        round_ = index // len(KOMMUNER)
        years = rng.choice((2, 3))
        start = rng.randint(START.year, END.year - years + 1)
        end = start + years - 1
        suffix = f"-{round_ + 1}" if round_ else ""
        agreement_id = f"{slug(kommun)}{suffix}-{start}-{end}"
        picked = sorted(rng.sample(range(len(COMMITMENTS)), rng.randint(7, 10)))
        picked = sorted({*picked, 5, 6})  # a week and a period commitment in every agreement
        commitments = []
        for position in picked:
            cid, title, area, minimum, per = COMMITMENTS[position]
            if position == 7:  # unique id: its entries may leave out `agreement:`
                cid = f"{cid}-{agreement_id}"
            commitments.append(
                {
                    "id": cid,
                    "title": title,
                    "area": area,
                    "responsible": rng.choice((["polisen"], ["kommunen"], ["polisen", "kommunen"])),
                    "minimum": minimum,
                    "per": per,
                }
            )
        agreements.append(
            {
                "id": agreement_id,
                "kommun": kommun,
                "title": f"Medborgarlöfte mellan {kommun} kommun och Polisen {start}–{end}",
                "start": dt.date(start, 1, 1),
                "end": dt.date(end, 12, 31),
                "commitments": commitments,
            }
        )
    return agreements


def agreement_yaml(a: dict[str, object]) -> str:
    lines = [
        f"# Medborgarlöfte för {a['kommun']}: genererat för prestandatest.",
        f"id: {a['id']}",
        f"title: {a['title']}",
        f"period: {{start: {a['start']}, end: {a['end']}}}",
        "parties:",
        f"  kommunen: {a['kommun']} kommun",
        f"  polisen: Polisen, lokalpolisområde {a['kommun']}",
        "focus_areas:",
    ]
    lines += [f"  {key}: {name}" for key, name in FOCUS_AREAS]
    lines.append("commitments:")
    for c in a["commitments"]:  # type: ignore[attr-defined]
        lines += [
            f"  - id: {c['id']}",
            f"    title: {c['title']}",
            f"    area: {c['area']}",
            f"    responsible: [{', '.join(c['responsible'])}]",
        ]
        if c["minimum"] is not None:
            lines += [f"    minimum: {c['minimum']}", f"    per: {c['per']}"]
    return "\n".join(lines) + "\n"


def make_entries(
    rng: random.Random, agreements: list[dict[str, object]], count: int
) -> list[dict[str, object]]:
    entries = []
    for _ in range(count):
        a = rng.choice(agreements)
        c = rng.choice(a["commitments"])  # type: ignore[arg-type]
        start, end = a["start"], a["end"]
        day = start + dt.timedelta(days=rng.randint(0, (end - start).days))  # type: ignore[operator]
        entry: dict[str, object] = {"date": day, "commitment": c["id"]}
        if not c["id"].startswith("pss-samverkan-"):
            entry["agreement"] = a["id"]
        if rng.random() < 0.15:
            entry["count"] = rng.randint(2, 5)
        by = rng.random()
        if by < 0.5:
            entry["by"] = c["responsible"][0]
        elif by < 0.6:
            entry["by"] = ["polisen", "kommunen"]
        if rng.random() < 0.7:
            entry["note"] = rng.choice(NOTES)
        entries.append(entry)
    return entries


def entry_yaml(entry: dict[str, object]) -> str:
    lines = [f"date: {entry['date']}", f"commitment: {entry['commitment']}"]
    if "agreement" in entry:
        lines.append(f"agreement: {entry['agreement']}")
    if "count" in entry:
        lines.append(f"count: {entry['count']}")
    if isinstance(entry.get("by"), list):
        lines.append(f"by: [{', '.join(entry['by'])}]")  # type: ignore[arg-type]
    elif "by" in entry:
        lines.append(f"by: {entry['by']}")
    if "note" in entry:
        lines.append(f'note: "{entry["note"]}"')
    return "\n".join(lines) + "\n"


def _account(entry: dict[str, object], agreements_by_commitment: dict[str, str]) -> str:
    agreement = entry.get("agreement") or agreements_by_commitment[str(entry["commitment"])]
    return f"Expenses:Aktivitet:{_ledger_name(str(agreement))}:{_ledger_name(str(entry['commitment']))}"


def _ledger_name(value: str) -> str:
    """A Beancount account component: starts with a capital letter, letters, digits and '-'."""
    return "A" + value if not value[:1].isalpha() else value[:1].upper() + value[1:]


def write_journals(
    out: Path, agreements: list[dict[str, object]], entries: list[dict[str, object]]
) -> None:
    """The same work as an hledger journal and a Beancount ledger: one transaction per entry."""
    owner = {
        str(c["id"]): str(a["id"])
        for a in agreements
        for c in a["commitments"]  # type: ignore[attr-defined]
    }
    ordered = sorted(entries, key=lambda e: e["date"])  # type: ignore[arg-type, return-value]
    journal = []
    ledger = ['option "operating_currency" "ST"', ""]
    accounts = sorted({_account(e, owner) for e in entries})
    ledger += [f"2019-01-01 open {account}" for account in accounts]
    ledger += ["2019-01-01 open Equity:Utfort", ""]
    for e in ordered:
        account = _account(e, owner)
        note = str(e.get("note", e["commitment"])).replace('"', "'")
        count = e.get("count", 1)
        journal += [f"{e['date']} {note}", f"    {account}  {count} ST", "    Equity:Utfört", ""]
        ledger += [f'{e["date"]} * "{note}"', f"  {account}  {count} ST", "  Equity:Utfort", ""]
    (out / "equivalent.journal").write_text("\n".join(journal), encoding="utf-8")
    (out / "equivalent.beancount").write_text("\n".join(ledger), encoding="utf-8")


def generate(
    out: Path, agreements: int, entries: int, seed: int = 2021, journals: bool = True
) -> None:
    """Write the root (refusing a folder that already holds agreements/ or logs/)."""
    rng = random.Random(seed)
    for sub in ("agreements", "logs"):
        if (out / sub).exists():
            raise SystemExit(f"generate: {out / sub} exists; give an empty or new folder")
    made = make_agreements(rng, agreements)
    (out / "agreements").mkdir(parents=True)
    for a in made:
        (out / "agreements" / f"{a['id']}.yaml").write_text(agreement_yaml(a), encoding="utf-8")
    logged = make_entries(rng, made, entries)
    taken: set[str] = set()
    folders: set[Path] = set()
    for entry in logged:
        day = entry["date"]
        folder = out / "logs" / str(day.year)  # type: ignore[attr-defined]
        if folder not in folders:
            folder.mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        stem = f"{day}-{entry['commitment']}"
        name, suffix = f"{stem}.yaml", 2
        while f"{folder.name}/{name}" in taken:
            name, suffix = f"{stem}-{suffix}.yaml", suffix + 1
        taken.add(f"{folder.name}/{name}")
        (folder / name).write_text(entry_yaml(entry), encoding="utf-8")
    if journals:
        write_journals(out, made, logged)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "out", type=Path, help="the folder to write (created; must not hold a root)"
    )
    parser.add_argument("--agreements", type=int, default=300)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument(
        "--no-journals", action="store_true", help="skip the hledger/Beancount files"
    )
    args = parser.parse_args(argv)
    generate(args.out, args.agreements, args.entries, args.seed, journals=not args.no_journals)
    print(f"wrote {args.agreements} agreements and {args.entries} log entries under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

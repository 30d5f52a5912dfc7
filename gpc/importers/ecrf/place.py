"""Where a detailed row goes: its GPC row from the reference cell (:func:`_lenient_ref`) or from its sector,
sub-sector and scope text (:func:`place`), and what kind of activity it reports."""

from __future__ import annotations

import re
from typing import Any

from gpc import taxonomy
from gpc.importers.ecrf.cells import _blank, _hkey, _skey
from gpc.units import normalise_text

#: sub-sector words → sub-sector reference (English GPC names and common variants)
_SUBSECTOR_WORDS = (
    (r"(?<!non )residential", "I.1"), (r"commercial|institutional|non residential", "I.2"),
    (r"energy industr|power (plant|generation)|energy generation", "I.4"),
    (r"manufactur|industr(y|ies) and construction|industrial buildings|industry\b", "I.3"),
    (r"agricultur.*(fish|forest)|fishing|agriculture, forestry and fishing", "I.5"),
    (r"non specified|non-specified|other stationary", "I.6"),
    (r"mining|coal", "I.7"), (r"oil and (natural )?gas|fugitive.*gas|natural gas systems", "I.8"),
    (r"on road|on-road|road transport", "II.1"), (r"rail", "II.2"),
    (r"waterborne|navigation|shipping|marine", "II.3"), (r"aviation|air transport|airport", "II.4"),
    (r"off road|off-road", "II.5"),
    (r"solid waste|landfill", "III.1"), (r"biological|compost|anaerobic", "III.2"),
    (r"incineration|open burning", "III.3"), (r"wastewater|waste water", "III.4"),
    (r"industrial process", "IV.1"), (r"produc[te] use", "IV.2"),
    (r"livestock", "V.1"), (r"^land\b|land use|forest land", "V.2"),
    (r"aggregate sources|non-co2 emission sources on land|non co2|other afolu", "V.3"),
    (r"other scope 3|out of scope", "VI.1"),
)
_SECTOR_WORDS = ((r"stationary", "I"), (r"transport", "II"), (r"waste", "III"), (r"ippu|industrial processes",
                                                                                   "IV"),
                 (r"afolu|agriculture forestry and other land use", "V"), (r"other scope", "VI"))


def _scope_of(v: Any) -> int | None:
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v in (1, 2, 3):
        return int(v)
    t = _hkey(v)
    m = re.search(r"([123])", t)
    if m:
        return int(m.group(1))
    if re.search(r"outside|indirect.*boundary|transboundary", t):
        return 3
    if "indirect" in t:
        return 2
    if "direct" in t:
        return 1
    return None


def place(sector: Any, subsector: Any, scope: Any, activity_kind: str | None,
          activity: Any = None) -> tuple[str | None, str]:
    """The GPC row of a detailed row without a reference, from its sector, sub-sector and scope text.

    ``activity_kind`` (``grid`` or ``fuel``) gives the scope of an energy row whose scope is not stated.
    Returns ``(ref, how)``; ``ref`` is None when the text does not say which row (``how`` says why).
    """
    # a full GPC row name ("Residential buildings > Emissions from fuel combustion ...")
    for text in (subsector, f"{subsector or ''} {sector or ''}"):
        if not _blank(text):
            try:
                return taxonomy.resolve_ref(str(text).replace(">", " ")), "row name"
            except ValueError:
                pass
    sub_text = " ".join(str(x) for x in (subsector,) if not _blank(x))
    sec_text = " ".join(str(x) for x in (sector,) if not _blank(x))
    if ">" in sub_text:       # "On-road > Other", "Stationary energy > Residential"
        parts = [p.strip() for p in sub_text.split(">")]
        sub_text = parts[1] if len(parts) > 1 and not any(re.search(p, _skey(parts[0])) for p, _ in _SUBSECTOR_WORDS) \
            else parts[0]
    if ">" in sec_text and not sub_text:
        sec_text, sub_text = [p.strip() for p in sec_text.split(">", 1)]
    if re.search(r"generation of grid|grid-supplied energy generation|energy generation supplied",
                 _skey(sec_text) + " " + _skey(sub_text)):
        sc = _scope_of(scope)
        if sc in (1, None):
            return "I.4.4", "sector text (generation of grid-supplied energy)"
        return None, "generation of grid-supplied energy outside the city is not a GPC row"
    sub_ref = None
    for text in (sub_text, sec_text):
        k = _skey(text)
        if not k:
            continue
        hits = [ref for pat, ref in _SUBSECTOR_WORDS if re.search(pat, k)]
        if not hits and re.search(r"^agricultur", k) and re.search(r"stationary|energy", _skey(sec_text)):
            hits = ["I.5"]          # "Agriculture" under stationary energy: agriculture, forestry and fishing
        if not hits and "fugitive" in k:     # I.7 coal or I.8 oil and gas: the activity may say which
            a = _skey(activity)
            hits = ["I.7"] if re.search(r"coal|mine|mining", a) else ["I.8"] if re.search(
                r"gas|oil|petrol|pipeline|distribution", a) else []
        if hits:
            sub_ref = hits[0]
            break
    if sub_ref is None:
        k = _skey(sec_text)
        sec = next((ref for pat, ref in _SECTOR_WORDS if re.search(pat, k)), None)
        if sec in ("VI",):
            return "VI.1", "sector text"
        return None, f"the sector/sub-sector text ({sec_text!r} / {sub_text!r}) names no GPC sub-sector"
    return _row_in_subsector(sub_ref, scope, activity_kind, "sub-sector text")


def _row_in_subsector(sub_ref: str, scope: Any, activity_kind: str | None, how: str) -> tuple[str | None, str]:
    """The row of sub-sector ``sub_ref`` with the scope stated (or implied by the activity)."""
    t = taxonomy.table()
    rows = t[t["subsector_ref"] == sub_ref]
    sc = _scope_of(scope)
    if len(rows) == 1:
        if sc is not None and sc != int(rows["scope"].iloc[0]) and not sub_ref.startswith("VI"):
            return None, f"{sub_ref} outside the city boundary (scope {sc}) is not a GPC row"
        return str(rows.index[0]), how
    if sc is None and activity_kind is not None and sub_ref.startswith(("I.", "II.")):
        sc = 2 if activity_kind == "grid" else 1
    if sc is None:
        return None, f"sub-sector {sub_ref} has several rows and the row states no scope"
    hit = rows[rows["scope"] == sc]
    if not len(hit):
        return None, f"sub-sector {sub_ref} has no scope-{sc} row"
    return str(hit.index[0]), f"{how} and scope"   # waste scope 1: x.1 (generated and treated inside)


def _lenient_ref(text: str) -> tuple[str, str]:
    """The GPC row a reference cell names: :func:`gpc.taxonomy.resolve_ref`, or a reference number followed by a
    remark that names no other row ("I.4.4 (CHP)", "II.1.1 - buses"), said in the note. A number followed by
    another row's name is refused (ValueError)."""
    try:
        return taxonomy.resolve_ref(text), "GPC reference"
    except ValueError:
        m = re.match(r"^\s*((?:I|II|III|IV|V|VI)\.\d+(?:\.\d+)?)\b\s*(.*)$", normalise_text(text), re.IGNORECASE)
        if not m or taxonomy.normalise_ref(m.group(1)) not in taxonomy.table().index:
            raise
        lead, rest = taxonomy.normalise_ref(m.group(1)), m.group(2).strip(" -–—:()[]")
        try:
            other = taxonomy.resolve_ref(rest) if rest else lead
        except ValueError as exc:       # the name of several rows: refused unless this row is one of them
            other = lead if "several rows" not in str(exc) or re.search(rf"\b{re.escape(lead)}\b", str(exc)) \
                else "?"
        if other != lead:
            raise
        return lead, "GPC reference"


def _template_only_refs() -> frozenset[str]:
    """GPC reference numbers the GCoM template lists that the GPC does not have (e.g. II.5.3)."""
    from gpc.reports.ecrf import layout

    refs = {c.text for c in layout() if c.sheet == "eCRF_3" and c.kind == "label" and c.cell.startswith("B")}
    return frozenset(r for r in refs if re.match(r"^[IVX]+\.\d", r) and r not in taxonomy.table().index)


def _activity_kind(text: Any, unit: Any) -> tuple[str | None, str | None]:
    """(activity id gpc knows or None, ``grid`` / ``fuel`` / None)."""
    if _blank(text):
        return None, None
    from gpc.activity_catalogue import (
        DISTRICT_HEAT,
        GRID_ELECTRICITY,
        all_known_activities,
        fuel_catalogue,
        resolve_activity,
    )

    known = all_known_activities()
    a = resolve_activity(text, known)
    if a is None:
        k = _skey(text)
        if re.search(r"electric|grid", k):
            a = GRID_ELECTRICITY
        elif re.search(r"district heat|steam|heat purchased|purchased heat", k):
            a = DISTRICT_HEAT
    if a in (GRID_ELECTRICITY, DISTRICT_HEAT):
        return a, "grid"
    if a is not None and a in set(fuel_catalogue()["fuel"] if "fuel" in fuel_catalogue() else fuel_catalogue().index):
        return a, "fuel"
    return None, None


def _takes(ref: str, kind: str | None) -> bool:
    """Whether the activity sheet computes this kind of activity in ``ref``."""
    t = taxonomy.table()
    if ref not in t.index or kind is None:
        return False
    sc = int(t.loc[ref, "scope"])
    if kind == "grid":
        return sc == 2 and ref.startswith(("I.", "II."))
    cat = t.loc[ref, "combustion_category"]
    return isinstance(cat, str) and bool(cat) and (sc == 1 or (ref.startswith("II.") and sc == 3))

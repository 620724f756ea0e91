"""Build data/countries.csv: one row per UN member state (193 rows).

Columns: iso3, name, un_regional_group, m49_region, m49_subregion, development.

Sources (all offline, bundled in PyPI packages; nothing is downloaded):
  * countrygroups        UN_REGIONAL_GROUPS and UNSTATS_GEOGRAPHICAL_REGIONS
  * worldcountrygroups   group "developing" (UNCTAD classification)
  * pycountry            English short names (ISO 3166-1)

Install the build-only packages with
    pip install countrygroups worldcountrygroups pycountry
and run
    python scripts/build_countries.py [--out data/countries.csv]

The output is sorted by iso3 and written with "\\n" line endings, so re-running
the script with the same package versions reproduces the file byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import sys
from importlib.metadata import version
from pathlib import Path

import countrygroups as cg
import pycountry
import worldcountrygroups as wcg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data" / "countries.csv"
COLUMNS = ["iso3", "name", "un_regional_group", "m49_region", "m49_subregion", "development"]

# countrygroups attribute -> label used in the CSV.
UN_GROUP_LABELS: dict[str, str] = {
    "AFRICAN_GROUP": "African",
    "ASIA_PACIFIC_GROUP": "Asia-Pacific",
    "EASTERN_EUROPEAN_GROUP": "Eastern European",
    "GRULAC": "Latin American and Caribbean",
    "WEOG": "Western European and Others",
}

# Members listed in more than one group: the group used for UN elections.
# Türkiye sits in both the Asia-Pacific Group and WEOG; it votes with WEOG.
ELECTORAL_GROUP: dict[str, str] = {"TUR": "Western European and Others"}

# Fallback for a member that the source puts in no group (none in
# countrygroups 0.13.0; Kiribati, historically outside every group, is listed
# there in Asia-Pacific). Used only if the source omits the country.
NO_GROUP_FALLBACK: dict[str, str] = {"KIR": "Asia-Pacific"}

# countrygroups attribute -> official UN M49 name.
M49_REGIONS: dict[str, str] = {
    "AFRICA": "Africa",
    "AMERICAS": "Americas",
    "ASIA": "Asia",
    "EUROPE": "Europe",
    "OCEANIA": "Oceania",
}
M49_SUBREGIONS: dict[str, str] = {
    "NORTHERN_AFRICA": "Northern Africa",
    "SUB_SAHARAN_AFRICA": "Sub-Saharan Africa",
    "LATIN_AMERICA_AND_THE_CARIBBEAN": "Latin America and the Caribbean",
    "NORTHERN_AMERICA": "Northern America",
    "CENTRAL_ASIA": "Central Asia",
    "EASTERN_ASIA": "Eastern Asia",
    "SOUTHERN_ASIA": "Southern Asia",
    "SOUTH_EASTERN_ASIA": "South-eastern Asia",
    "WESTERN_ASIA": "Western Asia",
    "EASTERN_EUROPE": "Eastern Europe",
    "NORTHERN_EUROPE": "Northern Europe",
    "SOUTHERN_EUROPE": "Southern Europe",
    "WESTERN_EUROPE": "Western Europe",
    "AUSTRALIA_AND_NEW_ZEALAND": "Australia and New Zealand",
    "MELANESIA": "Melanesia",
    "MICRONESIA": "Micronesia",
    "POLYNESIA": "Polynesia",
}

# Corrections to the UNCTAD "developing" list shipped by worldcountrygroups.
# The Democratic Republic of the Congo is missing from it (its entry has no
# ISO code in that package); UNCTAD counts all of Africa as developing and the
# country is an LDC (countrygroups.LDC), so it is set to developing here.
DEVELOPMENT_OVERRIDES: dict[str, str] = {"COD": "developing"}

# Names: pycountry common_name, else name; these replace names with commas
# or follow UN usage for the two Koreas.
NAME_OVERRIDES: dict[str, str] = {
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia",
    "KOR": "Republic of Korea",
    "PRK": "Democratic People's Republic of Korea",
}


def wcg_codes(gid: str) -> set[str]:
    """ISO3 codes of a worldcountrygroups group (entries without a code are skipped)."""
    group = wcg.get_group(gid)
    if group is None:
        raise SystemExit(f"worldcountrygroups has no group {gid!r}")
    return {c.iso3 for c in group.countries if c.iso3}


def un_regional_groups() -> dict[str, str]:
    """Map each UN member's ISO3 code to its UN regional group label."""
    groups: dict[str, list[str]] = {}
    for attr, label in UN_GROUP_LABELS.items():
        for iso3 in getattr(cg.UN_REGIONAL_GROUPS, attr):
            groups.setdefault(iso3, []).append(label)
    result: dict[str, str] = {}
    for iso3, labels in groups.items():
        if len(labels) == 1:
            result[iso3] = labels[0]
        elif iso3 in ELECTORAL_GROUP:
            result[iso3] = ELECTORAL_GROUP[iso3]
        else:
            raise SystemExit(f"{iso3} is in several groups {labels}; add it to ELECTORAL_GROUP")
    return result


def un_members() -> set[str]:
    """ISO3 codes of the 193 UN members (countrygroups' regional groups plus fallbacks)."""
    members = set(cg.UN_REGIONAL_GROUPS)
    un = wcg_codes("un")
    # worldcountrygroups' "un" list has one entry (DR Congo) without a code.
    extra = un - members
    if extra - set(NO_GROUP_FALLBACK):
        raise SystemExit(f"UN members in no regional group and no fallback: {sorted(extra)}")
    return members | extra


def m49_areas() -> dict[str, tuple[str, str]]:
    """Map ISO3 to (M49 region, M49 sub-region) from countrygroups."""
    areas: dict[str, tuple[str, str]] = {}
    regions = cg.UNSTATS_GEOGRAPHICAL_REGIONS
    for r_attr, r_name in M49_REGIONS.items():
        region = getattr(regions, r_attr)
        for s_attr, s_name in M49_SUBREGIONS.items():
            for iso3 in getattr(region, s_attr, []):
                if iso3 in areas:
                    raise SystemExit(f"{iso3} is in two M49 sub-regions")
                areas[iso3] = (r_name, s_name)
    return areas


def developing_set() -> set[str]:
    """ISO3 codes in worldcountrygroups' UNCTAD "developing" group."""
    return wcg_codes("developing")


def short_name(iso3: str) -> str:
    """A short English name without commas."""
    if iso3 in NAME_OVERRIDES:
        return NAME_OVERRIDES[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise SystemExit(f"pycountry does not know {iso3}")
    name = str(getattr(country, "common_name", None) or country.name)
    if "," in name:
        raise SystemExit(f"name of {iso3} has a comma ({name!r}); add it to NAME_OVERRIDES")
    return name


def build_rows() -> list[dict[str, str]]:
    """Assemble the 193 rows, sorted by ISO3."""
    groups = un_regional_groups()
    areas = m49_areas()
    developing = developing_set()
    rows: list[dict[str, str]] = []
    for iso3 in sorted(un_members()):
        group = groups.get(iso3) or NO_GROUP_FALLBACK[iso3]
        if iso3 not in areas:
            raise SystemExit(f"{iso3} has no M49 region in countrygroups")
        region, subregion = areas[iso3]
        development = "developing" if iso3 in developing else "developed"
        development = DEVELOPMENT_OVERRIDES.get(iso3, development)
        rows.append(
            {
                "iso3": iso3,
                "name": short_name(iso3),
                "un_regional_group": group,
                "m49_region": region,
                "m49_subregion": subregion,
                "development": development,
            }
        )
    return rows


def check(rows: list[dict[str, str]]) -> None:
    """Fail loudly if the table is not what the project expects."""
    codes = [r["iso3"] for r in rows]
    if len(rows) != 193 or len(set(codes)) != 193:
        raise SystemExit(f"expected 193 UN members, got {len(rows)} ({len(set(codes))} distinct)")
    if "NAM" not in codes:
        raise SystemExit("Namibia (NAM) is missing")
    for row in rows:
        if any(not value for value in row.values()):
            raise SystemExit(f"empty field in {row}")
    not_un = developing_set() - set(codes)
    if not_un:
        raise SystemExit(f"'developing' lists non-members {sorted(not_un)}")


def report(rows: list[dict[str, str]], out: Path) -> None:
    """Print the sources of each column and a few counts."""
    def ver(pkg: str) -> str:
        return f"{pkg} {version(pkg)}"

    print(f"wrote {len(rows)} rows to {out}")
    print("column sources:")
    print(f"  iso3, un_regional_group : {ver('countrygroups')} UN_REGIONAL_GROUPS"
          f" (TUR in two groups -> {ELECTORAL_GROUP['TUR']})")
    print(f"  m49_region, m49_subregion: {ver('countrygroups')} UNSTATS_GEOGRAPHICAL_REGIONS")
    print(f"  development              : {ver('worldcountrygroups')} group 'developing' (UNCTAD);"
          f" overrides {DEVELOPMENT_OVERRIDES}")
    print(f"  name                     : {ver('pycountry')} common_name or name;"
          f" overrides for {sorted(NAME_OVERRIDES)}")
    for column in ("un_regional_group", "m49_region", "development"):
        counts: dict[str, int] = {}
        for row in rows:
            counts[row[column]] = counts.get(row[column], 0) + 1
        print(f"  {column}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output CSV path")
    args = parser.parse_args(argv)
    rows = build_rows()
    check(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report(rows, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the numeric keys and CASSR codes of the older ASC-FR CSV files stand for.

The 2016-17 release's CSV files ("CSV ASCFR Totals.csv" and its siblings) give every dimension as a
number (``CareType_KEY`` 2, ``SupportSetting_KEY`` 7, ...) and every council by its CASSR code as
well as its ONS code. The release's own key table was not found in any public copy, so this module
holds only meanings with evidence behind them, each noted where it is defined; a key without one is
read as an unmapped line (its amount reported in the notes), never guessed.
"""

from __future__ import annotations

__all__ = ["CASSR_SINCE", "CASSR_TO_ONS", "KEYS", "key_text", "ons_code_of_cassr"]

#: CASSR code -> ONS code, as the 2016-17 "CSV ASCFR Totals.csv" pairs them (151 councils; the
#: Isles of Scilly, 906, as the 2019-20 to 2023-24 data files pair it). Codes since retired are
#: recoded or reported by ``council_codes``, as for any other row.
CASSR_TO_ONS: dict[str, str] = {
    "102": "E10000006",
    "104": "E06000057",
    "106": "E08000037",
    "107": "E08000021",
    "108": "E08000022",
    "109": "E08000023",
    "110": "E08000024",
    "111": "E06000001",
    "112": "E06000002",
    "113": "E06000003",
    "114": "E06000004",
    "116": "E06000047",
    "117": "E06000005",
    "204": "E08000016",
    "205": "E08000017",
    "206": "E08000018",
    "207": "E08000019",
    "209": "E08000032",
    "210": "E08000033",
    "211": "E08000034",
    "212": "E08000035",
    "213": "E08000036",
    "214": "E06000011",
    "215": "E06000010",
    "216": "E06000012",
    "217": "E06000013",
    "218": "E10000023",
    "219": "E06000014",
    "304": "E08000001",
    "305": "E08000002",
    "306": "E08000003",
    "307": "E08000004",
    "308": "E08000005",
    "309": "E08000006",
    "310": "E08000007",
    "311": "E08000008",
    "312": "E08000009",
    "313": "E08000010",
    "315": "E08000011",
    "316": "E08000012",
    "317": "E08000014",
    "318": "E08000013",
    "319": "E08000015",
    "321": "E06000006",
    "322": "E06000007",
    "323": "E10000017",
    "324": "E06000008",
    "325": "E06000009",
    "326": "E06000049",
    "327": "E06000050",
    "404": "E10000031",
    "406": "E08000025",
    "407": "E08000026",
    "408": "E08000027",
    "409": "E08000028",
    "410": "E08000029",
    "411": "E08000030",
    "412": "E08000031",
    "413": "E10000028",
    "414": "E06000021",
    "415": "E06000019",
    "416": "E10000034",
    "417": "E06000051",
    "418": "E06000020",
    "503": "E10000019",
    "504": "E10000021",
    "506": "E10000007",
    "507": "E06000015",
    "508": "E10000018",
    "509": "E06000016",
    "510": "E06000017",
    "511": "E10000024",
    "512": "E06000018",
    "606": "E10000015",
    "607": "E10000020",
    "608": "E10000025",
    "609": "E10000029",
    "611": "E06000032",
    "612": "E10000002",
    "613": "E06000042",
    "614": "E06000036",
    "615": "E06000037",
    "616": "E06000038",
    "617": "E06000039",
    "618": "E06000040",
    "619": "E06000041",
    "620": "E10000012",
    "621": "E06000033",
    "622": "E06000034",
    "623": "E10000003",
    "624": "E06000031",
    "625": "E06000055",
    "626": "E06000056",
    "702": "E09000007",
    "703": "E09000011",
    "704": "E09000012",
    "705": "E09000013",
    "706": "E09000019",
    "707": "E09000020",
    "708": "E09000022",
    "709": "E09000023",
    "710": "E09000028",
    "711": "E09000030",
    "712": "E09000032",
    "713": "E09000033",
    "714": "E09000001",
    "716": "E09000002",
    "717": "E09000003",
    "718": "E09000004",
    "719": "E09000005",
    "720": "E09000006",
    "721": "E09000008",
    "722": "E09000009",
    "723": "E09000010",
    "724": "E09000014",
    "725": "E09000015",
    "726": "E09000016",
    "727": "E09000017",
    "728": "E09000018",
    "729": "E09000021",
    "730": "E09000024",
    "731": "E09000025",
    "732": "E09000026",
    "733": "E09000027",
    "734": "E09000029",
    "735": "E09000031",
    "803": "E06000046",
    "805": "E10000030",
    "807": "E10000032",
    "809": "E10000009",
    "810": "E06000028",
    "811": "E06000029",
    "812": "E10000014",
    "813": "E06000044",
    "814": "E06000045",
    "815": "E10000011",
    "816": "E06000043",
    "817": "E06000054",
    "819": "E06000030",
    "820": "E10000016",
    "821": "E06000035",
    "902": "E06000052",
    "904": "E10000013",
    "905": "E10000027",
    "908": "E06000022",
    "909": "E06000023",
    "910": "E06000024",
    "911": "E06000025",
    "912": "E10000008",
    "913": "E06000026",
    "914": "E06000027",
    "906": "E06000053",
}

#: CASSR codes given to councils created or recoded since 2016-17, with the first year (the
#: ``FY_ENDING``) they hold: as the 2019-20 to 2023-24 data files pair them with ONS codes.
#: Dorset's 809 named the county council until 2018-19 and the new unitary council after.
CASSR_SINCE: dict[str, tuple[int, str]] = {
    "738": (2020, "E06000058"),
    "809": (2020, "E06000059"),
    "916": (2021, "E06000060"),
    "Z9D4Z": (2022, "E06000061"),
    "U6Q5Z": (2022, "E06000062"),
    "H6X4G": (2024, "E06000063"),
    "W8X1Q": (2024, "E06000064"),
    "218": (2024, "E06000065"),
    "905": (2024, "E06000066"),
}

#: dimension (without ``_KEY``, case-folded) -> key -> the value the descriptions files write.
#: Evidence: the 2016-17 numeric files and the 2015-16 files with descriptions share their UUIDs
#: (every one of the 20,125 rows of "CSV ASCFR Activity.csv" has its twin in
#: "pss-exp-eng-15-16-fin-act.csv"), which fixes care type 2 and 4, age band 1 to 5, support reasons
#: 4 to 7 and 13, settings 6 and 7 and purpose 2. Settings 1, 2 and 4 are as the cleaning script of
#: BenGoodair/adults_social_care_data reads the 2016-17 expenditure file; their England totals in
#: "CSV ASCFR Totals.csv" (£1.6bn, £2.1bn, £1.4bn) fit direct payments, home care and supported
#: accommodation. Care type 3 (social support, equipment, information, commissioning, assessment:
#: £3.4bn), its support reasons 1 to 3 and 8 to 12, settings 3, 5 and 9 and purpose 1 have no
#: evidence here.
KEYS: dict[str, dict[str, str]] = {
    "caretype": {"2": "Long Term Care", "4": "Short Term Care"},
    "ageband": {
        "1": "18 to 64",
        "2": "65 and Over",
        "3": "65 to 74",
        "4": "75 to 84",
        "5": "85 and Over",
    },
    "primarysupportreason": {
        "4": "Learning Disability Support",
        "5": "Mental Health Support",
        "6": "Physical Support",
        "7": "Sensory Support",
        "13": "Support with Memory and Cognition",
    },
    "supportsetting": {
        "1": "Community: Direct Payments",
        "2": "Community: Home Care",
        "4": "Supported Accommodation",
        "6": "Nursing",
        "7": "Residential",
    },
    "purpose": {"2": "ST-Max"},
    "datatype": {"1": "Mandatory", "2": "Voluntary"},
}


def key_text(dimension: str, key: str) -> str:
    """The value a numeric key stands for, or ``CareType key 3`` where its meaning is not known."""
    known = KEYS.get(dimension.casefold().removesuffix("_key"), {})
    return known.get(key, f"{dimension.removesuffix('_KEY').removesuffix('_Key')} key {key}")


def ons_code_of_cassr(cassr: str, fy_ending: int | None) -> str | None:
    """The ONS code a CASSR code stood for in the year ending ``fy_ending`` (None if unknown)."""
    since = CASSR_SINCE.get(cassr)
    if since is not None and (fy_ending is None or fy_ending >= since[0]):
        return since[1]
    return CASSR_TO_ONS.get(cassr)

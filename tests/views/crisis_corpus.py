"""A crisis corpus written for the tests (issue 13's "50+ articles on one crisis"): a fictional
coup in Lesotho, and 52 articles from six outlets over five days, each one capital's reaction,
condemn, concern and neutral in turn."""

from __future__ import annotations

from pathlib import Path
COUNTRIES = [
    ("France", "FRA"), ("Germany", "DEU"), ("Italy", "ITA"), ("Spain", "ESP"), ("Portugal", "PRT"), ("Norway", "NOR"), ("Sweden", "SWE"),
    ("Finland", "FIN"), ("Denmark", "DNK"), ("Poland", "POL"), ("Austria", "AUT"), ("Ireland", "IRL"), ("Belgium", "BEL"), ("Greece", "GRC"),
    ("Canada", "CAN"), ("Mexico", "MEX"), ("Brazil", "BRA"), ("Argentina", "ARG"), ("Chile", "CHL"), ("Peru", "PER"), ("Colombia", "COL"),
    ("Japan", "JPN"), ("India", "IND"), ("Indonesia", "IDN"), ("Malaysia", "MYS"), ("Thailand", "THA"), ("Vietnam", "VNM"), ("Australia", "AUS"),
    ("New Zealand", "NZL"), ("Kenya", "KEN"), ("Nigeria", "NGA"), ("Ghana", "GHA"), ("Senegal", "SEN"), ("Ethiopia", "ETH"), ("Egypt", "EGY"),
    ("Morocco", "MAR"), ("Tunisia", "TUN"), ("Algeria", "DZA"), ("Angola", "AGO"), ("Zambia", "ZMB"), ("Namibia", "NAM"), ("Botswana", "BWA"),
    ("Mozambique", "MOZ"), ("Tanzania", "TZA"), ("Uganda", "UGA"), ("Turkey", "TUR"), ("Qatar", "QAT"), ("Jordan", "JOR"), ("Pakistan", "PAK"),
    ("Bangladesh", "BGD"), ("Nepal", "NPL"), ("Mongolia", "MNG"),
]
SAYS = {
    "condemn": "{name} condemned the military takeover in Lesotho and demanded the release of the prime minister.",
    "concern": "{name} said it was deeply concerned about the situation in Lesotho and urged all sides to show restraint.",
    "neutral": "{name} said it was following the events in Lesotho closely.",
}
OUTLETS = ["Lagoon Post", "Fjord Daily", "Harbour Ledger", "Plains Courier", "Summit Wire", "Delta Herald"]


def articles() -> dict[str, tuple[str, str, str]]:
    """File name -> (text, the reacting country's code, its stance)."""
    out = {}
    for n, (name, code) in enumerate(COUNTRIES):
        stance = ("condemn", "concern", "neutral")[n % 3]
        day = 4 + n % 5
        text = (
            f"{name} responds to the coup in Lesotho\nOutlet: {OUTLETS[n % len(OUTLETS)]}\nPublished: 2026-05-0{day}\n\n"
            "Soldiers seized power in Lesotho on Sunday, detained the prime minister in Maseru and dissolved parliament.\n\n"
            + SAYS[stance].format(name=name) + "\n"
        )
        out[f"{n:02d}-{code.lower()}.txt"] = (text, code, stance)
    return out


def write(folder: Path) -> dict[str, str]:
    """The corpus written into ``folder``; the expected stance of each reacting country."""
    expected = {}
    for name, (text, code, stance) in articles().items():
        (folder / name).write_text(text, encoding="utf-8")
        expected[code] = stance
    return expected

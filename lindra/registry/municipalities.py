"""Norway's municipalities (2024 numbering, 357 in all), shipped as reference data."""

import csv
from pathlib import Path

SOURCE = Path(__file__).parent / "data" / "municipalities_2024.csv"


def read_municipalities() -> list[tuple[str, str]]:
    with SOURCE.open(encoding="utf-8", newline="") as file:
        return [(row["kommunenummer"], row["kommunenavn"]) for row in csv.DictReader(file, delimiter=";")]

"""Compute the RSA of every household of the grid with OpenFisca-France.

Run it in its own virtual environment, never Guichet's (OpenFisca-France is
AGPL and heavy; it is not a dependency of Guichet and none of its parameter
files is copied here): ``make crosscheck`` creates ``.crosscheck-venv``,
installs the pinned release there, runs this script, then runs Guichet's
comparison test against the table it wrote. A version bump is its own change.

Usage (from the repository root)::

    .crosscheck-venv/bin/python tests/crosscheck/openfisca_rsa.py [--out PATH]

The table (``tests/crosscheck/openfisca_rsa_reference.json``) holds, for each
household and month, OpenFisca's ``rsa`` rounded half-up to the cent
(OpenFisca computes in float32) and whether OpenFisca finds the household
eligible to the increased amount for lone parents (``rsa_majore_eligibilite``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import ROUND_HALF_UP, Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any

# Run as a script from the repository root: the grid is a sibling module.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from grid import APPLICANT_AGE, GRID, MONTHS, PARTNER_AGE

PINNED = "176.1.8"
"""The OpenFisca-France release the committed table was computed with."""

DEFAULT_OUT = Path(__file__).resolve().parent / "openfisca_rsa_reference.json"

_STATUS = {
    "tenant_without_benefit": "locataire_vide",
    "tenant_with_benefit": "locataire_vide",
    "free_housing": "loge_gratuitement",
    "owner_no_loan": "proprietaire",
    "owner_with_loan": "primo_accedant",
}
_RENT = {
    "tenant_without_benefit": 520.0,
    "tenant_with_benefit": 520.0,
    "free_housing": 0.0,
    "owner_no_loan": 0.0,
    "owner_with_loan": 430.0,  # loan repayments: no housing flat rate
}


def _month_start(month: str) -> dt.date:
    return dt.date.fromisoformat(f"{month}-01")


def _born(month: str, age: int) -> str:
    # Born 45 days before the month's anniversary: ``age`` full years all month.
    start = _month_start(month)
    return (start.replace(year=start.year - age) - dt.timedelta(days=45)).isoformat()


def _months_before(month: str, count: int) -> list[str]:
    start = _month_start(month)
    out = []
    for back in range(count, 0, -1):
        year, mon = divmod(start.year * 12 + start.month - 1 - back, 12)
        out.append(f"{year:04d}-{mon + 1:02d}")
    return out


def _series(month: str, amount: float, stopped: bool = False) -> dict[str, float]:
    # The three months the RSA looks at, and the month itself (0 when it stopped).
    values = dict.fromkeys(_months_before(month, 3), amount)
    values[month] = 0.0 if stopped else amount
    return values


def _situation(month: str, parameters: Any) -> dict[str, Any]:
    bmaf = float(parameters(month).prestations_sociales.prestations_familiales.bmaf.bmaf)
    cf_rate = float(
        parameters(
            month
        ).prestations_sociales.prestations_familiales.prestations_generales.cf.cf_cm.complement_familial.taux_cf_base
    )
    individus: dict[str, Any] = {}
    familles: dict[str, Any] = {}
    foyers: dict[str, Any] = {}
    menages: dict[str, Any] = {}
    for house in GRID:
        key = house.id
        parent = f"{key}_p1"
        individus[parent] = {
            "date_naissance": {"ETERNITY": _born(month, APPLICANT_AGE)},
            "salaire_net": _series(month, house.pay, house.earnings_stopped),
            "chomage_net": _series(month, house.unemployment),
        }
        parents = [parent]
        if house.couple:
            partner = f"{key}_p2"
            individus[partner] = {
                "date_naissance": {"ETERNITY": _born(month, PARTNER_AGE)},
                "salaire_net": _series(month, house.partner_pay),
            }
            parents.append(partner)
        kids = []
        for number, age in enumerate(house.children, start=1):
            kid = f"{key}_c{number}"
            individus[kid] = {
                "date_naissance": {"ETERNITY": _born(month, age)},
                "asf_elig_enfant": {month: number <= house.asf_children},
            }
            kids.append(kid)
        familles[key] = {
            "parents": parents,
            "enfants": kids,
            "af": {month: house.family_allowances},
            "af_base": {month: house.family_allowances},
            "paje_base": {month: house.paje_base},
            # The complément familial as received (any positive amount); the RSA
            # counts it without its increase, cf_non_majore_avant_cumul.
            "cf": {month: round(bmaf * 0.6248, 2) if house.complement_familial else 0.0},
            "cf_non_majore_avant_cumul": {
                month: bmaf * cf_rate if house.complement_familial else 0.0
            },
            # The ASF as paid (the full rate per child), above the flat share counted.
            "asf": {month: round(bmaf * 0.4225, 2) * house.asf_children},
            "aide_logement": {month: house.housing_benefit},
            "rsa_isolement_recent": {month: False},
        }
        foyers[key] = {"declarants": parents, "personnes_a_charge": kids}
        menage: dict[str, Any] = {
            "personne_de_reference": [parent],
            "enfants": kids,
            "statut_occupation_logement": {month: _STATUS[house.housing]},
            "loyer": {month: _RENT[house.housing]},
        }
        if house.couple:
            menage["conjoint"] = [parents[1]]
        menages[key] = menage
    return {
        "individus": individus,
        "familles": familles,
        "foyers_fiscaux": foyers,
        "menages": menages,
    }


def _cents(value: float) -> str:
    # OpenFisca computes in float32: round half-up to the cent.
    return str(Decimal(float(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def compute() -> dict[str, Any]:
    """Run OpenFisca-France on the grid for every month; return the table."""
    from openfisca_core.simulation_builder import SimulationBuilder
    from openfisca_france import FranceTaxBenefitSystem

    installed = version("openfisca-france")
    if installed != PINNED:
        raise SystemExit(f"openfisca-france {installed} installed, {PINNED} pinned")
    system = FranceTaxBenefitSystem()
    rows = []
    for month in MONTHS:
        situation = _situation(month, system.parameters)
        simulation = SimulationBuilder().build_from_entities(system, situation)
        amounts = simulation.calculate("rsa", month)
        increased = simulation.calculate("rsa_majore_eligibilite", month)
        for house, amount, majore in zip(GRID, amounts, increased, strict=True):
            rows.append(
                {
                    "household": house.id,
                    "month": month,
                    "rsa": _cents(amount),
                    "increased_amount_eligible": bool(majore),
                }
            )
    return {
        "openfisca_france": installed,
        "openfisca_core": version("openfisca-core"),
        "variable": "rsa",
        "rounding": "half-up to the cent",
        "households": len(GRID),
        "months": list(MONTHS),
        "rows": rows,
    }


def main() -> None:
    """Write the reference table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    table = compute()
    args.out.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{len(table['rows'])} rows ({table['households']} households × {len(MONTHS)} months) "
        f"with openfisca-france {table['openfisca_france']} -> {args.out}"
    )


if __name__ == "__main__":
    main()

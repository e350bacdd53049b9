"""Small shapes of issue 21 item 15: no "-0.0" in the statistics; served letters lead back."""

from __future__ import annotations

from schemas.statistics import ProcedureStatistics
from web.i18n import translate
from web.letters import with_way_back
from web.pages.supervision import figure_rows

LETTER = '<!DOCTYPE html><html lang="de"><head></head><body><main>Bescheid</main></body></html>'


def test_a_negative_zero_is_shown_as_zero() -> None:
    figures = ProcedureStatistics(procedure="short_time_work", first_action_hours_median=-0.04)
    shown = dict(figure_rows(figures, "en"))
    assert shown[translate("stat_first_action", "en")] == "0.0"
    assert "-0.0" not in shown.values()


def test_the_served_letter_links_back_first_and_the_stored_one_is_unchanged() -> None:
    served = with_way_back(LETTER, "/status", "Back to the status page", "en")
    body = served.split("<body>", 1)[1]
    assert body.startswith("<nav") and 'href="/status"' in body.split("<main>")[0]
    assert "Bescheid" in served and LETTER.count("<nav") == 0
    assert with_way_back("no body here", "/status", "x", "en") == "no body here"

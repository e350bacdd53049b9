"""A caseworker corrects a form value with a reason (issue 21, item 7), keyboard only.

The page calls the same service as ``POST /api/tasks/{id}/corrections``:
the value is read by the parser, the workflow (its ``correct_value`` Update)
stores it with who and why and runs the rules again, so a criterion that was not met can become met
before anyone decides. A field the applicant never answered can be filled the
same way; a value that cannot be read comes back at the field, with what
was entered kept.
"""

from __future__ import annotations

from schemas.case import CaseView
from schemas.extraction import ExtractionMethod
from schemas.rules import CriterionResult
from tests.web.conftest import case_under_review
from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    Site,
    check,
    open_task,
    sign_in,
    site,
    tab_to,
)

REASON = "Payroll for December checked: eight employees lose more than 10 %."


def minimum_share(view: CaseView) -> CriterionResult:
    assert view.outcome is not None
    return next(c.result for c in view.outcome.criteria if c.code == "minimum_share")


async def test_caseworker_corrects_a_value_and_the_rules_run_again(
    site: Site,  # noqa: F811  (the fixture imported above)
) -> None:
    url, service = site.url, site.service
    task = await case_under_review(service, site.store)
    case_id = task.case_id
    assert minimum_share(await service.view(case_id)) is CriterionResult.NOT_MET
    staff = await site.browser.new_context()
    desk = await sign_in(staff, url, "alice", "en")
    await open_task(desk, url, task.task_id)
    await tab_to(desk, "#claim")
    await desk.keyboard.press("Enter")
    await desk.wait_for_url("**?done=claimed")

    # A value that cannot be read: the message is at the field, the input kept.
    await desk.select_option("#correct-field", "affected_employees")
    await tab_to(desk, "#correct-value")
    await desk.keyboard.type("a few")
    await tab_to(desk, "#correct-reason")
    await desk.keyboard.type(REASON)
    await tab_to(desk, "#submit-correction")
    await desk.keyboard.press("Enter")
    await desk.locator("#correct-error").wait_for()
    assert await desk.input_value("#correct-value") == "a few"
    assert await desk.input_value("#correct-reason") == REASON
    await desk.wait_for_function("() => document.activeElement.id === 'correct-value'")
    await check(desk, "70-correct-unreadable-en")

    # The corrected value: the rules run again, the provenance says who and why.
    await desk.keyboard.press("Control+A")
    await desk.keyboard.type("10")
    await tab_to(desk, "#submit-correction")
    await desk.keyboard.press("Enter")
    await desk.wait_for_url("**?done=corrected*")
    await desk.locator("#corrected").wait_for()
    assert (await service.view(case_id)).form["affected_employees"] == 10
    # Then the count that decides the minimum share (8 of 20 lose more than 10 %).
    await desk.select_option("#correct-field", "affected_over_10_percent")
    await desk.fill("#correct-value", "8")
    await desk.fill("#correct-reason", REASON)
    async with desk.expect_navigation():
        await desk.click("#submit-correction")
    if await desk.locator("#correct-error").count():
        raise AssertionError(await desk.locator("#correct-error").inner_text())
    view = await service.view(case_id)
    assert view.form["affected_over_10_percent"] == 8
    origin = view.provenance["affected_over_10_percent"]
    assert origin.method is ExtractionMethod.CASEWORKER
    assert (origin.actor, origin.source_text) == ("alice", REASON)
    assert minimum_share(view) is CriterionResult.MET
    form = await desk.locator("#form-heading + table").inner_text()
    assert f"corrected by alice: “{REASON}”" in form
    assert any(e.kind == "corrected" and e.actor == "alice" for e in view.timeline)
    await check(desk, "71-corrected-en")

    # A field the applicant never answered can be filled the same way.
    assert "event_date" not in view.form
    await desk.select_option("#correct-field", "event_date")
    await desk.fill("#correct-value", "1er décembre 2026")  # read in the case's language
    await desk.fill("#correct-reason", "Date of the fire, from the insurer's report.")
    async with desk.expect_navigation():
        await desk.click("#submit-correction")
    if await desk.locator("#correct-error").count():
        raise AssertionError(await desk.locator("#correct-error").inner_text())
    await desk.wait_for_url("**?done=corrected*")
    view = await service.view(case_id)
    assert view.form["event_date"] == "2026-12-01"
    assert view.provenance["event_date"].actor == "alice"
    # The task is still the caseworker's to decide.
    assert view.task is not None and view.task.claimed_by == "alice"
    await staff.close()

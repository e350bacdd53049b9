"""The caseworker's decision form in a real browser, keyboard only (issue 21, items 3, 5, 6).

A caseworker claims a task and lands on the status message; rejects without a
reason and gets the form back with the choice kept and the message next to
the reason; writes a reason for the applicant and an internal note; reads the
letter before signing it; signs and lands on the result. The reason is in the
letter; the note is with the private notes only, never in the letter, the
decision or the timeline the applicant's API returns.
"""

from __future__ import annotations

import json

from playwright.async_api import Page

from schemas.case import CaseStatus
from tests.web.conftest import case_under_review
from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    Site,
    check,
    open_task,
    sign_in,
    site,
    tab_to,
)
from web.views import case_json

REASON = "The hours worked were not reduced by the required tenth."
NOTE = "Phoned the employer on Monday: payroll disputed, check in March."


async def focused(page: Page) -> dict[str, str | None]:
    """The id and role of the element that has the focus."""
    found: dict[str, str | None] = await page.evaluate(
        "() => ({id: document.activeElement.id,"
        " role: document.activeElement.getAttribute('role'),"
        " tag: document.activeElement.tagName})"
    )
    return found


async def press(page: Page, selector: str) -> None:
    """Reach a control with Tab and activate it with Enter (or Space for a radio)."""
    await tab_to(page, selector)
    await page.keyboard.press("Enter")


async def test_decision_form_keeps_input_and_separates_the_note(
    site: Site,  # noqa: F811  (the fixture imported above)
) -> None:
    url, service = site.url, site.service
    task = await case_under_review(service, site.store)
    case_id = task.case_id
    staff = await site.browser.new_context()
    desk = await sign_in(staff, url, "alice", "en")
    await open_task(desk, url, task.task_id)

    # Item 6: after claiming, focus is on the result, a role="status" message.
    await press(desk, "#claim")
    await desk.wait_for_url(f"**/staff/tasks/{task.task_id}?done=claimed")
    await desk.wait_for_function("() => document.activeElement.id === 'holder'")
    assert await focused(desk) == {"id": "holder", "role": "status", "tag": "P"}
    assert "You hold this task." in await desk.locator("#holder").inner_text()

    # Item 5: reject without a reason (keyboard only), with an internal note.
    await tab_to(desk, "#outcome-approve")
    await desk.keyboard.press("ArrowDown")  # radios: arrows move the choice
    assert await desk.is_checked("#outcome-reject")
    await tab_to(desk, "#internal-note")
    await desk.keyboard.type(NOTE)
    await press(desk, "#submit-decision")
    await desk.locator("#reason-error").wait_for()
    assert await desk.is_checked("#outcome-reject"), "the chosen outcome was cleared"
    assert await desk.input_value("#internal-note") == NOTE
    assert "reason_required" not in await desk.content()
    assert "Give a reason" in await desk.locator("#reason-error").inner_text()
    # The message is next to the field and announced with it.
    described = await desk.get_attribute("#reason", "aria-describedby") or ""
    assert "reason-error" in described.split()
    assert await desk.get_attribute("#reason", "aria-invalid") == "true"
    await desk.wait_for_function("() => document.activeElement.id === 'reason'")
    await check(desk, "40-decision-reason-missing-en")

    # Item 3: the reason for the applicant is previewed in the letter before signing.
    await desk.keyboard.type("Draft reason.")
    await press(desk, "#submit-decision")
    await desk.locator("#letter-preview").wait_for()
    await desk.wait_for_function("() => document.activeElement.id === 'preview-heading'")
    preview = await desk.locator("#letter-preview").inner_text()
    assert "Draft reason." in preview and NOTE not in preview
    await check(desk, "41-decision-preview-en")
    # A reason changed after the preview is shown again before anything is sent.
    await tab_to(desk, "#reason")
    await desk.keyboard.press("Control+A")
    await desk.keyboard.type(REASON)
    await press(desk, "#submit-decision")
    await desk.locator("#letter-preview", has_text=REASON).wait_for()
    assert (await service.view(case_id)).status is CaseStatus.UNDER_REVIEW
    assert await desk.input_value("#internal-note") == NOTE

    # Signing: focus on the result, a role="status" message.
    await press(desk, "#submit-decision")
    await desk.wait_for_url(f"**/staff/tasks/{task.task_id}?done=decided")
    await desk.wait_for_function("() => document.activeElement.id === 'decision-recorded'")
    assert (await focused(desk))["role"] == "status"
    await check(desk, "42-decision-recorded-en")

    # The note is with the private notes; the reason is in the letter, the note is not.
    assert NOTE in await desk.locator(".notes").inner_text()
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    assert view.decision is not None and view.decision.letter_id is not None
    letter = await site.store.get_letter(view.decision.letter_id)
    assert letter is not None and REASON in letter.html and NOTE not in letter.html
    applicant_json = json.dumps(case_json(view), ensure_ascii=False)
    assert REASON in applicant_json
    assert NOTE not in applicant_json  # not in the decision, nor the timeline
    await staff.close()

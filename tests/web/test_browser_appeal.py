"""The appeal journey in a real browser (Debian's chromium driven by Playwright).

A caseworker refuses a claim; the applicant contests it from the status page
with the keyboard only; the caseworker who decided cannot take the appeal; a
colleague claims it and revises the decision; the applicant sees the outcome,
reads the new letter and answers the satisfaction question; a supervisor
looks at every queue and at the statistics. Every page is checked with axe
(zero violations) and photographed into ``test-artifacts/``.
"""

from __future__ import annotations

from playwright.async_api import Page

from guichet.accounts import AccountService
from schemas.case import CaseStatus
from tests.web.conftest import case_under_review, queued_task
from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    ARTIFACTS,
    Site,
    check,
    open_task,
    sign_in,
    site,
    tab_to,
)


async def decide_in_page(desk: Page, outcome: str, reason: str) -> None:
    await desk.click("#claim")
    await desk.locator("#holder").wait_for()
    await desk.check(f"#outcome-{outcome}")
    await desk.fill("#reason", reason)
    await desk.click("#submit-decision")
    if outcome in ("approve", "reject"):
        # A decision that sends a letter is read before it is signed.
        await desk.locator("#letter-preview").wait_for()
        assert reason in await desk.locator("#letter-preview").inner_text()
        await desk.click("#submit-decision")


async def test_appeal_journey_keyboard_only(
    site: Site,  # noqa: F811  (the fixture imported above)
    accounts: AccountService,
) -> None:
    url, service, store = site.url, site.service, site.store
    task = await case_under_review(service, store)
    case_id = task.case_id

    # Alice refuses the claim.
    alice_context = await site.browser.new_context()
    alice = await sign_in(alice_context, url, "alice", "en")
    await open_task(alice, url, task.task_id)
    await decide_in_page(alice, "reject", "The hours were not reduced by 10 %.")
    await service.wait_for_status(case_id, CaseStatus.DECIDED)

    # The applicant opens the status page through the continue-later link.
    applicant = await site.browser.new_context()
    page = await applicant.new_page()
    code = await accounts.new_resume_code(case_id)
    await page.goto(f"{url}/continue?code={code}")
    await page.goto(f"{url}/status?lang=en")
    assert "Rejected" in await page.locator("#decision-outcome").inner_text()
    assert "until" in await page.locator("#appeal-intro").inner_text()
    await check(page, "30-status-refused-en")
    await tab_to(page, "#grounds")
    await page.keyboard.type("The payroll shows a 40 % reduction; see the attached slips.")
    await tab_to(page, "#submit-appeal")
    await page.keyboard.press("Enter")
    await page.locator("#appeal-state").wait_for()
    assert "Another caseworker" in await page.locator("#appeal-state").inner_text()
    assert await page.locator("#grounds").count() == 0
    await check(page, "31-status-appeal-pending-en")

    # The caseworker who decided cannot take the appeal.
    appeal = await queued_task(store, case_id)
    assert appeal.kind == "appeal"
    await open_task(alice, url, appeal.task_id)
    await alice.click("#claim")
    await alice.locator("#action-error").wait_for()
    assert "another caseworker must take" in await alice.locator("#action-error").inner_text()
    await check(alice, "32-appeal-refused-to-decider-en")

    # Bob claims it and revises the decision.
    bob_context = await site.browser.new_context()
    bob = await sign_in(bob_context, url, "bob", "en")
    await open_task(bob, url, appeal.task_id)
    await check(bob, "33-appeal-task-en")
    await decide_in_page(bob, "revise", "The payroll shows a 40 % reduction.")
    await service.wait_for(
        case_id, lambda v: "appeal_revised" in [e.kind for e in v.timeline] and v.task is None
    )

    # The applicant sees the new outcome, reads the new letter, answers the question.
    await page.goto(f"{url}/status?lang=en")
    assert "revised" in await page.locator("#appeal-state").inner_text()
    assert "Approved" in await page.locator("#decision-outcome").inner_text()
    await check(page, "34-status-appeal-revised-en")
    # A radio group is one tab stop; the arrow keys choose within it.
    await tab_to(page, "#score-1")
    for _ in range(3):
        await page.keyboard.press("ArrowRight")
    assert await page.locator("#score-4").is_checked()
    await tab_to(page, "#submit-satisfaction")
    await page.keyboard.press("Enter")
    await page.locator("#satisfaction", has_text="4 out of 5").wait_for()
    await check(page, "35-status-rated-en")
    await tab_to(page, "#read-letter")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/status/letter")
    letter = await page.content()
    assert "Décision de reconnaissance" in letter, "the new letter grants the claim"
    await page.screenshot(path=str(ARTIFACTS / "36-letter-revised-en.png"), full_page=True)
    await check(page, "36-letter-revised-en")

    # A supervisor sees every queue and the statistics.
    sup_context = await site.browser.new_context()
    sup = await sign_in(sup_context, url, "sup", "en")
    await sup.click("#nav-supervision")
    await sup.wait_for_url("**/staff/supervision")
    await check(sup, "37-supervision-en")
    await sup.click("#nav-statistics")
    await sup.wait_for_url("**/staff/statistics")
    assert await sup.locator("svg.chart").count() == 9
    await check(sup, "38-statistics-en")
    for context in (applicant, alice_context, bob_context, sup_context):
        await context.close()

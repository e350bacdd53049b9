"""The applicant's status page (issue 21, item 9), in a real browser.

It updates by itself from the read model (every 10 s) and says what happens
next and by when; once decided it lists the criteria with a met / not met
marker, and a criterion a caseworker had to check reads as checked; dates are
written as the letters write them; a decision by silence says whether
silence approves or refuses.
"""

from __future__ import annotations

import re

from guichet.accounts import AccountService
from schemas.case import CaseStatus
from schemas.task import DecideInput
from tests.procedure_cases import rsa_script, wait_view
from tests.web.conftest import queued_task, script
from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    Site,
    check,
    site,
)
from tools.demo import converse
from web.status_view import local_date

UTC_TIME = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2} UTC")


async def test_status_updates_itself_and_explains_the_decision(
    site: Site,  # noqa: F811  (the fixture imported above)
) -> None:
    url, service = site.url, site.service
    answers = script(1)  # English; an unusual cause needs a caseworker's sign-off
    applicant = await site.browser.new_context()
    page = await applicant.new_page()
    await page.goto(f"{url}/?lang=en")
    await page.click("form.card button.primary")
    await page.wait_for_url("**/chat*")
    case_id = (await page.locator(".reference code").inner_text()).strip()
    view = await service.view(case_id)
    while view.question is not None and view.question.field != "_review":
        await service.send(case_id, answers.answer(view.question.field))
        view = await service.view(case_id)
    await page.goto(f"{url}/chat")
    await page.click("#submit-application")
    await page.wait_for_url("**/status")
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    task = await queued_task(site.store, case_id)
    await page.goto(f"{url}/status")
    assert await page.locator("#case-status").inner_text() == "Under review"
    await check(page, "50-status-under-review-en")

    # Decided while the page is open: it changes by itself, without a reload.
    await page.evaluate("() => { window.notReloaded = true; }")
    await service.claim(task.task_id, "alice")
    await service.decide(DecideInput(task_id=task.task_id, user="alice", outcome="approve"))
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    await page.locator("#case-status", has_text="Decided").wait_for(timeout=30_000)
    assert await page.evaluate("() => window.notReloaded === true")
    news = await page.locator("#live-news").inner_text()
    assert "Your application has changed" in news
    assert view.decision is not None and view.decision.objection_deadline is not None
    objection = local_date(view.decision.objection_deadline, view.procedure, "en")
    assert f"You can contest it until {objection}." in await page.locator("#next-step").inner_text()
    await check(page, "51-status-updated-en")

    # The decision: criteria with markers; the checked cause no longer "must be checked".
    await page.click("#see-changes")
    await page.wait_for_url("**/status")
    criteria = await page.locator("#criteria").inner_text()
    assert re.search(r"Recognised cause: checked by the caseworker", criteria), criteria
    decision = await page.locator("main").inner_text()
    assert "must assess" not in decision and "must be checked" not in decision
    assert criteria.count(": met") >= 3, criteria
    deadlines = await page.locator("#deadlines").inner_text()
    assert objection in deadlines and not UTC_TIME.search(deadlines), deadlines
    await check(page, "52-status-decided-criteria-en")

    # The letter leads back to the status page, first thing for the keyboard.
    await page.click("#read-letter")
    await page.wait_for_url("**/status/letter")
    await page.keyboard.press("Tab")
    assert await page.evaluate("() => document.activeElement.getAttribute('href')") == "/status"
    link = await page.evaluate("() => document.activeElement.textContent")
    assert "Back to the status page" in link
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/status")
    await applicant.close()


async def test_status_says_what_silence_decides(
    site: Site,  # noqa: F811  (the fixture imported above)
    accounts: AccountService,
) -> None:
    url, service = site.url, site.service
    case_id, _ = await converse(service, rsa_script(1), procedure="minimum_income")
    view = await wait_view(service, case_id, CaseStatus.UNDER_REVIEW, "review")
    tacit = next(d for d in view.deadlines if d.code == "tacit_decision")
    applicant = await site.browser.new_context()
    page = await applicant.new_page()
    await page.goto(f"{url}/continue?code={await accounts.new_resume_code(case_id)}")
    await page.goto(f"{url}/status?lang=fr")
    day = local_date(tacit.due_at, view.procedure, "fr")
    assert re.fullmatch(r"(1er|\d{1,2}) [a-zéû]+ \d{4}", day), day
    deadlines = await page.locator("#deadlines").inner_text()
    assert f"Sans décision à cette date, la demande est réputée rejetée : {day}" in deadlines
    assert not UTC_TIME.search(deadlines), deadlines
    step = await page.locator("#next-step").inner_text()
    assert f"Sans décision au {day}, votre demande est réputée rejetée" in step
    await check(page, "53-status-tacit-fr")
    await applicant.close()

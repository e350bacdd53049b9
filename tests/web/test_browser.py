"""The journey in a real browser (Debian's chromium driven by Playwright).

An applicant fills a short-time-work claim with the keyboard only; a
caseworker signs in, claims it and asks a question; the applicant answers;
the caseworker approves; the applicant reads the letter. Every page is
checked with axe (zero violations) and photographed into ``test-artifacts/``.
The pages are also checked in German and French.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from guichet.ports import free_port
from guichet.store import CaseStore
from runtime.service import CaseService
from schemas.case import CaseStatus
from tests.helpers import eventually
from tests.web.conftest import PASSWORD, case_under_review, queued_task, script
from tools.demo import Script
from tools.demo_procedures import permit_answers
from web.context import WebContext
from web.server import uvicorn_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Axe()


@dataclass
class Site:
    url: str
    browser: Browser
    service: CaseService
    store: CaseStore


@pytest.fixture
async def site(web_context: WebContext) -> AsyncIterator[Site]:
    # Installed by `make test` (apt); never downloaded by Playwright.
    assert shutil.which("chromium") == CHROMIUM, "install Debian's chromium (make test does)"
    port = free_port()
    server = uvicorn_server(web_context, "127.0.0.1", port)
    serving = asyncio.create_task(server.serve())

    async def started() -> bool | None:
        assert not serving.done(), "the web server stopped"
        return server.started or None

    await eventually(started, timeout=30.0, interval=0.02)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield Site(
                    f"http://127.0.0.1:{port}", browser, web_context.cases, web_context.store
                )
            finally:
                await browser.close()
    finally:
        server.should_exit = True
        await serving


async def check(page: Page, name: str) -> None:
    """Zero axe violations on the page; keep a screenshot of it."""
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    results = await AXE.run(page)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


async def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if await page.evaluate(
            "(s) => document.activeElement !== null && document.activeElement.matches(s)",
            selector,
        ):
            return
        await page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus")


async def case_id_on(page: Page) -> str:
    text = await page.locator(".reference code").inner_text()
    return text.strip()


async def answer_by_keyboard(page: Page, text: str) -> None:
    """Type an answer and send it with Enter; wait until focus lands on the reply."""
    await tab_to(page, "#answer")
    await page.keyboard.type(text)
    await page.keyboard.press("Enter")
    await page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('msg')"
    )


async def converse_by_keyboard(
    page: Page, service: CaseService, case_id: str, answers: Script, until: str = "_review"
) -> None:
    """Answer every question the case asks (read from the workflow) by keyboard."""
    for _ in range(60):
        view = await service.view(case_id)
        assert view.question is not None
        if view.question.field == until:
            return
        # The page shows the same question the workflow asks.
        assert view.question.text.split("\n")[0] in await page.locator("#chat").inner_text()
        await answer_by_keyboard(page, answers.answer(view.question.field))
    raise AssertionError("the conversation did not reach the review")


async def sign_in(context: BrowserContext, url: str, username: str, lang: str) -> Page:
    page = await context.new_page()
    await page.goto(f"{url}/staff/login?lang={lang}")
    await check(page, f"10-staff-login-{lang}")
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.click("button.primary")
    await page.wait_for_url("**/staff/queue")
    return page


async def open_task(page: Page, url: str, task_id: str) -> None:

    async def listed() -> int:
        await page.goto(f"{url}/staff/queue")
        return await page.locator(f'a[href="/staff/tasks/{task_id}"]').count()

    await eventually(listed, bool, timeout=10.0, interval=0.1)
    await page.click(f'a[href="/staff/tasks/{task_id}"]')
    await page.wait_for_url(f"**/staff/tasks/{task_id}")


async def test_journey_keyboard_only(site: Site) -> None:
    url, service = site.url, site.service
    answers = script(1)  # English; an unusual cause needs a caseworker's sign-off
    applicant = await site.browser.new_context()
    page = await applicant.new_page()

    await page.goto(f"{url}/?lang=en")
    await check(page, "01-start-en")
    await tab_to(page, "#language-en")
    await tab_to(page, "form.card button.primary")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/chat*")
    await check(page, "02-chat-en")
    case_id = await case_id_on(page)
    progress_before = await page.locator("#progress-text").inner_text()

    await converse_by_keyboard(page, service, case_id, answers)
    assert await page.locator("#progress-text").inner_text() != progress_before
    await page.locator(".review").wait_for()
    await check(page, "03-review-en")

    # Edit one answer on the review screen, still by keyboard.
    await tab_to(page, "#edit-headcount")
    await page.keyboard.type("13")
    await page.keyboard.press("Enter")
    await page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('msg')"
    )
    assert (await service.view(case_id)).form["headcount"] == 13
    assert "13" in await page.locator(".review").inner_text()
    await check(page, "04-review-edited-en")

    await tab_to(page, "#submit-application")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/status")
    await check(page, "05-status-submitted-en")

    # The caseworker signs in, claims the task and asks a question.
    task = await queued_task(site.store, case_id)
    staff = await site.browser.new_context()
    desk = await sign_in(staff, url, "alice", "en")
    await check(desk, "11-queue-en")
    await open_task(desk, url, task.task_id)
    await check(desk, "12-task-en")
    await desk.click("#claim")
    await desk.locator("#holder", has_text="You hold this task.").wait_for()
    await check(desk, "13-task-claimed-en")
    await desk.check("#outcome-request_info")
    await desk.fill("#question", "How long will the renovation last?")
    await desk.click("#submit-decision")
    await service.wait_for_status(case_id, CaseStatus.AWAITING_APPLICANT)

    # The applicant comes back, sees the question and answers it.
    await page.goto(f"{url}/status")
    await check(page, "06-status-question-en")
    await tab_to(page, "#go-to-chat")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/chat")
    assert "How long will the renovation last?" in await page.locator("#chat").inner_text()
    await check(page, "07-chat-question-en")
    await answer_by_keyboard(page, "About three months.")
    await page.locator(".review").wait_for()
    await tab_to(page, "#submit-application")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/status")

    # The caseworker approves the new review task.
    view = await service.wait_for(
        case_id, lambda v: v.task is not None and v.task.task_id != task.task_id
    )
    assert view.task is not None
    await open_task(desk, url, view.task.task_id)
    await desk.click("#claim")
    await desk.check("#outcome-approve")
    await desk.click("#submit-decision")
    await desk.locator("#letter-preview").wait_for()
    await check(desk, "14-letter-preview-en")
    await desk.click("#submit-decision")
    await service.wait_for_status(case_id, CaseStatus.DECIDED)

    # The applicant reads the decision and the letter.
    await page.goto(f"{url}/status")
    assert "Approved" in await page.locator("#decision-outcome").inner_text()
    await check(page, "08-status-decided-en")
    await tab_to(page, "#read-letter")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/status/letter")
    await page.screenshot(path=str(ARTIFACTS / "09-letter-en.png"), full_page=True)
    letter = await page.content()
    assert "Miller Joinery Ltd" in letter
    assert re.search(r"objection|appeal|contest", letter, re.IGNORECASE)
    await check(page, "09-letter-en")
    await applicant.close()
    await staff.close()


@pytest.mark.parametrize("lang", ["de", "fr"])
async def test_pages_are_accessible_in(site: Site, lang: str) -> None:
    url, service = site.url, site.service
    applicant = await site.browser.new_context()
    page = await applicant.new_page()
    await page.goto(f"{url}/?lang={lang}")
    await check(page, f"01-start-{lang}")
    await page.click("form.card button.primary")
    await page.wait_for_url("**/chat*")
    await check(page, f"02-chat-{lang}")
    case_id = await case_id_on(page)
    answers = script(0) if lang == "de" else script(2)
    await answer_by_keyboard(page, answers.answer("cause"))
    await check(page, f"02-chat-turn-{lang}")
    # The rest of the form through the service: this test is about the pages.
    view = await service.view(case_id)
    while view.question is not None and view.question.field != "_review":
        await service.send(case_id, answers.answer(view.question.field))
        view = await service.view(case_id)
    await page.goto(f"{url}/chat")
    await check(page, f"03-review-{lang}")
    await page.click("#submit-application")
    await page.wait_for_url("**/status")
    await check(page, f"05-status-{lang}")
    await page.goto(f"{url}/continue")
    await check(page, f"06-continue-{lang}")

    task = await case_under_review(service, site.store)
    staff = await site.browser.new_context()
    desk = await sign_in(staff, url, "alice", lang)
    await check(desk, f"11-queue-{lang}")
    await open_task(desk, url, task.task_id)
    await desk.click("#claim")
    await desk.locator("#holder").wait_for()
    await check(desk, f"13-task-claimed-{lang}")

    await service.wait_for_status(case_id, CaseStatus.DECIDED, CaseStatus.UNDER_REVIEW)
    await page.goto(f"{url}/status")
    await check(page, f"08-status-assessed-{lang}")
    await applicant.close()
    await staff.close()


async def test_review_edits_a_free_text_answer(site: Site) -> None:
    """French review screen: change the free-text description by keyboard."""
    url, service = site.url, site.service
    applicant = await site.browser.new_context()
    page = await applicant.new_page()
    await page.goto(f"{url}/?lang=fr")
    await tab_to(page, "#language-fr")
    await page.keyboard.press("Space")
    await tab_to(page, "form.card button.primary")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/chat*")
    case_id = await case_id_on(page)
    assert (await service.view(case_id)).language == "fr"
    answers = script(2)  # French
    view = await service.view(case_id)
    while view.question is not None and view.question.field != "_review":
        await service.send(case_id, answers.answer(view.question.field))
        view = await service.view(case_id)
    await page.goto(f"{url}/chat")
    await page.locator(".review").wait_for()
    before = await service.view(case_id)

    new_text = "Le toit fuit, l'atelier est fermé pendant les réparations du propriétaire."
    await tab_to(page, "#edit-cause_description")
    assert await page.input_value("#edit-cause_description") == before.form["cause_description"]
    await page.keyboard.press("Control+A")
    await page.keyboard.type(new_text)
    await page.keyboard.press("Enter")
    await page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('msg')"
    )
    view = await service.view(case_id)
    assert view.form["cause_description"] == new_text
    assert view.provenance["cause_description"].turn == view.turn > before.turn
    assert new_text in await page.locator(".review").inner_text()
    assert view.question is not None and view.question.field == "_review"
    await check(page, "04-review-free-text-edited-fr")
    await applicant.close()


async def test_permit_chat_uploads_a_document(site: Site) -> None:
    """English building application: the site plan is uploaded from the chat."""
    url, service = site.url, site.service
    applicant = await site.browser.new_context()
    page = await applicant.new_page()
    await page.goto(f"{url}/?lang=en")
    await page.check("#language-en")
    await page.check("#procedure-building_permit")
    await page.click("form.card button.primary")
    await page.wait_for_url("**/chat*")
    case_id = await case_id_on(page)
    answers = permit_answers(
        project="extension", area="30", urban="yes", monument="no", language="en"
    )
    view = await service.view(case_id)
    assert view.procedure == "building_permit"
    while view.question is not None and view.question.field != "site_plan":
        await service.send(case_id, answers[view.question.field][0])
        view = await service.view(case_id)
    await page.goto(f"{url}/chat")
    assert await page.locator("#document").count() == 1
    await check(page, "21-permit-document-question-en")

    plan = ARTIFACTS / "site-plan.pdf"
    plan.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    await page.set_input_files("#document", str(plan))
    await tab_to(page, "#upload")
    await page.keyboard.press("Enter")
    await page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('msg')"
    )
    view = await service.view(case_id)
    assert re.fullmatch(r"file:[0-9a-f]{64}", view.form["site_plan"])
    assert view.question is not None and view.question.field == "cross_section"
    # The next document question offers the upload again.
    assert await page.locator("#document").count() == 1
    await check(page, "22-permit-document-uploaded-en")
    await applicant.close()

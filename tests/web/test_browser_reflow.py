"""No page scrolls sideways at 320 CSS pixels (WCAG 1.4.10 reflow; issue 21, item 11).

Every page an applicant or a caseworker reaches is opened in a 320 px wide
browser (a 1280 px screen at 400 % zoom); the document must not be wider than
the window, and axe still finds nothing. Tables become one block per row, each
cell labelled with its column, below 40 rem.
"""

from __future__ import annotations

from playwright.async_api import Page, ViewportSize

from schemas.case import CaseStatus
from tests.web.conftest import case_under_review, queued_task, script
from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    Site,
    check,
    sign_in,
    site,
)

WIDTH = 320

_WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > limit + 1 || e.scrollWidth > limit)
    .slice(0, 5)
    .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`
      + ` right=${Math.round(e.getBoundingClientRect().right)} scroll=${e.scrollWidth}`);
}"""


async def assert_reflows(page: Page, name: str) -> None:
    """The page is no wider than the window; axe finds nothing at this width either."""
    scroll = await page.evaluate("() => document.documentElement.scrollWidth")
    client = await page.evaluate("() => document.documentElement.clientWidth")
    assert client == WIDTH, client
    assert scroll <= client, (
        f"{name}: {scroll} px wide in {client} px: {await page.evaluate(_WIDEST)}"
    )
    await check(page, f"60-reflow-{name}")


async def test_every_page_reflows_at_320_px(
    site: Site,  # noqa: F811  (the fixture imported above)
) -> None:
    url, service = site.url, site.service
    viewport = ViewportSize(width=WIDTH, height=640)

    # Applicant: start, chat, review, status, letter, continue, 404.
    applicant = await site.browser.new_context(viewport=viewport)
    page = await applicant.new_page()
    await page.goto(f"{url}/?lang=fr")
    await assert_reflows(page, "index")
    await page.click("form.card button.primary")
    await page.wait_for_url("**/chat*")
    await assert_reflows(page, "chat")
    case_id = (await page.locator(".reference code").inner_text()).strip()
    answers = script(2)  # French: a refusal goes to a caseworker
    view = await service.view(case_id)
    while view.question is not None and view.question.field != "_review":
        await service.send(case_id, answers.answer(view.question.field))
        view = await service.view(case_id)
    await page.goto(f"{url}/chat")
    await page.locator(".review").wait_for()
    await assert_reflows(page, "review")
    await page.click("#submit-application")
    await page.wait_for_url("**/status")
    await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    task = await queued_task(site.store, case_id)
    await page.goto(f"{url}/status")
    await assert_reflows(page, "status")
    await page.goto(f"{url}/continue")
    await assert_reflows(page, "continue")
    await page.goto(f"{url}/no-such-page")
    await assert_reflows(page, "not-found")

    # Caseworker: sign in, queue (with another case in it), task, preview, audit.
    await case_under_review(service, site.store)
    staff = await site.browser.new_context(viewport=viewport)
    desk = await staff.new_page()
    await desk.goto(f"{url}/staff/login?lang=de")
    await assert_reflows(desk, "staff-login")
    desk = await sign_in(staff, url, "alice", "de")
    await assert_reflows(desk, "queue")
    await desk.goto(f"{url}/staff/tasks/{task.task_id}")
    await desk.click("#claim")
    await desk.locator("#holder").wait_for()
    await assert_reflows(desk, "task")
    await desk.check("#outcome-reject")
    await desk.fill("#reason", "Les heures ne baissent pas d'un dixième.")
    await desk.click("#submit-decision")
    await desk.locator("#letter-preview").wait_for()
    await assert_reflows(desk, "letter-preview")
    await desk.click("#submit-decision")
    await desk.wait_for_url("**?done=decided")
    await desk.goto(f"{url}/staff/cases/{case_id}/audit")
    await assert_reflows(desk, "audit")
    await service.wait_for_status(case_id, CaseStatus.DECIDED)

    # The applicant's decided status page and the letter.
    await page.goto(f"{url}/status")
    await assert_reflows(page, "status-decided")
    await page.goto(f"{url}/status/letter")
    scroll = await page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= WIDTH, f"letter: {scroll} px: {await page.evaluate(_WIDEST)}"

    # Supervisor: supervision and statistics.
    oversight = await site.browser.new_context(viewport=viewport)
    sup = await sign_in(oversight, url, "sup", "en")
    await sup.goto(f"{url}/staff/supervision")
    await assert_reflows(sup, "supervision")
    await sup.goto(f"{url}/staff/statistics")
    await assert_reflows(sup, "statistics")
    for context in (applicant, staff, oversight):
        await context.close()

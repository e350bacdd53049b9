"""Words instead of codes on the staff pages, and links between duplicates (issue 21, item 4).

The queue and the case page say a task's reasons, kind and group in the
caseworker's language, never as the workflow's codes; a possible duplicate
links to the other case and says what the two share. Checked with axe and
followed with the keyboard in a real browser.
"""

from __future__ import annotations

from schemas.case import CaseStatus
from tests.procedure_cases import rsa_script, unique_iban, wait_view
from tests.web.conftest import case_under_review
from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    Site,
    check,
    open_task,
    sign_in,
    site,
    tab_to,
)
from tools.demo import converse

CODES = ("refusal", "cause_other", "possible_duplicate", "not_eligible", "needs_review")


async def test_queue_and_case_say_words_and_link_duplicates(
    site: Site,  # noqa: F811  (the fixture imported above)
) -> None:
    url, service, store = site.url, site.service, site.store

    # A French short-time-work refusal, read by a caseworker in German.
    task = await case_under_review(service, store)
    staff = await site.browser.new_context()
    desk = await sign_in(staff, url, "alice", "de")
    await open_task(desk, url, task.task_id)
    facts = await desk.locator("dl.facts").inner_text()
    assert "Mindestens eine Voraussetzung ist nicht erfüllt" in facts
    assert "Prüfung" in facts
    criteria = await desk.locator("#criteria-heading + p + table").inner_text()
    assert "Mindesterfordernis" in criteria and "minimum_share" not in criteria
    queue = await desk.goto(f"{url}/staff/queue")
    assert queue is not None
    rows = await desk.locator("table.queue tbody").inner_text()
    row = desk.locator(
        "table.queue tbody tr", has=desk.locator(f'a[href="/staff/tasks/{task.task_id}"]')
    )
    cells = await row.locator("td").all_inner_texts()
    assert cells[1] == "Prüfung" and "Kurzarbeitergeld" in cells[2], cells
    for code in CODES:
        assert code not in rows, code
    await check(desk, "43-queue-words-de")

    # Two RSA claims share an IBAN: the second one's page links to the first.
    iban = unique_iban()
    first_id, _ = await converse(service, rsa_script(1, iban=iban), procedure="minimum_income")
    first = await wait_view(service, first_id, CaseStatus.UNDER_REVIEW, "review")
    second_id, _ = await converse(service, rsa_script(0, iban=iban), procedure="minimum_income")
    second = await wait_view(service, second_id, CaseStatus.UNDER_REVIEW, "review")
    assert second.task is not None and first.task is not None
    rsa = await site.browser.new_context()
    mia = await sign_in(rsa, url, "mia", "fr")
    await open_task(mia, url, second.task.task_id)
    summary = await mia.locator("dl.facts").inner_text()
    assert "Doublon possible (même IBAN)" in summary and "possible_duplicate" not in summary
    duplicates = await mia.locator("#duplicates").inner_text()
    assert first_id in duplicates and "même IBAN" in duplicates
    await check(mia, "44-case-duplicate-fr")
    # The link opens the other case, with the keyboard.
    await tab_to(mia, f'#duplicates a[href="/staff/cases/{first_id}"]')
    await mia.keyboard.press("Enter")
    await mia.wait_for_url(f"**/staff/tasks/{first.task.task_id}")
    assert first_id in await mia.locator("h1").inner_text()
    await staff.close()
    await rsa.close()

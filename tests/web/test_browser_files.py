"""Documents and letters opened from the staff pages (issue 21, items 1 and 2).

A building application's uploads are listed on its page by their checklist
item, type and size; the case's group opens them (a download, never a page of
the staff site), other groups cannot, and each opening is in the case's
timeline. After an appeal revised a refusal, supervisors, auditors and the
group's caseworkers open both letters of the case from its page, the replaced
one marked as such; another group cannot.
"""

from __future__ import annotations

from guichet.files import store_upload
from schemas.case import CaseStatus
from schemas.task import DecideInput
from tests.web.conftest import case_under_review, queued_task
from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    Site,
    check,
    open_task,
    sign_in,
    site,
    tab_to,
)
from tools.demo import Script, converse
from tools.demo_procedures import permit_answers
from web.context import WebContext

PLAN = b"%PDF-1.4\n% site plan of the test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


async def test_documents_open_for_the_case_group_only(
    site: Site,  # noqa: F811  (the fixture imported above)
    web_context: WebContext,
) -> None:
    url, service = site.url, site.service
    stored = store_upload(web_context.files_root, PLAN)
    answers = permit_answers(
        project="extension",
        area="30",
        urban="yes",
        monument="no",
        documents=stored.reference,
        language="en",
    )
    case_id, _ = await converse(
        service, Script("permit", "en", answers), procedure="building_permit"
    )
    task = await queued_task(site.store, case_id)

    staff = await site.browser.new_context(accept_downloads=True)
    desk = await sign_in(staff, url, "pia", "en")
    await open_task(desk, url, task.task_id)
    form = await desk.locator("#form-heading + table").inner_text()
    assert "file:" not in form and stored.sha256[:8] not in form
    link = desk.locator("#document-site_plan")
    assert await link.inner_text() == "Open Site plan"
    assert "(PDF, 1 kB)" in form
    await check(desk, "45-case-documents-en")

    # Opened by keyboard: a download named after the case and the item.
    await tab_to(desk, "#document-site_plan")
    async with desk.expect_download() as info:
        await desk.keyboard.press("Enter")
    download = await info.value
    assert download.suggested_filename == f"{case_id}-site_plan.pdf"
    path = await download.path()
    assert path.read_bytes() == PLAN
    response = await desk.request.get(f"{url}/staff/cases/{case_id}/documents/site_plan")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["content-security-policy"]

    # In the case's timeline, with who opened which item.
    view = await service.view(case_id)
    opened = [e for e in view.timeline if e.kind == "document_opened"]
    assert [(e.actor, e.text) for e in opened][:1] == [("pia", "document site_plan")]

    # Another group's caseworker cannot, by the case nor by the content hash.
    other = await site.browser.new_context()
    alice = await sign_in(other, url, "alice", "en")
    refused = await alice.request.get(f"{url}/staff/cases/{case_id}/documents/site_plan")
    assert refused.status == 404
    for guess in (stored.sha256, stored.reference):
        assert (await alice.request.get(f"{url}/staff/documents/{guess}")).status == 404
    # Nor a field that holds no document.
    not_a_file = await desk.request.get(f"{url}/staff/cases/{case_id}/documents/applicant_name")
    assert not_a_file.status == 404
    after = await service.view(case_id)
    assert len([e for e in after.timeline if e.kind == "document_opened"]) == len(opened)
    await staff.close()
    await other.close()


async def test_every_letter_opens_from_the_case_page(
    site: Site,  # noqa: F811  (the fixture imported above)
) -> None:
    url, service = site.url, site.service
    task = await case_under_review(service, site.store)
    case_id = task.case_id
    await service.claim(task.task_id, "alice")
    await service.decide(
        DecideInput(task_id=task.task_id, user="alice", outcome="reject", reason="Hours too few.")
    )
    await service.wait_for_status(case_id, CaseStatus.DECIDED)
    await service.appeal(case_id, "The payroll shows a 40 % reduction.")
    appeal = await queued_task(site.store, case_id)
    await service.claim(appeal.task_id, "bob")
    await service.decide(
        DecideInput(task_id=appeal.task_id, user="bob", outcome="revise", reason="Payroll seen.")
    )
    view = await service.wait_for(
        case_id, lambda v: v.decision is not None and v.decision.outcome.value == "approved"
    )
    letters = await site.store.letters_for_case(case_id)
    assert len(letters) == 2

    for user in ("sup", "aud", "alice"):
        context = await site.browser.new_context()
        page = await sign_in(context, url, user, "en")
        # The case's page: its open task, else its timeline, both list the letters.
        await page.goto(f"{url}/staff/cases/{case_id}")
        case_page = page.url
        items = await page.locator("#letters li").all_inner_texts()
        assert len(items) == 2, items
        assert "Rejected" in items[0] and "replaced by a later letter" in items[0]
        assert "Approved" in items[1] and "replaced" not in items[1]
        await check(page, f"46-case-letters-{user}")
        for letter in letters:
            seq = letter.letter_id.rpartition(":")[2]
            await tab_to(page, f"#letter-{seq}")
            await page.keyboard.press("Enter")
            await page.wait_for_url(f"**/staff/cases/{case_id}/letters/{seq}")
            assert letter.letter_id in await page.content()
            # The way back to the case is the first link.
            await page.keyboard.press("Tab")
            await page.keyboard.press("Enter")
            await page.wait_for_url(case_page)
        await context.close()
    opened = [e for e in (await service.view(case_id)).timeline if e.kind == "letter_opened"]
    assert {e.actor for e in opened} == {"sup", "aud", "alice"} and len(opened) == 6

    other = await site.browser.new_context()
    mia = await sign_in(other, url, "mia", "en")
    assert (await mia.request.get(f"{url}/staff/cases/{case_id}/letters/1")).status == 404
    await other.close()
    assert view.decision is not None

"""Client-side operations on cases: what the CLI, the web app and tests call.

Every operation is a Temporal start, Update or Query on the case workflow;
errors raised by the workflow's validators come back as :class:`CaseError`
with a stable code and the HTTP status the API uses for it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar, cast

from temporalio.client import (
    Client,
    RPCTimeoutOrCancelledError,
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowUpdateFailedError,
)
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.workflow import UpdateMethodMultiParam

from guichet import idempotency
from procedures import PROCEDURES
from schemas.applicant_actions import (
    AccessInput,
    AppealInput,
    CaseActionResult,
    ContactInput,
    RatingInput,
    RevisionInput,
    WithdrawInput,
)
from schemas.case import CaseStatus, CaseView, StartCaseInput
from schemas.task import (
    ClaimInput,
    CorrectValueInput,
    DecideInput,
    ReassignInput,
    TaskActionResult,
)
from schemas.turn import MAX_MESSAGE_LENGTH, TurnInput, TurnReply
from workflows import CaseWorkflow, errors

REQUEST_ALREADY_USED = "request_already_used"
"""A start's request id names a case that has moved past its first question (409)."""

FIRST_TURN = 0
"""The turn of a new case's first question (its greeting asks it)."""

IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
"""An Idempotency-Key sent again with another text (422, the old reply is not returned)."""

UNAVAILABLE = "unavailable"
"""The code of every answer whose outcome is unknown or whose backend is down (503)."""

_HTTP_STATUS: dict[str, int] = {
    errors.TURN_IN_PROGRESS: 409,
    errors.WRONG_STATE: 409,
    errors.ALREADY_CLAIMED: 409,
    errors.NOT_HOLDER: 409,
    errors.UNKNOWN_TASK: 404,
    errors.INVALID_OUTCOME: 422,
    errors.INVALID_INPUT: 422,
    errors.REASON_REQUIRED: 422,
    errors.QUESTION_REQUIRED: 422,
    errors.UNDERSTANDING_FAILED: 503,
    errors.CASE_BUSY: 409,
    errors.FOUR_EYES: 403,
    errors.SETTLED: 409,
    errors.ALREADY_DECIDED: 409,
    errors.SAME_REVIEWER: 403,
    errors.UNKNOWN_FIELD: 422,
    errors.STALE_TURN: 409,
    REQUEST_ALREADY_USED: 409,
    IDEMPOTENCY_KEY_REUSED: 422,
    "unknown_case": 404,
    # The backend did not answer in time, or is down: the request may or may
    # not have taken effect, so never a 4xx (a client would not resend it).
    UNAVAILABLE: 503,
    "unknown_procedure": 422,
    "unsupported_language": 422,
    "too_long": 413,
}


QUERY_ATTEMPTS = 4
"""Tries of a status query before a transient failure is reported."""

BUSY_RETRY_SECONDS = 10.0
"""How long a message is retried while its case continues as new."""

WAIT_SECONDS = 20.0
"""Longest wait for any one operation (``GUICHET_REQUEST_WAIT_SECONDS``).

With the worker or the server down an Update or a query would otherwise wait
as long as the server lets it (a turn was held 73 s): past this bound the
caller gets 503 and resends (with the same key, a message applies once).
"""

NOT_STARTED_SECONDS = 3.0
"""How long an action on a task whose workflow does not exist yet waits for it to start."""

RETRY_AFTER_SECONDS = 5
"""The ``Retry-After`` of a 503: long enough for a restarted worker to poll again."""

T = TypeVar("T")
A = TypeVar("A")
R = TypeVar("R")

Update = UpdateMethodMultiParam[[Any, A], Coroutine[Any, Any, R]]
"""An Update of the case workflow by method reference (``CaseWorkflow.decide``).

Its name comes from the method's definition, so the call and the handler
cannot drift apart. The SDK types an Update declared with an explicit name as
returning its method's coroutine; the client returns the awaited result,
converted to the method's annotated return type (see :func:`execute_update`).
A consultation's task Updates carry the case workflow's names, so
``CaseWorkflow.claim`` reaches a consultation's task too.
"""


async def execute_update(
    handle: WorkflowHandle[Any, Any], update: Update[A, R], arg: A, update_id: str | None = None
) -> R:
    """Run ``update`` with ``arg`` on ``handle`` and return its typed result.

    Args:
        handle: The workflow (a case, or a consultation for its task Updates).
        update: The workflow's Update method (``CaseWorkflow.send_message``).
        arg: Its one input model.
        update_id: The Update's id (the same id applies it once), or None.
    """
    result = await handle.execute_update(update, arg, id=update_id)
    # The SDK's overloads type the result as the method's coroutine (see Update).
    return cast(R, result)


class CaseError(Exception):
    """A refused operation, with a stable code and an HTTP status.

    Attributes:
        retry_after: Seconds after which a 503'd request may be resent
            (None for every other status).
        details: Fields the API adds beside the error object (the current
            question of a ``stale_turn``).
    """

    def __init__(self, code: str, message: str) -> None:
        """Create the error for ``code``."""
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = _HTTP_STATUS.get(code, 400)
        self.retry_after = RETRY_AFTER_SECONDS if self.http_status == 503 else None
        self.details: dict[str, Any] = {}


def unavailable(detail: str) -> CaseError:
    """The 503 of a backend that is down or of an operation whose outcome is unknown."""
    return CaseError(UNAVAILABLE, f"{detail}; the outcome is unknown, try again shortly")


def _translate(exc: WorkflowUpdateFailedError | RPCError | RPCTimeoutOrCancelledError) -> CaseError:
    if isinstance(exc, RPCTimeoutOrCancelledError):
        return unavailable("the case service did not answer in time")
    if isinstance(exc, RPCError):
        if exc.status == RPCStatusCode.NOT_FOUND:
            return CaseError("unknown_case", "no such case")
        return unavailable(f"the case service is unavailable ({exc.status.name})")
    cause = exc.cause
    if isinstance(cause, ApplicationError) and cause.type:
        return CaseError(cause.type, cause.message)
    # Not a refusal by the workflow's own rules (it may have been applied).
    return unavailable("the operation did not complete")


async def bounded(awaitable: Awaitable[T], seconds: float) -> T:
    """Await ``awaitable`` for at most ``seconds``; past that, a 503 ``unavailable``.

    Raises:
        CaseError: ``unavailable`` on timeout or on a transport error
            (``unknown_case`` for a workflow Temporal does not know).
    """
    try:
        async with asyncio.timeout(seconds):
            return await awaitable
    except TimeoutError:
        raise unavailable(f"no answer within {seconds:g} s") from None
    except (RPCError, RPCTimeoutOrCancelledError) as exc:
        raise _translate(exc) from None


def new_case_id(procedure: str) -> str:
    """Return a fresh case id: random, carries no personal data."""
    return f"{procedure}-{uuid.uuid4().hex[:16]}"


def case_id_of_task(task_id: str) -> str:
    """Return the id of the workflow owning a task: ``case_id:seq`` or ``<child id>:seq``."""
    return task_id.rsplit(":", 1)[0]


class CaseService:
    """Operations on cases through a connected client."""

    def __init__(
        self,
        client: Client,
        task_queue: str,
        continue_as_new_after_turns: int = 0,
        claim_timeout_seconds: int = 0,
        applicant_reminder_seconds: int = 0,
        task_reminder_seconds: int = 0,
        intake_expiry_seconds: int = 0,
        intake_reminder_seconds: int = 0,
        wait_seconds: float = WAIT_SECONDS,
        idempotency_secret: bytes = idempotency.LOCAL_SECRET,
    ):
        """Bind to ``client`` and the workers' ``task_queue``.

        Args:
            client: A connected client.
            task_queue: The workers' task queue.
            continue_as_new_after_turns: Passed to new cases (tests force it).
            claim_timeout_seconds: New cases return a claim held longer than
                this to the task's group (0: never).
            applicant_reminder_seconds: New cases remind the applicant this
                long before their limit to complete the file (0: never).
            task_reminder_seconds: New cases tell caseworkers this long
                before a task's due date (0: never).
            intake_expiry_seconds: New cases whose intake is not completed
                this long after they started are purged (0: never).
            intake_reminder_seconds: New cases remind the applicant this
                long before their intake expires (0: never).
            wait_seconds: Longest wait for one operation; past it, 503.
            idempotency_secret: Secret of the update ids made from
                Idempotency-Keys (the same in every process of an instance).
        """
        self.client = client
        self.task_queue = task_queue
        self.continue_as_new_after_turns = continue_as_new_after_turns
        self.claim_timeout_seconds = claim_timeout_seconds
        self.applicant_reminder_seconds = applicant_reminder_seconds
        self.task_reminder_seconds = task_reminder_seconds
        self.wait_seconds = wait_seconds
        self.intake_expiry_seconds = intake_expiry_seconds
        self.intake_reminder_seconds = intake_reminder_seconds
        self.idempotency_secret = idempotency_secret

    def _handle(self, case_id: str) -> WorkflowHandle[CaseWorkflow, object]:
        return self.client.get_workflow_handle_for(CaseWorkflow.run, case_id)

    async def start(
        self, procedure: str, language: str, request_id: str | None = None
    ) -> tuple[str, TurnReply]:
        """Start a case and return its id with the greeting and first question.

        With ``request_id`` (chosen by the client, unguessable) the start is
        idempotent: the case id is a keyed hash of it, so a start retried
        after a timeout or a 503 returns the same case instead of leaving an
        orphan nobody has a token for. A retry is answered only while the
        case is still at its first question (``request_already_used``, 409,
        afterwards: whoever started it holds its token).

        Raises:
            CaseError: Unknown procedure or language, a used request id, or
                ``unavailable`` (503: retry with the same request id).
        """
        definition = PROCEDURES.get(procedure)
        if definition is None:
            raise CaseError("unknown_procedure", f"unknown procedure {procedure!r}")
        if language not in definition.languages:
            raise CaseError(
                "unsupported_language", f"language must be one of {list(definition.languages)}"
            )
        if request_id is None:
            case_id = new_case_id(procedure)
        else:
            digest = idempotency.keyed(self.idempotency_secret, "start", procedure, request_id)
            case_id = f"{procedure}-r{digest[:24]}"
        reply = await bounded(
            self._start(case_id, procedure, language, retried_ok=request_id is not None),
            self.wait_seconds,
        )
        if request_id is not None and reply.turn > FIRST_TURN:
            raise CaseError(
                REQUEST_ALREADY_USED, "request_id: this request started a case that has moved on"
            )
        return case_id, reply

    async def _start(
        self, case_id: str, procedure: str, language: str, retried_ok: bool
    ) -> TurnReply:
        idempotent = {
            # A retry joins the running case; a finished one is never restarted.
            "id_conflict_policy": WorkflowIDConflictPolicy.USE_EXISTING,
            "id_reuse_policy": WorkflowIDReusePolicy.REJECT_DUPLICATE,
        }
        try:
            handle = await self._start_workflow(
                case_id, procedure, language, **(idempotent if retried_ok else {})
            )
        except WorkflowAlreadyStartedError:
            raise CaseError(
                REQUEST_ALREADY_USED, "request_id: this request started a case that has ended"
            ) from None
        try:
            # ``open`` takes no input: the only Update called without one.
            reply = await handle.execute_update(CaseWorkflow.open)
            return cast(TurnReply, reply)
        except WorkflowUpdateFailedError as exc:
            raise _translate(exc) from None

    async def _start_workflow(
        self, case_id: str, procedure: str, language: str, **policies: Any
    ) -> WorkflowHandle[CaseWorkflow, object]:
        return await self.client.start_workflow(
            CaseWorkflow.run,
            StartCaseInput(
                case_id=case_id,
                procedure=procedure,
                language=language,
                continue_as_new_after_turns=self.continue_as_new_after_turns,
                claim_timeout_seconds=self.claim_timeout_seconds,
                applicant_reminder_seconds=self.applicant_reminder_seconds,
                task_reminder_seconds=self.task_reminder_seconds,
                intake_expiry_seconds=self.intake_expiry_seconds,
                intake_reminder_seconds=self.intake_reminder_seconds,
            ),
            id=case_id,
            task_queue=self.task_queue,
            **policies,
        )

    async def send(
        self,
        case_id: str,
        text: str,
        idempotency_key: str | None = None,
        field: str | None = None,
        turn: int | None = None,
    ) -> TurnReply:
        """Send one applicant message; the same idempotency key applies it once.

        ``field`` names the answer the message replaces (the review screen's
        edit of one answer); the text is then read for that field alone.
        ``turn`` names the turn the message answers (the ``turn`` of the reply
        that asked the question): without a key, the same turn and text is
        one message, so a resend returns the first reply.

        Raises:
            CaseError: ``turn_in_progress`` (409), ``wrong_state`` (409),
                ``stale_turn`` (409, with the current question and turn),
                ``too_long`` (413), ``unknown_field`` (422),
                ``idempotency_key_reused`` (422), ``unknown_case`` (404) or
                ``unavailable`` (503: resend with the same key).
        """
        if len(text) > MAX_MESSAGE_LENGTH:
            raise CaseError(
                "too_long", f"a message may hold at most {MAX_MESSAGE_LENGTH} characters"
            )
        secret = self.idempotency_secret
        digest = idempotency.text_digest(secret, text, field)
        legacy: str | None = None
        if idempotency_key:
            update_id = idempotency.message_update_id(secret, idempotency_key)
            # The previous release's id, for a message sent before the
            # upgrade and resent after it (drop in the next release).
            legacy = f"msg-{idempotency_key}"
        elif turn is not None:
            update_id = idempotency.turn_update_id(secret, turn, digest)
        else:
            update_id = f"msg-{uuid.uuid4()}"
        message = TurnInput(
            text=text, field=field, turn=turn, digest=digest, legacy_update_id=legacy
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BUSY_RETRY_SECONDS
        while True:
            try:
                reply = await bounded(
                    execute_update(
                        self._handle(case_id), CaseWorkflow.send_message, message, update_id
                    ),
                    self.wait_seconds,
                )
                break
            except WorkflowUpdateFailedError as exc:
                error = _translate(exc)
            # A case handing over to a new run refuses turns for a moment; the
            # refusal leaves no trace, so the same update id is simply resent.
            if error.code != errors.CASE_BUSY or loop.time() > deadline:
                if error.code == errors.STALE_TURN:
                    await self._attach_current_question(case_id, error)
                raise error
            await asyncio.sleep(0.05)
        if reply.answered is not None and reply.answered != digest:
            # Same key, another text: the key's first message was applied,
            # this one was not; the old reply would mislead the client.
            raise CaseError(
                IDEMPOTENCY_KEY_REUSED,
                "Idempotency-Key: this key was used for another message; use a new key",
            )
        return reply

    async def _attach_current_question(self, case_id: str, error: CaseError) -> None:
        """Give a ``stale_turn`` refusal the question and turn the case is at now."""
        try:
            view = await self.view(case_id)
        except CaseError:
            return
        error.details = {
            "turn": view.turn,
            "question": view.question.model_dump() if view.question else None,
        }

    async def view(self, case_id: str) -> CaseView:
        """Return the case as the workflow sees it now.

        A query is answered by a worker; while a worker restarts or replays
        a long history the server may time the query out, so transient
        failures are retried a few times before giving up, all within the
        service's wait (503 ``unavailable`` past it).
        """
        return await bounded(self._view(case_id), self.wait_seconds)

    async def _view(self, case_id: str) -> CaseView:
        for attempt in range(QUERY_ATTEMPTS):
            try:
                return await self._handle(case_id).query(CaseWorkflow.view)
            except RPCError as exc:
                transient = exc.status in (
                    RPCStatusCode.DEADLINE_EXCEEDED,
                    RPCStatusCode.UNAVAILABLE,
                )
                if not transient or attempt == QUERY_ATTEMPTS - 1:
                    raise _translate(exc) from None
                await asyncio.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")

    async def wait_for(
        self, case_id: str, predicate: Callable[[CaseView], bool], timeout: float = 30.0
    ) -> CaseView:
        """Poll the case until ``predicate`` holds (for the CLI and tests).

        While a crashed worker's workflow task times out and another worker
        takes the case over, the server may refuse queries for a while
        (``FAILED_PRECONDITION``, ``DEADLINE_EXCEEDED``); polling rides that
        out until ``timeout`` instead of failing on the first refusal.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            try:
                view = await self.view(case_id)
            except CaseError as error:
                if error.code != UNAVAILABLE or loop.time() > deadline:
                    raise
                await asyncio.sleep(0.2)
                continue
            if predicate(view) or loop.time() > deadline:
                return view
            await asyncio.sleep(0.05)

    async def wait_for_status(
        self, case_id: str, *statuses: CaseStatus, timeout: float = 30.0
    ) -> CaseView:
        """Poll until the case reaches one of ``statuses``."""
        return await self.wait_for(case_id, lambda v: v.status in statuses, timeout)

    async def claim(self, task_id: str, user: str) -> TaskActionResult:
        """Claim a task for ``user`` (409 ``already_claimed`` if someone holds it)."""
        return await self._task_update(
            task_id, CaseWorkflow.claim, ClaimInput(task_id=task_id, user=user)
        )

    async def release(self, task_id: str, user: str) -> TaskActionResult:
        """Release a task ``user`` holds."""
        return await self._task_update(
            task_id, CaseWorkflow.release, ClaimInput(task_id=task_id, user=user)
        )

    async def release_for(self, task_id: str, holder: str, actor: str) -> TaskActionResult:
        """Give back a task ``holder`` holds, on their behalf.

        The caller checks that ``actor`` may: a supervisor (one-click release
        of a claim held too long) or ``system`` (a deactivated account).
        409 ``not_holder`` when ``holder`` no longer holds it.
        """
        return await self._task_update(
            task_id, CaseWorkflow.release, ClaimInput(task_id=task_id, user=actor, holder=holder)
        )

    async def reassign(self, task_id: str, supervisor: str, to: str) -> TaskActionResult:
        """Hand a task to ``to``; the caller checks that ``supervisor`` may do so."""
        return await self._task_update(
            task_id, CaseWorkflow.reassign, ReassignInput(task_id=task_id, user=supervisor, to=to)
        )

    async def decide(
        self, decision: DecideInput, idempotency_key: str | None = None
    ) -> TaskActionResult:
        """Decide a task; the same idempotency key applies the decision once."""
        update_id = (
            idempotency.decision_update_id(self.idempotency_secret, idempotency_key)
            if idempotency_key
            else None
        )
        return await self._task_update(decision.task_id, CaseWorkflow.decide, decision, update_id)

    async def correct_value(
        self, task_id: str, user: str, field: str, text: str, reason: str
    ) -> TaskActionResult:
        """A caseworker holding ``task_id`` corrects (or fills) one value; the rules run again.

        The value is read by the same parser as the applicant's answers, in
        the case's language, and checked against the other answers, so the
        form keeps one format: 422 ``invalid_input`` with the reason when it
        cannot be read or does not fit.

        Args:
            task_id: The review task the caseworker holds.
            user: The caseworker (named in the value's provenance).
            field: The form field.
            text: The value as typed ("12", "März 2026", "oui").
            reason: Why (required; kept in the timeline and the audit).
        """
        # Imported here: the parser pulls in dateparser, which only this
        # method of the service needs.
        import datetime as dt

        from agents import nlu
        from procedures import get_procedure

        view = await self.view(case_id_of_task(task_id))
        procedure = get_procedure(view.procedure, view.graph_name)
        spec = procedure.fields.get(field)
        if spec is None:
            raise CaseError(errors.UNKNOWN_FIELD, f"no field {field!r}")
        if not reason.strip():
            raise CaseError(errors.REASON_REQUIRED, "say why the value is corrected")
        result = nlu.parse_value(text, spec, view.language, dt.date.today())
        if not result.ok:
            raise CaseError(errors.INVALID_INPUT, nlu.error_message(result, spec, view.language))
        others = {k: v for k, v in view.form.items() if k != field}
        problem = procedure.check_field(field, result.value, others)
        if problem:
            raise CaseError(errors.INVALID_INPUT, problem.get(view.language) or problem["en"])
        request = CorrectValueInput(
            task_id=task_id, user=user, field=field, value=result.value, reason=reason
        )
        return await self._task_update(task_id, CaseWorkflow.correct_value, request)

    async def withdraw(self, case_id: str) -> CaseActionResult:
        """The applicant withdraws a case not yet decided (409 otherwise)."""
        return await self._case_update(case_id, CaseWorkflow.withdraw, WithdrawInput())

    async def appeal(self, case_id: str, text: str) -> CaseActionResult:
        """The applicant contests the decision within its window (409 outside)."""
        return await self._case_update(case_id, CaseWorkflow.appeal, AppealInput(text=text))

    async def request_revision(
        self, case_id: str, reason: str, requested_by: str
    ) -> CaseActionResult:
        """Offer a decided case to a caseworker for revision (a ``revision`` task).

        Nothing is recomputed until a caseworker revises it (409 when the case
        is not decided or closed, or already under review).
        """
        return await self._case_update(
            case_id,
            CaseWorkflow.request_revision,
            RevisionInput(reason=reason, requested_by=requested_by),
        )

    async def rate(self, case_id: str, score: int) -> CaseActionResult:
        """The applicant answers the satisfaction question (1-5), once (409 again)."""
        return await self._case_update(case_id, CaseWorkflow.rate, RatingInput(score=score))

    async def set_contact(self, case_id: str, email: str) -> CaseActionResult:
        """Record the applicant's address for notifications."""
        return await self._case_update(case_id, CaseWorkflow.set_contact, ContactInput(email=email))

    async def record_access(self, case_id: str, access: AccessInput) -> CaseActionResult:
        """Record in the case's timeline that staff opened a document or a letter."""
        return await self._case_update(case_id, CaseWorkflow.record_access, access)

    async def _case_update(
        self, case_id: str, update: Update[A, CaseActionResult], arg: A
    ) -> CaseActionResult:
        try:
            return await bounded(
                execute_update(self._handle(case_id), update, arg), self.wait_seconds
            )
        except WorkflowUpdateFailedError as exc:
            raise _translate(exc) from exc

    async def _task_update(
        self,
        task_id: str,
        update: Update[A, TaskActionResult],
        arg: A,
        update_id: str | None = None,
    ) -> TaskActionResult:
        handle = self._handle(case_id_of_task(task_id))
        loop = asyncio.get_running_loop()
        not_yet_until = loop.time() + min(NOT_STARTED_SECONDS, self.wait_seconds)
        while True:
            try:
                return await bounded(
                    execute_update(handle, update, arg, update_id), self.wait_seconds
                )
            except WorkflowUpdateFailedError as exc:
                error = _translate(exc)
            except CaseError as exc:
                error = exc
            # A consultation is listed on its case a moment before its own
            # workflow has started: "not started yet" is not "no such task".
            if error.code != "unknown_case" or loop.time() > not_yet_until:
                break
            await asyncio.sleep(0.1)
        if error.code == "unknown_case" and await self._finished(handle):
            # The workflow owning the task has completed (e.g. a consultation
            # whose deadline passed): the task was settled, it is not unknown.
            raise CaseError(errors.SETTLED, "the task was settled by its deadline")
        raise error

    async def _finished(self, handle: WorkflowHandle[CaseWorkflow, object]) -> bool:
        try:
            description = await bounded(handle.describe(), self.wait_seconds)
        except CaseError:
            return False
        return description.status not in (None, WorkflowExecutionStatus.RUNNING)

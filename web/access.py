"""Who may see and do what: every access rule of the web app, in one place.

The API routers and the page routers ask this module, never decide
themselves. The rules:

1. **Applicant** — holds a case access token (API) or a session cookie bound
   to one case (pages). Sees and acts on that case only; any other case id
   answers 404, exactly like an unknown one, so case ids cannot be probed.
2. **Caseworker** — sees the tasks and cases of their groups (a case's group
   is its procedure); anything else answers 404. Claims, releases and decides
   tasks of those groups and writes private notes on their cases. Whether
   the caller *holds* the task, and four-eyes (the sign-off of an approval is
   given by a second, different person), are checked by the case workflow's
   Update validators: they are the source of truth, because the read model
   this module reads may lag behind the workflow by a moment.
3. **Supervisor** — sees the groups of the procedures they supervise (every
   group when given none), acts like a caseworker there and may reassign a
   task to an active caseworker of the task's group.
4. **Auditor** — reads every queue, case page, timeline and audit report,
   and changes nothing: every action answers 403.
5. **Operator** — runs the installation: decodes Temporal payloads for the
   Temporal web UI (``/codec``). Sees no queue and no case through Guichet
   and acts on none.
6. Staff never act as an applicant: applicant actions answer 403 to staff
   who may see the case, 404 to the others.

A case or task missing from the read model is looked up in its workflow
before the answer: the rows follow the workflow by a moment, and "not
projected yet" must never read as "no such case". When the workflow has it
(and the caller may see it) the answer is 503 ``being_updated`` with
``Retry-After``; 404 only when the workflow has no such case or task.

Statuses: 401 without a credential valid for the endpoint (a case access
token is no credential for staff endpoints, and the reverse), 404 for a case
or task the caller may not see, 403 for an action on something the caller
sees but may not do. Pages redirect to the sign-in page instead of 401.

Every denial is logged once as ``access_denied`` with the route template,
method, actor role, actor id (staff username or the applicant's own case
id), reason and status — never names, e-mail addresses, IBANs or text — and
counted in the ``access_denied`` metric by route and reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import structlog
from fastapi import Depends, Request
from temporalio.client import WorkflowQueryFailedError

from guichet import metrics
from runtime.service import CaseError, bounded, case_id_of_task
from schemas.account import Role, SessionKind, User
from schemas.projection import CaseProjection, TaskProjection
from schemas.task import TaskStatus
from web.context import Ctx, WebContext
from web.errors import ApiError, SignInRequired
from web.security import STAFF_COOKIE, bearer_token

log = structlog.get_logger("guichet.web.access")

DENIED_METRIC = "access_denied"
"""Counter of refused requests, labelled by route template and reason."""

ACTING_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})
"""Roles that claim, release, decide and write notes."""


@dataclass(frozen=True)
class Caller:
    """Who is calling, as far as access decisions go.

    Attributes:
        role: ``anonymous``, ``applicant`` or a staff role.
        user: The staff account, for staff.
        case_id: The case an applicant's credential opens.
    """

    role: str
    user: User | None = None
    case_id: str | None = None

    @property
    def actor_id(self) -> str | None:
        """The id logged for this caller: a username or the applicant's own case id."""
        return self.user.username if self.user is not None else self.case_id


ANONYMOUS = Caller("anonymous")


def staff_caller(user: User | None) -> Caller:
    """The caller of a staff session (anonymous when there is none)."""
    return Caller(user.role.value, user=user) if user is not None else ANONYMOUS


# -- the rules ------------------------------------------------------------------


def can_see_group(user: User, group: str) -> bool:
    """Whether ``user`` sees the tasks and cases of ``group`` (operators: none)."""
    return user.role is not Role.OPERATOR and user.can_see_group(group)


def visible_groups(user: User) -> list[str] | None:
    """The groups whose queue ``user`` sees; None means all of them."""
    if user.role is Role.OPERATOR:
        return []
    return None if user.sees_all_groups else list(user.groups)


def can_act(user: User) -> bool:
    """Whether ``user`` may claim, release and decide tasks and write notes."""
    return user.role in ACTING_ROLES


def can_reassign(user: User) -> bool:
    """Whether ``user`` may hand a task to someone else."""
    return user.role is Role.SUPERVISOR


def can_receive_task(user: User, group: str) -> bool:
    """Whether a task of ``group`` may be reassigned to ``user``."""
    return user.active and can_act(user) and can_see_group(user, group)


def can_oversee(user: User) -> bool:
    """Whether ``user`` sees the supervision and statistics pages (supervisors, auditors)."""
    return user.role in (Role.SUPERVISOR, Role.AUDITOR)


def can_decode_payloads(user: User) -> bool:
    """Whether ``user`` may use the codec endpoint (see :mod:`web.api.codec`)."""
    return user.role is Role.OPERATOR


# -- denials --------------------------------------------------------------------


def route_template(request: Request) -> str:
    """The matched route's template (``/api/cases/{case_id}``): ids stay out of logs."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


def record_denial(request: Request, caller: Caller, status: int, reason: str) -> None:
    """Log and count one refused request (ids and codes only, no personal data)."""
    route = route_template(request)
    log.warning(
        "access_denied",
        route=route,
        method=request.method,
        actor_role=caller.role,
        actor_id=caller.actor_id,
        reason=reason,
        status=status,
    )
    metrics.increment(DENIED_METRIC, route=route, reason=reason)


def deny(
    request: Request, caller: Caller, status: int, reason: str, code: str, message: str
) -> ApiError:
    """Record a denial and return the error to raise."""
    record_denial(request, caller, status, reason)
    return ApiError(status, code, message)


def hidden_case(request: Request, caller: Caller, reason: str) -> ApiError:
    """A case the caller may not see: logged, and answered like an unknown case."""
    return deny(request, caller, 404, reason, "unknown_case", "no such case")


def hidden_task(request: Request, caller: Caller, reason: str) -> ApiError:
    """A task the caller may not see: logged, and answered like an unknown task."""
    return deny(request, caller, 404, reason, "unknown_task", "no such task")


# -- checks on loaded objects ---------------------------------------------------


async def readable_case(
    request: Request, context: WebContext, user: User, case_id: str
) -> CaseProjection:
    """Return the case's row when ``user`` may read it, else raise 404.

    Raises:
        ApiError: 404 for a case that does not exist or that ``user`` may
            not see; 503 ``being_updated`` for one whose row is not written yet.
    """
    row = await context.store.get_case(case_id)
    if row is None:
        raise await _missing_case(request, context, user, case_id)
    if not can_see_group(user, row.procedure):
        raise hidden_case(request, staff_caller(user), "other_group")
    return row


async def visible_task(
    request: Request, context: WebContext, user: User, task_id: str
) -> TaskProjection:
    """Return the task's row when ``user`` may see it, else raise 404.

    Raises:
        ApiError: 404 for a task that does not exist or that ``user`` may
            not see; 503 ``being_updated`` for one whose row is not written yet.
    """
    task = await context.store.get_task(task_id)
    if task is None:
        raise await _missing_task(request, context, user, task_id)
    if not can_see_group(user, task.group):
        raise hidden_task(request, staff_caller(user), "other_group")
    return task


BEING_UPDATED = "being_updated"
"""The error code of a case or task its workflow has and the read model not yet."""
BEING_UPDATED_RETRY_SECONDS = 1
"""The rows land within a moment of the workflow's step: retry soon."""
CONSULTATION = "-consult-"
"""A consultation's workflow id: ``<case_id>-consult-<service>``; the service is its group."""


def _being_updated(what: str) -> ApiError:
    return ApiError(
        503,
        BEING_UPDATED,
        f"the {what} is being updated; retry in a moment",
        BEING_UPDATED_RETRY_SECONDS,
    )


def _unknown(error: CaseError, code: str, message: str) -> ApiError:
    """404 when the workflow does not exist; else its error (503: it may exist)."""
    if error.code == "unknown_case":
        return ApiError(404, code, message)
    return ApiError.from_case_error(error)


async def _missing_case(
    request: Request, context: WebContext, user: User, case_id: str
) -> ApiError:
    """The error for a case without a row: asked of its workflow."""
    try:
        view = await context.cases.view(case_id)
    except CaseError as exc:
        return _unknown(exc, "unknown_case", "no such case")
    except WorkflowQueryFailedError:
        return ApiError(404, "unknown_case", "no such case")  # a workflow, but no case's
    if not can_see_group(user, view.procedure):
        return hidden_case(request, staff_caller(user), "other_group")
    return _being_updated("case")


async def _missing_task(
    request: Request, context: WebContext, user: User, task_id: str
) -> ApiError:
    """The error for a task without a row: asked of the workflow that owns it."""
    owner = case_id_of_task(task_id)
    group: str | None = None
    try:
        if CONSULTATION in owner:
            # A consultation workflow offers one task, ``<id>:1``, to its service.
            handle = context.cases.client.get_workflow_handle(owner)
            await bounded(handle.describe(), context.cases.wait_seconds)
            if task_id == f"{owner}:1":
                group = owner.rpartition(CONSULTATION)[2]
        else:
            view = await context.cases.view(owner)
            if view.task is not None and view.task.task_id == task_id:
                group = view.task.group
    except CaseError as exc:
        return _unknown(exc, "unknown_task", "no such task")
    except WorkflowQueryFailedError:
        return ApiError(404, "unknown_task", "no such task")
    if group is None:
        return ApiError(404, "unknown_task", "no such task")
    if not can_see_group(user, group):
        return hidden_task(request, staff_caller(user), "other_group")
    return _being_updated("task")


def require_action(request: Request, user: User) -> None:
    """Refuse (403) a claim, release, decision or note by a role that only reads."""
    if not can_act(user):
        raise deny(
            request,
            staff_caller(user),
            403,
            "read_only_role",
            "forbidden",
            f"{user.role.value}s cannot act on tasks",
        )


def require_oversight(request: Request, user: User) -> None:
    """Refuse (403) supervision and statistics to anyone but supervisors and auditors."""
    if not can_oversee(user):
        raise deny(
            request,
            staff_caller(user),
            403,
            "not_overseer",
            "forbidden",
            "for supervisors and auditors only",
        )


def require_reassign(request: Request, user: User) -> None:
    """Refuse (403) a reassignment by anyone but a supervisor."""
    if not can_reassign(user):
        raise deny(
            request,
            staff_caller(user),
            403,
            "not_supervisor",
            "forbidden",
            "only supervisors reassign tasks",
        )


# -- API callers ----------------------------------------------------------------


async def api_caller(request: Request, context: WebContext) -> Caller:
    """The applicant or staff member a bearer token belongs to (else 401)."""
    token = bearer_token(request)
    if token is None:
        raise deny(
            request, ANONYMOUS, 401, "no_credentials", "unauthorized", "a bearer token is required"
        )
    owned = await context.accounts.case_of_token(token)
    if owned is not None:
        return Caller("applicant", case_id=owned)
    user = await context.accounts.staff_user(token, SessionKind.API)
    if user is None:
        raise deny(
            request,
            ANONYMOUS,
            401,
            "invalid_token",
            "unauthorized",
            "the token is invalid or expired",
        )
    return staff_caller(user)


async def api_user(request: Request, context: Ctx) -> User:
    """FastAPI dependency: the staff member an API token belongs to (else 401)."""
    caller = await api_caller(request, context)
    if caller.user is None:
        raise deny(request, caller, 401, "not_staff", "unauthorized", "a staff token is required")
    return caller.user


async def case_reader(case_id: str, request: Request, context: Ctx) -> Caller:
    """FastAPI dependency: the case's applicant, or staff who may read the case."""
    caller = await api_caller(request, context)
    if caller.user is None:
        if caller.case_id != case_id:
            raise hidden_case(request, caller, "other_case")
        return caller
    await readable_case(request, context, caller.user, case_id)
    return caller


async def applicant_case(case_id: str, request: Request, context: Ctx) -> str:
    """FastAPI dependency: only the case's own applicant (messages, withdrawal, appeal)."""
    caller = await api_caller(request, context)
    if caller.user is None:
        if caller.case_id != case_id:
            raise hidden_case(request, caller, "other_case")
        return case_id
    await readable_case(request, context, caller.user, case_id)
    raise deny(
        request, caller, 403, "staff_not_applicant", "forbidden", "only the applicant does this"
    )


StaffUser = Annotated[User, Depends(api_user)]
"""A handler parameter that receives the calling staff member."""
CaseReader = Annotated[Caller, Depends(case_reader)]
"""A handler parameter that receives a caller allowed to read the case."""
ApplicantCase = Annotated[str, Depends(applicant_case)]
"""A handler parameter that receives the case id of its own applicant."""


# -- page callers ---------------------------------------------------------------


async def page_staff(request: Request, context: WebContext) -> User | None:
    """The staff member signed in on this browser, if any."""
    secret = request.cookies.get(STAFF_COOKIE)
    if not secret:
        return None
    return await context.accounts.staff_user(secret, SessionKind.STAFF)


def not_signed_in(request: Request) -> None:
    """Record a staff page refused for want of a session (it redirects to sign in)."""
    record_denial(request, ANONYMOUS, 303, "not_signed_in")


async def page_user(request: Request, context: Ctx) -> User:
    """FastAPI dependency: the staff member of a page's session (else a redirect to sign in).

    Raises:
        SignInRequired: No session; answered with a 303 to the sign-in page.
    """
    user = await page_staff(request, context)
    if user is None:
        not_signed_in(request)
        raise SignInRequired()
    return user


PageUser = Annotated[User, Depends(page_user)]
"""A page handler parameter that receives the signed-in staff member."""


# -- acting on a task -------------------------------------------------------------


@dataclass(frozen=True)
class TaskAction:
    """A task its caller may act on: visible to them, and their role acts.

    Whether they *hold* the task, and four-eyes, are the workflow's checks
    (its Update validators); this is what the web app checks before asking.

    Attributes:
        user: The caller.
        task: The task's row.
    """

    user: User
    task: TaskProjection

    async def refusal(self, context: WebContext, error: CaseError) -> ApiError:
        """The answer to a refused action: 409 ``task_closed`` for a task done or cancelled.

        The workflow no longer offers a task it has settled (``unknown_task``);
        when the queue knows it is done, that is a conflict, not an unknown task.
        """
        if error.code == "unknown_task":
            row = await context.store.get_task(self.task.task_id)
            if row is not None and row.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
                return ApiError(409, "task_closed", f"the task is {row.status.value}")
        return ApiError.from_case_error(error)


async def _acting(request: Request, context: WebContext, user: User, task_id: str) -> TaskAction:
    task = await visible_task(request, context, user, task_id)
    require_action(request, user)
    return TaskAction(user, task)


async def api_task_action(
    task_id: str, request: Request, context: Ctx, user: StaffUser
) -> TaskAction:
    """FastAPI dependency of the API's task actions: claim, release, decide, correct."""
    return await _acting(request, context, user, task_id)


async def page_task_action(
    task_id: str, request: Request, context: Ctx, user: PageUser
) -> TaskAction:
    """FastAPI dependency of the pages' task actions: the same checks, a page's session."""
    return await _acting(request, context, user, task_id)


ApiTaskAction = Annotated[TaskAction, Depends(api_task_action)]
"""An API handler parameter: a task the calling staff member may act on (else 401/403/404)."""
PageTaskAction = Annotated[TaskAction, Depends(page_task_action)]
"""A page handler parameter: a task the signed-in staff member may act on."""

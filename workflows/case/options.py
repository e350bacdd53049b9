"""The case workflow's options: activity timeouts, retry policies, activity names, patch ids.

One place for what every step schedules with and for every ``workflow.patched``
id the case workflow asks, so a newcomer sees them side by side. The patch
ids are recorded in running cases' histories: never rename one. Constants
only; the consultation workflow shares the activity options.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio.common import RetryPolicy

# ------------------------------------------------------------ activity options

SHORT_ACTIVITY = timedelta(seconds=10)
"""Start-to-close timeout of database, rules and letter activities: short, so
a killed worker costs seconds, not minutes."""

RETRY_FOREVER = RetryPolicy(
    initial_interval=timedelta(milliseconds=200),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=10),
)
"""Read-model writes must eventually land (the database may be down a while)."""

NOTIFY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=10),
    maximum_attempts=6,
)
"""A mail server that stays down must not hold the case: after these attempts
the failure is recorded in the timeline and the case goes on."""

ARCHIVE_ACTIVITY = timedelta(minutes=2)
"""Start-to-close timeout of the archive activity (it reads every run's history)."""


# ------------------------------------------------------------------ limits

MAX_REMEMBERED_UPDATES = 100
"""Applied update ids kept across continue-as-new (the server only
deduplicates update ids within one run)."""

MAX_TRANSCRIPT = 60
"""Messages kept in state by cases started before ``TRANSCRIPT_IN_STORE_PATCH``."""

EMAIL_SHAPE_MAX = 320
"""Longest e-mail address accepted for notifications (RFC 5321)."""

SYSTEM = "system"
"""The actor of automatic steps (and of releases when an account is deactivated)."""

# -------------------------------------------------------------- patch ids
# Each marks the runs that take a newer path; older histories replay on the
# path they ran (``workflow.patched`` answers False for them).

PATCH_NOTIFY = "notify-v1"
"""Marks runs that e-mail the applicant (older histories sent nothing)."""

PATCH_ARCHIVE_ON_CLOSE = "archive-on-close"
"""Marks runs that archive their histories when the case closes."""

PATCH_ARCHIVE_ON_PURGE = "archive-on-purge"
"""Marks runs that archive a purge record when the case is purged."""

PATCH_PURGE_CASE_DATA = "purge-case-data"
"""Marks runs whose retention purge also empties the case database (destroying
the case's data key); older runs only cleared the workflow's own state."""

PATCH_WORKING_DAY_DEADLINES = "deadlines-next-working-day-v1"
"""Marks cases started once contesting periods ending on a Saturday, Sunday or
public holiday run on to the next working day (§ 26 Abs. 3 SGB X / § 64
Abs. 3 SGG; CPC art. 642). Decided at case start, so a case in flight keeps
the rule it started with (its letter and its objection timer)."""

CLAIM_EXPIRY_PATCH = "claim-expiry-v1"
"""Marks runs that start a timer on every claim (older histories have none)."""

DECISION_ONCE_PATCH = "decision-once-v1"
"""Marks runs in which a task takes exactly one decision: the task records its
decider as soon as a decision is accepted (a second one gets 409), and a
pending decision acts only on the task it names. Runs recorded before it
accepted a second decision, which could later settle an appeal by itself;
they replay as they ran."""

PATCH_APPLICANT_REMINDER = "applicant-reminder-v1"
"""Marks runs that remind the applicant before their limit to complete the file."""

PATCH_LIFECYCLE_CLAIM_EXPIRY = "lifecycle-claim-expiry-v1"
"""Marks runs whose lifecycle tasks return a claim held too long to the group."""

PATCH_TASK_REMINDER = "task-deadline-reminder-v1"
"""Marks runs that tell caseworkers when a task nears its due date."""

INTAKE_EXPIRY_PATCH = "intake-expiry-v1"
"""Marks new cases that have an intake expiry (issue 23 item 3): an intake not
completed in time is reminded, then purged. Set once, when the case starts;
cases started before it have no expiry and run as they did."""

MESSAGE_TURNS_PATCH = "message-turns-v1"
"""Marks runs whose messages may name their turn and carry a keyed digest of
their text (issue 23 items 4 and 7): a message naming an answered turn is
refused as stale, a resend under the previous release's update id is answered
from memory, and the reply carries the digest it answers. Only messages that
carry one of those fields take the patched path, so earlier histories, whose
messages carry none, replay on the old one."""

TRANSCRIPT_IN_STORE_PATCH = "transcript-in-store"
"""Marks cases started once their conversation is kept whole in the case
database (issue 21 item 10): every entry is numbered, travels in the next
projection batch and leaves the workflow state when that write is
acknowledged, so neither continue-as-new nor queries carry the conversation.
Decided when the case starts and carried in its state; older cases keep
their last 60 entries in state, as they ran."""

RULES_FAILED_PATCH = "rules-failed-to-caseworker-v1"
"""Marks runs whose rules raised (issue 23 item 9): the case goes to a
caseworker's review instead of failing. Before it, the eligibility activity
retried for ever and never failed."""

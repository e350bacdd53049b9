"""The conversational intake: a LangGraph graph that fills a procedure's form.

The graph asks for the next missing field, pauses with ``interrupt()``,
resumes with the applicant's answer, has it understood by an activity node,
applies it deterministically, and ends with a review of all answers.
"""

from agents.intake.graph import build_intake_graph
from agents.intake.saver import LatestCheckpointSaver

__all__ = ["LatestCheckpointSaver", "build_intake_graph"]

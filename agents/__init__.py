"""The case-processing agents: intake conversation and offline language understanding."""

"""The README's diagram of the report journey names exactly the journey's states."""

import re
from pathlib import Path

from handlers.report.steps import ReportForm

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_journey_diagram_matches_the_states() -> None:
    diagram = README.read_text(encoding="utf-8").split("```mermaid", 1)[1].split("```", 1)[0]
    named = set(re.findall(r"^\s*(\w+) -->", diagram, re.MULTILINE)) | set(
        re.findall(r"--> (\w+)", diagram)
    )
    named.discard("")
    states = {name.split(":")[1] for name in ReportForm.__state_names__}
    assert named == states

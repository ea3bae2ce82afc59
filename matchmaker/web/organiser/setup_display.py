"""What the set-up page shows as saved: the slot plan, the tables' naming and zones, read from the event.

A context processor rather than view arguments: every view that renders the set-up page (after a save,
an error, a new kiosk link) shows the same saved values without passing them each time.
"""

from __future__ import annotations

from matchmaker.db.models import Event
from matchmaker.services import event_setup
from matchmaker.web.organiser import bp


def _saved(event: Event) -> dict[str, object]:
    plan = event_setup.saved_slot_plan(event)
    return {
        "day_start": f"{plan.day_start:%H:%M}",
        "day_end": f"{plan.day_end:%H:%M}",
        "meeting_minutes": plan.meeting_minutes,
        "changeover_minutes": plan.changeover_minutes,
        "breaks": ", ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in plan.breaks),
        "naming": event_setup.table_naming(event),
        "zones": event_setup.format_zones(event),
    }


@bp.context_processor
def setup_helpers() -> dict[str, object]:
    return {"saved_setup": _saved}

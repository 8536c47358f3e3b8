"""Importers: pure parsers that turn files into plain records, with line numbers.

- `files`: checks before parsing (size, what the file really is, its encoding)
- `ical`: interview candidates from iCalendar files; `recognition`: which events are interviews
- `linkedin`: LinkedIn's Connections.csv; `tracker`: spreadsheet trackers saved as CSV
- `matching`: finding recorded companies and people; `names`, `zones`, `links`, `interviews`:
  what names, zones, call links and titles say

Nothing here writes: `afterview.services.imports` applies the records in one transaction.
"""

from afterview.importers.records import Attendee, CalendarEvent, Connection, Problem, Records, TrackerRow

__all__ = ["Attendee", "CalendarEvent", "Connection", "Problem", "Records", "TrackerRow"]

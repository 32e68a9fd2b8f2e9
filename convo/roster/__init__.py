"""Pupil roster import: reading the CSV a school's MIS exports (the database step builds on this)."""
from convo.roster.parse import RosterParse, RosterProblem, RosterRow, parse_roster

__all__ = ["RosterParse", "RosterProblem", "RosterRow", "parse_roster"]

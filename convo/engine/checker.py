"""The content checker behind `convo check-prompts`: every problem with a stable code.

Codes are documented, each with an example, in docs/prompt-checks.md. Layer one
(shape, CP1xx) comes from the loader; this module adds the graph (CP2xx), voice
(CP3xx), reading (CP4xx), sources (CP5xx) and translation (CP6xx) layers.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .linerules import line_problems
from .loader import load
from .model import REPLY_CHOICES, REPLY_LINES, STEREOTYPE_KINDS, TAPPING_BANDS, Card, Content, Problem, Session
from .reading import MIN_EASE, Readability, measure
from .voice import has_grown_up_nudge

#: Fewest questions on the shortest way through a session (about a minute each).
MIN_QUESTIONS = 5
#: Year groups that belong to each band.
BAND_YEARS: dict[str, tuple[int, ...]] = {"reception": (0,), "ks1": (1, 2), "lower_ks2": (3, 4), "upper_ks2": (5, 6)}


@dataclass
class CheckResult:
    """What the checker found, plus the content it read and per-file readability."""

    content: Content
    problems: list[Problem]
    readability: dict[tuple[str, str], Readability] = field(default_factory=dict)


class Checker:
    """Runs the cross-reference and per-line layers over loaded content."""

    def __init__(self, content: Content, icons: Path | None) -> None:
        """Check `content`; look for icons in `icons` when it exists."""
        self.content = content
        self.icons = icons if icons and icons.is_dir() else None
        self.problems: list[Problem] = []

    def add(self, code: str, file: str, line: int, message: str) -> None:
        """Record one problem."""
        self.problems.append(Problem(code, file, line, message))

    def run(self) -> None:
        """Every layer after shape."""
        for session in self.content.sessions.values():
            self.session_graph(session)
            self.session_rules(session)
        self.band_files()
        self.job_and_icon_refs()
        self.each_line()

    def session_graph(self, session: Session) -> None:
        """Unknown, unreachable and loose-ended nodes; sessions with no way to finish."""
        nodes, file = session.nodes, session.file
        for origin, target, line in [("start", session.start, session.lineno)] + [
            (node.id, target, node.lineno) for node in nodes.values() for target in node.targets()
        ]:
            if target not in nodes:
                close = difflib.get_close_matches(target, list(nodes), n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                self.add("CP201", file, line, f"'{origin}' goes to unknown node '{target}'.{hint}")
        seen = self.reachable(session)
        for node in nodes.values():
            if node.id not in seen:
                self.add("CP202", file, node.lineno, f"Node '{node.id}' can never be reached from '{session.start}'.")
            if self.loose(node):
                self.add("CP203", file, node.lineno, f"Node '{node.id}' has no way on: give it 'next', answer "
                                                     "targets, 'when' with 'then' and 'otherwise', or 'end: true'.")
        shortest = self.fewest_questions(session)
        if session.start in nodes and (shortest is None or shortest < MIN_QUESTIONS):
            found = "no way to reach an end" if shortest is None else f"only {shortest} questions on its shortest path"
            self.add("CP208", file, session.lineno, f"Session '{session.id}' has {found}; a 5-10 minute "
                                                    f"conversation needs at least {MIN_QUESTIONS}.")

    @staticmethod
    def loose(node) -> bool:
        """Whether a node leaves the pupil stuck."""
        if node.end:
            return False
        if node.when:
            return not (node.then and node.otherwise)
        if node.cards is not None and node.text is None:
            return not node.cards or (not node.next and any(not card.next for card in node.cards))
        if node.yes_no is not None:
            return False
        return not node.next

    @staticmethod
    def reachable(session: Session) -> set[str]:
        """Node ids reachable from the start."""
        seen, todo = set(), [session.start]
        while todo:
            current = todo.pop()
            if current in seen or current not in session.nodes:
                continue
            seen.add(current)
            todo += session.nodes[current].targets()
        return seen

    @staticmethod
    def fewest_questions(session: Session) -> int | None:
        """Questions asked on the shortest way from start to an end (Dijkstra; a question costs one)."""
        best: dict[str, int] = {}
        queue = [(0, session.start)]
        while queue:
            asked, current = heapq.heappop(queue)
            node = session.nodes.get(current)
            if node is None or current in best:
                continue
            best[current] = asked
            if node.end:
                return asked
            cost = asked + (1 if node.form or node.revisit else 0)
            for target in node.targets():
                heapq.heappush(queue, (cost, target))
        return None

    def session_rules(self, session: Session) -> None:
        """Answer style by band, year groups, grown-up nudges and the session's readability."""
        for node in session.nodes.values():
            if node.text is not None and session.band in TAPPING_BANDS:
                self.add("CP403", session.file, node.lineno, f"Node '{node.id}' asks {session.band} pupils to type; "
                                                             "they answer by tapping cards and faces only.")
            elif node.text is not None and not node.cards:
                self.add("CP404", session.file, node.lineno, f"Node '{node.id}' lets pupils type but has no picture "
                                                             "cards to tap instead; add 'cards' under 'text'.")
        for year in session.years:
            if year not in BAND_YEARS[session.band]:
                self.add("CP105", session.file, session.lineno, f"Year {year} is not in {session.band}.")
        lines = [line for line in self.content.lines if line.file == session.file]
        if not has_grown_up_nudge(lines):
            self.add("CP306", session.file, session.lineno, f"Session '{session.id}' never suggests asking a "
                                                            "grown-up; add an 'ask a grown-up' nudge.")

    def band_files(self) -> None:
        """Every band with sessions has jobs and replies, and replies cover every turn."""
        for band in sorted({band for band, _ in self.content.sessions}):
            first = min(s.file for s in self.content.sessions.values() if s.band == band)
            if band not in self.content.jobs:
                self.add("CP206", first, 1, f"{band} has sessions but no jobs file.")
            replies = self.content.replies.get(band)
            if replies is None:
                self.add("CP206", first, 1, f"{band} has sessions but no replies file.")
                continue
            wanted = [("lines", key, replies.lines) for key in REPLY_LINES]
            wanted += [("choices", key, replies.choices) for key in REPLY_CHOICES]
            wanted += [("stereotypes", key, replies.stereotypes) for key in STEREOTYPE_KINDS]
            wanted += [("fantasy", "any", replies.fantasy)]
            for section, key, table in wanted:
                if key not in table:
                    self.add("CP206", replies.file, 1, f"{band} replies need '{section}: {key}'.")
            if not replies.likes_cards:
                self.add("CP206", replies.file, 1, f"{band} replies need some 'likes_cards'.")

    def job_and_icon_refs(self) -> None:
        """Job cards that name unknown jobs, and icons with no file."""
        for session in self.content.sessions.values():
            for node in session.nodes.values():
                for card in node.cards or ():
                    self.card_refs(card, session.band, session.file)
        for band, replies in self.content.replies.items():
            for card in list(replies.choices.values()) + list(replies.likes_cards):
                self.card_refs(card, band, replies.file)
            for bridge in [replies.unsure, *replies.fantasy.values()]:
                for job_id in bridge.jobs:
                    self.card_refs(Card(job_id, None, None, job=job_id, lineno=bridge.lineno), band, replies.file)
        for jobs in self.content.jobs.values():
            for job in jobs.values():
                self.icon(job.icon, job.label.file, job.lineno)

    def card_refs(self, card: Card, band: str, file: str) -> None:
        """One card's job and icon references."""
        if card.job is not None and card.job not in self.content.jobs.get(band, {}):
            known = list(self.content.jobs.get(band, {}))
            close = difflib.get_close_matches(card.job, known, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            self.add("CP205", file, card.lineno, f"Card uses job '{card.job}', which is not in the {band} jobs "
                                                 f"file.{hint}")
        if card.icon:
            self.icon(card.icon, file, card.lineno)

    def icon(self, name: str, file: str, line: int) -> None:
        """Report an icon with no SVG file."""
        if self.icons is not None and not (self.icons / f"{name}.svg").is_file():
            self.add("CP207", file, line, f"Icon '{name}' has no file {name}.svg in the icons folder.")

    def each_line(self) -> None:
        """Duplicate ids, per-line rules, and readability per file and band."""
        counts = Counter(line.id for line in self.content.lines)
        reported: set[str] = set()
        sources = set(self.content.sources)
        for line in self.content.lines:
            if counts[line.id] > 1 and line.id not in reported:
                reported.add(line.id)
                self.add("CP204", line.file, line.lineno, f"Line id '{line.id}' is used {counts[line.id]} times.")
            for code, message in line_problems(line, sources):
                self.add(code, line.file, line.lineno, message)


def readability(content: Content) -> dict[tuple[str, str], Readability]:
    """Readability of the said lines of each file, per band."""
    groups: dict[tuple[str, str], list[str]] = {}
    for line in content.lines:
        if line.kind == "say":
            groups.setdefault((line.file, line.band), []).append(line.text)
    return {key: measure(texts) for key, texts in groups.items()}


def check(root: Path, icons: Path | None = None) -> CheckResult:
    """Load and check a prompts directory (or one file)."""
    content, problems = load(root)
    checker = Checker(content, icons)
    checker.run()
    scores = readability(content)
    for (file, band), score in sorted(scores.items()):
        if score.ease < MIN_EASE[band]:
            checker.add("CP402", file, 1, f"Reading ease for {band} is {score.ease}; it should be at least "
                                          f"{MIN_EASE[band]}. Use shorter words and sentences.")
    found = sorted(problems + checker.problems, key=lambda p: (p.file, p.line, p.code))
    return CheckResult(content, found, scores)

"""Read a prompts directory into the content model, reporting shape problems.

Every file is parsed with positions, checked against its shape, and only then
turned into model objects; a file with shape problems is left out so that one
typo does not bury the writer under follow-on errors.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import (
    PLACEHOLDERS, Bridge, Card, Challenge, Content, Job, Line, Node, Problem, Replies, Session, Source,
)
from .schema import check_shape, duplicate_keys
from .yamlpos import Mapping, YamlError, line_of, parse

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
LOCAL_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class Loader:
    """Builds a Content from files, collecting Problems as it goes."""

    def __init__(self, root: Path) -> None:
        """Start with an empty content set for `root`."""
        self.root = root
        self.content = Content(root=str(root))
        self.problems: list[Problem] = []
        self.file = ""

    def problem(self, code: str, line: int, message: str) -> None:
        """Record a problem in the file being read."""
        self.problems.append(Problem(code, self.file, line, message))

    def load_dir(self) -> None:
        """Load every YAML file under the root, in a stable order."""
        for path in sorted(self.root.rglob("*.yaml")) + sorted(self.root.rglob("*.yml")):
            self.load_file(path)

    def load_file(self, path: Path) -> None:
        """Parse, shape-check and build one file."""
        self.file = str(path)
        try:
            document = parse(path.read_text(encoding="utf-8"))
        except (YamlError, UnicodeDecodeError) as error:
            self.problem("CP100", getattr(error, "line", 1), f"This is not valid YAML: {error}")
            return
        findings = check_shape(document) + (duplicate_keys(document) if isinstance(document, Mapping) else [])
        for code, line, message in findings:
            self.problem(code, line, message)
        if findings:
            return
        {"session": self.build_session, "jobs": self.build_jobs, "replies": self.build_replies,
         "challenges": self.build_challenges}[document["kind"]](document)

    def line(self, line_id: str, band: str, text: str, kind: str, lineno: int, where: str,
             source: str | None = None) -> Line:
        """Make a Line and remember it for the checker and the extractor."""
        names = frozenset(PLACEHOLDER.findall(text))
        made = Line(line_id, band, text, kind, self.file, lineno, source, names)
        self.content.lines.append(made)
        return made

    def local_id(self, value: str, lineno: int) -> None:
        """Report a local id that cannot be part of a stable line id."""
        if not LOCAL_ID.match(str(value)):
            self.problem("CP603", lineno, f"Id '{value}' should be lower case letters, digits and _ only, "
                                          "starting with a letter, so line ids stay stable.")

    def say_lines(self, mapping: Mapping, prefix: str, band: str, where: str) -> tuple[Line, ...]:
        """Lines from a `say:` mapping of local id to text."""
        made = []
        for local, text in mapping.items():
            self.local_id(local, line_of(mapping, local))
            made.append(self.line(f"{prefix}.{local}", band, text, "say", line_of(mapping, local), where))
        return tuple(made)

    def card(self, raw: Mapping, prefix: str, band: str, where: str) -> Card:
        """One card; a job card takes its label and icon from the band's jobs."""
        lineno = raw.line
        if "job" in raw:
            for key in ("label", "icon"):
                if key in raw:
                    self.problem("CP102", line_of(raw, key), f"A job card takes its {key} from the jobs file; "
                                                              f"remove '{key}'.")
            if raw.get("records") not in (None, "known_job"):
                self.problem("CP105", line_of(raw, "records"), "A job card can only record 'known_job'; without "
                                                                "it, choosing the card records an aspiration.")
            return Card(raw.get("id", raw["job"]), None, None, raw.get("next"), raw["job"], raw.get("records"), (),
                        raw.get("stereotype"), raw.get("fantasy"), lineno)
        if raw.get("records") == "known_job":
            self.problem("CP105", line_of(raw, "records"), "Only a job card can record 'known_job'; add 'job'.")
        missing = [key for key in ("id", "label", "icon") if key not in raw]
        for key in missing:
            self.problem("CP103", lineno, f"A card needs '{key}' (or a 'job').")
        card_id = str(raw.get("id", "card"))
        self.local_id(card_id, line_of(raw, "id", lineno))
        kind = "card" if raw.get("icon") else "choice"
        label = self.line(f"{prefix}.{card_id}", band, raw.get("label", ""), kind, line_of(raw, "label", lineno),
                          where)
        return Card(card_id, label, raw.get("icon"), raw.get("next"), None, raw.get("records"),
                    tuple(raw.get("subjects", ())), raw.get("stereotype"), raw.get("fantasy"), lineno)

    def build_session(self, doc: Mapping) -> None:
        """A session graph for one band."""
        band, session_id = doc["band"], doc["id"]
        self.local_id(session_id, line_of(doc, "id"))
        if (band, session_id) in self.content.sessions:
            self.problem("CP204", line_of(doc, "id"), f"Session '{session_id}' already exists for {band}.")
            return
        nodes: dict[str, Node] = {}
        for node_id, raw in doc["nodes"].items():
            self.local_id(node_id, line_of(doc["nodes"], node_id))
            prefix = f"{band}.{session_id}.{node_id}"
            say = self.say_lines(raw.get("say", Mapping()), prefix, band, "session")
            card_list = raw.get("cards", raw.get("text", {}).get("cards"))
            cards = tuple(self.card(c, prefix, band, "session") for c in card_list) if card_list is not None else None
            yes_no = raw.get("yes_no")
            nodes[node_id] = Node(
                node_id, line_of(doc["nodes"], node_id), say, cards,
                {"yes": yes_no["yes"], "no": yes_no["no"]} if yes_no else None,
                (yes_no or {}).get("records"), raw.get("text", {}).get("listen_for") if "text" in raw else None,
                raw.get("next"), bool(raw.get("end", False)), raw.get("when"), raw.get("then"),
                raw.get("otherwise"), raw.get("show"), raw.get("revisit"),
            )
        self.content.sessions[(band, session_id)] = Session(
            session_id, band, doc["title"], doc["minutes"], doc["start"], nodes, self.file, doc.line,
            tuple(doc.get("years", ())),
        )

    def build_jobs(self, doc: Mapping) -> None:
        """A band's job cards and one-line descriptions."""
        band = doc["band"]
        if band in self.content.jobs:
            self.problem("CP204", line_of(doc, "band"), f"There is already a jobs file for {band}.")
            return
        jobs: dict[str, Job] = {}
        for job_id, raw in doc["jobs"].items():
            lineno = line_of(doc["jobs"], job_id)
            self.local_id(job_id, lineno)
            prefix = f"{band}.jobs.{job_id}"
            label = self.line(f"{prefix}.label", band, raw["label"], "card", line_of(raw, "label", lineno), "jobs")
            says = self.line(f"{prefix}.says", band, raw["says"], "say", line_of(raw, "says", lineno), "jobs")
            jobs[job_id] = Job(job_id, raw["soc2020"], raw["title"], raw["family"], raw["icon"], label, says, lineno)
        self.content.jobs[band] = jobs

    def bridge(self, raw: Mapping, prefix: str, band: str, key: str) -> Bridge:
        """Lines and job cards leading to real jobs."""
        return Bridge(key, self.say_lines(raw["say"], prefix, band, "replies"), tuple(raw["jobs"]), raw.line)

    def build_replies(self, doc: Mapping) -> None:
        """A band's words for the engine's own turns."""
        band = doc["band"]
        if band in self.content.replies:
            self.problem("CP204", line_of(doc, "band"), f"There is already a replies file for {band}.")
            return
        prefix = f"{band}.replies"
        lines = {line.id.rsplit(".", 1)[1]: line for line in self.say_lines(doc["lines"], prefix, band, "replies")}
        choices = {}
        for key, raw in doc["choices"].items():
            self.local_id(key, line_of(doc["choices"], key))
            label = self.line(f"{prefix}.choice.{key}", band, raw["label"], "choice", line_of(raw, "label"),
                              "replies")
            choices[key] = Card(key, label, raw.get("icon"), lineno=raw.line)
        likes = tuple(self.card(c, f"{prefix}.likes", band, "replies") for c in doc["likes_cards"])
        follow = {line.id.rsplit(".", 1)[1]: line
                  for line in self.say_lines(doc["follow_up"], f"{prefix}.follow_up", band, "replies")}
        fantasy = {key: self.bridge(raw, f"{prefix}.fantasy.{key}", band, key) for key, raw in doc["fantasy"].items()}
        stereotypes = {kind: self.say_lines(raw, f"{prefix}.stereotype.{kind}", band, "replies")
                       for kind, raw in doc["stereotypes"].items()}
        self.content.replies[band] = Replies(
            band, self.file, lines, choices, likes, follow, self.bridge(doc["unsure"], f"{prefix}.unsure", band,
                                                                         "unsure"),
            fantasy, stereotypes,
        )

    def build_challenges(self, doc: Mapping) -> None:
        """Proactive "did you know" lines, with the sources of their statistics."""
        for key, raw in doc.get("sources", {}).items():
            if key in self.content.sources:
                self.problem("CP204", line_of(doc["sources"], key), f"Source '{key}' is defined twice.")
            self.content.sources[key] = Source(key, raw["publisher"], raw["title"], raw["year"], raw["url"])
        for key, raw in doc["jobs"].items():
            lineno = line_of(doc["jobs"], key)
            self.local_id(key, lineno)
            lines = {}
            for band, value in raw["lines"].items():
                text, source = (value, None) if isinstance(value, str) else (value["text"], value.get("source"))
                lines[band] = self.line(f"did_you_know.{key}.{band}", band, text, "say",
                                        line_of(raw["lines"], band, lineno), "challenges", source)
            if key in self.content.challenges:
                self.problem("CP204", lineno, f"Challenge '{key}' is defined twice.")
            self.content.challenges[key] = Challenge(key, tuple(raw["soc2020"]), lines, lineno)


def load(root: Path) -> tuple[Content, list[Problem]]:
    """Load a prompts directory (or a single file) and return content plus shape problems."""
    loader = Loader(root)
    if root.is_file():
        loader.load_file(root)
    else:
        loader.load_dir()
    return loader.content, loader.problems


def placeholder_where(line: Line) -> frozenset[str]:
    """The placeholders allowed in this line, from the kind of file it lives in."""
    if line.id.startswith("did_you_know."):
        return PLACEHOLDERS["challenges"]
    part = line.id.split(".")[1]
    return PLACEHOLDERS.get(part if part in ("replies", "jobs") else "session", frozenset())


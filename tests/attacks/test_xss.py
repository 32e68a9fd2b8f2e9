"""Script injection: payloads typed by pupils, imported as names, saved as class and staff names.

Every staff page in the URL map is crawled as each role; no payload may come back as markup (checked
by parsing the page), none may run in Chromium, and the parent cards and transition PDFs must show
the payloads as plain text with no JavaScript or automatic actions in the file.
"""
from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from convo.models import SchoolClass, Turn

from tests.fixtures.auth import AuthActions

from .report import record
from .test_access_matrix import kind_of, rules
from .conftest import GENEROUS_LIMITS
from .xss_world import CLASS_PAYLOADS, PAYLOADS, STAFF_PAYLOADS, XssWorld, build_world

ROLES = ("careers leader", "teacher", "dsl", "transition leader", "admin")
EVERY_PAYLOAD = PAYLOADS + CLASS_PAYLOADS + STAFF_PAYLOADS
#: Words only a payload would put into markup: a marker set by the payload, or a call it makes.
MARKERS = ("__xss", "alert(")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc"}


@pytest.fixture
def app_config() -> dict:
    """Packs build inside the request; generous rate limits; the browser reaches the app as convo.test."""
    return {"TRANSITION_BUILD_IN_REQUEST": True, **GENEROUS_LIMITS}


@pytest.fixture
def xss(app, db, create_school, create_staff) -> XssWorld:
    """The school full of payloads."""
    return build_world(app, db, create_school, create_staff)


class Markup(HTMLParser):
    """Collects what a payload would need to run: script text, event handlers, javascript: URLs."""

    def __init__(self):
        """Start with nothing found."""
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        """Note handlers and URLs a payload could have planted, and tags no Convo page uses."""
        self.in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and value.replace("\t", "").replace("\n", "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
            elif any(marker in name for marker in MARKERS):
                # An attribute a breakout payload named (an escaped value is text, and harmless).
                self.found.append(f"<{tag} {name}>")
        if tag in ("iframe", "object", "embed", "math", "mglyph"):
            self.found.append(f"<{tag}>")

    def handle_endtag(self, tag):
        """Leave a script element."""
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        """Script text carrying a payload's marker."""
        if self.in_script and any(marker in data for marker in MARKERS):
            self.found.append(f"<script>{data.strip()[:40]}")


def unescaped(html: str) -> list[str]:
    """What in this page a payload turned into markup; also the secret key, as {{ config }} would show."""
    parser = Markup()
    parser.feed(html)
    parser.close()
    found = parser.found
    if "test-secret-key" in html:
        found.append("the secret key")
    return found


def crawl(app, world: XssWorld, role: str):
    """(url, response) for every GET staff page the role can open, with every pupil and class."""
    client = app.test_client()
    AuthActions(client).sign_in(world.people[role])
    school = world.secondary if role == "transition leader" else world.school
    adapter = app.url_map.bind("convo.test")
    base = {"school_id": school.id, "staff_id": world.people["teacher"].id, "concern_id": world.concern.id,
            "pack_id": world.pack.id, "batch": world.pack.batch, "year_group": 6, "name": "aspirations",
            "conversation_id": 1, "stereotype_id": 1}
    seen = set()
    for rule, method in rules(app):
        if method != "GET" or kind_of(rule.endpoint) not in ("staff", "admin") or \
                rule.rule.endswith((".pdf", "download")):
            continue  # files are checked below, pages here
        numbers = range(1, len(world.pupils) + 1) if "number" in rule.arguments else [1]
        pupils = world.pupils if "pupil_id" in rule.arguments else world.pupils[:1]
        classes = world.classes if "class_id" in rule.arguments else world.classes[:1]
        for number in numbers:
            for pupil in pupils:
                for school_class in classes:
                    values = {**base, "number": number, "pupil_id": pupil.id, "class_id": school_class.id}
                    missing = set(rule.arguments) - set(values)
                    if missing:
                        pytest.fail(f"the XSS crawl does not know {sorted(missing)} of {rule.rule}: add a value")
                    url = adapter.build(rule.endpoint, {a: values[a] for a in rule.arguments})
                    if url in seen:
                        continue
                    seen.add(url)
                    response = client.get(url)
                    yield client, url, response
                    response.close()


def tablet_crawl(app, db, world: XssWorld):
    """(client, url, response) for the tablet's pages: each class's names, and each pupil's own pages."""
    client = app.test_client()
    db.session.expire_all()
    for school_class in world.classes:
        client.get(f"/tablet/join/{db.session.get(SchoolClass, school_class.id).sign_in_code}")
        response = client.get("/tablet/names")
        yield client, f"/tablet/names?class={school_class.id}", response
        for pupil in [p for p in world.pupils if p.school_class.id == school_class.id]:
            client.post(f"/tablet/names/{pupil.id}")
            for path in ("/pupil/", "/pupil/privacy", "/pupil/talk"):
                response = client.get(f"{path}?pupil={pupil.id}")
                yield client, f"{path}?pupil={pupil.id}", response
            client.post("/tablet/finished")


def test_no_payload_is_markup_or_runs(app, db, xss, request):
    """Every staff page, as every role: payloads come back as text, never as elements or handlers;
    and Chromium, loading the same pages without their CSP (so escaping alone is tested), opens no
    dialog and no payload sets window.__xss."""
    payloads_are_on_the_pages(app, db, xss)
    pages, problems, ran = [], [], []
    for role in (*ROLES, "pupil tablet"):
        found = tablet_crawl(app, db, xss) if role == "pupil tablet" else crawl(app, xss, role)
        for client, url, response in found:
            if response.status_code == 200 and response.mimetype == "text/html":
                html = response.get_data(as_text=True)
                pages.append((role, client, url, html))
                problems += [f"{role} {url}: {what}" for what in unescaped(html)]
    record("XSS (HTML pages parsed)", len(pages), len(problems),
           f"{len(EVERY_PAYLOAD)} payloads in the school's records, {len(ROLES) + 1} roles")
    assert len(pages) >= 60, f"only {len(pages)} pages were crawled"
    tablet = [html for who, _client, url, html in pages if who == "pupil tablet" and url.startswith("/tablet/names")]
    assert len(tablet) == 3 and all("&lt;" in html for html in tablet), "the names pages show no payload"
    assert not problems, "\n".join(problems)
    # The parsed check above has passed; without Chromium (outside CI) the browser half is skipped.
    browser = request.getfixturevalue("chromium")
    # In the browser, each address once, as the first role that opened it.
    loaded: set[str] = set()
    for role in (*ROLES, "pupil tablet"):
        mine = [(client, url, html) for who, client, url, html in pages if who == role and url not in loaded]
        loaded |= {url for _client, url, _html in mine}
        ran += in_browser(browser, mine, role)
    record("XSS (pages run in Chromium)", len(loaded), len(ran),
           f"{len(EVERY_PAYLOAD)} payloads; a dialog or window.__xss counts as run")
    assert len(loaded) >= 40
    assert not ran, "\n".join(ran)


def payloads_are_on_the_pages(app, db, xss) -> None:
    """The payloads really reach the pages escaped (a guard against a crawl that never saw them), and
    template syntax in a name stays as typed: {{7*7}} is not worked out to 49."""
    leader = app.test_client()
    AuthActions(leader).sign_in(xss.people["careers leader"])
    page = leader.get(f"/schools/{xss.school.id}/pupils/{xss.pupils[0].id}/").get_data(as_text=True)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
    curly = next(p for p in xss.pupils if p.legal_forename.startswith("{{"))
    page = leader.get(f"/schools/{xss.school.id}/pupils/{curly.id}/").get_data(as_text=True)
    assert "{{7*7}} {{ config.SECRET_KEY }}" in page and "49 " not in page
    classes = leader.get(f"/schools/{xss.school.id}/classes").get_data(as_text=True)
    assert "&lt;svg onload=window.__xss=31&gt;" in classes
    # Typed words are stored after personal details are taken out (and tags with them), but
    # attribute breakouts and template syntax survive to be shown to staff.
    typed = " ".join(db.session.scalars(select(Turn.redacted_text).where(Turn.redacted_text.is_not(None))))
    for survivor in ('" autofocus onfocus="', "' autofocus onfocus='", "{{7*7}}", "alert(17)", "${7*7}"):
        assert survivor in typed, survivor


#: Payloads that are markup when pasted raw into an element, and those that break out of an attribute.
#: (`<scr<script>ipt>` is a filter-evasion payload: a browser, too, reads it as a tag named "scr<script".)
AS_ELEMENT = [p for p in PAYLOADS if p.isascii() and "<" in p and not p.startswith(("&", "%", "<scr<"))]
AS_ATTRIBUTE = [p for p in PAYLOADS if p.startswith(('"', "'"))]


@pytest.mark.parametrize("page", [f"<p>{p}</p>" for p in AS_ELEMENT] +
                         [f'<input value="{p}">' for p in AS_ATTRIBUTE if p.startswith('"')] +
                         [f"<input value='{p}'>" for p in AS_ATTRIBUTE if p.startswith("'")])
def test_the_checker_sees_an_unescaped_payload(page):
    """Pasted without escaping, every markup payload is caught, so a clean result means something."""
    assert unescaped(page), page


def in_browser(browser, pages, role: str) -> list[str]:
    """Load each page in Chromium; the page itself as crawled, its scripts and styles from the app."""
    if not pages:
        return []
    ran: list[str] = []
    client, documents = pages[0][0], {url: html for _client, url, html in pages}
    assets: dict[str, tuple] = {}  # scripts, styles and images, fetched once
    context = browser.new_context()
    page = context.new_page()

    def serve(route):
        """Answer the browser from the crawl or the test client, without a CSP header."""
        split = urlsplit(route.request.url)
        if split.hostname != "convo.test":
            return route.abort()
        address = split.path + (f"?{split.query}" if split.query else "")
        if address in documents and route.request.resource_type == "document":
            return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=documents[address])
        if address not in assets:
            response = client.get(address)
            headers = {k: v for k, v in response.headers.items() if k.lower() != "content-security-policy"}
            assets[address] = (response.status_code, headers, response.get_data())
            response.close()
        status, headers, body = assets[address]
        route.fulfill(status=status, headers=headers, body=body)
    page.route("**/*", serve)
    page.on("dialog", lambda dialog: (ran.append(f"{role}: dialog {dialog.message!r} on {page.url}"),
                                      dialog.dismiss()))
    for url in documents:
        page.goto(f"http://convo.test{url}", wait_until="load")
        value = page.evaluate("() => window.__xss")
        if value:
            ran.append(f"{role} {url}: window.__xss = {value}")
    context.close()
    return ran


def pdf_problems(data: bytes, expected: list[str]) -> list[str]:
    """Automatic actions or JavaScript in a PDF, and expected words not shown as text."""
    reader = PdfReader(io.BytesIO(data))
    problems = []
    root = reader.trailer["/Root"]
    if "/AA" in root:
        problems.append("the document has /AA")
    opening = root.get("/OpenAction")
    # fpdf2 opens at a page and zoom (a destination array); an action dictionary could run something.
    if opening is not None and hasattr(opening.get_object(), "keys") and \
            opening.get_object().get("/S") != "/GoTo":
        problems.append(f"the document opens with {opening.get_object().get('/S')}")
    if "/JavaScript" in root.get("/Names", {}):
        problems.append("the document has /JavaScript")
    for page in reader.pages:
        if "/AA" in page:
            problems.append("a page has /AA")
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get_object().get("/A", {})
            if action.get("/S") in ("/JavaScript", "/Launch"):
                problems.append(f"an annotation runs {action.get('/S')}")
    if b"/JavaScript" in data or b"/JS " in data or b"/JS(" in data:
        problems.append("the file mentions /JavaScript")
    text = "".join("".join(page.extract_text() for page in reader.pages).split())
    problems += [f"{word!r} is not in the text" for word in expected if "".join(word.split()) not in text]
    return problems


def test_pdfs_show_payloads_as_text(app, xss):
    """The parent cards (class and pupil) and the transition pack's PDFs: text, and no actions."""
    leader = app.test_client()
    AuthActions(leader).sign_in(xss.people["careers leader"])
    base = f"/schools/{xss.school.id}"
    # Plain-ASCII payloads; the PDF fonts cannot be relied on for look-alike and direction characters.
    simple = [p for p in PAYLOADS if p.isascii() and "&lt;" not in p and "%3C" not in p]
    files, problems = {}, []
    for school_class in xss.classes[:2]:
        names = [p.preferred_forename for p in xss.pupils if p.school_class.id == school_class.id]
        files[f"class {school_class.id} cards"] = (
            leader.get(f"{base}/classes/{school_class.id}/cards.pdf"), [n for n in names if n in simple])
    pupil = xss.pupils[1]
    files["one pupil's card"] = (leader.get(f"{base}/pupils/{pupil.id}/card.pdf"), [pupil.preferred_forename])
    receiver = app.test_client()
    AuthActions(receiver).sign_in(xss.people["transition leader"])
    pack = receiver.get(f"/schools/{xss.secondary.id}/incoming/{xss.pack.id}/download")
    assert pack.status_code == 200
    with zipfile.ZipFile(io.BytesIO(pack.get_data())) as archive:
        pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
        for name in pdfs:
            files[f"pack {name}"] = (archive.read(name), [])
    pack.close()
    assert len(pdfs) >= 1
    for what, (got, expected) in files.items():
        data = got if isinstance(got, bytes) else got.get_data()
        if not isinstance(got, bytes):
            assert got.status_code == 200 and got.mimetype == "application/pdf", what
            got.close()
        problems += [f"{what}: {p}" for p in pdf_problems(data, expected)]
    all_text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(files[f"pack {n}"][0])).pages)
                        for n in pdfs)
    assert any("".join(p.split()) in "".join(all_text.split()) for p in simple), "no payload in the pack's PDFs"
    record("XSS (PDFs read)", len(files), len(problems), "cards and transition pack; text, no actions")
    assert not problems, "\n".join(problems)

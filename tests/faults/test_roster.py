"""Corrupt and partial roster uploads, through the real upload, preview and confirm pages, change nothing.

The parser's own tests (tests/roster/test_parse.py) prove each file gets the right problem; these
send the same kinds of damage through the careers leader's pages, to a school that already has its
pupils, and compare every row of the pupil and class tables before and after.
"""
from __future__ import annotations

import base64
import codecs

import pytest
from sqlalchemy import select

from convo.extensions import db as _db
from convo.roster.parse import MAX_FILE_BYTES
from tests.attacks.report import record
from tests.test_roster_import import ROWS, UPNS, YEAR, born, confirm, roster

#: The tables a roster import writes to.
ROSTER_TABLES = ("pupil", "enrolment", "school_class", "class_teacher")
HEADER = ("UPN", "Legal Forename", "Preferred Forename", "Legal Surname", "DOB", "Gender", "Year", "Reg Group")
GOOD = roster(ROWS)
#: A checksum-valid UPN with its check letter changed.
BAD_CHECK = ("B" if UPNS[0][0] != "B" else "C") + UPNS[0][1:]
CHANGED = [[*row[:3], row[3] + "-Changed", *row[4:]] for row in ROWS]

#: Each damaged file, and words its explanation must contain.
CORPUS = [
    pytest.param(bytes(range(256)) * 64, "read the text in this file", id="binary-garbage"),
    pytest.param(b"PK\x03\x04" + bytes(range(200)), "not a CSV file", id="spreadsheet"),
    pytest.param("UPN,Surname".encode("utf-16-le") + b"\x00\xd8", "read the text in this file", id="utf-16-no-bom"),
    pytest.param(codecs.BOM_UTF16_LE + "UPN,Legal Surname\r\nA1".encode("utf-16-le")[:-1], "read the text in this file",
                 id="utf-16-cut-mid-character"),
    pytest.param(roster(CHANGED)[:-25], "Row 5", id="truncated-mid-row"),
    pytest.param(roster(CHANGED) + b'"' + UPNS[4].encode() + b',"Zara', "Row 6", id="truncated-in-quotes"),
    pytest.param(roster([row[:4] for row in CHANGED], header=HEADER[:4]), "date of birth", id="missing-columns"),
    pytest.param(roster(CHANGED + [[UPNS[0], "Zara", "", "Khan", born(3), "F", "3", "Oak"]]), "Row 6",
                 id="duplicate-upn"),
    pytest.param(roster([[BAD_CHECK, *CHANGED[0][1:]], *CHANGED[1:]]), "UPN", id="upn-checksum"),
    pytest.param(b"", "empty", id="empty"),
    pytest.param(roster([]), "no pupils", id="headings-only"),
    pytest.param(GOOD + b"\r\n" + b"x" * (MAX_FILE_BYTES + 1), "larger than 2 MB", id="over-2-mb"),
]


BOUNDARY = "convo-boundary"


def multipart(data: bytes) -> bytes:
    """The upload form's body as a browser sends it, with the file as given."""
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"academic_year\"\r\n\r\n{YEAR}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"roster.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def upload(client, school, data: bytes, cut: int | None = None):
    """Send a roster file to the upload page; `cut` stops the body after that many bytes."""
    body = multipart(data)[:cut]
    return client.post(f"/schools/{school.id}/roster", data=body,
                       content_type=f"multipart/form-data; boundary={BOUNDARY}")


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of the tables an import writes, in a stable order."""
    db.session.expire_all()
    tables = _db.metadata.tables
    return {name: sorted(tuple(map(repr, row)) for row in db.session.execute(select(tables[name])).all())
            for name in ROSTER_TABLES}


@pytest.fixture
def school_with_pupils(client, db, auth, create_school, create_staff):
    """A signed-in careers leader whose school's roster is already imported."""
    from convo.models import Role
    school = create_school()
    auth.sign_in(create_staff(school, Role.CAREERS_LEADER))
    assert confirm(client, school, GOOD).status_code == 302
    return school


def calm(response) -> str:
    """The page's text, after checking it is an ordinary page and not a server error."""
    page = response.get_data(as_text=True)
    assert response.status_code < 500 and "Traceback" not in page
    return page


@pytest.mark.parametrize(("data", "explained"), CORPUS)
def test_damaged_file_changes_nothing_and_says_why(client, db, school_with_pupils, data, explained):
    """Upload, preview and a confirm sent anyway: the problem is explained and no row changes."""
    before = snapshot(db)
    assert len(before["pupil"]) == len(ROWS)
    page = calm(upload(client, school_with_pupils, data))
    assert "nothing will be imported" in page and explained in page, page[-2000:]
    assert "Import these pupils" not in page
    response = confirm(client, school_with_pupils, data)
    if response.status_code == 400:  # an empty copy is not even a form
        assert "Something in that request was not right" in calm(response)
    else:
        assert response.status_code == 302
        assert "nothing was imported" in calm(client.get(response.headers["Location"]))
    assert snapshot(db) == before
    record("Faults: roster upload", 2, 0, "")


def test_upload_over_the_size_limit_is_refused_politely(client, db, school_with_pupils):
    """More than 4 MB is stopped before it is read, with the "too big" page."""
    before = snapshot(db)
    data = GOOD + b"\r\n" * (4 * 1024 * 1024)
    for response in (upload(client, school_with_pupils, data), confirm(client, school_with_pupils, data)):
        assert response.status_code == 413 and "That file is too big" in calm(response)
    assert snapshot(db) == before
    record("Faults: roster upload", 2, 0, "")


# Werkzeug leaves the half-read file part's temporary file for the garbage collector to close.
@pytest.mark.filterwarnings("ignore:Exception ignored in. <function SpooledTemporaryFile.__del__"
                            ":pytest.PytestUnraisableExceptionWarning")
def test_upload_cut_off_in_transit_changes_nothing(client, db, school_with_pupils):
    """A multipart body that stops part way (a dropped connection) is a calm 400 or a refused file."""
    before = snapshot(db)
    whole = len(multipart(roster(CHANGED)))
    cuts = (whole - 30, whole - 60, whole // 2, 40)
    for cut in cuts:
        response = upload(client, school_with_pupils, roster(CHANGED), cut=cut)
        page = calm(response)
        assert response.status_code in (200, 400)
        assert "Import these pupils" not in page, f"a body cut at {cut} of {whole} bytes was accepted"
        assert any(words in page for words in ("Choose a file to upload", "nothing will be imported",
                                               "Something in that request was not right")), page[-1500:]
        assert snapshot(db) == before
    record("Faults: roster upload", len(cuts), 0, "")


def test_confirm_with_a_cut_off_copy_of_a_good_file_changes_nothing(client, db, school_with_pupils):
    """The preview's hidden copy, cut short on the way back, is checked again and refused."""
    before = snapshot(db)
    data = roster(CHANGED)
    last_row = data.rstrip().rsplit(b"\n", 1)[1]
    date_at = data.rindex(last_row) + last_row.index(b"/") + 2
    copies = [base64.b64encode(data).decode()[:-3],  # not whole base64
              base64.b64encode(data[:date_at]).decode(),  # stops inside the last pupil's date of birth
              base64.b64encode(data[:data.rindex(b"Changed") + 7]).decode()]  # stops after the surname
    for content in copies:
        response = client.post(f"/schools/{school_with_pupils.id}/roster/import",
                               data={"content": content, "academic_year": YEAR})
        calm(response)
        assert response.status_code in (302, 400)
        assert snapshot(db) == before, f"a copy of {len(content)} characters changed the roster"
    record("Faults: roster upload", len(copies), 0, "")

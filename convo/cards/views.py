"""Pages for parent/carer cards: a print view and a PDF, for a whole class or one pupil."""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, Response, render_template, request, send_file, url_for

from ..access import class_for, pupil_for, require_staff, school_for
from ..i18n import LANGUAGE_NAMES, in_language, school_language
from ..models import Role
from .content import Card, card_for, cards_for_class
from .export import class_file_name, class_pupils, pupil_file_name, record_export
from .wording import because, in_their_words, words_for

bp = Blueprint("cards", __name__, static_folder="static", static_url_path="/cards/static")
bp.before_request(require_staff)

#: Who may make cards: the class's own teachers, and the careers leader for any class.
CARD_ROLES = (Role.TEACHER, Role.CAREERS_LEADER)
CLASS_CARDS = "/schools/<int:school_id>/classes/<int:class_id>/cards"
PUPIL_CARD = "/schools/<int:school_id>/pupils/<int:pupil_id>/card"


def cards_language(school) -> str:
    """The cards' language: the one chosen on the cards page, else the school's own."""
    chosen = request.args.get("language")
    return chosen if chosen in LANGUAGE_NAMES else school_language(school)


def _print_view(cards: list[Card], school, language: str, pdf_url: str, back_class=None) -> Response:
    """The printable page of cards, kept out of caches because it carries pupils' words."""
    ids = dict(request.view_args or {})
    page = render_template("cards/cards.html", cards=cards, school=school, back_class=back_class,
                           pdf_url=pdf_url, words_for=words_for, because=because,
                           in_their_words=in_their_words, cards_language=language,
                           language_urls={code: url_for(request.endpoint, language=code, **ids)
                                          for code in LANGUAGE_NAMES})
    return _private(Response(page, mimetype="text/html"))


def _pdf(cards: list[Card], file_name: str) -> Response:
    """The cards as a PDF download, kept out of caches."""
    from .pdf import cards_pdf  # fpdf2 and its fonts load only when a PDF is asked for, not in every worker
    response = send_file(BytesIO(cards_pdf(cards)), mimetype="application/pdf", as_attachment=True,
                         download_name=file_name, max_age=0)
    return _private(response)


def _private(response: Response) -> Response:
    """Tell browsers and proxies not to keep a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _class_cards(school_id: int, class_id: int):
    """The school, the class and its cards' language, if the signed-in person may see the class."""
    school = school_for(school_id, CARD_ROLES)
    return school, class_for(school.id, class_id), cards_language(school)


def _pupil_card(school_id: int, pupil_id: int):
    """The school, the pupil and the card's language, if the signed-in person may see the pupil."""
    school = school_for(school_id, CARD_ROLES)
    return school, pupil_for(school.id, pupil_id), cards_language(school)


@bp.get(CLASS_CARDS)
def class_cards(school_id: int, class_id: int):
    """Print view of every card in a class, one card to a printed page."""
    school, school_class, language = _class_cards(school_id, class_id)
    with in_language(language):
        cards = cards_for_class(school_class, class_pupils(school_class))
        record_export("print", school_id=school.id, target=f"class:{school_class.id}", pupils=len(cards))
        return _print_view(cards, school, language, url_for(".class_cards_pdf", school_id=school.id,
                                                            class_id=school_class.id, language=language),
                           back_class=school_class)


@bp.get(CLASS_CARDS + ".pdf")
def class_cards_pdf(school_id: int, class_id: int):
    """Every card in a class as one PDF."""
    school, school_class, language = _class_cards(school_id, class_id)
    with in_language(language):
        cards = cards_for_class(school_class, class_pupils(school_class))
        response = _pdf(cards, class_file_name(school_class))
    record_export("pdf", school_id=school.id, target=f"class:{school_class.id}", pupils=len(cards))
    return response


@bp.get(PUPIL_CARD)
def pupil_card(school_id: int, pupil_id: int):
    """Print view of one pupil's card."""
    school, pupil, language = _pupil_card(school_id, pupil_id)
    with in_language(language):
        card = card_for(pupil, school)
        record_export("print", school_id=school.id, target=f"pupil:{pupil.id}", pupils=1)
        return _print_view([card], school, language, url_for(".pupil_card_pdf", school_id=school.id,
                                                             pupil_id=pupil.id, language=language),
                           back_class=pupil.school_class)


@bp.get(PUPIL_CARD + ".pdf")
def pupil_card_pdf(school_id: int, pupil_id: int):
    """One pupil's card as a PDF."""
    school, pupil, language = _pupil_card(school_id, pupil_id)
    with in_language(language):
        response = _pdf([card_for(pupil, school)], pupil_file_name(pupil.school_class, pupil))
    record_export("pdf", school_id=school.id, target=f"pupil:{pupil.id}", pupils=1)
    return response

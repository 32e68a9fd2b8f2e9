"""Questions for families to talk about at home, and a picture for each job family.

Each question is written for a parent or carer to ask their child, in plain words, and is keyed by
the National Careers Service job family of the child's first hope, or by one of their interests.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: Questions by theme. Several job families and interests share a theme.
QUESTIONS = {
    "animals": _l("Which animal would you most like to look after? What would it need from you "
                  "every day?"),
    "caring": _l("When someone in our family feels poorly, who helps them get better? "
                 "What do those helpers do?"),
    "building": _l("Look around our home: what would you like to build or mend, and which tools "
                   "would you need?"),
    "creating": _l("If you had a whole day and everything you needed, what would you make?"),
    "teaching": _l("What is something you could teach me? How would you explain it?"),
    "keeping_safe": _l("Who helps to keep people safe where we live? How could we thank them?"),
    "finding_out": _l("What question about the world would you love to find the answer to? "
                      "How could we find out together?"),
    "sport": _l("What helps you keep going when something is hard to learn, like a new skill "
                "in a game?"),
    "food": _l("If you ran a café, what would be on the menu? What jobs would need doing before "
               "it opened each morning?"),
    "travel": _l("How did something in our kitchen get from where it was made to our home? "
                 "Who helped it on the way?"),
    "shop": _l("If you had your own shop, what would you sell? How would you help the people "
               "who came in?"),
    "outdoors": _l("What could we grow, or help to grow, near where we live? Who looks after "
                   "the parks and fields near us?"),
    "stories": _l("If you wrote a book, what would it be about? Who helps to turn a story into "
                  "a book?"),
    "music": _l("Which jobs use music, dancing or acting? Which one would you like to try "
                "for a day?"),
    "helping": _l("Who do you like helping, and how does it feel when you help someone?"),
    "people": _l("What jobs do people we know do? Which one would you like to try for a day, "
                 "and why?"),
    "first_talk": _l("What would you like to do when you grow up? What makes it sound good "
                     "to you?"),
}

#: Job families (as Convo codes them) to a theme above.
FAMILY_THEMES = {
    "Animal care": "animals",
    "Healthcare": "caring",
    "Social care": "caring",
    "Beauty and wellbeing": "helping",
    "Construction and trades": "building",
    "Engineering and maintenance": "building",
    "Manufacturing": "building",
    "Creative and media": "creating",
    "Teaching and education": "teaching",
    "Emergency and uniform services": "keeping_safe",
    "Government services": "keeping_safe",
    "Law and legal": "keeping_safe",
    "Science and research": "finding_out",
    "Computing, technology and digital": "finding_out",
    "Sports and leisure": "sport",
    "Hospitality and food": "food",
    "Transport": "travel",
    "Delivery and storage": "travel",
    "Travel and tourism": "travel",
    "Retail and sales": "shop",
    "Business and finance": "shop",
    "Environment and land": "outdoors",
    "Home services": "helping",
}

#: Interest and skill card ids (from the conversations) to a theme above.
INTEREST_THEMES = {
    "animals": "animals", "building": "building", "making": "creating", "drawing": "creating",
    "design_and_technology": "building", "science": "finding_out", "science_labs": "finding_out",
    "computers": "finding_out", "computing": "finding_out", "coding": "finding_out",
    "gaming": "finding_out", "puzzles": "finding_out", "problems": "finding_out",
    "sport": "sport", "running": "sport", "cooking": "food", "food": "food",
    "nature": "outdoors", "outside": "outdoors", "books": "stories", "reading": "stories",
    "writing": "stories", "music": "music", "singing": "music", "dancing": "music",
    "drama": "music", "helping": "helping", "kind": "helping", "sharing": "helping",
    "languages": "people", "speaking": "people", "listening": "people", "teamwork": "people",
}

#: A picture (under static/icons/openmoji/) for each job family; `star` when none fits.
FAMILY_PICTURES = {
    "Animal care": "paw-prints",
    "Healthcare": "health-worker",
    "Social care": "people-holding-hands",
    "Beauty and wellbeing": "haircut",
    "Construction and trades": "construction-worker",
    "Engineering and maintenance": "mechanic",
    "Manufacturing": "gear",
    "Creative and media": "artist",
    "Teaching and education": "teacher",
    "Emergency and uniform services": "firefighter",
    "Government services": "school",
    "Law and legal": "briefcase",
    "Science and research": "scientist",
    "Computing, technology and digital": "technologist",
    "Sports and leisure": "soccer-ball",
    "Hospitality and food": "cook",
    "Transport": "bus",
    "Delivery and storage": "delivery-truck",
    "Retail and sales": "shopping-cart",
    "Business and finance": "briefcase",
    "Environment and land": "farmer",
    "Home services": "broom",
}
DEFAULT_PICTURE = "star"

#: A closer picture for some common jobs, by their coded title.
TITLE_PICTURES = {
    "artist": "artist", "baker": "bread", "builder": "construction-worker", "bus driver": "bus",
    "chef": "cook", "cleaner": "broom", "dancer": "ballet-shoes", "dentist": "tooth",
    "doctor": "stethoscope", "electrician": "high-voltage", "engineer": "gear", "farmer": "farmer",
    "firefighter": "firefighter", "footballer": "soccer-ball", "gardener": "sunflower",
    "hairdresser": "haircut", "librarian": "books", "mechanic": "mechanic", "midwife": "baby",
    "musician": "musical-note", "nurse": "health-worker", "nursery worker": "baby",
    "pe teacher": "teacher", "pharmacist": "pill", "photographer": "camera", "pilot": "pilot",
    "plumber": "plunger", "police officer": "police-officer", "postal worker": "postbox",
    "primary teacher": "teacher", "scientist": "scientist", "shop worker": "shopping-cart",
    "singer": "microphone", "software developer": "technologist", "soldier": "military-helmet",
    "teacher": "teacher", "train driver": "train", "vet": "paw-prints", "writer": "pencil",
    "zookeeper": "lion",
}


def question_for(families: list[str], interests: list[str], talked: bool) -> str:
    """The question for home: from the first hope's job family, else an interest, else a general one."""
    if not talked:
        return str(QUESTIONS["first_talk"])
    for family in families:
        if family in FAMILY_THEMES:
            return str(QUESTIONS[FAMILY_THEMES[family]])
    for interest in interests:
        if interest in INTEREST_THEMES:
            return str(QUESTIONS[INTEREST_THEMES[interest]])
    return str(QUESTIONS["people"])


def picture_for(title: str | None, family: str | None) -> str:
    """The picture name for a job: its own if there is one, else its job family's."""
    return TITLE_PICTURES.get((title or "").casefold()) or FAMILY_PICTURES.get(family or "", DEFAULT_PICTURE)

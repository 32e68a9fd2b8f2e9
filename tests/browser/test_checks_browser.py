"""The page checks themselves: they must catch what they are there to catch, and allow only the exceptions."""
from __future__ import annotations

from convo.security import CONTENT_SECURITY_POLICY

from .checks import axe_problems, policy_problems, target_problems

#: Convo's own policy, as the app sends it.
POLICY = "; ".join(f"{directive} {sources}" for directive, sources in CONTENT_SECURITY_POLICY.items())

BAD = """<!doctype html><html lang="en"><head><title>Bad</title></head><body><main>
<h1>Bad page</h1>
<p style="color:#bbb;background:#fff">Pale grey words nobody can read.</p>
<button style="width:30px;height:30px;padding:0"></button>
<input type="text">
<p><a href="#">A lone link</a></p>
</main></body></html>"""

GOOD = """<!doctype html><html lang="en"><head><title>Good</title></head><body>
<a class="skip-link" href="#main" style="position:absolute;left:-999px">Skip to content</a>
<main id="main"><h1>Good page</h1>
<p>Read <a href="#">the privacy notice</a> before you start.</p>
<label style="display:inline-flex;min-height:48px;min-width:48px"><input type="checkbox"
  style="width:20px;height:20px"> Yes</label>
<button style="min-width:48px;min-height:48px">Go</button>
<details><summary style="min-height:48px">More</summary><a href="#">Hidden until opened</a></details>
</main></body></html>"""


def test_checks_catch_a_bad_page(tablet):
    """Low contrast, a nameless button and an unlabelled field are axe failures; small targets are caught."""
    page = tablet("landscape")
    page.set_content(BAD)
    rules = " ".join(axe_problems(page))
    for rule in ("color-contrast", "button-name", "label"):
        assert f" {rule} " in rules, rules
    minimum, small = target_problems(page)
    assert minimum == 48
    assert any('button. ""' in line and "30x30" in line for line in small), small
    assert any("A lone link" in line for line in small), small


def test_checks_pass_a_good_page_and_its_exceptions(tablet):
    """A link in a sentence, the skip link and a closed <details> pass; a checkbox is measured by its label."""
    page = tablet("portrait")
    page.set_content(GOOD)
    assert axe_problems(page) == []
    assert target_problems(page) == (48, [])


def test_young_pages_need_64px(tablet):
    """A page carrying a Reception or KS1 band asks for 64px, so a 48px button fails there."""
    page = tablet("portrait")
    page.set_content(GOOD.replace("<body>", '<body class="band-ks1">'))
    minimum, small = target_problems(page)
    assert minimum == 64 and any('"Go" 48x48' in line for line in small), small


def _serve(page, html: str) -> None:
    """Open `html` as if Convo had served it, with Convo's Content Security Policy."""
    page.route("http://convo.test/page", lambda route: route.fulfill(
        body=html, content_type="text/html", headers={"Content-Security-Policy": POLICY}))
    page.goto("http://convo.test/page")


def test_checks_catch_policy_violations(tablet):
    """Inline styles and an inline script are reported under Convo's policy (GOOD has style attributes)."""
    page = tablet("landscape")
    _serve(page, GOOD.replace("<main", '<script>document.title = "x"</script><main'))
    blocked = " ".join(policy_problems(page))
    assert "style-src-attr" in blocked and "script-src-elem" in blocked, blocked
    assert policy_problems(page) == [], "each violation is reported once"


def test_checks_pass_a_page_without_inline_code(tablet):
    """The same page with nothing inline has no violation, and axe runs under the policy."""
    page = tablet("portrait")
    _serve(page, "<!doctype html><html lang=en><head><title>Clean</title></head><body><main><h1>Clean</h1>"
                 "<p>Nothing inline here.</p></main></body></html>")
    assert axe_problems(page) == []
    assert policy_problems(page) == []

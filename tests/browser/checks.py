"""What every page in the browser suite must pass: no Content Security Policy violation, axe-core's WCAG 2.2 AA
rules and big enough touch targets.

axe-core is vendored in tests/browser/vendor/ (a test tool only; never served to users). A page passes when
axe finds no serious or critical violation, and every visible control a finger can land on is at least
48×48 CSS px, or 64×64 on the pages of Reception and Key Stage 1 pupils (any page carrying a
`band-reception` or `band-ks1` class).

What counts as a control: links, buttons, form fields, `<summary>`, and for a checkbox or radio button its
label (the label is what a finger taps; the box itself may be small or hidden behind a picture).
Exceptions, as in WCAG 2.2 success criterion 2.5.8:
- a link inside a sentence (display inline, outside any `<nav>`, in a block that holds words other than
  links and separators such as "·"): the "inline" exception. A row of links is not a sentence;
- the skip link, which sits off screen until a keyboard user focuses it;
- anything not rendered (hidden, or inside a closed `<details>`).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from weakref import WeakKeyDictionary

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
#: The vendored axe-core release (npm pack axe-core@4), MPL-2.0; see vendor/README.md.
AXE_VERSION = "4.14.1"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")
#: Smallest target size in CSS px: everyone, and Reception/KS1 pupils.
SMALLEST, SMALLEST_YOUNG = 48, 64
YOUNG_BANDS = ".band-reception, .band-ks1"

RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
    .then(r => ({version: axe.version, passed: r.passes.length,
        violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))}))"""

MEASURE_TARGETS = r"""([smallest, young, youngBands]) => {
  const minimum = document.querySelector(youngBands) ? young : smallest;
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const rendered = el => {
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    return style.display !== 'none' && style.visibility !== 'hidden' && box.width > 0 && box.height > 0;
  };
  const blockOf = el => {
    let up = el.parentElement;
    while (up && getComputedStyle(up).display.startsWith('inline')) up = up.parentElement;
    return up;
  };
  const wordsOutsideControls = block => {
    const copy = block.cloneNode(true);
    copy.querySelectorAll('a, button, .visually-hidden').forEach(c => c.remove());
    return copy.textContent.replace(/[\s\u00b7\u203a|,.:;()\-\u2013]+/g, '');
  };
  const inSentence = el => {
    if (el.tagName !== 'A' || el.closest('nav') || getComputedStyle(el).display !== 'inline') return false;
    const block = blockOf(el);
    return Boolean(block) && wordsOutsideControls(block).length > 0;
  };
  const small = [];
  const seen = new Set();
  for (const el of document.querySelectorAll(controls)) {
    if (el.closest('.skip-link')) continue;
    let target = el;
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      target = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el;
    }
    if (seen.has(target) || !rendered(target) || inSentence(target)) continue;
    seen.add(target);
    const box = target.getBoundingClientRect();
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      const name = (target.textContent || target.getAttribute('aria-label') || target.name || '').trim();
      small.push(`${target.tagName.toLowerCase()}.${[...target.classList].join('.')} "${name.slice(0, 40)}" `
                 + `${Math.round(box.width)}x${Math.round(box.height)} < ${minimum}`);
    }
  }
  return {minimum, small, fits: document.documentElement.scrollWidth <= window.innerWidth};
}"""


#: Collects the page's Content Security Policy violations; runs before any of the page's own code.
WATCH_POLICY = """window.__policyViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__policyViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || e.documentURI}:${e.lineNumber}`));"""
#: Console messages about the policy, per browser context, since the last check.
_policy_messages: WeakKeyDictionary = WeakKeyDictionary()


def watch_policy(context) -> None:
    """Record every Content Security Policy violation in the context's pages, from the console and the DOM."""
    messages: list[str] = []
    _policy_messages[context] = messages
    context.add_init_script(WATCH_POLICY)
    context.on("console", lambda message: messages.append(message.text)
               if "Content Security Policy" in message.text else None)


def policy_problems(page) -> list[str]:
    """Violations of the Content Security Policy on this page, and console reports of them since the last check."""
    found = page.evaluate("window.__policyViolations || []")
    messages = _policy_messages.get(page.context, [])
    found += [message for message in messages if message not in found]
    messages.clear()
    page.evaluate("window.__policyViolations = []")
    return [f"content security policy: {line}" for line in found]


@cache
def axe_source() -> str:
    """The vendored axe-core script, read once."""
    return AXE.read_text(encoding="utf-8")


def axe_problems(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.2 AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # Evaluated from outside the page, not added as a <script>, so the page's own policy (no inline
        # scripts) neither blocks axe nor reports it as a violation.
        page.evaluate(axe_source())
    result = page.evaluate(RUN_AXE, AXE_TAGS)
    assert result["version"] == AXE_VERSION, result["version"]
    assert result["passed"] > 0, "axe ran no rule on the page"
    return [f"axe {v['impact']} {v['id']} ({v['help']}): " + "; ".join(v["nodes"][:5])
            for v in result["violations"] if v["impact"] in BLOCKING]


def target_problems(page) -> tuple[int, list[str]]:
    """The page's smallest allowed target, and every control smaller than that or running off the side."""
    result = page.evaluate(MEASURE_TARGETS, [SMALLEST, SMALLEST_YOUNG, YOUNG_BANDS])
    problems = [f"touch target {line}" for line in result["small"]]
    if not result["fits"]:
        problems.append("the page is wider than the screen")
    return result["minimum"], problems


class PageChecks:
    """Checks and screenshots each page a journey visits, then reports every problem at once."""

    def __init__(self, shoot) -> None:
        """Keep the test's screenshot function; nothing checked yet."""
        self.shoot = shoot
        self.problems: list[str] = []
        self.pages: list[tuple[str, int]] = []
        self.asserted = False

    def check(self, page, label: str) -> None:
        """Screenshot the page, then check its policy violations, run axe and measure its touch targets."""
        page.wait_for_load_state()
        self.shoot(page, label)
        blocked = policy_problems(page)
        minimum, small = target_problems(page)
        self.pages.append((label, minimum))
        self.problems += [f"{label} ({page.url}): {problem}" for problem in blocked + axe_problems(page) + small]

    def assert_clean(self) -> None:
        """Fail with every problem found on every page checked."""
        self.asserted = True
        assert self.pages, "no page was checked"
        assert not self.problems, "\n".join(self.problems)

"""Page furniture removal, line by line, for plain-text page dumps and extracted HTML text.

``classify(lines)`` runs the ordered ``RULES`` over each line and returns one ``Verdict`` per
line. Rules are small named functions (``rules.py``) over phrase tables by kind
(``phrases.py``); the driver here only keeps the page state the rules read: whether the title
and body have started, whether a list of other articles is open, whether the article has ended.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.stages.boilerplate.rules import (
    RULES,
    Label,
    Line,
    Page,
    Rule,
    Verdict,
    remember,
)

__all__ = ["RULES", "Label", "Line", "Rule", "Verdict", "classify"]

_ENDING_RULES = frozenset({"end_marker", "comment_form"})
_LIST_OPENERS = frozenset({"list_header", "tags"})
_LINK_RULES = frozenset({"read_more_link", "link_list_item"})


def classify(
    lines: Sequence[str], *, title_hint: str | None = None, rules: Sequence[Rule] = RULES
) -> list[Verdict]:
    """One verdict per line (lines already whitespace-normalised, blank lines excluded).

    ``title_hint`` is the page's known title (HTML metadata): with it, the dump heuristics for
    navigation and headline are off and lines repeating the title are dropped from the body.
    """
    page = Page([Line(i, text) for i, text in enumerate(lines)], [None] * len(lines), title_hint)
    for line in page.lines:
        verdict = next(v for rule in rules if (v := rule(line, page)) is not None)
        page.verdicts[line.index] = verdict
        page.after_link = verdict.rule in _LINK_RULES
        if verdict.rule in _ENDING_RULES and page.body_seen:
            page.ended = True
        elif verdict.rule in _LIST_OPENERS and ":" not in line.text:
            page.in_list = True
        elif verdict.label == "body":
            page.in_list = False
            page.body_seen = True
            remember(line, page)
        elif verdict.label == "title":
            page.title_seen = True
    return [v for v in page.verdicts if v is not None]

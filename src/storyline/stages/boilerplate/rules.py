"""The line rules: an ordered list of small named functions.

Each rule looks at one line (with the lines around it and what earlier lines were judged) and
either says nothing (``None``) or returns a ``Verdict``: the line's label and why. The first rule
that speaks decides. ``storyline analyze --explain`` prints the rule behind every line.

Labels: ``body`` (kept as article text), ``title``, ``meta`` (dateline, date, publisher
signature: read by the metadata stage, not kept as text) and ``junk`` (navigation, share bars,
forms, lists of other articles, credits, footers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from storyline.stages.boilerplate import phrases as P

Label = Literal["body", "title", "meta", "junk"]

# Shorter lines repeat legitimately (list items, product specs, refrains); long ones do not.
_DUPLICATE_MIN_WORDS = 15


@dataclass(frozen=True, slots=True)
class Verdict:
    label: Label
    rule: str
    detail: str = ""


@dataclass(slots=True)
class Line:
    index: int
    text: str  # whitespace-normalised

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def sentence_like(self) -> bool:
        return bool(P.SENTENCE_END.search(self.text)) and not P.TRUNCATED.search(self.text)


@dataclass
class Page:
    """The lines of one page and what has been decided so far (rules read, never write)."""

    lines: list[Line]
    verdicts: list[Verdict | None]
    title_hint: str | None = None  # the page's <title>/og:title, for HTML
    in_list: bool = False  # after a "Related"/"Похожие статьи" header
    after_link: bool = False  # right after a "Related: …" line
    long_paragraphs: set[str] = field(default_factory=set)  # normalised long body lines
    title_norm: str = ""

    def __post_init__(self) -> None:
        self.title_norm = _norm(self.title_hint) if self.title_hint else ""

    ended: bool = False  # after an end marker ("End of message", a comment form)
    body_seen: bool = False
    title_seen: bool = False

    def next_text(self, line: Line, offset: int = 1) -> str:
        i = line.index + offset
        return self.lines[i].text if 0 <= i < len(self.lines) else ""


Rule = Callable[[Line, Page], Verdict | None]


def junk(rule: str, detail: str = "") -> Verdict:
    return Verdict("junk", rule, detail)


# -- rules, in the order they are tried ---------------------------------------------------------


def publisher_signature(line: Line, page: Page) -> Verdict | None:
    """A short line naming the outlet: 'publisher Fars news agency', 'Source: TASS'."""
    if line.words <= 8 and P.PUBLISHER_LINE.match(line.text):
        return Verdict("meta", "publisher_signature")
    return None


def end_marker(line: Line, page: Page) -> Verdict | None:
    """'End of message/', 'The post … appeared first on …': the article is over."""
    if P.END_MARKER.match(line.text):
        return Verdict("meta", "end_marker")
    return None


def after_end(line: Line, page: Page) -> Verdict | None:
    """Everything after an end marker or a comment form is page furniture."""
    return junk("after_end") if page.ended else None


def comment_form(line: Line, page: Page) -> Verdict | None:
    """'Leave a reply', 'ОСТАВЬТЕ ОТВЕТ', 'Your email address will not be published'."""
    if line.words <= 25 and P.COMMENT_FORM.match(line.text):
        return junk("comment_form")
    return None


def template_artifact(line: Line, page: Page) -> Verdict | None:
    """Theme leftovers and lines with no letters: 'spot_imgspot_img', '|', '***'."""
    if P.TEMPLATE_ARTIFACT.match(line.text) or not any(ch.isalpha() for ch in line.text):
        return junk("template_artifact")
    return None


def empty_field(line: Line, page: Page) -> Verdict | None:
    """A label with nothing after it: 'Date:', 'English News :', 'support : |'."""
    if line.words <= 5 and P.EMPTY_FIELD.match(line.text):
        return junk("empty_field")
    return None


def url_only(line: Line, page: Page) -> Verdict | None:
    """A bare URL (a share link or the page's own address)."""
    return junk("url_only") if P.URL_ONLY.match(line.text) else None


def share_bar(line: Line, page: Page) -> Verdict | None:
    """'Share post:', 'Tweet', 'Поделиться', or a row of social network names."""
    if line.words <= 6 and P.SHARE.match(line.text):
        return junk("share_bar")
    networks = len(P.SOCIAL.findall(line.text))
    if networks >= 2 and networks * 3 >= line.words:
        return junk("share_bar", f"{networks} social networks named")
    return None


def subscribe_prompt(line: Line, page: Page) -> Verdict | None:
    """'Subscribe to our newsletter', 'Follow us on', 'Подписывайтесь на наш канал'."""
    if line.words <= 60 and P.SUBSCRIBE.match(line.text):
        return junk("subscribe_prompt")
    return None


def advert(line: Line, page: Page) -> Verdict | None:
    """'Advertisement', 'Реклама', 'Sponsored'."""
    return junk("advert") if P.ADVERT.match(line.text) else None


def photo_credit(line: Line, page: Page) -> Verdict | None:
    """'ИЗОБРАЖЕНИЕ Photo / Tajik MFA', 'Photo: Reuters', '(Image credit: …)'."""
    if line.words <= 16 and P.PHOTO_CREDIT.match(line.text):
        return junk("photo_credit")
    if line.words <= 40 and P.CAPTION_CREDIT.search(line.text):
        return junk("photo_credit", "caption ending in its credit")
    return None


def copyright_line(line: Line, page: Page) -> Verdict | None:
    """'© 2024 …', 'All rights reserved', 'Все права защищены'."""
    if line.words <= 40 and P.COPYRIGHT.search(line.text):
        return junk("copyright")
    return None


def back_to_top(line: Line, page: Page) -> Verdict | None:
    """'Back to top', 'Наверх'."""
    return junk("back_to_top") if P.BACK_TO_TOP.match(line.text) else None


def contributor_note(line: Line, page: Page) -> Verdict | None:
    """'X contributed to this report', 'Write to X at x@y', an author's bio with an email."""
    if line.words <= 60 and P.CONTRIBUTOR_NOTE.search(line.text):
        return junk("contributor_note")
    return None


def byline(line: Line, page: Page) -> Verdict | None:
    """'By John Smith', 'Posted by X on …', 'Publicado por: X - Categoria: …'."""
    if line.words <= 20 and not line.sentence_like and P.BYLINE.search(line.text):
        return Verdict("meta", "byline")
    return None


def tags(line: Line, page: Page) -> Verdict | None:
    """'Tags' / 'Tags: a, b, c' / 'Теги' (a bare 'Tags' opens a list: the tags follow)."""
    return junk("tags") if line.words <= 40 and P.TAGS.match(line.text) else None


def list_header(line: Line, page: Page) -> Verdict | None:
    """'Related', 'Popular', 'Похожие статьи': a list of other articles follows."""
    if line.words <= 6 and P.LIST_HEADER.match(line.text):
        return junk("list_header")
    return None


def link_list_item(line: Line, page: Page) -> Verdict | None:
    """Bulleted links right after a 'Related: …' line: '- Moon Rush: Private Lunar Lander Plans'."""
    if page.after_link and line.text[:1] in "-–•·" and line.words <= 15 and not line.sentence_like:
        return junk("link_list_item")
    return None


def list_item(line: Line, page: Page) -> Verdict | None:
    """Inside a list of other articles: headlines, teasers ending in '…', tags, times."""
    if not page.in_list:
        return None
    if line.words >= 20 and line.sentence_like:
        return None  # a real paragraph: the list is over
    return junk("list_item")


def read_more_link(line: Line, page: Page) -> Verdict | None:
    """'READ MORE: …', 'Related: …', 'Читайте также: …', teasers tagged '[VIDEO]'."""
    if line.words <= 30 and (P.READ_MORE.match(line.text) or P.BRACKET_TAG.search(line.text)):
        return junk("read_more_link")
    return None


def link_row(line: Line, page: Page) -> Verdict | None:
    """Headlines run together with '|': 'free zones of Iran | 741 investment packages | …'."""
    return junk("link_row") if line.text.count(" | ") >= 2 else None


def relative_time(line: Line, page: Page) -> Verdict | None:
    """A bare '6 часов назад', '2 hours ago', '14:30'."""
    return junk("relative_time") if P.RELATIVE_TIME.match(line.text) else None


def date_line(line: Line, page: Page) -> Verdict | None:
    """A line that is only a date or timestamp: read for the publication date, not kept."""
    return (
        Verdict("meta", "date_line") if line.words <= 8 and P.DATE_ONLY.match(line.text) else None
    )


def title_repeat(line: Line, page: Page) -> Verdict | None:
    """The page's own title repeated as a line (the HTML headline inside the article)."""
    if page.title_norm and _same_norm(_norm(line.text), page.title_norm):
        return Verdict("title", "title_repeat") if not page.title_seen else junk("title_repeat")
    return None


def caps_label(line: Line, page: Page) -> Verdict | None:
    """A short line in capitals that is not a sentence: a section label or kicker link."""
    letters = [ch for ch in line.text if ch.isalpha()]
    if (
        page.body_seen
        and line.words <= 10
        and len(letters) >= 4
        and all(ch.isupper() for ch in letters)
        and not line.text.endswith((".", "!", "?"))
    ):
        return junk("caps_label")
    return None


def duplicate_paragraph(line: Line, page: Page) -> Verdict | None:
    """A long paragraph seen before on the page: a second copy of the article (embedded data,
    an AMP or print version) or a teaser that repeats the lead."""
    if line.words >= _DUPLICATE_MIN_WORDS and _norm(line.text) in page.long_paragraphs:
        return junk("duplicate_paragraph")
    return None


def navigation(line: Line, page: Page) -> Verdict | None:
    """Short menu lines at the top of a dump, before the headline: 'Get News Fast', 'All news'."""
    if page.body_seen or page.title_seen or page.title_hint is not None:
        return None
    if line.words <= 3 and not line.sentence_like and _longer_line_follows(line, page):
        return junk("navigation")
    return None


def headline(line: Line, page: Page) -> Verdict | None:
    """The first headline-shaped line of a dump: under 30 words, not ending like a sentence."""
    if page.title_seen or page.body_seen or page.title_hint is not None:
        return None
    text = line.text
    if (
        3 <= line.words <= 30
        and not text.endswith((".", ":", "…"))
        and not P.TRUNCATED.search(text)
    ):
        return Verdict("title", "headline")
    return None


def body(line: Line, page: Page) -> Verdict | None:
    """Anything no rule above claimed is article text."""
    return Verdict("body", "body")


RULES: Sequence[Rule] = (
    publisher_signature,
    end_marker,
    after_end,
    comment_form,
    template_artifact,
    share_bar,
    empty_field,
    url_only,
    subscribe_prompt,
    advert,
    photo_credit,
    copyright_line,
    back_to_top,
    contributor_note,
    byline,
    tags,
    list_header,
    list_item,
    read_more_link,
    link_list_item,
    link_row,
    relative_time,
    date_line,
    title_repeat,
    duplicate_paragraph,
    navigation,
    headline,
    caps_label,
    body,
)


def remember(line: Line, page: Page) -> None:
    """Called by the driver for every body line, so later copies can be recognised."""
    if line.words >= _DUPLICATE_MIN_WORDS:
        page.long_paragraphs.add(_norm(line.text))


_NON_WORD = re.compile(r"[\W_]+")


def _norm(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def _same_norm(na: str, nb: str) -> bool:
    """Equal (normalised), or one a large part of the other ('Title | Site Name')."""
    if not na or not nb:
        return False
    if na == nb:
        return True
    short, long = sorted((na, nb), key=len)
    return len(short) > 20 and short in long and len(short) >= 0.5 * len(long)


def _longer_line_follows(line: Line, page: Page) -> bool:
    return any(other.words >= 4 for other in page.lines[line.index + 1 : line.index + 6])

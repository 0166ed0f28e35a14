"""The line rules: one line per case (razdel-style tables), then whole pages."""

from __future__ import annotations

import pytest

from storyline.stages.boilerplate import classify

# (line, rule) — lines from many sites and languages, most not from the seeds.
JUNK_LINES = [
    ("Share post:", "share_bar"),
    ("Share this article", "share_bar"),
    ("Поделиться", "share_bar"),
    ("Facebook Twitter WhatsApp Telegram", "share_bar"),
    ("Leave a Reply", "comment_form"),
    ("ОСТАВЬТЕ ОТВЕТ", "comment_form"),
    ("Your email address will not be published. Required fields are marked *", "comment_form"),
    ("Добавить комментарий", "comment_form"),
    ("Subscribe to our newsletter", "subscribe_prompt"),
    ("Подписывайтесь на наш канал в Telegram", "subscribe_prompt"),
    ("Follow us on Twitter for the latest updates", "subscribe_prompt"),
    (
        "Get the day’s top headlines delivered to your inbox by subscribing to our newsletter.",
        "subscribe_prompt",
    ),
    ("ИЗОБРАЖЕНИЕ Photo / Tajik MFA", "photo_credit"),
    ("Photo: Reuters", "photo_credit"),
    ("Фото: пресс-служба президента", "photo_credit"),
    ("(Image credit: All About Space)", "photo_credit"),
    ("Soldiers patrol the border near Panj.Reuters", "photo_credit"),
    ("© 2024 Asia-Plus. All rights reserved.", "copyright"),
    ("Все права защищены", "copyright"),
    ("Back to top button", "back_to_top"),
    ("Наверх", "back_to_top"),
    ("Advertisement", "advert"),
    ("Реклама", "advert"),
    ("spot_imgspot_img", "template_artifact"),
    ("* * *", "template_artifact"),
    ("Date:", "empty_field"),
    ("Author :", "empty_field"),
    ("https://example.org/news/2025/01/29/story.html", "url_only"),
    ("READ MORE: Tajikistan opens new border post", "read_more_link"),
    ("Читайте также: Таджикистан и Кыргызстан завершили делимитацию", "read_more_link"),
    ("Plane passengers quarantined after outbreak [NEWS]", "read_more_link"),
    ("free zones of Iran | 741 investment packages | safe investment", "link_row"),
    ("6 часов назад", "relative_time"),
    ("2 hours ago", "relative_time"),
    ("Fox News’ Jane Doe contributed to this report.", "contributor_note"),
    ("Write to Al Root at allen.root@example.com", "contributor_note"),
    ("Tags: Tajikistan, CSTO, border", "tags"),
    ("Related", "list_header"),
    ("Похожие статьи", "list_header"),
    ("Читайте также", "list_header"),
    ("Most Read", "list_header"),
    ("Leggi anche", "list_header"),
]
META_LINES = [
    ("publisher Fars news agency", "publisher_signature"),
    ("Source: TASS", "publisher_signature"),
    ("End of message/", "end_marker"),
    ("The post Border talks appeared first on Khaama Press.", "end_marker"),
    ("UPDATED: Tue., Nov. 19, 2019", "date_line"),
    ("2019-11-19T08:57:40+01:00", "date_line"),
    ("By John Smith", "byline"),
]
BODY_LINES = [
    "Tajik President Emomali Rahmon met the CSTO Secretary General in Dushanbe on Monday.",
    "Стороны подтвердили готовность к дальнейшему сотрудничеству в сфере безопасности.",
    "He said the border would be reinforced, according to officials who shared the plans.",
    "The likelihood of a strike was discussed: share prices fell sharply on the news.",
]
LEAD = "The Tajik president met the CSTO Secretary General in Dushanbe to discuss the border."


@pytest.mark.parametrize(("line", "rule"), JUNK_LINES + META_LINES)
def test_boilerplate_rule_for_line(line: str, rule: str) -> None:
    # A body paragraph first, so the line is judged inside an article, not above its headline.
    verdicts = classify([LEAD, line], title_hint="")
    assert verdicts[1].rule == rule
    assert verdicts[1].label != "body"


@pytest.mark.parametrize("line", BODY_LINES)
def test_boilerplate_body_lines_are_kept(line: str) -> None:
    verdicts = classify([LEAD, line], title_hint="")
    assert [v.label for v in verdicts] == ["body", "body"]


def test_boilerplate_list_of_other_articles_ends_at_a_paragraph() -> None:
    lines = [
        LEAD,
        "More from our region",
        "Uzbekistan to build a small nuclear plant",
        "Tashkent announced a consortium for the construction of a small...",
        "- Uzbekistan",
        "- 10 hours ago",
        "Officials later said that the new post, built with Russian funds in 2023, would open "
        "in spring and would be staffed by a company of border guards.",
    ]
    labels = [v.label for v in classify(lines, title_hint="")]
    assert labels == ["body", "junk", "junk", "junk", "junk", "junk", "body"]


def test_boilerplate_comment_form_ends_the_article() -> None:
    lines = [
        LEAD,
        "Leave a comment",
        "Name",
        "Email",
        "A long line that looks like text but is "
        "part of the page footer after the comment form, written in whole sentences.",
    ]
    assert [v.label for v in classify(lines, title_hint="")] == [
        "body",
        "junk",
        "junk",
        "junk",
        "junk",
    ]


def test_boilerplate_dump_navigation_and_headline() -> None:
    lines = ["Home", "World", "Border guards repel an attack on the Tajik-Afghan border", LEAD]
    verdicts = classify(lines)
    assert [(v.label, v.rule) for v in verdicts] == [
        ("junk", "navigation"),
        ("junk", "navigation"),
        ("title", "headline"),
        ("body", "body"),
    ]


def test_boilerplate_no_headline_when_page_starts_with_a_paragraph() -> None:
    verdicts = classify([LEAD + " " + LEAD, LEAD])
    assert [v.label for v in verdicts] == ["body", "body"]


def test_boilerplate_html_title_repeat_and_duplicate_copy() -> None:
    long = LEAD + " It was their second meeting this year."
    lines = ["Border talks in Dushanbe", long, "BORDER TALKS IN DUSHANBE", long]
    verdicts = classify(lines, title_hint="Border talks in Dushanbe")
    assert [v.rule for v in verdicts] == [
        "title_repeat",
        "body",
        "title_repeat",
        "duplicate_paragraph",
    ]


def test_boilerplate_held_out_russian_dump() -> None:
    """A page dump in the shape of another Russian site, written for this test."""
    page = [
        "Главная",
        "Новости",
        "Политика",
        "Пограничники Таджикистана задержали нарушителей границы",
        "Фото: пресс-служба ГКНБ",
        "Вчера на таджикско-афганской границе пограничники задержали трёх нарушителей, "
        "сообщает пресс-служба ГКНБ.",
        "По данным ведомства, нарушители пытались пересечь реку Пяндж ночью.",
        "Подписывайтесь на наш канал в Telegram",
        "Читайте также",
        "Ситуация на границе: что известно",
        "Эксперты оценили риски...",
        "- Политика",
        "- 3 часа назад",
        "Комментарии",
        "Все права защищены © 2025",
    ]
    verdicts = classify(page)
    kept = [line for line, v in zip(page, verdicts, strict=True) if v.label == "body"]
    title = [line for line, v in zip(page, verdicts, strict=True) if v.label == "title"]
    assert title == ["Пограничники Таджикистана задержали нарушителей границы"]
    assert kept == [page[5], page[6]]


def test_boilerplate_held_out_english_dump() -> None:
    page = [
        "Latest",
        "Asia",
        "Russia and Tajikistan sign a border security programme",
        "By Jane Doe",
        "Jan 29, 2025",
        "Russia and Tajikistan signed a programme on border security on Wednesday, the "
        "Kremlin said.",
        "The programme runs until 2027.",
        "Share this article",
        "Facebook Twitter LinkedIn",
        "You may also like",
        "CSTO drills end in Kazakhstan",
        "Troops from six countries took part in the exercise, which...",
        "© 2025 Example Media. All rights reserved.",
    ]
    verdicts = classify(page)
    kept = [line for line, v in zip(page, verdicts, strict=True) if v.label == "body"]
    assert kept == [page[5], page[6]]
    assert {v.rule for v in verdicts[3:5]} == {"byline", "date_line"}

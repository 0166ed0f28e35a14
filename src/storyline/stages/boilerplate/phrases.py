"""Phrase tables for page furniture, by kind, in English, Russian and the other languages news
sites in our inputs use (German, French, Spanish, Italian, Portuguese).

Each table is one compiled regex matched against a whole, whitespace-normalised line (``match``
anchors at the start; most patterns also bound the end). Add phrases by kind, not by site.
"""

from __future__ import annotations

import re


def _line(*alternatives: str) -> re.Pattern[str]:
    """A line that is one of the alternatives, optionally followed by ':' and decorations."""
    body = "|".join(f"(?:{a})" for a in alternatives)
    return re.compile(rf"^\W*(?:{body})\W*$", re.IGNORECASE)


def _start(*alternatives: str) -> re.Pattern[str]:
    """A line that begins with one of the alternatives."""
    body = "|".join(f"(?:{a})" for a in alternatives)
    return re.compile(rf"^\W*(?:{body})", re.IGNORECASE)


# Headers that open a list of other articles: everything after them is teasers until body text.
LIST_HEADER = _line(
    r"related(?: (?:posts?|articles?|stories|news|content|coverage|topics))?",
    r"more like this",
    r"more (?:news|stories|from \w+(?: \w+)?)",
    r"popular(?: (?:posts|news|now))?",
    r"most (?:read|popular|viewed|shared)",
    r"(?:latest|recent|top|other|trending) (?:news|posts|stories)",
    r"trending(?: now)?",
    r"you (?:may|might) (?:also )?like",
    r"recommended(?: for you)?",
    r"editor'?s picks",
    r"in (?:this|other) news",
    r"see also",
    r"what to read next",
    r"похожие (?:статьи|новости|материалы)",
    r"популярное",
    r"популярные (?:статьи|новости)",
    r"читайте (?:также|еще|ещё)",
    r"другие (?:новости|статьи|материалы)",
    r"последние новости",
    r"самое (?:читаемое|популярное)",
    r"новости по теме",
    r"по теме",
    r"смотрите также",
    r"рекомендуем",
    r"leggi anche",
    r"potrebbe interessarti",
    r"articoli correlati",
    r"lesen sie auch",
    r"mehr zum thema",
    r"das könnte sie auch interessieren",
    r"à lire aussi",
    r"lire aussi",
    r"sur le même sujet",
    r"leia (?:também|mais)",
    r"veja também",
    r"notícias relacionadas",
    r"lea también",
    r"noticias relacionadas",
    r"te puede interesar",
)

# One-line pointers to other articles inside the body ("READ MORE: …", "Related: …").
READ_MORE = _start(
    r"read more\s*[:»>]",
    r"read also\s*:",
    r"also read\s*:",
    r"related\s*:",
    r"see also\s*:",
    r"don'?t miss\b",
    r"more\s*:",
    r"watch\s*:",
    r"explore further\b",
    r"click here\b",
    r"читайте (?:также|еще|ещё)\s*:",
    r"подробнее\s*:",
    r"смотрите также\s*:",
    r"\(?leggi anche",
    r"lesen sie auch\s*:",
    r"lire aussi\s*:",
    r"leia também\s*:",
    r"lea también\s*:",
)

SHARE = _line(
    r"share(?: (?:this|post|article|story|on \w+))?",
    r"share post",
    r"tweet",
    r"email",
    r"print(?: article)?",
    r"order reprints",
    r"copy link",
    r"поделиться",
    r"share this article",
    r"teilen",
    r"partager",
    r"compartilhe",
    r"compartir",
    r"condividi",
)

# Social networks named in a row: a share bar or a "follow us" strip.
SOCIAL = re.compile(
    r"\b(?:facebook|twitter|x \(twitter\)|whatsapp|telegram|instagram|linkedin|vk|vkontakte|"
    r"odnoklassniki|pinterest|reddit|youtube|tiktok|viber|bale|вконтакте|одноклассники)\b",
    re.IGNORECASE,
)

COMMENT_FORM = _start(
    r"leave a (?:reply|comment)",
    r"post a comment",
    r"add (?:a )?comment",
    r"\d+ comments?$",
    r"comments?$",
    r"your email address will not be published",
    r"required fields are marked",
    r"you must be logged in to post",
    r"notify me of",
    r"save my name",
    r"оставьте (?:ответ|комментарий)",
    r"пожалуйста,? введите ваш",
    r"введите ваше имя",
    r"комментари[йи]$",
    r"добавить комментарий",
    r"ваш адрес email не будет опубликован",
    r"deixe (?:uma resposta|um comentário)",
    r"lascia un commento",
    r"laisser un commentaire",
    r"kommentar schreiben",
    r"deja un comentario",
    r"coment[aá]rios?$",
    r"note: we are temporarily moderating",
    r"aten[çc][ãa]o: coment[aá]rios",
)

SUBSCRIBE = _start(
    r".{0,80}\bnewsletter\b.{0,40}\b(?:subscrib|sign up|inbox)",
    r".{0,60}\b(?:subscrib|sign up)\w*\b.{0,60}\bnewsletter",
    r"follow .{0,40}\b(?:full )?coverage\b",
    r"subscribe\b",
    r"sign up (?:for|to)\b",
    r"get (?:the|our) .{0,40}newsletter",
    r"follow us\b",
    r"follow @",
    r"join (?:us|our)\b",
    r"download (?:the|our) app",
    r"click here to (?:get|subscribe|download)",
    r"if you enjoyed this article",
    r"by joining the following social networks",
    r"подпис(?:ывайтесь|ывайся|аться|итесь)\b",
    r"присоединяйтесь",
    r"следите за (?:нами|новостями)",
    r"наш (?:канал|telegram)",
    r"abonnieren",
    r"abonnez-vous",
    r"inscreva-se",
    r"iscriviti",
    r"suscr[ií]bete",
    r"it is possible to intelligently receive news",
)

PHOTO_CREDIT = _start(
    r"(?:photo|image|picture|foto|фото|изображение)(?: credit| source| by)?\s*[:/©]",
    r"изображение\b",
    r"\((?:photo|image)(?: credit)?:",
    r"\((?:photo|image) by\b",
    r"(?:photo|image) courtesy\b",
    r"getty images$",
    r"photo credit\b",
    r"credit\s*:",
)

# A photo caption that ends in its credit: "… outside a co-working space in New York.Reuters".
CAPTION_CREDIT = re.compile(
    r"(?:[.\s)]|^)(?:Reuters|REUTERS|AP(?: Photo)?|AFP|Getty Images|Shutterstock|EPA(?:-EFE)?|"
    r"Sputnik|РИА Новости|ТАСС)(?:\s*/\s*[\w .'’-]+)?\s*$"
)

COPYRIGHT = re.compile(
    r"(?:^\W*©|^\W*copyright\b|all rights reserved|все права защищены|"
    r"todos os direitos reservados|tutti i diritti riservati|alle rechte vorbehalten|"
    r"tous droits réservés|this copy is for your personal, non-commercial use)",
    re.IGNORECASE,
)

BACK_TO_TOP = _line(
    r"back to top(?: button)?",
    r"scroll to top",
    r"top of page",
    r"наверх",
    r"вернуться наверх",
    r"torna su",
    r"nach oben",
    r"haut de page",
)

ADVERT = _line(
    r"advertisement",
    r"advertising",
    r"sponsored(?: content)?",
    r"реклама",
    r"anzeige",
    r"publicidade",
    r"publicidad",
    r"pubblicità",
    r"publicité",
    r"ad",
)

# Site chrome that templates leave as text (a theme's image placeholders, loaders).
TEMPLATE_ARTIFACT = re.compile(
    r"^(?:(?:spot_img)+|loading\.{0,3}|загрузка\.{0,3}|\W+|javascript is (?:disabled|required).*|"
    r"an error has occurred, please try again later\.?|thank you|this article has been sent to)$",
    re.IGNORECASE,
)

# Lines that end the article: whatever follows is a footer, a form or a list.
END_MARKER = re.compile(
    r"^\W*(?:end of (?:message|article|story)\W*|the post .+ appeared first on .+|"
    r"this (?:article|story) was (?:originally )?published (?:on|by) .+|конец (?:сообщения|статьи))\W*$",
    re.IGNORECASE,
)
APPEARED_FIRST_ON = re.compile(r"appeared first on (?P<publisher>.+?)\W*$", re.IGNORECASE)

# A short line naming the source: "publisher Fars news agency", "Source: TASS", "Источник: …".
PUBLISHER_LINE = re.compile(
    r"^\W*(?:publisher|source|источник|издатель|fonte|quelle|fuente)\s*:?\s+(?P<publisher>[^|]{2,60}?)\W*$",
    re.IGNORECASE,
)

CONTRIBUTOR_NOTE = re.compile(
    r"(?:contributed to this report|\S+@\S+\.\w+\)? is (?:a|an|the) .{0,80}\b(?:writer|editor|reporter|correspondent|journalist|columnist|publisher)\b|^write to .{2,60} at \S+@|^email .{2,60} at \S+@|"
    r"^(?:reporting|editing|additional reporting) by\b|^with reporting by\b|"
    r"^(?:автор|корреспондент)\s*:)",
    re.IGNORECASE,
)

TAGS = re.compile(
    r"^\W*(?:tags?|теги|метки|ключевые слова|schlagwörter|étiquettes)\W*(?::.*)?$", re.IGNORECASE
)

# "Posted by X", "Publicado por: X - Categoria: …", "By John Smith": who and when, not text.
BYLINE = re.compile(
    r"(?:^\W*by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\W*$|\b(?:posted|published|written) by\b|"
    r"\bpublicado por\b|\bpubblicato da\b|\bveröffentlicht von\b|^\W*(?:автор|текст)\s*:)",
    re.IGNORECASE,
)

# "6 часов назад", "2 hours ago", "вчера, 14:30", a bare time.
RELATIVE_TIME = re.compile(
    r"^\W*(?:\d+\s+(?:seconds?|minutes?|mins?|hours?|days?|weeks?|months?|"
    r"секунд[уы]?|минут[уы]?|час(?:а|ов)?|дн(?:я|ей)|день|недел[юьи]|месяц(?:а|ев)?)\s+"
    r"(?:ago|назад)|just now|только что|вчера(?:,? в? ?\d{1,2}:\d{2})?|сегодня(?:,? в? ?\d{1,2}:\d{2})?|"
    r"yesterday|today|\d{1,2}:\d{2})\W*$",
    re.IGNORECASE,
)

# A line that is a date or timestamp and nothing else worth reading.
DATE_ONLY = re.compile(
    r"^\W*(?:(?:updated|published|posted|date|дата|опубликовано|обновлено)\s*:?\s*)?"
    r"(?:\w{2,9}\.?,?\s+)?(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\s+\w{3,9}\.?,?\s+\d{4}|"
    r"\w{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}t[\d:.+-]+z?)"
    r"(?:,?\s*(?:at\s+|в\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*\w{2,4})?)?\W*$",
    re.IGNORECASE,
)

# "Label:" with nothing after it (an empty "Date:" field left by a copy-paste).
EMPTY_FIELD = re.compile(r"^\W*\w[\w.'’-]*(?: [\w.'’-]+){0,2}\s*:\s*\|?\s*$")

URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)

# Teasers end in an ellipsis: "Tajikistan's Ambassador to Afghanistan, Saadi Sharifi, has met with..."
TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")

# A tag line in a list of links: "- Таджикистан".
LIST_TAG = re.compile(r"^\s*[-–•·]\s*\S.{0,40}$")

# A teaser that ends in a bracketed section tag: "… outbreak [NEWS]", "… Review [Video]".
BRACKET_TAG = re.compile(r"\[(?:[A-Z]{3,}|Video|Photos?|Gallery|Watch|Poll)\]\s*$")

# Sentence-final punctuation (body text ends like this; headlines and menu items do not).
SENTENCE_END = re.compile(r"[.!?»”\"')\]]\s*$")

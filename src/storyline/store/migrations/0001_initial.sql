-- Articles with their clean text, raw input, offset map and annotation layers.
CREATE TABLE articles (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,          -- content-hash id (document.article_id)
    source       TEXT NOT NULL,                 -- path, path#L3, URL: where it was read
    url          TEXT,
    title        TEXT,
    publisher    TEXT,
    published    TEXT,                          -- ISO date or partial date; NULL when unknown
    language     TEXT,
    dateline     TEXT,
    author       TEXT,
    text         TEXT NOT NULL,                 -- clean body
    raw          TEXT NOT NULL,                 -- decoded raw input
    raw_format   TEXT NOT NULL CHECK (raw_format IN ('text', 'html')),
    offsets      TEXT NOT NULL,                 -- JSON [[clean_start, raw_start, length], ...]
    annotations  TEXT NOT NULL,                 -- JSON layers: paragraphs, entities, dates, ...
    ingested_at  TEXT NOT NULL
);
CREATE INDEX articles_url ON articles (url);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_language ON articles (language);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

-- Inputs that could not be used, with their reason; nothing is dropped silently.
CREATE TABLE rejected (
    id          TEXT PRIMARY KEY,               -- short hash of source
    source      TEXT NOT NULL UNIQUE,
    reason      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    kind        TEXT,                           -- how to re-read payload: jsonl, text, html
    payload     BLOB,                           -- the record's bytes when it came from a container
    attempts    INTEGER NOT NULL DEFAULT 1,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL
);
CREATE INDEX rejected_reason ON rejected (reason);

-- HTTP validators for conditional requests (ETag / Last-Modified) per fetched URL.
CREATE TABLE fetch_validators (
    url            TEXT PRIMARY KEY,
    etag           TEXT,
    last_modified  TEXT,
    updated_at     TEXT NOT NULL
);

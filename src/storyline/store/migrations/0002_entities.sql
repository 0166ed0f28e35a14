-- Canonical entities, their spellings, the articles' mentions of them, and hand corrections.
CREATE TABLE entities (
    id           TEXT PRIMARY KEY,             -- alias-table id (org:csto) or type:hash
    type         TEXT NOT NULL,                -- PER, ORG, LOC, NORP
    canonical    TEXT NOT NULL,
    table_id     TEXT,                         -- the alias-table entry, when there is one
    subtype      TEXT,
    geonames_id  INTEGER,
    lat          REAL,
    lon          REAL,
    mentions     INTEGER NOT NULL DEFAULT 0,
    articles     INTEGER NOT NULL DEFAULT 0,
    -- What the entity appears with: JSON {other entity id: articles}, the most frequent
    -- CONTEXT_KEEP only (one small row update per article, whatever the store's size).
    context      TEXT NOT NULL DEFAULT '{}',
    created_at   TEXT NOT NULL
);
CREATE INDEX entities_type ON entities (type, mentions);

-- Blocking keys: a new cluster is compared only with entities sharing one of its keys.
CREATE TABLE entity_blocks (
    type       TEXT NOT NULL,
    block      TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    PRIMARY KEY (type, block, entity_id)
) WITHOUT ROWID;

CREATE TABLE entity_aliases (
    entity_id  TEXT NOT NULL,
    alias      TEXT NOT NULL,
    key        TEXT NOT NULL,                  -- aliases.name_key(alias), for look-ups by name
    roman      TEXT NOT NULL,                  -- names.romanise(alias), across scripts
    language   TEXT NOT NULL DEFAULT '',
    script     TEXT,
    count      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, alias, language)
);
CREATE INDEX entity_aliases_key ON entity_aliases (key);
CREATE INDEX entity_aliases_roman ON entity_aliases (roman);

-- Every mention with the entity it was resolved to, and the decision's score and reasons.
CREATE TABLE mentions (
    article_id  TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    lemma       TEXT,
    type        TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    score       REAL NOT NULL,
    reasons     TEXT NOT NULL,                 -- JSON [{feature, score, detail}, ...]
    PRIMARY KEY (article_id, start, end)
);
CREATE INDEX mentions_entity ON mentions (entity_id);

-- Hand corrections, replayed on every later resolution so they survive re-runs.
CREATE TABLE entity_merges (
    from_id     TEXT PRIMARY KEY,
    into_id     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE user_aliases (
    entity_id   TEXT NOT NULL,
    type        TEXT NOT NULL,
    alias       TEXT NOT NULL,
    language    TEXT,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
);

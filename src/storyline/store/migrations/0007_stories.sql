-- Stories: articles grouped online; every assignment keeps its features, score and reasons.
CREATE TABLE article_embeddings (
    article_id  TEXT PRIMARY KEY,
    vector      BLOB NOT NULL                  -- float32, USE v3 of title and lead
);
CREATE TABLE stories (
    id           TEXT PRIMARY KEY,
    size         INTEGER NOT NULL DEFAULT 0,
    vector_sum   BLOB NOT NULL,                -- float32 sum of member embeddings
    state        TEXT NOT NULL,                -- JSON: entities, events, lead events, days, languages, outlets
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    merged_into  TEXT                          -- a hand merge folded this story into another
);
CREATE INDEX stories_recent ON stories (last_seen);
CREATE TABLE story_members (
    article_id   TEXT PRIMARY KEY,
    story_id     TEXT NOT NULL,
    score        REAL,                         -- NULL: the article started the story
    features     TEXT NOT NULL,                -- JSON {cosine, entities, events, conflict, days}
    reasons      TEXT NOT NULL,                -- JSON list
    runner_up    TEXT,                         -- JSON [story id, score]
    by_hand      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX story_members_story ON story_members (story_id);
CREATE TABLE story_entities (
    entity       TEXT NOT NULL,
    story_id     TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    PRIMARY KEY (entity, story_id)
) WITHOUT ROWID;
CREATE INDEX story_entities_recent ON story_entities (entity, last_seen);

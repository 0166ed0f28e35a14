-- Stories' e5 fallback (embed.v2): a multilingual-e5-small vector for every article, so that an
-- article in a language USE v3 lacks (fa, tg, uz, kk, ky…) can be compared with any story.
-- Stores built before keep working: their articles and stories simply have no e5 vector
-- (a missing vector is unknown, never zero), and new articles fill these tables from now on.
CREATE TABLE article_e5 (
    article_id  TEXT PRIMARY KEY,
    vector      BLOB NOT NULL                  -- float32, 384, e5 of title and lead
);
-- float32 sum of the members' raw e5 vectors; NULL: no member has one. The members' languages
-- (for removing the language means) are counted in state's "e5_languages".
ALTER TABLE stories ADD COLUMN e5_sum BLOB;
CREATE TABLE e5_language_sums (
    language    TEXT PRIMARY KEY,              -- ISO 639-1, 'und' when unknown
    articles    INTEGER NOT NULL,
    vector_sum  BLOB NOT NULL                  -- float64 sum of the raw e5 vectors
);

-- Syndicated copies: MinHash signatures, their LSH bands, and which article copies which.
CREATE TABLE article_signatures (
    article_id  TEXT PRIMARY KEY,
    signature   BLOB NOT NULL                  -- 128 uint64 MinHash values (seeded)
);
CREATE TABLE signature_bands (
    band        INTEGER NOT NULL,
    hash        INTEGER NOT NULL,              -- stable hash of the band's rows
    article_id  TEXT NOT NULL,
    PRIMARY KEY (band, hash, article_id)
) WITHOUT ROWID;
CREATE TABLE copies (
    article_id   TEXT PRIMARY KEY,             -- the copy
    canonical_id TEXT NOT NULL,                -- the first-seen article of its group
    similarity   REAL NOT NULL,                -- MinHash Jaccard estimate
    reasons      TEXT NOT NULL                 -- JSON list
);
CREATE INDEX copies_canonical ON copies (canonical_id);

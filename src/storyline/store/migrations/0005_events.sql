-- Events: one row per happening, merged over every report of it in every article.
CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    type        TEXT NOT NULL,                 -- PLOVER type, or STATEMENT
    cameo       TEXT NOT NULL,                 -- CAMEO root code ('' for OTHER)
    date        TEXT,                          -- the finest date its reports give (partial ISO)
    date_grain  TEXT,
    sort_date   TEXT,                          -- ISO day for filtering: the event's date, else the first report's publication date
    place       TEXT,                          -- entity id, else the place's name
    place_name  TEXT,
    modality    TEXT NOT NULL,                 -- asserted, planned, expected, possible, denied, negated, conditional
    reports     INTEGER NOT NULL DEFAULT 0,
    first_seen  TEXT NOT NULL,
    event       TEXT NOT NULL                  -- JSON: the merged event (participants of all reports)
);
CREATE INDEX events_type_date ON events (type, sort_date);
CREATE INDEX events_date ON events (sort_date);

-- Which article reports which event, and why it was judged the same happening.
CREATE TABLE event_reports (
    article_id  TEXT NOT NULL,
    idx         INTEGER NOT NULL,              -- position in the article's events
    event_id    TEXT NOT NULL REFERENCES events (id),
    score       REAL,                          -- NULL for the report that created the event
    reasons     TEXT NOT NULL,                 -- JSON list of the merge reasons
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX event_reports_event ON event_reports (event_id);

-- Participants, for blocking merge candidates and for `storyline events --entity`.
CREATE TABLE event_participants (
    event_id    TEXT NOT NULL,
    entity      TEXT NOT NULL,                 -- entity id, or 'name:<key>' for an unresolved phrase
    role        TEXT NOT NULL,                 -- actor | target
    PRIMARY KEY (event_id, entity, role)
);
CREATE INDEX event_participants_entity ON event_participants (entity);

-- What the web page and the HTTP API read per request, kept current at write time instead of
-- computed per request (bench serve: 100,000 articles, 50 clients). Existing stores are filled
-- in here from what they hold; the store's writer keeps every one of these up to date after.

-- A story's events and how many of its articles report each: the story page's events, counted
-- over every member (not the first few hundred) and walked in display order.
CREATE TABLE story_events (
    story_id    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    reports     INTEGER NOT NULL,              -- the story's reports of the event
    sort_date   TEXT,                          -- events.sort_date (set once, never changes)
    PRIMARY KEY (story_id, event_id)
) WITHOUT ROWID;
CREATE INDEX story_events_tally ON story_events (story_id, reports DESC, sort_date DESC);
INSERT INTO story_events
SELECT m.story_id, r.event_id, count(*), e.sort_date
FROM story_members m
JOIN event_reports r ON r.article_id = m.article_id
JOIN events e ON e.id = r.event_id
GROUP BY m.story_id, r.event_id;

-- A member's publication date, so a story's sources are listed (the starter, then by
-- publication, then in storage order) by walking an index, however large the story.
ALTER TABLE story_members ADD COLUMN published TEXT;
UPDATE story_members SET published = (SELECT published FROM articles WHERE id = article_id);
CREATE INDEX story_members_order ON story_members (story_id, score IS NOT NULL, published);

-- An event's date beside each participant, so an entity's events come newest first from the
-- index alone (an entity of a few events no longer walks every event in the store).
ALTER TABLE event_participants ADD COLUMN sort_date TEXT;
UPDATE event_participants SET sort_date = (SELECT sort_date FROM events WHERE id = event_id);
DROP INDEX event_participants_entity;
CREATE INDEX event_participants_entity ON event_participants (entity, sort_date DESC);

-- A story's title in each language: its first member with a title in that language (the
-- starter first, then in storage order), kept in the story's state as articles join.
UPDATE stories SET state = json_set(state, '$.titles', json(coalesce((
    SELECT json_group_object(language, title) FROM (
        SELECT coalesce(a.language, 'und') AS language, a.title AS title,
               min(((m.score IS NOT NULL) << 40) + m.rowid) AS first
        FROM story_members m JOIN articles a ON a.id = m.article_id
        WHERE m.story_id = stories.id AND a.title IS NOT NULL
        GROUP BY coalesce(a.language, 'und')
    )
), '{}')))
WHERE merged_into IS NULL;

-- The entity listing, most mentioned first, without sorting every entity (with a type, the
-- listing walks entities_type).
CREATE INDEX entities_mentioned ON entities (mentions DESC, id);

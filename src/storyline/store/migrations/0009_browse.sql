-- Indexes for the web page and the HTTP API (store/browse.py): the story feed walks stories in
-- its display order and stops after a page, instead of sorting every story per request.
CREATE INDEX stories_feed ON stories (
    coalesce(json_extract(state, '$.last_day'), '') DESC, last_seen DESC, size DESC
) WHERE merged_into IS NULL;
CREATE INDEX articles_publisher ON articles (publisher);
CREATE INDEX articles_recent ON articles (coalesce(published, ingested_at) DESC, rowid DESC);
CREATE INDEX events_place ON events (place);
CREATE INDEX events_recent ON events (sort_date IS NULL, sort_date DESC, reports DESC, id);
CREATE INDEX mentions_entity_article ON mentions (entity_id, article_id);

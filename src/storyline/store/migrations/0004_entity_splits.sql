-- Hand splits: mentions called `alias_key` are not `entity_id` but `new_id`, now and later.
CREATE TABLE entity_splits (
    entity_id   TEXT NOT NULL,
    alias_key   TEXT NOT NULL,                 -- aliases.name_key of the split-off name
    new_id      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias_key)
);

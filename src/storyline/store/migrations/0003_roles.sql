-- Role assertions: a person holds an office of an organisation or country, per an article.
CREATE TABLE roles (
    article_id    TEXT NOT NULL,
    person_id     TEXT NOT NULL,                -- resolved entity id
    role          TEXT NOT NULL,                -- normalised: 'secretary general', 'президент'
    organisation  TEXT,                         -- entity id or name
    date          TEXT,                         -- the article's publication date, if known
    start         INTEGER NOT NULL,             -- the role words in the article's text
    end           INTEGER NOT NULL,
    PRIMARY KEY (article_id, person_id, role)
);
CREATE INDEX roles_person ON roles (person_id);
CREATE INDEX roles_organisation ON roles (organisation, role);

-- Everything a post holds besides its text, so that all of it reaches the networks: the text's language, a content
--sqlite -- warning, a link card fetched by Sangam, and the images' order. SQLite flavour (BLOB for the card's image).
--postgres -- warning, a link card fetched by Sangam, and the images' order. PostgreSQL flavour (BYTEA for the card's image).

-- ISO 639-1 code ("en", "hi"); NULL when unknown.
ALTER TABLE posts ADD COLUMN language TEXT;
-- Shown before the text where the network has one (Mastodon's spoiler text); '' for none.
ALTER TABLE posts ADD COLUMN content_warning TEXT NOT NULL DEFAULT '';
-- The first link of the text and what its page said about itself, fetched when the post was saved. link_problem says
-- why no card could be made (the page did not answer, had no title...); link_url is then still set.
ALTER TABLE posts ADD COLUMN link_url TEXT;
ALTER TABLE posts ADD COLUMN link_title TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN link_description TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN link_thumb {bytes};
ALTER TABLE posts ADD COLUMN link_thumb_mime TEXT;
ALTER TABLE posts ADD COLUMN link_problem TEXT;

-- Images go out in the order the author gave them.
ALTER TABLE media ADD COLUMN position {int} NOT NULL DEFAULT 0;

-- What a profile's network takes in images, as the network said (Mastodon: per instance), cached per profile.
CREATE TABLE media_limits (
    profile_id {int} PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
    max_images {int} NOT NULL,
    max_image_bytes {int} NOT NULL,
    fetched_at {int} NOT NULL
);

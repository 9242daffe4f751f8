-- Instagram and Threads fetch a post's images from a signed public address that names the image by its SHA-256.
CREATE INDEX media_sha256 ON media (sha256);

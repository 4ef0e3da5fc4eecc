-- Trigram matching for typo-tolerant autocomplete; PGlite ships it as a contrib extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

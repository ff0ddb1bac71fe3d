ALTER TABLE alpha_items ADD COLUMN seeded boolean NOT NULL DEFAULT false;

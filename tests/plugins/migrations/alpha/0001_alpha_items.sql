CREATE TABLE alpha_items (id serial PRIMARY KEY, label text NOT NULL);

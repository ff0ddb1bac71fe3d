-- Each plugin owns its tables; name them after the plugin.
CREATE TABLE hello_greetings (
  id         bigserial PRIMARY KEY,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  created_at timestamptz NOT NULL DEFAULT now()
);

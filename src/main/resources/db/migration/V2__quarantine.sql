-- Messages that can never be stored (unreadable, invalid, conflicting, on the wrong topic), kept with their
-- raw bytes and the reasons before they are acknowledged: nothing is dropped silently.
CREATE TABLE quarantine (
  id           bigserial   PRIMARY KEY,
  channel      text        NOT NULL CHECK (channel IN ('http', 'mqtt')),
  topic        text,
  payload      bytea       NOT NULL,
  received_at  timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  reason       text        NOT NULL CHECK (reason IN ('malformed', 'invalid', 'conflict', 'topic', 'internal')),
  detail       text        NOT NULL,
  errors       jsonb       NOT NULL DEFAULT '[]',
  site         text,
  key          text
);
CREATE INDEX quarantine_recent ON quarantine (id DESC);
CREATE INDEX quarantine_site ON quarantine (site, id DESC);

CREATE TRIGGER quarantine_append_only BEFORE UPDATE OR DELETE ON quarantine
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

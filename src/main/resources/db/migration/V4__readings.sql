-- Collection-point readings: fill levels from sensors and pickups by vehicles. Appended, never updated.
CREATE TABLE reading (
  id              bigserial    PRIMARY KEY,
  site            text         NOT NULL,
  key             text         NOT NULL,
  point           text         NOT NULL,
  at              timestamptz  NOT NULL,
  kind            text         NOT NULL CHECK (kind IN ('fill', 'pickup')),
  fill_percent    numeric(4,1) CHECK (fill_percent BETWEEN 0 AND 100),
  temperature_c   numeric(4,1),
  plate           text,
  estimated_kg    bigint       CHECK (estimated_kg > 0),
  items           integer      CHECK (items >= 0),
  channel         text         NOT NULL CHECK (channel IN ('http', 'mqtt')),
  received_at     timestamptz  NOT NULL,
  recorded_at     timestamptz  NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT reading_key UNIQUE (site, key),
  CONSTRAINT reading_kind CHECK ((kind = 'fill') = (fill_percent IS NOT NULL)
                                 AND (kind = 'pickup') = (estimated_kg IS NOT NULL AND plate IS NOT NULL))
);
CREATE INDEX reading_point ON reading (site, point, kind, at DESC);
CREATE INDEX reading_at ON reading (at);
CREATE TRIGGER reading_append_only BEFORE UPDATE OR DELETE ON reading
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

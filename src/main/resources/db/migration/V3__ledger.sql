-- The tonnage ledger: every closed ticket's net credited to partners by activity (and, for OUT lots, by
-- mode). Appended, never updated: a later change (reallocation, final operations, correction) appends the
-- old lines negated and the new ones. Each ticket's lines of one activity sum to its net.
CREATE TABLE allocation_line (
  id           bigserial   PRIMARY KEY,
  site         text        NOT NULL,
  ticket       text        NOT NULL,
  at           timestamptz NOT NULL,
  direction    text        NOT NULL CHECK (direction IN ('IN', 'OUT')),
  waste_code   text        NOT NULL,
  activity     text        NOT NULL CHECK (activity IN ('COLLECTION', 'TRANSPORT', 'SORTING', 'TREATMENT')),
  partner      text        NOT NULL,
  mode         text        CHECK (mode IN ('REUSE', 'RECYCLING', 'OTHER_RECOVERY', 'ENERGY_RECOVERY', 'DISPOSAL')),
  kg           bigint      NOT NULL CHECK (kg <> 0),
  cause        text        NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX allocation_line_at ON allocation_line (at) INCLUDE (direction, activity, partner, mode, waste_code, site, kg);
CREATE INDEX allocation_line_ticket ON allocation_line (site, ticket, id);
CREATE TRIGGER allocation_line_append_only BEFORE UPDATE OR DELETE ON allocation_line
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- What the destination finally did with a lot sent under a non-final code.
CREATE TABLE final_operation (
  site         text        NOT NULL,
  ticket       text        NOT NULL,
  seq          integer     NOT NULL,
  operation    text        NOT NULL,
  mode         text        NOT NULL,
  kg           bigint      NOT NULL CHECK (kg > 0),
  at           timestamptz NOT NULL,
  recorded_by  text        NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (site, ticket, seq)
);
CREATE TRIGGER final_operation_append_only BEFORE UPDATE OR DELETE ON final_operation
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Who asked to apply the rules in force again to a range of closed tickets, and why.
CREATE TABLE reallocation (
  id            bigserial   PRIMARY KEY,
  first_day     date        NOT NULL,
  last_day      date        NOT NULL,
  site          text,
  reason        text        NOT NULL,
  requested_by  text        NOT NULL,
  tickets       integer     NOT NULL,
  lines         integer     NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TRIGGER reallocation_append_only BEFORE UPDATE OR DELETE ON reallocation
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Stock on a site at the end of a day, by waste code, for the mass balance (IN - OUT - stock change).
CREATE TABLE stock_declaration (
  id           bigserial   PRIMARY KEY,
  site         text        NOT NULL,
  waste_code   text        NOT NULL,
  day          date        NOT NULL,
  kg           bigint      NOT NULL CHECK (kg >= 0),
  declared_by  text        NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX stock_declaration_day ON stock_declaration (site, waste_code, day, id);
CREATE TRIGGER stock_declaration_append_only BEFORE UPDATE OR DELETE ON stock_declaration
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Reference bundles: every accepted bundle is kept; the newest is the one in force.
CREATE TABLE reference_bundle (
  version     bigserial PRIMARY KEY,
  bundle      jsonb       NOT NULL,
  loaded_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  loaded_by   text        NOT NULL,
  source      text        NOT NULL
);

-- One row per weighing, as admitted. Never updated, never deleted (see the trigger below).
CREATE TABLE pass (
  id              bigserial   PRIMARY KEY,
  site            text        NOT NULL,
  key             text        NOT NULL,
  ticket          text        NOT NULL,
  bridge          text        NOT NULL,
  seq             text        NOT NULL CHECK (seq IN ('first', 'second', 'single')),
  at              timestamptz NOT NULL,
  weight_kg       bigint      NOT NULL CHECK (weight_kg > 0),
  direction       text        CHECK (direction IN ('IN', 'OUT')),
  plate           text,
  carrier         text,
  waste_code      text,
  origin_point    text,
  origin_insee    text,
  destination     text,
  operation       text,
  mode            text,
  manual          boolean     NOT NULL,
  manual_reason   text,
  stored_tare_kg  bigint      CHECK (stored_tare_kg > 0),
  channel         text        NOT NULL CHECK (channel IN ('http', 'mqtt')),
  received_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT pass_key UNIQUE (site, key),
  CONSTRAINT single_has_tare CHECK ((seq = 'single') = (stored_tare_kg IS NOT NULL))
);
-- A ticket has one opening pass (first or single) and one closing pass (second or single).
CREATE UNIQUE INDEX pass_opening ON pass (site, ticket) WHERE seq IN ('first', 'single');
CREATE UNIQUE INDEX pass_closing ON pass (site, ticket) WHERE seq IN ('second', 'single');
CREATE INDEX pass_ticket ON pass (site, ticket, id);

-- The ticket as it stood after each change (a pass, later a revision): appended, never updated.
-- The current state of a ticket is its highest version.
CREATE TABLE ticket_version (
  site          text        NOT NULL,
  ticket        text        NOT NULL,
  version       integer     NOT NULL CHECK (version > 0),
  status        text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED', 'VOID')),
  direction     text,
  plate         text,
  carrier       text,
  waste_code    text,
  bridge        text        NOT NULL,
  gross_kg      bigint,
  tare_kg       bigint,
  tare_mode     text,
  net_kg        bigint      CHECK (net_kg > 0),
  opened_at     timestamptz,
  closed_at     timestamptz,
  at            timestamptz NOT NULL,
  origin_point  text,
  origin_insee  text,
  destination   text,
  operation     text,
  mode          text,
  final         boolean     NOT NULL,
  manual        boolean     NOT NULL,
  revision      integer     NOT NULL DEFAULT 0,
  cause         text        NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (site, ticket, version),
  CONSTRAINT closed_has_masses CHECK ((status = 'OPEN') OR (net_kg = gross_kg - tare_kg AND tare_kg < gross_kg))
);
CREATE INDEX ticket_version_at ON ticket_version (at DESC, site, ticket);

-- The current state of every ticket.
CREATE VIEW ticket_current AS
  SELECT v.*
  FROM ticket_version v
  WHERE NOT EXISTS (SELECT 1 FROM ticket_version n
                    WHERE n.site = v.site AND n.ticket = v.ticket AND n.version > v.version);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER pass_append_only BEFORE UPDATE OR DELETE ON pass
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ticket_version_append_only BEFORE UPDATE OR DELETE ON ticket_version
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

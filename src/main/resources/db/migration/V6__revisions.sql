-- Corrections and voids of closed tickets: appended with their author and reason; the ticket's next version
-- and its compensating ledger lines are written in the same transaction.
CREATE TABLE ticket_revision (
  site         text        NOT NULL,
  ticket       text        NOT NULL,
  revision     integer     NOT NULL CHECK (revision > 0),
  changes      jsonb       NOT NULL,
  voided       boolean     NOT NULL,
  reason       text        NOT NULL,
  author       text        NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (site, ticket, revision)
);
CREATE TRIGGER ticket_revision_append_only BEFORE UPDATE OR DELETE ON ticket_revision
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

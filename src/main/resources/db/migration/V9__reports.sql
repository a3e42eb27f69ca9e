-- Insertion obligation: hours worked and training hours per partner, month and pseudonymised participant.
-- A later record for the same partner, month and participant replaces the earlier one (both are kept).
CREATE TABLE insertion_record (
  id              bigserial    PRIMARY KEY,
  partner         text         NOT NULL,
  month           date         NOT NULL CHECK (extract(day FROM month) = 1),
  participant     text         NOT NULL,
  employer_type   text         NOT NULL CHECK (employer_type IN ('ACI', 'EI', 'ETTI', 'AI', 'EITI')),
  contract        text         NOT NULL,
  hours_worked    numeric(7,2) NOT NULL CHECK (hours_worked >= 0),
  training_hours  numeric(7,2) NOT NULL CHECK (training_hours >= 0),
  recorded_by     text         NOT NULL,
  recorded_at     timestamptz  NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX insertion_record_month ON insertion_record (month, partner, participant, id DESC);
CREATE TRIGGER insertion_record_append_only BEFORE UPDATE OR DELETE ON insertion_record
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Published compensation reports: the snapshot of their inputs and the SHA-256 of their content (JSON).
-- Regenerating from the snapshot gives the same bytes. Publishing again after corrections adds a version.
CREATE TABLE published_report (
  id                 bigserial   PRIMARY KEY,
  period             text        NOT NULL,
  partner            text,
  version            integer     NOT NULL CHECK (version > 0),
  chain_seq          bigint      NOT NULL,
  reference_version  bigint      NOT NULL,
  insertion_id       bigint      NOT NULL,
  stock_id           bigint      NOT NULL,
  sha256             text        NOT NULL,
  published_by       text        NOT NULL,
  published_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX published_report_version ON published_report (period, coalesce(partner, ''), version);
CREATE TRIGGER published_report_append_only BEFORE UPDATE OR DELETE ON published_report
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

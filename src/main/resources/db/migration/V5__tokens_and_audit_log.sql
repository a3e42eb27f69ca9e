-- API tokens: only a hash is kept; the token itself is shown once, when it is created.
CREATE TABLE api_token (
  id            text        PRIMARY KEY,
  name          text        NOT NULL,
  role          text        NOT NULL CHECK (role IN ('OPERATOR', 'MEMBER', 'AUDITOR', 'ADMIN')),
  sites         text[]      NOT NULL DEFAULT '{}',
  partner       text,
  token_hash    bytea       NOT NULL UNIQUE,
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  expires_at    timestamptz,
  revoked_at    timestamptz,
  revoked_by    text,
  last_used_at  timestamptz,
  CONSTRAINT operator_has_sites CHECK (role <> 'OPERATOR' OR cardinality(sites) > 0),
  CONSTRAINT member_has_partner CHECK (role <> 'MEMBER' OR partner IS NOT NULL)
);

-- Every write through the API: who, what, when, from where, and how it ended.
CREATE TABLE audit_log (
  id          bigserial   PRIMARY KEY,
  at          timestamptz NOT NULL,
  principal   text        NOT NULL,
  role        text        NOT NULL,
  token_id    text,
  method      text        NOT NULL,
  path        text        NOT NULL,
  status      integer     NOT NULL,
  remote      text,
  detail      text
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- A hash chain over every stored pass, reading, ledger line, final operation and revision: each record
-- carries its place in one global sequence and SHA-256(previous hash || its canonical form). Writers take
-- the head row FOR UPDATE, so the chain grows in commit order. Rows written before this migration stay
-- outside the chain (chain_seq null).
CREATE TABLE chain_head (
  id    integer PRIMARY KEY CHECK (id = 1),
  seq   bigint  NOT NULL,
  hash  bytea   NOT NULL
);
INSERT INTO chain_head VALUES (1, 0, decode(repeat('00', 32), 'hex'));

ALTER TABLE pass ADD COLUMN chain_seq bigint UNIQUE, ADD COLUMN chain_hash bytea;
ALTER TABLE reading ADD COLUMN chain_seq bigint UNIQUE, ADD COLUMN chain_hash bytea;
ALTER TABLE allocation_line ADD COLUMN chain_seq bigint UNIQUE, ADD COLUMN chain_hash bytea;
ALTER TABLE final_operation ADD COLUMN chain_seq bigint UNIQUE, ADD COLUMN chain_hash bytea;
ALTER TABLE ticket_revision ADD COLUMN chain_seq bigint UNIQUE, ADD COLUMN chain_hash bytea;

package fr.iloe.tracker.domain;

/**
 * What a token may do. {@code OPERATOR}: write passes, readings and corrections for its sites, and read them;
 * {@code MEMBER}: read its partner's figures, tickets and reports, and the cooperative's totals;
 * {@code AUDITOR}: read everything, publish reports, verify the log; {@code ADMIN}: reference data,
 * parameters, tokens, and everything else.
 */
public enum Role {
  OPERATOR,
  MEMBER,
  AUDITOR,
  ADMIN
}

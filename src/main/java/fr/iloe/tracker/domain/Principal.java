package fr.iloe.tracker.domain;

import java.util.Set;

/**
 * Who is calling: a token's owner with its role and scope (the sites of an operator, the partner of a member).
 *
 * @param tokenId the token's id, null for the bootstrap {@code ADMIN_TOKEN}
 */
public record Principal(String name, String tokenId, Role role, Set<String> sites, String partner) {
  public Principal {
    sites = Set.copyOf(sites);
  }

  public static final Principal BOOTSTRAP_ADMIN = new Principal("admin", null, Role.ADMIN, Set.of(), null);

  /** True when this principal may act on (or read) the given site: every site but for an operator. */
  public boolean coversSite(String site) {
    return role != Role.OPERATOR || sites.contains(site);
  }

  /** True when this principal may read the given partner's figures: every partner but for a member. */
  public boolean coversPartner(String other) {
    return role != Role.MEMBER || partner.equals(other);
  }
}

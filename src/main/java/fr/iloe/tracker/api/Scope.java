package fr.iloe.tracker.api;

import fr.iloe.tracker.domain.FieldError;
import fr.iloe.tracker.domain.Principal;
import fr.iloe.tracker.domain.Role;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The scope checks of operators (their sites) and members (their partner), in one place. */
final class Scope {
  private Scope() {}

  /** Refuses (403) a site outside an operator's sites. */
  static void requireSite(RoutingContext ctx, String site) {
    Principal p = Auth.principal(ctx);
    if (site != null && !p.coversSite(site)) {
      throw ApiException.forbidden("this token may not act on site '" + site + "' (its sites: "
          + String.join(", ", p.sites().stream().sorted().toList()) + ")");
    }
  }

  /**
   * The site a query is restricted to: the requested one (checked), or for an operator its only site; an
   * operator with several sites must name one. Null means every site.
   */
  static String site(RoutingContext ctx, String requested) {
    Principal p = Auth.principal(ctx);
    if (requested != null) {
      requireSite(ctx, requested);
      return requested;
    }
    if (p.role() != Role.OPERATOR) {
      return null;
    }
    if (p.sites().size() == 1) {
      return p.sites().iterator().next();
    }
    throw ApiException.badRequest(List.of(new FieldError("site", "is required for a token of several sites (one of "
        + String.join(", ", p.sites().stream().sorted().toList()) + ")")));
  }

  /** The partner a member's query is restricted to: its own (another is refused); null for other roles. */
  static String partner(RoutingContext ctx, String requested) {
    Principal p = Auth.principal(ctx);
    if (p.role() != Role.MEMBER) {
      return requested;
    }
    if (requested != null && !requested.equals(p.partner())) {
      throw ApiException.forbidden("this token reads the figures of partner '" + p.partner() + "' only");
    }
    return p.partner();
  }

  /** Refuses (403) a member outside the given partners, e.g. those a ticket credits. */
  static void requirePartnerAmong(RoutingContext ctx, java.util.Collection<String> partners) {
    Principal p = Auth.principal(ctx);
    if (p.role() == Role.MEMBER && !partners.contains(p.partner())) {
      throw ApiException.forbidden("this ticket does not concern partner '" + p.partner() + "'");
    }
  }

  /** The site a JSON body names, read before the body is taken, to check it against the token's sites. */
  static void requireBodySite(RoutingContext ctx) {
    Principal p = Auth.principal(ctx);
    if (p.role() != Role.OPERATOR) {
      return;
    }
    try {
      Object site = fr.iloe.tracker.ingest.StrictJson.parseObject(TicketsApi.bodyBytes(ctx)).getValue("site");
      if (site instanceof String s) {
        requireSite(ctx, s);
      }
    } catch (fr.iloe.tracker.ingest.MalformedInputException e) {
      // the reader reports it with the other problems
    }
  }
}

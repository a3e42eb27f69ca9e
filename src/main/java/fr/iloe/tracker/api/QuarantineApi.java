package fr.iloe.tracker.api;

import fr.iloe.tracker.store.QuarantineStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code GET /api/v1/quarantine?site=&limit=&before=}: the messages that could never be stored, newest first,
 * with their raw payload (as text when it is UTF-8, always as base64) and the reasons.
 */
final class QuarantineApi {
  private final QuarantineStore store;

  QuarantineApi(QuarantineStore store) {
    this.store = store;
  }

  void list(RoutingContext ctx) {
    QueryParams q = new QueryParams(ctx);
    String site = Scope.site(ctx, q.string("site"));
    int limit = q.integer("limit", 1, 500, 50);
    Long before = q.parsed("before", s -> {
      try {
        return Optional.of(Long.parseLong(s));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }, "the id of an entry of a previous page");
    q.done();
    store.list(site, before, limit)
        .onSuccess(entries -> TicketsApi.json(ctx, new JsonObject()
            .put("items", new JsonArray(entries.stream().map(QuarantineApi::entry).toList()))
            .put("nextBefore", entries.size() == limit ? entries.get(entries.size() - 1).id() : null)))
        .onFailure(ctx::fail);
  }

  private static JsonObject entry(QuarantineStore.Entry e) {
    return new JsonObject()
        .put("id", e.id())
        .put("channel", e.channel().wire())
        .put("topic", e.topic())
        .put("receivedAt", TicketJson.time(e.receivedAt()))
        .put("recordedAt", TicketJson.time(e.recordedAt()))
        .put("reason", e.reason().tag())
        .put("detail", e.detail())
        .put("errors", new JsonArray(e.errors().stream()
            .map(f -> new JsonObject().put("field", f.field()).put("message", f.message())).toList()))
        .put("site", e.site())
        .put("key", e.key())
        .put("payload", utf8(e.payload()))
        .put("payloadBase64", Base64.getEncoder().encodeToString(e.payload()));
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

}

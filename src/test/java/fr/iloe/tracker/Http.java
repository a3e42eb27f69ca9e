package fr.iloe.tracker;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** A small blocking HTTP client for tests, on its own Vert.x instance (never the tracker's). */
public final class Http implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final WebClient client;
  private final String token;

  public Http(int port, String token) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(32));
    this.token = token;
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, Buffer.buffer(body.encode()), token);
  }

  public HttpResponse<Buffer> put(String path, JsonObject body) {
    return send(HttpMethod.PUT, path, Buffer.buffer(body.encode()), token);
  }

  public HttpResponse<Buffer> get(String path) {
    return send(HttpMethod.GET, path, null, token);
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, Buffer body, String bearer) {
    return request(method, path, body, bearer).await();
  }

  public io.vertx.core.Future<HttpResponse<Buffer>> request(HttpMethod method, String path, Buffer body, String bearer) {
    HttpRequest<Buffer> req = client.request(method, path);
    if (bearer != null) {
      req.putHeader("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      req.putHeader("Content-Type", "application/json");
      return req.sendBuffer(body);
    }
    return req.send();
  }

  @Override
  public void close() {
    client.close();
    vertx.close().await();
  }
}

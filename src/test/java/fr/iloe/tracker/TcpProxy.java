package fr.iloe.tracker;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of a real server, to cut the network between the tracker and PostgreSQL: {@link #cut()}
 * closes the relay and every connection through it; {@link #restore()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private NetServer server;

  public TcpProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = TestEnv.freePort();
    restore();
  }

  public int port() {
    return port;
  }

  public void restore() {
    server = vertx.createNetServer().connectHandler(front -> {
      front.pause();
      sockets.add(front);
      vertx.createNetClient().connect(targetPort, targetHost).onComplete(ar -> {
        if (ar.failed()) {
          front.close();
          return;
        }
        NetSocket back = ar.result();
        sockets.add(back);
        front.handler(back::write);
        back.handler(front::write);
        front.closeHandler(v -> back.close());
        back.closeHandler(v -> front.close());
        front.resume();
      });
    });
    server.listen(port, "127.0.0.1").await();
  }

  public void cut() {
    server.close().await();
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}

package io.httppool.agent.instrumentation.apache5.linked;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.InternalHttpAsyncClient;
import org.apache.hc.core5.reactor.ConnectionInitiator;
import org.apache.hc.core5.reactor.IOReactorService;

/**
 * What the agent reads of the library's private async client base ({@code AbstractHttpAsyncClientBase}): its
 * I/O reactor, and its start for a client on a shared engine.
 *
 * <p>The library starts a client by handing its reactor's start to a single-thread executor of the client's own
 * ({@code httpclient-main}), whose thread then only waits for the close. A client on an engine has a reactor with
 * no I/O threads ({@link SharedAsyncEngines}), whose start only marks it active: that thread would be all the
 * client runs, and creating and ending it was most of what a per-request client cost with the agent. So such a
 * client is started on the calling thread: the same status change ({@code READY} to {@code RUNNING}, once), then
 * the same reactor start. {@code start()} returns with the reactor already {@code ACTIVE} (the library's thread
 * makes it so a moment later, an order a caller cannot tell apart), and {@code close}, {@code initiateShutdown}
 * and {@code awaitShutdown} do what they did: their executor stops without a thread to end.
 */
final class AsyncClientBase {
  private static final String BASE = "org.apache.hc.client5.http.impl.async.AbstractHttpAsyncClientBase";

  private final Field reactor;
  /** Null when this version's client cannot be started without its thread; the library then starts it. */
  private final EngineStart engineStart;

  AsyncClientBase() throws ReflectiveOperationException {
    reactor = declared(BASE, "ioReactor");
    engineStart = EngineStart.find();
  }

  ConnectionInitiator reactor(Object client) throws IllegalAccessException {
    return (ConnectionInitiator) reactor.get(client);
  }

  /**
   * Starts {@code client} on the calling thread if it runs on a shared engine, and answers whether it did (the
   * library's own start is skipped then).
   */
  boolean startOnEngine(Object client) throws IllegalAccessException {
    return engineStart != null && engineStart.start(client, this);
  }

  private static Field declared(String type, String name) throws ReflectiveOperationException {
    Field field = Class.forName(type, false, HttpAsyncClientBuilder.class.getClassLoader()).getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  /** The client's status and connection manager, and the two status values a start moves between. */
  private static final class EngineStart {
    private final Field status;
    private final Field manager;
    private final Object ready;
    private final Object running;

    private EngineStart(Field status, Field manager, Object ready, Object running) {
      this.status = status;
      this.manager = manager;
      this.ready = ready;
      this.running = running;
    }

    static EngineStart find() {
      try {
        Object ready = null;
        Object running = null;
        for (Object value : Class.forName(BASE + "$Status", false, HttpAsyncClientBuilder.class.getClassLoader())
            .getEnumConstants()) {
          String name = ((Enum<?>) value).name();
          if (name.equals("READY")) {
            ready = value;
          } else if (name.equals("RUNNING")) {
            running = value;
          }
        }
        Field status = declared(BASE, "status");
        return ready == null || running == null || status.getType() != AtomicReference.class ? null
            : new EngineStart(status, declared(InternalHttpAsyncClient.class.getName(), "manager"), ready, running);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return null;
      }
    }

    @SuppressWarnings("unchecked")
    boolean start(Object client, AsyncClientBase base) throws IllegalAccessException {
      if (!(client instanceof InternalHttpAsyncClient) || !(manager.get(client) instanceof EngineClientManager)) {
        return false;
      }
      if (((AtomicReference<Object>) status.get(client)).compareAndSet(ready, running)) {
        ((IOReactorService) base.reactor(client)).start();
      }
      return true;
    }
  }
}

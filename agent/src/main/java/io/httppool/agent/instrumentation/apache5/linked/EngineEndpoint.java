package io.httppool.agent.instrumentation.apache5.linked;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.client5.http.EndpointInfo;
import org.apache.hc.client5.http.nio.AsyncConnectionEndpoint;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncClientExchangeHandler;
import org.apache.hc.core5.http.nio.AsyncPushConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.HandlerFactory;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The endpoint a client on a shared engine holds: the engine pool's own, with each exchange the client runs on it
 * behind the {@link ClientCallbacks} line. The engine's manager is given back the pool's endpoint
 * ({@link #pooled}).
 */
class EngineEndpoint extends AsyncConnectionEndpoint {
  /** 5.4+ tells the exec runtime the connection's protocol and TLS session through the endpoint. */
  private static final boolean HAS_INFO = hasInfo();

  final AsyncConnectionEndpoint pooled;

  private EngineEndpoint(AsyncConnectionEndpoint pooled) {
    this.pooled = pooled;
  }

  static EngineEndpoint of(AsyncConnectionEndpoint pooled) {
    return HAS_INFO ? new WithInfo(pooled) : new EngineEndpoint(pooled);
  }

  /** The pool's own endpoint behind one a client holds (or the endpoint itself, if it is the pool's). */
  static AsyncConnectionEndpoint pooled(AsyncConnectionEndpoint endpoint) {
    return endpoint instanceof EngineEndpoint ? ((EngineEndpoint) endpoint).pooled : endpoint;
  }

  private static boolean hasInfo() {
    try {
      AsyncConnectionEndpoint.class.getMethod("getInfo");
      return true;
    } catch (NoSuchMethodException | LinkageError e) {
      return false;
    }
  }

  @Override
  public void execute(String id, AsyncClientExchangeHandler exchangeHandler,
      HandlerFactory<AsyncPushConsumer> pushHandlerFactory, HttpContext context) {
    Exchange exchange = new Exchange(exchangeHandler);
    exchange.asking();
    try {
      pooled.execute(id, exchange, pushHandlerFactory, context);
    } finally {
      exchange.answered();
    }
  }

  @Override
  public boolean isConnected() {
    return pooled.isConnected();
  }

  @Override
  public void setSocketTimeout(Timeout timeout) {
    pooled.setSocketTimeout(timeout);
  }

  @Override
  public void close(CloseMode closeMode) {
    pooled.close(closeMode);
  }

  @Override
  public String toString() {
    return pooled.toString();
  }

  /** Loaded only where {@code getInfo()} exists (5.4+). */
  private static final class WithInfo extends EngineEndpoint {
    WithInfo(AsyncConnectionEndpoint pooled) {
      super(pooled);
    }

    @Override
    public EndpointInfo getInfo() {
      return pooled.getInfo();
    }
  }

  /**
   * A client's exchange as the engine's connection runs it. What the connection calls within its own event
   * handling passes straight on (the reactor turns those failures into {@code failed}); {@code failed},
   * {@code cancel} and {@code releaseResources} are what it calls while it handles a failure or a closed
   * connection, where nothing stops an escaping exception from ending the thread.
   */
  private static final class Exchange extends ClientCallbacks implements AsyncClientExchangeHandler {
    private final AsyncClientExchangeHandler handler;

    Exchange(AsyncClientExchangeHandler handler) {
      this.handler = handler;
    }

    @Override
    public void failed(Exception cause) {
      try {
        handler.failed(cause);
      } catch (RuntimeException e) {
        threw(e, "the exchange's failed()");
      }
    }

    @Override
    public void cancel() {
      try {
        handler.cancel();
      } catch (RuntimeException e) {
        threw(e, "the exchange's cancel()");
      }
    }

    @Override
    public void releaseResources() {
      try {
        handler.releaseResources();
      } catch (RuntimeException e) {
        threw(e, "the exchange's releaseResources()");
      }
    }

    @Override
    public void produceRequest(RequestChannel channel, HttpContext context) throws HttpException, IOException {
      handler.produceRequest(channel, context);
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entityDetails, HttpContext context)
        throws HttpException, IOException {
      handler.consumeResponse(response, entityDetails, context);
    }

    @Override
    public void consumeInformation(HttpResponse response, HttpContext context) throws HttpException, IOException {
      handler.consumeInformation(response, context);
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      handler.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      handler.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
      handler.streamEnd(trailers);
    }

    @Override
    public int available() {
      return handler.available();
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
      handler.produce(channel);
    }
  }
}

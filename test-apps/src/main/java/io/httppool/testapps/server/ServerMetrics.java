package io.httppool.testapps.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters for assertions; all thread-safe and live. */
public final class ServerMetrics {

  /** Requests carrying this header are counted per header value. */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  private final AtomicLong connectionsAccepted = new AtomicLong();
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger maxOpenConnections = new AtomicInteger();
  private final AtomicInteger mostOpenSinceMark = new AtomicInteger();
  private final AtomicLong closedIdle = new AtomicLong();
  private final AtomicLong closedOnError = new AtomicLong();
  private volatile String lastConnectionError = "";
  private final AtomicLong requestsReceived = new AtomicLong();
  private final AtomicLong requestsServed = new AtomicLong();
  private final Map<String, LongAdder> requestsById = new ConcurrentHashMap<>();

  /** TCP connections accepted since start, including those that later failed the TLS handshake. */
  public long connectionsAccepted() {
    return connectionsAccepted.get();
  }

  /** Connections accepted and not yet closed by either side (as far as the server has noticed). */
  public int openConnections() {
    return openConnections.get();
  }

  /** The highest value {@link #openConnections()} has had. */
  public int maxOpenConnections() {
    return maxOpenConnections.get();
  }

  /** Starts {@link #mostOpenSinceMark()} again from the connections open now. */
  public void markOpenConnections() {
    mostOpenSinceMark.set(openConnections.get());
  }

  /**
   * The most connections open at once since the last {@link #markOpenConnections()} (since the start without one):
   * unlike the connections accepted meanwhile, one that replaced a connection already closed does not count.
   */
  public int mostOpenSinceMark() {
    return mostOpenSinceMark.get();
  }

  /**
   * Connections the server closed because no request came within its idle (or first-request) timeout: a client
   * that then needs a connection has to open a new one, however well it pools.
   */
  public long connectionsClosedIdle() {
    return closedIdle.get();
  }

  /**
   * Connections the server dropped, without answering, because reading a request or writing a response failed
   * (the peer reset, a TLS handshake failed, a handler's thread was interrupted): unlike a clean close between
   * requests, a client that had sent a request on one gets no response.
   */
  public long connectionsClosedOnError() {
    return closedOnError.get();
  }

  /** What ended the last connection counted in {@link #connectionsClosedOnError()}, or "" if none. */
  public String lastConnectionError() {
    return lastConnectionError;
  }

  /** Requests whose head and body were read completely. Malformed requests are not counted. */
  public long requestsReceived() {
    return requestsReceived.get();
  }

  /** Responses written completely (to the socket buffer; the client may not have read them). */
  public long requestsServed() {
    return requestsServed.get();
  }

  /** How many received requests carried {@code X-Request-Id: requestId}. */
  public long requestCount(String requestId) {
    LongAdder count = requestsById.get(requestId);
    return count == null ? 0 : count.sum();
  }

  /** A sorted snapshot of {@link #requestCount(String)} for every id seen. */
  public Map<String, Long> requestCountsById() {
    Map<String, Long> snapshot = new TreeMap<>();
    requestsById.forEach((id, count) -> snapshot.put(id, count.sum()));
    return snapshot;
  }

  void connectionOpened() {
    connectionsAccepted.incrementAndGet();
    int open = openConnections.incrementAndGet();
    maxOpenConnections.accumulateAndGet(open, Math::max);
    mostOpenSinceMark.accumulateAndGet(open, Math::max);
  }

  void connectionClosedIdle() {
    closedIdle.incrementAndGet();
  }

  void connectionClosedOnError(Exception cause) {
    lastConnectionError = cause.toString();
    closedOnError.incrementAndGet();
  }

  void connectionClosed() {
    openConnections.decrementAndGet();
  }

  void requestReceived(ServerRequest request) {
    requestsReceived.incrementAndGet();
    request.header(REQUEST_ID_HEADER)
        .ifPresent(id -> requestsById.computeIfAbsent(id, unused -> new LongAdder()).increment());
  }

  void responseSent() {
    requestsServed.incrementAndGet();
  }
}

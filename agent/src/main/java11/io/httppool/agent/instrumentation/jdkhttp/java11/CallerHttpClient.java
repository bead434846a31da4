package io.httppool.agent.instrumentation.jdkhttp.java11;

import io.httppool.agent.core.RequestTrace;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The client one caller built: it sends through the shared JDK client for its settings (whose getters answer what
 * this caller built, since the settings are equal), and its lifecycle is its own. {@code shutdown},
 * {@code shutdownNow}, {@code awaitTermination}, {@code isTerminated} and {@code close} exist on the JDK's client
 * from JDK 21; compiled for JDK 11 they are plain methods there and override the JDK's from 21 on. They act on
 * this caller's requests only, never on the shared client.
 */
final class CallerHttpClient extends HttpClient {
  private final SharedHttpClients.Shared shared;
  private final SharedHttpClients clients;
  private final HttpClient jdk;
  private final Object lock = new Object();
  private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
  private int running;
  private boolean shutdown;

  CallerHttpClient(SharedHttpClients.Shared shared, SharedHttpClients clients) {
    this.shared = shared;
    this.clients = clients;
    this.jdk = shared.client();
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return jdk.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return jdk.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return jdk.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return jdk.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return jdk.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return jdk.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return jdk.authenticator();
  }

  @Override
  public Version version() {
    return jdk.version();
  }

  @Override
  public Optional<Executor> executor() {
    return jdk.executor();
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return jdk.newWebSocketBuilder();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> responseBodyHandler)
      throws IOException, InterruptedException {
    Objects.requireNonNull(request);
    Objects.requireNonNull(responseBodyHandler);
    if (!starting()) {
      throw new IOException("closed");
    }
    RequestTrace trace = clients.requestStarting(request);
    HttpResponse<T> response = null;
    Throwable error = null;
    ExchangePermits.Permit permit = null;
    try {
      permit = shared.permits().acquire(trace.destination(), request);
      response = jdk.send(request, new PermitReleasingHandler<>(responseBodyHandler, permit));
      return response;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      error = e;
      throw e;
    } finally {
      if (error != null && permit != null) {
        permit.release();
      }
      trace.finished(response == null ? 0 : response.statusCode(), error);
      ended();
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> responseBodyHandler) {
    return tracked(request, responseBodyHandler, handler -> jdk.sendAsync(request, handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> responseBodyHandler,
      PushPromiseHandler<T> pushPromiseHandler) {
    return tracked(request, responseBodyHandler, handler -> jdk.sendAsync(request, handler, pushPromiseHandler));
  }

  private <T> CompletableFuture<HttpResponse<T>> tracked(HttpRequest request, BodyHandler<T> handler,
      Function<BodyHandler<T>, CompletableFuture<HttpResponse<T>>> send) {
    Objects.requireNonNull(request);
    Objects.requireNonNull(handler);
    if (!starting()) {
      return CompletableFuture.failedFuture(new IOException("closed"));
    }
    RequestTrace trace = clients.requestStarting(request);
    CompletableFuture<HttpResponse<T>> response;
    try {
      CompletableFuture<ExchangePermits.Permit> permit =
          shared.permits().acquireAsync(trace.destination(), request);
      response = permit.isDone() && !permit.isCompletedExceptionally()
          ? sendHolding(permit.join(), handler, send)
          : sendOnceGranted(permit, handler, send);
    } catch (RuntimeException | Error e) {
      trace.finished(0, e);
      ended();
      throw e;
    }
    pending.add(response);
    response.whenComplete((answer, error) -> {
      pending.remove(response);
      trace.finished(answer == null ? 0 : answer.statusCode(), unwrapped(error));
      ended();
    });
    return response;
  }

  /** The JDK's own future, as without the agent; a failed exchange gives its permit back. */
  private static <T> CompletableFuture<HttpResponse<T>> sendHolding(ExchangePermits.Permit permit,
      BodyHandler<T> handler, Function<BodyHandler<T>, CompletableFuture<HttpResponse<T>>> send) {
    CompletableFuture<HttpResponse<T>> response;
    try {
      response = send.apply(new PermitReleasingHandler<>(handler, permit));
    } catch (RuntimeException | Error e) {
      permit.release();
      throw e;
    }
    response.whenComplete((answer, error) -> {
      if (error != null) {
        permit.release();
      }
    });
    return response;
  }

  /**
   * A future the application holds while the exchange waits for a permit, completed as the JDK's is once sent;
   * cancelling it (or {@code shutdownNow}) withdraws the wait, or cancels the JDK's exchange once sent.
   */
  private static <T> CompletableFuture<HttpResponse<T>> sendOnceGranted(
      CompletableFuture<ExchangePermits.Permit> permit, BodyHandler<T> handler,
      Function<BodyHandler<T>, CompletableFuture<HttpResponse<T>>> send) {
    CompletableFuture<HttpResponse<T>> response = new CompletableFuture<>();
    permit.whenComplete((granted, waitFailed) -> {
      if (waitFailed != null) {
        response.completeExceptionally(unwrapped(waitFailed));
        return;
      }
      if (response.isDone()) {
        granted.release();
        return;
      }
      CompletableFuture<HttpResponse<T>> sent;
      try {
        sent = sendHolding(granted, handler, send);
      } catch (RuntimeException | Error e) {
        response.completeExceptionally(e);
        return;
      }
      sent.whenComplete((answer, error) -> {
        if (error != null) {
          response.completeExceptionally(unwrapped(error));
        } else {
          response.complete(answer);
        }
      });
      response.whenComplete((answer, error) -> {
        if (response.isCancelled()) {
          sent.cancel(true);
        }
      });
    });
    response.whenComplete((answer, error) -> {
      if (!permit.isDone()) {
        permit.cancel(false);
      }
    });
    return response;
  }

  private static Throwable unwrapped(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  private boolean starting() {
    synchronized (lock) {
      if (shutdown) {
        return false;
      }
      running++;
    }
    shared.requestStarted();
    return true;
  }

  private void ended() {
    shared.requestEnded();
    synchronized (lock) {
      running--;
      if (running == 0) {
        lock.notifyAll();
      }
    }
  }

  /** JDK 21+: no new request from this caller; its requests in flight go on. */
  public void shutdown() {
    synchronized (lock) {
      shutdown = true;
      if (running == 0) {
        lock.notifyAll();
      }
    }
  }

  /**
   * JDK 21+: as {@link #shutdown()}, and this caller's asynchronous requests in flight fail with the JDK's
   * {@code IOException("shutdownNow")}. A request sent with {@code send} is left to finish: it runs on the shared
   * client, which must not be aborted for one caller.
   */
  public void shutdownNow() {
    shutdown();
    for (CompletableFuture<?> response : pending) {
      response.completeExceptionally(new IOException("shutdownNow"));
    }
  }

  /** JDK 21+. */
  public boolean awaitTermination(Duration duration) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    synchronized (lock) {
      while (!(shutdown && running == 0)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** JDK 21+. */
  public boolean isTerminated() {
    synchronized (lock) {
      return shutdown && running == 0;
    }
  }

  /** JDK 21+: as the JDK's {@code HttpClient.close()}, for this caller's requests. */
  public void close() {
    if (isTerminated()) {
      return;
    }
    shutdown();
    boolean interrupted = false;
    boolean terminated = false;
    while (!terminated) {
      try {
        terminated = awaitTermination(Duration.ofDays(1));
      } catch (InterruptedException e) {
        if (!interrupted) {
          interrupted = true;
          shutdownNow();
          terminated = isTerminated();
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

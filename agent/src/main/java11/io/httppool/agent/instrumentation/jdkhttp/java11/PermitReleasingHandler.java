package io.httppool.agent.instrumentation.jdkhttp.java11;

import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The application's body handler, releasing the exchange's permit when the response body ends for the JDK: read to
 * the end, failed, or cancelled (closing a {@code BodyHandlers.ofInputStream()} stream cancels). The JDK returns an
 * HTTP/1.1 connection to its pool before it tells the subscriber the body is complete, so a permit is released
 * only once its connection is free again.
 */
final class PermitReleasingHandler<T> implements BodyHandler<T> {
  private final BodyHandler<T> handler;
  private final ExchangePermits.Permit permit;

  PermitReleasingHandler(BodyHandler<T> handler, ExchangePermits.Permit permit) {
    this.handler = handler;
    this.permit = permit;
  }

  @Override
  public BodySubscriber<T> apply(ResponseInfo responseInfo) {
    BodySubscriber<T> subscriber;
    try {
      subscriber = handler.apply(responseInfo);
    } catch (RuntimeException | Error e) {
      permit.release();
      throw e;
    }
    return subscriber == null ? null : new Releasing<>(subscriber, permit);
  }

  private static final class Releasing<T> implements BodySubscriber<T> {
    private final BodySubscriber<T> subscriber;
    private final ExchangePermits.Permit permit;

    Releasing(BodySubscriber<T> subscriber, ExchangePermits.Permit permit) {
      this.subscriber = subscriber;
      this.permit = permit;
    }

    @Override
    public CompletionStage<T> getBody() {
      return subscriber.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          subscription.request(n);
        }

        @Override
        public void cancel() {
          try {
            subscription.cancel();
          } finally {
            permit.release();
          }
        }
      });
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      subscriber.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      try {
        subscriber.onError(throwable);
      } finally {
        permit.release();
      }
    }

    @Override
    public void onComplete() {
      try {
        subscriber.onComplete();
      } finally {
        permit.release();
      }
    }
  }
}

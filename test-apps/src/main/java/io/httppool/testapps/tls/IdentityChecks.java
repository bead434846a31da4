package io.httppool.testapps.tls;

import io.httppool.testapps.support.AppReport;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The loop of the two-identity apps, whatever their client: requests sent from a pool of threads, each through the
 * client (and certificate) its index picks, against a server that answers with the subject of the certificate it
 * saw. Prints {@code mismatches}, the answers that named another certificate than the request was sent with.
 */
public final class IdentityChecks {
  /** Sends request {@code index} and returns the server's answer, the subject it saw. */
  public interface Request {
    String send(int index) throws Exception;
  }

  private IdentityChecks() {}

  public static void run(int requests, int threads, IntFunction<String> expectedSubject, Request request,
      AppReport report) throws InterruptedException {
    AtomicInteger mismatches = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      int index = i;
      workers.execute(() -> {
        try {
          String subject = request.send(index).trim();
          String expected = expectedSubject.apply(index);
          if (!subject.equals(expected)) {
            mismatches.incrementAndGet();
            System.out.println("expected " + expected + ", the server saw " + subject);
          }
        } catch (Exception e) {
          report.failed(e);
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("requests did not finish");
    }
    AppReport.result("mismatches", mismatches.get());
  }
}

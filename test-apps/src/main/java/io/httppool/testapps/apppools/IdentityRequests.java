package io.httppool.testapps.apppools;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import io.httppool.testapps.tls.TestCertificates;
import io.httppool.testapps.tls.TestCertificates.Authority;
import io.httppool.testapps.tls.TestCertificates.ClientIdentity;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The two-identity apps' run, whatever their library: two client identities against a server that requires a
 * client certificate, each with its own connection manager over its own SSL context, built with every client
 * ({@code managers=per-request}, closed with it) or once per identity and shared by that identity's per-request
 * clients ({@code managers=per-identity}). Requests alternate between the identities, each naming the identity it
 * is sent with in {@link #HEADER}; prints {@code mismatches}, the answers that named another certificate.
 */
public final class IdentityRequests {
  /** Carries the subject DN (e.g. {@code CN=client-a}) of the certificate the request is meant to be sent with. */
  public static final String HEADER = "X-Expected-Identity";

  /** Sends one request through a new client on {@code manager} and returns the body, the server's subject. */
  interface Exchange<M> {
    String send(M manager, boolean managerShared, String url, ClientIdentity identity) throws Exception;
  }

  private IdentityRequests() {}

  static <M extends Closeable> void run(String[] arguments, Function<SSLContext, M> newManager, Exchange<M> exchange)
      throws InterruptedException, IOException {
    AppArgs args = new AppArgs(arguments);
    String url = args.require("url");
    int requests = args.getInt("requests", 400);
    int threads = args.getInt("threads", 8);
    boolean managerPerRequest = managerPerRequest(args.require("managers"));
    TestCertificates certificates = TestCertificates.in(Path.of(args.require("certificates")));
    ClientIdentity[] identities = ClientIdentity.values();
    SSLContext[] contexts = new SSLContext[identities.length];
    List<M> managers = new ArrayList<>();
    for (int i = 0; i < identities.length; i++) {
      contexts[i] = certificates.clientContext(Authority.MAIN, identities[i]);
      if (!managerPerRequest) {
        managers.add(newManager.apply(contexts[i]));
      }
    }
    AtomicInteger mismatches = new AtomicInteger();
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      int identity = i % identities.length;
      workers.execute(() -> {
        try {
          M manager = managerPerRequest ? newManager.apply(contexts[identity]) : managers.get(identity);
          String subject = exchange.send(manager, !managerPerRequest, url, identities[identity]).trim();
          if (!subject.equals(identities[identity].subjectDn())) {
            mismatches.incrementAndGet();
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
    report.finish();
    for (M manager : managers) {
      manager.close();
    }
    System.exit(0);
  }

  private static boolean managerPerRequest(String managers) {
    return switch (managers) {
      case "per-request" -> true;
      case "per-identity" -> false;
      default -> throw new IllegalArgumentException("managers=per-request or managers=per-identity, not " + managers);
    };
  }
}

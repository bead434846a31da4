package io.httppool.testapps.demo;

import io.httppool.testapps.Workload;
import io.httppool.testapps.server.LocalHttpServer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The demo: an application that builds a new OkHttpClient for every request (the mistake the agent repairs),
 * against an embedded server on 127.0.0.1. It prints how many TCP connections the server saw; with the agent
 * and {@code -Dhttppool.report-on-exit=true}, the agent then prints what its pool did.
 */
public final class Demo {
  private static final MediaType OCTETS = MediaType.parse("application/octet-stream");

  private Demo() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    boolean agent = isAgentAttached();
    try (LocalHttpServer server = LocalHttpServer.builder().maxConnections(requests + 64).start()) {
      String url = server.url("/echo");
      AtomicInteger failures = new AtomicInteger();
      long start = System.nanoTime();
      ExecutorService workers = Executors.newFixedThreadPool(threads);
      for (int i = 0; i < requests; i++) {
        int index = i;
        workers.execute(() -> {
          Request request = new Request.Builder().url(url)
              .post(RequestBody.create(OCTETS, Workload.body(index))).build();
          try (Response response = new OkHttpClient().newCall(request).execute()) {
            response.body().bytes();
          } catch (Exception e) {
            failures.incrementAndGet();
          }
        });
      }
      workers.shutdown();
      workers.awaitTermination(5, TimeUnit.MINUTES);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.printf("%d POSTs from %d threads, a new OkHttpClient for each, in %d ms (%d failed)%n",
          requests, threads, millis, failures.get());
      System.out.printf("TCP connections the server accepted: %d (%s)%n", server.metrics().connectionsAccepted(),
          agent ? "with the httppool agent" : "no agent attached: run again with -javaagent to compare");
    }
    System.exit(0);
  }

  private static boolean isAgentAttached() {
    try {
      Class.forName("io.httppool.bootstrap.AgentStatus", false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}

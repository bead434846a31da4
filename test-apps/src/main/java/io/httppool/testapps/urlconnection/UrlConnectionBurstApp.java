package io.httppool.testapps.urlconnection;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * {@code threads} threads send {@code bursts} bursts of one request each, waiting for one another between bursts:
 * every burst has all of them in flight at once (with a slow {@code path} such as /delay/300), and then leaves
 * all their connections idle at the same moment, as a batch job's barrier or a phase boundary does. Each request is
 * a connection per call the way a per-request app makes it: GET {@code base}{@code path}, the status, the body read
 * and closed, then {@code disconnect()}. One such request from the main thread comes first. Prints the digest of
 * (status, body read) per burst request.
 */
public final class UrlConnectionBurstApp {
  private UrlConnectionBurstApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String url = args.require("base") + args.require("path");
    int threads = args.getInt("threads", 64);
    int bursts = args.getInt("bursts", 5);
    Workload.Digest digest = new Workload.Digest(threads * bursts);
    AppReport report = new AppReport();
    // one request first, so that the bursts run on the agent's instrumentation, not while the agent's install,
    // started by the first HttpURLConnection class loaded, may still be retransforming the JDK's classes
    UrlConnectionApp.readCloseDisconnect(url, 0, new Workload.Digest(1));
    CyclicBarrier allIdle = new CyclicBarrier(threads);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        try {
          for (int burst = 0; burst < bursts; burst++) {
            allIdle.await(1, TimeUnit.MINUTES);
            try {
              UrlConnectionApp.readCloseDisconnect(url, burst * threads + thread, digest);
            } catch (Exception e) {
              report.failed(e);
            }
          }
        } catch (Exception e) {
          report.failed(e);
        }
      }, "burst-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join(TimeUnit.MINUTES.toMillis(3));
    }
    AppReport.result("digest", digest.hex());
    report.finish();
    System.exit(0);
  }
}

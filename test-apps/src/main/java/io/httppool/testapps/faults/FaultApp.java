package io.httppool.testapps.faults;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.net.URI;
import java.util.Random;

/**
 * Sends {@code requests} requests one after the other through one client of the family named by
 * {@code client} (a {@link FaultClient} of this package), pausing {@code pause} ms plus or minus
 * {@code jitter} ms between them (but {@code longPause} ms after the first {@code longPauseAfter}), and reports
 * what failed and how. With {@code warmUpPath}, one GET of that path on the same server comes first, not counted:
 * the client's classes are loaded and a connection is open before the first counted request (if it fails, on a
 * machine too slow for the scenario's timeouts, the counted requests still run, cold).
 *
 * <p>The timeouts default to 10 s, far beyond what a fault needs here: a fault that is not about time must not
 * turn into a timeout on a loaded machine (the JDK's client, at 2 s, named a TLS handshake failure
 * {@code HttpConnectTimeoutException} at load 27). A scenario about time sets its own.
 */
public final class FaultApp {
  private FaultApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    FaultClient client = client(args.require("client"), args.getInt("connectTimeout", 10_000),
        args.getInt("readTimeout", 10_000));
    String method = args.get("method", "GET");
    int pause = args.getInt("pause", 0);
    int jitter = args.getInt("jitter", 0);
    int longPauseAfter = args.getInt("longPauseAfter", 0);
    int longPause = args.getInt("longPause", 0);
    Random random = new Random(1);
    String warmUpPath = args.get("warmUpPath", null);
    if (warmUpPath != null) {
      try {
        client.send("GET", URI.create(args.require("url")).resolve(warmUpPath).toString(), new byte[0], "warm-up");
      } catch (Exception e) {
        AppReport.result("warmUpFailed", e.getClass().getName());
      }
    }
    AppReport report = new AppReport();
    for (int i = 0; i < args.getInt("requests", 20); i++) {
      try {
        client.send(method, args.require("url"), Workload.body(i), method + "-" + i);
      } catch (Exception e) {
        report.failed(e);
      }
      if (i + 1 == longPauseAfter) {
        Thread.sleep(longPause);
      } else if (pause > 0) {
        Thread.sleep(pause - jitter + (jitter == 0 ? 0 : random.nextInt(2 * jitter + 1)));
      }
    }
    report.finish();
    System.exit(0);
  }

  /** By name, so that only the named family's library has to be on the class path. */
  static FaultClient client(String family, int connectTimeout, int readTimeout) throws Exception {
    String simpleName = switch (family) {
      case "okhttp" -> "OkHttpFaultClient";
      case "apache4" -> "Apache4FaultClient";
      case "apache4-async" -> "Apache4AsyncFaultClient";
      case "apache5" -> "Apache5FaultClient";
      case "apache5-async" -> "Apache5AsyncFaultClient";
      case "urlconnection" -> "UrlConnectionFaultClient";
      case "jdkhttp" -> "JdkHttpFaultClient";
      default -> throw new IllegalArgumentException("unknown client family " + family);
    };
    return (FaultClient) Class.forName(FaultApp.class.getPackageName() + "." + simpleName)
        .getConstructor(int.class, int.class).newInstance(connectTimeout, readTimeout);
  }
}

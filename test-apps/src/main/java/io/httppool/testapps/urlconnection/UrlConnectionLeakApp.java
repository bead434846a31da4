package io.httppool.testapps.urlconnection;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads only the status of responses too large to buffer ({@code url}, e.g. /bytes/1048576) and keeps the
 * connections around, never reading or closing their bodies: each pins its TCP connection. Waits
 * {@code hold-ms} so that the agent's leak detection can see them, then prints the report.
 */
public final class UrlConnectionLeakApp {
  private static final List<HttpURLConnection> HELD = new ArrayList<>();

  private UrlConnectionLeakApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    URL url = new URL(args.require("url"));
    int requests = args.getInt("requests", 2);
    for (int i = 0; i < requests; i++) {
      HttpURLConnection connection = (HttpURLConnection) url.openConnection();
      AppReport.result("status" + i, connection.getResponseCode());
      HELD.add(connection);
    }
    Thread.sleep(args.getInt("hold-ms", 2500));
    AppReport.result("held", HELD.size());
    new AppReport().finish();
    System.exit(0);
  }
}

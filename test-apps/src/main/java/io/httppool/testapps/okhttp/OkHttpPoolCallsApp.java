package io.httppool.testapps.okhttp;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.IOException;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Calls every method of a {@code ConnectionPool} the application made and prints what each answered: two clients,
 * each with a {@code new ConnectionPool()}, one after the other against {@code url}; {@code connectionCount()} and
 * {@code idleConnectionCount()} of both pools after each step; {@code evictAll()} on the first pool while it is
 * idle, and again while the second client's response is still unread, which must then read to its end.
 * Compiled against OkHttp 4 and run against 3.x, 4.x and 5.x.
 */
public final class OkHttpPoolCallsApp {
  private OkHttpPoolCallsApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String url = args.require("url");
    ConnectionPool first = new ConnectionPool();
    ConnectionPool second = new ConnectionPool();
    OkHttpClient firstClient = new OkHttpClient.Builder().connectionPool(first).build();
    OkHttpClient secondClient = new OkHttpClient.Builder().connectionPool(second).build();
    AppReport.result("sameObject", firstClient.connectionPool() == first);

    for (int i = 0; i < 3; i++) {
      get(firstClient, url);
    }
    AppReport.result("afterFirst", counts(first, second));
    get(secondClient, url);
    AppReport.result("afterSecond", counts(first, second));
    first.evictAll();
    AppReport.result("afterEvictIdle", counts(first, second));

    try (Response unread = secondClient.newCall(new Request.Builder().url(url).build()).execute()) {
      AppReport.result("whileInUse", counts(first, second));
      first.evictAll();
      AppReport.result("evictedWhileInUse", counts(first, second));
      AppReport.result("inUseBody", unread.body().string().trim());
    }
    AppReport.result("end", counts(first, second));
    new AppReport().finish();
    System.exit(0);
  }

  private static void get(OkHttpClient client, String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      response.body().string();
    }
  }

  /** Both pools' {@code connectionCount()/idleConnectionCount()}, as {@code 1/1 0/0}. */
  private static String counts(ConnectionPool first, ConnectionPool second) {
    return first.connectionCount() + "/" + first.idleConnectionCount() + " " + second.connectionCount() + "/"
        + second.idleConnectionCount();
  }
}

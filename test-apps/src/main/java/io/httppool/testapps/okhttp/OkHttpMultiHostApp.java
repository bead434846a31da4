package io.httppool.testapps.okhttp;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Sends one GET to each of several hosts on one port, one after the other. */
public final class OkHttpMultiHostApp {
  private OkHttpMultiHostApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    AppReport report = new AppReport();
    for (String host : args.require("hosts").split(",")) {
      Request request = new Request.Builder().url("http://" + host + ":" + args.require("port") + "/hello").build();
      try (Response response = new OkHttpClient().newCall(request).execute()) {
        response.body().bytes();
      } catch (Exception e) {
        report.failed(e);
      }
    }
    report.finish();
    System.exit(0);
  }
}

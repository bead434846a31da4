package io.httppool.testapps.urlconnection;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streams a large body ({@code url}, e.g. /bytes/52428800) through a small buffer, {@code requests} times, the
 * way a download loop does: run with a small heap to show the body is never held in memory. Prints the byte
 * count and SHA-256 of the last body.
 */
public final class UrlConnectionStreamApp {
  private UrlConnectionStreamApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    URL url = new URL(args.require("url"));
    int requests = args.getInt("requests", 2);
    AppReport report = new AppReport();
    long total = 0;
    String digest = "";
    for (int i = 0; i < requests; i++) {
      try {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        AppReport.result("status" + i, connection.getResponseCode());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[8192];
        total = 0;
        try (InputStream in = connection.getInputStream()) {
          for (int read; (read = in.read(buffer)) > 0; ) {
            sha.update(buffer, 0, read);
            total += read;
          }
        }
        digest = HexFormat.of().formatHex(sha.digest());
      } catch (Exception e) {
        report.failed(e);
      }
    }
    AppReport.result("bytes", total);
    AppReport.result("sha256", digest);
    report.finish();
    System.exit(0);
  }
}

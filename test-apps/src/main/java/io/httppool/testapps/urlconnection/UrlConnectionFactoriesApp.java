package io.httppool.testapps.urlconnection;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import io.httppool.testapps.tls.TestCertificates;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * HttpsURLConnection with per-connection socket factories, reading only the status code: two factories of two
 * SSLContexts that trust the same authority take turns ({@code rounds} each), then one that trusts another
 * authority only (it must fail its handshake, whatever idle connections exist), then the first again. With
 * {@code alias-url} (the same server under a host name its certificate does not name): a request whose
 * verifier accepts any host, then one with the default verifier (which must refuse the host, whatever idle
 * connections the first left), then the lenient one again.
 */
public final class UrlConnectionFactoriesApp {
  private UrlConnectionFactoriesApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    URL url = new URL(args.require("url"));
    int rounds = args.getInt("rounds", 10);
    TestCertificates certificates = TestCertificates.in(Path.of(args.require("certs")));
    SSLSocketFactory first = certificates.clientContext(TestCertificates.Authority.MAIN).getSocketFactory();
    SSLSocketFactory second = certificates.clientContext(TestCertificates.Authority.MAIN).getSocketFactory();
    SSLSocketFactory other = certificates.clientContext(TestCertificates.Authority.OTHER).getSocketFactory();
    AppReport report = new AppReport();
    int ok = 0;
    for (int i = 0; i < rounds; i++) {
      ok += status(url, first) == 200 ? 1 : 0;
      ok += status(url, second) == 200 ? 1 : 0;
    }
    AppReport.result("ok", ok);
    try {
      AppReport.result("otherTrust", "status " + status(url, other));
    } catch (Exception e) {
      AppReport.result("otherTrust", e.getClass().getSimpleName());
    }
    AppReport.result("firstAgain", status(url, first));
    String alias = args.get("alias-url", null);
    if (alias != null) {
      URL aliasUrl = new URL(alias);
      HostnameVerifier lenient = (host, session) -> true;
      AppReport.result("lenient", status(aliasUrl, first, lenient));
      try {
        HostnameVerifier strict = HttpsURLConnection.getDefaultHostnameVerifier();
        AppReport.result("strict", "status " + status(aliasUrl, first, strict));
      } catch (Exception e) {
        AppReport.result("strict", e.getClass().getSimpleName());
      }
      AppReport.result("lenientAgain", status(aliasUrl, first, lenient));
    }
    report.finish();
    System.exit(0);
  }

  private static int status(URL url, SSLSocketFactory factory) throws Exception {
    return status(url, factory, null);
  }

  private static int status(URL url, SSLSocketFactory factory, HostnameVerifier verifier) throws Exception {
    HttpsURLConnection connection = (HttpsURLConnection) url.openConnection();
    connection.setSSLSocketFactory(factory);
    if (verifier == null) {
      return connection.getResponseCode();
    }
    // read to the end, so that even without the agent the connection goes back to the JDK's cache
    connection.setHostnameVerifier(verifier);
    int status = connection.getResponseCode();
    try (InputStream in = connection.getInputStream()) {
      in.readAllBytes();
    }
    return status;
  }
}

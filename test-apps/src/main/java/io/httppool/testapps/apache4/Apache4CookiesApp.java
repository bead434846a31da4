package io.httppool.testapps.apache4;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.cookie.Cookie;
import org.apache.http.impl.client.BasicCookieStore;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * Cookies through a client built per request, under each cookie spec a 4.5 client registers by default: for each
 * spec, one cookie store; a client built per request gets {@code base/cookies/set} (the server sets cookies with
 * assorted attributes, some of which a spec must reject) and another gets {@code base/cookies/show} (the server
 * answers with the Cookie header it received). Prints, per spec, that header and the store's cookies.
 */
public final class Apache4CookiesApp {
  private static final String[] SPECS = {
      null, "default", "standard", "standard-strict", "netscape", "compatibility", "best-match", "ignoreCookies"};

  private Apache4CookiesApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    AppReport report = new AppReport();
    for (String spec : SPECS) {
      BasicCookieStore store = new BasicCookieStore();
      String name = spec == null ? "unset" : spec;
      try {
        get(base + "/cookies/set", spec, store);
        AppReport.result("sent." + name, get(base + "/cookies/show", spec, store));
        List<String> kept = new ArrayList<>();
        for (Cookie cookie : store.getCookies()) {
          kept.add(cookie.getName() + "=" + cookie.getValue() + ";" + cookie.getDomain() + ";" + cookie.getPath()
              + ";" + cookie.getVersion() + ";" + cookie.isPersistent());
        }
        Collections.sort(kept);
        AppReport.result("kept." + name, kept);
      } catch (Exception e) {
        report.failed(e);
        AppReport.result("sent." + name, e.getClass().getName());
      }
    }
    report.finish();
    System.exit(0);
  }

  private static String get(String url, String spec, BasicCookieStore store) throws Exception {
    RequestConfig.Builder config = RequestConfig.custom();
    if (spec != null) {
      config.setCookieSpec(spec);
    }
    try (CloseableHttpClient client = HttpClients.custom().setDefaultCookieStore(store)
        .setDefaultRequestConfig(config.build()).build();
        CloseableHttpResponse response = client.execute(new HttpGet(url))) {
      return response.getStatusLine().getStatusCode() + " " + EntityUtils.toString(response.getEntity());
    }
  }
}

package io.httppool.testapps.jdkhttp;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.net.Authenticator;
import java.net.CookieManager;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Builders that differ in one setting each, every one built twice, one request sent on each client: prints the
 * selector threads at the end (one per JDK client running: with the agent, one per distinct configuration) and
 * what each client's getters answer (the objects the app gave by name), to compare with and without the agent.
 */
public final class JdkHttpSettingsApp {
  private JdkHttpSettingsApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    URI url = URI.create(args.require("base") + "/hello");
    ExecutorService ownExecutor = Executors.newFixedThreadPool(2);
    ExecutorService otherExecutor = Executors.newFixedThreadPool(2);
    ExecutorService shutDownExecutor = Executors.newFixedThreadPool(2);
    shutDownExecutor.shutdown();
    Authenticator authenticator = new Authenticator() {};
    CookieManager cookies = new CookieManager();
    ProxySelector noProxy = HttpClient.Builder.NO_PROXY;
    SSLParameters tls13 = new SSLParameters(null, new String[] {"TLSv1.3"});
    Map<String, UnaryOperator<HttpClient.Builder>> variants = new LinkedHashMap<>();
    variants.put("defaults", builder -> builder);
    variants.put("version", builder -> builder.version(HttpClient.Version.HTTP_1_1));
    variants.put("redirects", builder -> builder.followRedirects(HttpClient.Redirect.NORMAL));
    variants.put("connect-timeout", builder -> builder.connectTimeout(Duration.ofSeconds(7)));
    variants.put("executor", builder -> builder.executor(ownExecutor));
    variants.put("other-executor", builder -> builder.executor(otherExecutor));
    variants.put("authenticator", builder -> builder.authenticator(authenticator));
    variants.put("cookies", builder -> builder.cookieHandler(cookies));
    variants.put("proxy", builder -> builder.proxy(noProxy));
    variants.put("ssl-parameters", builder -> builder.sslParameters(tls13));
    // equal by value, not by identity: shares with ssl-parameters
    variants.put("equal-ssl-parameters",
        builder -> builder.sslParameters(new SSLParameters(null, new String[] {"TLSv1.3"})));
    // last: a jdk.httpclient property set before a build belongs to that build's configuration
    variants.put("jdk-property", builder -> {
      System.setProperty("jdk.httpclient.receiveBufferSize", "65536");
      return builder;
    });
    Map<Object, String> named = Map.of(ownExecutor, "executor", otherExecutor, "other-executor", authenticator,
        "authenticator", cookies, "cookies", noProxy, "proxy", SSLContext.getDefault(), "default");
    List<HttpClient> clients = new ArrayList<>();
    for (Map.Entry<String, UnaryOperator<HttpClient.Builder>> variant : variants.entrySet()) {
      for (int copy = 0; copy < 2; copy++) {
        HttpClient client = variant.getValue().apply(HttpClient.newBuilder()).build();
        AppReport.result("getters-" + variant.getKey() + "-" + copy, getters(client, named));
        clients.add(client);
        client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
      }
    }
    int beforeShutDownExecutor = (int) JdkHttpApp.selectorThreads();
    AppReport.result("shut-down-executor", sendWithShutDownExecutor(shutDownExecutor, url));
    AppReport.result("selector-threads", beforeShutDownExecutor);
    AppReport.result("clients", clients.size());
    ownExecutor.shutdown();
    otherExecutor.shutdown();
    new AppReport().finish();
    System.exit(0);
  }

  /**
   * How a request through a client built with an executor already shut down ends. On a loaded machine the JDK 17
   * client sometimes never answers it at all (seen without the agent: the app hung until its test killed it), so
   * it is sent on a thread of its own and waited for a bounded time; that outcome is reported too.
   */
  private static String sendWithShutDownExecutor(ExecutorService shutDownExecutor, URI url)
      throws InterruptedException {
    String[] outcome = {null};
    Thread sender = new Thread(() -> {
      try {
        HttpClient.newBuilder().executor(shutDownExecutor).build()
            .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
        outcome[0] = "sent";
      } catch (Exception e) {
        outcome[0] = e.getClass().getName();
      }
    }, "shut-down-executor-send");
    sender.setDaemon(true);
    sender.start();
    sender.join(TimeUnit.SECONDS.toMillis(30));
    return sender.isAlive() ? "no answer within 30 s" : outcome[0];
  }

  /** What the client's getters answer; the application's objects by name. */
  private static String getters(HttpClient client, Map<Object, String> named) {
    return String.join(" ", "version=" + client.version(), "redirects=" + client.followRedirects(),
        "connect-timeout=" + client.connectTimeout().orElse(null),
        "executor=" + name(client.executor(), named), "authenticator=" + name(client.authenticator(), named),
        "cookies=" + name(client.cookieHandler(), named), "proxy=" + name(client.proxy(), named),
        "ssl-context=" + name(Optional.of(client.sslContext()), named),
        "protocols=" + List.of(client.sslParameters().getProtocols()));
  }

  private static String name(Optional<?> value, Map<Object, String> named) {
    return value.map(object -> named.getOrDefault(object, "another")).orElse("none");
  }
}

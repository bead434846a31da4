package io.httppool.testapps.okhttp;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/** An app with its own EventListener that counts every event it receives, over one shared client. */
public final class OkHttpListenerApp {
  private static final Map<String, AtomicInteger> EVENTS = new ConcurrentHashMap<>();

  private OkHttpListenerApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    AppReport report = new AppReport();
    OkHttpClient client = new OkHttpClient.Builder().eventListener(new CountingListener()).build();
    for (int i = 0; i < args.getInt("requests", 50); i++) {
      try (Response response = client.newCall(new Request.Builder().url(args.require("url")).build()).execute()) {
        response.body().bytes();
      } catch (IOException e) {
        report.failed(e);
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    EVENTS.forEach((event, count) -> counts.put(event, count.get()));
    AppReport.result("events", counts.toString().replace(" ", ""));
    report.finish();
    System.exit(0);
  }

  private static void count(String event) {
    EVENTS.computeIfAbsent(event, e -> new AtomicInteger()).incrementAndGet();
  }

  private static final class CountingListener extends EventListener {
    @Override public void callStart(Call call) { count("callStart"); }
    @Override public void dnsStart(Call call, String domainName) { count("dnsStart"); }
    @Override public void dnsEnd(Call call, String domainName, List<InetAddress> list) { count("dnsEnd"); }
    @Override public void connectStart(Call call, InetSocketAddress address, Proxy proxy) { count("connectStart"); }
    @Override public void secureConnectStart(Call call) { count("secureConnectStart"); }
    @Override public void secureConnectEnd(Call call, Handshake handshake) { count("secureConnectEnd"); }
    @Override public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
      count("connectEnd");
    }
    @Override public void connectionAcquired(Call call, Connection connection) { count("connectionAcquired"); }
    @Override public void connectionReleased(Call call, Connection connection) { count("connectionReleased"); }
    @Override public void requestHeadersStart(Call call) { count("requestHeadersStart"); }
    @Override public void requestHeadersEnd(Call call, Request request) { count("requestHeadersEnd"); }
    @Override public void responseHeadersStart(Call call) { count("responseHeadersStart"); }
    @Override public void responseHeadersEnd(Call call, Response response) { count("responseHeadersEnd"); }
    @Override public void responseBodyStart(Call call) { count("responseBodyStart"); }
    @Override public void responseBodyEnd(Call call, long byteCount) { count("responseBodyEnd"); }
    @Override public void callEnd(Call call) { count("callEnd"); }
    @Override public void callFailed(Call call, IOException ioe) { count("callFailed"); }
  }
}

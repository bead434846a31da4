package io.httppool.testapps.bench;

import java.io.File;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The client families, each with its bench app and the jar set it runs against (none: the JDK's own). */
enum ClientApp {
  OKHTTP("okhttp", "OkHttp 4.12", OkHttpBench.class, "okhttp4"),
  APACHE4("apache4", "Apache 4.5", Apache4Bench.class, "bench-apache4"),
  APACHE5("apache5", "Apache 5.5", Apache5Bench.class, "bench-apache5"),
  URLCONNECTION("urlconnection", "HttpURLConnection", UrlConnectionBench.class, null),
  JDKHTTP("jdkhttp", "java.net.http", JdkHttpBench.class, null),
  APACHE5ASYNC("apache5async", "Apache 5.5 async", Apache5AsyncBench.class, "bench-apache5"),
  /** The family's own test set: the async client with the httpclient and httpcore-nio it needs. */
  APACHE4ASYNC("apache4async", "HttpAsyncClient 4.1.5", Apache4AsyncBench.class, "apache4async415");

  private final String id;
  private final String label;
  private final Class<?> app;
  private final String jarSet;

  ClientApp(String id, String label, Class<?> app, String jarSet) {
    this.id = id;
    this.label = label;
    this.app = app;
    this.jarSet = jarSet;
  }

  static ClientApp byId(String id) {
    for (ClientApp client : values()) {
      if (client.id.equals(id)) {
        return client;
      }
    }
    throw new IllegalArgumentException("unknown client " + id + "; expected one of " + ids());
  }

  /** Every client's id, comma-separated: the {@code clients=} argument that runs them all. */
  static String ids() {
    return Arrays.stream(values()).map(client -> client.id).collect(Collectors.joining(","));
  }

  String label() {
    return label;
  }

  String mainClass() {
    return app.getName();
  }

  String classPath(BenchSettings settings) {
    String classes = settings.appClasses().toString();
    return jarSet == null ? classes : classes + File.pathSeparator + settings.libs().resolve(jarSet) + "/*";
  }
}

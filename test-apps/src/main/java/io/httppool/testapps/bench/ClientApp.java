package io.httppool.testapps.bench;

import java.io.File;

/** The client families, each with its bench app and the jar set it runs against (none: the JDK's own). */
enum ClientApp {
  OKHTTP("okhttp", "OkHttp 4.12", OkHttpBench.class, "okhttp4"),
  APACHE4("apache4", "Apache 4.5", Apache4Bench.class, "bench-apache4"),
  APACHE5("apache5", "Apache 5.5", Apache5Bench.class, "bench-apache5"),
  URLCONNECTION("urlconnection", "HttpURLConnection", UrlConnectionBench.class, null),
  JDKHTTP("jdkhttp", "java.net.http", JdkHttpBench.class, null);

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
    throw new IllegalArgumentException("unknown client " + id + "; expected okhttp, apache4, apache5, urlconnection"
        + " or jdkhttp");
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

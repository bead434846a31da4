package io.httppool.testapps.okhttp;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Two client identities (two client certificates, each in its own SSLContext made once), a new OkHttpClient per
 * request, requests interleaved from many threads: the server names the certificate it saw, which must be the
 * one the request was sent with. {@code pool=per-client} gives every client a {@code new ConnectionPool()} too.
 */
public final class OkHttpMutualTlsApp {
  private OkHttpMutualTlsApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    char[] password = args.require("password").toCharArray();
    Identity[] identities = {
        new Identity(args.require("subjectA"), Path.of(args.require("keystoreA")), Path.of(args.require("truststore")),
            password),
        new Identity(args.require("subjectB"), Path.of(args.require("keystoreB")), Path.of(args.require("truststore")),
            password)};
    String url = args.require("url");
    int requests = args.getInt("requests", 2000);
    boolean poolPerClient = "per-client".equals(args.get("pool", "default"));
    AppReport report = new AppReport();
    AtomicInteger mismatches = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(args.getInt("threads", 8));
    for (int i = 0; i < requests; i++) {
      Identity identity = identities[i % 2];
      workers.execute(() -> {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
            .sslSocketFactory(identity.socketFactory, identity.trustManager);
        if (poolPerClient) {
          builder.connectionPool(new ConnectionPool());
        }
        OkHttpClient client = builder.build();
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
          String subject = new String(response.body().bytes(), StandardCharsets.UTF_8).trim();
          if (!subject.equals(identity.subject)) {
            mismatches.incrementAndGet();
          }
        } catch (Exception e) {
          report.failed(e);
        }
      });
    }
    workers.shutdown();
    workers.awaitTermination(5, TimeUnit.MINUTES);
    AppReport.result("mismatches", mismatches.get());
    report.finish();
    System.exit(0);
  }

  private static final class Identity {
    final String subject;
    final SSLSocketFactory socketFactory;
    final X509TrustManager trustManager;

    Identity(String subject, Path keystore, Path truststore, char[] password) throws Exception {
      this.subject = subject;
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(keystore, password), password);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(truststore, password));
      this.trustManager = (X509TrustManager) trust.getTrustManagers()[0];
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      // one factory per identity: OkHttp reuses a connection only for the same factory instance
      this.socketFactory = context.getSocketFactory();
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        store.load(in, password);
      }
      return store;
    }
  }
}

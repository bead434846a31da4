package io.httppool.testapps.transparency;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpHead;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.impl.client.BasicResponseHandler;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * Apache HttpClient 4.x the ways applications call it: {@code HttpClients.createDefault()} per request, closed in
 * some patterns and left open in others, as careless code does. Each request carries a config with 10 s timeouts
 * so that nothing hangs.
 */
final class Apache4Driver implements FamilyDriver {
  private static final int TIMEOUT_MILLIS = 30_000;

  @Override
  public List<String> patterns() {
    return List.of("to-string", "consume", "close-unconsumed", "never-closed", "handler", "basic-handler",
        "partial-read", "chunked-post", "head", "no-redirects");
  }

  @Override
  public void call(String pattern, String url, Observation seen) throws Exception {
    CloseableHttpClient client = HttpClients.createDefault();
    switch (pattern) {
      case "to-string" -> {
        // the tidy way: client and response closed
        try (client; CloseableHttpResponse response = client.execute(get(url))) {
          head(response, seen);
          HttpEntity entity = response.getEntity();
          if (entity == null) {
            seen.note("entity=null");
          } else {
            seen.body(EntityUtils.toString(entity).getBytes(StandardCharsets.UTF_8));
          }
        }
      }
      case "consume" -> {
        // response consumed, neither it nor the client closed
        CloseableHttpResponse response = client.execute(get(url));
        head(response, seen);
        EntityUtils.consume(response.getEntity());
      }
      case "close-unconsumed" -> {
        CloseableHttpResponse response = client.execute(get(url));
        seen.status(response.getStatusLine().getStatusCode());
        response.close();
      }
      case "never-closed" -> head(client.execute(get(url)), seen);
      case "handler" -> {
        byte[] body = client.execute(get(url), response -> {
          head(response, seen);
          return response.getEntity() == null ? null : EntityUtils.toByteArray(response.getEntity());
        });
        body(body, seen);
        client.close();
      }
      case "basic-handler" -> {
        String body = client.execute(get(url), new BasicResponseHandler());
        body(body == null ? null : body.getBytes(StandardCharsets.UTF_8), seen);
      }
      case "partial-read" -> {
        try (CloseableHttpResponse response = client.execute(get(url))) {
          seen.status(response.getStatusLine().getStatusCode());
          HttpEntity entity = response.getEntity();
          if (entity != null) {
            try (InputStream in = entity.getContent()) {
              seen.body(in, 100);
            }
          }
        }
      }
      case "chunked-post" -> {
        HttpPost post = configured(new HttpPost(url), true);
        post.setEntity(new InputStreamEntity(new ByteArrayInputStream(TransparencyApp.requestBody(4_000)), -1,
            ContentType.APPLICATION_OCTET_STREAM));
        try (CloseableHttpResponse response = client.execute(post)) {
          head(response, seen);
          body(response.getEntity() == null ? null : EntityUtils.toByteArray(response.getEntity()), seen);
        }
        client.close();
      }
      case "head" -> {
        try (CloseableHttpResponse response = client.execute(configured(new HttpHead(url), true))) {
          head(response, seen);
          seen.note(response.getEntity() == null ? "entity=null" : "entity");
        }
      }
      case "no-redirects" -> {
        try (client; CloseableHttpResponse response = client.execute(configured(new HttpGet(url), false))) {
          head(response, seen);
          body(response.getEntity() == null ? null : EntityUtils.toByteArray(response.getEntity()), seen);
        }
      }
      default -> throw new IllegalArgumentException("no pattern " + pattern);
    }
  }

  private static HttpGet get(String url) {
    return configured(new HttpGet(url), true);
  }

  private static <T extends HttpRequestBase> T configured(T request, boolean redirects) {
    request.setConfig(RequestConfig.custom().setConnectTimeout(TIMEOUT_MILLIS).setSocketTimeout(TIMEOUT_MILLIS)
        .setConnectionRequestTimeout(TIMEOUT_MILLIS).setRedirectsEnabled(redirects).build());
    return request;
  }

  static void head(HttpResponse response, Observation seen) {
    seen.status(response.getStatusLine().getStatusCode());
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Header header : response.getAllHeaders()) {
      headers.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
    }
    seen.headers(headers);
  }

  static void body(byte[] body, Observation seen) {
    if (body == null) {
      seen.note("entity=null");
    } else {
      seen.body(body);
    }
  }
}

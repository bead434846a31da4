package io.httppool.testapps.transparency;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.BasicHttpClientResponseHandler;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5.x classic the ways applications call it: {@code HttpClients.createDefault()} per request,
 * closed in some patterns and left open in others, with the response handler API, {@code executeOpen} and the
 * deprecated {@code execute(request)} that most code ported from 4.x still uses. Each request carries a config
 * with 10 s timeouts so that nothing hangs.
 */
final class Apache5Driver implements FamilyDriver {
  private static final Timeout TIMEOUT = Timeout.ofSeconds(30);

  @Override
  public List<String> patterns() {
    return List.of("handler-to-string", "execute-open", "consume", "close-unconsumed", "never-closed",
        "basic-handler", "partial-read", "chunked-post", "head", "no-redirects");
  }

  @Override
  @SuppressWarnings("deprecation") // execute(request) is what code ported from 4.x calls
  public void call(String pattern, String url, Observation seen) throws Exception {
    CloseableHttpClient client = HttpClients.createDefault();
    switch (pattern) {
      case "handler-to-string" -> {
        try (client) {
          String body = client.execute(get(url), response -> {
            head(response, seen);
            return response.getEntity() == null ? null : EntityUtils.toString(response.getEntity());
          });
          body(body == null ? null : body.getBytes(StandardCharsets.UTF_8), seen);
        }
      }
      case "execute-open" -> {
        // response closed, client left open
        try (ClassicHttpResponse response = client.executeOpen(null, get(url), null)) {
          head(response, seen);
          body(response.getEntity() == null ? null : EntityUtils.toByteArray(response.getEntity()), seen);
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
        seen.status(response.getCode());
        response.close();
      }
      case "never-closed" -> head(client.execute(get(url)), seen);
      case "basic-handler" -> {
        String body = client.execute(get(url), new BasicHttpClientResponseHandler());
        body(body == null ? null : body.getBytes(StandardCharsets.UTF_8), seen);
      }
      case "partial-read" -> {
        try (CloseableHttpResponse response = client.execute(get(url))) {
          seen.status(response.getCode());
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
        try (client) {
          client.execute(post, response -> {
            head(response, seen);
            body(response.getEntity() == null ? null : EntityUtils.toByteArray(response.getEntity()), seen);
            return null;
          });
        }
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

  private static <T extends HttpUriRequestBase> T configured(T request, boolean redirects) {
    request.setConfig(RequestConfig.custom().setResponseTimeout(TIMEOUT).setConnectionRequestTimeout(TIMEOUT)
        .setRedirectsEnabled(redirects).build());
    return request;
  }

  static void head(HttpResponse response, Observation seen) {
    seen.status(response.getCode());
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Header header : response.getHeaders()) {
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

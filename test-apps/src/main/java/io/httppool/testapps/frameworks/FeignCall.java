package io.httppool.testapps.frameworks;

import feign.Feign;
import feign.FeignException;
import feign.Param;
import feign.RequestLine;
import java.nio.charset.StandardCharsets;

/** OpenFeign with its default client (HttpURLConnection), {@code Feign.builder()...target(...)} per request. */
final class FeignCall implements FrameworkCall {

  interface Api {
    @RequestLine("GET /fw/{index}")
    String get(@Param("index") int index);
  }

  @Override
  public Outcome fetch(String base, int index) {
    Api api = Feign.builder().target(Api.class, base);
    return new Outcome(200, api.get(index));
  }

  @Override
  public Outcome fromFailure(Exception failure) {
    if (failure instanceof FeignException feign && feign.status() > 0) {
      byte[] content = feign.content();
      return new Outcome(feign.status(), content == null ? null : new String(content, StandardCharsets.UTF_8));
    }
    return null;
  }
}

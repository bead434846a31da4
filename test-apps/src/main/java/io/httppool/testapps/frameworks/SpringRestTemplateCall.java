package io.httppool.testapps.frameworks;

import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestTemplate;

/** Spring's {@code RestTemplate} with its default request factory (HttpURLConnection), a new one per request. */
final class SpringRestTemplateCall implements FrameworkCall {

  @Override
  public Outcome fetch(String base, int index) {
    String body = new RestTemplate().getForObject(FrameworksApp.url(base, index), String.class);
    return new Outcome(200, body);
  }

  @Override
  public Outcome fromFailure(Exception failure) {
    return SpringRestTemplateCall.statusCodeOutcome(failure);
  }

  static Outcome statusCodeOutcome(Exception failure) {
    if (failure instanceof HttpStatusCodeException status) {
      return new Outcome(status.getStatusCode().value(), status.getResponseBodyAsString());
    }
    return null;
  }
}

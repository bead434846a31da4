package io.httppool.testapps.frameworks;

import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;

/**
 * Spring's {@code RestTemplate} over Apache HttpClient 5 ({@code HttpComponentsClientHttpRequestFactory}, which
 * builds its own client), a new template and factory per request, never closed.
 */
final class SpringRestTemplateHc5Call implements FrameworkCall {

  @Override
  public Outcome fetch(String base, int index) {
    RestTemplate template = new RestTemplate(new HttpComponentsClientHttpRequestFactory());
    return new Outcome(200, template.getForObject(FrameworksApp.url(base, index), String.class));
  }

  @Override
  public Outcome fromFailure(Exception failure) {
    return SpringRestTemplateCall.statusCodeOutcome(failure);
  }
}

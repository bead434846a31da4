package io.httppool.testapps.frameworks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/** Jackson's {@code new ObjectMapper().readTree(URL)} (HttpURLConnection through {@code URL.openStream()}). */
final class JacksonCall implements FrameworkCall {

  @Override
  @SuppressWarnings("deprecation")
  public Outcome fetch(String base, int index) throws Exception {
    return new Outcome(200, new ObjectMapper().readTree(URI.create(FrameworksApp.url(base, index)).toURL())
        .toString());
  }

  /** Jackson hands over a tree: what it prints is the sent document re-serialised. */
  @Override
  public String expectedBody(String sent) {
    try {
      return new ObjectMapper().readTree(sent).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

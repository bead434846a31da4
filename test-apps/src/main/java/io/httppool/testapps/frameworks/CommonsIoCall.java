package io.httppool.testapps.frameworks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.commons.io.IOUtils;

/** commons-io's {@code IOUtils.toString(URL, UTF_8)} (HttpURLConnection through {@code URL.openStream()}). */
final class CommonsIoCall implements FrameworkCall {

  @Override
  public Outcome fetch(String base, int index) throws Exception {
    return new Outcome(200, IOUtils.toString(URI.create(FrameworksApp.url(base, index)).toURL(),
        StandardCharsets.UTF_8));
  }
}

package io.httppool.testapps.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** A response exactly as it came over the wire, see {@link RawHttpConnection}. */
public record RawResponse(String statusLine, List<String[]> headers, byte[] body, byte[] raw) {

  public int status() {
    return Integer.parseInt(statusLine.split(" ")[1]);
  }

  public Optional<String> header(String name) {
    return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Status line, headers, blank line and body, as text. */
  public String rawText() {
    return new String(raw, StandardCharsets.ISO_8859_1);
  }
}

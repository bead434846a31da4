package io.httppool.testapps.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Parses HTTP/1.x requests from a connection's buffered input, rejecting anything malformed. */
final class HttpRequestReader {

  static final int MAX_HEADER_FIELDS = 200;
  static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern HTTP_VERSION = Pattern.compile("HTTP/[0-9]\\.[0-9]");
  private static final Pattern ABSOLUTE_FORM = Pattern.compile("(?i)https?://[^/?#]+");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
  // RFC 9112 allows a few empty lines before a request line, left over from a previous body
  private static final int MAX_LEADING_EMPTY_LINES = 4;

  private final HttpLineReader lines;

  HttpRequestReader(InputStream in) {
    this.lines = new HttpLineReader(in);
  }

  /** The next request head, or null if the peer closed the connection cleanly between requests. */
  RequestHead readHead() throws IOException, HttpProtocolException {
    String requestLine = lines.readLineOrEof();
    for (int i = 0; requestLine != null && requestLine.isEmpty() && i < MAX_LEADING_EMPTY_LINES; i++) {
      requestLine = lines.readLineOrEof();
    }
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches()) {
      throw HttpProtocolException.badRequest("malformed request line");
    }
    String version = checkVersion(parts[2]);
    String target = originForm(parts[1]);
    Headers headers = readHeaderFields();
    if ("HTTP/1.1".equals(version) && headers.all("Host").size() != 1) {
      throw HttpProtocolException.badRequest("HTTP/1.1 request needs exactly one Host header");
    }
    boolean chunked = isChunked(headers);
    long contentLength = contentLength(headers, chunked);
    return new RequestHead(parts[0], target, version, headers, contentLength, chunked);
  }

  byte[] readBody(RequestHead head) throws IOException, HttpProtocolException {
    if (head.chunked()) {
      return new ChunkedBodyDecoder(lines, MAX_BODY_BYTES).decode();
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream((int) head.contentLength());
    lines.readExactly(head.contentLength(), body);
    return body.toByteArray();
  }

  private static String checkVersion(String version) throws HttpProtocolException {
    if (!HTTP_VERSION.matcher(version).matches()) {
      throw HttpProtocolException.badRequest("malformed HTTP version");
    }
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      throw new HttpProtocolException(505, "HTTP version not supported");
    }
    return version;
  }

  private static String originForm(String target) throws HttpProtocolException {
    if (target.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
      throw HttpProtocolException.badRequest("invalid character in request target");
    }
    var absolute = ABSOLUTE_FORM.matcher(target);
    if (absolute.lookingAt()) {
      String rest = target.substring(absolute.end());
      return rest.startsWith("/") ? rest : "/" + rest;
    }
    if (!target.startsWith("/")) {
      throw HttpProtocolException.badRequest("request target must be a path");
    }
    return target;
  }

  private Headers readHeaderFields() throws IOException, HttpProtocolException {
    List<Headers.Field> fields = new ArrayList<>();
    String line;
    while (!(line = lines.readLine()).isEmpty()) {
      if (fields.size() >= MAX_HEADER_FIELDS) {
        throw HttpProtocolException.badRequest("too many header fields");
      }
      fields.add(parseField(line));
    }
    return Headers.of(fields);
  }

  private static Headers.Field parseField(String line) throws HttpProtocolException {
    int colon = line.indexOf(':');
    if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
      // also rejects obsolete line folding, which starts with whitespace
      throw HttpProtocolException.badRequest("malformed header field");
    }
    String value = line.substring(colon + 1).strip();
    if (value.chars().anyMatch(c -> c < ' ' && c != '\t' || c == 0x7f)) {
      throw HttpProtocolException.badRequest("control character in header value");
    }
    return new Headers.Field(line.substring(0, colon), value);
  }

  private static boolean isChunked(Headers headers) throws HttpProtocolException {
    List<String> codings = headers.all("Transfer-Encoding");
    if (codings.isEmpty()) {
      return false;
    }
    if (codings.size() != 1 || !codings.get(0).equalsIgnoreCase("chunked")) {
      throw new HttpProtocolException(501, "only Transfer-Encoding: chunked is supported");
    }
    if (headers.contains("Content-Length")) {
      throw HttpProtocolException.badRequest("both Transfer-Encoding and Content-Length");
    }
    return true;
  }

  private static long contentLength(Headers headers, boolean chunked) throws HttpProtocolException {
    if (chunked) {
      return 0;
    }
    String declared = null;
    for (String value : headers.all("Content-Length")) {
      for (String item : value.split(",", -1)) {
        String length = item.strip();
        if (!DIGITS.matcher(length).matches() || (declared != null && !declared.equals(length))) {
          throw HttpProtocolException.badRequest("invalid Content-Length");
        }
        declared = length;
      }
    }
    long length = declared == null ? 0 : Long.parseLong(declared);
    if (length > MAX_BODY_BYTES) {
      throw new HttpProtocolException(413, "request body too large");
    }
    return length;
  }
}

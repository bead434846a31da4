package io.httppool.testapps.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deliberately dumb HTTP/1.1 client on one socket, for tests that need to see exactly what goes over a
 * connection: requests are sent as given, responses are read as they come.
 */
public final class RawHttpConnection implements AutoCloseable {

  private static final int READ_TIMEOUT_MILLIS = 10_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttpConnection(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  public static RawHttpConnection open(int port) throws IOException {
    return new RawHttpConnection(new Socket("127.0.0.1", port));
  }

  /** Sends the text as ISO-8859-1; write {@code \r\n} yourself. */
  public RawHttpConnection send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttpConnection send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** {@code GET path} with the Host header and any extra header lines given as "Name: value". */
  public RawHttpConnection sendGet(String path, String... headerLines) throws IOException {
    StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    return send(request.append("\r\n").toString());
  }

  /** Reads one response, body framed by its Content-Length or chunked encoding. */
  public RawResponse readResponse() throws IOException {
    return read(false);
  }

  /** Reads the response to a HEAD request: headers only, whatever Content-Length says. */
  public RawResponse readHeadResponse() throws IOException {
    return read(true);
  }

  /** True once the server has closed (or reset) the connection; waits up to the read timeout. */
  public boolean isClosedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private RawResponse read(boolean headOnly) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    String statusLine = readLine(raw);
    List<String[]> headers = new ArrayList<>();
    String line;
    while (!(line = readLine(raw)).isEmpty()) {
      int colon = line.indexOf(':');
      headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1).strip()});
    }
    RawResponse head = new RawResponse(statusLine, headers, new byte[0], raw.toByteArray());
    int status = head.status();
    if (headOnly || status < 200 || status == 204 || status == 304) {
      return head;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (head.header("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).equals("chunked")).orElse(false)) {
      readChunked(raw, body);
    } else {
      long length = Long.parseLong(head.header("Content-Length").orElseThrow(
          () -> new IOException("response without Content-Length: " + statusLine)));
      copy(length, raw, body);
    }
    return new RawResponse(statusLine, headers, body.toByteArray(), raw.toByteArray());
  }

  private void readChunked(ByteArrayOutputStream raw, ByteArrayOutputStream body) throws IOException {
    long size;
    while ((size = Long.parseLong(readLine(raw).split(";")[0].strip(), 16)) > 0) {
      copy(size, raw, body);
      readLine(raw);
    }
    while (!readLine(raw).isEmpty()) {
      // trailer fields
    }
  }

  private void copy(long count, ByteArrayOutputStream raw, ByteArrayOutputStream body) throws IOException {
    for (long i = 0; i < count; i++) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + i + " of " + count + " body bytes");
      }
      raw.write(b);
      body.write(b);
    }
  }

  private String readLine(ByteArrayOutputStream raw) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed in the middle of a line: " + line);
      }
      raw.write(b);
      line.append((char) b);
    }
    raw.write(b);
    int length = line.length();
    return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
  }
}

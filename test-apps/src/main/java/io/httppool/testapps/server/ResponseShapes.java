package io.httppool.testapps.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * The ways real servers answer and pace their bytes, each at {@code /shape/{name}} for any method, for the
 * differential transparency suite. Every body is a function of the shape alone, so the same request always gets
 * the same bytes.
 */
public final class ResponseShapes implements ConnectionInterceptor {
  public static final String PREFIX = "/shape/";

  /** One way of answering. */
  public enum Shape {
    /** Content-Length, headers and body in one write. */
    LENGTH,
    /** Transfer-Encoding: chunked. */
    CHUNKED,
    /** Content-Encoding: gzip with a Content-Length. */
    GZIP,
    /** 200 with Content-Length: 0. */
    EMPTY,
    NO_CONTENT,
    NOT_MODIFIED,
    /**
     * 600 KiB: more than the agent buffers, and more than the JDK drains in the background when such a body is
     * closed unread (512 KiB), so that closing it closes its connection at once instead of racing the next request.
     */
    LARGE,
    /** 1,000 bytes in four writes 110 ms apart: longer pauses than any short wait of the agent. */
    TRICKLE,
    /** The headers, 20 ms of nothing, then the body: separate TCP segments. */
    SPLIT,
    /** Connection: close, and the server closes. */
    CLOSE,
    /** 404 with a small body. */
    ERROR_SMALL,
    /**
     * 500 with a 10 KiB body in four writes 110 ms apart: larger than the JDK buffers for error streams, and pausing
     * longer than the 60 ms read timeout the JDK's error stream buffering leaves on the connection for such a body.
     */
    ERROR_LARGE,
    /** A keep-alive response, then the server closes the connection without saying so. */
    KEEP_ALIVE_CLOSE,
    /** 302 to the LENGTH shape. */
    REDIRECT,
    /**
     * 200 whose body is the request's header fields as the server received them, one {@code name: value} line
     * each, in order: what a client sends (User-Agent, Accept-Encoding, Connection, ...) becomes what it reads.
     */
    REQUEST_HEADERS;

    public String path() {
      return PREFIX + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Shape ofPath(String path) {
      String name = path.substring(PREFIX.length()).toUpperCase(Locale.ROOT).replace('-', '_');
      return valueOf(name);
    }
  }

  private static final int TRICKLE_PIECES = 4;
  private static final long TRICKLE_PAUSE_MILLIS = 110;
  private static final long SPLIT_PAUSE_MILLIS = 20;

  private ResponseShapes() {
  }

  /**
   * {@code count} servers with every shape, one per cell of the suite, so that no connection a cell leaves
   * behind is reused by the next one and each server's accepted connections are that cell's;
   * {@code configure} may add to each (TLS, idle timeout).
   */
  public static Servers start(int count, UnaryOperator<LocalHttpServer.Builder> configure) {
    ResponseShapes shapes = new ResponseShapes();
    List<LocalHttpServer> servers = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        servers.add(configure.apply(LocalHttpServer.builder().interceptor(shapes)
            .route("*", PREFIX + "*", shapes::respond)).start());
      }
    } catch (RuntimeException e) {
      servers.forEach(LocalHttpServer::close);
      throw e;
    }
    return new Servers(List.copyOf(servers));
  }

  /** Running shapes servers. */
  public record Servers(List<LocalHttpServer> servers) implements AutoCloseable {
    /** The servers' ports, comma-separated, in order: the app's {@code ports} argument. */
    public String ports() {
      return servers.stream().map(server -> Integer.toString(server.port())).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
      servers.forEach(LocalHttpServer::close);
    }
  }

  public static List<Shape> all() {
    return Arrays.asList(Shape.values());
  }

  /**
   * The body the shape sends (empty for those without one); what a client that decodes gzip reads for GZIP. For
   * REQUEST_HEADERS, whose body depends on the request, empty.
   */
  public static byte[] body(Shape shape) {
    return switch (shape) {
      case LENGTH, GZIP -> bytes(1, 2_000);
      case CHUNKED -> bytes(2, 3_000);
      case LARGE -> bytes(3, 600 * 1024);
      case TRICKLE -> bytes(4, 1_000);
      case SPLIT -> bytes(5, 1_500);
      case CLOSE -> bytes(6, 700);
      case ERROR_SMALL -> bytes(7, 100);
      case ERROR_LARGE -> bytes(8, 10 * 1024);
      case KEEP_ALIVE_CLOSE -> bytes(9, 900);
      case REDIRECT -> bytes(10, 50);
      case EMPTY, NO_CONTENT, NOT_MODIFIED, REQUEST_HEADERS -> new byte[0];
    };
  }

  private static byte[] bytes(int seed, int length) {
    byte[] body = new byte[length];
    for (int i = 0; i < length; i++) {
      body[i] = DeterministicBytes.byteAt(seed * 1_000_003L + i);
    }
    return body;
  }

  private ServerResponse respond(ServerRequest request) {
    Shape shape = Shape.ofPath(request.path());
    byte[] body = body(shape);
    String type = "application/octet-stream";
    return switch (shape) {
      case LENGTH, LARGE, EMPTY, KEEP_ALIVE_CLOSE -> ServerResponse.bytes(200, type, body);
      case CHUNKED -> ServerResponse.streamed(200, type, ServerResponse.CHUNKED, out -> out.write(body));
      case GZIP -> ServerResponse.bytes(200, type, gzip(body)).withHeader("Content-Encoding", "gzip");
      case NO_CONTENT -> ServerResponse.bytes(204, type, body);
      case NOT_MODIFIED -> ServerResponse.bytes(304, type, body).withHeader("ETag", "\"shape\"");
      case TRICKLE -> ServerResponse.streamed(200, type, body.length, out -> trickle(out, body));
      case SPLIT -> ServerResponse.streamed(200, type, body.length, out -> afterPause(out, body));
      case CLOSE -> ServerResponse.bytes(200, type, body).closingConnection();
      case ERROR_SMALL -> ServerResponse.bytes(404, type, body);
      case ERROR_LARGE -> ServerResponse.streamed(500, type, body.length, out -> trickle(out, body));
      case REDIRECT -> ServerResponse.bytes(302, type, body).withHeader("Location", Shape.LENGTH.path());
      case REQUEST_HEADERS -> ServerResponse.text(200, requestHeaders(request));
    };
  }

  /** The port of {@code Host} is left out: the runs a suite compares talk to servers on different ports. */
  private static String requestHeaders(ServerRequest request) {
    StringBuilder text = new StringBuilder();
    for (Headers.Field field : request.headers().fields()) {
      String value = field.name().equalsIgnoreCase("Host") ? field.value().replaceFirst(":\\d+$", ":port")
          : field.value();
      text.append(field.name()).append(": ").append(value).append('\n');
    }
    return text.toString();
  }

  private static void trickle(OutputStream out, byte[] body) throws IOException {
    int piece = body.length / TRICKLE_PIECES;
    for (int i = 0; i < TRICKLE_PIECES; i++) {
      if (i > 0) {
        pause(TRICKLE_PAUSE_MILLIS);
      }
      int end = i == TRICKLE_PIECES - 1 ? body.length : (i + 1) * piece;
      out.write(body, i * piece, end - i * piece);
      out.flush();
    }
  }

  private static void afterPause(OutputStream out, byte[] body) throws IOException {
    out.flush();
    pause(SPLIT_PAUSE_MILLIS);
    out.write(body);
  }

  private static void pause(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("server is closing");
    }
  }

  private static byte[] gzip(byte[] body) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
        zip.write(body);
      }
      return out.toByteArray();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  @Override
  public Interception onResponseSent(RawConnection connection, ServerRequest request) {
    return request.path().equals(Shape.KEEP_ALIVE_CLOSE.path()) ? Interception.TAKEN_OVER : Interception.CONTINUE;
  }
}

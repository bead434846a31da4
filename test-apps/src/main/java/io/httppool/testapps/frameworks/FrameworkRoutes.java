package io.httppool.testapps.frameworks;

import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ServerRequest;
import io.httppool.testapps.server.ServerResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What the frameworks app asks for and what the server answers: {@code GET /fw/{index}} returns a JSON document
 * that is a function of the index alone. Most are 200; every 25th from 7 is 404 and every 25th from 19 is 500,
 * both with a JSON error body; every 4th body is sent chunked, the others with a Content-Length; every 50th from
 * 25 is about 100 KB (beyond what the agent buffers), the rest a few hundred bytes to a few KB.
 */
public final class FrameworkRoutes {

  public static final String PATH_PREFIX = "/fw/";
  public static final String JSON = "application/json";
  /** How long a {@link Pacing#SPLIT} response waits between its headers and its body. */
  static final int SPLIT_PAUSE_MILLIS = 5;

  /** How the server paces a response's bytes. */
  public enum Pacing {
    /** Headers and body are buffered and written together (one segment for small responses). */
    ONE_WRITE,
    /** Headers are flushed, then after a short pause the body: they arrive in separate TCP segments. */
    SPLIT
  }

  private FrameworkRoutes() {}

  /** The status request {@code index} gets. */
  public static int status(int index) {
    if (index % 25 == 7) {
      return 404;
    }
    return index % 25 == 19 ? 500 : 200;
  }

  /** The body request {@code index} gets, whatever its status. */
  public static String body(int index) {
    int status = status(index);
    if (status != 200) {
      return "{\"error\":\"" + (status == 404 ? "not found" : "boom") + "\",\"index\":" + index + "}";
    }
    int items = index % 50 == 25 ? 2500 : 2 + (index * 7) % 60;
    StringBuilder json = new StringBuilder(64 + items * 40);
    json.append("{\"index\":").append(index).append(",\"items\":[");
    for (int i = 0; i < items; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"id\":").append(index * 1000 + i).append(",\"name\":\"item-").append(Integer.toHexString(
          index * 31 + i)).append("\"}");
    }
    return json.append("]}").toString();
  }

  /** Whether request {@code index}'s body is sent chunked rather than with a Content-Length. */
  public static boolean chunked(int index) {
    return index % 4 == 3;
  }

  /** Adds {@code GET /fw/{index}} to a server, paced as asked. */
  public static LocalHttpServer.Builder install(LocalHttpServer.Builder server, Pacing pacing) {
    return server.route("GET", PATH_PREFIX + "*", request -> respond(request, pacing));
  }

  private static ServerResponse respond(ServerRequest request, Pacing pacing) {
    int index;
    try {
      index = Integer.parseInt(request.path().substring(PATH_PREFIX.length()));
    } catch (NumberFormatException notAnIndex) {
      return ServerResponse.text(400, "expected " + PATH_PREFIX + "{index}\n");
    }
    byte[] body = body(index).getBytes(StandardCharsets.UTF_8);
    long length = chunked(index) ? ServerResponse.CHUNKED : body.length;
    return ServerResponse.streamed(status(index), JSON, length, out -> {
      if (pacing == Pacing.SPLIT) {
        out.flush();
        pause();
      }
      out.write(body);
    });
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(SPLIT_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("server closing");
    }
  }
}

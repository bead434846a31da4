package io.httppool.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ErrorTypeTest {
  @Test
  void connectFailures() {
    assertEquals(ErrorType.CONNECT_REFUSED, classify(new ConnectException("Connection refused"), true, false));
    assertEquals(ErrorType.CONNECT_TIMEOUT, classify(new SocketTimeoutException("connect timed out"), true, false));
    assertEquals(ErrorType.CONNECT_TIMEOUT, classify(new SocketTimeoutException("Connect timed out"), false, false));
    assertEquals(ErrorType.DNS, classify(new UnknownHostException("nowhere.invalid"), true, false));
    assertEquals(ErrorType.TLS, classify(new SSLHandshakeException("PKIX path building failed"), true, false));
  }

  @Test
  void exchangeFailures() {
    assertEquals(ErrorType.READ_TIMEOUT, classify(new SocketTimeoutException("Read timed out"), false, false));
    assertEquals(ErrorType.CONNECTION_RESET, classify(new SocketException("Connection reset"), false, false));
    assertEquals(ErrorType.CONNECTION_RESET, classify(new IOException("unexpected end of stream"), false, false));
    assertEquals(ErrorType.OTHER, classify(new IOException("something else"), false, false));
  }

  @Test
  void aPeerThatClosedAReusedConnectionMeansItWasStale() {
    assertEquals(ErrorType.STALE_CONNECTION,
        classify(new IOException("unexpected end of stream on http://x/..."), false, true));
    assertEquals(ErrorType.STALE_CONNECTION, classify(new SocketException("Connection reset"), false, true));
    assertEquals(ErrorType.STALE_CONNECTION, classify(new EOFException(), false, true));
    assertEquals(ErrorType.STALE_CONNECTION,
        classify(new SocketException("Unexpected end of file from server"), false, true));
    assertEquals(ErrorType.READ_TIMEOUT, classify(new SocketTimeoutException("Read timed out"), false, true));
  }

  @Test
  void theCauseChainIsSearched() {
    IOException wrapped = new IOException("request failed", new ConnectException("Connection refused"));
    assertEquals(ErrorType.CONNECT_REFUSED, classify(wrapped, true, false));
  }

  @Test
  void poolTimeoutsByLibraryClassName() {
    assertEquals(ErrorType.POOL_TIMEOUT, classify(new ConnectionPoolTimeoutException(), false, false));
  }

  private static ErrorType classify(Throwable error, boolean connecting, boolean reused) {
    return ErrorType.classify(error, connecting, reused);
  }

  /** Named like Apache HttpClient 4's exception, which is not on this test's class path. */
  private static final class ConnectionPoolTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;
  }
}

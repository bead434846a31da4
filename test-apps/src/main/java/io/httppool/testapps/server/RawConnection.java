package io.httppool.testapps.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** One accepted connection, as a {@link ConnectionInterceptor} sees it. */
public final class RawConnection {

  private final Socket socket;
  private final InputStream input;
  private final OutputStream output;
  private final long sequenceNumber;
  private volatile int requestsReceived;

  RawConnection(Socket socket, InputStream input, OutputStream output, long sequenceNumber) {
    this.socket = socket;
    this.input = input;
    this.output = output;
    this.sequenceNumber = sequenceNumber;
  }

  /** The socket; for TLS an {@link javax.net.ssl.SSLSocket}. Read and write through the streams below. */
  public Socket socket() {
    return socket;
  }

  /** The server's buffered input, positioned right after the last request it consumed. */
  public InputStream input() {
    return input;
  }

  /** The server's buffered output: flush after writing. */
  public OutputStream output() {
    return output;
  }

  /** 1 for the first connection the server accepted, 2 for the second... */
  public long sequenceNumber() {
    return sequenceNumber;
  }

  /** Requests read on this connection so far, including the one being handled. */
  public int requestsReceived() {
    return requestsReceived;
  }

  void requestReceived() {
    requestsReceived++;
  }
}

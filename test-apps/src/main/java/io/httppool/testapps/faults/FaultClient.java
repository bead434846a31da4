package io.httppool.testapps.faults;

/**
 * One client library as the fault-injection apps use it: one long-lived client with the given timeouts, safe to
 * share between threads as the library's own client is.
 */
public interface FaultClient {
  /** Sends one request and reads the whole response; any failure is thrown as the library threw it. */
  void send(String method, String url, byte[] body, String requestId) throws Exception;
}

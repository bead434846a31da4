package io.httppool.testapps.faults;

/** One client library as the fault-injection app uses it: one long-lived client with the given timeouts. */
public interface FaultClient {
  /** Sends one request and reads the whole response; any failure is thrown as the library threw it. */
  void send(String method, String url, byte[] body, String requestId) throws Exception;
}

package io.httppool.testapps.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Harness;
import io.httppool.testapps.support.RawHttpConnection;
import io.httppool.testapps.support.RawResponse;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
@Harness
class LocalHttpServerMalformedRequestTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      garbage request line            | GARBAGE\\r\\n\\r\\n                                                          | 400
      missing version                 | GET /hello\\r\\nHost: x\\r\\n\\r\\n                                           | 400
      target not a path               | GET hello HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                                   | 400
      unsupported version             | GET /hello HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n                                  | 505
      missing Host                    | GET /hello HTTP/1.1\\r\\n\\r\\n                                               | 400
      header without colon            | GET /hello HTTP/1.1\\r\\nHost: x\\r\\nBroken\\r\\n\\r\\n                      | 400
      obsolete line folding           | GET /hello HTTP/1.1\\r\\nHost: x\\r\\nA: b\\r\\n  c\\r\\n\\r\\n               | 400
      non-numeric Content-Length      | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: ten\\r\\n\\r\\n         | 400
      conflicting Content-Lengths     | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\nab | 400
      chunked and Content-Length      | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\nContent-Length: 3\\r\\n\\r\\n0\\r\\n\\r\\n | 400
      bad chunk size                  | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n | 400
      unknown transfer coding         | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n     | 501
      unsupported expectation         | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nExpect: magic\\r\\n\\r\\nx | 417
      body larger than allowed        | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 999999999999\\r\\n\\r\\n | 413
      """)
  void rejectsAndCloses(String description, String request, int expectedStatus) throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      RawResponse response = connection.send(request.replace("\\r\\n", "\r\n")).readResponse();

      assertEquals(expectedStatus, response.status(), description);
      assertEquals(Optional.of("close"), response.header("Connection"));
      assertTrue(connection.isClosedByServer());
      assertEquals(0, server.metrics().requestsReceived());
    }
  }
}

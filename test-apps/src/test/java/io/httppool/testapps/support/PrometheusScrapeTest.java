package io.httppool.testapps.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusScrapeTest {
  @TempDir
  Path directory;

  @Test
  void readsLabelsWithEscapesAndValuesAsLongAsACommandLine() throws IOException {
    String classPath = "/a/long/checkout/path/lib.jar:".repeat(20_000);
    Path file = directory.resolve("scrape.txt");
    Files.writeString(file, "# TYPE target_info gauge\n"
        + "target_info{process_command_line=\"java -cp " + classPath + " App\",quote=\"say \\\"hi\\\"\"} 1\n"
        + "http_client_open_connections{http_connection_state=\"idle\",httppool_client=\"okhttp\"} 8.0\n");

    PrometheusScrape scrape = PrometheusScrape.read(file);

    assertEquals(1, scrape.sum("target_info", "quote", "say \\\"hi\\\""));
    assertEquals(8, scrape.sum("http_client_open_connections", "httppool_client", "okhttp"));
  }
}

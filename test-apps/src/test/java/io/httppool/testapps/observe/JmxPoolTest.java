package io.httppool.testapps.observe;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.families.Observe;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.Background;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pools' MBeans, read over a real remote JMX connection from this JVM, as jconsole would. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Observe
class JmxPoolTest {
  private static final Set<String> OPEN_TYPES = Set.of("int", "long", "double", "java.lang.String");

  @Test
  void everyPoolIsAnMBeanWithTheReportsFigures() throws Exception {
    Path work = Files.createTempDirectory(TestPaths.workDir(), "jmx-");
    Path release = work.resolve("release");
    int jmxPort = PrometheusScrape.freePort();
    int refusedPort = PrometheusScrape.freePort();
    try (LocalHttpServer server = LocalHttpServer.start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.OKHTTP4).name("observed-jmx")
          .timeout(Duration.ofSeconds(150))
          .systemProperty("otel.metrics.exporter", "none")
          .systemProperty("httppool.report-on-exit", "true")
          .systemProperty("com.sun.management.jmxremote.port", Integer.toString(jmxPort))
          .systemProperty("com.sun.management.jmxremote.rmi.port", Integer.toString(jmxPort))
          .systemProperty("com.sun.management.jmxremote.host", "127.0.0.1")
          .systemProperty("com.sun.management.jmxremote.authenticate", "false")
          .systemProperty("com.sun.management.jmxremote.ssl", "false")
          .systemProperty("java.rmi.server.hostname", "127.0.0.1");
      CompletableFuture<ChildJvmResult> app = Background.start(() -> jvm.run(
          ObservedApp.class.getName(), "url=" + server.url("/hello"), "threads=2",
          "refused=http://127.0.0.1:" + refusedPort + "/", "refusedEvery=10", "release=" + release,
          "maxSeconds=100"));
      String mainPort = Integer.toString(server.port());
      String report;
      try {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
        JMXConnector connector = await("the app's JMX connector").atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> JMXConnectorFactory.connect(url), c -> c != null);
        try (connector) {
          MBeanServerConnection jmx = connector.getMBeanServerConnection();
          ObjectName main = new ObjectName("io.httppool:type=Pool,client=okhttp,host=127.0.0.1,port=" + mainPort
              + ",scheme=http");
          ObjectName refused = new ObjectName("io.httppool:type=Pool,client=okhttp,host=127.0.0.1,port="
              + refusedPort + ",scheme=http");
          await("both pools are registered, and the refused one reports its error rate")
              .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
              .until(() -> jmx.isRegistered(main)
                  && "high_error_rate".equals(jmx.getAttribute(refused, "Status"))
                  && (Long) jmx.getAttribute(main, "Requests") >= 200);

          assertEquals(2, jmx.queryNames(new ObjectName("io.httppool:type=Pool,*"), null).size());
          for (MBeanAttributeInfo attribute : jmx.getMBeanInfo(main).getAttributes()) {
            assertTrue(OPEN_TYPES.contains(attribute.getType()), attribute.getName() + " is " + attribute.getType());
          }
          assertEquals("okhttp", jmx.getAttribute(main, "Client"));
          assertEquals("127.0.0.1", jmx.getAttribute(main, "Host"));
          assertEquals(server.port(), jmx.getAttribute(main, "Port"));
          assertEquals("ok", jmx.getAttribute(main, "Status"));
          assertEquals(-1, jmx.getAttribute(main, "Max"), "OkHttp has no maximum");
          assertEquals(-1.0, jmx.getAttribute(main, "Utilization"));
          assertTrue((Double) jmx.getAttribute(main, "ReuseRate") >= 0.99);
          // two reads, each of the pool as it is then: a connection that went from idle to active between them is
          // in neither (seen once beside a full build), so a pair that sees none is read again
          await("a pair of Active and Idle reads that sees the open connection").atMost(Duration.ofSeconds(10))
              .pollInterval(Duration.ofMillis(50))
              .until(() -> {
                int open = (Integer) jmx.getAttribute(main, "Active") + (Integer) jmx.getAttribute(main, "Idle");
                assertTrue(open <= 8, open + " open connections");
                return open;
              }, open -> open >= 1);
          double p50 = (Double) jmx.getAttribute(main, "P50Millis");
          double p99 = (Double) jmx.getAttribute(main, "P99Millis");
          assertTrue(p50 > 0 && p50 <= p99 && p99 < 1000, "p50 " + p50 + " p99 " + p99);
          assertEquals(0L, jmx.getAttribute(main, "Errors"));
          assertEquals(0L, jmx.getAttribute(main, "Leaks"));
          assertTrue(((String) jmx.getAttribute(refused, "ErrorsByType")).startsWith("connect_refused="));
          assertEquals("high_error_rate=1", jmx.getAttribute(refused, "Events"));

          report = (String) jmx.invoke(main, "report", new Object[0], new String[0]);
          String printed = (String) jmx.invoke(refused, "printReport", new Object[0], new String[0]);
          assertTrue(printed.startsWith("pool report, httppool-agent"), printed);
        }
      } finally {
        Files.writeString(release, "done");
      }
      List<String> lines = report.lines().toList();
      assertTrue(lines.get(1).contains("status") && lines.get(1).contains("util"), report);
      assertTrue(lines.stream().anyMatch(l -> l.contains("http://127.0.0.1:" + mainPort) && l.contains(" ok ")),
          report);
      assertTrue(lines.stream().anyMatch(l -> l.contains("http://127.0.0.1:" + refusedPort)
          && l.contains("high_error_rate") && l.contains("connect_refused=")), report);

      ChildJvmResult result = app.get(60, TimeUnit.SECONDS).assertSuccess();
      assertEquals("0", result.result("failures"), result.outputTails());
      assertAgentHealthy(result);
      // printReport went to the agent log, and report-on-exit printed it again at exit
      assertEquals(2, result.stderr().lines().filter(l -> l.startsWith("[httppool] pool report")).count(),
          result.stderr());
    }
  }
}

package io.httppool.testapps.apache4;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Apache4Family;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ServerResponse;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent lends a default 4.5 build one cookie-spec registry instead of the one each build makes: cookies must
 * be accepted, rejected, kept and sent exactly as without the agent, under every spec a default client registers
 * (the order of cookies of equal path length, by creation time, may differ between any two runs).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache4Family
class Apache4CookiesTest {

  @Test
  void everyDefaultCookieSpecTreatsCookiesAsWithoutTheAgent() {
    try (LocalHttpServer server = LocalHttpServer.builder()
        .route("GET", "/cookies/set", request -> ServerResponse.text(200, "set")
            .withHeader("Set-Cookie", "plain=1; Path=/")
            .withHeader("Set-Cookie", "quoted=\"two words\"; Path=/cookies")
            .withHeader("Set-Cookie", "aged=3; Max-Age=3600; HttpOnly")
            .withHeader("Set-Cookie", "expiring=4; Expires=Wed, 09 Jun 2100 10:18:14 GMT; Path=/")
            .withHeader("Set-Cookie", "versioned=5; Version=1; Path=/")
            .withHeader("Set-Cookie", "suffix=6; Domain=co.uk; Path=/")
            .withHeader("Set-Cookie", "elsewhere=7; Path=/other")
            .withHeader("Set-Cookie", "foreign=8; Domain=example.com"))
        .route("GET", "/cookies/show", request -> ServerResponse.text(200,
            String.join(" | ", request.headers().all("Cookie"))))
        .start()) {
      ChildJvmResult without = run(server, false);
      ChildJvmResult with = run(server, true);
      assertAgentHealthy(with);
      assertEquals("0", without.result("failures"), without.outputTails());
      assertTrue(without.result("sent.unset").contains("plain=1"), "the default spec sends cookies back: "
          + without.result("sent.unset"));
      for (String spec : new String[] {"unset", "default", "standard", "standard-strict", "netscape",
          "compatibility", "best-match", "ignoreCookies"}) {
        assertEquals(cookies(without.result("sent." + spec)), cookies(with.result("sent." + spec)),
            "sent under " + spec);
        assertEquals(without.result("kept." + spec), with.result("kept." + spec), "kept under " + spec);
      }
      assertEquals("0", with.result("failures"));
    }
  }

  /**
   * The cookies of a Cookie header, in name order: the RFC 6265 specs order cookies of equal path length by
   * creation time, and two cookies set by one response are created in the same millisecond or not.
   */
  private static List<String> cookies(String sent) {
    int space = sent.indexOf(' ');
    List<String> cookies = new ArrayList<>(Arrays.asList(sent.substring(space + 1).split("; ")));
    Collections.sort(cookies);
    // the status first
    cookies.add(0, space < 0 ? sent : sent.substring(0, space));
    return cookies;
  }

  private static ChildJvmResult run(LocalHttpServer server, boolean agent) {
    ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).libraries(JarSet.APACHE45);
    if (agent) {
      jvm.withAgent();
    }
    return jvm.run(Apache4CookiesApp.class.getName(), "base=" + server.url("")).assertSuccess();
  }
}
